"""Reusable front-matter field types, for built-in and user schemas.

Validators raise ``PydanticCustomError`` whose *type* is the id of a
postlint message (see the ``invalid-value`` rule), so every failure is
explained in an editor's words, in the editor's language, at the value's
line:column. Markers (:class:`AssetRef`, :class:`LinkRef`,
:class:`Reference`, :class:`KeySeverity`) tell rules what a field holds without guessing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from postlint.core.diagnostics import Severity


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


@dataclass(frozen=True)
class JsonSchemaExtra:
    """Adds keywords to a type's exported JSON Schema without changing how
    Pydantic validates it: validation stays with our own validators (and
    their editor-friendly messages); the export says the same thing in JSON
    Schema words so editors validate front matter exactly like postlint."""

    #: the keywords as JSON text: hashable (Pydantic hashes metadata) and
    #: copied afresh into every schema that uses them.
    extra_json: str

    @classmethod
    def of(cls, **extra: Any) -> JsonSchemaExtra:
        return cls(json.dumps(extra, ensure_ascii=False, sort_keys=True))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        for key, value in json.loads(self.extra_json).items():
            if key in result and result[key] != value and key != "description":
                # Two patterns (or bounds) must both hold: JSON Schema says
                # that with allOf, as one object cannot repeat a keyword.
                result.setdefault("allOf", []).append({key: value})
            else:
                result[key] = value
        return result


def _non_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "is empty")
    return value


_URL_BODY = r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?|https?://localhost(?::\d+)?(?:[/?#]\S*)?"
_URL_RE = re.compile(rf"^(?:{_URL_BODY})$")
# JSON Schema patterns say what the validators accept, surrounding blanks
# included (the validators strip them), in a syntax that both Python and the
# ECMAScript engines of editors read the same way.
URL_PATTERN = rf"^\s*(?:{_URL_BODY})\s*$"
ASSET_PATTERN = rf"^\s*(?:/\S*|{_URL_BODY})\s*$"
HANDLE_PATTERN = r"^\s*[A-Za-z0-9_]{1,30}\s*$"
NON_BLANK_PATTERN = r"\S"


def _http_url(value: str) -> str:
    if not _URL_RE.match(value.strip()):
        raise PydanticCustomError("url", "is not an http(s) URL", {"value": value})
    return value


#: an inline asset (``data:image/png;base64,...``): valid wherever an asset path is.
_DATA_URI_RE = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*(?:;base64)?,", re.IGNORECASE)


def _asset_path(value: str) -> str:
    stripped = value.strip()
    if stripped.startswith(("http://", "https://")):
        return _http_url(stripped)
    if _DATA_URI_RE.match(stripped):
        return value
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


def _date_pattern() -> str:
    """The strings :func:`_date_like` accepts, calendar included (30 April,
    29 February of leap years only), as one regular expression."""
    year = r"(?!0000)\d{4}"
    leap = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    day_31, day_30 = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|[12]\d|30)"
    day = (
        rf"(?:{year}-(?:0?[13578]|1[02])-{day_31}|{year}-(?:0?[469]|11)-{day_30}"
        rf"|{year}-0?2-(?:0?[1-9]|1\d|2[0-8])|{leap}-0?2-29)"
    )
    time = r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
    return rf"^\s*{day}{time}\s*$"


DATE_PATTERN = _date_pattern()


def _date_like(value: Any) -> Any:
    """Accept what Jekyll accepts: YAML dates, and strings in its formats."""
    if isinstance(value, (dt.date, dt.datetime)) or value is None:
        return value
    if not isinstance(value, str):
        # Pydantic would read a number as a Unix timestamp: never what an
        # editor meant by `date: 20240312`.
        raise PydanticCustomError("date-invalid", "is not a date", {"value": value})
    m = _DATE_RE.match(value)
    if m:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups()[:6])
        try:
            return dt.datetime(year, month, day, hour, minute, second) if m.group(4) else dt.date(year, month, day)
        except ValueError:
            pass
    # anything else Ruby's Time.parse reads is a date to Jekyll too (June 2, 2020; 12:00 EDT...)
    from postlint.jekyll.ruby_time import jekyll_parse_date

    found = jekyll_parse_date(value)
    if found.accepted and found.moment is not None and not found.rolled_over:
        return found.moment.replace(tzinfo=None)
    raise PydanticCustomError("date-invalid", "is not a date", {"value": value})


NonEmptyText = Annotated[
    str, AfterValidator(_non_blank), JsonSchemaExtra.of(pattern=NON_BLANK_PATTERN, minLength=1)
]
"""Text that is not empty or blank."""

HttpUrl = Annotated[
    str, AfterValidator(_http_url), LinkRef(),
    JsonSchemaExtra.of(pattern=URL_PATTERN, description="A full web address starting with https://"),
]
"""An absolute ``http://`` or ``https://`` URL."""

AssetPath = Annotated[
    str, AfterValidator(_asset_path), AssetRef(),
    JsonSchemaExtra.of(pattern=ASSET_PATTERN, description="A path from the site root (/img/photo.png), or a URL"),
]
"""A site-relative path (``/img/x.jpg``) to a file of the repo, or a URL."""

Handle = Annotated[
    str, AfterValidator(_handle),
    JsonSchemaExtra.of(pattern=HANDLE_PATTERN, description="A bare handle: letters, digits and _, without @"),
]
"""A bare social-network handle: ``etalab``, not ``@etalab`` nor a URL."""

DateValue = Annotated[
    Union[dt.datetime, dt.date], BeforeValidator(_date_like),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN,
                    "description": "A date, YYYY-MM-DD, optionally followed by a time (HH:MM, HH:MM:SS) and a zone"}),
]
"""A date or date-time, as YAML or Jekyll's date strings write it."""


def TagList(min_items: int | None = None, max_items: int | None = None) -> Any:
    """A list of non-empty tags with optional bounds on their number."""
    return Annotated[list[NonEmptyText], Field(min_length=min_items, max_length=max_items)]


Tags = TagList()
