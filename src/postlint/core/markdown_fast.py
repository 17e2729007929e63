"""markdown-it tokens built from pulldown-cmark's events (the ``pyromark`` wheel).

postlint reads markdown-it tokens everywhere (types, ``map``, ``content``,
``children``, ``attrs``, ``markup``). Parsing with markdown-it-py is the
largest share of a cold run; pulldown-cmark parses the same CommonMark about
twenty times faster. :func:`parse` turns its events, with their byte ranges,
into the token stream markdown-it-py would have produced for postlint's
configuration (CommonMark + tables + strikethrough): same types in the same
order, same line maps, same inline ``content`` (the raw source of the
inline), same children, hrefs normalised by markdown-it's own functions.

markdown-it-py stays the reference: ``tests/test_markdown_fast.py`` compares
both on real sites and on Markdown written for the project, and
:mod:`postlint.core.markdown` falls back to it when ``pyromark`` is not installed
(``pip install postlint[fast]``) or ``POSTLINT_MARKDOWN=markdown-it`` is set.
Where the grammars differ the adapter follows markdown-it: a single ``~`` is
not strikethrough, a link markdown-it refuses (``javascript:``) stays text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from contextlib import suppress
from functools import lru_cache
from typing import Any

from markdown_it.token import Token

__all__ = ["available", "parse"]

_NEWLINES = re.compile(r"\r\n?")
# Characters pulldown-cmark counts as whitespace and markdown-it (like CommonMark) does not, which
# changes emphasis: a body that has one is parsed by markdown-it-py itself.
_DIVERGENT = re.compile("[\x85\u2028\u2029]")
_FENCE_PREFIX = re.compile(r"[ \t>]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)*")
_BQ = re.compile(r" {0,3}>[ \t]?")
_ATX_OPEN = re.compile(r"[ \t]*#{1,6}")
_ORDERED = re.compile(rb"[ \t]*([0-9]{1,9})([.)])")


def available() -> bool:
    """Whether the ``pyromark`` wheel can be imported."""
    try:
        import pyromark  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _markdown() -> Any:
    import pyromark

    return pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH)


@lru_cache(maxsize=1)
def _link_functions() -> tuple[Any, Any, Any]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    return md.normalizeLink, md.normalizeLinkText, md.validateLink


@lru_cache(maxsize=4096)
def _href(url: str) -> str | None:
    """markdown-it's normalised form of a destination; None when it refuses it."""
    normalize, _, validate = _link_functions()
    href: str = normalize(url)
    return href if validate(href) else None


class _Tok(Token):
    """A markdown-it ``Token`` built without the dataclass machinery (a third cheaper)."""

    __slots__ = ()

    def __init__(self, type: str, tag: str, nesting: int, map: list[int] | None = None,
                 level: int = 0, content: str = "", markup: str = "", block: bool = False) -> None:
        self.type = type
        self.tag = tag
        self.nesting = nesting  # type: ignore[assignment]
        self.attrs = {}
        self.map = map
        self.level = level
        self.children = None
        self.content = content
        self.markup = markup
        self.info = ""
        self.meta = {}
        self.block = block
        self.hidden = False


def parse(text: str) -> list[Token] | None:
    """The markdown-it token stream of ``text`` (see the module docstring);
    None where markdown-it-py must parse it itself."""
    # markdown-it's own normalisation first: line ends, NUL
    text = _NEWLINES.sub("\n", text).replace("\0", "\ufffd")
    if not _divergent(text) and not _slow_in_pulldown(text):
        # never worse than the reference: an event the adapter does not expect, a bug of its own
        with suppress(Exception):
            return _Builder(text).run()
    return None


