"""Where a post's prose is: the text an editor writes as sentences.

Typography rules must never touch code, URLs, Liquid, HTML markup or
Markdown syntax. :func:`prose_segments` returns the exact character ranges
of ``post.text`` that are prose; :func:`prose_view` returns the text with
every other character replaced by ``\\0`` (line feeds kept), so that rules can
run regular expressions with exact offsets and never match across markup.

Prose is:

* the text of paragraphs, headings and table cells (block structure from
  the post's markdown-it tokens), minus code spans, link destinations and
  reference labels (link *text* and image alt text stay prose), autolinks,
  raw HTML tags, HTML comments and entities, Liquid tags and output,
  kramdown attribute lists (``{: .x}``, ``{#id}``), bare URLs, e-mail
  addresses, backslash escapes and container markers (``>``, list markers,
  heading ``#``, table pipes);
* the text between tags of raw HTML blocks (not inside ``<script>``,
  ``<style>``, ``<pre>``, ``<code>``);
* the values of configured front-matter text fields (plain, quoted or block
  scalars; quotes, escapes and doubled single quotes excluded).

Fenced and indented code, reference definitions and everything else of the
front matter are never prose.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from postlint.core import scan

if TYPE_CHECKING:  # pragma: no cover
    from postlint.core.document import Post

__all__ = ["Segment", "prose_segments", "prose_view", "MASK"]

#: what :func:`prose_view` puts in place of a non-prose character.
MASK = "\0"


@dataclass(frozen=True, slots=True)
class Segment:
    """``post.text[start:end]`` is prose."""

    start: int
    end: int


# -- patterns of what is not prose (applied over the text of a block) ---------
# Lazy patterns (`<!--.*?-->`) and HTML tags are linear scanners (postlint.core.scan)
# finding the same spans: as regular expressions they rescanned the rest of
# the text from every unclosed opening, quadratic in a line's length.
_LIQUID_BLOCKS = scan.liquid_blocks
_LIQUID = scan.liquid
_HTML_COMMENT = scan.html_comments
_CODE_SPAN = scan.code_spans
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_HTML_TAG = scan.html_tags
_RAW_ELEMENTS = scan.raw_elements
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_IAL = re.compile(r"\{:[^{}\n]*\}|\{#[A-Za-z][^{}\n]*\}|\{\.[A-Za-z][^{}\n]*\}")
_URL = re.compile(r"(?:\b(?:https?|ftp|mailto|tel):|\bwww\.)[^\s<>\0]*", re.IGNORECASE)
_EMAIL = scan.emails
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_FOOTNOTE_REF = scan.footnote_refs
_IMAGE_BANG = re.compile(r"!(?=\[)")
#: jemoji shortcodes (`:smile:`), whose colons are not punctuation.
_EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")
_REF_LABEL = re.compile(r"\]\[[^\]\n]*\]")
_URL_TRAILING = ".,;:!?»\"'’*_"

# -- container markers at the start of a line of a block ----------------------
_QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*")
_ATX_OPEN = re.compile(r"[ \t]{0,3}#{1,6}(?=[ \t]|$)[ \t]*")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_TABLE_DELIMITER = re.compile(r"^[ \t|:\-]+$")


def prose_segments(post: Post, text_fields: Sequence[str] = ("title", "description")) -> list[Segment]:
    """The prose ranges of ``post.text``, in order."""
    return _segments(_mask(post, tuple(text_fields)))


def prose_view(post: Post, text_fields: Sequence[str] = ("title", "description")) -> str:
    """``post.text`` with every non-prose character replaced by :data:`MASK`
    (line feeds are kept so that line-based patterns still work). Every
    typography rule reads it: callers keep it in their file's memo."""
    return _view(post.text, _mask(post, tuple(text_fields)))


def _view(text: str, mask: bytearray) -> str:
    # slices per run of prose, not a join per character (that was half of a cold run)
    out: list[str] = []
    pos = 0
    for m in re.finditer(rb"[^\x00]+", bytes(mask)):
        out.append(_masked(text[pos : m.start()]))
        out.append(text[m.start() : m.end()])
        pos = m.end()
    out.append(_masked(text[pos:]))
    return "".join(out)


def _masked(text: str) -> str:
    return "\n".join(MASK * len(part) for part in text.split("\n")) if text else ""


def _segments(mask: bytearray) -> list[Segment]:
    found: list[Segment] = []
    for m in re.finditer(rb"\x01+", bytes(mask)):
        found.append(Segment(m.start(), m.end()))
    return found


def _mask(post: Post, fields: tuple[str, ...]) -> bytearray:
    mask = bytearray(len(post.text))
    _front_matter_prose(post, fields, mask)
    _body_prose(post, mask)
    return mask


def _clear(mask: bytearray, start: int, end: int) -> None:
    mask[start:end] = bytes(end - start)


_Pattern = Union["re.Pattern[str]", scan.Spans]


def _clear_matches(mask: bytearray, text: str, base: int, patterns: Iterable[_Pattern]) -> None:
    for pattern in patterns:
        spans = (m.span() for m in pattern.finditer(text)) if isinstance(pattern, re.Pattern) else pattern(text)
        for start, end in spans:
            _clear(mask, base + start, base + end)


