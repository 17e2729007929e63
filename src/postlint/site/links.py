"""Every link, image and anchor of a post, extracted once, with positions.

:func:`extract_links` walks the post's markdown-it tokens (inline links and
images, autolinks, raw HTML ``<a href>`` / ``<img src>``) and scans the source
for what markdown-it cannot see: Liquid targets (``{% post_url %}``,
``{% link %}``, ``{{ site.baseurl }}/x``), which contain spaces. Code spans
and code blocks are skipped. Positions are 1-based file line:column of the
target as written (end exclusive).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from postlint.core.html import html_tags
from postlint.core.memo import Memo

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

    from postlint.core.document import Post
    from postlint.core.suggest import NearIndex
    from postlint.jekyll.entry import Entry
    from postlint.site.index import SiteIndex
    from postlint.site.sitemap import SiteMap

__all__ = ["Link", "Resolution", "extract_links", "resolve_link", "resolve_liquid", "site_hosts", "LIQUID_SKIP"]


@dataclass(frozen=True)
class Link:
    """One link-like reference of a post."""

    kind: str  # link, image, autolink, html-a, html-img, reference, liquid-post-url, liquid-link, front-matter
    target: str  # as written (Liquid prefixes such as {{ site.baseurl }} removed)
    text: str | None  # link text or image alt; None when the syntax has none
    line: int
    column: int
    end_line: int
    end_column: int
    key: str | None = None  # the front-matter key, for kind "front-matter"
    #: an image marked decorative by an empty ``alt=""`` (HTML's way to say so).
    decorative: bool = False

    @property
    def is_image(self) -> bool:
        return self.kind in ("image", "html-img")


#: returned by :func:`resolve_liquid` for Liquid that cannot be evaluated statically.
LIQUID_SKIP = "\0skip"

_PREFIX_VARS = re.compile(r"^\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\}")
_FILTER_URL = re.compile(
    r"^\{\{-?\s*(['\"])(.*?)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.(?:baseurl|url))\s*-?\}\}(.*)$"
)
_POST_URL = re.compile(r"^\{%-?\s*post_url\s+(\S+?)\s*-?%\}(.*)$")
_LINK_TAG = re.compile(r"^\{%-?\s*link\s+(\S+?)\s*-?%\}(.*)$")


def resolve_liquid(target: str) -> tuple[str, str]:
    """``(kind, target)`` for a target that may start with Liquid.

    Site URL prefixes and ``relative_url`` filters are evaluated (the result
    is site-relative); ``post_url`` and ``link`` tags give their argument with
    kind ``liquid-post-url`` / ``liquid-link``; any other Liquid gives
    :data:`LIQUID_SKIP` as the target.
    """
    rest = target.strip()
    if "{" not in rest:
        return "", rest
    stripped = False
    while True:
        found = _PREFIX_VARS.match(rest)
        if not found:
            break
        rest = rest[found.end() :]
        stripped = True
    if stripped and "{" not in rest:
        return "", rest if rest.startswith("/") else "/" + rest
    filtered = _FILTER_URL.match(rest)
    if filtered and "{" not in filtered.group(3):
        path = filtered.group(2)
        return "", (path if path.startswith("/") else "/" + path) + filtered.group(3)
    post_url = _POST_URL.match(rest)
    if post_url and "{" not in post_url.group(1) + post_url.group(2):
        return "liquid-post-url", post_url.group(1) + post_url.group(2)
    link = _LINK_TAG.match(rest)
    if link and "{" not in link.group(1) + link.group(2):
        return "liquid-link", link.group(1) + link.group(2)
    return "", LIQUID_SKIP


# -- code masking -----------------------------------------------------------------


def _mask_code_spans(line: str) -> str:
    """The line with inline code spans blanked (same length)."""
    if "`" not in line:
        return line
    from postlint.core.scan import code_spans_from_any_backtick  # what `(`+)(?!`).*?(?<!`)\1(?!`)` matched

    out, pos = [], 0
    for start, end in code_spans_from_any_backtick(line):
        out += [line[pos:start], " " * (end - start)]
        pos = end
    out.append(line[pos:])
    return "".join(out)


def _code_lines(post: Post) -> set[int]:
    """File lines inside fenced or indented code blocks."""
    lines: set[int] = set()
    for tok in post.tokens:
        if tok.type in ("fence", "code_block") and tok.map:
            first = tok.map[0] + post.body_start_line
            lines.update(range(first, tok.map[1] + post.body_start_line))
    return lines


# -- extraction -----------------------------------------------------------------------

def extract_links(post: Post) -> list[Link]:
    """Every link of the body, in source order."""
    found: list[Link] = []
    if post.text and post.body.strip():
        masked = _masked_lines(post)
        found.extend(_token_links(post, masked))
        found.extend(_liquid_links(post, masked))
        found.extend(_bare_post_urls(masked))
    return sorted(dict.fromkeys(found), key=lambda link: (link.line, link.column))


def _masked_lines(post: Post) -> list[str]:
    """File lines with code blocks, code spans, Liquid comments and the
    Liquid tags of raw blocks (shown as text) blanked; 0-based list."""
    code = _code_lines(post)
    out: list[str] = []
    from postlint.core.document import split_lines

    for number, line in enumerate(split_lines(_liquid_masked(post.text)), start=1):
        if number < post.body_start_line or number in code:
            out.append(" " * len(line))
        else:
            out.append(_mask_code_spans(line))
    _mask_code_spans_across_lines(post, out)
    return out


_LIQUID_MARKUP = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _liquid_masked(text: str) -> str:
    from postlint.core.liquid import raw_spans, without_comments

    text = without_comments(text)
    for start, end in raw_spans(text):
        inner = _LIQUID_MARKUP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text[start:end])
        text = text[:start] + inner + text[end:]
    return text


def _mask_code_spans_across_lines(post: Post, out: list[str]) -> None:
    """Blank the code spans that go over a line break inside a paragraph
    (CommonMark allows it): a link written inside one is not a link, and
    its text must not be taken for the real link's (a fix would edit code)."""
    from postlint.core.scan import code_spans

    for tok in post.tokens:
        if tok.type != "inline" or not tok.map or tok.map[1] - tok.map[0] < 2 or "`" not in tok.content:
            continue
        first = tok.map[0] + post.body_start_line - 1  # 0-based index in `out`
        rows = post.lines[first : tok.map[1] + post.body_start_line - 1]
        text = "\n".join(rows)
        starts = list(itertools.accumulate((len(r) + 1 for r in rows[:-1]), initial=0))
        for start, end in code_spans(text):
            if "\n" not in text[start:end]:
                continue  # on one line: masked already
            k = bisect.bisect_right(starts, start) - 1
            while k < len(rows) and starts[k] < end:
                row_start = starts[k]
                lo, hi = max(start, row_start), min(end, row_start + len(rows[k]))
                if lo < hi:
                    row = out[first + k]
                    out[first + k] = row[: lo - row_start] + " " * (hi - lo) + row[hi - row_start :]
                k += 1