#: a paragraph of more lines than this holding a link is left to markdown-it.
_LONG_PARAGRAPH = 500
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _slow_in_pulldown(text: str) -> bool:
    """Whether pulldown-cmark would take quadratic time on ``text``: an
    inline link whose title opens and never closes rescans the rest of its
    paragraph at every line (20,000 lines: 1 s; markdown-it: 0.2 s). Only
    long paragraphs holding a link can do it; real ones are short."""
    if text.count("\n") < _LONG_PARAGRAPH:
        return False
    return any(part.count("\n") > _LONG_PARAGRAPH and "](" in part for part in _BLANK_LINE.split(text))


def _divergent(text: str) -> bool:
    """Whether ``text`` has a construct the two parsers are known to read differently."""
    if _DIVERGENT.search(text):
        return True
    at = text.find("~~~")
    while at >= 0:
        # a run of three or more tildes in a line's text (not opening it, as a fence does):
        # markdown-it makes strikethrough of part of it, pulldown-cmark (as GFM) does not
        line_start = text.rfind("\n", 0, at) + 1
        if not _FENCE_PREFIX.fullmatch(text, line_start, at):
            return True
        end = at
        while end < len(text) and text[end] == "~":
            end += 1
        at = text.find("~~~", end)
    return False


class _Builder:
    """One pass over the events; block tokens in ``out``, inline children in ``kids``."""

    def __init__(self, text: str) -> None:
        self.text_in = text
        self.data = text.encode()
        self.newlines = [m.start() for m in re.finditer(b"\n", self.data)]
        self.out: list[Token] = []
        self.level = 0
        # open containers, outer first: ("bq", 0) or ("li", content column)
        self.containers: list[tuple[str, int]] = []
        #: per open container: for an item, the largest content column of the
        #: items since the last quote (None for a quote); and where the quotes
        #: are. :meth:`prefix_end` then costs one step per quote, not one per
        #: container (300 nested lists on each of 18,000 lines took 7 s).
        self._run_max: list[int | None] = []
        self._quotes: list[int] = []
        self.lists: list[Token] = []  # the open list tokens (markup of their items)
        self.items: list[Token] = []  # the last item opened in each open list
        self.kids: list[Token] | None = None  # children of the inline being built
        self.kid_level = 0
        self.inline_start = -1  # byte range of the inline being built
        self.inline_end = -1
        self.block: Token | None = None  # paragraph/heading/cell the inline belongs to
        self.block_range = (0, 0)
        self.hidden = False  # a paragraph of a tight list, made up by us
        self.stack: list[tuple[list[Token], Token, int, int]] = []  # images: outer kids, image, label, level
        self.undone: list[bool] = []  # per strikethrough: False when it is a single ~ (text for markdown-it)
        self.links: list[bool] = []  # per link: False when markdown-it would refuse it (left as text)
        self.code: list[str] | None = None  # text of the code or HTML block being built
        self.table_row = 0
        self.aligns: tuple[str, ...] = ()
        self.cell = 0
        self.row: Token | None = None
        self.table_range = (0, 0)
        self.code_range = (0, 0)
        self.code_kind: Any = None

    # -- positions -------------------------------------------------------------
    def line(self, offset: int) -> int:
        """0-based line of a byte offset."""
        return bisect_left(self.newlines, offset)

    def map(self, start: int, end: int) -> list[int]:
        first = self.line(start)
        return [first, max(first + 1, self.line(end - 1) + 1 if end > start else first + 1)]

    def source(self, start: int, end: int) -> str:
        return self.data[start:end].decode()

    def line_start(self, offset: int) -> int:
        first = self.line(offset)
        return self.newlines[first - 1] + 1 if first else 0

    def rest_of_line(self, offset: int) -> str:
        first = self.line(offset)
        hi = self.newlines[first] if first < len(self.newlines) else len(self.data)
        return self.data[offset:hi].decode()

    def line_text(self, offset: int) -> str:
        first = self.line(offset)
        lo = self.newlines[first - 1] + 1 if first else 0
        hi = self.newlines[first] if first < len(self.newlines) else len(self.data)
        return self.data[lo:hi].decode()

    # -- tokens ------------------------------------------------------------------
    def block_token(self, type_: str, tag: str, nesting: int, rng: tuple[int, int] | None = None,
                    markup: str = "") -> Token:
        if nesting < 0:
            self.level -= 1
        tok = _Tok(type_, tag, nesting, self.map(*rng) if rng else None, self.level, "", markup, True)
        if nesting > 0:
            self.level += 1
        self.out.append(tok)
        return tok

    def kid(self, type_: str, tag: str, nesting: int, content: str = "", markup: str = "") -> Token:
        assert self.kids is not None
        if nesting < 0:
            self.kid_level -= 1
        tok = _Tok(type_, tag, nesting, None, self.kid_level, content, markup)
        if nesting > 0:
            self.kid_level += 1
        self.kids.append(tok)
        return tok

    def text(self, content: str) -> None:
        kids = self.kids
        if kids is None:
            self.open_hidden_paragraph()
            kids = self.kids
            assert kids is not None
        if kids and kids[-1].type == "text":
            kids[-1].content += content
        else:
            self.kid("text", "", 0, content)

    def new_text(self, value: str, start: int, end: int) -> Token:
        """A text token; one that opens with an entity or an escape keeps it as markup, as in markdown-it."""
        tok = _Tok("text", "", 0, None, self.kid_level, value)
        data = self.data
        if data[start:start + 1] == b"&" and end - start > 1 and data[start:end] != value.encode():
            tok.markup, tok.info = data[start:end].decode(), "entity"
        elif start and data[start - 1:start] == b"\\" and value:
            tok.markup, tok.info = "\\" + value[0], "escape"
        return tok

    def touch(self, start: int, end: int) -> None:
        """Open the paragraph markdown-it keeps hidden in a tight item; follow its range."""
        if self.kids is None:
            self.open_hidden_paragraph(start)
        elif not self.hidden:
            return
        if self.inline_start < 0 or start < self.inline_start:
            self.inline_start = start
        self.inline_end = max(self.inline_end, end)

    # -- inline containers ---------------------------------------------------------
    def open_inline(self, block: Token, rng: tuple[int, int]) -> None:
        self.block = block
        self.block_range = rng
        self.kids = []
        self.kid_level = 0
        self.inline_start = self.inline_end = -1

    def open_hidden_paragraph(self, start: int = -1) -> None:
        tok = self.block_token("paragraph_open", "p", 1)
        tok.hidden = True
        self.hidden = True
        self.open_inline(tok, (start, start))

    def close_inline(self, content: str, map_: list[int] | None) -> None:
        kids = self.kids or []
        # markdown-it parses the stripped content (str.strip: Unicode spaces too, such as U+00A0)
        if kids and kids[0].type == "text":
            kids[0].content = kids[0].content.lstrip()
        if kids and kids[-1].type == "text":
            kids[-1].content = kids[-1].content.rstrip()
        inline = _Tok("inline", "", 0, map_, self.level, content, "", True)
        inline.children = kids
        self.out.append(inline)
        self.kids = None
        self.block = None

    def close_hidden_paragraph(self) -> None:
        if not self.hidden:
            return
        self.hidden = False
        assert self.block is not None
        start, end = self.inline_start, self.inline_end
        map_ = self.map(start, end) if start >= 0 else None
        self.block.map = map_
        self.close_inline(self.paragraph_content(start, end) if start >= 0 else "", map_)
        tok = self.block_token("paragraph_close", "p", -1)
        tok.hidden = True

    def paragraph_content(self, start: int, end: int) -> str:
        content = self.source(start, end).strip()
        if "\n" in content and self.containers:
            content = "\n".join([content.split("\n", 1)[0]]
                                + [self.strip_prefixes(line) for line in content.split("\n")[1:]]).strip()
        return content

    def strip_prefixes(self, line: str) -> str:
        """A continuation line without its container markers, as markdown-it's getLines gives it."""
        return line[self.prefix_end(line)[0]:]

    def push_container(self, kind: str, column: int) -> None:
        if kind == "bq":
            self._quotes.append(len(self.containers))
            self._run_max.append(None)
        else:
            before = self._run_max[-1] if self._run_max else None
            self._run_max.append(column if before is None else max(before, column))
        self.containers.append((kind, column))

    def pop_container(self) -> None:
        kind, _column = self.containers.pop()
        self._run_max.pop()
        if kind == "bq":
            self._quotes.pop()

    def prefix_end(self, line: str) -> tuple[int, int]:
        """Where the open containers' markers end on ``line``, and where the innermost quote's does.

        Items between two quotes each let the line's spaces run on to
        their content column; together, to the largest of them."""
        pos = base = 0
        for at in [*self._quotes, len(self.containers)]:
            widest = self._run_max[at - 1] if at > 0 else None  # the items just before this quote
            if widest is not None:
                target = base + widest
                while pos < target and pos < len(line) and line[pos] == " ":
                    pos += 1
            if at == len(self.containers):
                break
            m = _BQ.match(line, pos)
            if m is None:
                break  # a lazy continuation line
            pos = base = m.end()
        return pos, base

    # -- the pass --------------------------------------------------------------------
    def run(self) -> list[Token]:
        start_handlers = self.start_handlers()
        end = self.end
        simple = self.simple
        for event, rng in _markdown().events_with_range(self.text_in):
            if type(event) is str:
                simple(event, rng["start"], rng["end"])
                continue
            for kind, value in event.items():
                if kind == "Text":
                    if self.code is not None:
                        self.code.append(value)
                        break
                    kids = self.kids
                    if kids is None or self.hidden:
                        self.touch(rng["start"], rng["end"])
                        kids = self.kids
                        assert kids is not None
                    if kids and kids[-1].type == "text":
                        kids[-1].content += value
                    else:
                        kids.append(self.new_text(value, rng["start"], rng["end"]))
                elif kind == "Start":
                    if type(value) is str:
                        start_handlers[value](value, rng["start"], rng["end"])
                    else:
                        for name in value:
                            start_handlers[name](value, rng["start"], rng["end"])
                elif kind == "End":
                    end(value if type(value) is str else next(iter(value)), value, rng["start"], rng["end"])
                elif kind == "Code":
                    start, stop = rng["start"], rng["end"]
                    self.touch(start, stop)
                    raw = self.data[start:stop]
                    self.kid("code_inline", "code", 0, value, "`" * (len(raw) - len(raw.lstrip(b"`"))))
                elif kind == "InlineHtml":
                    self.touch(rng["start"], rng["end"])
                    self.kid("html_inline", "", 0, value)
                elif kind == "Html":
                    if self.code is not None:
                        self.code.append(value)
                    else:  # HTML outside an HTML block: keep it as inline HTML
                        self.touch(rng["start"], rng["end"])
                        self.kid("html_inline", "", 0, value)
        return self.out

    def simple(self, event: str, start: int, end: int) -> None:
        if event == "SoftBreak":
            self.touch(start, end)
            self.kid("softbreak", "br", 0)
        elif event == "HardBreak":
            self.touch(start, end)
            self.kid("hardbreak", "br", 0)
        elif event == "Rule":
            self.close_hidden_paragraph()
            raw = self.source(start, end).strip()
            marker = raw[:1]
            self.block_token("hr", "hr", 0, (start, end), marker * (raw.count(marker) + 1))  # sic, markdown-it-py

    def start_handlers(self) -> dict[str, Any]:
        return {
            "Paragraph": self.start_paragraph, "Heading": self.start_heading, "BlockQuote": self.start_quote,
            "List": self.start_list, "Item": self.start_item, "CodeBlock": self.start_code,
            "HtmlBlock": self.start_html, "Table": self.start_table, "TableHead": self.start_head,
            "TableRow": self.start_row, "TableCell": self.start_cell, "Emphasis": self.start_emphasis,
            "Strong": self.start_strong, "Strikethrough": self.start_strike, "Link": self.start_link,
            "Image": self.start_image,
        }

    def start_paragraph(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        tok = self.block_token("paragraph_open", "p", 1, (start, end))
        self.open_inline(tok, (start, end))

    def start_heading(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        level = int(value["Heading"]["level"][1:])
        atx = _ATX_OPEN.match(self.rest_of_line(start))
        markup = "#" * level if atx else ("=" if level == 1 else "-")
        tok = self.block_token("heading_open", f"h{level}", 1, (start, end), markup)
        self.open_inline(tok, (start, end))

    def start_quote(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        self.block_token("blockquote_open", "blockquote", 1, (start, end), ">")
        self.push_container("bq", 0)

    def start_list(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        first = value["List"]
        if first is None:
            marker = self.data[start:start + 8].lstrip()[:1].decode()
            tok = self.block_token("bullet_list_open", "ul", 1, (start, end), marker)
        else:
            m = _ORDERED.match(self.data, start)
            tok = self.block_token("ordered_list_open", "ol", 1, (start, end), m.group(2).decode() if m else ".")
            if first != 1:
                tok.attrs["start"] = first
        self.lists.append(tok)
        self.items.append(tok)

    def start_item(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        lst = self.lists[-1]
        tok = self.block_token("list_item_open", "li", 1, (start, end), lst.markup)
        self.items[-1] = tok
        if lst.type == "ordered_list_open":
            m = _ORDERED.match(self.data, start)
            tok.info = m.group(1).decode() if m else ""
            width = len(m.group(0).lstrip()) if m else 2
        else:
            width = 1
        line = self.line_text(start)
        base = self.prefix_end(line)[1]
        column = len(self.data[self.line_start(start):start].decode())
        while column < len(line) and line[column] == " ":
            column += 1  # the item's range may start before the marker's indentation
        col = after = column + width
        for ch in line[after:]:
            if ch == " ":
                col += 1
            elif ch == "\t":
                col += 4 - col % 4
            else:
                break
        spaces = col - after
        if spaces > 4 or not line[after:].strip():
            spaces = 1
        column -= base
        self.push_container("li", column + width + spaces)

    def start_code(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        self.code = []
        self.code_range = (start, end)
        self.code_kind = value["CodeBlock"]

    def start_html(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        self.code = []
        self.code_range = (start, end)
        self.code_kind = "Html"

    def start_table(self, value: Any, start: int, end: int) -> None:
        self.close_hidden_paragraph()
        self.block_token("table_open", "table", 1, (start, end))
        self.aligns = tuple(value["Table"])
        self.table_row = 0
        self.table_range = (start, end)

    def start_head(self, value: Any, start: int, end: int) -> None:
        self.block_token("thead_open", "thead", 1, (start, end))
        self.row = self.block_token("tr_open", "tr", 1, (start, end))
        self.cell = 0

    def start_row(self, value: Any, start: int, end: int) -> None:
        if self.table_row == 0:
            self.block_token("tbody_open", "tbody", 1, (start, self.table_range[1]))
        self.table_row += 1
        self.row = self.block_token("tr_open", "tr", 1, (start, end))
        self.cell = 0

    def start_cell(self, value: Any, start: int, end: int) -> None:
        tag = "td" if self.table_row else "th"
        tok = self.block_token(f"{tag}_open", tag, 1)
        align = self.aligns[self.cell] if self.cell < len(self.aligns) else "None"
        if align != "None":
            tok.attrs["style"] = f"text-align:{align.lower()}"
        self.cell += 1
        self.open_inline(tok, (start, end))

    def start_emphasis(self, value: Any, start: int, end: int) -> None:
        self.touch(start, end)
        self.kid("em_open", "em", 1, markup=self.source(start, start + 1))

    def start_strong(self, value: Any, start: int, end: int) -> None:
        self.touch(start, end)
        self.text("")  # markdown-it leaves the first delimiter as an empty text token
        self.kid("strong_open", "strong", 1, markup=self.source(start, start + 2))

    def start_strike(self, value: Any, start: int, end: int) -> None:
        self.touch(start, end)
        double = self.data.startswith(b"~~", start)
        self.undone.append(double)
        if double:
            self.kid("s_open", "s", 1, markup="~~")
        else:
            self.text("~")

    def start_link(self, value: Any, start: int, end: int) -> None:
        self.touch(start, end)
        info = value["Link"]
        kind = info["link_type"]
        url = info["dest_url"]
        if kind == "Email":
            url = "mailto:" + url
        href = _href(url)
        if href is None:
            self.links.append(False)
            self.text(self.source(start, start + 1))
            return
        self.links.append(True)
        tok = self.kid("link_open", "a", 1)
        tok.attrs["href"] = href
        if info["title"]:
            tok.attrs["title"] = info["title"]
        if kind in ("Autolink", "Email"):
            tok.markup, tok.info = "autolink", "auto"

    def start_image(self, value: Any, start: int, end: int) -> None:
        self.touch(start, end)
        info = value["Image"]
        tok = _Tok("image", "img", 0, None, self.kid_level)
        tok.attrs["src"] = _href(info["dest_url"]) or _link_functions()[0](info["dest_url"])
        tok.attrs["alt"] = ""
        if info["title"]:
            tok.attrs["title"] = info["title"]
        assert self.kids is not None
        self.kids.append(tok)
        self.stack.append((self.kids, tok, start + 2, self.kid_level))
        self.kids = []
        self.kid_level = 0  # markdown-it parses the label on its own

    def end(self, name: str, value: Any, start: int, end: int) -> None:
        if name == "Paragraph":
            assert self.block is not None
            map_ = self.block.map
            self.close_inline(self.paragraph_content(start, end), map_)
            self.block_token("paragraph_close", "p", -1)
        elif name == "Heading":
            assert self.block is not None
            self.close_inline(self.heading_content(start, end), self.block.map if self.block.markup[0] == "#"
                              else [self.block.map[0], self.block.map[1] - 1] if self.block.map else None)
            self.block_token("heading_close", self.out[-2].tag, -1, markup=self.out[-2].markup)
        elif name == "Emphasis":
            self.kid("em_close", "em", -1, markup=self.source(end - 1, end))
        elif name == "Strong":
            self.kid("strong_close", "strong", -1, markup=self.source(end - 2, end))
            self.text("")
        elif name == "Strikethrough":
            if self.undone.pop():
                self.kid("s_close", "s", -1, markup="~~")
            else:
                self.text("~")
        elif name == "Link":
            if self.links.pop():
                opened = next(k for k in reversed(self.kids or []) if k.type == "link_open")
                close = self.kid("link_close", "a", -1, markup=opened.markup)
                close.info = opened.info
                if opened.markup == "autolink":
                    self.autolink_text(opened)
            else:  # markdown-it reads a refused link as text: the label's end and the destination too
                self.text(self.source(self.label_end(start, end), end))
        elif name == "Image":
            outer, image, label_start, self.kid_level = self.stack.pop()
            image.children = self.kids or None  # as markdown-it-py leaves an empty label
            label_end = self.label_end(start, end)
            image.content = self.source(label_start, label_end) if label_end > label_start else ""
            self.kids = outer
        elif name == "TableCell":
            assert self.block is not None
            tag = self.block.tag
            # a cell markdown-it adds to a short row has no source: the row's line
            self.close_inline(self.cell_content(start, end), list(self.row.map) if self.row and self.row.map
                              else self.map(start, end))
            self.block_token(f"{tag}_close", tag, -1)
        elif name == "TableHead":
            self.block_token("tr_close", "tr", -1)
            self.block_token("thead_close", "thead", -1)
        elif name == "TableRow":
            self.block_token("tr_close", "tr", -1)
        elif name == "Table":
            if self.table_row:
                self.block_token("tbody_close", "tbody", -1)
            self.block_token("table_close", "table", -1)
        elif name == "CodeBlock" or name == "HtmlBlock":
            self.end_code(start, end)
        elif name == "Item":
            self.close_hidden_paragraph()
            self.block_token("list_item_close", "li", -1, markup=self.lists[-1].markup)
            self.pop_container()
        elif name == "List":
            self.close_hidden_paragraph()
            lst = self.lists.pop()
            last = self.items.pop()
            if lst.map and last.map:  # pulldown-cmark's range may run on over what follows
                lst.map[1] = last.map[1]
            tag = lst.tag
            self.block_token(lst.type.replace("_open", "_close"), tag, -1, markup=lst.markup)
        elif name == "BlockQuote":
            self.close_hidden_paragraph()
            self.block_token("blockquote_close", "blockquote", -1, markup=">")
            self.pop_container()

    def autolink_text(self, opened: Token) -> None:
        """markdown-it shows an autolink's address decoded, without ``mailto:``."""
        _, normalize_text, _ = _link_functions()
        kids = self.kids or []
        at = kids.index(opened)
        href = str(opened.attrs["href"])
        shown = normalize_text(href)
        if href.startswith("mailto:") and not self.source_has_mailto(kids, at):
            shown = shown.removeprefix("mailto:")
        for k in kids[at + 1 : -1]:
            if k.type == "text":
                k.content = shown
                break

    def source_has_mailto(self, kids: list[Token], at: int) -> bool:
        text = next((k.content for k in kids[at + 1 :] if k.type == "text"), "")
        return text.lower().startswith("mailto:")

    def label_end(self, start: int, end: int) -> int:
        """Where an image's label ends: the ``]`` before its destination."""
        raw = self.data[start:end]
        depth = 0
        i = 0
        while i < len(raw):
            c = raw[i]
            if c == 0x5C:  # backslash
                i += 2
                continue
            if c == 0x5B:
                depth += 1
            elif c == 0x5D:
                depth -= 1
                if depth == 0:
                    return start + i
            i += 1
        return end

    def heading_content(self, start: int, end: int) -> str:
        assert self.block is not None
        raw = self.source(start, end)
        if self.block.markup[0] != "#":
            lines = raw.rstrip("\n").split("\n")[:-1]  # without the underline
            content = "\n".join(lines).strip()
            if "\n" in content and self.containers:
                content = "\n".join([content.split("\n", 1)[0]]
                                    + [self.strip_prefixes(x) for x in content.split("\n")[1:]]).strip()
            return content
        line = raw.split("\n", 1)[0]
        m = _ATX_OPEN.match(line)
        body = line[m.end():] if m else line
        body = body.rstrip(" \t")
        closed = body.rstrip("#")
        if len(closed) < len(body) and (not closed or closed[-1] in " \t"):
            body = closed
        return body.strip()

    def cell_content(self, start: int, end: int) -> str:
        return self.source(start, end).strip().replace("\\|", "|")

    def end_code(self, start: int, end: int) -> None:
        text = "".join(self.code or [])
        self.code = None
        kind = self.code_kind
        first, last = self.code_range
        if kind == "Html":
            tok = self.block_token("html_block", "", 0, (first, last))
            tok.content = text
        elif kind == "Indented":
            tok = self.block_token("code_block", "code", 0, (first, last))
            tok.content = text
        else:
            stripped = self.rest_of_line(first).lstrip(" ")
            fence_char = stripped[:1]
            markup = stripped[: len(stripped) - len(stripped.lstrip(fence_char))]
            tok = self.block_token("fence", "code", 0, (first, last), markup)
            tok.info = stripped[len(markup):]
            tok.content = text