# -- front matter ---------------------------------------------------------------
def _front_matter_prose(post: Post, fields: tuple[str, ...], mask: bytearray) -> None:
    data = post.front_matter
    if not isinstance(data, dict):
        return
    for name in fields:
        if not isinstance(data.get(name), str):
            continue
        span = post.span_of(name, value=True)
        if span is None or span.end <= span.start:
            continue
        _scalar_prose(post.text, span.start, span.end, mask)


def _scalar_prose(text: str, start: int, end: int, mask: bytearray) -> None:
    raw = text[start:end]
    first = raw[:1]
    if first in ("\"", "'"):
        if len(raw) < 2 or raw[-1] != first:
            return  # not a scalar we can read exactly: leave it alone
        mask[start + 1 : end - 1] = b"\x01" * (end - start - 2)
        escapes = re.compile(r"''") if first == "'" else re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
        _clear_matches(mask, raw, start, [escapes])
    elif first in ("|", ">"):
        newline = raw.find("\n")
        if newline < 0:
            return
        mask[start + newline + 1 : end] = b"\x01" * (end - start - newline - 1)
    else:
        mask[start:end] = b"\x01" * (end - start)
    _clear_matches(mask, raw, start, [_LIQUID, _URL, _EMAIL, _HTML_TAG, _ENTITY])


# -- body -------------------------------------------------------------------------
def _body_prose(post: Post, mask: bytearray) -> None:
    if post.body_offset >= len(post.text) or not post.text[post.body_offset :].strip():
        return
    tokens = post.tokens
    for tok in tokens:
        if tok.map is None:
            continue
        if tok.type in ("paragraph_open", "heading_open"):
            _inline_block(post, tok.map[0], tok.map[1], mask, heading=tok.type == "heading_open")
        elif tok.type == "table_open":
            _inline_block(post, tok.map[0], tok.map[1], mask, table=True)
        elif tok.type == "html_block":
            _html_block(post, tok.map[0], tok.map[1], mask)
    # Liquid and HTML comments can span blocks: clear them over the whole body.
    body = post.text[post.body_offset :]
    _clear_matches(mask, body, post.body_offset, [_LIQUID_BLOCKS, _LIQUID, _HTML_COMMENT])


def _line_range(post: Post, first: int, last: int) -> tuple[int, int]:
    """Offsets of body lines ``[first, last)`` (0-based, body-relative)."""
    starts = post.line_starts
    line0 = post.body_start_line - 1 + first
    line1 = post.body_start_line - 1 + last
    start = starts[line0] if line0 < len(starts) else len(post.text)
    end = starts[line1] if line1 < len(starts) else len(post.text)
    return start, end


def _inline_block(post: Post, first: int, last: int, mask: bytearray, *, heading: bool = False,
                  table: bool = False) -> None:
    start, end = _line_range(post, first, last)
    text = post.text[start:end]
    offset = start
    for n, line in enumerate(_block_lines(post, start, end)):
        content = line.rstrip("\r\n")
        lo = _prefix_length(content, first_line=n == 0, heading=heading)
        hi = len(content)
        if heading:
            close = scan.atx_closing_start(content, lo)
            if close is not None and not _SETEXT_UNDERLINE.match(content):
                hi = close
            if n > 0 and _SETEXT_UNDERLINE.match(content):
                hi = lo
        if table and (n == 1 and _TABLE_DELIMITER.match(content)):
            hi = lo
        if hi > lo:
            mask[offset + lo : offset + hi] = b"\x01" * (hi - lo)
        if table:
            for m in re.finditer(r"(?<!\\)\|", content):
                mask[offset + m.start()] = 0
        offset += len(line)
    _clear_inline_markup(text, start, mask)


