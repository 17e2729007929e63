"""The HTML tags of a fragment (raw HTML in Markdown, an HTML page), with
their attributes and positions: one tolerant tokenizer for the project."""

from __future__ import annotations

import functools

#: ``(tag, attributes, 1-based line, 0-based column)`` of each start tag.
Tag = tuple[str, dict[str, str | None], int, int]


@functools.lru_cache(maxsize=1)
def _collector_class() -> type:
    """The tag collector, defined on first use: most posts have no HTML, and
    html.parser costs a pre-commit run 2 ms to import."""
    from html.parser import HTMLParser

    class _TagCollector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: list[Tag] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            line, offset = self.getpos()
            self.tags.append((tag, dict(attrs), line, offset))

        handle_startendtag = handle_starttag

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
