"""Code actions: each finding's fix, "fix all", a suppression comment,
and marking a job offer filled or closed.

Every edit offered goes through the fix engine's verification first
(:func:`postlint.fix.apply.fix_text`): an action that would change more
than its own text, or break the front matter, is not offered at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from postlint.core.diagnostics import Diagnostic, Edit, Fix
from postlint.core.document import Post
from postlint.core.suppress import is_suppressed
from postlint.fix.apply import MAX_FIX_ROUNDS, fix_text
from postlint.fix.edits import FixError
from postlint.i18n import _
from postlint.lsp.convert import diagnostic_range, overlaps, text_edits, to_lsp, whole_change
from postlint.lsp.positions import Lines

if TYPE_CHECKING:  # pragma: no cover
    from postlint.lsp.workspace import Workspace

#: the kind of "fix all" (editors run it on save with ``source.fixAll``).
FIX_ALL = "source.fixAll.postlint"
_FENCE = re.compile(r"^\s{0,3}(```|~~~|#{1,6}(\s|$)|<!--)")


def code_actions(ws: Workspace, relpath: str, uri: str, lines: Lines, where: lsp.Range,
                 only: Sequence[str] | None) -> list[lsp.CodeAction]:
    """The actions for the range ``where`` of an open file."""
    text = lines.lint_text
    diagnostics = ws.diagnostics(relpath)
    actions: list[lsp.CodeAction] = []
    if _wanted(lsp.CodeActionKind.QuickFix, only):
        for diag in diagnostics:
            if not overlaps(diagnostic_range(diag, lines), where):
                continue
            shown = to_lsp(diag, lines, ws.lang)
            if diag.fix is not None:
                action = _fix_action(relpath, uri, text, diag, diag.fix, lines, shown, ws.lang)
                if action is not None:
                    actions.append(action)
            disable = _disable_action(relpath, uri, text, diag, lines, shown, ws.lang)
            if disable is not None:
                actions.append(disable)
    if _wanted(FIX_ALL, only):
        fix_all = _fix_all_action(ws, relpath, uri, text, lines)
        if fix_all is not None:
            actions.append(fix_all)
    if _wanted(lsp.CodeActionKind.RefactorRewrite, only):
        actions.extend(_mark_actions(ws, relpath, uri, text, lines))
    return actions


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """``only`` lists kinds or their parents (``source`` covers ``source.fixAll.postlint``)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _edit(uri: str, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(changes={uri: edits})


# -- one finding's fix -------------------------------------------------------------------

def _fix_action(relpath: str, uri: str, text: str, diag: Diagnostic, fix: Fix, lines: Lines,
                shown: lsp.Diagnostic, lang: str) -> lsp.CodeAction | None:
    try:
        new_text, edits = fix_text(relpath, text, [fix], unsafe=True)
    except FixError:
        return None  # a fix the engine refuses is not offered
    if new_text == text:
        return None
    what = fix.description or diag.render(lang)
    title = (_("Fix: {what}", lang=lang) if fix.safe else _("Fix (unsafe): {what}", lang=lang)).format(what=what)
    return lsp.CodeAction(title=f"{title} ({diag.code})", kind=lsp.CodeActionKind.QuickFix, diagnostics=[shown],
                          is_preferred=fix.safe, edit=_edit(uri, text_edits(edits, lines)))


# -- fix all ---------------------------------------------------------------------------------

def fix_all(ws: Workspace, relpath: str, text: str) -> str:
    """The buffer with every safe fix applied, round after round as
    ``--fix`` does (a fix can make another possible), each round verified."""
    current = text
    try:
        for round_ in range(MAX_FIX_ROUNDS):
            found = ws.diagnostics(relpath) if round_ == 0 else ws.lint_text(relpath, current)
            fixes = [d.fix for d in sorted(found, key=Diagnostic.sort_key) if d.fix is not None and d.fix.safe]
            if not fixes:
                break
            try:
                fixed, _edits = fix_text(relpath, current, fixes)
            except FixError:
                break  # the engine refuses this round: keep what the others gave
            if fixed == current:
                break
            current = fixed
    finally:
        ws.restore(relpath)
    return current


def _fix_all_action(ws: Workspace, relpath: str, uri: str, text: str, lines: Lines) -> lsp.CodeAction | None:
    if not any(d.fix is not None and d.fix.safe for d in ws.diagnostics(relpath)):
        return None
    fixed = fix_all(ws, relpath, text)
    if fixed == text:
        return None
    return lsp.CodeAction(title=_("Fix all safe problems in this file", lang=ws.lang), kind=FIX_ALL,
                          edit=_edit(uri, whole_change(text, fixed, lines)))


# -- suppression comments ------------------------------------------------------------------------

def disable_edit(post: Post, diag: Diagnostic) -> Edit | None:
    """The edit that writes ``postlint-disable-next-line CODE`` for the
    finding's line, or None where no comment can go (the opening ``---``).

    In front matter it is a YAML comment (``# <!-- ... -->``) at the
    line's indentation; in the body, a comment line above when the line
    starts a block, else a comment at the end of the line above (a line
    inserted inside a paragraph would split it in two)."""
    line = diag.line
    lines = post.lines
    if line < 1 or line > len(lines):
        return None
    newline = "\r\n" if "\r\n" in post.text else "\n"
    comment = f"<!-- postlint-disable-next-line {diag.code} -->"
    start = post.offset(line, 1)
    if post.has_front_matter and line < post.body_start_line:
        if line == 1:
            return None
        indent = re.match(r"[ \t]*", lines[line - 1])
        return Edit(start, start, f"{indent.group(0) if indent else ''}# {comment}{newline}")
    above = lines[line - 2] if line >= 2 and (line - 1 >= post.body_start_line or not post.has_front_matter) else ""
    if not above.strip() or _FENCE.match(above):
        return Edit(start, start, comment + newline)
    end_above = post.offset(line - 1, len(above) + 1)
    return Edit(end_above, end_above, " " + comment)


def _disable_works(post: Post, diag: Diagnostic, new_text: str, edit: Edit) -> bool:
    """The comment suppresses the finding, and nothing else moved: the
    front matter reads the same and loads as cleanly."""
    after = Post.from_text(new_text, post.relpath)
    shift = edit.replacement.count("\n") if edit.start == post.offset(diag.line, 1) else 0
    moved = Diagnostic(diag.path, diag.line + shift, diag.column, diag.code, diag.name, diag.severity,
                       diag.message_id, diag.params)
    if not is_suppressed(after.suppressions, moved):
        return False
    if {i.kind for i in after.issues} - {i.kind for i in post.issues}:
        return False
    return after.front_matter == post.front_matter


def _disable_action(relpath: str, uri: str, text: str, diag: Diagnostic, lines: Lines,
                    shown: lsp.Diagnostic, lang: str) -> lsp.CodeAction | None:
    from postlint.rules.input import internal_error

    if diag.code == internal_error.code:
        return None  # an internal error cannot be switched off: it must be seen
    post = Post.from_text(text, relpath)
    edit = disable_edit(post, diag)
    if edit is None:
        return None
    new_text = text[:edit.start] + edit.replacement + text[edit.end:]
    if not _disable_works(post, diag, new_text, edit):
        return None
    title = _("Disable {code} for this line", lang=lang).format(code=diag.code)
    return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[shown],
                          is_preferred=False, edit=_edit(uri, text_edits([edit], lines)))


# -- job offers --------------------------------------------------------------------------------------

def _mark_actions(ws: Workspace, relpath: str, uri: str, text: str, lines: Lines) -> list[lsp.CodeAction]:
    """``mark-filled`` and ``mark-closed`` on the buffer of a job offer."""
    from postlint.commands.mark import mark_edits

    if not ws.lintable(relpath):
        return []
    post = Post.from_text(text, relpath, root=ws.root)
    titles = {"filled": _("Mark this job offer as filled", lang=ws.lang),
              "closed": _("Mark this job offer as closed", lang=ws.lang)}
    actions = []
    for target, title in titles.items():
        plan = mark_edits(post, ws.run, target)
        if plan.status != "edits":
            continue
        try:
            new_text, edits = fix_text(relpath, text, plan.fixes, extra=plan.check)
        except FixError:
            continue
        if new_text != text:
            actions.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.RefactorRewrite,
                                          edit=_edit(uri, text_edits(edits, lines))))
    return actions
