"""Shrink a failing input: remove chunks of lines, then of characters, as
long as the same failure (its signature) still occurs."""

from __future__ import annotations

import time
from collections.abc import Callable


def _split(text: str, unit: str) -> list[str]:
    return text.splitlines(keepends=True) if unit == "line" else list(text)


def minimize(text: str, still_fails: Callable[[str], bool], *, seconds: float = 60.0,
             max_chars_for_char_pass: int = 4000) -> str:
    """The smallest variant of ``text`` found within ``seconds`` for which
    ``still_fails`` holds (``text`` itself when nothing smaller does)."""
    deadline = time.monotonic() + seconds
    for unit in ("line", "char"):
        if unit == "char" and len(text) > max_chars_for_char_pass:
            break
        pieces = _split(text, unit)
        parts = 2
        while len(pieces) >= 2 and time.monotonic() < deadline:
            size = max(1, -(-len(pieces) // parts))
            for start in range(0, len(pieces), size):
                candidate = pieces[:start] + pieces[start + size :]
                if time.monotonic() >= deadline:
                    break
                if still_fails("".join(candidate)):
                    pieces = candidate
                    parts = max(parts - 1, 2)
                    break
            else:
                if size == 1:
                    break
                parts = min(parts * 2, len(pieces))
        text = "".join(pieces)
    return text
