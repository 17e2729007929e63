"""The HTML tags of a fragment (raw HTML in Markdown, an HTML page), with
their attributes and positions: one tolerant tokenizer for the project."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

#: ``(tag, attributes, 1-based line, 0-based column)`` of each start tag.
Tag = tuple[str, dict[str, str | None], int, int]


@functools.lru_cache(maxsize=1)
def _collector_class() -> type:
    """The HTML tag collector, defined on first use: most posts have no
    HTML, and html.parser costs a pre-commit run 2 ms to import."""
    from html.parser import HTMLParser

    class _Unterminated(Exception):
        pass

    def at_end_of_data(parse: Callable[..., int]) -> Callable[..., int]:
        # At the end of the data (close()), a comment, declaration or tag
        # that does not end runs to the end of the fragment, as in HTML5 (and
        # Python's own parser since 3.13.4, gh-135462). Earlier versions
        # made it text up to the next `>` and went on: 50,000 `<!-- ` each
        # searched the rest of the fragment for their end, quadratic.
        def wrapped(self: Any, i: int, *args: Any, **kwargs: Any) -> int:
            end = parse(self, i, *args, **kwargs)
            if end < 0 and self.closing:
                raise _Unterminated
            return end

        return wrapped

    class _TagCollector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: list[Tag] = []
            self.closing = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            line, offset = self.getpos()
            self.tags.append((tag, dict(attrs), line, offset))

        handle_startendtag = handle_starttag

        def close(self) -> None:
            self.closing = True
            try:
                super().close()
            except _Unterminated:
                pass

        parse_starttag = at_end_of_data(HTMLParser.parse_starttag)
        parse_endtag = at_end_of_data(HTMLParser.parse_endtag)
        parse_comment = at_end_of_data(HTMLParser.parse_comment)
        parse_pi = at_end_of_data(HTMLParser.parse_pi)
        parse_html_declaration = at_end_of_data(HTMLParser.parse_html_declaration)

    return _TagCollector


def html_tags(source: str) -> list[Tag]:
    """Every start tag of ``source``; malformed HTML keeps what was read."""
    collector = _collector_class()()
    try:
        collector.feed(source)
        collector.close()
    except Exception:  # malformed HTML: keep what was collected
        pass
    tags: list[Tag] = collector.tags
    return tags


def html_ids(source: str) -> set[str]:
    """Ids (and ``<a name>``) declared in an HTML fragment."""
    ids: set[str] = set()
    for tag, attrs, _line, _offset in html_tags(source):
        for name in ("id", "name") if tag == "a" else ("id",):
            value = attrs.get(name)
            if value:
                ids.add(value)
    return ids