class _Locator:
    """Finds targets in a block's source lines, left to right."""

    def __init__(self, masked: list[str], first: int, last: int) -> None:
        self.masked = masked
        self.first = first  # 1-based file line
        self.last = last  # inclusive
        self.line = first
        self.col = 0
        #: needles not found from a position (line, col): not found from any later one
        self._missing: dict[tuple[str, bool], tuple[int, int]] = {}

    def find(self, candidates: list[str], *, opened: bool = False) -> tuple[int, int, str] | None:
        """The next place one of ``candidates`` is written. ``opened``: a
        link's target, so first look for it where a target is written
        (after ``(``, ``<``, ``=`` or a quote), not in the link's text or
        in the prose before it: ``[http://a](http://a)`` is fixed in its
        target. Falls back to the first place it is written at all."""
        if opened:
            found = self._find(candidates, _opens_target)
            if found is not None:
                return found
        return self._find(candidates, None)

    def _find(self, candidates: list[str], accept: Callable[[str, int], bool] | None) -> tuple[int, int, str] | None:
        for needle in candidates:
            if not needle:
                continue
            line, col = self.line, self.col
            memo_key = (needle, accept is not None)
            missing = self._missing.get(memo_key)
            if missing is not None and missing <= (line, col):
                continue  # a paragraph of 10,000 links written unlike their href searched it 10,000 times
            while line <= self.last and line - 1 < len(self.masked):
                row = self.masked[line - 1]
                at = row.find(needle, col)
                while at >= 0 and accept is not None and not accept(row, at):
                    at = row.find(needle, at + 1)
                if at >= 0:
                    self.line, self.col = line, at + len(needle)
                    return line, at + 1, needle
                line, col = line + 1, 0
            self._missing[memo_key] = (self.line, self.col)
        return None


