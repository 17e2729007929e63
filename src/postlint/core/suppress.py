"""Inline suppression comments in posts.

``<!-- postlint-disable PL123 -->`` switches rules off until
``<!-- postlint-enable -->``; ``<!-- postlint-disable-next-line PL123 -->``
for the next line only; ``<!-- postlint-disable-file PL123 -->`` for the
whole file. Without codes, every rule. Codes may be rule names or prefixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Suppression

#: a code or a code prefix: letters then at least one digit (PL1, PL102)
_CODE_RE = re.compile(r"[A-Z]+[0-9]+")


def covers(selector: str, diag: Diagnostic) -> bool:
    """Whether a selector (rule name, code, code prefix, ALL) names a diagnostic's rule."""
    wanted = selector.upper()
    if selector == diag.name or wanted == "ALL":
        return True
    return _CODE_RE.fullmatch(wanted) is not None and diag.code.startswith(wanted)


def _covers(codes: Sequence[str], diag: Diagnostic) -> bool:
    return not codes or any(covers(c, diag) for c in codes)


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


def unknown_selector(selector: str, rules: Sequence[tuple[str, str]]) -> str | None:
    """Why a selector (code, code prefix, name, ``ALL``) names none of
    ``rules`` (``(code, name)`` pairs): a message with a did-you-mean, or
    None when it names some rule."""
    from postlint.core.suggest import closest

    wanted = selector.strip()
    upper = wanted.upper()
    if upper == "ALL" or any(upper == code or wanted.lower() == name for code, name in rules):
        return None
    if _CODE_RE.fullmatch(upper) and any(code.startswith(upper) for code, _name in rules):
        return None  # a prefix such as PL1
    guess = closest(wanted, [c for c, _ in rules] + [n for _, n in rules])
    hint = f" (did you mean {guess!r}?)" if guess else " (`postlint rules` lists them)"
    return f"{selector!r} names no rule{hint}"
