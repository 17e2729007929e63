"""One front-matter key of a group of files: its type, whether it is
required, its allowed values.

Precision first: every choice is checked against the values it comes from
with the schema layer's own validators (:func:`postlint.schemas.accepts`),
so a written type only rejects what a careful editor would call a mistake.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from postlint.rules.tags.taxonomy import normalise_tag
from postlint.schemas import accepts

#: a key is required when this share of the files have it...
REQUIRED_SHARE = 0.95
#: ... and at least this many files do (two files say nothing about a rule).
MIN_FILES = 5
#: ``allowed`` only for keys with at most this many distinct values, each
#: used this many times on average (an enumeration, not free text).
MAX_ALLOWED = 12
MIN_USES_PER_VALUE = 3
#: a value used once that is this close to a value used at least
#: ``FREQUENT`` times is taken for a misspelling of it.
VARIANT_RATIO = 0.85
FREQUENT = 3
#: type a value with near-misses when this share of the values conforms.
NEAR_MISS_SHARE = 0.9

#: keys whose values are open-ended by nature: never restricted to the
#: values used so far (a new author is not a mistake).
OPEN_ENDED = frozenset({
    "title", "description", "excerpt", "summary", "subtitle", "author", "authors", "name", "nom", "email",
    "twitter", "github", "date", "permalink", "redirect_from", "redirect_to", "image", "images", "url", "link",
    "slug", "version", "tags", "category_name", "lang-ref", "ref", "id", "key",
})
#: keys Jekyll fills in itself: never required.
_JEKYLL_FILLS = frozenset({"permalink", "published", "slug"})
#: keys Jekyll (and jekyll-redirect-from) read as a text or a list alike:
#: typing them by the form in use would report the other, valid, form.
_TEXT_OR_LIST = frozenset({"categories", "redirect_from", "tags"})
_HANDLE_KEYS = re.compile(r"(^|_|-)(twitter|github|gitlab|mastodon|handle|username)($|_|-)", re.IGNORECASE)
_DATE_TEXT = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
_FILE_EXT = re.compile(r"/[^/]*\.[A-Za-z0-9]{2,5}$")


@dataclass
class FieldGuess:
    key: str
    type: str
    #: files of the group that have the key, and files of the group.
    present: int
    total: int
    required: bool = False
    allowed: list[Any] | None = None
    #: values left out of ``allowed``: (value, uses, the frequent value it resembles, its uses).
    left_out: list[tuple[Any, int, Any, int]] = field(default_factory=list)
    #: value -> uses, for the comment next to ``allowed``.
    counts: dict[Any, int] = field(default_factory=dict)
    #: for references: ``("collection", "startups")`` or ``("data", "_data/x.yml")``.
    reference: tuple[str, str] | None = None
    url_field: str | None = None
    #: how many distinct values name an existing item, of how many.
    matched: tuple[int, int] | None = None
    #: why the type is what it is, when it is not obvious.
    note: str = ""

    @property
    def minor(self) -> bool:
        """Written only when the config has room: it checks nothing."""
        return not self.required and self.allowed is None and self.reference is None and self.type == "any"


def values_of(posts: list[Any], key: str) -> list[Any]:
    return [p.front_matter[key] for p in posts if key in (p.front_matter or {})]


def infer_type(key: str, values: list[Any], files: frozenset[str]) -> tuple[str, str]:
    """The field type the values have, and a note when it is loose."""
    present = [v for v in values if v is not None]
    if not present:
        return "any", "always empty"
    kinds = {_kind(v) for v in present}
    if key in _TEXT_OR_LIST and kinds <= {"text", "list"}:
        return "any", "text or list: Jekyll reads both"
    if kinds == {"boolean"}:
        return "boolean", ""
    if kinds <= {"integer", "number"}:
        return ("integer" if kinds == {"integer"} else "number"), ""
    if kinds == {"list"}:
        return "list", ""
    if kinds == {"mapping"}:
        return "mapping", ""
    if kinds <= {"date", "text"} and all(_is_date(v) for v in present):
        return "date", ""
    if kinds == {"text"}:
        return _text_type(key, present, files)
    return "any", " or ".join(sorted(_KIND_WORDS[k] for k in kinds))


_KIND_WORDS = {"boolean": "true/false", "integer": "number", "number": "number", "list": "list",
               "mapping": "keys", "date": "date", "text": "text", "other": "other"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, str):
        return "text"
    return "other"


def _is_date(value: Any) -> bool:
    if isinstance(value, str) and not _DATE_TEXT.match(value):
        return False  # Ruby's parser reads "June 2" as a date too; a key of such text is not a date key
    return accepts("date", value)


def _text_type(key: str, values: list[str], files: frozenset[str]) -> tuple[str, str]:
    if all(accepts("url", v) for v in values):
        return "url", ""
    if _looks_like_assets(values, files):
        return "asset", ""
    if _HANDLE_KEYS.search(key) and _mostly(values, "handle", _handle_near_miss):
        return "handle", ""
    if all(accepts("text", v) for v in values):
        return "text", ""
    return "string", "some values are empty"


def _mostly(values: list[str], field_type: str, near_miss: Any) -> bool:
    """Every value conforms, or nearly all do and the others are the kind
    of slip the type's message explains (``@handle``)."""
    bad = [v for v in values if not accepts(field_type, v)]
    if not bad:
        return True
    return len(bad) <= (1 - NEAR_MISS_SHARE) * len(values) and all(near_miss(v) for v in bad)


