"""``--format json``: a JSON array of findings, one object each."""

from __future__ import annotations

import json
from collections.abc import Sequence

from postlint.core.diagnostics import Diagnostic


def render(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"
