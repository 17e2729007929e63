"""The published site, as postlint models it: which source file Jekyll
publishes at which URL. Built once a run from the repo index and
``_config.yml`` (see :mod:`postlint.jekyll`); link rules and ``postlint urls``
read it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple
from urllib.parse import unquote

from postlint import jekyll

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

    from postlint.site import RepoIndex

#: files read for their front matter (others are static files or data).
_TEXT_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html", ".htm", ".xml", ".txt", ".json")

#: a kramdown ATX heading with no space after the hashes (``#Title``).
_KRAMDOWN_ATX = re.compile(r"#{1,6}([^#\s].*)")

_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)\b[^>]*?(/?)>")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

#: load issues after which Jekyll drops the front matter (it logs "YAML Exception").
_READ_ERRORS = frozenset({"invalid-yaml", "front-matter-not-mapping"})


class Entry(NamedTuple):
    """One source file and what Jekyll makes of it (a named tuple: a warm
    run rebuilds 10,000 of them from the cache, 4x faster than a frozen
    dataclass)."""

    source: str
    kind: str
    collection: str | None
    url: str | None  # without baseurl, percent-encoded as Jekyll's page.url
    output: str | None  # the file written under _site, decoded
    published: bool
    reason: str | None = None  # why it is not output, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "kind": self.kind, "collection": self.collection, "url": self.url,
            "output": self.output, "published": self.published, "reason": self.reason,
        }


class SiteMap:
    def __init__(self, index: RepoIndex, *, today: dt.date | None = None) -> None:
        self.index = index
        self.today = today
        try:
            self.config = jekyll.load_site_config(index.root)
            self.config_error: jekyll.SiteConfigError | None = None
        except jekyll.SiteConfigError as exc:
            self.config = jekyll.SiteConfig()
            self.config_error = exc

    #: builds the entries instead of :meth:`_entry` on every file (the
    #: engine's cache sets it: stored entries for unchanged front matter).
    loader: Callable[[], dict[str, Entry]] | None = None

    @cached_property
    def entries(self) -> dict[str, Entry]:
        if self.loader is not None:
            return self.loader()
        return {path: self._entry(path) for path in sorted(self.index.files)}

    def _front_matter(self, relpath: str) -> tuple[bool, dict[str, Any], bool]:
        """Has front matter, its data, and whether Jekyll fails to load it."""
        if not relpath.lower().endswith(_TEXT_SUFFIXES):
            return False, {}, False
        post = self.index.post(relpath)
        read_error = any(issue.kind in _READ_ERRORS for issue in post.issues)
        return post.has_front_matter, dict(post.front_matter or {}), read_error

    def _entry(self, relpath: str) -> Entry:
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
            reason = "not published"
        return Entry(relpath, kind.kind.value, kind.collection, url, output, published, reason)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def url_of(self, relpath: str) -> str | None:
        entry = self.entries.get(relpath)
        return entry.url if entry else None

    @cached_property
    def by_output(self) -> dict[str, Entry]:
        """Entries keyed by the decoded output path (``blog/2018/x.html``)."""
        return {e.output: e for e in self.entries.values() if e.output}

    @cached_property
    def _by_output_lower(self) -> dict[str, list[Entry]]:
        table: dict[str, list[Entry]] = {}
        for out, entry in self.by_output.items():
            table.setdefault(out.lower(), []).append(entry)
        return table

    def heading_ids(self, relpath: str) -> list[str]:
        """The ids kramdown writes on a Markdown file's headings, in order.

        Explicit ``{#id}`` ids are kept as written and do not count as
        duplicates; automatic ids are numbered ``a``, ``a-1``... among
        themselves. An empty automatic id (a heading of punctuation only)
        is counted but not written, as kramdown's GFM input does.
        """
        slots: list[str | None] = []
        autos: list[str] = []
        for text in self._heading_texts(relpath):
            given = jekyll.explicit_id(text)
            if given is not None:
                slots.append(given)
                continue
            auto = jekyll.heading_id_from_markdown(text, self.config)
            if auto is None:
                continue
            slots.append(None)
            autos.append(auto)
        numbered = iter(jekyll.unique_ids(autos))
        ids = [slot if slot is not None else next(numbered) for slot in slots]
        return [i for i in ids if i and i != self.config.auto_id_prefix]

    def _heading_texts(self, relpath: str) -> list[str]:
        post = self.index.post(relpath)
        return self._headings_in(post.tokens, budget=4 * len(post.text) + 10_000)

    def _headings_in(self, tokens: list[Token], budget: int = 0) -> list[str]:
        """The Markdown text of each heading, where kramdown's block parser
        differs from CommonMark: ``#Title`` (no space) is a heading under
        kramdown's own input, and Markdown right after a one-line HTML element
        (``<hr>`` then ``### Title``) is parsed, not kept in an HTML block.

        That Markdown is parsed again, and may hold HTML blocks in turn: it
        is walked with a stack (a post of 500 such blocks exhausted Python's
        recursion), and at most ``budget`` characters are parsed again in
        all, so that alternating HTML and Markdown lines stay linear (past
        that, the rest is taken as HTML, as CommonMark does)."""
        from postlint.markdown import parse

        kramdown_input = self.config.kramdown_input.lower() != "gfm"
        texts: list[str] = []
        stack: list[tuple[list[Token], int]] = [(tokens, 0)]
        while stack:
            toks, i = stack.pop()
            while i < len(toks):
                tok = toks[i]
                inline = toks[i + 1] if i + 1 < len(toks) else tok
                i += 1
                if tok.type == "heading_open":
                    texts.append(inline.content)
                elif kramdown_input and tok.type == "paragraph_open":
                    found = _KRAMDOWN_ATX.match(inline.content.split("\n", 1)[0])
                    if found is not None:
                        texts.append(found.group(1).rstrip("#").rstrip())
                elif tok.type == "html_block":
                    rest = self._markdown_after_html(tok.content)
                    if rest is not None and len(rest) <= budget:
                        budget -= len(rest)
                        stack.append((toks, i))  # go on after the block once its Markdown is done
                        toks, i = parse(rest), 0
        return texts

    def _markdown_after_html(self, html: str) -> str | None:
        """The Markdown that follows the HTML elements of a block (None when
        there is none): kramdown ends an HTML block when its elements are closed."""
        lines = html.split("\n")
        depth = 0
        for n, line in enumerate(lines):
            if n and depth == 0 and not line.lstrip().startswith("<"):
                return "\n".join(lines[n:])
            # a tag ends at the first `>` after it: none can after the last one
            for found in _TAG.finditer(line, 0, line.rfind(">") + 1):
                closing, name, selfclose = found.groups()
                if name.lower() in _VOID or selfclose:
                    continue
                depth = max(0, depth - 1) if closing else depth + 1
        return None

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

    if entry.published or not entry.source.lower().endswith(_TEXT_SUFFIXES):
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


def unpublished_lookup(sitemap: SiteMap, url_path: str) -> Entry | None:
    """The unpublished source that would be published at ``url_path``."""
    table: dict[str, Entry] | None = sitemap.__dict__.get("_unpublished")
    if table is None:
        table = {}
        for entry in sitemap:
            out = _would_be_output(entry, sitemap)
            if out:
                table.setdefault(out, entry)
        sitemap.__dict__["_unpublished"] = table
    path = unquote(url_path).lstrip("/")
    for candidate in (path, path + "index.html", path.rstrip("/") + "/index.html", path + ".html"):
        if candidate in table:
            return table[candidate]
    return None


@dataclass(frozen=True)
class Redirect:
    source: str  # path pattern: `*` splat and `:name` placeholders (Netlify)
    target: str
    status: str
    line: int


def load_redirects(sitemap: SiteMap) -> list[Redirect]:
    """Rules of a Netlify ``_redirects`` file at the root (none when absent)."""
    cached: list[Redirect] | None = sitemap.__dict__.get("_redirects")
    if cached is not None:
        return cached
    found: list[Redirect] = []
    if "_redirects" in sitemap.index.files:
        try:
            text = (sitemap.index.root / "_redirects").read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.split("#", 1)[0].split()
            if len(parts) >= 2:
                found.append(Redirect(parts[0], parts[1], parts[2] if len(parts) > 2 else "301", number))
    sitemap.__dict__["_redirects"] = found
    return found


def redirect_for(sitemap: SiteMap, url_path: str) -> Redirect | None:
    """The ``_redirects`` rule that answers ``url_path`` (site-relative), if any."""
    import re

    path = unquote(url_path)
    for redirect in load_redirects(sitemap):
        source = redirect.source
        if "://" in source:
            continue  # a rule for another host name (e.g. the old domain)
        pattern = "".join(
            ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
            for part in re.split(r"(\*|:[A-Za-z_]+)", source)
        )
        if re.fullmatch(pattern.rstrip("/") + "/?", path) or re.fullmatch(pattern, path):
            return redirect
    return None
