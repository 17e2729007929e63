"""Build a real site with the real ``jekyll build`` and read back the truth.

The truth of a site is what Jekyll publishes: the URL and destination of
every source file, every file written, and the links of each page's
converted content (before its layout). :func:`load_truth` builds the site
once (a copy in a temporary folder, ``Gemfile``/``Gemfile.lock`` removed, an
override config naming the plugins below, ``truth.rb`` in the copy's
``_plugins``) and caches the inventory ``truth.rb`` writes, keyed by a hash
of the site's files and of the harness's inputs. :class:`Truth` resolves a
link against it, as a browser on the published site would.

Plugins, per site (``plugins:`` of ``_config.yml``, or the Gemfile's
``jekyll_plugins`` group):

- eig-site: ``jekyll-paginate-v2`` (real, Debian ``ruby-jekyll-paginate-v2``).
  The site's own ``_plugins/js_bundler.rb`` is an empty placeholder in the
  corpus and is loaded as it is.
- jekyll-docs: ``jekyll-avatar``, ``jekyll-feed``, ``jekyll-mentions``,
  ``jekyll-redirect-from``, ``jekyll-seo-tag``, ``jekyll-sitemap`` (real,
  Debian ``ruby-jekyll-*``). ``jemoji`` is not packaged and not stubbed: it
  defines no Liquid tag, it only turns ``:emoji:`` codes into images on
  GitHub's CDN (external links), after conversion.
- opensource-guide: ``jekyll-redirect-from``, ``jekyll-seo-tag``,
  ``jekyll-sitemap`` (real). Its Gemfile's ``jekyll_plugins`` group is the
  ``github-pages`` gem (not packaged), which turns on GitHub Pages' default
  plugins; the packaged ones are loaded for real: ``jekyll-relative-links``
  (``[x](page.md)`` becomes the page's URL), ``jekyll-optional-front-matter``,
  ``jekyll-readme-index``, ``jekyll-default-layout``,
  ``jekyll-titles-from-headings``. Left out: ``jekyll-github-metadata`` (it
  reads GitHub's API over the network; the only ``site.github`` key the
  layouts read, ``repository_nwo``, is set by ``_config.yml``),
  ``jekyll-coffeescript``, ``jekyll-gist`` and ``jekyll-paginate`` (no
  CoffeeScript, no ``{% gist %}``, no ``paginate:`` setting in the site).

No Liquid tag needs a stub today: every tag the three sites use comes from
Jekyll or from a packaged plugin. When a packaged plugin is not installed,
:func:`skip_reason` says which Debian package to install (the truth would be
wrong without it: no redirect pages, no sitemap...).

Builds run with ``TZ=UTC`` (hosted builders; postlint reads dates without a
zone as UTC) and ``JEKYLL_ENV=production``, without ``--safe`` (the sites'
hosts, Netlify and GitHub Pages with no ``_plugins`` folder, load them).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from jekyll_sites import JekyllBuildError, copy_site, jekyll_command

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TRUTH_PLUGIN = HERE / "truth.rb"
#: bump when the inventory's meaning changes without truth.rb changing.
CACHE_VERSION = "1"

GITHUB_PAGES_DEFAULTS = (
    "jekyll-relative-links", "jekyll-optional-front-matter", "jekyll-readme-index",
    "jekyll-default-layout", "jekyll-titles-from-headings",
)


@dataclass(frozen=True)
class SiteSpec:
    """How to build one corpus site and lint it."""

    name: str
    preset: str
    #: plugins loaded for real (gem names; Debian packages them as ruby-<name>).
    plugins: tuple[str, ...]
    #: declared plugins not loaded, and why.
    left_out: dict[str, str] = field(default_factory=dict)

    @property
    def packages(self) -> list[str]:
        return [f"ruby-{p}" for p in self.plugins]


SITES: dict[str, SiteSpec] = {
    "eig-site": SiteSpec("eig-site", "eig", ("jekyll-paginate-v2",)),
    "jekyll-docs": SiteSpec(
        "jekyll-docs", "jekyll",
        ("jekyll-avatar", "jekyll-feed", "jekyll-mentions", "jekyll-redirect-from", "jekyll-seo-tag", "jekyll-sitemap"),
        {"jemoji": "not packaged; no Liquid tag, only external emoji images"},
    ),
    "opensource-guide": SiteSpec(
        "opensource-guide", "jekyll",
        ("jekyll-redirect-from", "jekyll-seo-tag", "jekyll-sitemap", *GITHUB_PAGES_DEFAULTS),
        {"github-pages": "not packaged; its default plugins are loaded instead (see the module docstring)",
         "jekyll-github-metadata": "needs the network; site.github.repository_nwo is set by _config.yml"},
    ),
}


# ----------------------------------------------------------------- where things are


def corpus_root() -> Path:
    """``../shared/corpus`` next to the repository (or ``$POSTLINT_SHARED_CORPUS``)."""
    env = os.environ.get("POSTLINT_SHARED_CORPUS")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


def site_root(name: str) -> Path:
    return corpus_root() / name


def cache_dir() -> Path:
    """Outside the repository: ``$POSTLINT_CONFORMANCE_CACHE``, else
    ``$XDG_CACHE_HOME/postlint-conformance``, else ``/tmp/postlint-conformance``."""
    env = os.environ.get("POSTLINT_CONFORMANCE_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "postlint-conformance" if xdg else Path(tempfile.gettempdir()) / "postlint-conformance"


@cache
def missing_plugins(plugins: tuple[str, ...]) -> tuple[str, ...]:
    """The plugins Ruby cannot require."""
    script = "ARGV.each { |g| begin; require g; rescue LoadError; puts g; end }"
    done = subprocess.run(["ruby", "-e", script, *plugins], capture_output=True, text=True, timeout=60, check=False)
    return tuple(done.stdout.split())


def skip_reason(spec: SiteSpec) -> str | None:
    """Why the site cannot be built here (None: it can)."""
    if jekyll_command() is None or shutil.which("ruby") is None:
        return "jekyll is not installed (apt-get install jekyll)"
    root = site_root(spec.name)
    if not root.is_dir():
        return f"the corpus site is not available at {root} (set POSTLINT_SHARED_CORPUS)"
    missing = missing_plugins(("nokogiri", *spec.plugins))  # truth.rb parses HTML with Nokogiri
    if missing:
        return f"Jekyll plugins missing for {spec.name}: apt-get install " + " ".join(f"ruby-{m}" for m in missing)
    return None


# ----------------------------------------------------------------- building, cached


def site_key(spec: SiteSpec, root: Path) -> str:
    """A hash of every file of the site (path and bytes) and of what the build depends on."""
    digest = hashlib.sha256()
    digest.update(json.dumps([CACHE_VERSION, spec.name, spec.plugins, _override(spec)]).encode())
    digest.update(TRUTH_PLUGIN.read_bytes())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not _skipped(p.relative_to(root))):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _skipped(rel: Path) -> bool:
    return bool(rel.parts) and rel.parts[0] in ("_site", ".jekyll-cache", ".sass-cache", ".git")


def _override(spec: SiteSpec) -> dict[str, Any]:
    return {"plugins": list(spec.plugins)}


def load_truth(spec: SiteSpec, *, refresh: bool = False) -> Truth:
    """The site's truth, from the cache or from a fresh build."""
    root = site_root(spec.name)
    key = site_key(spec, root)
    cached = cache_dir() / f"{spec.name}-{key[:20]}.json"
    if cached.is_file() and not refresh:
        return Truth(spec, json.loads(cached.read_text(encoding="utf-8")))
    data = build_inventory(spec, root)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(cached)
    return Truth(spec, data)


