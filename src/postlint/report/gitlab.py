"""GitLab Code Quality report: a JSON array of issues for the MR widget.

GitLab compares the report of a merge request with its target branch's by
``fingerprint``: a finding keeps its fingerprint when lines are added above
it, so it is not shown as "fixed" and "new" at once.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from postlint.core.diagnostics import Diagnostic, Severity
from postlint.report import Report

_SEVERITIES: dict[Severity, str] = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
}


def _fingerprint(path: str, code: str, message: str, occurrence: int) -> str:
    # NUL separates fields so ("a", "bc") and ("ab", "c") cannot collide.
    key = "\0".join((path, code, message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A fingerprint per diagnostic, in the given order.

    The line is left out so that moving a finding keeps it; identical
    findings in one file are told apart by their rank among themselves.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for diagnostic in diagnostics:
        key = (diagnostic.path, diagnostic.code, diagnostic.message)
        result.append(_fingerprint(*key, seen[key]))
        seen[key] += 1
    return result


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


def build(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    return [_issue(d, fp) for d, fp in zip(ordered, fingerprints(ordered))]


def render(report: Report) -> str:
    diagnostics = report.diagnostics
    return json.dumps(build(diagnostics), ensure_ascii=False, indent=2) + "\n"
