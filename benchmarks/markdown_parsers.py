"""Rust-backed Markdown parsers against markdown-it-py, for what postlint reads.

postlint parses each body once into markdown-it tokens (``Post.tokens``) and
reads from them: links and images (targets, then positions found from the
block's line map), headings (level, text, line), code (fences, indented code,
code spans), HTML (blocks and inline) and the line maps of block tokens. A
faster parser only helps if its output can be turned into the same thing, and
that conversion runs in Python: this script times the whole path.

For each site of ``/work/shared/corpus`` (skipped when absent) and a replicated
set (every body of the three sites, ``--replicate`` times):

* ``time``: medians of ``--runs`` interleaved runs of markdown-it-py's parse and,
  for each candidate, its raw parse and its parse plus the conversion into
  markdown-it tokens (the path postlint would take);
* ``identity``: for every Markdown file, the extractions from markdown-it-py's
  tokens and from each candidate's converted tokens, compared by category;
* ``profile``: the share of a cold ``postlint check --no-cache --jobs 1`` spent
  in body parsing (cProfile, plus a plain timer around the parse entry point);
* ``bodies``: what a cold run would save if only the rules that read the body
  triggered its parse (rules that never touch ``post.tokens``).

Candidates: ``pyromark`` (pulldown-cmark; converted by
:mod:`postlint.markdown_fast`), ``markdown-it-pyrs`` (markdown-it.rs), and
``comrak-ext`` (comrak, the Rust port of cmark-gfm; its module is named
``comrak`` like the unrelated render-only ``comrak`` wheel, so install it with
``pip install --target DIR comrak-ext`` and pass ``--comrak-path DIR``).

Run: python benchmarks/markdown_parsers.py [time identity profile bodies] [--runs 7]
     [--replicate 5] [--json OUT]  (from a clone: it puts src/ on sys.path itself).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from markdown_it.token import Token

from postlint.core.document import Post

CORPUS = Path(os.environ.get("POSTLINT_CORPUS", HERE.parent.parent / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
SITES = {"eig-site": ["--preset", "eig"], "jekyll-docs": [], "opensource-guide": []}
Parser = Callable[[str], Any]


# -- bodies -------------------------------------------------------------------------

def site_bodies(site: Path) -> list[tuple[str, str]]:
    """(relative path, body) of every Markdown file of a site, in path order."""
    out = []
    for path in sorted(site.rglob("*")):
        if path.suffix.lower() in (".md", ".markdown") and path.is_file():
            post = Post.load(path, site)
            out.append((post.relpath, post.body))
    return out


# -- parsers ----------------------------------------------------------------------------

def reference() -> Parser:
    from postlint.core.markdown import parser

    md = parser()
    return lambda text: md.parse(text, {})


def candidates(comrak_path: str | None) -> dict[str, tuple[Parser, Parser]]:
    """name -> (raw parse, parse + conversion into markdown-it tokens)."""
    found: dict[str, tuple[Parser, Parser]] = {}
    try:
        import pyromark

        from postlint.core import markdown_fast

        md = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH)
        found["pyromark"] = (lambda text: list(md.events_with_range(text)), markdown_fast.parse)
    except ImportError:
        print("pyromark: not installed", file=sys.stderr)
    try:
        import markdown_it_pyrs

        rs = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
        found["markdown-it-pyrs"] = (rs.tree, lambda text: pyrs_tokens(rs, text))
    except ImportError:
        print("markdown-it-pyrs: not installed", file=sys.stderr)
    if comrak_path:
        sys.path.insert(0, comrak_path)
    try:
        import importlib

        comrak: Any = importlib.import_module("comrak")
        if hasattr(comrak, "parse_document"):
            ext = comrak.ExtensionOptions(table=True, strikethrough=True)
            found["comrak-ext"] = (lambda text: comrak.parse_document(text, ext),
                                   lambda text: comrak_tokens(comrak, ext, text))
        else:
            print("comrak: this wheel only renders HTML (no syntax tree); comrak-ext has one", file=sys.stderr)
    except ImportError:
        print("comrak-ext: not installed (see --comrak-path)", file=sys.stderr)
    return found


def _safe(parse: Parser) -> Parser:
    """A parser whose Rust panic (a BaseException) becomes None."""
    def run(text: str) -> Any:
        try:
            return parse(text)
        except Exception as exc:  # noqa: BLE001 - a candidate failing on a file is a result
            return exc
        except BaseException as exc:  # pyo3's PanicException derives from BaseException
            if type(exc).__name__ == "PanicException":
                return exc
            raise
    return run


# -- markdown-it-pyrs: its syntax tree into markdown-it tokens ------------------------------

_PYRS_BLOCK = {"paragraph": ("paragraph", "p"), "blockquote": ("blockquote", "blockquote"),
               "bullet_list": ("bullet_list", "ul"), "ordered_list": ("ordered_list", "ol"),
               "list_item": ("list_item", "li"), "table": ("table", "table"), "thead": ("thead", "thead"),
               "tbody": ("tbody", "tbody"), "trow": ("tr", "tr")}
_PYRS_INLINE = {"em": ("em", "em"), "strong": ("strong", "strong"), "strikethrough": ("s", "s"),
                "link": ("link", "a"), "autolink": ("link", "a")}


def pyrs_tokens(md: Any, text: str) -> list[Token]:
    """markdown-it tokens from markdown-it.rs's tree (byte source maps)."""
    data = text.encode()
    import bisect
    import re

    newlines = [m.start() for m in re.finditer(b"\n", data)]

    def map_of(node: Any) -> list[int] | None:
        if node.srcmap is None:
            return None
        start, end = node.srcmap
        first = bisect.bisect_left(newlines, start)
        return [first, max(first + 1, bisect.bisect_left(newlines, end - 1) + 1 if end > start else first + 1)]

    out: list[Token] = []

    def inline_kids(nodes: Iterable[Any], level: int = 0) -> list[Token]:
        kids: list[Token] = []
        for node in nodes:
            name = node.name
            if name in ("text", "text_special"):
                content = node.meta.get("content", "")
                if kids and kids[-1].type == "text":
                    kids[-1].content += content
                else:
                    kids.append(Token("text", "", 0, level=level, content=content))
            elif name in _PYRS_INLINE:
                base, tag = _PYRS_INLINE[name]
                open_ = Token(f"{base}_open", tag, 1, level=level, markup=str(node.meta.get("marker", "")))
                if name in ("link", "autolink"):
                    open_.attrs["href"] = node.meta.get("url", "")
                    if node.meta.get("title"):
                        open_.attrs["title"] = node.meta["title"]
                    if name == "autolink":
                        open_.markup, open_.info = "autolink", "auto"
                elif name == "strong":
                    open_.markup *= 2
                elif name == "strikethrough":
                    open_.markup = "~~"
                kids.append(open_)
                kids.extend(inline_kids(node.children, level + 1))
                kids.append(Token(f"{base}_close", tag, -1, level=level, markup=open_.markup, info=open_.info))
            elif name == "image":
                img = Token("image", "img", 0, level=level, attrs={"src": node.meta.get("url", ""), "alt": ""})
                img.children = inline_kids(node.children)
                if node.srcmap:
                    s, e = node.srcmap
                    raw = data[s:e].decode()
                    img.content = raw[2:raw.rfind("](")] if "](" in raw else ""
                kids.append(img)
            elif name == "code_inline":
                kids.append(Token("code_inline", "code", 0, level=level,
                                  content="".join(c.meta.get("content", "") for c in node.children),
                                  markup="`" * int(node.meta.get("marker_len", 1))))
            elif name == "html_inline":
                kids.append(Token("html_inline", "", 0, level=level, content=node.meta.get("content", "")))
            elif name in ("softbreak", "hardbreak"):
                kids.append(Token(name, "br", 0, level=level))
        return kids

    def inline(node: Any, level: int, content_range: tuple[int, int] | None) -> None:
        content = ""
        if content_range:
            content = data[content_range[0]:content_range[1]].decode().strip()
        out.append(Token("inline", "", 0, map=map_of(node), level=level, content=content,
                         children=inline_kids(node.children), block=True))

    def block(node: Any, level: int, tight: bool = False) -> None:
        name = node.name
        if name in ("heading", "lheading"):
            lvl = int(node.meta.get("level", 1))
            markup = "#" * lvl if name == "heading" else str(node.meta.get("marker", "="))
            out.append(Token("heading_open", f"h{lvl}", 1, map=map_of(node), level=level, markup=markup, block=True))
            kids = node.children
            rng = (kids[0].srcmap[0], kids[-1].srcmap[1]) if kids and kids[0].srcmap and kids[-1].srcmap else None
            inline(node, level + 1, rng)
            if name == "lheading" and out[-1].map:
                out[-1].map = [out[-1].map[0], out[-1].map[1] - 1]
            out.append(Token("heading_close", f"h{lvl}", -1, level=level, markup=markup, block=True))
        elif name == "paragraph":
            out.append(Token("paragraph_open", "p", 1, map=map_of(node), level=level, block=True, hidden=tight))
            inline(node, level + 1, node.srcmap)
            out.append(Token("paragraph_close", "p", -1, level=level, block=True, hidden=tight))
        elif name in ("code_block", "fence"):
            tok = Token(name, "code", 0, map=map_of(node), level=level, content=node.meta.get("content", ""),
                        block=True)
            if name == "fence":
                tok.info = str(node.meta.get("info", ""))
                tok.markup = str(node.meta.get("marker", "`")) * int(node.meta.get("marker_len", 3))
            out.append(tok)
        elif name == "html_block":
            out.append(Token("html_block", "", 0, map=map_of(node), level=level,
                             content=node.meta.get("content", ""), block=True))
        elif name == "hr":
            out.append(Token("hr", "hr", 0, map=map_of(node), level=level, block=True))
        elif name == "tcell":
            out.append(Token("td_open", "td", 1, level=level, block=True))
            inline(node, level + 1, node.srcmap)
            out.append(Token("td_close", "td", -1, level=level, block=True))
        elif name in _PYRS_BLOCK:
            base, tag = _PYRS_BLOCK[name]
            out.append(Token(f"{base}_open", tag, 1, map=map_of(node), level=level, block=True))
            inner_tight = name in ("bullet_list", "ordered_list")
            if name == "list_item" and not any(c.name == "paragraph" for c in node.children):
                # tight item: markdown-it.rs drops the paragraph markdown-it keeps hidden
                inline_run: list[Any] = []
                for child in list(node.children) + [None]:
                    if child is not None and child.name in _PYRS_INLINE_NAMES:
                        inline_run.append(child)
                        continue
                    if inline_run:
                        first, last = inline_run[0].srcmap, inline_run[-1].srcmap
                        fake = _Run(inline_run, (first[0], last[1]) if first and last else None)
                        out.append(Token("paragraph_open", "p", 1, map=map_of(fake), level=level + 1, block=True,
                                         hidden=True))
                        inline(fake, level + 2, fake.srcmap)
                        out.append(Token("paragraph_close", "p", -1, level=level + 1, block=True, hidden=True))
                        inline_run = []
                    if child is not None:
                        block(child, level + 1, tight=True)
            else:
                for child in node.children:
                    block(child, level + 1, tight=tight if name == "list_item" else inner_tight and tight)
            out.append(Token(f"{base}_close", tag, -1, level=level, block=True))

    for child in md.tree(text).children:
        block(child, 0)
    return out


