"""A model of what Jekyll 4.3 publishes, computed without building the site.

Everything here is a pure function of a repository-relative POSIX path, the
file's front matter and the site configuration (:class:`SiteConfig`). The
rules follow Jekyll's own reader, ``Document``, ``Page``, ``StaticFile``,
``URL``, ``Utils.slugify`` and ``FrontmatterDefaults``, including their
quirks (prefix matching of ``exclude:`` and of defaults scopes, pages whose
URL loses its extension under a custom global permalink, dates that roll
over such as February 30th), because a linter must predict the real site,
not an idealised one.

Heading ids follow kramdown 2.x: :func:`heading_id_kramdown` for the
``kramdown`` input and :func:`heading_id_gfm` for the ``GFM`` input, which is
Jekyll's default, so :func:`heading_id_for_site` picks the right one.
"""

from __future__ import annotations

import datetime as _dt
import enum
import fnmatch
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, NamedTuple
from urllib.parse import quote

import yaml

from postlint.globs import translate
from postlint.yamlpos import safe_load

__all__ = [
    "DEFAULT_EXCLUDES",
    "CollectionConfig",
    "DefaultsScope",
    "Kind",
    "PermalinkError",
    "PostFilename",
    "PostFilenameMatch",
    "SiteConfig",
    "SiteConfigError",
    "SourceKind",
    "absolute_url",
    "classify",
    "effective_front_matter",
    "document_date",
    "explicit_id",
    "heading_id_for_site",
    "heading_id_from_markdown",
    "heading_id_gfm",
    "heading_id_github",
    "heading_id_kramdown",
    "heading_plain_text",
    "is_published",
    "load_site_config",
    "match_post_filename",
    "output_path_for",
    "parse_post_filename",
    "permalink_template",
    "relative_url",
    "site_config_from_mapping",
    "slugify",
    "unique_ids",
    "url_for",
]

# --------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------

#: Appended by Jekyll to every site's ``exclude:`` list (Configuration::DEFAULT_EXCLUDES).
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)

#: Global ``permalink:`` styles and the post template each stands for.
PERMALINK_STYLES: Mapping[str, str] = MappingProxyType(
    {
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none": "/:categories/:title:output_ext",
    }
)

_DEFAULT_MARKDOWN_EXT = ("markdown", "mkdown", "mkdn", "mkd", "md")
_DATA_EXTS = (".yml", ".yaml", ".json", ".csv", ".tsv")


class SiteConfigError(ValueError):
    """``_config.yml`` cannot be read; ``line``/``column`` are 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class PermalinkError(ValueError):
    """A permalink uses a placeholder Jekyll does not know: Jekyll's build fails."""


@dataclass(frozen=True)
class CollectionConfig:
    """One entry of ``collections:`` (``posts`` is always present)."""

    label: str
    output: bool = False
    permalink: str | None = None

    def directory(self, collections_dir: str = "") -> str:
        """Repository-relative folder holding the collection, e.g. ``_communaute``."""
        return _join(collections_dir, f"_{self.label}")


@dataclass(frozen=True)
class DefaultsScope:
    """One ``defaults:`` entry: values applied to paths under ``path`` of ``type``."""

    path: str = ""
    type: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteConfig:
    """The parts of ``_config.yml`` that decide what is published, and where."""

    url: str = ""
    baseurl: str = ""
    permalink: str = "date"
    collections: Mapping[str, CollectionConfig] = field(
        default_factory=lambda: MappingProxyType(
            {"posts": CollectionConfig("posts", True, PERMALINK_STYLES["date"])}
        )
    )
    collections_dir: str = ""
    defaults: tuple[DefaultsScope, ...] = ()
    include: tuple[str, ...] = (".htaccess",)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    keep_files: tuple[str, ...] = (".git", ".svn")
    future: bool = False
    show_drafts: bool = False
    unpublished: bool = False
    markdown: str = "kramdown"
    markdown_ext: tuple[str, ...] = _DEFAULT_MARKDOWN_EXT
    kramdown_input: str = "GFM"
    auto_ids: bool = True
    auto_id_prefix: str = ""
    transliterated_header_ids: bool = False
    timezone: str | None = None
    destination: str = "_site"
    data_dir: str = "_data"
    layouts_dir: str = "_layouts"
    includes_dir: str = "_includes"
    plugins_dir: str = "_plugins"
    sass_dir: str = "_sass"

    @property
    def posts(self) -> CollectionConfig:
        return self.collections["posts"]

    def collection_for_dir(self, top: str) -> CollectionConfig | None:
        """The collection whose folder is ``top`` (e.g. ``_defis``), ``posts`` excluded."""
        if top.startswith("_"):
            found = self.collections.get(top[1:])
            if found is not None and found.label != "posts":
                return found
        return None


