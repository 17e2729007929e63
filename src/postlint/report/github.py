"""GitHub Actions workflow commands: each finding becomes an annotation.

``::error file=…,line=…::message`` lines printed by a step show up on the
pull request's diff. Escaping follows GitHub's own toolkit: data escapes
``%``, CR and LF; property values also ``:`` and ``,``.
"""

from __future__ import annotations

from postlint.core.diagnostics import Diagnostic, Severity
from postlint.report import Report

_COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    # "%" first, or the escapes added after it would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(diagnostic: Diagnostic) -> list[tuple[str, str]]:
    line = max(1, diagnostic.line)
    end_line = diagnostic.end_line if diagnostic.end_line is not None else line
    props = [("file", diagnostic.path), ("line", str(line))]
    # GitHub refuses columns on an annotation spanning several lines.
    if end_line == line:
        props.append(("col", str(max(1, diagnostic.column))))
    if diagnostic.end_line is not None:
        props.append(("endLine", str(max(line, end_line))))
    if end_line == line and diagnostic.end_column is not None:
        props.append(("endColumn", str(diagnostic.end_column)))
    props.append(("title", f"{diagnostic.code} {diagnostic.name}".strip()))
    return props


def command(diagnostic: Diagnostic) -> str:
    """One workflow command line (without its newline) for a finding."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in _properties(diagnostic))
    return f"::{_COMMANDS[diagnostic.severity]} {props}::{escape_data(diagnostic.message)}"


def render(report: Report) -> str:
    diagnostics = report.diagnostics
    # GitHub keeps only the first annotations of a job (about 50): print errors
    # first so a flood of notices cannot push them out.
    ordered = sorted(diagnostics, key=lambda d: (-d.severity.rank, *d.sort_key()))
    lines = [command(d) for d in ordered]
    return "".join(line + "\n" for line in lines)