def _handle_near_miss(value: str) -> bool:
    stripped = value.strip()
    return (stripped.startswith("@") and accepts("handle", stripped[1:])) or bool(
        re.match(r"https?://(www\.)?(twitter|x)\.com/\w+/?$", stripped))


def _looks_like_assets(values: list[str], files: frozenset[str]) -> bool:
    """Paths of files of the site (``/img/x.png``), or URLs: most local ones
    exist. A page path (``/docs/``) is not an asset."""
    local = [v.strip() for v in values if not v.strip().startswith(("http://", "https://"))]
    if not local or not all(_FILE_EXT.search("/" + v.lstrip("/")) for v in local):
        return False
    existing = [v for v in local if v.lstrip("/") in files]
    if 2 * len(existing) < len(local):
        return False

    def near_miss(v: str) -> bool:  # `img/x.png` for the existing /img/x.png
        return not v.startswith("/") and v in files

    return _mostly(values, "asset", near_miss)


# -- required ---------------------------------------------------------------------------
def is_required(guess: FieldGuess, values: list[Any], *, defaulted: bool, document: bool) -> bool:
    """(Almost) every file has the key, with a value, and nothing else
    supplies it: not ``defaults:``, not Jekyll (a post's date comes from its
    file name)."""
    if guess.total < MIN_FILES or guess.present < REQUIRED_SHARE * guess.total:
        return False
    if defaulted or guess.key in _JEKYLL_FILLS or (document and guess.key == "date"):
        return False
    # `twitter:` left empty on purpose by a few authors is not a missing key
    return all(v is not None for v in values)


# -- allowed values -----------------------------------------------------------------------
def infer_allowed(guess: FieldGuess, values: list[Any]) -> None:
    """Fill ``allowed`` (and ``left_out``) for an enumeration of texts."""
    if guess.key.lower() in OPEN_ENDED or guess.type not in ("text", "list"):
        return
    items = _items(values, guess.type)
    if items is None or len(items) < MIN_FILES:
        return
    counts = Counter(items)
    if len(counts) > MAX_ALLOWED or len(items) < MIN_USES_PER_VALUE * len(counts):
        return
    singletons = [v for v, n in counts.items() if n == 1]
    if 3 * len(singletons) > len(counts) and len(counts) > 3:
        return  # a long tail of values used once: free text, not a list of choices
    left_out = []
    for value in singletons:
        like = _frequent_lookalike(value, counts)
        if like is not None:
            left_out.append((value, 1, like, counts[like]))
    guess.left_out = left_out
    dropped = {v for v, *_ in left_out}
    guess.counts = dict(counts.most_common())
    guess.allowed = [v for v in guess.counts if v not in dropped]


def _items(values: list[Any], field_type: str) -> list[str] | None:
    items: list[Any] = []
    for value in values:
        items.extend(value if field_type == "list" else [value])
    if not items or not all(isinstance(i, str) and i.strip() for i in items):
        return None
    return items


def _frequent_lookalike(value: str, counts: Counter[str]) -> str | None:
    """A frequent value ``value`` is a misspelling of: the same text but for
    case, accents and separators, or a near spelling (not a different number)."""
    for other, uses in counts.most_common():
        if uses < FREQUENT or other == value:
            continue
        if normalise_tag(other) == normalise_tag(value):
            return other
        if re.sub(r"\d", "", other) == re.sub(r"\d", "", value):
            continue  # release-3 and release-4 are two values
        if min(len(other), len(value)) >= 5 and difflib.SequenceMatcher(
                None, normalise_tag(other), normalise_tag(value)).ratio() >= VARIANT_RATIO:
            return other
    return None