def _opens_target(row: str, at: int) -> bool:
    """Whether ``row[at:]`` starts where a link target is written: after
    ``(`` / ``(<`` (Markdown), ``<`` (autolink), ``=`` or a quote (HTML)."""
    j = at - 1
    while j >= 0 and row[j] in " \t" and at - j < 64:  # a few spaces at most: no slicing of long lines
        j -= 1
    return j >= 0 and row[j] in "(<=\"'"


def _token_links(post: Post, masked: list[str]) -> Iterator[Link]:
    refs = _reference_definitions(post, masked)
    for tok in post.tokens:
        if not tok.map:
            continue
        first = tok.map[0] + post.body_start_line
        last = tok.map[1] + post.body_start_line - 1
        if tok.type == "inline":
            yield from _inline_links(tok, _Locator(masked, first, last), refs)
        elif tok.type == "html_block":
            yield from _html_links(tok.content, first, masked)


def _reference_definitions(post: Post, masked: list[str]) -> dict[str, tuple[int, int, str]]:
    """Reference definitions ``[label]: target``: target -> position."""
    found: dict[str, tuple[int, int, str]] = {}
    pattern = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)")
    for number, line in enumerate(masked, start=1):
        m = pattern.match(line)
        if m:
            found.setdefault(m.group(1), (number, m.start(1) + 1, m.group(1)))
    return found


def _candidates(href: str) -> list[str]:
    decoded = unquote(href)
    out = [href, decoded]
    if href.startswith("mailto:"):
        out += [href[7:], decoded[7:]]
    return list(dict.fromkeys(out))


def _inline_links(tok: Token, locator: _Locator, refs: dict[str, tuple[int, int, str]]) -> Iterator[Link]:
    children = tok.children or []
    i = 0
    while i < len(children):
        child = children[i]
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            text, i = _link_text(children, i)
            kind = "autolink" if child.markup in ("autolink", "linkify") else "link"
            link = _located(kind, href, text, locator, refs)
            if link is not None:
                yield link
            continue
        if child.type == "image":
            src = str(child.attrGet("src") or "")
            link = _located("image", src, child.content, locator, refs)
            if link is not None:
                yield link
        elif child.type == "html_inline":
            yield from _html_inline(child.content, locator)
        i += 1


def _link_text(children: list[Token], start: int) -> tuple[str, int]:
    """The text of the link opened at ``start``, and the index after it."""
    depth, i = 0, start
    parts: list[str] = []
    while i < len(children):
        child = children[i]
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
            if depth == 0:
                return "".join(parts), i + 1
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content or "[image]")
        elif child.type == "html_inline" and "<img" in child.content.lower():
            parts.append("[image]")
        i += 1
    return "".join(parts), i


