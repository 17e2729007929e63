"""The ids kramdown writes on headings (explicit ``{#id}`` and generated ones)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from postlint.core.html import html_ids
from postlint.jekyll.config import SiteConfig

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

    from postlint.core.document import Post

#: XML name characters, which kramdown accepts in an explicit ``{#id}`` (any
#: script: ``{#كتابة-ملف-README}``).
_NAME_START = (":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_NAME = _NAME_START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_HEADER_ID = re.compile(f"[\\t ]\\{{#([{_NAME_START}][{_NAME}]*)\\}}\\Z")
#: kramdown's attribute lists (``{: #id .class}``): an id is a word character
#: then word characters and hyphens.
_BLOCK_IAL_ID = re.compile(r"^\{:\s*(?:[^}]*\s)?#(\w[\w-]*)[^}]*\}\s*$")
_ANY_IAL_ID = re.compile(r"\{:?\s*#(\w[\w-]*)[^}]*\}")
#: a kramdown ATX heading with no space after the hashes (``#Title``).
_KRAMDOWN_ATX = re.compile(r"#{1,6}([^#\s].*)")
_ELEMENT = re.compile(r"<(/?)([A-Za-z][\w-]*)\b[^>]*?(/?)>")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def heading_id_kramdown(text: str, *, transliterate: bool = False) -> str:
    """kramdown's id for a heading's text (``input: kramdown``).

    Leading characters up to the first ASCII letter are dropped, then all but
    ASCII letters, digits, spaces and hyphens; each space becomes a hyphen.
    Accented letters are therefore removed ("Écoles" -> "coles") unless
    ``transliterated_header_ids`` turns them into ASCII first ("ecoles").
    """
    if transliterate:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    gen = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.M)
    gen = re.sub(r"[^a-zA-Z0-9 -]", "", gen)
    gen = gen.replace(" ", "-").lower()
    return gen or "section"


def _is_ruby_word(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Nl", "Pc")


def heading_id_gfm(text: str) -> str:
    """kramdown's GFM parser id (Jekyll's default input): Unicode-aware, may be empty.

    ``text`` is the heading's text content (see :func:`heading_plain_text`).
    An empty result means kramdown writes no id for a first such heading.
    """
    lowered = text.lower()
    kept = "".join(ch for ch in lowered if _is_ruby_word(ch) or ch in "- \t")
    return kept.replace(" ", "-").replace("\t", "-")


def heading_id_github(text: str) -> str:
    """GitHub's rendering of README-like files: like GFM but tabs are dropped."""
    lowered = text.lower()
    kept = "".join(ch for ch in lowered if _is_ruby_word(ch) or ch in "- ")
    return kept.replace(" ", "-")


def heading_id_for_site(text: str, cfg: SiteConfig) -> str | None:
    """The id generator the site's Markdown engine applies; None when ids are off."""
    if cfg.markdown.lower() != "kramdown" or not cfg.auto_ids:
        return None
    if cfg.kramdown_input.lower() == "gfm":
        return cfg.auto_id_prefix + heading_id_gfm(text)
    return cfg.auto_id_prefix + heading_id_kramdown(text, transliterate=cfg.transliterated_header_ids)


def heading_id_from_markdown(heading: str, cfg: SiteConfig) -> str | None:
    """The id of one heading, given its Markdown text (after the ``#`` marks).

    An explicit ``{#id}`` wins. Otherwise the GFM input builds the id from
    the text content, while the kramdown input uses the raw Markdown (link
    URLs included). Apply :func:`unique_ids` to a page's auto ids in order.
    """
    given = explicit_id(heading)
    if given is not None:
        return given
    if cfg.kramdown_input.lower() == "gfm":
        return heading_id_for_site(heading_plain_text(heading), cfg)
    return heading_id_for_site(_HEADER_ID.sub("", heading.strip()), cfg)


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Number repeated ids as kramdown does: ``a``, ``a-1``, ``a-2``.

    The counter is kept per base id, and a suffixed id is not checked against
    an id written that way elsewhere (kramdown does not either).
    """
    seen: dict[str, int] = {}
    result: list[str] = []
    for base in ids:
        if base in seen:
            seen[base] += 1
            result.append(f"{base}-{seen[base]}")
        else:
            seen[base] = 0
            result.append(base)
    return result


def explicit_id(heading_line: str) -> str | None:
    """The id set by ``## Title {#my-id}`` (or a ``{: #my-id}`` line); None otherwise."""
    line = heading_line.rstrip("\r\n").rstrip()
    found = _HEADER_ID.search(line)
    if found is not None:
        return found.group(1)
    block = line.strip()
    first = block.find("}")
    if not block.startswith("{:") or first < 0 or block[first + 1 :].strip():
        return None  # the pattern's `}` is the first one and ends the line: checked first, failing was quadratic
    found = _BLOCK_IAL_ID.match(block)
    return found.group(1) if found else None




def heading_plain_text(markdown: str) -> str:
    """The text content kramdown's GFM parser builds ids from, for a heading's Markdown.

    Approximate: code spans keep their content; links keep their text; images,
    HTML tags, emphasis markers, escapes and kramdown's typographic sequences
    (``---``, ``--``, ``...``, ``<<``, ``>>``, which become non-word symbols) are dropped.
    """
    from postlint.core.scan import loose_code_spans

    text = _HEADER_ID.sub("", markdown.rstrip())
    pieces: list[str] = []
    last = 0
    for start, end, code_start, code_end in loose_code_spans(text):
        code = text[code_start:code_end]
        pieces.append(_plain_segment(text[last:start]))
        pieces.append(code.strip() if code.strip() else code)
        last = end
    pieces.append(_plain_segment(text[last:]))
    return "".join(pieces)