_PYRS_INLINE_NAMES = {"text", "text_special", "em", "strong", "strikethrough", "link", "autolink", "image",
                      "code_inline", "html_inline", "softbreak", "hardbreak"}


class _Run:
    def __init__(self, children: list[Any], srcmap: tuple[int, int] | None) -> None:
        self.children = children
        self.srcmap = srcmap


# -- comrak: its syntax tree into markdown-it tokens -----------------------------------------

def comrak_tokens(comrak: Any, ext: Any, text: str) -> list[Token]:
    """markdown-it tokens from comrak's AST (1-based line/column source positions)."""
    out: list[Token] = []
    lines = text.split("\n")

    def map_of(node: Any) -> list[int]:
        pos = node.sourcepos
        return [pos.start.line - 1, pos.end.line]

    def src(node: Any) -> str:
        pos = node.sourcepos
        s: Any = pos.start
        e: Any = pos.end
        if s.line == e.line:
            return str(lines[s.line - 1].encode()[s.column - 1:e.column].decode(errors="replace"))
        parts = [lines[s.line - 1].encode()[s.column - 1:].decode(errors="replace")]
        parts += lines[s.line:e.line - 1]
        parts.append(lines[e.line - 1].encode()[:e.column].decode(errors="replace"))
        return "\n".join(parts)

    def kids_of(nodes: Iterable[Any], level: int = 0) -> list[Token]:
        kids: list[Token] = []
        for node in nodes:
            name = type(node.node_value).__name__
            value: Any = getattr(node.node_value, "value", None)
            if name == "Text":
                if kids and kids[-1].type == "text":
                    kids[-1].content += value
                else:
                    kids.append(Token("text", "", 0, level=level, content=value))
            elif name in ("Emph", "Strong", "Strikethrough", "Link"):
                base, tag = {"Emph": ("em", "em"), "Strong": ("strong", "strong"), "Strikethrough": ("s", "s"),
                             "Link": ("link", "a")}[name]
                open_ = Token(f"{base}_open", tag, 1, level=level)
                if name == "Link":
                    open_.attrs["href"] = value.url
                    if value.title:
                        open_.attrs["title"] = value.title
                    raw = src(node)
                    if raw.startswith("<"):
                        open_.markup, open_.info = "autolink", "auto"
                kids.append(open_)
                kids.extend(kids_of(node.children, level + 1))
                kids.append(Token(f"{base}_close", tag, -1, level=level, markup=open_.markup, info=open_.info))
            elif name == "Image":
                img = Token("image", "img", 0, level=level, attrs={"src": value.url, "alt": ""})
                img.children = kids_of(node.children)
                raw = src(node)
                img.content = raw[2:raw.rfind("](")] if "](" in raw else ""
                kids.append(img)
            elif name == "Code":
                kids.append(Token("code_inline", "code", 0, level=level, content=value.literal,
                                  markup="`" * value.num_backticks))
            elif name == "HtmlInline":
                kids.append(Token("html_inline", "", 0, level=level, content=value))
            elif name in ("SoftBreak", "LineBreak"):
                kids.append(Token("softbreak" if name == "SoftBreak" else "hardbreak", "br", 0, level=level))
        return kids

    def inline(node: Any, level: int, map_: list[int] | None, content: str) -> None:
        out.append(Token("inline", "", 0, map=map_, level=level, content=content.strip(),
                         children=kids_of(node.children), block=True))

    def block(node: Any, level: int, tight: bool = False) -> None:
        name = type(node.node_value).__name__
        value: Any = getattr(node.node_value, "value", None)
        if name == "Heading":
            lvl = value.level
            markup = "#" * lvl if not value.setext else ("=" if lvl == 1 else "-")
            map_ = map_of(node)
            out.append(Token("heading_open", f"h{lvl}", 1, map=map_, level=level, markup=markup, block=True))
            raw = src(node)
            if value.setext:
                inline(node, level + 1, [map_[0], map_[1] - 1], "\n".join(raw.split("\n")[:-1]))
            else:
                import re

                body = re.sub(r"^ {0,3}#{1,6}", "", raw.split("\n")[0]).rstrip()
                closed = body.rstrip("#")
                if len(closed) < len(body) and (not closed or closed[-1] in " \t"):
                    body = closed
                inline(node, level + 1, map_, body)
            out.append(Token("heading_close", f"h{lvl}", -1, level=level, markup=markup, block=True))
        elif name == "Paragraph":
            out.append(Token("paragraph_open", "p", 1, map=map_of(node), level=level, block=True, hidden=tight))
            inline(node, level + 1, map_of(node), src(node))
            out.append(Token("paragraph_close", "p", -1, level=level, block=True, hidden=tight))
        elif name == "CodeBlock":
            fenced = value.fenced
            tok = Token("fence" if fenced else "code_block", "code", 0, map=map_of(node), level=level,
                        content=value.literal, block=True)
            if fenced:
                tok.info = value.info
                tok.markup = chr(value.fence_char) * value.fence_length if isinstance(value.fence_char, int) \
                    else str(value.fence_char) * value.fence_length
            out.append(tok)
        elif name == "HtmlBlock":
            out.append(Token("html_block", "", 0, map=map_of(node), level=level, content=value.literal,
                             block=True))
        elif name == "ThematicBreak":
            out.append(Token("hr", "hr", 0, map=map_of(node), level=level, block=True))
        elif name == "TableCell":
            out.append(Token("td_open", "td", 1, level=level, block=True))
            inline(node, level + 1, map_of(node), src(node))
            out.append(Token("td_close", "td", -1, level=level, block=True))
        elif name in ("BlockQuote", "List", "Item", "Table", "TableRow"):
            if name == "List":
                ordered = "Ordered" in str(value.list_type)
                base, tag = ("ordered_list", "ol") if ordered else ("bullet_list", "ul")
                tight = bool(value.tight)
            else:
                base, tag = {"BlockQuote": ("blockquote", "blockquote"), "Item": ("list_item", "li"),
                             "Table": ("table", "table"), "TableRow": ("tr", "tr")}[name]
            out.append(Token(f"{base}_open", tag, 1, map=map_of(node), level=level, block=True))
            for child in node.children:
                block(child, level + 1, tight=tight and name in ("List", "Item"))
            out.append(Token(f"{base}_close", tag, -1, level=level, block=True))

    for child in comrak.parse_document(text, ext).children:
        block(child, 0)
    return out