def build_inventory(spec: SiteSpec, root: Path) -> dict[str, Any]:
    """Build a copy of ``root`` with the real Jekyll; the inventory ``truth.rb`` wrote."""
    command = jekyll_command()
    if command is None:  # pragma: no cover - callers skip first
        raise JekyllBuildError("jekyll is not installed")
    with tempfile.TemporaryDirectory(prefix=f"postlint-conformance-{spec.name}-") as tmp:
        source = copy_site(root, Path(tmp) / "src")
        for name in ("Gemfile", "Gemfile.lock"):
            (source / name).unlink(missing_ok=True)
        plugins = source / "_plugins"
        plugins.mkdir(exist_ok=True)
        shutil.copyfile(TRUTH_PLUGIN, plugins / "postlint_truth.rb")
        override = Path(tmp) / "override.yml"
        override.write_text(json.dumps(_override(spec)), encoding="utf-8")  # JSON is YAML
        out = Path(tmp) / "truth.json"
        configs = [str(p) for p in (source / "_config.yml",) if p.is_file()] + [str(override)]
        args = [command, "build", "--disable-disk-cache", "--quiet", "-s", str(source), "-d", str(Path(tmp) / "site"),
                "--config", ",".join(configs)]
        env = {**os.environ, "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "JEKYLL_ENV": "production",
               "POSTLINT_TRUTH_OUT": str(out)}
        started = time.monotonic()
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, check=False)
        if done.returncode != 0 or not out.is_file():
            raise JekyllBuildError(f"jekyll build of {spec.name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        data["build_seconds"] = round(time.monotonic() - started, 1)
        data["site"] = spec.name
        return data


# ----------------------------------------------------------------- the truth


@dataclass(frozen=True)
class Item:
    """A source file Jekyll read (or a page a plugin made: ``kind == "generated"``)."""

    source: str | None
    kind: str  # page, document, static, generated
    url: str
    dest: str
    written: bool
    collection: str | None = None
    redirect_to: str | None = None
    links: tuple[tuple[str, str, str], ...] = ()  # (tag, attribute, value) of the converted content
    content: bool = False


@dataclass(frozen=True)
class Target:
    """Where a link leads on the built site."""

    href: str
    path: str  # site path (baseurl removed, percent-decoded), "/..."
    fragment: str | None
    status: str  # ok, missing, redirect-to-missing, outside-baseurl
    file: str | None = None  # the destination file answering (relative to _site)
    how: str | None = None  # file, folder, html-extension, redirect, netlify
    anchor: str | None = None  # ok, missing, unchecked; None when there is no fragment

    @property
    def exists(self) -> bool:
        return self.status == "ok"

    @property
    def broken(self) -> bool:
        return self.status != "ok" or self.anchor == "missing"


class Truth:
    """What one real build published, and a resolver of links against it."""

    def __init__(self, spec: SiteSpec, data: dict[str, Any]) -> None:
        self.spec = spec
        self.data = data
        self.baseurl = str(data.get("baseurl") or "").rstrip("/")
        self.url = str(data.get("url") or "")
        self.written: frozenset[str] = frozenset(data["written"])
        self.ids: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data["ids"].items()}
        self.items = [_item(raw) for raw in data["items"]]
        self.redirects = {i.dest: i.redirect_to for i in self.items if i.redirect_to and i.written}
        self.netlify = [tuple(rule) for rule in data.get("netlify", [])]

    @property
    def build_seconds(self) -> float:
        return float(self.data.get("build_seconds", 0.0))

    @cached_property
    def sources(self) -> dict[str, Item]:
        """Source path -> the item Jekyll made of it (pagination: its first page)."""
        found: dict[str, Item] = {}
        for item in self.items:
            if item.source is not None and item.kind != "generated":
                found.setdefault(item.source, item)
        return found

    @cached_property
    def hosts(self) -> frozenset[str]:
        """The site's own host (``url`` of ``_config.yml``), with and without www."""
        bare = self.host.removeprefix("www.")
        return frozenset({bare, "www." + bare})

    @cached_property
    def _by_url(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for source, item in self.sources.items():
            if item.written:
                found.setdefault(unquote(item.url), []).append(source)
        return found

    def sources_at(self, url: str) -> list[str]:
        """The source files published at ``url`` (without baseurl)."""
        return self._by_url.get(unquote(url), [])

    def page_url(self, source: str) -> str | None:
        item = self.sources.get(source)
        return item.url if item is not None and item.written else None

    def resolve(self, href: str, page_url: str, _depth: int = 0) -> Target | None:
        """Where ``href``, written in the page published at ``page_url``,
        leads; None for a link that is not to this site (other host,
        mailto:...)."""
        href = href.strip()
        parts = urlsplit(href)
        if not href or (parts.scheme and parts.scheme.lower() not in ("http", "https")):
            return None
        if parts.netloc and (parts.hostname or "").lower() not in self.hosts:
            return None
        full = urlsplit(urljoin(f"https://{self.host}{self.baseurl}{page_url}", href))
        fragment = unquote(full.fragment) if "#" in href else None
        path = unquote(full.path) or "/"
        if self.baseurl:
            if path != self.baseurl and not path.startswith(self.baseurl + "/"):
                return Target(href, path, fragment, "outside-baseurl")
            path = path[len(self.baseurl):] or "/"
        file, how = self.lookup(path)
        redirect: str | None = None
        if file is not None and file in self.redirects:
            how, redirect = "redirect", self.redirects[file]
        elif file is None:
            rule = self._netlify(path)
            if rule is None:
                return Target(href, path, fragment, "missing")
            how, redirect = "netlify", rule[1].replace(":splat", path[len(rule[0].rstrip("*")):])
        if redirect is None:
            return Target(href, path, fragment, "ok", file, how, self._anchor(file or "", fragment))
        # a redirect: does its destination exist? (fragments are not followed)
        to = self.resolve(redirect, "/", _depth + 1) if _depth < 5 else None
        status = "ok" if to is None or to.exists else "redirect-to-missing"
        return Target(href, path, fragment, status, file, how, "unchecked" if fragment else None)

    @cached_property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "site.invalid").lower()

    def lookup(self, path: str) -> tuple[str | None, str | None]:
        """The written file answering a site path, as GitHub Pages, Netlify
        and ``jekyll serve`` do: the file, the folder's index, or the path
        with ``.html`` added."""
        rel = path.lstrip("/")
        if not rel or path.endswith("/"):
            candidates = [(rel + "index.html", "folder"), (rel + "index.htm", "folder")]
        else:
            candidates = [(rel, "file"), (rel + "/index.html", "folder"), (rel + ".html", "html-extension")]
        for candidate, how in candidates:
            if candidate in self.written:
                return candidate, how
        return None, None

    def _netlify(self, path: str) -> tuple[str, ...] | None:
        for rule in self.netlify:
            source = rule[0]
            if not source.startswith("/"):
                continue  # host-specific rules (https://other.host/*)
            if source.endswith("/*") and path.startswith(source[:-1]):
                return rule
            if source.rstrip("/") == path.rstrip("/"):
                return rule
        return None

    def _anchor(self, file: str, fragment: str | None) -> str | None:
        if fragment is None or fragment == "":
            return None
        if fragment.lower() == "top":
            return "ok"  # HTML: "#top" scrolls to the top without an element
        ids = self.ids.get(file)
        if ids is None:
            return "unchecked"  # not an HTML file
        return "ok" if fragment in ids else "missing"

    def content_links(self) -> list[ContentLink]:
        """Every internal link of every published page's converted content, resolved."""
        found = []
        for source, item in sorted(self.sources.items()):
            if not item.content or not item.written:
                continue
            seen: dict[str, int] = {}
            for tag, attr, value in item.links:
                for href in _urls_of(attr, value):
                    target = self.resolve(href, item.url)
                    if target is None:
                        continue
                    nth = seen.get(href, 0)
                    seen[href] = nth + 1
                    found.append(ContentLink(source, item.url, tag, attr, href, nth, target))
        return found


@dataclass(frozen=True)
class ContentLink:
    """A link of a page's converted content; ``nth``: how many links with the same
    ``href`` come before it in the page."""

    source: str
    page_url: str
    tag: str
    attr: str
    href: str
    nth: int
    target: Target


def _urls_of(attr: str, value: str) -> list[str]:
    if attr != "srcset":
        return [value]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _item(raw: dict[str, Any]) -> Item:
    links = tuple((str(x["tag"]), str(x["attr"]), str(x["value"])) for x in raw.get("links") or ())
    return Item(raw.get("source"), str(raw["kind"]), str(raw.get("url") or ""), str(raw.get("dest") or ""),
                bool(raw.get("written")), raw.get("collection"), raw.get("redirect_to"), links,
                bool(raw.get("content")))
