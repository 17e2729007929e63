"""yamlpos: safe loading with positions, and what plain safe_load misses."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from postlint.core import yamlpos


def issues(text: str) -> list[tuple[str, int, int]]:
    return [(i.kind, i.line, i.column) for i in yamlpos.load(text).issues]


def test_positions_of_keys_values_items_and_nested_keys() -> None:
    text = (
        "title: Été à Paris\n"      # 1
        "catégorie: ok\n"           # 2
        "quoted: \"Ça va\"\n"       # 3
        "tags:\n"                   # 4
        "  - un\n"                  # 5
        "  - deux\n"                # 6
        "author:\n"                 # 7
        "  name: Camille\n"         # 8
        "bloc: |\n"                 # 9
        "  ligne\n"                 # 10
        "flow: [a, b]\n"            # 11
    )
    result = yamlpos.load(text)
    assert result.issues == []
    spans = result.spans

    def at(path: tuple[object, ...], value: bool = True) -> tuple[int, int]:
        s = spans[path].value if value else spans[path].key
        return s.line, s.column

    assert at(("title",), value=False) == (1, 1)
    assert at(("title",)) == (1, 8)
    assert at(("catégorie",)) == (2, 12)  # columns count characters, not bytes
    assert at(("quoted",)) == (3, 9)  # the opening quote
    assert at(("tags", 0)) == (5, 5)
    assert at(("tags", 1)) == (6, 5)
    assert at(("author", "name"), value=False) == (8, 3)
    assert at(("author", "name")) == (8, 9)
    assert at(("bloc",)) == (9, 7)  # the block indicator
    assert at(("flow", 1)) == (11, 11)
    quoted = spans[("quoted",)].value
    assert text[quoted.start : quoted.end] == '"Ça va"'
    item = spans[("tags", 1)].value
    assert text[item.start : item.end] == "deux"


def test_offsets_shift_with_the_front_matter_position() -> None:
    result = yamlpos.load("title: a\n", line_offset=1, index_offset=4)
    span = result.spans[("title",)].value
    assert (span.line, span.column, span.start) == (2, 8, 11)


def test_syntax_error_is_an_issue() -> None:
    result = yamlpos.load("title: [a, b\nlayout: post\n")
    assert result.data is None
    assert [i.kind for i in result.issues] == ["invalid-yaml"]


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("title: Atelier : bilan\n", 1, "title"),
        ("layout: post\ntitle: Atelier : ce que nous avons appris\n", 2, "title"),
        ("layout: post\ndescription: Bilan 2023 :\n", 2, "description"),
        ("author:\n  fr: Un : deux\n", 2, "fr"),
        ("tags:\n  - b: c: d\n", 2, "b"),
    ],
)
def test_unquoted_colon_hint_at_the_error_line(text: str, line: int, key: str) -> None:
    [issue] = yamlpos.load(text).issues
    assert (issue.kind, issue.line, issue.params["hint"], issue.params["key"]) == ("invalid-yaml", line, "quote-value", key)


@pytest.mark.parametrize(
    "text",
    [
        # the previous line, valid text of a block scalar, must not get the blame
        "description: |\n  Note: voir: ici\n bad: [\n",
        # an unclosed quote is not a colon problem
        'title: "Atelier : bilan\nlayout: post\n',
        "title: 'L'atelier'\n",
    ],
)
def test_no_quote_hint_for_other_errors(text: str) -> None:
    [issue] = yamlpos.load(text).issues
    assert issue.kind == "invalid-yaml"
    assert issue.params["hint"] != "quote-value"


def test_tab_indentation_hint() -> None:
    [issue] = yamlpos.load("tags:\n\t- a\n").issues
    assert issue.params["hint"] == "tab" and issue.line == 2


def test_duplicate_keys_last_wins() -> None:
    result = yamlpos.load("title: a\nlayout: post\ntitle: b\n")
    assert result.data == {"title": "b", "layout": "post"}
    [issue] = result.issues
    assert (issue.kind, issue.line, issue.column, issue.params) == ("duplicate-key", 3, 1, {"key": "title", "first_line": 1})
    assert result.spans[("title",)].key.line == 3


def test_nested_duplicate_keys() -> None:
    assert issues("author:\n  name: a\n  name: b\n") == [("duplicate-key", 3, 3)]


@pytest.mark.parametrize(
    ("text", "shown", "line", "column"),
    [
        ("1: x\ntitle: t\n", "1", 1, 1),
        ("? [a, b]\n: x\ntitle: t\n", "[...]", 1, 3),
        ("true: x\ntitle: t\n", "true", 1, 1),
        ("2024-01-01: x\ntitle: t\n", "2024-01-01", 1, 1),
        ("~: x\ntitle: t\n", "~", 1, 1),
    ],
)
def test_non_string_keys_are_reported_and_dropped(text: str, shown: str, line: int, column: int) -> None:
    result = yamlpos.load(text)
    assert result.data == {"title": "t"}
    [issue] = result.issues
    assert (issue.kind, issue.params["key"], issue.line, issue.column) == ("non-string-key", shown, line, column)


def test_quoted_number_key_is_text() -> None:
    result = yamlpos.load("'1': x\n")
    assert result.data == {"1": "x"} and result.issues == []


def test_normal_aliases_and_merge_keys_are_fine() -> None:
    result = yamlpos.load("base: &b\n  layout: post\ncopy: *b\nx:\n  <<: *b\n  title: t\n")
    assert result.issues == []
    assert result.data == {"base": {"layout": "post"}, "copy": {"layout": "post"}, "x": {"layout": "post", "title": "t"}}


def test_alias_bomb_is_reported_fast_and_small() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(levels) + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    result = yamlpos.load(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [(i.kind, i.line) for i in result.issues] == [("alias-expansion", 1)]
    assert result.data is None
    assert elapsed < 1.0 and peak < 20 * 1024 * 1024


def test_recursive_alias_does_not_hang() -> None:
    result = yamlpos.load("a: &a [*a]\n")
    assert [i.kind for i in result.issues] in ([], ["alias-expansion"], ["invalid-yaml"])


def test_impossible_date_is_reported_and_kept_as_text() -> None:
    result = yamlpos.load("title: t\ndate: 2024-02-30\n")
    assert result.data == {"title": "t", "date": "2024-02-30"}
    [issue] = result.issues
    assert (issue.kind, issue.line, issue.column, issue.params) == ("invalid-date", 2, 7, {"value": "2024-02-30", "key": "date"})


def test_real_dates_are_dates() -> None:
    import datetime as dt

    assert yamlpos.load("date: 2024-02-29\n").data == {"date": dt.date(2024, 2, 29)}


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "list"), ("juste du texte\n", "scalar")])
def test_front_matter_must_be_a_mapping(text: str, kind: str) -> None:
    result = yamlpos.load(text)
    assert [(i.kind, i.params) for i in result.issues] == [("front-matter-not-mapping", {"kind": kind})]
    assert result.data is None


def test_empty_document_is_an_empty_mapping() -> None:
    assert yamlpos.load("").data == {}
    assert yamlpos.load("# un commentaire\n").data == {}


def test_unsafe_tags_are_refused() -> None:
    result = yamlpos.load("x: !!python/object/apply:os.system ['true']\n")
    assert result.data is None and [i.kind for i in result.issues] == ["invalid-yaml"]


def test_deep_nesting_does_not_crash() -> None:
    result = yamlpos.load("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert result.data is not None or result.issues


def test_a_long_list_written_out_is_not_an_alias_bomb() -> None:
    """12,000 items and no alias: more nodes than the alias limit, but each
    one written in the text (a page listing a site's people in its front matter)."""
    text = "title: x\nitems:\n" + "".join(f"- {i}\n" for i in range(12_000))
    result = yamlpos.load(text)
    assert result.issues == [] and len(result.data["items"]) == 12_000
    # the same number of nodes from a few lines of aliases is still refused
    bomb = "a: &a [" + ", ".join(["x"] * 200) + "]\nb: [" + ", ".join(["*a"] * 200) + "]\n"  # 40,000 nodes
    assert [i.kind for i in yamlpos.load(bomb).issues] == ["alias-expansion"]