def _located(kind: str, href: str, text: str | None, locator: _Locator,
             refs: dict[str, tuple[int, int, str]]) -> Link | None:
    if "{" in unquote(href) or "%7B" in href.upper():
        return None  # Liquid: handled by the source scan
    where = locator.find(_candidates(href), opened=True)
    if where is None:
        ref = next((refs[c] for c in _candidates(href) if c in refs), None)
        if ref is None:
            line, col = locator.first, 1
            raw = unquote(href)
        else:
            line, col, raw = ref
            kind = "reference" if kind == "link" else kind
        return Link(kind, raw, text, line, col, line, _end_column(locator.masked, line, col, len(raw)))
    line, col, raw = where
    if kind == "autolink" and href.startswith("mailto:") and not raw.startswith("mailto:"):
        raw = href if raw == href[7:] else "mailto:" + raw
        return Link(kind, raw, text, line, col, line, col + len(raw) - 7)
    return Link(kind, raw, text, line, col, line, col + len(raw))


# -- HTML -----------------------------------------------------------------------------

def _end_column(masked: list[str], line: int, column: int, length: int) -> int:
    """Where a target of ``length`` characters written at ``line:column``
    ends, kept on its line: a target not found as written (an entity, a
    value over two lines) is only located approximately."""
    row = masked[line - 1] if 0 < line <= len(masked) else ""
    return max(column, min(column + length, len(row) + 1))


def _html_links(source: str, first_line: int, masked: list[str]) -> Iterator[Link]:
    for tag, attrs, line, offset in html_tags(source):
        link = _html_link(tag, attrs)
        if link is None:
            continue
        kind, target, text, decorative = link
        file_line = first_line + line - 1
        row = masked[file_line - 1] if 0 < file_line <= len(masked) else ""
        at = row.find(target, offset)
        col = at + 1 if at >= 0 else offset + 1
        yield Link(kind, target, text, file_line, col, file_line, _end_column(masked, file_line, col, len(target)),
                   decorative=decorative)


def _html_inline(source: str, locator: _Locator) -> Iterator[Link]:
    for tag, attrs, _line, _offset in html_tags(source):
        link = _html_link(tag, attrs)
        if link is None:
            continue
        kind, target, text, decorative = link
        where = locator.find([target], opened=True)
        line, col = (where[0], where[1]) if where else (locator.first, 1)
        yield Link(kind, target, text, line, col, line, _end_column(locator.masked, line, col, len(target)),
                   decorative=decorative)


def _html_link(tag: str, attrs: dict[str, str | None]) -> tuple[str, str, str | None, bool] | None:
    """``(kind, target, text, decorative)`` of a link or image tag."""
    if tag == "a" and attrs.get("href") is not None:
        href = str(attrs["href"]).strip()
        kind, target = resolve_liquid(href)
        if target == LIQUID_SKIP:
            return None
        return (kind or "html-a", target, None, False)
    if tag == "img" and attrs.get("src") is not None:
        kind, target = resolve_liquid(str(attrs["src"]).strip())
        if target == LIQUID_SKIP:
            return None
        alt = attrs.get("alt")
        # alt="" marks a decorative image; no alt attribute at all is a missing description
        return (kind or "html-img", target, alt if alt is not None else "", alt is not None and not alt.strip())
    return None


# -- Liquid targets ---------------------------------------------------------------------

_LIQUID_LINK_OPEN = re.compile(r"\]\(\s*<?")
_LIQUID_REF_OPEN = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*<?")
_LIQUID_TARGET_REST = re.compile(r"[^\s)>]*")