def _replaced(text: str, spans: Iterable[tuple[int, ...]], keep: bool = False) -> str:
    """``text`` without the spans ``(start, end[, kept end])``; with ``keep``,
    each span is replaced by its link text (from after ``[`` to the kept end)."""
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span[0]])
        if keep:
            out.append(text[span[0] + 1 : span[2]])
        pos = span[1]
    out.append(text[pos:])
    return "".join(out)


def _plain_segment(text: str) -> str:
    # linear scanners (core.scan) for code spans, images, links and tags:
    # their regular expressions were quadratic on a long heading
    from postlint.core.scan import markdown_images, markdown_links, simple_tags

    text = _replaced(text, markdown_images(text))
    text = _replaced(text, markdown_links(text), keep=True)
    text = _replaced(text, simple_tags(text))
    text = re.sub(r"\\([\\.*_+`<>()\[\]{}#!:|\"'$=~-])", lambda m: m.group(1), text)
    text = re.sub(r"---|--|\.\.\.|<<|>>", "", text)
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)
    text = text.replace("~~", "")
    return html.unescape(text)


# -- the ids of a page ---------------------------------------------------------------


def heading_ids(tokens: list[Token], cfg: SiteConfig) -> list[str]:
    """The ids written on a Markdown page's headings, in order.

    Explicit ``{#id}`` ids are kept as written and do not count as
    duplicates; automatic ids are numbered ``a``, ``a-1``... among
    themselves. An empty automatic id (a heading of punctuation only) is
    counted but not written, as kramdown's GFM input does. Sites rendered
    by another Markdown engine get GitHub-style ids.
    """
    kramdown = cfg.markdown.lower() == "kramdown"
    slots: list[str | None] = []
    autos: list[str] = []
    for text in heading_texts(tokens, cfg):
        given = explicit_id(text)
        if given is not None:
            slots.append(given)
            continue
        auto = heading_id_from_markdown(text, cfg) if kramdown else heading_id_github(heading_plain_text(text))
        if auto is None:
            continue
        slots.append(None)
        autos.append(auto)
    numbered = iter(unique_ids(autos))
    ids = [slot if slot is not None else next(numbered) for slot in slots]
    return [i for i in ids if i and i != cfg.auto_id_prefix]


def heading_texts(tokens: list[Token], cfg: SiteConfig, budget: int | None = None) -> list[str]:
    """The Markdown text of each heading, where kramdown's block parser
    differs from CommonMark: ``#Title`` (no space) is a heading under
    kramdown's own input, and Markdown right after a one-line HTML element
    (``<hr>`` then ``### Title``) is parsed, not kept in an HTML block.

    That Markdown is parsed again, and may hold HTML blocks in turn: it is
    walked with a stack (500 such blocks would exhaust Python's recursion),
    and at most ``budget`` characters are parsed again in all (default: a
    few times the tokens' text), so that alternating HTML and Markdown lines
    stay linear; past that, the rest is taken as HTML, as CommonMark does."""
    from postlint.core.markdown import parse

    if budget is None:
        budget = 4 * sum(len(t.content) for t in tokens) + 10_000
    kramdown_input = cfg.kramdown_input.lower() != "gfm"
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
                rest = _markdown_after_html(tok.content)
                if rest is not None and len(rest) <= budget:
                    budget -= len(rest)
                    stack.append((toks, i))  # go on after the block once its Markdown is done
                    toks, i = parse(rest), 0
    return texts


def _markdown_after_html(source: str) -> str | None:
    """The Markdown that follows the HTML elements of a block (None when
    there is none): kramdown ends an HTML block when its elements are closed."""
    lines = source.split("\n")
    depth = 0
    for n, line in enumerate(lines):
        if n and depth == 0 and not line.lstrip().startswith("<"):
            return "\n".join(lines[n:])
        # a tag ends at the first `>` after it: none can after the last one
        for found in _ELEMENT.finditer(line, 0, line.rfind(">") + 1):
            closing, name, selfclose = found.groups()
            if name.lower() in _VOID or selfclose:
                continue
            depth = max(0, depth - 1) if closing else depth + 1
    return None


def page_ids(post: Post, cfg: SiteConfig) -> set[str]:
    """Every id a rendered Markdown page has of its own: its headings'
    (:func:`heading_ids`), kramdown attribute lists (``{: #id}``) and the
    ids of its raw HTML (``id=``, ``<a name=>``)."""
    ids = set(heading_ids(post.tokens, cfg))
    for tok in post.tokens:
        if tok.type == "html_block":
            ids |= html_ids(tok.content)
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type == "html_inline":
                    ids |= html_ids(child.content)
    for line in post.lines[post.body_start_line - 1 :]:
        stripped = line.strip()
        if stripped.startswith("{:") or stripped.endswith("}"):
            # a match ends at a `}`: none after the last one (searching there was quadratic)
            ids.update(found.group(1) for found in _ANY_IAL_ID.finditer(stripped[: stripped.rfind("}") + 1]))
        if stripped == "{:toc}" or stripped.startswith("{:toc "):
            ids.add("markdown-toc")  # kramdown's table of contents list
    return ids
