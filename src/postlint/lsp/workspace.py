"""What the language server knows of one repository, kept between requests.

One :class:`~postlint.engine.run.Run` per configuration root, built once
(from the on-disk cache when it is warm) and kept: the site model is never
rebuilt for a keystroke. An open buffer stands for its file through the
run's overlay (the same code path as ``--stdin-filename`` and
:func:`postlint.api.lint_text`):

* on open and on save, :meth:`Workspace.check_open` runs the whole check on
  the open files, repo-wide rules included (tags, references);
* on a change, :meth:`Workspace.change` runs the per-file rules on the
  buffer alone, and keeps the repo-wide findings of the last full check.

Nothing here speaks the protocol: the server (:mod:`postlint.lsp.server`)
turns these results into messages.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.core.diagnostics import Diagnostic
from postlint.i18n import choose_language

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config
    from postlint.core.document import Post
    from postlint.engine.run import Run


@dataclass
class Buffer:
    """An open file: its text (without BOM) and the findings on that text."""

    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: the text the diagnostics were computed for (None: not yet).
    linted: str | None = None


class Workspace:
    """One configuration root: its run, its open buffers, their findings."""

    def __init__(self, config: Config, *, cache: bool = True, lang: str | None = None) -> None:
        from postlint.engine.run import Run

        self.config = config
        self.root = config.root
        self.lang = choose_language(lang, config.lang)
        self.run: Run = Run(config, cache=cache)
        self.repo_codes = {r.code for r in self.run.repo_rules}
        self.buffers: dict[str, Buffer] = {}
        #: repo-wide findings on each open file, as of the last full check.
        self.repo: dict[str, list[Diagnostic]] = {}
        #: the JSON Schema of each front-matter schema, exported once (completion, hover).
        self.schema_exports: dict[str, dict[str, Any]] = {}
        self._frozen = False

    def close(self) -> None:
        self.run.close()

    # -- paths ---------------------------------------------------------------------
    def relpath(self, path: Path) -> str | None:
        """The repo-relative path of a file of this workspace (None: outside it)."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def lintable(self, relpath: str) -> bool:
        """Content Jekyll renders (drafts and unpublished pages too):
        layouts, data and assets are not checked, as on the command line."""
        site = self.run.site
        return not self.config.is_excluded(relpath) and site.status(relpath) is not None

    def post(self, relpath: str) -> Post:
        return self.run.site.post(relpath)

    # -- buffers -------------------------------------------------------------------------
    def open(self, relpath: str, text: str) -> dict[str, list[Diagnostic]]:
        """A file opened in the editor: the full check of the open files."""
        self.buffers[relpath] = Buffer(text)
        self.run.edit(relpath, text)
        return self.check_open()

    def change(self, relpath: str, text: str) -> list[Diagnostic]:
        """The buffer changed: per-file findings on the new text, and the
        repo-wide ones of the last full check."""
        buffer = self.buffers.setdefault(relpath, Buffer(text))
        buffer.text = text
        self.run.edit(relpath, text)
        return self._lint_buffer(relpath)

    def sync(self, relpath: str, text: str) -> None:
        """A request came before the pending lint of the last keystroke:
        take the buffer as it is now, without linting it yet."""
        buffer = self.buffers.get(relpath)
        if buffer is None:
            self.open(relpath, text)
        elif buffer.text != text:
            buffer.text = text
            self.run.edit(relpath, text)

    def save(self, relpath: str, text: str | None = None) -> dict[str, list[Diagnostic]]:
        """The file was saved: repo-wide findings are computed again for
        every open file (a tag or a name may have appeared or gone)."""
        buffer = self.buffers.get(relpath)
        if buffer is not None:
            buffer.text = buffer.text if text is None else text
            self.run.edit(relpath, buffer.text)  # also takes the file's new stat
        return self.check_open()

    def closed(self, relpath: str) -> None:
        """The editor closed the file: the disk stands for it again."""
        self.buffers.pop(relpath, None)
        self.repo.pop(relpath, None)
        self.run.edit(relpath, None)

    def files_changed(self, relpaths: list[str], *, created_or_deleted: bool) -> None:
        """Files changed on disk outside the editor (a checkout, another tool)."""
        if created_or_deleted:
            self._rebuild()
        else:
            self.run.refresh([r for r in relpaths if r not in self.buffers])

    def _rebuild(self) -> None:
        """A new run over the repository (files appeared or disappeared)."""
        from postlint.engine.run import Run

        self.run.close()
        if self._frozen:  # the old site's objects may go now
            gc.unfreeze()
            self._frozen = False
        self.run = Run(self.config, cache=self.run.cache.dir is not None)
        for rel, buffer in self.buffers.items():
            self.run.edit(rel, buffer.text)

    # -- findings ------------------------------------------------------------------------
    def check_open(self) -> dict[str, list[Diagnostic]]:
        """The whole check of every open file (per-file rules from the cache
        when the text is unchanged, repo-wide rules on their summaries)."""
        targets = sorted(rel for rel in self.buffers if self.lintable(rel))
        found = self.run.check(targets) if targets else []
        by_file: dict[str, list[Diagnostic]] = {rel: [] for rel in self.buffers}
        for diag in found:
            if diag.path in by_file:
                by_file[diag.path].append(diag)
        for rel, diags in by_file.items():
            buffer = self.buffers[rel]
            buffer.diagnostics, buffer.linted = diags, buffer.text
            self.repo[rel] = [d for d in diags if d.code in self.repo_codes]
        self._freeze()
        return by_file

    def _lint_buffer(self, relpath: str) -> list[Diagnostic]:
        buffer = self.buffers[relpath]
        if not self.lintable(relpath):
            found: list[Diagnostic] = []
        else:
            found = self.run.check_buffer(relpath) + self.repo.get(relpath, [])
            found.sort(key=Diagnostic.sort_key)
        buffer.diagnostics, buffer.linted = found, buffer.text
        return found

    def diagnostics(self, relpath: str) -> list[Diagnostic]:
        """The findings on the buffer as it stands now (linted again if the
        text changed since: a code action must never use stale offsets)."""
        buffer = self.buffers.get(relpath)
        if buffer is None:
            return []
        if buffer.linted != buffer.text:
            self.run.edit(relpath, buffer.text)
            return self._lint_buffer(relpath)
        return buffer.diagnostics

    def lint_text(self, relpath: str, text: str) -> list[Diagnostic]:
        """Per-file findings on another text for an open file (the rounds
        of "fix all"); the buffer's own text is put back afterwards by
        :meth:`restore`."""
        self.run.edit(relpath, text)
        return self.run.check_buffer(relpath) if self.lintable(relpath) else []

    def restore(self, relpath: str) -> None:
        buffer = self.buffers.get(relpath)
        self.run.edit(relpath, buffer.text if buffer is not None else None)

    def _freeze(self) -> None:
        """Once the site is loaded, keep the garbage collector off it: a
        full collection over 10,000 posts' objects is a pause while typing."""
        if not self._frozen:
            gc.collect()
            gc.freeze()
            self._frozen = True