def _liquid_targets(line: str) -> Iterator[tuple[int, int, int]]:
    r"""``(?:\]\(\s*<?|^ {0,3}\[[^\]]+\]:[ \t]*<?)((?:\{\{.*?\}\}|\{%.*?%\})[^\s)>]*)``
    on one line, in linear time: ``(start, target start, target end)`` of
    each match (the lazy ``.*?`` scanned to the end of the line from every
    ``](`` whose Liquid is not closed)."""
    from postlint.core.scan import NextMatch

    closers = {"{{": NextMatch(line, "}}"), "{%": NextMatch(line, "%}")}

    def target(at: int) -> int | None:
        closer = closers.get(line[at : at + 2])
        found = closer.at_or_after(at + 2) if closer is not None else None
        return None if found is None else _LIQUID_TARGET_REST.match(line, found[1]).end()  # type: ignore[union-attr]

    pos = 0
    reference = _LIQUID_REF_OPEN.match(line)  # only at the start of the line (`^`)
    if reference is not None:
        end = target(reference.end())
        if end is not None:
            yield 0, reference.end(), end
        pos = end if end is not None else 1
    while True:
        opening = _LIQUID_LINK_OPEN.search(line, pos)
        if opening is None:
            return
        end = target(opening.end())
        if end is None:
            pos = opening.start() + 1
            continue
        yield opening.start(), opening.end(), end
        pos = end


def _liquid_links(post: Post, masked: list[str]) -> Iterator[Link]:
    """Markdown links and references whose target starts with Liquid."""
    for number, line in enumerate(masked, start=1):
        if "{" not in line:
            continue
        for start, begin, end in _liquid_targets(line):
            raw = line[begin:end]
            kind, target = resolve_liquid(raw)
            if target == LIQUID_SKIP:
                continue
            in_link = line.startswith("]", start)
            image = start > 0 and _is_image_at(line, start)
            text = _bracket_text(line, start) if in_link else None
            default = "image" if image else ("link" if in_link else "reference")
            yield Link(kind or default, target, text, number, begin + 1, number, end + 1)


_BARE_POST_URL = re.compile(r"\{%-?\s*post_url\s+([^\s%{}]+)\s*-?%\}")


def _bare_post_urls(masked: list[str]) -> Iterator[Link]:
    """``{% post_url %}`` in prose, not as a link target: Jekyll still fails
    the build when the post does not exist."""
    for number, line in enumerate(masked, start=1):
        if "post_url" not in line:
            continue
        for m in _BARE_POST_URL.finditer(line):
            before = m.start()
            while before > 0 and line[before - 1] in " \t<":
                before -= 1
            if line.endswith(("](", "]:"), 0, before):
                continue  # a link target: _liquid_links has it
            yield Link("liquid-post-url", m.group(1), None, number, m.start() + 1, number, m.end() + 1)


def _opening_bracket(line: str, close: int) -> int | None:
    """Index of the ``[`` matching the ``]`` at ``close``: scanning back
    from ``close``, the ``[`` where the depth of brackets returns to 0."""
    return _bracket_pairs(line).get(close)


@functools.lru_cache(maxsize=1)  # the line being scanned, asked for each of its Liquid links
def _bracket_pairs(line: str) -> dict[int, int]:
    """The ``[`` of each ``]`` of a line, as the scan back finds it: the
    line read from its end with ``]`` opening and ``[`` closing."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i in range(len(line) - 1, -1, -1):
        if line[i] == "]":
            stack.append(i)
        elif line[i] == "[" and stack:
            pairs[stack.pop()] = i
    return pairs


def _bracket_text(line: str, close: int) -> str | None:
    """The text between the ``[`` matching the ``]`` at ``close``."""
    opening = _opening_bracket(line, close)
    return None if opening is None else line[opening + 1 : close]


def _is_image_at(line: str, close: int) -> bool:
    opening = _opening_bracket(line, close)
    return opening is not None and opening > 0 and line[opening - 1] == "!"


# -- resolution -----------------------------------------------------------------------

@dataclass(frozen=True)
class Resolution:
    """What a link points at, as the published site would answer it.

    ``status``: ``ok``, ``missing``, ``case`` (exists only with another letter
    case), ``unpublished`` (a draft or ``published: false`` source),
    ``outside`` (leaves the repository root), ``redirect-missing`` (a
    redirect of the site sends it to a page that does not exist),
    ``external``, ``mailto``, ``skip`` (another scheme, Liquid, empty).
    """

    status: str
    path: str = ""  # the decoded site path looked up (``/blog/x.html``)
    fragment: str = ""
    source: str | None = None  # the repo file that answers (or would)
    actual: str | None = None  # the correctly-cased URL path, for ``case``
    suggestion: str | None = None  # did-you-mean, a site path
    url: str = ""  # the absolute URL, for ``external``
    #: the redirects a link goes through (``/old/ -> /new.html``), each
    #: with the rule that makes it; for ``redirect-missing`` the last one
    #: leads nowhere.
    chain: tuple[str, ...] = ()


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def site_hosts(url: str) -> set[str]:
    """The site's own host names, with and without ``www.``."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[oops": not a URL with a host
        return set()
    if not host:
        return set()
    bare = host[4:] if host.startswith("www.") else host
    return {bare, "www." + bare}


