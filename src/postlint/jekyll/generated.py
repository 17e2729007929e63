"""The pages that modelled plugins add to a site, computed from the site map.

- jekyll-redirect-from: every ``redirect_from:`` URL is a page redirecting
  to the document (and ``redirect_to:`` makes the document itself a
  redirect, see :attr:`Entry.redirect_to`);
- jekyll-feed: ``/feed.xml`` (or ``feed: path:``), the feeds of the
  collections, categories and tags it is asked for;
- jekyll-sitemap: ``/sitemap.xml``, and ``/robots.txt`` when the site has none;
- jekyll-archives: year, month, day, tag and category archives, as enabled;
- jekyll-paginate: ``/page2/``... of the posts; jekyll-paginate-v2: the
  pages of each page that asks for pagination (an upper bound: every post
  of the collection counts, so no existing page is ever missed);
- jekyll-readme-index: a README without front matter as its folder's index.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from postlint.jekyll.config import SiteConfig
from postlint.jekyll.entry import Entry
from postlint.jekyll.slugs import slugify

#: where jekyll-archives puts each kind of archive by default.
_ARCHIVE_PERMALINKS = {
    "year": "/:year/", "month": "/:year/:month/", "day": "/:year/:month/:day/",
    "tag": "/tag/:name/", "category": "/category/:name/",
}


def plugin_facts(data: Mapping[str, Any], cfg: SiteConfig, *, is_post: bool
                 ) -> tuple[tuple[str, ...], str | None, tuple[str, ...], tuple[str, ...], bool]:
    """``(aliases, redirect_to, tags, categories, paginated)`` of a
    published file, for the plugins the site runs."""
    aliases: tuple[str, ...] = ()
    redirect_to = None
    if "jekyll-redirect-from" in cfg.plugins:
        aliases = tuple(_texts(data.get("redirect_from")))
        target = data.get("redirect_to")
        redirect_to = next(iter(_texts(target)), None) if target else None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    if is_post and ("jekyll-archives" in cfg.plugins or "jekyll-feed" in cfg.plugins):
        tags = tuple(_texts(data.get("tags"), split=True))
        categories = tuple(_texts(data.get("categories"), split=True)) + tuple(_texts(data.get("category")))
    paginated = False
    if "jekyll-paginate-v2" in cfg.plugins:
        pagination = data.get("pagination")
        paginated = isinstance(pagination, Mapping) and pagination.get("enabled") is True
    return aliases, redirect_to, tags, categories, paginated


def generated_pages(entries: Mapping[str, Entry], cfg: SiteConfig, files: Collection[str]) -> list[Entry]:
    """Every page the site's modelled plugins write."""
    pages: list[Entry] = []
    plugins = set(cfg.plugins)
    if "jekyll-redirect-from" in plugins:
        pages += _redirects(entries)
    if "jekyll-feed" in plugins:
        pages += _feeds(entries, cfg)
    if "jekyll-sitemap" in plugins:
        pages.append(_page("/sitemap.xml", "jekyll-sitemap"))
        if "robots.txt" not in files:
            pages.append(_page("/robots.txt", "jekyll-sitemap"))
    if "jekyll-archives" in plugins:
        pages += _archives(entries, cfg)
    if "jekyll-paginate" in plugins and _int(cfg.raw.get("paginate")):
        pages += _paginate_v1(entries, cfg)
    if "jekyll-paginate-v2" in plugins:
        pages += _paginate_v2(entries, cfg)
    if "jekyll-readme-index" in plugins:
        pages += _readme_indexes(entries)
    return pages


