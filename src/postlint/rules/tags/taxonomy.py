"""Pure logic behind postlint's tag rules.

Nothing here reads files or builds diagnostics: rules feed it front-matter
values and turn its answers into messages. Everything is deterministic and
linear in the number of tags (no all-pairs comparisons).

Normal form (``normalise_tag``) is a *comparison key*, never shown to editors:
  * surrounding spaces stripped, ``casefold()``-ed;
  * accents removed (NFKD, combining marks dropped) and the few Latin letters
    NFKD cannot split (``œ``, ``æ``, ``ø``...) spelled out, so ``cœur`` and
    ``coeur`` compare equal;
  * ``-``, ``_`` and runs of white space are one separator (a single space);
  * one trailing plural ``s`` is dropped from the *last* word only, and only
    when that word is longer than 3 letters and does not end in ``ss``.

Why the plural rule is that narrow: tags are short noun phrases whose head is
the last word (``open data``, ``méthodes agiles`` is rare, ``méthodes`` is
common), while inner words ending in ``s`` are seldom plurals of a tag the
vocabulary holds. Short words are kept whole because their final ``s`` is
usually part of the word (``bus``, ``ios``, ``gis``, ``css``), and ``ss``
endings (``process``, ``business``, ``stress``) are not plurals. The key only
decides equality, so an over-eager strip is harmless unless it makes two real
tags collide; the narrow rule keeps that unlikely. French ``-x`` plurals
(``réseaux``) and English ``-es`` plurals are deliberately not handled: they
show up as similarity suggestions instead of equalities.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

from postlint.jekyll.slugs import slugify

__all__ = [
    "DEFAULT_PLACEHOLDERS",
    "Replacement",
    "ShapeKind",
    "SlugMode",
    "TagShape",
    "TagShapeProblem",
    "Vocabulary",
    "analyse_tags_value",
    "group_near_duplicates",
    "is_placeholder",
    "normalise_tag",
    "propose_replacement",
    "split_tag_string",
    "tag_page_slug",
]

# Latin letters that NFKD leaves whole; spelled out the way French and
# German readers (and Ruby's I18n.transliterate) expect.
_TRANSLITERATION = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ẞ": "SS",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
    }
)
_SEPARATORS = re.compile(r"[\s\-_]+")
_PLURAL_MIN_LETTERS = 4  # "longer than 3 letters"


def _drop_accents(text: str) -> str:
    """Remove accents and spell out ligatures: ``Écosystème`` -> ``Ecosysteme``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _singular(word: str) -> str:
    """Drop one plural ``s`` from a word, following the module's narrow rule."""
    if len(word) >= _PLURAL_MIN_LETTERS and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=8192)  # a site has few distinct tags, used thousands of times
def normalise_tag(tag: str) -> str:
    """Comparison key of a tag (see the module docstring for the rules)."""
    # casefold first: it may produce letters (ß -> ss) that accent folding keeps.
    folded = _drop_accents(tag.casefold())
    words = [word for word in _SEPARATORS.split(folded) if word]
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


# ---------------------------------------------------------------------------
# Vocabulary of allowed tags
# ---------------------------------------------------------------------------

DEFAULT_SUGGESTION_CUTOFF = 0.75
"""difflib ratio under which a tag is not offered as a suggestion.

Measured on the programme's vocabulary: typos score above 0.9
(``developement``, ``datasience``, ``recrutment``), near words around 0.75
(``partenaire`` -> ``partenariat``), while unrelated words stay under 0.6
(``foo`` 0.29, ``data`` -> ``datascience`` 0.53, ``opinion`` -> ``open`` 0.55).
"""


class Vocabulary:
    """The allowed tags of a site, indexed by normal form."""

    def __init__(self, allowed: Iterable[str], *, cutoff: float = DEFAULT_SUGGESTION_CUTOFF) -> None:
        # dict as an ordered set: keeps the configured order, drops exact repeats.
        self._tags: tuple[str, ...] = tuple(dict.fromkeys(allowed))
        self._allowed: frozenset[str] = frozenset(self._tags)
        self._by_normal: dict[str, list[str]] = {}
        for tag in self._tags:
            self._by_normal.setdefault(normalise_tag(tag), []).append(tag)
        self._normals: list[str] = list(self._by_normal)
        self.cutoff = cutoff

    @property
    def tags(self) -> tuple[str, ...]:
        """Allowed tags, in configuration order."""
        return self._tags

    def __iter__(self) -> Iterator[str]:
        return iter(self._tags)

    def __len__(self) -> int:
        return len(self._tags)

    def __contains__(self, tag: object) -> bool:
        return tag in self._allowed

    def is_allowed(self, tag: str) -> bool:
        """Exact spelling match: ``Design`` is not allowed when ``design`` is."""
        return tag in self._allowed

    def canonical(self, tag: str) -> str | None:
        """The allowed tag with the same normal form, if there is exactly one."""
        matches = self._by_normal.get(normalise_tag(tag), [])
        return matches[0] if len(matches) == 1 else None

    def ambiguous(self, tag: str) -> list[str]:
        """Allowed tags sharing the tag's normal form, when there are 2 or more.

        Such a vocabulary is itself suspect (``design`` and ``Design`` both
        allowed); callers report it rather than pick one.
        """
        matches = self._by_normal.get(normalise_tag(tag), [])
        return list(matches) if len(matches) > 1 else []

    def ambiguities(self) -> list[list[str]]:
        """Every group of allowed tags that share a normal form."""
        return [list(group) for group in self._by_normal.values() if len(group) > 1]

    def suggest(self, tag: str, n: int = 1) -> list[str]:
        """Up to ``n`` allowed tags closest to ``tag``, best first.

        Allowed tags with the same normal form come first, then tags whose
        normal form is similar (difflib ratio >= ``cutoff``). An unrelated
        word gets an empty list.
        """
        if n <= 0:
            return []
        key = normalise_tag(tag)
        suggestions: list[str] = list(self._by_normal.get(key, []))
        close = difflib.get_close_matches(key, self._normals, n=n + 1, cutoff=self.cutoff)
        for normal in close:
            if normal != key:
                suggestions.extend(self._by_normal[normal])
        return suggestions[:n]


