"""The default human-readable report: ``path:line:col: CODE message``."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from postlint.core.diagnostics import Diagnostic, Severity, printable
from postlint.i18n import _, ngettext
from postlint.report import Report

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set."""
    if "NO_COLOR" in os.environ:
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def line(diag: Diagnostic, *, colour: bool = False) -> str:
    where = _paint(f"{printable(diag.path)}:{diag.line}:{diag.column}:", "1", colour)
    code = _paint(diag.code, _COLOURS[diag.severity], colour)
    fixable = " [*]" if diag.fix is not None else ""
    return f"{where} {code} {diag.message}{fixable}"


def summary(diagnostics: Sequence[Diagnostic], files_checked: int, *, colour: bool = False,
            fix_command: str = "--fix") -> str:
    if not diagnostics:
        return _paint(ngettext("All good: no problems in {n} file.", "All good: no problems in {n} files.",
                               files_checked).format(n=files_checked), "32", colour)
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    errors, warnings, infos = counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]
    parts = [ngettext("{n} error", "{n} errors", errors).format(n=errors),
             ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)]
    if infos:
        parts.append(ngettext("{n} info", "{n} infos", infos).format(n=infos))
    files = len({d.path for d in diagnostics})
    text = _("Found {counts} in {files} ({checked}).").format(
        counts=", ".join(parts),
        files=ngettext("{n} file", "{n} files", files).format(n=files),
        checked=ngettext("{n} file checked", "{n} files checked", files_checked).format(n=files_checked),
    )
    fixable = sum(1 for d in diagnostics if d.fix is not None and d.fix.safe)
    if fixable:
        text += " " + ngettext("{n} fixable with {command}.", "{n} fixable with {command}.", fixable).format(
            n=fixable, command=fix_command)
    return _paint(text, "1", colour)


def kinds(counts: Mapping[str, int]) -> str | None:
    """``61 posts, 200 collection items, 12 pages``: what was checked."""
    words = {
        "post": lambda n: ngettext("{n} post", "{n} posts", n),
        "document": lambda n: ngettext("{n} collection item", "{n} collection items", n),
        "page": lambda n: ngettext("{n} page", "{n} pages", n),
        "draft": lambda n: ngettext("{n} draft", "{n} drafts", n),
    }
    parts = [words[k](n).format(n=n) if k in words else f"{n} {k}" for k, n in counts.items() if n]
    return _("Checked {kinds}.").format(kinds=", ".join(parts)) if len(parts) > 1 else None


def notes(report: Report) -> list[str]:
    """What the run left out, said once."""
    out = []
    if report.unpublished:
        n = report.unpublished
        out.append(ngettext("{n} file Jekyll does not publish (a draft, `published: false`, a future post) was "
                            "skipped; name it to check it.",
                            "{n} files Jekyll does not publish (drafts, `published: false`, future posts) were "
                            "skipped; name one to check it.", n).format(n=n))
    if report.baselined:
        n = report.baselined
        out.append(ngettext("{n} finding listed in the baseline was not shown.",
                            "{n} findings listed in the baseline were not shown.", n).format(n=n))
    if report.baseline_fixed:
        n = report.baseline_fixed
        out.append(ngettext("{n} baseline entry matches nothing any more (fixed): --update-baseline removes it.",
                            "{n} baseline entries match nothing any more (fixed): --update-baseline removes them.",
                            n).format(n=n))
    if report.preexisting:
        n = report.preexisting
        out.append(ngettext("{n} finding of the affected files was already there before the change; not shown.",
                            "{n} findings of the affected files were already there before the change; not shown.",
                            n).format(n=n))
    for path, reason in report.skipped:
        out.append(_("{path}: skipped, not a page Jekyll renders ({reason}).").format(path=printable(path), reason=reason))
    return out


def render(report: Report) -> str:
    colour = report.colour
    out = [line(d, colour=colour) for d in report.diagnostics]
    if not report.quiet or report.diagnostics:
        out.append(summary(report.diagnostics, len(report.files), colour=colour, fix_command=report.fix_command))
        described = kinds(report.kinds)
        if described:
            out.append(described)
        out.extend(notes(report))
    return "\n".join(out) + ("\n" if out else "")