def output_for(url: str) -> str:
    """The file Jekyll writes for an HTML page at ``url``."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path if posixpath.splitext(path)[1] else path + ".html"


def _page(url: str, plugin: str, source: str = "", redirect_to: str | None = None) -> Entry:
    return Entry(source, "generated", None, url, output_for(url), True, plugin, redirect_to=redirect_to)


def _redirects(entries: Mapping[str, Entry]) -> list[Entry]:
    pages = []
    for entry in entries.values():
        if entry.published and entry.url:
            for alias in entry.aliases:
                url = alias if alias.startswith("/") else "/" + alias
                pages.append(_page(url, "jekyll-redirect-from", entry.source, redirect_to=entry.url))
    return pages


def _feeds(entries: Mapping[str, Entry], cfg: SiteConfig) -> list[Entry]:
    settings = cfg.raw.get("feed")
    settings = settings if isinstance(settings, Mapping) else {}
    given = settings.get("path")
    path = given if isinstance(given, str) and given else "/feed.xml"
    pages = [_page(path if path.startswith("/") else "/" + path, "jekyll-feed")]
    collections = settings.get("collections")
    for name in collections if isinstance(collections, (Mapping, list)) else ():
        meta = collections.get(name) if isinstance(collections, Mapping) else None
        own = meta.get("path") if isinstance(meta, Mapping) and isinstance(meta.get("path"), str) else None
        pages.append(_page(own or f"/feed/{name}.xml", "jekyll-feed"))
    categories = settings.get("categories")
    for name in categories if isinstance(categories, list) else ():
        pages.append(_page(f"/feed/{name}.xml", "jekyll-feed"))
    tags = settings.get("tags")
    if tags:
        only = tags.get("only") if isinstance(tags, Mapping) else None
        names = {t for e in entries.values() for t in e.tags}
        for tag in sorted(set(only) & names if isinstance(only, list) else names):
            pages.append(_page(f"/feed/by_tag/{slugify(tag)}.xml", "jekyll-feed"))
    return pages


def _archives(entries: Mapping[str, Entry], cfg: SiteConfig) -> list[Entry]:
    settings = cfg.raw.get("jekyll-archives")
    settings = settings if isinstance(settings, Mapping) else {}
    enabled = settings.get("enabled", [])
    kinds = set(_ARCHIVE_PERMALINKS) if enabled == "all" else {
        {"categories": "category", "tags": "tag"}.get(str(k), str(k)) for k in _texts(enabled)}
    custom = settings.get("permalinks")
    permalinks = {**_ARCHIVE_PERMALINKS, **({str(k): str(v) for k, v in custom.items()}
                                            if isinstance(custom, Mapping) else {})}
    mode = str(settings.get("slug_mode") or "default")
    urls: set[str] = set()
    for entry in entries.values():
        if entry.kind != "post" or not entry.published or not entry.url:
            continue
        names = {"tag": entry.tags, "category": entry.categories}
        for kind in kinds & {"tag", "category"}:
            for name in names[kind]:
                urls.add(permalinks[kind].replace(":name", slugify(name, mode)))
        year, month, day = _ymd(entry.url)
        for kind in kinds & {"year", "month", "day"}:
            if year:
                urls.add(permalinks[kind].replace(":year", year).replace(":month", month).replace(":day", day))
    return [_page(url, "jekyll-archives") for url in sorted(urls)]


def _ymd(url: str) -> tuple[str, str, str]:
    parts = [p for p in url.split("/") if p]
    for i in range(len(parts) - 2):
        y, m, d = parts[i : i + 3]
        if len(y) == 4 and y.isdigit() and len(m) == 2 and m.isdigit() and len(d) == 2 and d.isdigit():
            return y, m, d
    return "", "", ""


def _paginate_v1(entries: Mapping[str, Entry], cfg: SiteConfig) -> list[Entry]:
    per_page = _int(cfg.raw.get("paginate")) or 1
    posts = sum(1 for e in entries.values() if e.kind == "post" and e.published)
    template = str(cfg.raw.get("paginate_path") or "/page:num/")
    return [_page(template.replace(":num", str(n)), "jekyll-paginate")
            for n in range(2, math.ceil(posts / per_page) + 1)]


def _paginate_v2(entries: Mapping[str, Entry], cfg: SiteConfig) -> list[Entry]:
    settings = cfg.raw.get("pagination")
    settings = settings if isinstance(settings, Mapping) else {}
    if settings.get("enabled") is not True:
        return []
    per_page = _int(settings.get("per_page")) or 10
    template = str(settings.get("permalink") or "/page/:num/")
    counts: dict[str, int] = {}
    for e in entries.values():
        if e.published and e.collection and e.kind in ("post", "document"):
            counts[e.collection] = counts.get(e.collection, 0) + 1
    pages = []
    for entry in entries.values():
        if not entry.paginated or not entry.url:
            continue
        base = entry.url if entry.url.endswith("/") else entry.url.rsplit("/", 1)[0] + "/"
        total = max(counts.values(), default=0)  # an upper bound whatever the page filters
        for n in range(2, math.ceil(total / per_page) + 1):
            url = base.rstrip("/") + template.replace(":num", str(n))
            pages.append(_page(url, "jekyll-paginate-v2", entry.source))
    return pages


def _readme_indexes(entries: Mapping[str, Entry]) -> list[Entry]:
    # the plugin looks for an index among the site's pages and static files
    # only: a collection's document does not stop a README from indexing its folder
    indexed = {posixpath.dirname(e.output or "") + "/" for e in entries.values()
               if e.output and e.kind in ("page", "static")
               and posixpath.basename(e.output).lower() in ("index.html", "index.htm", "index.xml")}
    pages = []
    for entry in entries.values():
        name = posixpath.basename(entry.source)
        if entry.kind != "static" or not entry.url or posixpath.splitext(name)[0].lower() != "readme":
            continue
        folder = posixpath.dirname(entry.url.lstrip("/"))
        folder = folder + "/" if folder else ""
        if folder not in indexed and ("/" + folder) not in indexed:
            pages.append(_page("/" + folder, "jekyll-readme-index", entry.source))
    return pages


def _texts(value: Any, *, split: bool = False) -> Iterable[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split() if split else [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
