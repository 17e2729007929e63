"""Where Jekyll publishes a file: permalinks, URLs and output paths."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from postlint.jekyll.config import PermalinkError, SiteConfig, clean_path, within_collections_dir
from postlint.jekyll.dates import document_date, match_post_filename
from postlint.jekyll.defaults import defaults_for, effective_front_matter
from postlint.jekyll.reader import Kind, SourceKind, classify
from postlint.jekyll.slugs import slugify

_SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def url_for(
    relpath: str,
    front_matter: Mapping[str, Any],
    cfg: SiteConfig,
    *,
    kind: SourceKind | None = None,
    today: _dt.date | None = None,
    read_error: bool = False,
) -> str | None:
    """The URL Jekyll gives this file (``page.url``), without baseurl; None if not output.

    Non-ASCII characters are percent-encoded, as in Jekyll's ``page.url``.
    Raises PermalinkError when the permalink has a placeholder Jekyll rejects.
    ``read_error``: the file has front matter Jekyll fails to load (invalid
    YAML, not a mapping); Jekyll then logs an error and publishes a document
    with only its defaults, dated at build time, slugged by its whole name.
    """
    kind = kind or classify(relpath, cfg, has_front_matter=True)
    if not is_published(relpath, front_matter, cfg, today=today, kind=kind, read_error=read_error):
        return None
    data = effective_front_matter(relpath, front_matter, cfg, kind)
    if kind.is_document:
        coll = cfg.collections.get(kind.collection or "")
        if coll is None or not coll.output:
            return None
        return _document_url(clean_path(relpath), data, cfg, kind, today, read_error)
    if kind.kind is Kind.PAGE:
        return _page_url(clean_path(relpath), data, cfg)
    if kind.kind is Kind.STATIC:
        return static_url(clean_path(relpath), cfg, kind)
    return None


def output_path_for(
    relpath: str,
    front_matter: Mapping[str, Any],
    cfg: SiteConfig,
    *,
    kind: SourceKind | None = None,
    today: _dt.date | None = None,
    read_error: bool = False,
    url: str | None = None,
) -> str | None:
    """The file written under the destination folder (decoded, no leading slash).

    It differs from the URL for pages under a custom global permalink
    (``/contact`` is written as ``contact.html``) and for ``/`` URLs (``index.html``).
    ``url``: :func:`url_for` of the same arguments, when the caller has it.
    """
    kind = kind or classify(relpath, cfg, has_front_matter=True)
    if url is None:
        url = url_for(relpath, front_matter, cfg, kind=kind, today=today, read_error=read_error)
    if url is None:
        return None
    path = _unescape(url).lstrip("/")
    if kind.kind is Kind.STATIC:
        return path
    ext = _output_ext(PurePosixPath(relpath).suffix, cfg)
    if url.endswith("/"):
        # Documents always get index.html, pages index + their output extension.
        return path + ("index.html" if kind.is_document else "index" + ext)
    return path if path.endswith(ext) else path + ext


def permalink_template(relpath: str, data: Mapping[str, Any], cfg: SiteConfig, kind: SourceKind) -> str:
    """The template Jekyll expands for this file: front matter, collection or style."""
    permalink = data.get("permalink")
    if permalink:
        return str(permalink)
    if kind.is_document:
        coll = cfg.collections[kind.collection or "posts"]
        if coll.permalink:
            return coll.permalink
        return _add_suffix("/:collection/:path", cfg.permalink)
    return _page_template(relpath, cfg)


def relative_url(url: str, cfg: SiteConfig) -> str:
    """Prefix ``url`` with baseurl, like Jekyll's ``relative_url`` filter."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return url
    base = cfg.baseurl[:-1] if cfg.baseurl.endswith("/") else cfg.baseurl
    return _ensure_slash(base) + _ensure_slash(url) if base else _ensure_slash(url)