# -- what postlint extracts ------------------------------------------------------------------

BLOCK_TYPES_READ = ("paragraph_open", "heading_open", "inline", "table_open", "fence", "code_block", "html_block")


def _link_text(children: list[Token], start: int) -> str:
    from postlint.site.links import _link_text as link_text

    return link_text(children, start)[0]


def extractions(tokens: list[Token]) -> dict[str, list[Any]]:
    """What postlint reads from a body's tokens, by category (map lines 0-based, body-relative)."""
    out: dict[str, list[Any]] = {k: [] for k in ("block maps", "block structure", "headings", "links", "images",
                                                  "code blocks", "code spans", "html blocks", "html inline",
                                                  "inline content", "inline text")}
    for i, tok in enumerate(tokens):
        where = tuple(tok.map) if tok.map else None
        if tok.type in BLOCK_TYPES_READ:
            out["block maps"].append((tok.type, where, tok.hidden))
        elif tok.nesting >= 0:
            out["block structure"].append((tok.type, where))
        if tok.type == "heading_open" and i + 1 < len(tokens):
            out["headings"].append((int(tok.tag[1:]), tok.markup[:1] == "#", tokens[i + 1].content, where))
        elif tok.type in ("fence", "code_block"):
            out["code blocks"].append((tok.type, where, tok.info, tok.content))
        elif tok.type == "html_block":
            out["html blocks"].append((where, tok.content))
        elif tok.type == "inline":
            out["inline content"].append((where, tok.content))
            kids = tok.children or []
            texts = []
            for j, child in enumerate(kids):
                if child.type == "link_open":
                    out["links"].append((where, child.markup, child.attrs.get("href"), child.attrs.get("title"),
                                         _link_text(kids, j)))
                elif child.type == "image":
                    out["images"].append((where, child.attrs.get("src"), child.attrs.get("title"), child.content))
                elif child.type == "code_inline":
                    out["code spans"].append((where, child.content))
                elif child.type == "html_inline":
                    out["html inline"].append((where, child.content))
                elif child.type == "text":
                    texts.append(child.content)
                elif child.type in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close",
                                    "softbreak", "hardbreak"):
                    texts.append(f"<{child.type}>")
            out["inline text"].append((where, tuple(texts)))
    return out


