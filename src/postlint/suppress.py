"""Inline suppression comments in posts.

``<!-- postlint-disable PL123 -->`` switches rules off until
``<!-- postlint-enable -->``; ``<!-- postlint-disable-next-line PL123 -->``
for the next line only; ``<!-- postlint-disable-file PL123 -->`` for the
whole file. Without codes, every rule. Codes may be rule names or prefixes.
"""

from __future__ import annotations

from typing import Sequence

from postlint.diagnostics import Diagnostic
from postlint.document import Suppression


def _covers(codes: Sequence[str], diag: Diagnostic) -> bool:
    return not codes or any(c == diag.name or diag.code.startswith(c.upper()) for c in codes)


def is_suppressed(suppressions: Sequence[Suppression], diag: Diagnostic) -> bool:
    active = False
    for s in suppressions:
        if s.kind == "disable-file" and _covers(s.codes, diag):
            return True
        if s.kind == "disable-next-line" and s.line == diag.line - 1 and _covers(s.codes, diag):
            return True
        if s.line > diag.line:
            continue
        if s.kind == "disable" and _covers(s.codes, diag):
            active = True
        elif s.kind == "enable" and _covers(s.codes, diag):
            active = False
    return active