def load_site_config(root: Path) -> SiteConfig:
    """Read ``root/_config.yml`` (defaults when absent); raise SiteConfigError if invalid."""
    path = Path(root) / "_config.yml"
    if not path.is_file():
        return site_config_from_mapping({})
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"cannot read {path.name}: {exc}") from exc
    try:
        raw = safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        raise SiteConfigError(f"invalid YAML in {path.name}: {exc.problem}", line, col) from exc
    except yaml.YAMLError as exc:
        raise SiteConfigError(f"invalid YAML in {path.name}: {exc}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise SiteConfigError(f"{path.name} must be a mapping of settings", 1, 1)
    return site_config_from_mapping(raw)


def site_config_from_mapping(raw: Mapping[str, Any]) -> SiteConfig:
    """Build a SiteConfig from already-parsed settings, applying Jekyll's defaults."""
    style = _str(raw.get("permalink"), "date") or "date"
    kramdown = _mapping(raw.get("kramdown"))
    exclude = _str_list(raw.get("exclude"))
    include = _str_list(raw.get("include")) if "include" in raw else [".htaccess"]
    sass = _mapping(raw.get("sass"))
    markdown_ext = _str(raw.get("markdown_ext"), ",".join(_DEFAULT_MARKDOWN_EXT))
    return SiteConfig(
        url=_str(raw.get("url"), ""),
        baseurl=_str(raw.get("baseurl"), ""),
        permalink=style,
        collections=_collections(raw.get("collections"), style),
        collections_dir=_str(raw.get("collections_dir"), "").strip("/"),
        defaults=_defaults(raw.get("defaults")),
        include=tuple(include),
        # Jekyll appends its own excludes to the user's list, it never replaces them.
        exclude=tuple(dict.fromkeys([*exclude, *DEFAULT_EXCLUDES])),
        keep_files=tuple(_str_list(raw.get("keep_files"))) if "keep_files" in raw else (".git", ".svn"),
        future=bool(raw.get("future", False)),
        show_drafts=bool(raw.get("show_drafts", False)),
        unpublished=bool(raw.get("unpublished", False)),
        markdown=_str(raw.get("markdown"), "kramdown") or "kramdown",
        markdown_ext=tuple(e.strip().lstrip(".").lower() for e in markdown_ext.split(",") if e.strip()),
        kramdown_input=_str(kramdown.get("input"), "GFM") or "GFM",
        auto_ids=bool(kramdown.get("auto_ids", True)),
        auto_id_prefix=_str(kramdown.get("auto_id_prefix"), ""),
        transliterated_header_ids=bool(kramdown.get("transliterated_header_ids", False)),
        timezone=_str(raw.get("timezone"), "") or None,
        destination=_str(raw.get("destination"), "_site").strip("/") or "_site",
        data_dir=_str(raw.get("data_dir"), "_data").strip("/") or "_data",
        layouts_dir=_str(raw.get("layouts_dir"), "_layouts").strip("/") or "_layouts",
        includes_dir=_str(raw.get("includes_dir"), "_includes").strip("/") or "_includes",
        plugins_dir=_str(raw.get("plugins_dir"), "_plugins").strip("/") or "_plugins",
        sass_dir=_str(sass.get("sass_dir"), "_sass").strip("/") or "_sass",
    )


def _collections(raw: Any, style: str) -> Mapping[str, CollectionConfig]:
    if isinstance(raw, list):  # `collections: [a, b]` is allowed
        raw = {str(name): {} for name in raw}
    if not isinstance(raw, Mapping):
        raw = {}
    result: dict[str, CollectionConfig] = {}
    for label, meta in raw.items():
        meta = meta if isinstance(meta, Mapping) else {}
        permalink = meta.get("permalink")
        result[str(label)] = CollectionConfig(
            label=str(label),
            output=bool(meta.get("output", False)),
            permalink=str(permalink) if permalink else None,
        )
    posts = result.get("posts", CollectionConfig("posts"))
    # Posts are always output; their template comes from the global style.
    result["posts"] = CollectionConfig(
        "posts", True, posts.permalink or PERMALINK_STYLES.get(style, style)
    )
    return MappingProxyType(result)


def _defaults(raw: Any) -> tuple[DefaultsScope, ...]:
    scopes: list[DefaultsScope] = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, Mapping):
            continue
        scope = _mapping(entry.get("scope"))
        values = _mapping(entry.get("values"))
        kind = scope.get("type")
        scopes.append(
            DefaultsScope(
                path=_str(scope.get("path"), ""),
                type=str(kind) if kind is not None else None,
                values=MappingProxyType(dict(values)),
            )
        )
    return tuple(scopes)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any, default: str) -> str:
    return default if value is None else str(value)


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def _join(*parts: str) -> str:
    return "/".join(p.strip("/") for p in parts if p and p.strip("/"))


