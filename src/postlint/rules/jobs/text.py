"""Text normal forms shared by the job-offer rules.

All comparisons go through :func:`fold` (case, accents, typographic
apostrophes, spaces), so « Offre d’emploi » and "OFFRE D'EMPLOI" agree;
headings and section phrases also drop punctuation (:func:`heading_key`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

__all__ = ["MatchMode", "fold", "heading_key", "phrase_in", "phrase_matches", "quote_list"]

MatchMode = Literal["phrase", "prefix", "exact"]

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " ", "\t": " "})


def fold_raw(text: str) -> str:
    """Case, accents and apostrophe style ignored (spaces kept as they are)."""
    decomposed = unicodedata.normalize("NFD", text.casefold().translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case, accents, apostrophe style and runs of spaces ignored."""
    return " ".join(fold_raw(text).split())


_ATTR_OPEN = re.compile(r"\{[:#.]")


def _without_attribute_list(text: str) -> str:
    r"""``re.sub(r"\s*\{[:#.][^}]*\}\s*$", "", text)``: a kramdown ``{#id}``
    or ``{: .class}`` ending the heading removed, with the spaces before it.

    Found from the end: the last ``}``, then the first ``{:``, ``{#`` or
    ``{.`` after the ``}`` before it (searching from every space, the
    regular expression was quadratic in a run of spaces)."""
    body = text.rstrip()
    if not body.endswith("}"):
        return text
    last = len(body) - 1
    opening = _ATTR_OPEN.search(body, body.rfind("}", 0, last) + 1, last)
    if opening is None:
        return text
    start = opening.start()
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return text[:start]


def heading_key(text: str) -> str:
    """A heading as compared with section phrases: :func:`fold`, then
    punctuation and Markdown emphasis dropped ("Rejoins-nous !" -> "rejoins nous")."""
    text = _without_attribute_list(text)
    return " ".join(re.sub(r"[^\w]+|_", " ", fold_raw(text)).split())


@functools.lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    # folded and compiled once per phrase, not once per post and text
    wanted = fold(phrase)
    return re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)") if wanted else None


def phrase_in(phrase: str, folded_text: str) -> bool:
    """``phrase`` occurs in an already folded text as whole words."""
    pattern = _phrase_pattern(phrase)
    return pattern is not None and pattern.search(folded_text) is not None


def phrase_matches(key: str, phrase_key: str, mode: MatchMode) -> bool:
    """Whether a heading key satisfies a section phrase key (both :func:`heading_key`).

    ``exact``: the same words; ``prefix``: the heading starts with the
    phrase ("ton profil tes atouts" for "ton profil"); ``phrase``: it starts
    with it or contains it as whole words ("quelles seront vos missions")."""
    if not phrase_key:
        return False
    if key == phrase_key:
        return True
    if mode == "exact":
        return False
    if key.startswith(phrase_key + " "):
        return True
    return mode == "phrase" and f" {phrase_key} " in f" {key} "


def quote_list(items: list[str], limit: int = 6) -> str:
    """« a », « b », « c »… (French quotes, the project's convention for quoted text)."""
    shown = [f"« {item} »" for item in items[:limit]]
    return ", ".join(shown) + (", …" if len(items) > limit else "")