def postlint_views(relpath: str, body: str, tokens: list[Token]) -> dict[str, Any]:
    """postlint's own results from these tokens: links with positions, prose view, code lines."""
    from postlint.site.links import _code_lines, extract_links
    from postlint.core.prose import prose_view

    post = Post.from_text(body, relpath)
    post.__dict__["tokens"] = tokens
    import dataclasses

    return {"link positions": [dataclasses.astuple(link) for link in extract_links(post)],
            "prose view": prose_view(post, ()),
            "code lines": sorted(_code_lines(post))}


def compare(relpath: str, body: str, ref: list[Token], cand: list[Token] | BaseException,
            views: bool = True) -> dict[str, list[tuple[Any, Any]]]:
    """category -> [(markdown-it-py's, the candidate's)] where they differ."""
    if isinstance(cand, BaseException):
        return {"crash": [("tokens", f"raised {type(cand).__name__}: {str(cand)[:80]}")]}
    a, b = extractions(ref), extractions(cand)
    if views:
        a |= {k: [v] for k, v in postlint_views(relpath, body, ref).items()}
        b |= {k: [v] for k, v in postlint_views(relpath, body, cand).items()}
    diffs: dict[str, list[tuple[Any, Any]]] = {}
    for key in a:
        if a[key] != b[key]:
            only_a = list((Counter(map(repr, a[key])) - Counter(map(repr, b[key]))).elements())
            only_b = list((Counter(map(repr, b[key])) - Counter(map(repr, a[key]))).elements())
            diffs[key] = list(zip(only_a, only_b)) + [(x, None) for x in only_a[len(only_b):]] \
                + [(None, x) for x in only_b[len(only_a):]] or [("(order)", "(order)")]
    return diffs