def absolute_url(url: str, cfg: SiteConfig) -> str:
    """``url`` + baseurl + path, like Jekyll's ``absolute_url`` filter."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return url
    return cfg.url.rstrip("/") + relative_url(url, cfg)


def _ensure_slash(part: str) -> str:
    return part if part.startswith("/") else "/" + part


def _add_suffix(template: str, style: str) -> str:
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none", "weekdate"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


def _output_ext(ext: str, cfg: SiteConfig) -> str:
    low = ext.lower().lstrip(".")
    if low in cfg.markdown_ext:
        return ".html"
    return {"scss": ".css", "sass": ".css", "coffee": ".js"}.get(low, ext)


def _document_url(
    path: str,
    data: Mapping[str, Any],
    cfg: SiteConfig,
    kind: SourceKind,
    today: _dt.date | None,
    read_error: bool = False,
) -> str | None:
    when = document_date(path, data, cfg, today=today, read_error=read_error)
    if when is None:
        return None
    values = _document_placeholders(path, data, cfg, kind, when, read_error)
    template = permalink_template(path, data, cfg, kind)
    return _sanitize_url(_expand_drop(template, values))


def _document_placeholders(
    path: str,
    data: Mapping[str, Any],
    cfg: SiteConfig,
    kind: SourceKind,
    when: _dt.datetime,
    read_error: bool = False,
) -> dict[str, str]:
    rel = within_collections_dir(path, cfg) or path
    stem = PurePosixPath(rel).stem
    ext = PurePosixPath(rel).suffix
    slug = data.get("slug")
    # After a read error Jekyll never splits the file name (populate_title is skipped).
    file_slug = stem if read_error else _filename_slug(rel)
    folders = not read_error
    slug_text = str(slug) if slug is not None else file_slug
    # Drafts take categories from folders above _drafts, but their :path keeps
    # "_drafts" because Jekyll strips the posts folder, "_posts", from it.
    magic = "_drafts" if kind.kind is Kind.DRAFT else f"_{kind.collection}"
    coll_dir = f"_{kind.collection or 'posts'}"
    iso = when.isocalendar()
    values = {
        "collection": kind.collection or "posts",
        "path": re.sub(r"\.*\Z", "", rel[: len(rel) - len(ext)].replace(coll_dir, "", 1)),
        "output_ext": _output_ext(ext, cfg),
        "name": slugify(stem),
        "title": slugify(slug_text, "pretty", cased=True),
        "slug": slugify(slug_text),
        "categories": "/".join(dict.fromkeys(c.lower() for c in _categories(rel, data, magic, folders=folders))),
        "slugified_categories": "/".join(
            dict.fromkeys(slugify(c) for c in _categories(rel, data, magic, folders=folders))
        ),
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "i_day": str(when.day),
        "i_month": str(when.month),
        "short_year": f"{when.year % 100:02d}",
        "w_year": str(iso[0]),
        "week": f"{iso[1]:02d}",
        "w_day": str(iso[2]),
        "short_day": _SHORT_DAYS[when.weekday()],
        "long_day": _LONG_DAYS[when.weekday()],
        "short_month": _SHORT_MONTHS[when.month - 1],
        "long_month": _LONG_MONTHS[when.month - 1],
        "y_day": f"{when.timetuple().tm_yday:03d}",
    }
    return values


_DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^./]+)$")


def _filename_slug(rel: str) -> str:
    found = match_post_filename(rel)
    if found is not None:
        slug = found.slug
    else:
        plain = _DATELESS_FILENAME.match(rel)
        slug = plain.group(1) if plain else PurePosixPath(rel).name
    return re.sub(r"\.*\Z", "", slug)


def _categories(rel: str, data: Mapping[str, Any], magic: str, *, folders: bool = True) -> list[str]:
    """Folders above ``_posts`` first, then ``categories`` and ``category`` of the front matter."""
    if rel.startswith(magic) or not folders:
        cats: list[str] = []
    else:
        head = re.sub(re.escape(magic) + ".*", "", rel, count=1, flags=re.S)
        name = rel.rsplit("/", 1)[-1]
        cats = [c for c in head.split("/") if c and c != magic and c != name]
    plural = data.get("categories")
    # A string of categories is split on spaces; a single `category:` is not.
    cats.extend(_flatten(plural.split() if isinstance(plural, str) else plural))
    if "category" in data:
        cats.extend(_flatten(data["category"]))
    return list(dict.fromkeys(cats))


def _flatten(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            out.extend(_flatten(item))
        return out
    return [_ruby_to_s(value)]


def _ruby_to_s(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


_PLACEHOLDER = re.compile(r":([a-z_]+)")


def _expand_drop(template: str, values: Mapping[str, str]) -> str:
    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        winner = next((key for key in pool if key in values), None)
        if winner is None:
            raise PermalinkError(f"unknown permalink placeholder :{' or :'.join(pool)}")
        rest = found.group(0)[len(winner) + 1 :]
        return _escape_path(values[winner]) + rest

    return _PLACEHOLDER.sub(replace, template)


def _expand_hash(template: str, values: Mapping[str, str | None]) -> str:
    result = template
    for key, value in values.items():
        if ":" not in result:
            break
        if value is None:
            result = result.replace(f"/:{key}", "")
        else:
            result = result.replace(f":{key}", _escape_path(value))
    return result


def _sanitize_url(url: str) -> str:
    result = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", result)


_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")


def _escape_path(path: str) -> str:
    """Percent-encode what is not allowed in a URL path (RFC 3986 pchar and ``/``)."""
    if not path or _SAFE_PATH.match(path):
        return path
    return quote(path, safe="/!$&'()*+,;=:@~-._?")


def _unescape(url: str) -> str:
    from urllib.parse import unquote

    return unquote(url) if "%" in url else url


def _page_template(relpath: str, cfg: SiteConfig) -> str:
    name = PurePosixPath(relpath).name
    ext = PurePosixPath(name).suffix
    basename = re.sub(r"\.*\Z", "", name[: len(name) - len(ext)] if ext else name)
    out_ext = _output_ext(ext, cfg)
    if out_ext not in (".html", ".xhtml", ".htm"):
        return "/:path/:basename:output_ext"
    if basename == "index":
        return "/:path/"
    return _add_suffix("/:path/:basename", cfg.permalink)


def _page_url(path: str, data: Mapping[str, Any], cfg: SiteConfig) -> str:
    pure = PurePosixPath(path)
    ext = pure.suffix
    basename = re.sub(r"\.*\Z", "", pure.name[: len(pure.name) - len(ext)] if ext else pure.name)
    directory = "/" + str(pure.parent) if str(pure.parent) != "." else ""
    values: dict[str, str | None] = {
        "path": directory,
        "basename": basename,
        "output_ext": _output_ext(ext, cfg),
    }
    permalink = data.get("permalink")
    template = str(permalink) if permalink else _page_template(path, cfg)
    return _sanitize_url(_expand_hash(template, values))


def static_url(path: str, cfg: SiteConfig, kind: SourceKind) -> str | None:
    pure = PurePosixPath(path)
    ext = pure.suffix
    cleaned = re.sub(r"\.*\Z", "", path[: len(path) - len(ext)] if ext else path)
    if kind.collection is None:
        return "/" + cleaned + ext
    coll = cfg.collections[kind.collection]
    if not coll.output:
        return None
    rel = within_collections_dir(cleaned, cfg) or cleaned
    values: dict[str, str | None] = {
        "collection": coll.label,
        "path": rel.replace(f"_{coll.label}", "", 1),
        "output_ext": "",
        "name": pure.stem,
        "title": "",
    }
    template = coll.permalink or _add_suffix("/:collection/:path", cfg.permalink)
    return _sanitize_url(_expand_hash(template, values)).rstrip("/") + ext

def _publication_data(
    relpath: str, front_matter: Mapping[str, Any], data: Mapping[str, Any], cfg: SiteConfig, kind: SourceKind
) -> Mapping[str, Any]:
    """Where Jekyll looks up ``published``, which differs by kind of file.

    Pages: their own front matter only (``Hash#fetch`` skips the defaults,
    which pages read lazily). Static files: the defaults whose scope covers
    their URL (not their source path) and collection. Documents: front
    matter merged over defaults.
    """
    if kind.kind is Kind.PAGE:
        return front_matter
    if kind.kind is Kind.STATIC:
        url = static_url(clean_path(relpath), cfg, kind)
        return defaults_for(url.lstrip("/"), kind.collection, cfg) if url is not None else {}
    return data




def is_published(
    relpath: str,
    front_matter: Mapping[str, Any],
    cfg: SiteConfig,
    *,
    today: _dt.date | None = None,
    kind: SourceKind | None = None,
    read_error: bool = False,
) -> bool:
    """Whether Jekyll reads this file into the site (``published:``, drafts, ``future:``).

    A document of a collection with ``output: false`` can be published (it is
    in ``site.<label>``) and still have no URL; see :func:`url_for`.
    """
    kind = kind or classify(relpath, cfg, has_front_matter=True)
    if kind.kind in (Kind.EXCLUDED, Kind.IGNORED, Kind.SUPPORT, Kind.DATA):
        return False
    if kind.kind is Kind.DRAFT and not cfg.show_drafts:
        return False
    data = effective_front_matter(relpath, front_matter, cfg, kind)
    # Ruby: `data.fetch("published", true)`: only false and an explicit null hide a file.
    publish = _publication_data(relpath, front_matter, data, cfg, kind)
    if not cfg.unpublished and "published" in publish and publish["published"] in (False, None):
        return False
    if kind.is_document and not cfg.future:
        when = document_date(relpath, data, cfg, today=today, read_error=read_error)
        if when is None:
            return False
        if when.date() > (today or _dt.date.today()):
            return False
    return True