class Replacement(NamedTuple):
    """A proposed tag change; ``safe`` means it can be applied without review."""

    new_tag: str
    safe: bool


def propose_replacement(tag: str, vocab: Vocabulary) -> Replacement | None:
    """What to write instead of a tag that is not in the vocabulary.

    Safe when the tag only differs from one allowed tag by normalisation
    (case, accents, separators, plural ``s``): ``Design`` -> ``design``.
    Unsafe when it is a similarity guess (``desing`` -> ``design``).
    None when the tag is already allowed, when its normal form matches several
    allowed tags (no way to choose), or when nothing is close.
    """
    if vocab.is_allowed(tag):
        return None
    canonical = vocab.canonical(tag)
    if canonical is not None:
        return Replacement(canonical, True)
    if vocab.ambiguous(tag):
        return None
    suggestions = vocab.suggest(tag, n=1)
    return Replacement(suggestions[0], False) if suggestions else None


def group_near_duplicates(tags: Iterable[str]) -> list[list[str]]:
    """Spellings used across posts that share a normal form.

    Returns only groups with 2 or more distinct spellings, each in order of
    first use, groups ordered by first use. Non-string items are ignored
    (shape analysis reports them).
    """
    by_normal: dict[str, dict[str, None]] = {}
    for tag in tags:
        if isinstance(tag, str):
            by_normal.setdefault(normalise_tag(tag), {})[tag] = None
    return [list(spellings) for spellings in by_normal.values() if len(spellings) > 1]


# ---------------------------------------------------------------------------
# Tag page slugs
# ---------------------------------------------------------------------------

SlugMode = Literal["ascii", "jekyll"]

def _ascii_slug(tag: str) -> str:
    return slugify(tag, "latin")


def _jekyll_slug(tag: str) -> str:
    return slugify(tag)


_SLUGGERS = {"ascii": _ascii_slug, "jekyll": _jekyll_slug}


def tag_page_slug(tag: str, pattern: str = "{slug}", mode: SlugMode = "ascii") -> str:
    """The slug (or path, through ``pattern``) of a tag's page.

    ``mode="ascii"`` is what the programme's site does (its ``tag/*.md`` file
    names): Jekyll's ``latin`` mode (accents dropped, lowercase, every run of
    other characters -- spaces, apostrophes, ``_`` -- is one ``-``, no ``-``
    at either end); other scripts vanish.

    ``mode="jekyll"`` is Jekyll's default ``slugify``: accented letters are
    kept (``développement``), runs of anything that is not a letter, a mark
    or a decimal digit become ``-``, the result is lowercased.

    ``pattern`` receives the slug in place of ``{slug}``, e.g.
    ``"tag/{slug}.md"``. A tag with no usable character gives an empty slug.
    """
    if "{slug}" not in pattern:
        raise ValueError(f"slug pattern {pattern!r} has no '{{slug}}' placeholder")
    try:
        slugger = _SLUGGERS[mode]
    except KeyError:
        raise ValueError(f"unknown slug mode {mode!r}; expected one of {sorted(_SLUGGERS)}") from None
    return pattern.replace("{slug}", slugger(tag))


# ---------------------------------------------------------------------------
# Shape of a front-matter ``tags`` value
# ---------------------------------------------------------------------------

ShapeKind = Literal[
    "one-string",  # "a b": Jekyll splits on white space, so several tags
    "comma-string",  # "a, b": Jekyll splits on white space only -> "a," and "b"
    "single-string",  # "a": works in Jekyll, but is not the list the site expects
    "nested-list",  # [[a, b]]: Jekyll flattens it; almost always an indentation slip
    "empty-item",  # "- " (None) or a blank string
    "non-string-item",  # a number, boolean, date or mapping
    "not-a-list",  # the value itself is a number, mapping...
]


