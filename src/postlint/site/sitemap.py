"""The published site, as postlint models it: which source file Jekyll
publishes at which URL. Built once a run from the repo index and
``_config.yml`` (see :mod:`postlint.jekyll`); link rules and ``postlint urls``
read it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from postlint import jekyll
from postlint.jekyll.entry import Entry

if TYPE_CHECKING:  # pragma: no cover

    from postlint.site.index import SiteIndex



#: load issues after which Jekyll drops the front matter (it logs "YAML Exception").
_READ_ERRORS = frozenset({"invalid-yaml", "front-matter-not-mapping"})


class SiteMap:
    """Every file's :class:`Entry`, and lookups by published path."""

    def __init__(self, index: SiteIndex, *, today: dt.date | None = None,
                 entries: Callable[[], dict[str, Entry]] | None = None) -> None:
        self.index = index
        self.today = today
        #: builds the entries instead of :meth:`_entry` on every file (the
        #: engine's cache: stored entries for unchanged front matter).
        self._provided = entries
        try:
            self.config = jekyll.load_site_config(index.root)
            self.config_error: jekyll.SiteConfigError | None = None
        except jekyll.SiteConfigError as exc:
            self.config = jekyll.SiteConfig()
            self.config_error = exc

    @cached_property
    def entries(self) -> dict[str, Entry]:
        if self._provided is not None:
            return self._provided()
        return self.compute_entries()

    def compute_entries(self, paths: Iterable[str] | None = None) -> dict[str, Entry]:
        """Entries computed from the files themselves (all, or ``paths``)."""
        return {path: self._entry(path) for path in sorted(self.index.files if paths is None else paths)}

    def _front_matter(self, relpath: str) -> tuple[bool, dict[str, Any], bool]:
        """Has front matter, its data, and whether Jekyll fails to load it."""
        if not jekyll.may_have_front_matter(relpath) or not self.index.starts_with_front_matter(relpath):
            return False, {}, False
        post = self.index.post(relpath)
        read_error = any(issue.kind in _READ_ERRORS for issue in post.issues)
        return post.has_front_matter, dict(post.front_matter or {}), read_error

    def _entry(self, relpath: str) -> Entry:
        try:
            return self._model(relpath)
        except Exception as exc:  # one odd file must not stop the run: its own checks report it
            return Entry(relpath, "ignored", None, None, None, False, f"not modelled ({type(exc).__name__}: {exc})")

    def _model(self, relpath: str) -> Entry:
        has_fm, fm, read_error = self._front_matter(relpath)
        kind = jekyll.classify(relpath, self.config, has_front_matter=has_fm)
        cfg, today = self.config, self.today
        published = jekyll.is_published(relpath, fm, cfg, kind=kind, today=today, read_error=read_error)
        url = output = None
        reason = kind.reason
        if published:
            try:
                url = jekyll.url_for(relpath, fm, cfg, kind=kind, today=today, read_error=read_error)
                output = jekyll.output_path_for(relpath, fm, cfg, kind=kind, today=today, read_error=read_error,
                                                url=url)
            except jekyll.PermalinkError as exc:
                reason = str(exc)
        elif reason is None:
            reason = self._why_unpublished(relpath, fm, kind, read_error)
        if not published or not fm:
            return Entry(relpath, kind.kind.value, kind.collection, url, output, published, reason)
        data = jekyll.effective_front_matter(relpath, fm, cfg, kind)
        return Entry(relpath, kind.kind.value, kind.collection, url, output, published, reason,
                     *jekyll.plugin_facts(data, cfg, is_post=kind.kind is jekyll.Kind.POST))

    def _why_unpublished(self, relpath: str, fm: dict[str, Any], kind: jekyll.SourceKind, read_error: bool) -> str:
        """``draft``, ``invalid date`` (Jekyll stops the build), ``future``
        or ``not published`` (``published: false``)."""
        if kind.kind is jekyll.Kind.DRAFT:
            return "draft"
        if kind.is_document:
            data = jekyll.effective_front_matter(relpath, fm, self.config, kind)
            when = jekyll.document_date(relpath, data, self.config, today=self.today, read_error=read_error)
            if when is None:
                return "invalid date"
            if not self.config.future and when.date() > (self.today or dt.date.today()):
                return "future"
        return "not published"

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def remodel(self, relpath: str) -> Entry | None:
        """Model one file again (its front matter changed in an editor's
        buffer); returns its new entry when it differs from the one held.
        The tables derived from the entries are dropped, to be rebuilt on
        use: the other 10,000 entries are kept as they are."""
        if "entries" not in self.__dict__:
            return None  # not built yet: it will be built with the new text
        entry = self._entry(relpath)
        if self.entries.get(relpath) == entry:
            return None
        self.entries[relpath] = entry
        for derived in ("generated", "by_output", "_by_output_lower", "unpublished"):
            self.__dict__.pop(derived, None)
        return entry

    def url_of(self, relpath: str) -> str | None:
        entry = self.entries.get(relpath)
        return entry.url if entry else None

    @cached_property
    def generated(self) -> list[Entry]:
        """The pages the site's plugins create (redirects, feeds, archives...)."""
        return jekyll.generated_pages(self.entries, self.config, self.index.files)

    @cached_property
    def by_output(self) -> dict[str, Entry]:
        """Entries keyed by the decoded output path (``blog/2018/x.html``),
        the plugins' pages included (a file of the site wins over them)."""
        found = {e.output: e for e in self.generated if e.output}
        found.update((e.output, e) for e in self.entries.values() if e.output)
        return found

    @cached_property
    def _by_output_lower(self) -> dict[str, list[Entry]]:
        table: dict[str, list[Entry]] = {}
        for out, entry in self.by_output.items():
            table.setdefault(out.lower(), []).append(entry)
        return table

    @cached_property
    def unpublished(self) -> dict[str, Entry]:
        return unpublished_table(self)

    @cached_property
    def redirects(self) -> list[Redirect]:
        return load_redirects(self)

    def lookup(self, url_path: str) -> Entry | None:
        """The entry published at a site-relative URL path (no baseurl)."""
        path = unquote(url_path).lstrip("/")
        candidates = [path, path + "index.html", path.rstrip("/") + "/index.html", path + ".html"]
        for candidate in candidates:
            found = self.by_output.get(candidate)
            if found:
                return found
        return None

    def lookup_case_insensitive(self, url_path: str) -> list[Entry]:
        path = unquote(url_path).lstrip("/").lower()
        for candidate in (path, path + "index.html", path.rstrip("/") + "/index.html", path + ".html"):
            found = self._by_output_lower.get(candidate)
            if found:
                return found
        return []


