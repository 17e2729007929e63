"""Did-you-mean: the closest candidate to a word, as an editor would see it."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable


def fold(text: str) -> str:
    """Lower case without accents, for comparisons an editor finds natural."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate equal to ``word`` but for case and accents, else the
    most similar one above ``cutoff``, else None."""
    options = [c for c in candidates if isinstance(c, str)]
    folded = fold(word)
    by_fold = {fold(c): c for c in options}
    if folded in by_fold:
        return by_fold[folded]
    match = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=cutoff)
    return by_fold[match[0]] if match else None
