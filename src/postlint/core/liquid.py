"""Liquid regions that change what the Markdown of a page is.

Jekyll runs Liquid before Markdown: ``{% comment %}...{% endcomment %}``
disappears from the page (its links and headings do not exist), and
``{% raw %}...{% endraw %}`` is emitted as it is written (Liquid tags in it,
such as ``{% post_url %}``, are shown, not evaluated; Markdown in it is
still Markdown).
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r"\{%-?\s*(comment|raw)\s*-?%\}")
_END = {"comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"), "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}")}


def regions(text: str) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of each comment and raw block (tags included),
    in order; an unclosed one runs to the end of the text, as in Liquid."""
    found: list[tuple[str, int, int]] = []
    pos = 0
    while True:
        opening = _BLOCK.search(text, pos)
        if opening is None:
            return found
        kind = opening.group(1)
        closing = _END[kind].search(text, opening.end())
        end = closing.end() if closing is not None else len(text)
        found.append((kind, opening.start(), end))
        pos = end


def without_comments(text: str) -> str:
    """``text`` with every Liquid comment blanked (same length, line feeds
    kept): what Markdown sees of it."""
    if "comment" not in text:
        return text
    out = []
    pos = 0
    for kind, start, end in regions(text):
        if kind != "comment":
            continue
        out.append(text[pos:start])
        out.append(re.sub(r"[^\r\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def raw_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the raw blocks of ``text``."""
    if "raw" not in text:
        return []
    return [(start, end) for kind, start, end in regions(text) if kind == "raw"]
