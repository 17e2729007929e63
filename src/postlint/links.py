"""Every link, image and anchor of a post, extracted once, with positions.

:func:`extract_links` walks the post's markdown-it tokens (inline links and
images, autolinks, raw HTML ``<a href>`` / ``<img src>``) and scans the source
for what markdown-it cannot see: Liquid targets (``{% post_url %}``,
``{% link %}``, ``{{ site.baseurl }}/x``), which contain spaces. Code spans
and code blocks are skipped. Positions are 1-based file line:column of the
target as written (end exclusive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Iterator
from urllib.parse import unquote

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

    from postlint.document import Post

__all__ = ["Link", "extract_links", "html_ids", "resolve_liquid", "LIQUID_SKIP"]


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

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _mask_code_spans(line: str) -> str:
    """The line with inline code spans blanked (same length)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


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
    """Every link of the body, in source order (cached on the post)."""
    cached = post.__dict__.get("_links")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: list[Link] = []
    if post.text and post.body.strip():
        masked = _masked_lines(post)
        found.extend(_token_links(post, masked))
        found.extend(_liquid_links(post, masked))
    found = sorted(dict.fromkeys(found), key=lambda link: (link.line, link.column))
    post.__dict__["_links"] = found
    return found


def _masked_lines(post: Post) -> list[str]:
    """File lines with code blocks and code spans blanked; 0-based list."""
    code = _code_lines(post)
    out: list[str] = []
    for number, line in enumerate(post.lines, start=1):
        if number < post.body_start_line or number in code:
            out.append(" " * len(line))
        else:
            out.append(_mask_code_spans(line))
    return out


class _Locator:
    """Finds targets in a block's source lines, left to right."""

    def __init__(self, masked: list[str], first: int, last: int) -> None:
        self.masked = masked
        self.first = first  # 1-based file line
        self.last = last  # inclusive
        self.line = first
        self.col = 0

    def find(self, candidates: list[str]) -> tuple[int, int, str] | None:
        for needle in candidates:
            if not needle:
                continue
            line, col = self.line, self.col
            while line <= self.last and line - 1 < len(self.masked):
                at = self.masked[line - 1].find(needle, col)
                if at >= 0:
                    self.line, self.col = line, at + len(needle)
                    return line, at + 1, needle
                line, col = line + 1, 0
        return None


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
    depth, parts, i = 0, [], start
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
    where = locator.find(_candidates(href))
    if where is None:
        ref = next((refs[c] for c in _candidates(href) if c in refs), None)
        if ref is None:
            line, col = locator.first, 1
            raw = unquote(href)
        else:
            line, col, raw = ref
            kind = "reference" if kind == "link" else kind
        return Link(kind, raw, text, line, col, line, col + len(raw))
    line, col, raw = where
    if kind == "autolink" and href.startswith("mailto:") and not raw.startswith("mailto:"):
        raw = href if raw == href[7:] else "mailto:" + raw
        return Link(kind, raw, text, line, col, line, col + len(raw) - 7)
    return Link(kind, raw, text, line, col, line, col + len(raw))


# -- HTML -----------------------------------------------------------------------------

class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        self.tags.append((tag, dict(attrs), line, offset))

    handle_startendtag = handle_starttag


def _html_tags(source: str) -> list[tuple[str, dict[str, str | None], int, int]]:
    collector = _TagCollector()
    try:
        collector.feed(source)
        collector.close()
    except Exception:  # malformed HTML: keep what was collected
        pass
    return collector.tags


def _html_links(source: str, first_line: int, masked: list[str]) -> Iterator[Link]:
    for tag, attrs, line, offset in _html_tags(source):
        link = _html_link(tag, attrs)
        if link is None:
            continue
        kind, target, text = link
        file_line = first_line + line - 1
        row = masked[file_line - 1] if 0 < file_line <= len(masked) else ""
        at = row.find(target, offset)
        col = at + 1 if at >= 0 else offset + 1
        yield Link(kind, target, text, file_line, col, file_line, col + len(target))


def _html_inline(source: str, locator: _Locator) -> Iterator[Link]:
    for tag, attrs, _line, _offset in _html_tags(source):
        link = _html_link(tag, attrs)
        if link is None:
            continue
        kind, target, text = link
        where = locator.find([target])
        line, col = (where[0], where[1]) if where else (locator.first, 1)
        yield Link(kind, target, text, line, col, line, col + len(target))


def _html_link(tag: str, attrs: dict[str, str | None]) -> tuple[str, str, str | None] | None:
    if tag == "a" and attrs.get("href") is not None:
        href = str(attrs["href"]).strip()
        kind, target = resolve_liquid(href)
        if target == LIQUID_SKIP:
            return None
        return (kind or "html-a", target, None)
    if tag == "img" and attrs.get("src") is not None:
        kind, target = resolve_liquid(str(attrs["src"]).strip())
        if target == LIQUID_SKIP:
            return None
        alt = attrs.get("alt")
        return (kind or "html-img", target, alt if alt is not None else "")
    return None


def html_ids(source: str) -> set[str]:
    """Ids (and ``<a name>``) declared in an HTML fragment."""
    ids: set[str] = set()
    for tag, attrs, _line, _offset in _html_tags(source):
        for name in ("id", "name") if tag == "a" else ("id",):
            value = attrs.get(name)
            if value:
                ids.add(value)
    return ids


# -- Liquid targets ---------------------------------------------------------------------

_LIQUID_TARGET = re.compile(
    r"(?:\]\(\s*<?|^ {0,3}\[[^\]]+\]:[ \t]*<?)((?:\{\{.*?\}\}|\{%.*?%\})[^\s)>]*)"
)


def _liquid_links(post: Post, masked: list[str]) -> Iterator[Link]:
    """Markdown links and references whose target starts with Liquid."""
    for number, line in enumerate(masked, start=1):
        if "{" not in line:
            continue
        for m in _LIQUID_TARGET.finditer(line):
            raw = m.group(1)
            kind, target = resolve_liquid(raw)
            if target == LIQUID_SKIP:
                continue
            image = m.start() > 0 and _is_image_at(line, m.start())
            text = _bracket_text(line, m.start()) if m.group(0).startswith("]") else None
            default = "image" if image else ("link" if m.group(0).startswith("]") else "reference")
            yield Link(kind or default, target, text, number, m.start(1) + 1, number, m.end(1) + 1)


def _bracket_text(line: str, close: int) -> str | None:
    """The text between the ``[`` matching the ``]`` at ``close``."""
    depth = 0
    for i in range(close, -1, -1):
        if line[i] == "]":
            depth += 1
        elif line[i] == "[":
            depth -= 1
            if depth == 0:
                return line[i + 1 : close]
    return None


def _is_image_at(line: str, close: int) -> bool:
    depth = 0
    for i in range(close, -1, -1):
        if line[i] == "]":
            depth += 1
        elif line[i] == "[":
            depth -= 1
            if depth == 0:
                return i > 0 and line[i - 1] == "!"
    return False