# --------------------------------------------------------------------------
# Classification: what kind of source file is this?
# --------------------------------------------------------------------------


class Kind(str, enum.Enum):
    """How Jekyll treats a source file."""

    POST = "post"
    DRAFT = "draft"
    DOCUMENT = "document"  # an item of a collection other than posts
    PAGE = "page"
    STATIC = "static"  # copied as is
    DATA = "data"  # read into site.data, not output
    SUPPORT = "support"  # layouts, includes, sass, plugins: used by the build, not output
    EXCLUDED = "excluded"  # listed in exclude: (or Jekyll's default excludes)
    IGNORED = "ignored"  # skipped by Jekyll's reader (_, ., #, ~ names, bad post names...)


@dataclass(frozen=True)
class SourceKind:
    """The classification of one path; ``collection`` is set for posts, drafts and documents."""

    kind: Kind
    collection: str | None = None
    reason: str | None = None

    @property
    def is_document(self) -> bool:
        return self.kind in (Kind.POST, Kind.DRAFT, Kind.DOCUMENT)


def classify(relpath: str, cfg: SiteConfig, has_front_matter: bool = True) -> SourceKind:
    """Say how Jekyll 4.3 reads ``relpath`` (repository-relative, POSIX)."""
    path = _normalise(relpath)
    parts = path.split("/")
    special = _special_area(parts, cfg)
    if special is not None:
        return special
    within = _strip_collections_dir(path, cfg)
    if within is not None:
        coll = _collection_kind(within, cfg, has_front_matter)
        if coll is not None:
            return coll
    for i, part in enumerate(parts[:-1]):
        if part in ("_posts", "_drafts"):
            return _post_kind(parts, i, cfg)
    return _walked_kind(parts, cfg, has_front_matter)


def _normalise(relpath: str) -> str:
    path = relpath.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def _special_area(parts: list[str], cfg: SiteConfig) -> SourceKind | None:
    top = parts[0]
    if len(parts) == 1 and re.fullmatch(r"_config.*\.(ya?ml|toml)", top):
        return SourceKind(Kind.SUPPORT, reason="config")
    if len(parts) > 1 and top == cfg.data_dir:
        ext = PurePosixPath(parts[-1]).suffix.lower()
        if ext in _DATA_EXTS:
            return SourceKind(Kind.DATA)
        return SourceKind(Kind.IGNORED, reason="not-data")
    areas = {
        cfg.layouts_dir: "layouts",
        cfg.includes_dir: "includes",
        cfg.plugins_dir: "plugins",
        cfg.sass_dir: "sass",
    }
    if len(parts) > 1 and top in areas:
        return SourceKind(Kind.SUPPORT, reason=areas[top])
    if top == cfg.destination:
        return SourceKind(Kind.IGNORED, reason="destination")
    return None


