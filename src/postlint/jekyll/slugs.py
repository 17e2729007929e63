"""Jekyll's ``Utils.slugify``, the one slug function of postlint."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_SLUG_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = set("._~!$&'()+,;=@")
_LATIN_APPROX = {
    "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "ß": "ss",
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ł": "L", "ł": "l", "Þ": "Th",
    "þ": "th", "ı": "i", "Ŋ": "NG", "ŋ": "ng", "Ħ": "H", "ħ": "h", "Ŧ": "T",
    "ŧ": "t", "Ĳ": "IJ", "ĳ": "ij", "Ŀ": "L", "ŀ": "l", "ĸ": "k",
}  # fmt: skip


def _is_letter_mark_digit(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat == "Nd"


def _keep_for(mode: str) -> Callable[[str], bool]:
    if mode == "raw":
        return lambda ch: not ch.isspace()
    if mode == "pretty":
        return lambda ch: _is_letter_mark_digit(ch) or ch in _PRETTY_KEEP
    if mode == "ascii":
        return lambda ch: ch.isascii() and ch.isalnum()
    return _is_letter_mark_digit


def _replace_runs(text: str, keep: Callable[[str], bool]) -> str:
    out: list[str] = []
    in_run = False
    for ch in text:
        if keep(ch):
            out.append(ch)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def _transliterate_latin(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _LATIN_APPROX:
            out.append(_LATIN_APPROX[ch])
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(base if base.isascii() and base else "?")
    return "".join(out)


def slugify(text: str | None, mode: str = "default", *, cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify``: modes raw, default, pretty, ascii, latin (others: as is)."""
    if text is None:
        return ""
    text = str(text)
    if mode not in _SLUG_MODES:
        return text if cased else text.lower()
    if mode == "latin":
        text = _transliterate_latin(text)
    slug = _replace_runs(text, _keep_for(mode))
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()