# -- what is not published, and what redirects ---------------------------------------

def _would_be_output(entry: Entry, sitemap: SiteMap) -> str | None:
    """Where an unpublished source would be written if it were published
    (drafts named ``_*.md`` in ``_posts``, ``_drafts``, ``published: false``,
    future posts), so a link to it can be told apart from a broken one."""
    import dataclasses

    if entry.published or not jekyll.may_have_front_matter(entry.source):
        return None
    cfg = dataclasses.replace(sitemap.config, show_drafts=True, unpublished=True, future=True)
    folder, _, name = entry.source.rpartition("/")
    path = entry.source
    if name.startswith("_") and folder.split("/")[-1:] in (["_posts"], ["_drafts"]):
        path = (folder + "/" if folder else "") + name.lstrip("_")
    if "/_drafts/" in "/" + path:
        path = path.replace("_drafts/", "_posts/", 1)
    has_fm, fm, _ = sitemap._front_matter(entry.source)
    kind = jekyll.classify(path, cfg, has_front_matter=has_fm)
    if kind.kind in (jekyll.Kind.IGNORED, jekyll.Kind.EXCLUDED, jekyll.Kind.SUPPORT, jekyll.Kind.DATA):
        return None
    if kind.kind is jekyll.Kind.STATIC:
        return None
    try:
        return jekyll.output_path_for(path, fm, cfg, kind=kind, today=sitemap.today)
    except jekyll.PermalinkError:
        return None


