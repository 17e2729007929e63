"""One content file, loaded once: front matter with positions, body tokens.

``Post.load`` never raises for bad content: what is wrong with the file
itself (encoding, YAML, delimiters) is recorded as :class:`LoadIssue` and
turned into diagnostics by the ``input`` rule family. The body is parsed
lazily, once, with markdown-it-py; every later check walks the same tokens.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.core import yamlpos
from postlint.core.yamlpos import Span

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

#: Jekyll's front-matter delimiters: ``---`` opens, ``---`` or ``...`` closes.
_OPEN_RE = re.compile(r"---[ \t]*(\r\n|\n|\Z)")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_SUPPRESS_RE = re.compile(
    r"<!--\s*postlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->"
)
#: A line break as markdown-it counts them (it normalises ``\r\n`` and a lone
#: ``\r`` to ``\n``): every line number of postlint follows this model.
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")
_BINARY_SNIFF = 8192
#: pages written in HTML: Jekyll does not run them through Markdown.
HTML_SUFFIXES = (".html", ".htm")
DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadIssue:
    """Something wrong with the file itself, found while loading it."""

    kind: str  # the name of the input rule that reports it
    line: int
    column: int
    params: dict[str, Any] = field(default_factory=dict)
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: str  # "disable", "enable", "disable-next-line", "disable-file"
    line: int
    codes: tuple[str, ...]  # empty: every rule


class Post:
    """A Markdown (or other text) file of the content repo."""

    def __init__(self, path: Path, relpath: str, text: str = "", *, had_bom: bool = False) -> None:
        self.path = path
        self.relpath = relpath
        self.text = text
        self.had_bom = had_bom
        self.issues: list[LoadIssue] = []
        #: the parsed front matter; None when the file has none or it is unusable.
        self.front_matter: dict[str, Any] | None = None
        self.has_front_matter = False
        #: 1-based line of the opening ``---`` (1 when present).
        self.front_matter_line = 1
        self.body_start_line = 1  # 1-based line where the body starts
        self.body_offset = 0
        self.spans: dict[tuple[Any, ...], yamlpos.KeySpans] = {}
        #: False when the text is not exactly the file's content (no fixes).
        self.faithful = True

    # -- loading ---------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, root: Path | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Post:
        path = Path(path)
        relpath = _relpath(path, root)
        post = cls(path, relpath)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            post.faithful = False
            post.issues.append(LoadIssue("unreadable-file", 1, 1, {"reason": exc.strerror or str(exc)}))
            return post
        post._decode(raw, max_bytes)
        return post

    @classmethod
    def from_text(cls, text: str, relpath: str = "_posts/untitled.md", root: Path | None = None) -> Post:
        """A post from a string, as if it were the file ``relpath`` (no I/O)."""
        base = root or Path(".")
        post = cls(base / relpath, relpath)
        post._decode(text.encode("utf-8"), max_bytes=None)
        return post

    def _decode(self, raw: bytes, max_bytes: int | None) -> None:
        if max_bytes is not None and len(raw) > max_bytes:
            self.faithful = False
            self.issues.append(LoadIssue("file-too-large", 1, 1, {"size": len(raw), "limit": max_bytes}))
            return
        if not raw:
            self.issues.append(LoadIssue("empty-file", 1, 1))
            return
        if b"\x00" in raw[:_BINARY_SNIFF]:
            self.faithful = False
            self.issues.append(LoadIssue("binary-file", 1, 1))
            return
        if raw.startswith(b"\xef\xbb\xbf"):
            self.had_bom = True
            raw = raw[3:]
        try:
            self.text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.faithful = False
            line = raw.count(b"\n", 0, exc.start) + 1
            line_start = raw.rfind(b"\n", 0, exc.start) + 1
            # columns count characters: decode the valid part of the line
            col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
            self.issues.append(
                LoadIssue("not-utf8", line, col, {"byte": f"0x{raw[exc.start]:02X}"})
            )
            return
        self._split_front_matter()

    def _split_front_matter(self) -> None:
        text = self.text
        opening = _OPEN_RE.match(text)
        if not opening:
            return
        self.has_front_matter = True
        start = opening.end()
        close = _CLOSE_RE.search(text, start) if opening.group(1) else None
        if close is None:
            self.issues.append(LoadIssue("unclosed-front-matter", 1, 1))
            return
        fm_text = text[start : close.start()]
        self.body_offset = close.end()
        if text.startswith("\r\n", self.body_offset):
            self.body_offset += 2
        elif text.startswith("\n", self.body_offset):
            self.body_offset += 1
        self.body_start_line = len(_LINE_BREAK_RE.findall(text, 0, self.body_offset)) + 1
        result = yamlpos.load(fm_text, line_offset=1, index_offset=start)
        self.issues.extend(
            LoadIssue(i.kind, i.line, i.column, i.params, i.end_line, i.end_column)
            for i in result.issues
        )
        self.front_matter = result.data
        self.spans = result.spans

    # -- positions -------------------------------------------------------------
    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK_RE.finditer(self.text))
        return starts

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines without their line endings (``\n``, ``\r\n`` or
        a lone ``\r``, as markdown-it splits them)."""
        return split_lines(self.text)

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based ``line:column``."""
        return self.line_starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def span_of(self, key: str | tuple[Any, ...], *, value: bool = False) -> Span | None:
        """Where a front-matter key (or its value) is written.

        ``key`` is a top-level key or a path such as ``("tags", 2)``.
        """
        path = (key,) if not isinstance(key, tuple) else key
        spans = self.spans.get(path)
        if spans is None:
            return None
        return spans.value if value else spans.key

    # -- file name -------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.relpath.rsplit("/", 1)[-1]

    # -- body ------------------------------------------------------------------
    @property
    def body(self) -> str:
        return self.text[self.body_offset :]

    @cached_property
    def tokens(self) -> list[Token]:
        """markdown-it tokens of the body, parsed once; ``map`` is 0-based
        and relative to the body: use :meth:`token_line` for file lines."""
        if self.relpath.lower().endswith(HTML_SUFFIXES):
            return _html_tokens(self.body)
        from postlint.core.liquid import without_comments
        from postlint.core.markdown import parse

        return parse(without_comments(self.body))

    def release(self) -> None:
        """Forget what is cheap to recompute and heavy to keep (tokens, line
        tables): a checked post keeps only its front matter."""
        for name in ("tokens", "line_starts", "lines"):
            self.__dict__.pop(name, None)

    def token_line(self, token: Token) -> int:
        """1-based file line where a block token starts."""
        return (token.map[0] if token.map else 0) + self.body_start_line

    def headings(self) -> Iterator[tuple[Token, str]]:
        """Each heading's open token and its inline text."""
        toks = self.tokens
        for i, tok in enumerate(toks):
            if tok.type == "heading_open" and i + 1 < len(toks):
                yield tok, toks[i + 1].content

    @cached_property
    def suppressions(self) -> list[Suppression]:
        found: list[Suppression] = []
        for m in _SUPPRESS_RE.finditer(self.text):
            codes = tuple(c for c in re.split(r"[\s,]+", m.group(2).strip()) if c)
            # "next line" means after the comment, which may span lines
            at = m.end() - 1 if m.group(1) == "disable-next-line" else m.start()
            found.append(Suppression(m.group(1), self.position(at)[0], codes))
        return found


def _relpath(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _html_tokens(body: str) -> list[Token]:
    """An HTML page as one raw HTML block: every rule that reads HTML in
    Markdown (links, ids) reads it whole, and nothing is taken for Markdown."""
    from markdown_it.token import Token

    if not body.strip():
        return []
    block = Token("html_block", "", 0, map=[0, body.count("\n") + 1], content=body, block=True)
    return [block]


def split_lines(text: str) -> list[str]:
    """Lines without their line endings (``\n``, ``\r\n`` or a lone ``\r``,
    as markdown-it splits them): the one line model of postlint."""
    return _LINE_BREAK_RE.split(text)
