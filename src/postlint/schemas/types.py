"""Reusable front-matter field types, for built-in and user schemas.

Validators raise ``PydanticCustomError`` whose *type* is the id of a
postlint message (see the ``invalid-value`` rule), so every failure is
explained in an editor's words, in the editor's language, at the value's
line:column. Markers (:class:`AssetRef`, :class:`LinkRef`,
:class:`Reference`, :class:`KeySeverity`) tell rules what a field holds without guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from postlint.diagnostics import Severity


@dataclass(frozen=True)
class AssetRef:
    """The field names a file of the repo (site-relative path) or a URL."""


@dataclass(frozen=True)
class LinkRef:
    """The field holds a link (checked like links in the body)."""


@dataclass(frozen=True)
class Reference:
    """The field names an item of another collection (``collection="startups"``:
    ``_startups/<name>.md``) or a key of a data file (``data="_data/x.yml"``).
    With ``url_field``, that data entry's field must equal this page's URL."""

    collection: str | None = None
    data: str | None = None
    url_field: str | None = None


@dataclass(frozen=True)
class KeySeverity:
    """Report problems with this key at this severity."""

    severity: Severity


def _non_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "is empty")
    return value


_URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$|^https?://localhost(?::\d+)?(?:[/?#]\S*)?$")


def _http_url(value: str) -> str:
    if not _URL_RE.match(value.strip()):
        raise PydanticCustomError("url", "is not an http(s) URL", {"value": value})
    return value


def _asset_path(value: str) -> str:
    stripped = value.strip()
    if stripped.startswith(("http://", "https://")):
        return _http_url(stripped)
    if not stripped.startswith("/"):
        raise PydanticCustomError("asset-path", "should start with /", {"value": value})
    if any(ch.isspace() for ch in stripped):
        raise PydanticCustomError("asset-space", "contains a space", {"value": value})
    return value


_HANDLE_RE = re.compile(r"^[A-Za-z0-9_]{1,30}$")
_SOCIAL_HOSTS_RE = re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/@?([A-Za-z0-9_]+)", re.I)


def _handle(value: str) -> str:
    stripped = value.strip()
    url = _SOCIAL_HOSTS_RE.match(stripped)
    if url or stripped.startswith(("http://", "https://")):
        raise PydanticCustomError(
            "handle-url", "is a URL, not a handle", {"value": value, "expected": url.group(1) if url else ""}
        )
    if stripped.startswith("@"):
        raise PydanticCustomError("handle-at", "starts with @", {"value": value, "expected": stripped.lstrip("@")})
    if not _HANDLE_RE.match(stripped):
        raise PydanticCustomError("handle-invalid", "is not a handle", {"value": value})
    return value


_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$"
)


def _date_like(value: Any) -> Any:
    """Accept what Jekyll accepts: YAML dates, and strings in its formats."""
    if isinstance(value, (dt.date, dt.datetime)) or not isinstance(value, str):
        return value
    m = _DATE_RE.match(value)
    if not m:
        raise PydanticCustomError("date-invalid", "is not a date", {"value": value})
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups()[:6])
    try:
        return dt.datetime(year, month, day, hour, minute, second) if m.group(4) else dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError("date-invalid", "is not a date", {"value": value}) from None


NonEmptyText = Annotated[str, AfterValidator(_non_blank)]
"""Text that is not empty or blank."""

HttpUrl = Annotated[str, AfterValidator(_http_url), LinkRef()]
"""An absolute ``http://`` or ``https://`` URL."""

AssetPath = Annotated[str, AfterValidator(_asset_path), AssetRef()]
"""A site-relative path (``/img/x.jpg``) to a file of the repo, or a URL."""

Handle = Annotated[str, AfterValidator(_handle)]
"""A bare social-network handle: ``etalab``, not ``@etalab`` nor a URL."""

DateValue = Annotated[Union[dt.datetime, dt.date], BeforeValidator(_date_like)]
"""A date or date-time, as YAML or Jekyll's date strings write it."""


def TagList(min_items: int | None = None, max_items: int | None = None) -> Any:
    """A list of non-empty tags with optional bounds on their number."""
    return Annotated[list[NonEmptyText], Field(min_length=min_items, max_length=max_items)]


Tags = TagList()