def resolve_link(link: Link, post: Post, index: SiteIndex, memo: Memo | None = None,
                 known_urls: tuple[str, ...] = ()) -> Resolution:
    """Resolve one link of ``post`` against the site map of ``index``
    (``memo``: the run's, where suggestion indexes are kept; ``known_urls``:
    URL globs that exist though no file makes them)."""
    memo = memo if memo is not None else Memo()
    from urllib.parse import urlsplit

    target = link.target.strip()
    if not target or target == LIQUID_SKIP:
        return Resolution("skip")
    if link.kind in ("liquid-post-url", "liquid-link"):
        # a fragment after the tag ({% link a.md %}#part) is the target page's anchor
        name, _, fragment = target.partition("#")
        if link.kind == "liquid-post-url":
            found = _resolve_post_url(name, index)
        else:
            found = _resolve_link_tag(name, index, memo)
        return dataclasses.replace(found, fragment=unquote(fragment)) if fragment else found
    scheme = _SCHEME.match(target)
    if scheme:
        name = scheme.group(1).lower()
        if name == "mailto":
            return Resolution("mailto", url=target)
        if name not in ("http", "https"):
            return Resolution("skip")
    if target.startswith("//"):
        target = "https:" + target
    try:
        parts = urlsplit(target)
    except ValueError:  # "http://[oops": an unbalanced IPv6 bracket, nothing to resolve
        return Resolution("skip")
    cfg = index.sitemap.config
    if parts.scheme:
        if (parts.hostname or "").lower() not in site_hosts(cfg.url):
            return Resolution("external", url=target)
        path = parts.path or "/"
    elif not parts.path:
        # "#anchor" (or "?query"): this very page
        return Resolution("ok", fragment=unquote(parts.fragment), source=post.relpath)
    else:
        path = parts.path
    fragment = unquote(parts.fragment)
    if not parts.scheme and "jekyll-relative-links" in cfg.plugins:
        linked = _relative_links_target(unquote(path), post, index)
        if linked is not None:
            return dataclasses.replace(linked, fragment=fragment)
    if path.startswith("/"):
        base = cfg.baseurl.rstrip("/")
        if base and (path == base or path.startswith(base + "/")):
            path = path[len(base) :] or "/"
        joined = path
    else:
        joined = _page_dir(post, index) + path
    normal = _normalise_url_path(unquote(joined))
    if normal is None:
        return Resolution("outside", path=unquote(joined), fragment=fragment)
    return _lookup(normal, fragment, index, memo, known_urls, relative=not path.startswith("/"), raw=path)


def _relative_links_target(path: str, post: Post, index: SiteIndex) -> Resolution | None:
    """jekyll-relative-links rewrites a link to a Markdown source file
    (``other.md``, ``../docs/a.md``, ``/docs/a.md``) into that file's URL."""
    from postlint.jekyll import is_markup

    if not path or not is_markup(path, index.sitemap.config) or path.lower().endswith((".html", ".htm")):
        return None
    folder = post.relpath.rsplit("/", 1)[0] + "/" if "/" in post.relpath else ""
    rel = _normalise_url_path(path if path.startswith("/") else "/" + folder + path)
    entry = index.sitemap.entries.get(rel.lstrip("/")) if rel else None
    if entry is None:
        return None  # the plugin leaves the link as it is
    if entry.published and entry.url:
        return Resolution("ok", unquote(entry.url), source=entry.source)
    return Resolution("unpublished", path, source=entry.source)