def _strip_collections_dir(path: str, cfg: SiteConfig) -> str | None:
    if not cfg.collections_dir:
        return path
    prefix = cfg.collections_dir + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def _collection_kind(within: str, cfg: SiteConfig, has_front_matter: bool) -> SourceKind | None:
    top, _, rest = within.partition("/")
    coll = cfg.collection_for_dir(top)
    if coll is None or not rest:
        return None
    base = _join(cfg.collections_dir, top)
    reason = _entry_rejected(rest, _join(base, rest), cfg)
    if reason is not None:
        return _rejection(reason, coll.label)
    if has_front_matter:
        return SourceKind(Kind.DOCUMENT, coll.label)
    return SourceKind(Kind.STATIC, coll.label)


def _post_kind(parts: list[str], i: int, cfg: SiteConfig) -> SourceKind:
    magic = parts[i]
    dirs = parts[:i]
    walked = _walk_rejected(dirs, cfg)
    if walked is not None:
        return _rejection(walked, None)
    if cfg.collections_dir and not ("/".join(dirs) + "/").startswith(cfg.collections_dir + "/"):
        return SourceKind(Kind.IGNORED, reason="outside-collections-dir")
    entry = "/".join(parts[i + 1 :])
    reason = _entry_rejected(entry, "/".join(parts), cfg)
    if reason is not None:
        return _rejection(reason, "posts")
    if magic == "_drafts":
        return SourceKind(Kind.DRAFT, "posts")
    if _DATE_FILENAME.match(entry) is None:
        return SourceKind(Kind.IGNORED, "posts", reason="no-date-in-name")
    return SourceKind(Kind.POST, "posts")


def _walked_kind(parts: list[str], cfg: SiteConfig, has_front_matter: bool) -> SourceKind:
    reason = _walk_rejected(parts, cfg)
    if reason is not None:
        return _rejection(reason, None)
    return SourceKind(Kind.PAGE if has_front_matter else Kind.STATIC)


def _walk_rejected(parts: list[str], cfg: SiteConfig) -> str | None:
    """Jekyll filters each folder level by its bare name while walking the source."""
    for depth in range(1, len(parts) + 1):
        name = parts[depth - 1]
        rel = "/".join(parts[:depth])
        is_dir = depth < len(parts)
        if is_dir and rel == cfg.destination:
            return "destination"
        reason = _entry_rejected(name, rel, cfg, is_dir=is_dir)
        if reason is not None:
            return reason
    return None


def _entry_rejected(entry: str, source_rel: str, cfg: SiteConfig, *, is_dir: bool = False) -> str | None:
    """Jekyll's EntryFilter: why ``entry`` is dropped, or None when it is kept."""
    base = entry.rsplit("/", 1)[-1]
    if entry.endswith("."):
        return "dot-entry"
    included = _glob_include(cfg.include, entry, is_dir) or _glob_include(cfg.include, base, is_dir)
    excludes = [p for p in cfg.exclude if p not in cfg.include]
    if _glob_include(excludes, source_rel, is_dir) and not included:
        return "excluded"
    if included:
        return None
    if entry[:1] in "._#~" or base[:1] in "._#~":
        return "special-name"
    if entry.endswith("~"):
        return "backup-file"
    return None


def _glob_include(patterns: Iterable[str], entry: str, is_dir: bool) -> bool:
    for pattern in patterns:
        pat = pattern.lstrip("/")
        # Ruby's fnmatch without FNM_PATHNAME lets `*` cross `/`, like fnmatchcase.
        if fnmatch.fnmatchcase(entry, pat) or entry.startswith(pat):
            return True
        if is_dir and pat == entry + "/":
            return True
    return False


def _rejection(reason: str, collection: str | None) -> SourceKind:
    kind = Kind.EXCLUDED if reason == "excluded" else Kind.IGNORED
    return SourceKind(kind, collection, reason)


# --------------------------------------------------------------------------
# Post file names and dates
# --------------------------------------------------------------------------

_DATE_FILENAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
_DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^./]+)$")


class PostFilename(NamedTuple):
    """A valid dated file name: ``(date, slug, ext)``."""

    date: _dt.date
    slug: str
    ext: str