# -- commands ------------------------------------------------------------------------------

def corpora() -> dict[str, list[tuple[str, str]]]:
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: nothing to measure", file=sys.stderr)
        return {}
    return {name: site_bodies(CORPUS / name) for name in SITES if (CORPUS / name).is_dir()}


def time_parsers(sets: dict[str, list[str]], cands: dict[str, tuple[Parser, Parser]], runs: int) -> dict[str, Any]:
    ref = reference()
    parsers: dict[str, Parser] = {"markdown-it-py": ref}
    for name, (raw, full) in cands.items():
        parsers[f"{name} parse"] = _safe(raw)
        parsers[f"{name} parse+convert"] = _safe(full)
    results: dict[str, Any] = {}
    for set_name, bodies in sets.items():
        samples: dict[str, list[float]] = {k: [] for k in parsers}
        for _ in range(runs):  # interleaved: one run of each parser per round
            for key, parse in parsers.items():
                _forget_memos()  # each run starts cold, as a check does
                t0 = time.perf_counter()
                for body in bodies:
                    parse(body)
                samples[key].append(time.perf_counter() - t0)
        med = {k: statistics.median(v) * 1000 for k, v in samples.items()}
        results[set_name] = {"files": len(bodies), "bytes": sum(len(b.encode()) for b in bodies), "ms": med}
        print(f"\n{set_name}: {len(bodies)} bodies, {results[set_name]['bytes'] / 1e6:.2f} MB, median of {runs}")
        base = med["markdown-it-py"]
        for key, ms in med.items():
            note = ""
            if key.endswith("parse+convert"):
                raw_ms = med[key.replace("parse+convert", "parse")]
                note = f"  (conversion {ms - raw_ms:7.1f} ms)"
            print(f"  {key:32} {ms:8.1f} ms  x{base / ms:5.2f}{note}")
    return results