def _page_dir(post: Post, index: SiteIndex) -> str:
    """The folder of the page's published URL, which relative links start from."""
    url = index.sitemap.url_of(post.relpath)
    if not url:
        url = "/" + post.relpath
    return unquote(url).rsplit("/", 1)[0] + "/"


def _normalise_url_path(path: str) -> str | None:
    """``/a/./b/../c`` -> ``/a/c``; None when ``..`` climbs above the root."""
    from postlint.site.index import normalise_path

    normal = normalise_path(path)
    if normal is None:
        return None
    trailing = "/" if path.endswith("/") and normal else ""
    return "/" + normal + trailing


#: redirects followed before giving up (a loop, or a chain too long to be meant).
MAX_REDIRECTS = 8


def _lookup(path: str, fragment: str, index: SiteIndex, memo: Memo, known: tuple[str, ...], *, relative: bool,
            raw: str) -> Resolution:
    from postlint.site.sitemap import unpublished_lookup

    sitemap = index.sitemap
    entry = sitemap.lookup(path)
    if entry is not None:
        if entry.redirect_to:
            return _follow(path, fragment, index, known, entry.redirect_to, _redirect_step(entry, entry.redirect_to))
        return Resolution("ok", path, fragment, entry.source)
    variants = sitemap.lookup_case_insensitive(path)
    if len(variants) == 1 and variants[0].url:
        actual = _cased_like(path, variants[0])
        return Resolution("case", path, fragment, variants[0].source, actual=actual)
    hidden = unpublished_lookup(sitemap, path)
    if hidden is not None:
        return Resolution("unpublished", path, fragment, hidden.source)
    if _known_url(path, known):
        return Resolution("ok", path, fragment, None)
    host = _host_redirect(path, index)
    if host is not None:
        return _follow(path, fragment, index, known, *host)
    return Resolution("missing", path, fragment, suggestion=_suggest(path, index, memo, relative=relative, raw=raw))


def _redirect_step(entry: Entry, target: str) -> str:
    why = "redirect_from" if entry.kind == "generated" else "redirect_to"
    return f"{target} ({why} in {entry.source})" if entry.source else target


def _host_redirect(path: str, index: SiteIndex) -> tuple[str, str] | None:
    """Where the host's rules (Netlify's ``_redirects``) send ``path``, and
    a description of the rule; a 404 rule answers nothing."""
    from postlint.site.sitemap import redirect_for

    found = redirect_for(index.sitemap, path)
    if found is None:
        return None
    rule, target = found
    if rule.status.rstrip("!").strip() == "404":
        return None
    return target, f"{target} ({rule.file}:{rule.line})"


def _follow(path: str, fragment: str, index: SiteIndex, known: tuple[str, ...], target: str, step: str) -> Resolution:
    """Resolve a redirect's destination: fine when it is published or
    outside the site, ``redirect-missing`` with the chain otherwise."""
    from urllib.parse import urlsplit

    chain = [step]
    seen = {path}
    sitemap = index.sitemap
    while len(chain) <= MAX_REDIRECTS:
        parts = urlsplit(target)
        if parts.scheme and (parts.hostname or "").lower() not in site_hosts(sitemap.config.url):
            return Resolution("ok", path, fragment, None, chain=tuple(chain))
        where = _normalise_url_path(unquote(parts.path or "/"))
        if where is None or where in seen:
            break
        seen.add(where)
        entry = sitemap.lookup(where)
        if entry is not None and not entry.redirect_to:
            return Resolution("ok", path, fragment or unquote(parts.fragment), entry.source, chain=tuple(chain))
        if entry is not None and entry.redirect_to:
            target = entry.redirect_to
            chain.append(_redirect_step(entry, target))
            continue
        if _known_url(where, known) or sitemap.lookup_case_insensitive(where):
            return Resolution("ok", path, fragment, None, chain=tuple(chain))
        host = _host_redirect(where, index)
        if host is None:
            break
        target = host[0]
        chain.append(host[1])
    return Resolution("redirect-missing", path, fragment, chain=tuple(chain))


