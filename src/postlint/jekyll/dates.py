"""Post dates as Jekyll reads them: the file-name date and the front-matter
``date:``, both through Ruby's ``Time.parse`` semantics
(:mod:`postlint.jekyll.ruby_time`). The only date logic of postlint: the
site map's URLs and the date rules agree because both ask here."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from postlint.jekyll.config import clean_path
from postlint.jekyll.ruby_time import jekyll_front_matter_date, match_dated_filename

if TYPE_CHECKING:  # pragma: no cover
    from postlint.jekyll.config import SiteConfig


class PostFilenameMatch(NamedTuple):
    """What Jekyll's date matcher sees in a file name, valid or not.

    ``date`` is the calendar date written (two-digit years completed as Ruby
    does: 00-68 are 20YY, 69-99 19YY), or None when no such day exists.
    ``jekyll_date`` is what Jekyll uses: Ruby's ``Time`` rolls a day 29-31
    past the month's end into the next month (2019-02-30 is March 2nd); a
    month outside 1-12 or a day outside 1-31 makes the build fail (None).
    """

    date_text: str
    slug: str
    ext: str
    date: _dt.date | None
    jekyll_date: _dt.date | None

    @property
    def year_digits(self) -> int:
        return len(self.date_text.split("-", 1)[0])


def match_post_filename(name: str) -> PostFilenameMatch | None:
    """Split a post file name (or path) as Jekyll does; None when it has no date."""
    found = match_dated_filename(name)
    if found is None:
        return None
    return PostFilenameMatch(found.date_text, found.slug, found.ext, found.written, found.jekyll_day)


def post_slug(relpath: str) -> str:
    """The slug Jekyll reads from a post's file name (the name without
    date and extension)."""
    found = match_dated_filename(relpath)
    if found is not None:
        return found.slug
    name = relpath.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def front_matter_date(value: Any, cfg: SiteConfig) -> _dt.datetime | None:
    """A ``date:`` value as Jekyll sees it, as a naive time in the site's
    zone; None when Jekyll cannot use it (it stops the build)."""
    found = jekyll_front_matter_date(value, timezone=cfg.timezone)
    if not found.accepted or found.moment is None:
        return None
    return found.moment.replace(tzinfo=None)


def rejects_date(value: Any, cfg: SiteConfig) -> str | None:
    """Why Jekyll stops the build on this ``date:`` value, or None when it
    accepts it (or cannot be judged)."""
    found = jekyll_front_matter_date(value, timezone=cfg.timezone)
    return found.reason or "not a date" if found.rejected else None


def document_date(
    relpath: str,
    data: Mapping[str, Any],
    cfg: SiteConfig,
    *,
    today: _dt.date | None = None,
    read_error: bool = False,
) -> _dt.datetime | None:
    """The date Jekyll gives a document: front matter, else file name, else build time.

    None means Jekyll's build fails on this date (``InvalidDateError``):
    Jekyll parses a ``date:`` key whatever its value (an empty one too).
    With ``read_error`` (front matter Jekyll cannot load), Jekyll skips the
    file-name date too and uses the build time.
    """
    if "date" in data:
        return front_matter_date(data["date"], cfg)
    found = None if read_error else match_post_filename(clean_path(relpath))
    if found is not None:
        if found.jekyll_date is None:
            return None
        d = found.jekyll_date
        return _dt.datetime(d.year, d.month, d.day)
    d = today or _dt.date.today()
    return _dt.datetime(d.year, d.month, d.day)


def post_date(relpath: str, front_matter: Mapping[str, Any] | None, cfg: SiteConfig) -> _dt.date | None:
    """The day a post is dated (front matter, else file name), without the
    build-time fallback; None when it has none Jekyll can use."""
    data = front_matter or {}
    if "date" in data:
        when = front_matter_date(data["date"], cfg)
        return when.date() if when else None
    found = match_post_filename(clean_path(relpath))
    return found.jekyll_date if found else None
