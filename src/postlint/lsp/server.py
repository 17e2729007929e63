"""``postlint lsp``: the Language Server Protocol over standard input and
output, on pygls.

Diagnostics are published on open (the whole check, repo-wide rules
included), on every change after a short pause (per-file rules on the
buffer; see :mod:`postlint.lsp.workspace`) and on save (the whole check
again, for every open file). Code actions, completion and hover are in
their own modules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from postlint import __version__
from postlint.core.diagnostics import Diagnostic
from postlint.i18n import _
from postlint.lsp.actions import FIX_ALL, code_actions
from postlint.lsp.completion import complete
from postlint.lsp.convert import SOURCE, to_lsp
from postlint.lsp.hover import hover
from postlint.lsp.positions import Lines
from postlint.lsp.workspace import Workspace, Workspaces

#: seconds of quiet after a keystroke before the buffer is linted.
DEBOUNCE = 0.1
#: files whose change makes every workspace start again (configuration).
_CONFIG_FILES = ("postlint.toml", ".postlint.toml", "_config.yml", "_config.yaml")

T = TypeVar("T")


class PostlintServer(LanguageServer):
    def __init__(self, *, cache: bool = True, lang: str | None = None) -> None:
        super().__init__("postlint", __version__)
        self.workspaces = Workspaces(cache=cache, lang=lang)
        self.debounce = DEBOUNCE
        self._timers: dict[str, asyncio.TimerHandle] = {}
        #: the editor's URI of each open file, by workspace root and path.
        self._uris: dict[tuple[Path, str], str] = {}

    # -- documents ------------------------------------------------------------------
    def lines(self, uri: str) -> Lines:
        document = self.workspace.get_text_document(uri)
        encoding = str(getattr(self.workspace.position_encoding, "value", self.workspace.position_encoding)
                       or "utf-16")
        return Lines(document.source, encoding)

    def locate(self, uri: str) -> tuple[Workspace, str] | None:
        """The workspace and repo-relative path of a document (None: not a
        file of a site, or its configuration is broken: then said so)."""
        from postlint.config import ConfigError
        from postlint.rules import RegistryError
        from postlint.schemas import SchemaError

        if not uri.startswith("file:"):
            return None
        path = Path(to_fs_path(uri) or "")
        try:
            ws = self.workspaces.for_file(path)
        except (ConfigError, RegistryError, SchemaError) as exc:
            self._config_error(uri, str(exc))
            return None
        rel = ws.relpath(path)
        if rel is None:
            return None
        self._uris[(ws.root, rel)] = uri
        return ws, rel

    def _config_error(self, uri: str, error: str) -> None:
        message = _("configuration error: {error}").format(error=error)
        where = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, diagnostics=[lsp.Diagnostic(range=where, message=message, source=SOURCE,
                                                 severity=lsp.DiagnosticSeverity.Error)]))

    def publish(self, ws: Workspace, rel: str, found: list[Diagnostic]) -> None:
        uri = self._uris.get((ws.root, rel))
        if uri is None:
            return
        document = self.workspace.get_text_document(uri)
        lines = self.lines(uri)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=[to_lsp(d, lines, ws.lang) for d in found]))

    def publish_all(self, ws: Workspace, found: dict[str, list[Diagnostic]]) -> None:
        for rel, diags in found.items():
            self.publish(ws, rel, diags)

    # -- debouncing ------------------------------------------------------------------
    def later(self, uri: str, job: Callable[[], None]) -> None:
        """Run ``job`` once the buffer has been quiet for :attr:`debounce` seconds."""
        pending = self._timers.pop(uri, None)
        if pending is not None:
            pending.cancel()
        if self.debounce <= 0:
            job()
            return
        self._timers[uri] = asyncio.get_running_loop().call_later(self.debounce, self._run_timer, uri, job)

    def _run_timer(self, uri: str, job: Callable[[], None]) -> None:
        self._timers.pop(uri, None)
        guarded(self, job)

    def cancel(self, uri: str) -> None:
        pending = self._timers.pop(uri, None)
        if pending is not None:
            pending.cancel()


def guarded(server: PostlintServer, job: Callable[[], T], default: T | None = None) -> T | None:
    """Run a handler's work; an unexpected error is logged, never fatal:
    an editor's session must survive a bug."""
    try:
        return job()
    except Exception as exc:  # last resort, as the command line's
        server.window_log_message(lsp.LogMessageParams(
            type=lsp.MessageType.Error,
            message="postlint: " + _("internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc)))
        return default


def build_server(*, cache: bool = True, lang: str | None = None) -> PostlintServer:
    server = PostlintServer(cache=cache, lang=lang)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: PostlintServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]) / 1000)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PostlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        def job() -> None:
            found = ls.locate(params.text_document.uri)
            if found is not None:
                ws, rel = found
                ls.publish_all(ws, ws.open(rel, ls.lines(params.text_document.uri).lint_text))
        guarded(ls, job)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PostlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri

        def job() -> None:
            found = ls.locate(uri)
            if found is not None:
                ws, rel = found
                ls.publish(ws, rel, ws.change(rel, ls.lines(uri).lint_text))
        ls.later(uri, job)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(ls: PostlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)

        def job() -> None:
            if Path(to_fs_path(uri) or "").name in _CONFIG_FILES:
                _restart(ls)
                return
            found = ls.locate(uri)
            if found is not None:
                ws, rel = found
                ls.publish_all(ws, ws.save(rel, ls.lines(uri).lint_text))
        guarded(ls, job)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PostlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)

        def job() -> None:
            found = ls.locate(uri)
            if found is not None:
                ws, rel = found
                ws.closed(rel)
                ls._uris.pop((ws.root, rel), None)
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        guarded(ls, job)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: PostlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        def job() -> None:
            paths = [Path(to_fs_path(c.uri) or "") for c in params.changes if c.uri.startswith("file:")]
            if any(p.name in _CONFIG_FILES for p in paths):
                _restart(ls)
                return
            moved = any(c.type != lsp.FileChangeType.Changed for c in params.changes)
            for ws in ls.workspaces.all():
                rels = [r for r in (ws.relpath(p) for p in paths) if r is not None]
                if rels:
                    ws.files_changed(rels, created_or_deleted=moved)
                    ls.publish_all(ws, ws.check_open())
        guarded(ls, job)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL, lsp.CodeActionKind.RefactorRewrite]))
    def code_action(ls: PostlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        only = [str(k) for k in params.context.only] if params.context.only else None
        return _on_document(ls, params.text_document.uri, lambda ws, rel, lines: code_actions(
            ws, rel, params.text_document.uri, lines, params.range, only))

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["(", "#", "/", ":", " "]))
    def completion(ls: PostlintServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        return _on_document(ls, params.text_document.uri, lambda ws, rel, lines: complete(
            ws, rel, lines, params.position.line, params.position.character))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PostlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        return _on_document(ls, params.text_document.uri, lambda ws, rel, lines: hover(
            ws, rel, lines, params.position.line, params.position.character))

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: PostlintServer, params: Any) -> None:
        for uri in list(ls._timers):
            ls.cancel(uri)
        ls.workspaces.close()

    return server


