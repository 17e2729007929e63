"""Did-you-mean: the closest candidate to a word, as an editor would see it."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


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


class NearIndex:
    """:func:`closest` over a large, fixed pool (every published URL), with
    a trigram index: each query compares with a short list of candidates
    sharing the most trigrams instead of the whole pool (no quadratic scan
    when many links are broken in a site of 10,000 pages)."""

    SHORTLIST = 40

    def __init__(self, candidates: Iterable[str]) -> None:
        self._by_fold: dict[str, str] = {}
        for c in candidates:
            if isinstance(c, str):
                self._by_fold.setdefault(fold(c), c)
        self._folded = list(self._by_fold)
        self._grams: dict[str, list[int]] = {}
        for i, key in enumerate(self._folded):
            for gram in _trigrams(key):
                self._grams.setdefault(gram, []).append(i)

    def closest(self, word: str, cutoff: float = 0.6) -> str | None:
        folded = fold(word)
        if folded in self._by_fold:
            return self._by_fold[folded]
        counts: dict[int, int] = {}
        for gram in _trigrams(folded):
            for i in self._grams.get(gram, ()):
                counts[i] = counts.get(i, 0) + 1
        best = sorted(counts, key=lambda i: (-counts[i], i))[: self.SHORTLIST]
        match = difflib.get_close_matches(folded, [self._folded[i] for i in best], n=1, cutoff=cutoff)
        return self._by_fold[match[0]] if match else None


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