def _known_url(path: str, known: tuple[str, ...]) -> bool:
    """A URL the configuration says exists (``[links] known-urls``: pages
    that plugins postlint does not model create)."""
    from postlint.core.globs import glob_match

    return bool(known) and any(glob_match(path.strip("/"), pattern.strip("/")) or path == pattern
                               for pattern in known)


def _cased_like(path: str, entry: Entry) -> str:
    """The link path with the letter case of the published file."""
    url = unquote(entry.url or "")
    if url.lower() == path.lower():
        return url
    out = "/" + (entry.output or "")
    return out if out.lower().startswith(path.lower()) else url


def _suggest(path: str, index: SiteIndex, memo: Memo, *, relative: bool, raw: str) -> str | None:
    sitemap = index.sitemap
    if relative:
        # the editor most likely meant a site-relative link
        rooted = _normalise_url_path("/" + unquote(raw))
        if rooted and (sitemap.lookup(rooted) or sitemap.lookup_case_insensitive(rooted)):
            return rooted
    top = path.strip("/").split("/", 1)[0]
    return memo.get(("near-outputs", top), lambda: _near_outputs(sitemap, top)).closest(path, cutoff=0.75)


def _near_outputs(sitemap: SiteMap, top: str) -> NearIndex:
    """The published outputs under a top folder (all when none), indexed
    once per run for did-you-mean suggestions."""
    from postlint.core.suggest import NearIndex

    outputs = sitemap.by_output
    pool = ["/" + out for out in outputs if out.split("/", 1)[0] == top] or ["/" + out for out in outputs]
    pool += [unquote(e.url) for e in outputs.values() if e.url and e.url.endswith("/")]
    return NearIndex(pool)


def _resolve_post_url(name: str, index: SiteIndex) -> Resolution:
    """``{% post_url 2018-01-02-slug %}``: a post's file name without extension
    (optionally with folders); Jekyll's build fails when none matches."""
    name = name.strip().strip("'\"")
    wanted = name.rsplit("/", 1)[-1]
    candidates: list[str] = []
    for entry in index.sitemap:
        if entry.kind not in ("post", "draft", "ignored") or entry.collection != "posts":
            continue
        stem = entry.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        candidates.append(stem)
        if stem == wanted:
            if entry.published and entry.url:
                return Resolution("ok", unquote(entry.url), source=entry.source)
            return Resolution("unpublished", name, source=entry.source)
    folded = [c for c in candidates if c.lower() == wanted.lower()]
    if folded:
        return Resolution("case", name, actual=folded[0])
    from postlint.core.suggest import closest

    return Resolution("missing", name, suggestion=closest(wanted, candidates, cutoff=0.75))


def _resolve_link_tag(path: str, index: SiteIndex, memo: Memo) -> Resolution:
    """``{% link _posts/x.md %}``: a source path relative to the site root."""
    rel = index.resolve_in_root(path.strip().strip("'\""))
    if rel is None:
        return Resolution("outside", path)
    entry = index.sitemap.entries.get(rel)
    if entry is not None:
        if entry.published and entry.url:
            return Resolution("ok", unquote(entry.url), source=rel)
        return Resolution("unpublished", path, source=rel)
    variants = index.case_variants(rel)
    if len(variants) == 1:
        return Resolution("case", path, actual=variants[0], source=variants[0])
    from postlint.core.suggest import NearIndex

    near = memo.get("near-files", lambda: NearIndex(sorted(index.files)))
    return Resolution("missing", path, suggestion=near.closest(rel, cutoff=0.75))
