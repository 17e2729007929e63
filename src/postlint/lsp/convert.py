"""postlint's findings and edits as Language Server Protocol values."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types as lsp

from postlint.core.diagnostics import Diagnostic, Edit, Severity
from postlint.lsp.positions import Lines
from postlint.report.sarif import rule_help_uri

SOURCE = "postlint"
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def position(at: tuple[int, int]) -> lsp.Position:
    return lsp.Position(line=at[0], character=at[1])


def diagnostic_range(diag: Diagnostic, lines: Lines) -> lsp.Range:
    """Where a finding is, start and end. A finding without an end
    covers the rest of its line (at least one character when there is one)."""
    start = lines.from_line_column(diag.line, diag.column)
    if diag.end_line is not None and diag.end_column is not None:
        end = lines.from_line_column(diag.end_line, diag.end_column)
        if end < start:  # an end before the start is a bug upstream: keep the start
            end = start
    else:
        end = (start[0], lines.line_end(start[0]))
    return lsp.Range(start=position(start), end=position(end))


def to_lsp(diag: Diagnostic, lines: Lines, lang: str) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=diagnostic_range(diag, lines),
        message=diag.render(lang),
        severity=_SEVERITY[diag.severity],
        code=diag.code,
        code_description=lsp.CodeDescription(href=rule_help_uri(diag.code)),
        source=SOURCE,
        data={"name": diag.name, "fixable": diag.fix is not None},
    )


def text_edits(edits: Iterable[Edit], lines: Lines) -> list[lsp.TextEdit]:
    """Fix edits (offsets of the linted text) as the editor's text edits."""
    return [
        lsp.TextEdit(range=lsp.Range(start=position(lines.from_lint_offset(e.start)),
                                     end=position(lines.from_lint_offset(e.end))),
                     new_text=e.replacement)
        for e in sorted(edits, key=lambda e: (e.start, e.end))
    ]


def whole_change(old: str, new: str, lines: Lines) -> list[lsp.TextEdit]:
    """One edit from ``old`` to ``new`` (linted texts), over the span that
    differs only: what "fix all" sends, after several rounds of fixes."""
    if old == new:
        return []
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return text_edits([Edit(start, end_old, new[start:end_new])], lines)


def overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    """Whether two ranges share a position (touching counts: a cursor at
    the end of a finding is on it)."""
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end
