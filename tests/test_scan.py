"""The linear scanners of postlint.core.scan find exactly what the regular
expressions they replace found (those are kept here as the reference), on
random texts made of the characters that matter to each, and stay linear
on the inputs that made the regular expressions quadratic."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from postlint.core import scan

#: the regular expressions as they were, the reference for each scanner.
REFERENCE: dict[str, tuple[str, int]] = {
    "liquid": (r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL),
    "html_comments": (r"<!--.*?-->", re.DOTALL),
    "liquid_blocks": (r"\{%-?\s*(raw|comment|highlight)\b.*?%\}.*?\{%-?\s*end\1\s*-?%\}", re.DOTALL),
    "raw_elements": (r"<(script|style|pre|code|textarea)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE),
    "emails": (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", 0),
    "footnote_refs": (r"\[\^[^\]\s]+\]", 0),
    "code_spans": (r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL),
    "code_spans_from_any_backtick": (r"(`+)(?!`).*?(?<!`)\1(?!`)", 0),
    "html_tags": (
        (r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
         r"|<![A-Za-z][^>]*>|<\?.*?\?>|<!\[CDATA\[.*?\]\]>"),
        re.DOTALL,
    ),
    "unclosed_tag_ends": (r"<[A-Za-z/!][^>\n]*$", re.MULTILINE),
    "markdown_images": (r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]", 0),
    "simple_tags": (r"</?[A-Za-z][^>]*>", 0),
}

#: the characters each pattern reacts to, plus letters and spaces.
ALPHABETS = {
    "liquid": "{}% ab\n",
    "html_comments": "<!->a \n",
    "liquid_blocks": "{}%- rawcommenthighlightend\n",
    "raw_elements": "<>/ scriptSCRIPTprecode\n",
    "emails": "a1._%+-@ .Z\n",
    "footnote_refs": "[]^a \n\t",
    "code_spans": "`a \n",
    "code_spans_from_any_backtick": "`a \n",
    "html_tags": "<>/!?[]CDATA=\"' -abz\n\t",
    "unclosed_tag_ends": "<>/!a \n",
    "markdown_images": "![]()a\n",
    "simple_tags": "</>a1 ",
}

#: texts hand-picked for each scanner (shapes the random ones rarely build).
EXAMPLES = {
    "liquid": ["{{ a }}{% b %}", "{%}", "{%%}", "{{}}{{", "{{ {% }}", "{% {{ %} }}"],
    "html_comments": ["<!-->", "<!---->", "<!-- a --> <!-- b", "<!--<!-- -->"],
    "liquid_blocks": ["{% raw %}x{% endraw %}", "{%- comment -%}{% endcomment %}", "{% raw %}{% raw %}{% endraw %}",
                      "{% rawx %}{% endrawx %}", "{% raw %}x{%endraw%}{% comment %}"],
    "raw_elements": ["<script>x</script >", "<SCRIPT a=1>x</script>", "<pre><pre></pre>", "<scripts>x</scripts>",
                     "<code>x</CODE>"],
    "emails": ["a@b.c", "a@b.c.@d.e", "x@a.b_y@c.d", "a@b", "a@@b.c", "a.b@c-d.e-f.g."],
    "footnote_refs": ["[^1]", "[^]", "[^ a]", "[^[^a]", "[^a"],
    "code_spans": ["`a`", "``a``", "``a`", "` `` `", "```", "`a``b`", "a ``` b ` c"],
    "code_spans_from_any_backtick": ["`a`", "```a``", "a ``` b ` c", "``", "`\n`", "x ````"],
    "html_tags": ["<a>", "<a href=\"x\">", "<a b='c' d=e/>", "<a b=>", "<a b=\"<c>\">", "<a b", "</a >", "<!x>",
                  "<?x?>", "<![CDATA[x]]>", "<a <a <a>", "<a b=\"c\"d>", "<a b=c/>", "<a b=c/d>", "<br/>"],
    "unclosed_tag_ends": ["<a\n", "<a>", "<a <b\nc>", "x <! y", "</a"],
    "markdown_images": ["![a](b)", "![a][b]", "![a]", "![![a](b)", "![a](b"],
    "simple_tags": ["<a>", "</a >", "<a <b>", "<1>", "<a"],
}


def _regex_spans(name: str) -> Callable[[str], Iterator[tuple[int, int]]]:
    pattern, flags = REFERENCE[name]
    compiled = re.compile(pattern, flags)
    return lambda text: (m.span() for m in compiled.finditer(text))


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_scanner_equals_its_regular_expression(name: str) -> None:
    scanner: scan.Spans = getattr(scan, name)
    reference = _regex_spans(name)

    @settings(max_examples=400, deadline=None, derandomize=True, database=None)
    @given(st.text(alphabet=ALPHABETS[name], max_size=40))
    def same(text: str) -> None:
        assert list(scanner(text)) == list(reference(text)), text

    for text in EXAMPLES[name]:
        same = example(text)(same)
    same()


ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="# \ta", max_size=20), st.integers(min_value=0, max_value=20))
@example("# a ##", 0)
@example("###", 0)
@example("###", 1)
@example("  ##", 0)
def test_atx_closing_start_equals_its_regular_expression(line: str, pos: int) -> None:
    pos = min(pos, len(line))
    found = ATX_CLOSE.search(line, pos)
    assert scan.atx_closing_start(line, pos) == (found.start() if found else None)


#: a unit that, repeated, made the regular expression quadratic.
HANG_UNITS = {
    "liquid": "{{ ",
    "html_comments": "<!-- ",
    "liquid_blocks": "{% raw %}",
    "raw_elements": "<script>",
    "emails": "a",
    "footnote_refs": "[^",
    "code_spans": "` `` ",
    "code_spans_from_any_backtick": "x ``",
    "html_tags": "<a ",
    "unclosed_tag_ends": "<a",
    "markdown_images": "![",
    "simple_tags": "<a",
}


@pytest.mark.parametrize("name", sorted(HANG_UNITS))
def test_scanners_are_linear(name: str) -> None:
    """Twice the text takes about twice the time (quadratic: four times)."""
    scanner: scan.Spans = getattr(scan, name)

    def seconds(size: int) -> float:
        text = HANG_UNITS[name] * (size // len(HANG_UNITS[name]))
        start = time.perf_counter()
        list(scanner(text))
        return time.perf_counter() - start

    seconds(1000)  # warm up
    small, large = min(seconds(50_000) for _ in range(3)), min(seconds(200_000) for _ in range(3))
    assert large < 0.5, f"{large:.2f} s for 200,000 characters"
    assert large < 8 * small + 0.02, f"{small:.4f} s then {large:.4f} s: not linear"


LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="![]()a\n", max_size=40))
@example("[a](b)[c][d]")
@example("[[a](b)")
def test_markdown_links_equal_their_regular_expression(text: str) -> None:
    assert list(scan.markdown_links(text)) == [(m.start(), m.end(), m.end(1)) for m in LINK.finditer(text)]


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="`a\n", max_size=40))
@example("```")
@example("```a``")
@example("`a` ``b`` `")
def test_loose_code_spans_equal_their_regular_expression(text: str) -> None:
    expected = [(m.start(), m.end(), m.start(2), m.end(2)) for m in INLINE_CODE.finditer(text)]
    assert list(scan.loose_code_spans(text)) == expected


@pytest.mark.parametrize("unit", ["`", "x ``", "[a](", "["])
def test_heading_scanners_are_linear(unit: str) -> None:
    def seconds(size: int) -> float:
        text = unit * (size // len(unit))
        start = time.perf_counter()
        list(scan.loose_code_spans(text))
        list(scan.markdown_links(text))
        return time.perf_counter() - start

    seconds(1000)
    small, large = min(seconds(50_000) for _ in range(3)), min(seconds(200_000) for _ in range(3))
    assert large < 2.0 and large < 8 * small + 0.02, (small, large)
