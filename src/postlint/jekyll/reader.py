"""Which files Jekyll reads, and as what: Jekyll's reader and ``EntryFilter`` (``include:``, ``exclude:``, names starting with ``_ . # ~``), collections and the special folders."""

from __future__ import annotations

import enum
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from postlint.jekyll.config import DATA_EXTENSIONS, SiteConfig, clean_path, join_path, within_collections_dir
from postlint.jekyll.dates import match_post_filename


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
    path = clean_path(relpath)
    parts = path.split("/")
    special = _special_area(parts, cfg)
    if special is not None:
        return special
    within = within_collections_dir(path, cfg)
    if within is not None:
        coll = _collection_kind(within, cfg, has_front_matter)
        if coll is not None:
            return coll
    for i, part in enumerate(parts[:-1]):
        if part in ("_posts", "_drafts"):
            return _post_kind(parts, i, cfg)
    return _walked_kind(parts, cfg, has_front_matter)




def _special_area(parts: list[str], cfg: SiteConfig) -> SourceKind | None:
    top = parts[0]
    if len(parts) == 1 and re.fullmatch(r"_config.*\.(ya?ml|toml)", top):
        return SourceKind(Kind.SUPPORT, reason="config")
    if len(parts) > 1 and top == cfg.data_dir:
        ext = PurePosixPath(parts[-1]).suffix.lower()
        if ext in DATA_EXTENSIONS:
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




def _collection_kind(within: str, cfg: SiteConfig, has_front_matter: bool) -> SourceKind | None:
    top, _, rest = within.partition("/")
    coll = cfg.collection_for_dir(top)
    if coll is None or not rest:
        return None
    base = join_path(cfg.collections_dir, top)
    reason = _entry_rejected(rest, join_path(base, rest), cfg)
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
    if match_post_filename(entry) is None:
        return SourceKind(Kind.IGNORED, "posts", reason="no-date-in-name")
    return SourceKind(Kind.POST, "posts")


def _walked_kind(parts: list[str], cfg: SiteConfig, has_front_matter: bool) -> SourceKind:
    reason = _walk_rejected(parts, cfg)
    if reason is not None:
        return _rejection(reason, None)
    if has_front_matter or optional_front_matter_page("/".join(parts), cfg):
        return SourceKind(Kind.PAGE)
    return SourceKind(Kind.STATIC)


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


def is_draft(relpath: str) -> bool:
    """A draft by Jekyll's rules: in ``_drafts/``, or named ``_*`` (which
    Jekyll skips, and editors use for posts not ready yet)."""
    name = relpath.rsplit("/", 1)[-1]
    return name.startswith("_") or "/_drafts/" in f"/{relpath}"


#: files Jekyll reads for front matter that never have any (a page can have
#: any extension: .html, .md, .scss, .xml, .txt...).
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .avif .svgz .ico .bmp .tif .tiff .psd .pdf .zip .gz .tgz .bz2 .xz .7z .rar "
    ".woff .woff2 .ttf .otf .eot .mp3 .mp4 .m4a .m4v .mov .avi .webm .ogg .ogv .wav .flac .doc .docx .xls .xlsx "
    ".ppt .pptx .odt .ods .odp .key .numbers .pages .epub .mobi .exe .dll .so .dylib .jar .class .pyc .sqlite "
    ".db .bin .dat .iso .dmg .swf .fla .ai .eps .indd .sketch .fig .xcf .heic".split()
)
#: Markdown files jekyll-optional-front-matter leaves alone (compared in upper case).
OPTIONAL_FRONT_MATTER_SKIPS = frozenset(
    {"README", "LICENSE", "LICENCE", "COPYING", "CODE_OF_CONDUCT", "CONTRIBUTING", "ISSUE_TEMPLATE",
     "PULL_REQUEST_TEMPLATE"})
HTML_EXTENSIONS = ("html", "htm")


def may_have_front_matter(relpath: str) -> bool:
    """Whether a file can be a page or document (Jekyll looks for ``---`` at
    the start of every file it reads); binary assets cannot."""
    return PurePosixPath(relpath).suffix.lower() not in BINARY_SUFFIXES


def is_markup(relpath: str, cfg: SiteConfig) -> bool:
    """Markdown (``markdown_ext``) or HTML: what postlint checks the text of."""
    ext = PurePosixPath(relpath).suffix.lower().lstrip(".")
    return ext in cfg.markdown_ext or ext in HTML_EXTENSIONS


def optional_front_matter_page(relpath: str, cfg: SiteConfig) -> bool:
    """jekyll-optional-front-matter makes a Markdown file without front
    matter a page (except README, LICENSE... unless listed in ``include:``)."""
    if "jekyll-optional-front-matter" not in cfg.plugins:
        return False
    pure = PurePosixPath(relpath)
    if pure.suffix.lower().lstrip(".") not in cfg.markdown_ext:
        return False
    included = any(relpath == p.lstrip("/") or relpath.startswith(p.strip("/") + "/") for p in cfg.include)
    return included or pure.stem.upper() not in OPTIONAL_FRONT_MATTER_SKIPS
