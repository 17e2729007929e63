"""The one Markdown parser configuration every check shares."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark plus the GFM tables and strikethrough kramdown also accepts.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@lru_cache(maxsize=1)
def fast_parser() -> Callable[[str], list[Token] | None] | None:
    """The same tokens from pulldown-cmark when ``postlint[fast]`` is installed
    (see :mod:`postlint.core.markdown_fast`); ``POSTLINT_MARKDOWN=markdown-it`` turns it off."""
    if os.environ.get("POSTLINT_MARKDOWN", "").lower() == "markdown-it":
        return None
    from postlint.core import markdown_fast

    return markdown_fast.parse if markdown_fast.available() else None


def parse(text: str) -> list[Token]:
    """The markdown-it tokens of a body: from the fast parser when it can
    give them exactly, else from markdown-it-py, the reference."""
    fast = fast_parser()
    tokens = fast(text) if fast is not None else None
    if tokens is None:
        env: dict[str, object] = {}
        tokens = parser().parse(text, env)
    return tokens