def _block_lines(post: Post, start: int, end: int) -> list[str]:
    """The lines of ``post.text[start:end]`` with their line breaks, as
    markdown-it breaks them (``str.splitlines`` also breaks at U+2028 and
    the like, which markdown-it keeps inside a line)."""
    starts = post.line_starts
    inside = starts[bisect.bisect_right(starts, start) : bisect.bisect_left(starts, end)]
    cuts = [start, *inside, end]
    return [post.text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _prefix_length(line: str, *, first_line: bool, heading: bool) -> int:
    """Length of the container markers (``>``, list markers, ``#``) opening a line."""
    pos = 0
    while True:
        before = pos
        pos = _QUOTE_PREFIX.match(line, pos).end()  # type: ignore[union-attr]
        if first_line:
            marker = _LIST_MARKER.match(line, pos)
            if marker is not None:
                pos = marker.end()
        if pos == before:
            break
    if heading and first_line:
        atx = _ATX_OPEN.match(line, pos)
        if atx is not None:
            pos = atx.end()
    return pos


def _clear_inline_markup(text: str, base: int, mask: bytearray) -> None:
    """Clear what is not prose inside the source of a paragraph, heading or table."""
    _clear_matches(mask, text, base, [_LIQUID_BLOCKS, _LIQUID, _HTML_COMMENT, _CODE_SPAN])
    _clear_matches(mask, text, base, [_AUTOLINK, _HTML_TAG])
    for s, e in _link_destinations(text):
        _clear(mask, base + s, base + e)
    _clear_matches(mask, text, base, [_REF_LABEL, _FOOTNOTE_REF, _IAL, _ENTITY, _ESCAPE, _IMAGE_BANG, _EMOJI])
    for m in _URL.finditer(text):
        s, e = m.start(), _url_end(m.group(0)) + m.start()
        _clear(mask, base + s, base + e)
    _clear_matches(mask, text, base, [_EMAIL])


def _url_end(url: str) -> int:
    """Length of a bare URL without the sentence punctuation that follows it."""
    end = len(url)
    opened, closed = url.count("("), url.count(")")  # in url[:end], kept as `end` moves
    while end > 0:
        ch = url[end - 1]
        if ch in _URL_TRAILING:
            end -= 1
        elif ch == ")" and opened < closed:
            end -= 1
            closed -= 1
        else:
            break
    return end


def _link_destinations(text: str) -> Iterable[tuple[int, int]]:
    """Spans of ``](destination "title")``: from the ``(`` to its ``)``."""
    if "](" not in text:
        return
    parens = _Parens(text)
    pos = 0
    while True:
        at = text.find("](", pos)
        if at < 0:
            return
        close = parens.closing(at + 1)
        if close is None:
            pos = at + 2
            continue
        yield at + 1, close + 1
        pos = close + 1


class _Parens:
    """Where the destination opened by the ``(`` at ``open_at`` closes.

    Scanning from ``open_at``: a backslash escapes the next character; a
    ``<`` right after the ``(`` starts an angle-bracket destination, in
    which parentheses do not count, until ``>``; otherwise the ``)`` that
    brings the depth back to 0 closes it; a blank line (two line feeds) or the
    end of the text means it never closes. Every such scan starts on a
    character that a scan of the whole text from its start reaches too (a
    ``(`` after ``]`` is never an escaped one), so the escapes are paired
    once for the whole text, and the closing parenthesis is the next one
    at a lower depth: found for all destinations in linear time instead of
    one scan to the end of the paragraph per unclosed ``](``.
    """

    def __init__(self, text: str) -> None:
        self.paren_at: list[int] = []  # positions of the unescaped ( and )
        self.gt_at: list[int] = []  # positions of the unescaped >
        self.blank_at: list[int] = []  # positions of an unescaped \n followed by \n
        depths: list[int] = []
        depth = 0
        for m in re.finditer(r"\\.|[()>\n]", text, re.DOTALL):
            ch, at = m.group(), m.start()
            if ch in "()":
                depth += 1 if ch == "(" else -1
                self.paren_at.append(at)
                depths.append(depth)
            elif ch == ">":
                self.gt_at.append(at)
            elif ch == "\n" and text.startswith("\n", at + 1):
                self.blank_at.append(at)
        # lower[k]: the first parenthesis after the k-th one at a lower depth
        self.lower: list[int | None] = [None] * len(depths)
        stack: list[int] = []
        for k, d in enumerate(depths):
            while stack and d < depths[stack[-1]]:
                self.lower[stack.pop()] = k
            stack.append(k)
        self.text = text

    def _next_lower(self, k: int | None) -> int | None:
        return None if k is None else self.lower[k]

    def closing(self, open_at: int) -> int | None:
        k = bisect.bisect_left(self.paren_at, open_at)  # the ( at open_at itself
        if self.text.startswith("<", open_at + 1):
            g = bisect.bisect_right(self.gt_at, open_at + 1)
            if g == len(self.gt_at):
                return None
            after = bisect.bisect_right(self.paren_at, self.gt_at[g])
            if after == len(self.paren_at):
                return None
            # depth 1 when the angle brackets close: a ) right after closes,
            # a ( first must be closed, then one more )
            close = after if self.text[self.paren_at[after]] == ")" else self._next_lower(self._next_lower(after))
        else:
            close = self._next_lower(k)
        if close is None:
            return None
        at = self.paren_at[close]
        blank = bisect.bisect_right(self.blank_at, open_at)
        if blank < len(self.blank_at) and self.blank_at[blank] < at:
            return None
        return at


def _html_block(post: Post, first: int, last: int, mask: bytearray) -> None:
    start, end = _line_range(post, first, last)
    text = post.text[start:end]
    mask[start:end] = b"\x01" * (end - start)
    _clear_matches(mask, text, start, [_RAW_ELEMENTS, _HTML_COMMENT, _LIQUID_BLOCKS, _LIQUID, _HTML_TAG,
                                       _ENTITY, _IAL])
    for m in _URL.finditer(text):
        _clear(mask, start + m.start(), start + m.start() + _url_end(m.group(0)))
    _clear_matches(mask, text, start, [_EMAIL])
    # an unclosed tag (attributes over several lines) hides the rest of its line
    for s, e in scan.unclosed_tag_ends(text):
        _clear(mask, start + s, start + e)
