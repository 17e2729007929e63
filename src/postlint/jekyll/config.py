"""The parts of ``_config.yml`` that decide what Jekyll publishes, and where, with Jekyll's defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from postlint.core.yamlpos import load_data

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
DATA_EXTENSIONS = (".yml", ".yaml", ".json", ".csv", ".tsv")


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
        return join_path(collections_dir, f"_{self.label}")


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
    #: the site's language (``lang:``), when it declares one.
    lang: str = ""
    #: the plugins the site runs (see :mod:`postlint.jekyll.plugins`).
    plugins: tuple[str, ...] = ()
    #: ``_config.yml`` as read, for the settings of plugins.
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

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
        return site_config_from_mapping({}, gemfile=_read_gemfile(Path(root)))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"cannot read {path.name}: {exc}") from exc
    raw, issue = load_data(text)  # bounded: an alias bomb in _config.yml must not take the run down
    if issue is not None:
        raise SiteConfigError(f"invalid YAML in {path.name}: {issue.params.get('problem', 'invalid YAML')}",
                              issue.line, issue.column)
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise SiteConfigError(f"{path.name} must be a mapping of settings", 1, 1)
    return site_config_from_mapping(raw, gemfile=_read_gemfile(Path(root)))


def _read_gemfile(root: Path) -> str | None:
    try:
        return (root / "Gemfile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def site_config_from_mapping(raw: Mapping[str, Any], *, gemfile: str | None = None) -> SiteConfig:
    """Build a SiteConfig from already-parsed settings, applying Jekyll's
    defaults (``gemfile``: the site's ``Gemfile``, for its plugins)."""
    from postlint.jekyll.plugins import declared_plugins

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
        lang=_str(raw.get("lang"), "").strip(),
        plugins=declared_plugins(raw, gemfile),
        raw=MappingProxyType(dict(raw)),
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


def join_path(*parts: str) -> str:
    return "/".join(p.strip("/") for p in parts if p and p.strip("/"))


def clean_path(relpath: str) -> str:
    path = relpath.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def within_collections_dir(path: str, cfg: SiteConfig) -> str | None:
    if not cfg.collections_dir:
        return path
    prefix = cfg.collections_dir + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None