def _forget_memos() -> None:
    try:
        from postlint.core import markdown_fast
    except ImportError:
        return
    markdown_fast._href.cache_clear()


def identity(sites: dict[str, list[tuple[str, str]]], cands: dict[str, tuple[Parser, Parser]],
             examples: int) -> dict[str, Any]:
    ref = reference()
    report: dict[str, Any] = {}
    for name, (_, full) in cands.items():
        safe = _safe(full)
        report[name] = {}
        print(f"\n== {name}")
        for site, bodies in sites.items():
            per_cat: Counter[str] = Counter()
            files: Counter[str] = Counter()
            shown: dict[str, list[str]] = {}
            differing = 0
            for relpath, body in bodies:
                diffs = compare(relpath, body, ref(body), safe(body))
                differing += bool(diffs)
                for cat, pairs in diffs.items():
                    per_cat[cat] += len(pairs)
                    files[cat] += 1
                    bucket = shown.setdefault(cat, [])
                    for a, b in pairs[: max(0, examples - len(bucket))]:
                        bucket.append(f"{relpath}: markdown-it-py {str(a)[:160]} | {name} {str(b)[:160]}")
            report[name][site] = {"files": len(bodies), "files differing": differing,
                                  "differences": dict(per_cat), "files per category": dict(files),
                                  "examples": shown}
            print(f"  {site}: {len(bodies)} files, {differing} differ")
            for cat, n in per_cat.most_common():
                print(f"    {cat}: {n} differences in {files[cat]} files")
                for line in shown[cat]:
                    print(f"      {line}")
    return report