@dataclass(frozen=True)
class TagShapeProblem:
    """One shape problem; ``index`` points at the top-level list item.

    ``index`` is None when the whole value is at fault. ``path`` is the full
    index path for items inside a nested list (``(2, 0)``), else ``(index,)``.
    """

    kind: ShapeKind
    index: int | None
    value: object
    path: tuple[int, ...] = ()


@dataclass(frozen=True)
class TagShape:
    """Tags read from a front-matter value, and what is wrong with its shape.

    ``tags`` are the tags the editor meant: strings split as
    ``split_tag_string`` would, nested lists flattened, empty items dropped,
    numbers and dates turned into text the way Jekyll prints them.
    """

    tags: list[str] = field(default_factory=list)
    problems: list[TagShapeProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def split_tag_string(value: str) -> list[str]:
    """Tags in a one-string value: comma-separated if there is a comma, else words."""
    if "," in value:
        parts = (part.strip() for part in value.split(","))
        return [part for part in parts if part]
    return value.split()


def _string_kind(value: str) -> ShapeKind:
    if "," in value:
        return "comma-string"
    if len(value.split()) > 1:
        return "one-string"
    return "single-string"


def _scalar_text(value: object) -> str | None:
    """Text Jekyll would use for a non-string scalar tag, None for containers."""
    if isinstance(value, bool):
        return "true" if value else "false"  # Ruby's spelling
    if isinstance(value, (int, float, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    return None


def _analyse_item(
    item: object, path: tuple[int, ...], tags: list[str], problems: list[TagShapeProblem]
) -> None:
    index = path[0]
    if item is None or (isinstance(item, str) and not item.strip()):
        problems.append(TagShapeProblem("empty-item", index, item, path))
    elif isinstance(item, str):
        if "," in item:
            problems.append(TagShapeProblem("comma-string", index, item, path))
            tags.extend(split_tag_string(item))
        else:
            tags.append(item)
    elif isinstance(item, list):
        if len(path) == 1:  # report the outermost nesting once
            problems.append(TagShapeProblem("nested-list", index, item, path))
        for position, inner in enumerate(item):
            _analyse_item(inner, (*path, position), tags, problems)
    else:
        problems.append(TagShapeProblem("non-string-item", index, item, path))
        text = _scalar_text(item)
        if text is not None:
            tags.append(text)


def analyse_tags_value(value: object) -> TagShape:
    """Read a ``tags`` value as loaded by YAML and report its shape problems.

    ``None`` (``tags:`` left empty) and a blank string give no tags and no
    shape problem: the tag-count rule is the one to report a post with no tags.
    """
    tags: list[str] = []
    problems: list[TagShapeProblem] = []
    if value is None:
        pass
    elif isinstance(value, str):
        if value.strip():
            problems.append(TagShapeProblem(_string_kind(value), None, value))
            tags = split_tag_string(value)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _analyse_item(item, (index,), tags, problems)
    else:
        problems.append(TagShapeProblem("not-a-list", None, value))
        text = _scalar_text(value)
        if text is not None:
            tags.append(text)
    return TagShape(tags, problems)


# ---------------------------------------------------------------------------
# Placeholder tags
# ---------------------------------------------------------------------------

DEFAULT_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        # Template and developer leftovers.
        "foo",
        "bar",
        "baz",
        "test",
        "todo",
        "tbd",
        "tbc",
        "xxx",
        "lorem",
        "lorem ipsum",
        # "tag" itself: what templates ship as (tag, tag1, tag2).
        "tag",
        # French editors' own "to be decided" notes.
        "à définir",
        "à compléter",
    }
)
"""Tags that only ever mean "fill me in".

Deliberately left out: words that can be real topics on some site
(``example``, ``draft``, ``demo``). ``bar`` stays because the defaults target
blog templates; pass a smaller set for a site about cafés.
"""

_TRAILING_COUNTER = re.compile(r"[\s\d]+$")
_ONLY_X = re.compile(r"x{2,}")


@functools.lru_cache(maxsize=64)
def _placeholder_keys(placeholders: tuple[str, ...]) -> frozenset[str]:
    # normalised once per list, not once per tag checked
    return frozenset(normalise_tag(p) for p in placeholders)


def is_placeholder(tag: str, placeholders: Collection[str] = DEFAULT_PLACEHOLDERS) -> bool:
    """Whether a tag is a leftover placeholder, compared by normal form.

    A trailing counter is ignored (``tag1``, ``Test 2``) and any run of two
    or more ``x`` counts as ``xxx``.
    """
    key = normalise_tag(tag)
    keys = _placeholder_keys(tuple(placeholders))
    if key in keys:
        return True
    # Re-normalise: the plural rule must see the word the counter hid ("tests 2").
    uncounted = normalise_tag(_TRAILING_COUNTER.sub("", key))
    if uncounted and uncounted != key and uncounted in keys:
        return True
    return normalise_tag("xxx") in keys and _ONLY_X.fullmatch(key) is not None
