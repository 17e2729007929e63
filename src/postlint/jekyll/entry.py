"""What Jekyll makes of one source file: the site map's unit."""

from __future__ import annotations

from typing import Any, NamedTuple


class Entry(NamedTuple):
    """One source file and what Jekyll makes of it (a named tuple: a warm
    run rebuilds 10,000 of them from the cache, 4x faster than a frozen
    dataclass). Pages that plugins create have ``kind`` ``"generated"``
    (their ``source`` is the file they come from, when there is one)."""

    source: str
    kind: str
    collection: str | None
    url: str | None  # without baseurl, percent-encoded as Jekyll's page.url
    output: str | None  # the file written under _site, decoded
    published: bool
    reason: str | None = None  # why it is not output, when known
    #: ``redirect_from:`` URLs (jekyll-redirect-from makes each a redirect here).
    aliases: tuple[str, ...] = ()
    #: ``redirect_to:``: the page is a redirect to this URL.
    redirect_to: str | None = None
    #: a post's tags and categories (archive pages), and whether the page
    #: asks jekyll-paginate-v2 for pagination.
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    paginated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "kind": self.kind, "collection": self.collection, "url": self.url,
            "output": self.output, "published": self.published, "reason": self.reason,
        }

    @classmethod
    def from_row(cls, row: list[Any]) -> Entry:
        """An entry from its stored JSON row (lists back to tuples)."""
        values = list(row)
        for i in (7, 9, 10):
            if i < len(values) and isinstance(values[i], list):
                values[i] = tuple(values[i])
        return cls._make(values)