def profile(runs: int) -> dict[str, Any]:
    """Share of a cold check spent in body parsing, per site, with markdown-it-py and with the
    fast parser when installed; the two reports (JSON) must be equal."""
    from postlint.core import markdown
    from postlint.cli import main

    out: dict[str, Any] = {}
    modes = ["markdown-it"] + (["fast"] if _fast_available() else [])
    for site, extra in SITES.items():
        root = CORPUS / site
        if not root.is_dir():
            continue
        argv = ["check", "--no-cache", "--jobs", "1", "-q", "--format", "json", *extra, str(root)]
        out[site] = {}
        reports = {}
        with redirect_stdout(io.StringIO()):
            main(argv)  # warm-up: the first check of a process also pays the imports
        for mode in modes:
            os.environ["POSTLINT_MARKDOWN"] = mode
            walls, parses, calls = [], [], []
            original = markdown.parse
            for _ in range(runs):
                _fresh_state()
                spent = [0.0, 0]

                def timed(text: str, _orig: Callable[[str], list[Token]] = original, _s: list[Any] = spent) -> Any:
                    t0 = time.perf_counter()
                    try:
                        return _orig(text)
                    finally:
                        _s[0] += time.perf_counter() - t0
                        _s[1] += 1
                markdown.parse = timed
                buf = io.StringIO()
                t0 = time.perf_counter()
                with redirect_stdout(buf):
                    main(argv)
                walls.append(time.perf_counter() - t0)
                markdown.parse = original
                parses.append(spent[0])
                calls.append(spent[1])
                reports[mode] = buf.getvalue()
            _fresh_state()
            prof = cProfile.Profile()
            t0 = time.perf_counter()
            with redirect_stdout(io.StringIO()):
                prof.runcall(main, argv)
            prof_wall = time.perf_counter() - t0
            stats = pstats.Stats(prof)
            cum = sum(ct for (f, _, fn), (_, _, _, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
                      if f.endswith(os.path.join("postlint", "markdown.py")) and fn == "parse")
            wall, parse = statistics.median(walls), statistics.median(parses)
            out[site][mode] = {"check s": wall, "parse s": parse, "parse calls": calls[0], "share": parse / wall,
                               "cprofile check s": prof_wall, "cprofile parse s": cum,
                               "cprofile share": cum / prof_wall}
            print(f"  {site} [{mode}]: cold check {wall:.2f} s in-process, body parsing {parse:.2f} s "
                  f"({parse / wall:.0%}, {calls[0]} parses); under cProfile {cum:.2f} of {prof_wall:.2f} s "
                  f"({cum / prof_wall:.0%})")
        os.environ.pop("POSTLINT_MARKDOWN", None)
        if len(reports) == 2:
            same = json.loads(reports["markdown-it"]) == json.loads(reports["fast"])
            out[site]["same report"] = same
            print(f"  {site}: the two JSON reports are {'identical' if same else 'DIFFERENT'}")
    _fresh_state()
    return out


def _fast_available() -> bool:
    try:
        from postlint.core import markdown_fast
    except ImportError:
        return False
    return markdown_fast.available()


def _fresh_state() -> None:
    """Forget in-process memos between runs so each one is cold."""
    from postlint.core import markdown

    markdown.parser.cache_clear()
    if hasattr(markdown, "fast_parser"):
        markdown.fast_parser.cache_clear()
    _forget_memos()
    import gc

    gc.collect()


def bodies_needed(runs: int) -> dict[str, Any]:
    """Which rules read the body (``post.tokens``) and what parsing only for them would save.

    One instrumented cold run per site: every read of ``Post.tokens`` is
    charged to the rule whose check function is on the stack (or to the
    postlint function outside any rule that asked), each parse is timed. A
    body read by no rule is a parse a lazier run would not do; with only the
    front-matter rules selected, every parse left is one such."""
    import inspect

    from postlint.core import markdown
    from postlint.cli import main
    from postlint.core.document import Post
    from postlint.rules import registry

    os.environ["POSTLINT_MARKDOWN"] = "markdown-it"
    rules = sorted(registry().rules.values(), key=lambda r: r.code)
    codes: dict[Any, str] = {inspect.unwrap(r.check).__code__: r.code for r in rules}
    original_prop = Post.__dict__["tokens"]
    original_parse = markdown.parse
    out: dict[str, Any] = {}
    readers: dict[str, set[str]] = {}
    parse_time: dict[str, float] = {}

    def who() -> str:
        frame = sys._getframe(2)
        outside = None
        while frame is not None:
            code = codes.get(frame.f_code)
            if code:
                return code
            mod = frame.f_globals.get("__name__", "")
            if outside is None and mod.startswith("postlint.") and mod not in ("postlint.core.document",):
                outside = f"{mod}.{frame.f_code.co_name}"
            frame = frame.f_back  # type: ignore[assignment]
        return f"(outside rules) {outside}"

    def tokens(self: Post) -> list[Token]:
        readers.setdefault(self.relpath, set()).add(who())
        found = self.__dict__.get("tokens")
        if found is None:
            t0 = time.perf_counter()
            found = self.__dict__["tokens"] = original_parse(self.body)
            parse_time[self.relpath] = parse_time.get(self.relpath, 0.0) + time.perf_counter() - t0
        return found

    def run(argv: list[str]) -> float:
        readers.clear()
        parse_time.clear()
        _fresh_state()
        t0 = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            main(argv)
        return time.perf_counter() - t0

    Post.tokens = property(tokens)  # type: ignore[assignment,method-assign]
    try:
        all_readers: Counter[str] = Counter()
        for site, extra in SITES.items():
            root = CORPUS / site
            if not root.is_dir():
                continue
            base = ["check", "--no-cache", "--jobs", "1", "-q", "--format", "json", *extra]
            wall = run([*base, str(root)])
            per_file = {k: set(v) for k, v in readers.items()}
            by_rule: Counter[str] = Counter(r for v in per_file.values() for r in v)
            all_readers.update(by_rule)
            total_parse = sum(parse_time.values())
            only_outside = [f for f, v in per_file.items() if all(r.startswith("(outside") for r in v)]
            saved = sum(parse_time.get(f, 0.0) for f in only_outside)
            out[site] = {"check s": wall, "files parsed": len(parse_time), "parse s": total_parse,
                         "readers": dict(by_rule), "files read by no rule": len(only_outside),
                         "their parse s": saved}
            print(f"  {site}: {len(parse_time)} bodies parsed in {total_parse:.2f} s of a {wall:.2f} s run; "
                  f"{len(only_outside)} read by no rule ({saved:.2f} s)")
            for reader, n in by_rule.most_common():
                print(f"    {reader}: {n} files")
        # a rule can use what another computed from the body (links are cached on the post): run the
        # rules that read nothing alone, add those that then read, until none does
        fm_only = [r.code for r in rules if r.code not in all_readers]
        for _ in range(len(rules)):  # until the rules left read nothing
            more: set[str] = set()
            for site, extra in SITES.items():
                root = CORPUS / site
                if not root.is_dir() or not fm_only:
                    continue
                others = [r.code for r in rules if r.code not in fm_only]
                argv = ["check", "--no-cache", "--jobs", "1", "-q", "--format", "json", *extra,
                        "--select", ",".join(fm_only), "--ignore", ",".join(others), str(root)]
                wall = run(argv)
                found = {r for v in readers.values() for r in v}
                more |= found
                out[site]["front-matter rules only"] = {"check s": wall, "files parsed": len(parse_time),
                                                        "parse s": sum(parse_time.values()),
                                                        "readers": sorted(found)}
            all_readers.update(more)
            if not more:
                break
            fm_only = [c for c in fm_only if c not in more]
        out["rules reading the body"] = sorted(r for r in all_readers if not r.startswith("(outside"))
        out["rules never reading it"] = fm_only
        print(f"  rules that read the body: {', '.join(out['rules reading the body'])}")
        print(f"  rules that never do here: {', '.join(fm_only)}")
        for site in SITES:
            if site in out and "front-matter rules only" in out[site]:
                fm = out[site]["front-matter rules only"]
                print(f"  {site}, only those rules: {fm['check s']:.2f} s, {fm['files parsed']} bodies parsed "
                      f"({fm['parse s']:.2f} s) by {fm['readers']}")
    finally:
        Post.tokens = original_prop  # type: ignore[method-assign]
        markdown.parse = original_parse
        os.environ.pop("POSTLINT_MARKDOWN", None)
        _fresh_state()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("what", nargs="*", help="time, identity, profile, bodies (default: all)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--replicate", type=int, default=5, help="copies of all bodies in the replicated set")
    ap.add_argument("--examples", type=int, default=4, help="examples shown per difference category")
    ap.add_argument("--comrak-path", help="folder where comrak-ext was installed with pip --target")
    ap.add_argument("--only", help="comma-separated candidate names")
    ap.add_argument("--json", help="write the numbers to this file")
    args = ap.parse_args(argv)
    args.what = args.what or ["time", "identity", "profile", "bodies"]
    unknown = set(args.what) - {"time", "identity", "profile", "bodies"}
    if unknown:
        ap.error(f"unknown: {', '.join(sorted(unknown))}")
    sites = corpora()
    if not sites:
        return 0
    cands = candidates(args.comrak_path)
    if args.only:
        cands = {k: v for k, v in cands.items() if k in args.only.split(",")}
    result: dict[str, Any] = {}
    if "time" in args.what:
        sets = {name: [b for _, b in bodies] for name, bodies in sites.items()}
        sets[f"replicated x{args.replicate}"] = [b for bodies in sites.values() for _, b in bodies] * args.replicate
        result["time"] = time_parsers(sets, cands, args.runs)
    if "identity" in args.what:
        result["identity"] = identity(sites, cands, args.examples)
    if "profile" in args.what:
        print("\nshare of a cold check spent in body parsing")
        result["profile"] = profile(max(1, args.runs // 2))
    if "bodies" in args.what:
        print("\nwhich rules need the body")
        result["bodies"] = bodies_needed(1)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
