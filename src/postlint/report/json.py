"""``--format json``: a JSON array of findings, one object each."""

from __future__ import annotations

import json

from postlint.report import Report


def render(report: Report) -> str:
    return json.dumps([d.to_dict() for d in report.diagnostics], ensure_ascii=False, indent=2) + "\n"