class Workspaces:
    """The workspaces of a session, by configuration root."""

    def __init__(self, *, cache: bool = True, lang: str | None = None) -> None:
        self.cache = cache
        self.lang = lang
        self._by_root: dict[Path, Workspace] = {}
        self._root_of: dict[Path, Path] = {}

    def for_file(self, path: Path) -> Workspace:
        """The workspace of a file: its configuration found from its folder
        (raises :class:`~postlint.config.ConfigError` for a broken one)."""
        from postlint.api import load_config

        folder = path.parent.resolve()
        root = self._root_of.get(folder)
        if root is not None and root in self._by_root:
            return self._by_root[root]
        config = load_config(path if path.exists() else folder)
        found = self._by_root.get(config.root)
        if found is None:
            found = self._by_root[config.root] = Workspace(config, cache=self.cache, lang=self.lang)
        self._root_of[folder] = config.root
        return found

    def all(self) -> list[Workspace]:
        return list(self._by_root.values())

    def forget(self, workspace: Workspace) -> None:
        """Drop a workspace (its configuration changed): built again on use."""
        workspace.close()
        self._by_root = {r: w for r, w in self._by_root.items() if w is not workspace}
        self._root_of = {f: r for f, r in self._root_of.items() if r in self._by_root}

    def close(self) -> None:
        for workspace in self._by_root.values():
            workspace.close()
        self._by_root.clear()
