"""Helpers rewritten to run in linear time give what the old code gave.

Each old implementation (a regular expression, or a scan per question) is
kept here as the reference and compared with the new one on random texts
made of the characters that matter; then the new one is timed on the shape
that made the old one quadratic."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from postlint.core import prose
from postlint.jekyll import headings as jekyll
from postlint.site import links
from postlint.core.prose import MASK
from postlint.rules import typography
from postlint.rules.jobs import text as jobs

SETTINGS = settings(max_examples=500, deadline=None, derandomize=True, database=None)


def _old_closing_paren(text: str, open_at: int) -> int | None:
    depth, i, angle = 0, open_at, False
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "<" and i == open_at + 1:
            angle = True
        elif angle and ch == ">":
            angle = False
        elif not angle and ch == "(":
            depth += 1
        elif not angle and ch == ")":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\n" and text[i + 1 : i + 2] == "\n":
            return None
        i += 1
    return None


def _old_link_destinations(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    while True:
        at = text.find("](", pos)
        if at < 0:
            return
        close = _old_closing_paren(text, at + 1)
        if close is None:
            pos = at + 2
            continue
        yield at + 1, close + 1
        pos = close + 1


@SETTINGS
@given(st.text(alphabet="]()<>\\\na ", max_size=40))
@example("[a](b (c) d)")
@example("[a](<b)>)")
@example("[a](\\))")
@example("[a](b\n\nc)")
def test_link_destinations(text: str) -> None:
    assert list(prose._link_destinations(text)) == list(_old_link_destinations(text))


def _old_url_end(url: str) -> int:
    end = len(url)
    while end > 0:
        ch = url[end - 1]
        if ch in prose._URL_TRAILING:  # noqa: SIM114 - the old code, verbatim
            end -= 1
        elif ch == ")" and url[:end].count("(") < url[:end].count(")"):
            end -= 1
        else:
            break
    return end


@SETTINGS
@given(st.text(alphabet="().,a", max_size=30))
def test_url_end(url: str) -> None:
    assert prose._url_end(url) == _old_url_end(url)


# -- typography: per-line questions ------------------------------------------------------


def _old_at_line_start(view: str, i: int) -> bool:
    start = view.rfind("\n", 0, i) + 1
    return all(ch in typography._SPACE or ch in typography._NB or ch == MASK for ch in view[start:i])


def _old_at_line_end(view: str, i: int) -> bool:
    end = view.find("\n", i)
    rest = view[i:] if end < 0 else view[i:end]
    return all(ch in typography._SPACE or ch in typography._NB or ch == "\r" for ch in rest)


def _old_english_line(view: str, i: int) -> bool:
    start = view.rfind("\n", 0, i) + 1
    end = view.find("\n", i)
    words = re.findall(r"[^\W\d_]+", view[start : end if end >= 0 else len(view)].lower())
    english = sum(w in typography._EN_WORDS for w in words)
    return english >= 2 and english > sum(w in typography._FR_WORDS for w in words)


@SETTINGS
@given(st.lists(st.sampled_from(["\n", " ", "\t", "\0", "\u00a0", "\r", "a", "the", " and ", "le", ":"]), max_size=30))
def test_line_questions_of_typography(parts: list[str]) -> None:
    view = "".join(parts)
    for i in range(len(view) + 1):
        assert typography._at_line_start(view, i) == _old_at_line_start(view, i), (view, i)
        assert typography._at_line_end(view, i) == _old_at_line_end(view, i), (view, i)
        if i < len(view):
            assert typography._english_line(view, i) == _old_english_line(view, i), (view, i)


# -- links ---------------------------------------------------------------------------------

OLD_LIQUID_TARGET = re.compile(r"(?:\]\(\s*<?|^ {0,3}\[[^\]]+\]:[ \t]*<?)((?:\{\{.*?\}\}|\{%.*?%\})[^\s)>]*)")
OLD_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
OLD_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*$")


@SETTINGS
@given(st.text(alphabet="](<{}%  [:\t>)a", max_size=30))
@example("[a]: {{ x }}y")
@example("]({{ a }}) ]({% b %})")
@example("](< {{ a }}>")
def test_liquid_targets(line: str) -> None:
    expected = [(m.start(), m.start(1), m.end(1)) for m in OLD_LIQUID_TARGET.finditer(line)]
    assert list(links._liquid_targets(line)) == expected


@SETTINGS
@given(st.text(alphabet="`a ", max_size=30))
def test_code_spans_of_a_line(line: str) -> None:
    assert links._mask_code_spans(line) == OLD_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _old_opening_bracket(line: str, close: int) -> int | None:
    depth = 0
    for i in range(close, -1, -1):
        if line[i] == "]":
            depth += 1
        elif line[i] == "[":
            depth -= 1
            if depth == 0:
                return i
    return None


@SETTINGS
@given(st.text(alphabet="[]a!", min_size=1, max_size=30))
def test_opening_bracket(line: str) -> None:
    for close, ch in enumerate(line):
        if ch == "]":
            assert links._opening_bracket(line, close) == _old_opening_bracket(line, close)



# -- jekyll and jobs headings --------------------------------------------------------------

#: the block attribute list's pattern (kramdown's: an id is a word character, then word characters
#: and hyphens), matched directly: the quick refusal before it must not change its answers
OLD_BLOCK_IAL_ID = jekyll._BLOCK_IAL_ID
OLD_ATTR = re.compile(r"\s*\{[:#.][^}]*\}\s*$")


def _old_explicit_id(heading_line: str) -> str | None:
    line = heading_line.rstrip("\r\n").rstrip()
    found = jekyll._HEADER_ID.search(line)
    if found is not None:
        return found.group(1)
    found = OLD_BLOCK_IAL_ID.match(line.strip())
    return found.group(1) if found else None


@SETTINGS
@given(st.sampled_from(["{:", "{: ", "", "## a "]), st.text(alphabet="{}:# a\tb1\n", max_size=16))
@example("{:", " #a}")
@example("{:", " .c #a-b }  ")
@example("{:", " #a} x")
def test_explicit_id(head: str, rest: str) -> None:
    assert jekyll.explicit_id(head + rest) == _old_explicit_id(head + rest)


def _old_plain_text(markdown: str) -> str:
    image = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
    link = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
    tag = re.compile(r"</?[A-Za-z][^>]*>")
    code = re.compile(r"(`+)(.+?)\1", re.DOTALL)

    def segment(text: str) -> str:
        text = tag.sub("", link.sub(lambda m: m.group(1), image.sub("", text)))
        text = re.sub(r"\\([\\.*_+`<>()\[\]{}#!:|\"'$=~-])", lambda m: m.group(1), text)
        text = re.sub(r"---|--|\.\.\.|<<|>>", "", text)
        text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)
        return html.unescape(text.replace("~~", ""))

    text = jekyll._HEADER_ID.sub("", markdown.rstrip())
    pieces, last = [], 0
    for found in code.finditer(text):
        pieces.append(segment(text[last : found.start()]))
        pieces.append(found.group(2).strip() if found.group(2).strip() else found.group(2))
        last = found.end()
    pieces.append(segment(text[last:]))
    return "".join(pieces)


@SETTINGS
@given(st.text(alphabet="`![]()<>/a *_", max_size=30))
@example("Un `code` et [un lien](/x) ![image](/i.png) <b>gras</b>")
@example("[a<b>](c)")
def test_heading_plain_text(markdown: str) -> None:
    assert jekyll.heading_plain_text(markdown) == _old_plain_text(markdown)


@SETTINGS
@given(st.text(alphabet="{}:#. a\n\t", max_size=16))
@example("Vos missions {#missions}")
@example("Titre {: .x} {: .y}")
def test_heading_attribute_list_removed(text: str) -> None:
    assert jobs._without_attribute_list(text) == OLD_ATTR.sub("", text)


# -- linear time ------------------------------------------------------------------------------

SHAPES: dict[str, tuple[Callable[[str], object], str]] = {
    "link destinations": (lambda t: list(prose._link_destinations(t)), "[a]("),
    "code spans of a line": (links._mask_code_spans, "x ``"),
    "liquid targets": (lambda t: list(links._liquid_targets(t)), "]({{ "),
    "opening brackets": (lambda t: [links._opening_bracket(t, i) for i in range(0, len(t), 4)], "[a]]"),
    "explicit id": (jekyll.explicit_id, "{: #a"),
    "heading text": (jekyll.heading_plain_text, "`"),
    "attribute list": (jobs._without_attribute_list, "{:  "),
    "line start": (lambda t: [typography._at_line_start(t, i) for i in range(0, len(t), 6)], "\0\0\0 : "),
    "english line": (lambda t: [typography._english_line(t, i) for i in range(0, len(t), 6)], "the : "),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_linear_on_the_shape_that_was_quadratic(name: str) -> None:
    run, unit = SHAPES[name]

    def seconds(size: int) -> float:
        text = unit * (size // len(unit))
        start = time.perf_counter()
        run(text)
        return time.perf_counter() - start

    seconds(1000)
    small, large = min(seconds(25_000) for _ in range(3)), min(seconds(100_000) for _ in range(3))
    assert large < 2.0 and large < 8 * small + 0.02, f"{small:.4f} s then {large:.4f} s"