class PostFilenameMatch(NamedTuple):
    """What Jekyll's date matcher sees in a file name, valid or not.

    ``date`` is the calendar date written, or None when it does not exist.
    ``jekyll_date`` is what Jekyll uses: Ruby's ``Time`` rolls a day 29-31
    past the month's end into the next month (2019-02-30 is March 2nd); a
    month outside 1-12 or a day outside 1-31 makes the build fail (None).
    """

    date_text: str
    slug: str
    ext: str
    date: _dt.date | None
    jekyll_date: _dt.date | None


def match_post_filename(name: str) -> PostFilenameMatch | None:
    """Split a post file name (or path) as Jekyll does; None when it has no date."""
    found = _DATE_FILENAME.match(name)
    if found is None:
        return None
    text, slug, ext = found.groups()
    year_s, month_s, day_s = text.split("-")
    year = _complete_year(year_s)
    month, day = int(month_s), int(day_s)
    return PostFilenameMatch(
        text, slug, ext, _calendar_date(year, month, day), _ruby_time_date(year, month, day)
    )


def parse_post_filename(name: str) -> PostFilename | None:
    """``(date, slug, ext)`` for a well-formed dated name, else None (see match_post_filename)."""
    found = match_post_filename(name)
    if found is None or found.date is None:
        return None
    return PostFilename(found.date, found.slug, found.ext)


def _complete_year(text: str) -> int:
    """Ruby's Date._parse completes a year of at most two digits: 69-99 -> 19YY, else 20YY."""
    year = int(text)
    if len(text) <= 2:
        return year + (1900 if year >= 69 else 2000)
    return year


def _calendar_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _ruby_time_date(year: int, month: int, day: int) -> _dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31) or not (1 <= year <= 9999):
        return None
    return _dt.date(year, month, 1) + _dt.timedelta(days=day - 1)


def _date_from_value(value: Any, cfg: SiteConfig) -> _dt.datetime | None:
    """Front-matter ``date:`` as Jekyll sees it (aware values moved to the site's zone)."""
    if isinstance(value, _dt.datetime):
        moment = value
    elif isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        parsed = _parse_date_text(value.strip())
        if parsed is None:
            return None
        moment = parsed
    else:
        return None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(_site_zone(cfg)).replace(tzinfo=None)
        except (OverflowError, ValueError):
            return None  # moved out of years 1-9999 (9999-12-31 23:00 -05:00): not a date we can place
    return moment


def _site_zone(cfg: SiteConfig) -> _dt.tzinfo:
    """``timezone:`` when set; otherwise UTC, the zone of hosted builders (Netlify, CI)."""
    if cfg.timezone:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(cfg.timezone)
        except (ImportError, ValueError, KeyError, OSError):
            pass
    return _dt.timezone.utc