def _on_document(ls: PostlintServer, uri: str, answer: Callable[[Workspace, str, Any], T]) -> T | None:
    """A request about one open document: its workspace, brought up to date
    with the buffer, answers it (None outside every workspace)."""
    def job() -> T | None:
        found = ls.locate(uri)
        if found is None:
            return None
        ws, rel = found
        _sync(ls, ws, rel, uri)
        return answer(ws, rel, ls.lines(uri))
    return guarded(ls, job)


def _sync(ls: PostlintServer, ws: Workspace, rel: str, uri: str) -> None:
    """A request may come before the pending lint of the last keystroke."""
    ws.sync(rel, ls.lines(uri).lint_text)


def _restart(ls: PostlintServer) -> None:
    """The configuration changed: every workspace is built again, and its
    open files checked."""
    for ws in ls.workspaces.all():
        buffers = {rel: b.text for rel, b in ws.buffers.items()}
        ls.workspaces.forget(ws)
        for rel, text in buffers.items():
            uri = ls._uris.get((ws.root, rel))
            found = ls.locate(uri) if uri else None
            if found is not None:
                new_ws, new_rel = found
                ls.publish_all(new_ws, new_ws.open(new_rel, text))


def serve(*, cache: bool = True, lang: str | None = None) -> int:
    build_server(cache=cache, lang=lang).start_io()
    return 0
