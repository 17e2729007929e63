"""Which posts are job offers.

An offer is *detected* first, by an explicit signal (a collection, a
front-matter ``type``) or else by a phrase in the title or the first
heading of a post; the job-offer rules run on detected offers only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from postlint.core.document import Post
from postlint.jekyll import is_draft
from postlint.rules.jobs.options import JobsOptions
from postlint.rules.jobs.text import fold, phrase_in

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

__all__ = ["detect", "first_heading", "title", "title_heading_index"]


def title(post: Post) -> str:
    value = (post.front_matter or {}).get("title")
    return value if isinstance(value, str) else ""


def first_heading(post: Post) -> tuple[Token, str] | None:
    return next(iter(post.headings()), None)


def detect(post: Post, options: JobsOptions) -> str | None:
    """Why ``post`` is a job offer ("collection", "type", "pattern"), or None."""
    from postlint.core.globs import glob_match

    d = options.detect
    if not post.front_matter and not post.body.strip():
        return None
    if any(glob_match(post.relpath, g) for g in d.exclude):
        return None
    if is_draft(post.relpath) and not d.include_drafts:
        return None
    if (post.front_matter or {}).get("published") is False:
        return None
    if any(glob_match(post.relpath, g) for g in d.collections):
        return "collection"
    if d.type_key and d.type_key in (post.front_matter or {}):
        kind = post.front_matter[d.type_key]  # type: ignore[index]
        wanted = {fold(v) for v in d.type_values}
        return "type" if isinstance(kind, str) and fold(kind) in wanted else None
    if not any(glob_match(post.relpath, g) for g in d.pattern_paths):
        return None
    heading = first_heading(post)
    texts = [fold(title(post)), fold(heading[1]) if heading else ""]
    if any(phrase_in(p, t) for p in d.patterns for t in texts if t):
        return "pattern"
    return None


def title_heading_index(post: Post, options: JobsOptions) -> int | None:
    """The token index of the offer's title heading (the first heading, when
    it names the offer: « Offre d'emploi « Chargé·e de mission » »), which
    never provides a section (its « mission » is the job's name)."""
    tokens = post.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens):
            text = fold(tokens[i + 1].content)
            named = any(phrase_in(p, text) for p in options.detect.patterns) or (
                bool(text) and text == fold(title(post)))
            return i if named else None
    return None