def unpublished_table(sitemap: SiteMap) -> dict[str, Entry]:
    """Unpublished sources by the output they would have if published."""
    table: dict[str, Entry] = {}
    for entry in sitemap:
        out = _would_be_output(entry, sitemap)
        if out:
            table.setdefault(out, entry)
    return table


def unpublished_lookup(sitemap: SiteMap, url_path: str) -> Entry | None:
    """The unpublished source that would be published at ``url_path``."""
    table = sitemap.unpublished
    path = unquote(url_path).lstrip("/")
    for candidate in (path, path + "index.html", path.rstrip("/") + "/index.html", path + ".html"):
        if candidate in table:
            return table[candidate]
    return None


@dataclass(frozen=True)
class Redirect:
    """A host's redirect rule (Netlify ``_redirects`` or ``netlify.toml``)."""

    source: str  # path pattern: `*` splat and `:name` placeholders (Netlify)
    target: str
    status: str
    line: int
    file: str = "_redirects"


def load_redirects(sitemap: SiteMap) -> list[Redirect]:
    """Rules of a Netlify ``_redirects`` file at the root, then of
    ``netlify.toml`` (none when absent), in the order Netlify tries them."""
    found: list[Redirect] = []
    files = sitemap.index.files
    if "_redirects" in files:
        try:
            text = (sitemap.index.root / "_redirects").read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.split("#", 1)[0].split()
            if len(parts) >= 2:
                found.append(Redirect(parts[0], parts[1], parts[2] if len(parts) > 2 else "301", number))
    if "netlify.toml" in files:
        found.extend(_netlify_toml(sitemap.index.root / "netlify.toml"))
    return found


def _netlify_toml(path: Path) -> list[Redirect]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, ValueError):
        return []
    rules = data.get("redirects")
    found = []
    for rule in rules if isinstance(rules, list) else []:
        if isinstance(rule, dict) and isinstance(rule.get("from"), str) and isinstance(rule.get("to"), str):
            line = next((n for n, ln in enumerate(text.splitlines(), 1) if rule["from"] in ln), 1)
            found.append(Redirect(rule["from"], rule["to"], str(rule.get("status", 301)), line, "netlify.toml"))
    return found


def _rule_pattern(source: str) -> tuple[str, list[str]]:
    """A Netlify rule's path as a regular expression, and its placeholders
    (``splat`` for ``*``) in order."""
    names: list[str] = []
    pieces = []
    for part in re.split(r"(\*|:[A-Za-z_]+)", source):
        if part == "*":
            names.append("splat")
            pieces.append("(.*)")
        elif part.startswith(":"):
            names.append(part[1:])
            pieces.append("([^/]+)")
        else:
            pieces.append(re.escape(part))
    return "".join(pieces), names


def redirect_for(sitemap: SiteMap, url_path: str) -> tuple[Redirect, str] | None:
    """The host's rule that answers ``url_path`` (site-relative), and where
    it sends it (``:splat`` and ``:name`` filled in), if any."""
    path = unquote(url_path)
    for redirect in sitemap.redirects:
        if "://" in redirect.source:
            continue  # a rule for another host name (e.g. the old domain)
        pattern, names = _rule_pattern(redirect.source)
        found = re.fullmatch(pattern.rstrip("/") + "/?", path) or re.fullmatch(pattern, path)
        if found is not None:
            target = redirect.target
            for name, value in zip(names, found.groups()):
                target = target.replace(f":{name}", value)
            return redirect, target
    return None