_DATE_TEXT = re.compile(
    r"(\d{2,4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def _parse_date_text(text: str) -> _dt.datetime | None:
    found = _DATE_TEXT.match(text)
    if found is None:
        return None
    y, mo, d, h, mi, s, zone = found.groups()
    day = _ruby_time_date(_complete_year(y), int(mo), int(d))
    if day is None:
        return None
    moment = _dt.datetime(day.year, day.month, day.day, int(h or 0), int(mi or 0), int(s or 0))
    if zone:
        if zone == "Z":
            return moment.replace(tzinfo=_dt.timezone.utc)
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset >= _dt.timedelta(hours=24):
            return None  # +24:00: Ruby's Time rejects it too ("utc_offset out of range")
        return moment.replace(tzinfo=_dt.timezone(sign * offset))
    return moment


# --------------------------------------------------------------------------
# Front matter defaults
# --------------------------------------------------------------------------


def effective_front_matter(
    relpath: str, front_matter: Mapping[str, Any], cfg: SiteConfig, kind: SourceKind | None = None
) -> dict[str, Any]:
    """Front matter with ``defaults:`` merged beneath it, as Jekyll sees the file."""
    kind = kind or classify(relpath, cfg, has_front_matter=True)
    path = _normalise(relpath)
    if kind.is_document or (kind.kind is Kind.STATIC and kind.collection):
        path = _strip_collections_dir(path, cfg) or path
    return _deep_merge(_defaults_for(path, _defaults_type(kind), cfg), front_matter)


def _defaults_for(path: str, kind: str | None, cfg: SiteConfig) -> dict[str, Any]:
    """FrontmatterDefaults#all: the values of every scope covering ``path`` of type ``kind``."""
    merged: dict[str, Any] = {}
    previous: DefaultsScope | None = None
    for scope in cfg.defaults:
        if not _scope_applies(scope, path, kind, cfg):
            continue
        if _has_precedence(previous, scope):
            merged = _deep_merge(merged, scope.values)
            previous = scope
        else:
            merged = _deep_merge(scope.values, merged)
    return merged


def _defaults_type(kind: SourceKind) -> str | None:
    if kind.is_document:
        return kind.collection
    if kind.kind is Kind.PAGE:
        return "pages"
    return kind.collection


def _scope_applies(scope: DefaultsScope, path: str, kind: str | None, cfg: SiteConfig) -> bool:
    if scope.type is not None and scope.type != kind:
        return False
    scope_path = _sanitize_scope(scope.path)
    if not scope_path:
        return True
    if cfg.collections_dir and scope_path.startswith(cfg.collections_dir + "/"):
        scope_path = scope_path[len(cfg.collections_dir) + 1 :]
    if "*" in scope_path:
        pattern = _glob_regex(scope_path)
        prefixes = path.split("/")
        return any(pattern.fullmatch("/".join(prefixes[:n])) for n in range(1, len(prefixes) + 1))
    # Jekyll compares strings, so scope "en" also covers "enfants.md".
    return path.startswith(scope_path)


def _sanitize_scope(path: str) -> str:
    return path[1:].rstrip("/") if path.startswith("/") else path


def _glob_regex(glob: str) -> re.Pattern[str]:
    return re.compile(translate(glob))


def _has_precedence(old: DefaultsScope | None, new: DefaultsScope) -> bool:
    if old is None:
        return True
    new_path, old_path = _sanitize_scope(new.path), _sanitize_scope(old.path)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if new.type is not None:
        return True
    return old.type is None


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# --------------------------------------------------------------------------
# Publication
# --------------------------------------------------------------------------


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
        url = _static_url(_normalise(relpath), cfg, kind)
        return _defaults_for(url.lstrip("/"), kind.collection, cfg) if url is not None else {}
    return data


def document_date(
    relpath: str,
    data: Mapping[str, Any],
    cfg: SiteConfig,
    *,
    today: _dt.date | None = None,
    read_error: bool = False,
) -> _dt.datetime | None:
    """The date Jekyll gives a document: front matter, else file name, else build time.

    None means Jekyll's build fails on this date (``InvalidDateError``).
    With ``read_error`` (front matter Jekyll cannot load), Jekyll skips the
    file-name date too and uses the build time.
    """
    if data.get("date"):
        return _date_from_value(data["date"], cfg)
    found = None if read_error else match_post_filename(_normalise(relpath))
    if found is not None:
        if found.jekyll_date is None:
            return None
        d = found.jekyll_date
        return _dt.datetime(d.year, d.month, d.day)
    d = today or _dt.date.today()
    return _dt.datetime(d.year, d.month, d.day)


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


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------

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
        return _document_url(_normalise(relpath), data, cfg, kind, today, read_error)
    if kind.kind is Kind.PAGE:
        return _page_url(_normalise(relpath), data, cfg)
    if kind.kind is Kind.STATIC:
        return _static_url(_normalise(relpath), cfg, kind)
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
    rel = _strip_collections_dir(path, cfg) or path
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


def _filename_slug(rel: str) -> str:
    found = _DATE_FILENAME.match(rel)
    if found is not None:
        slug = found.group(2)
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


def _static_url(path: str, cfg: SiteConfig, kind: SourceKind) -> str | None:
    pure = PurePosixPath(path)
    ext = pure.suffix
    cleaned = re.sub(r"\.*\Z", "", path[: len(path) - len(ext)] if ext else path)
    if kind.collection is None:
        return "/" + cleaned + ext
    coll = cfg.collections[kind.collection]
    if not coll.output:
        return None
    rel = _strip_collections_dir(cleaned, cfg) or cleaned
    values: dict[str, str | None] = {
        "collection": coll.label,
        "path": rel.replace(f"_{coll.label}", "", 1),
        "output_ext": "",
        "name": pure.stem,
        "title": "",
    }
    template = coll.permalink or _add_suffix("/:collection/:path", cfg.permalink)
    return _sanitize_url(_expand_hash(template, values)).rstrip("/") + ext


# --------------------------------------------------------------------------
# Slugs
# --------------------------------------------------------------------------

_SLUG_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = set("._~!$&'()+,;=@")
_LATIN_APPROX = {
    "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "ß": "ss",
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ł": "L", "ł": "l", "Þ": "Th",
    "þ": "th", "ı": "i", "Ŋ": "NG", "ŋ": "ng", "Ħ": "H", "ħ": "h", "Ŧ": "T",
    "ŧ": "t", "Ĳ": "IJ", "ĳ": "ij", "Ŀ": "L", "ŀ": "l", "ĸ": "k",
}  # fmt: skip


def _is_letter_mark_digit(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat == "Nd"


def _keep_for(mode: str) -> Callable[[str], bool]:
    if mode == "raw":
        return lambda ch: not ch.isspace()
    if mode == "pretty":
        return lambda ch: _is_letter_mark_digit(ch) or ch in _PRETTY_KEEP
    if mode == "ascii":
        return lambda ch: ch.isascii() and ch.isalnum()
    return _is_letter_mark_digit


def _replace_runs(text: str, keep: Callable[[str], bool]) -> str:
    out: list[str] = []
    in_run = False
    for ch in text:
        if keep(ch):
            out.append(ch)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def _transliterate_latin(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _LATIN_APPROX:
            out.append(_LATIN_APPROX[ch])
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(base if base.isascii() and base else "?")
    return "".join(out)


def slugify(text: str | None, mode: str = "default", *, cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify``: modes raw, default, pretty, ascii, latin (others: as is)."""
    if text is None:
        return ""
    text = str(text)
    if mode not in _SLUG_MODES:
        return text if cased else text.lower()
    if mode == "latin":
        text = _transliterate_latin(text)
    slug = _replace_runs(text, _keep_for(mode))
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


# --------------------------------------------------------------------------
# Heading ids
# --------------------------------------------------------------------------

_HEADER_ID = re.compile(r"[\t ]\{#([A-Za-z][A-Za-z0-9_:-]*)\}\Z")
_BLOCK_IAL_ID = re.compile(r"^\{:\s*(?:[^}]*\s)?#([A-Za-z][A-Za-z0-9_:-]*)[^}]*\}\s*$")


def heading_id_kramdown(text: str) -> str:
    """kramdown's id for a heading's text (``input: kramdown``, no transliteration).

    Leading characters up to the first ASCII letter are dropped, then all but
    ASCII letters, digits, spaces and hyphens; each space becomes a hyphen.
    Accented letters are therefore removed ("Écoles" -> "coles").
    """
    gen = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.M)
    gen = re.sub(r"[^a-zA-Z0-9 -]", "", gen)
    gen = gen.replace(" ", "-").lower()
    return gen or "section"


def _is_ruby_word(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Nl", "Pc")


def heading_id_gfm(text: str) -> str:
    """kramdown's GFM parser id (Jekyll's default input): Unicode-aware, may be empty.

    ``text`` is the heading's text content (see :func:`heading_plain_text`).
    An empty result means kramdown writes no id for a first such heading.
    """
    lowered = text.lower()
    kept = "".join(ch for ch in lowered if _is_ruby_word(ch) or ch in "- \t")
    return kept.replace(" ", "-").replace("\t", "-")


def heading_id_github(text: str) -> str:
    """GitHub's rendering of README-like files: like GFM but tabs are dropped."""
    lowered = text.lower()
    kept = "".join(ch for ch in lowered if _is_ruby_word(ch) or ch in "- ")
    return kept.replace(" ", "-")


def heading_id_for_site(text: str, cfg: SiteConfig) -> str | None:
    """The id generator the site's Markdown engine applies; None when ids are off."""
    if cfg.markdown.lower() != "kramdown" or not cfg.auto_ids:
        return None
    if cfg.kramdown_input.lower() == "gfm":
        return cfg.auto_id_prefix + heading_id_gfm(text)
    return cfg.auto_id_prefix + heading_id_kramdown(text)


def heading_id_from_markdown(heading: str, cfg: SiteConfig) -> str | None:
    """The id of one heading, given its Markdown text (after the ``#`` marks).

    An explicit ``{#id}`` wins. Otherwise the GFM input builds the id from
    the text content, while the kramdown input uses the raw Markdown (link
    URLs included). Apply :func:`unique_ids` to a page's auto ids in order.
    """
    given = explicit_id(heading)
    if given is not None:
        return given
    if cfg.kramdown_input.lower() == "gfm":
        return heading_id_for_site(heading_plain_text(heading), cfg)
    return heading_id_for_site(_HEADER_ID.sub("", heading.strip()), cfg)


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Number repeated ids as kramdown does: ``a``, ``a-1``, ``a-2``.

    The counter is kept per base id, and a suffixed id is not checked against
    an id written that way elsewhere (kramdown does not either).
    """
    seen: dict[str, int] = {}
    result: list[str] = []
    for base in ids:
        if base in seen:
            seen[base] += 1
            result.append(f"{base}-{seen[base]}")
        else:
            seen[base] = 0
            result.append(base)
    return result


def explicit_id(heading_line: str) -> str | None:
    """The id set by ``## Title {#my-id}`` (or a ``{: #my-id}`` line); None otherwise."""
    line = heading_line.rstrip("\r\n").rstrip()
    found = _HEADER_ID.search(line)
    if found is not None:
        return found.group(1)
    block = line.strip()
    first = block.find("}")
    if not block.startswith("{:") or first < 0 or block[first + 1 :].strip():
        return None  # the pattern's `}` is the first one and ends the line: checked first, as failing took quadratic time
    found = _BLOCK_IAL_ID.match(block)
    return found.group(1) if found else None


# Code spans, images, links and tags are found by linear scanners
# (postlint.scan: loose_code_spans, markdown_images, markdown_links,
# simple_tags) giving the matches of `(`+)(.+?)\1`, `!\[[^\]]*\]\([^)]*\)|...`,
# `\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])` and `</?[A-Za-z][^>]*>`: on a long
# heading those were quadratic (cubic for a run of backticks).


def heading_plain_text(markdown: str) -> str:
    """The text content kramdown's GFM parser builds ids from, for a heading's Markdown.

    Approximate: code spans keep their content; links keep their text; images,
    HTML tags, emphasis markers, escapes and kramdown's typographic sequences
    (``---``, ``--``, ``...``, ``<<``, ``>>``, which become non-word symbols) are dropped.
    """
    from postlint.scan import loose_code_spans

    text = _HEADER_ID.sub("", markdown.rstrip())
    pieces: list[str] = []
    last = 0
    for start, end, code_start, code_end in loose_code_spans(text):
        code = text[code_start:code_end]
        pieces.append(_plain_segment(text[last:start]))
        pieces.append(code.strip() if code.strip() else code)
        last = end
    pieces.append(_plain_segment(text[last:]))
    return "".join(pieces)


def _replaced(text: str, spans: Iterable[tuple[int, ...]], keep: bool = False) -> str:
    """``text`` without the spans ``(start, end[, kept end])``; with ``keep``,
    each span is replaced by its link text (from after ``[`` to the kept end)."""
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span[0]])
        if keep:
            out.append(text[span[0] + 1 : span[2]])
        pos = span[1]
    out.append(text[pos:])
    return "".join(out)


def _plain_segment(text: str) -> str:
    from postlint.scan import markdown_images, markdown_links, simple_tags

    text = _replaced(text, markdown_images(text))
    text = _replaced(text, markdown_links(text), keep=True)
    text = _replaced(text, simple_tags(text))
    text = re.sub(r"\\([\\.*_+`<>()\[\]{}#!:|\"'$=~-])", lambda m: m.group(1), text)
    text = re.sub(r"---|--|\.\.\.|<<|>>", "", text)
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)
    text = text.replace("~~", "")
    return html.unescape(text)
