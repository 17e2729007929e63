"""The tag vocabulary, from the tags the posts use.

Spellings of one tag are grouped with the tag rules' own normal form
(:func:`group_near_duplicates`); a rare spelling of a frequent tag is left
out of the vocabulary (``unknown-tag`` then suggests the frequent one, with
a fix), and said so in a comment. Placeholders are left to ``placeholder-tag``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from postlint.rules.tags.taxonomy import group_near_duplicates, is_placeholder, normalise_tag
from postlint.rules.tags.uses import tag_uses

if TYPE_CHECKING:  # pragma: no cover
    from postlint.core.document import Post

FIELD = "tags"
#: a vocabulary needs this many tagged posts and distinct tags...
MIN_POSTS = 5
MIN_TAGS = 3
#: ... and is not one past this size (tags are free keywords there).
MAX_TAGS = 150
#: a spelling is a slip when the main one is used this many times more.
MINOR_SHARE = 0.2
#: a tag used once this close to one used at least 3 times is a typo of it.
TYPO_RATIO = 0.85


@dataclass
class TagsGuess:
    posts: int
    counts: dict[str, int]
    vocabulary: list[str]
    #: (spelling, uses, main spelling, its uses): left out.
    variants: list[tuple[str, int, str, int]] = field(default_factory=list)
    #: groups of spellings that are all frequent: both kept (``tag-spelling-variants`` reports them).
    undecided: list[list[str]] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def infer_tags(posts: list[Post]) -> TagsGuess | None:
    counts: Counter[str] = Counter()
    tagged = 0
    for post in posts:
        if (post.front_matter or {}).get("published") is False or FIELD not in (post.front_matter or {}):
            continue
        # one use per post and spelling, as the archives count them
        spellings = {use.tag for use in tag_uses(post, FIELD) if use.textual and use.tag.strip()}
        tagged += bool(spellings)
        counts.update(spellings)
    if tagged < MIN_POSTS or not MIN_TAGS <= len(counts) <= MAX_TAGS:
        return None
    ordered = dict(counts.most_common())
    guess = TagsGuess(tagged, ordered, [])
    left_out: set[str] = set()
    for group in group_near_duplicates(ordered):
        main = group[0]  # most used first
        minor = [t for t in group[1:] if _is_slip(counts[t], counts[main])]
        for tag in minor:
            guess.variants.append((tag, counts[tag], main, counts[main]))
        left_out.update(minor)
        if len(group) - len(minor) > 1:
            guess.undecided.append([t for t in group if t not in minor])
    grouped = {t for group in guess.undecided for t in group}
    for tag, uses in ordered.items():
        if tag in left_out or tag in grouped:
            continue
        if is_placeholder(tag):
            guess.placeholders.append(tag)
            left_out.add(tag)
        elif uses == 1:
            typo_of = _typo_of(tag, ordered)
            if typo_of is not None:
                guess.variants.append((tag, 1, typo_of, ordered[typo_of]))
                left_out.add(tag)
    guess.vocabulary = sorted((t for t in ordered if t not in left_out), key=lambda t: (normalise_tag(t), t))
    return guess


def _is_slip(uses: int, main_uses: int) -> bool:
    """A spelling this rare next to the main one is a slip, not a choice."""
    return uses <= MINOR_SHARE * main_uses or (uses == 1 and main_uses >= 3)


def _typo_of(tag: str, counts: dict[str, int]) -> str | None:
    key = normalise_tag(tag)
    for other, uses in counts.items():
        if uses < 3 or min(len(tag), len(other)) < 6 or re.sub(r"\d", "", other) == re.sub(r"\d", "", tag):
            continue
        if difflib.SequenceMatcher(None, normalise_tag(other), key).ratio() >= TYPO_RATIO:
            return other
    return None
