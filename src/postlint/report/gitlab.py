"""GitLab Code Quality report: a JSON array of issues for the MR widget.

GitLab compares the report of a merge request with its target branch's by
``fingerprint``: a finding keeps its fingerprint when lines are added above
it, so it is not shown as "fixed" and "new" at once (the fingerprints of
:mod:`postlint.core.fingerprint`, as the baseline's).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from postlint.core.diagnostics import Diagnostic, Severity
from postlint.core.fingerprint import LineText, fingerprints
from postlint.report import Report

_SEVERITIES: dict[Severity, str] = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
}


def _issue(diagnostic: Diagnostic, fingerprint: str) -> dict[str, Any]:
    line = max(1, diagnostic.line)
    end_line = max(line, diagnostic.end_line or line)
    return {
        "type": "issue",
        "description": f"{diagnostic.message} ({diagnostic.code})",
        "check_name": diagnostic.code,
        "fingerprint": fingerprint,
        "severity": _SEVERITIES[diagnostic.severity],
        "location": {"path": diagnostic.path, "lines": {"begin": line, "end": end_line}},
    }


def build(diagnostics: Sequence[Diagnostic], line_text: LineText | None = None) -> list[dict[str, Any]]:
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    prints = fingerprints(ordered, line_text or (lambda path, line: ""))
    return [_issue(d, fp) for d, fp in zip(ordered, prints)]


def render(report: Report) -> str:
    return json.dumps(build(report.diagnostics, report.line_text), ensure_ascii=False, indent=2) + "\n"
