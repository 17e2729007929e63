"""Failures found by fuzzing, each with its minimal input: what postlint
reports now instead of crashing, hanging or pointing outside the file.

Every input also passes all the fuzzing properties (:func:`check`); the
inputs saved in ``regressions/`` (written by ``python -m tests.fuzz`` and
kept) are replayed the same way.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from postlint.core import yamlpos
from postlint.api import lint_text
from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post

from .harness import TARGETS, FuzzSite, check

REGRESSIONS = Path(__file__).resolve().parent / "regressions"

POST = """\
---
layout: post
title: Un titre
author: Camille
description: Un billet.
image: /img/blog/atelier.png
twitter: camille
tags: [design]
{extra}---
{body}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> FuzzSite:
    return FuzzSite(tmp_path_factory.mktemp("fuzz") / "site")


def post(extra: str = "", body: str = "Bonjour.\n", *, tags: bool = True) -> str:
    text = POST.format(extra=extra, body=body)
    return text if tags else text.replace("tags: [design]\n", "")


def lint(site: FuzzSite, text: str, relpath: str = TARGETS[0]) -> list[Diagnostic]:
    return lint_text(text, relpath, config=site.config)


def codes(found: list[Diagnostic]) -> list[str]:
    return sorted({d.code for d in found})


def at(found: list[Diagnostic], code: str) -> tuple[int, int]:
    hit = next(d for d in found if d.code == code)
    return hit.line, hit.column


def assert_clean(site: FuzzSite, text: str, relpath: str = TARGETS[0]) -> None:
    outcome = check(site, text.encode("utf-8"), relpath)
    assert outcome.failures == []


# -- loading never raises ----------------------------------------------------------------


def test_explicit_timestamp_tag_on_text_is_an_invalid_date(site: FuzzSite) -> None:
    text = post("date: !!timestamp x\n")  # PyYAML: AttributeError on None.groupdict()
    found = lint(site, text)
    assert "PL008" in codes(found) and "PL099" not in codes(found)
    assert at(found, "PL008") == (9, 7)
    assert_clean(site, text)


@pytest.mark.parametrize("depth", [99, 100, 500, 999, 1000, 5000])
def test_deep_nesting_is_invalid_yaml_not_a_recursion_error(site: FuzzSite, depth: int) -> None:
    text = post("x: " + "[" * depth + "]" * depth + "\n")
    found = lint(site, text)
    if depth < yamlpos.MAX_NESTING:
        assert "PL007" not in codes(found)
    else:
        assert "PL007" in codes(found)
    assert_clean(site, text)


def test_deep_nesting_through_an_alias_is_refused_too() -> None:
    inner = "[" * 60 + "]" * 60
    result = yamlpos.load(f"a: &a {inner}\nb: {'[' * 60}*a{']' * 60}\n")
    assert [i.kind for i in result.issues] == ["invalid-yaml"] and result.data is None


def test_utc_offset_of_24_hours_is_an_invalid_date(site: FuzzSite) -> None:
    text = post("date: 2020-01-01T00:00:00+24:00\n")  # was: ValueError from timezone() in PL502
    found = lint(site, text)
    assert "PL008" in codes(found) and "PL099" not in codes(found)
    assert_clean(site, text)


@pytest.mark.parametrize("extra, tags", [
    ("categories: &c [*c]\n", True),
    ("tags: &r [*r]\n", False),
    ("x: &m {a: *m}\n", True),
    ("x: &m {<<: *m}\n", True),
])
def test_alias_inside_its_own_anchor_is_reported_not_followed(site: FuzzSite, extra: str, tags: bool) -> None:
    text = post(extra, tags=tags)
    found = lint(site, text)
    assert "PL012" in codes(found) and "PL099" not in codes(found)
    hit = next(d for d in found if d.code == "PL012")
    assert hit.message_id == "recursive" and hit.line == (9 if tags else 8)
    assert_clean(site, text)


def test_recursive_tags_leave_the_repo_wide_tag_rules_working(site: FuzzSite) -> None:
    """``tags: &r [*r]`` in one post crashed the repo-wide tag rules for every file."""
    bad = post("tags: &r [*r]\n", tags=False).encode()
    outcome = check(site, bad, TARGETS[0])
    assert outcome.failures == []
    found = lint(site, post(body="Bonjour.\n").replace("[design]", "[inconnu]"))
    assert "PL301" in codes(found)


@pytest.mark.parametrize("value, loads", [
    ("!!int " + "9" * 40, True),
    ("!!int " + "9" * 5000, False),  # beyond Python's 4,300 digits
    ("!!int x", False),
    ("!!bool maybe", False),  # PyYAML: KeyError
    ("!!float x", False),
    ("!!binary aGVsbG8=", True),
    ("!!binary x", False),
    ("!!set {a, b}", True),
    ("!!omap [a: 1]", True),
    ("!!pairs [a: 1]", True),
    ("!!null x", True),
    ("!!python/name:os.system x", False),
    ("!custom x", False),
    ("1e999", True),
    (".nan", True),
])
def test_other_yaml_tags_load_or_are_invalid_yaml(site: FuzzSite, value: str, loads: bool) -> None:
    text = post(f"x: {value}\n")
    found = lint(site, text)
    assert ("PL007" not in codes(found)) == loads
    if not loads:
        assert at(found, "PL007")[0] == 9
    assert_clean(site, text)


def test_byte_order_mark_inside_the_front_matter_keeps_positions(site: FuzzSite) -> None:
    text = "---\n\ufefftitle: 'x' x\n---\n"
    found = lint(site, text, TARGETS[3])
    assert at(found, "PL007") == (2, 13)  # the mark is a character of the line
    assert_clean(site, text, TARGETS[3])


# -- one line model: markdown-it's ---------------------------------------------------------


def test_lone_carriage_returns_are_line_breaks(site: FuzzSite) -> None:
    """markdown-it counts a lone \\r as a line break; postlint did not (IndexError in
    typography, document and link rules)."""
    text = "---\ntitle: Titre\n---\nBonjour : x\r[a](/nulle-part.html)\r# Titre\rz ?\r"
    found = lint(site, text, TARGETS[3])
    assert "PL099" not in codes(found)
    assert at(found, "PL203") == (5, 5)
    assert Post.from_text(text).lines[4:7] == ["[a](/nulle-part.html)", "# Titre", "z ?"]
    assert_clean(site, text, TARGETS[3])


def test_carriage_return_in_front_matter_counts_as_a_line_for_yaml_too(site: FuzzSite) -> None:
    text = "---\rtitle: a\r---\n---\ntitle: 'x' y\r\n---\n"
    assert_clean(site, text, TARGETS[3])
    result = yamlpos.load("a: 1\rb: 'x' y\n")
    assert [(i.line, i.column) for i in result.issues] == [(2, 8)]


def test_yaml_only_line_separators_do_not_shift_positions() -> None:
    """YAML breaks lines at U+2028 too; markdown-it, and so postlint, does not."""
    result = yamlpos.load("a: x\u2028y\nb: 'z' w\n")  # YAML stops at `b`, on its line 3
    assert [(i.line, i.column) for i in result.issues] == [(2, 1)]


# -- rule crashes ---------------------------------------------------------------------------


def test_url_with_unbalanced_ipv6_bracket(site: FuzzSite) -> None:
    text = post(body="[x](http://[oops)\n")  # urlsplit: ValueError in every link rule
    assert "PL099" not in codes(lint(site, text))
    assert_clean(site, text)


def test_job_offer_dated_at_the_end_of_the_calendar(site: FuzzSite) -> None:
    body = "# Offre d'emploi\n\n## Vos missions\n\nx\n\n## Rejoignez-nous\n\nx\n"
    text = post("date: 9999-12-31\n", body).replace("Un titre", "Offre d'emploi")  # PL406: ValueError
    assert "PL099" not in codes(lint(site, text))
    assert_clean(site, text)


def test_dates_moved_out_of_the_calendar_by_their_offset(site: FuzzSite) -> None:
    for date in ("9999-12-31 23:59:59 -05:00", "0001-01-01 00:00:00 +05:00"):
        text = post(f"date: {date}\n")
        assert "PL099" not in codes(lint(site, text))
        assert_clean(site, text)


def test_offer_stale_date_beyond_year_9999_never_comes() -> None:
    from postlint.rules.jobs import JobsOptions

    assert JobsOptions(stale_after="6 months").stale_since(dt.date(9999, 12, 31)) == dt.date.max
    assert JobsOptions(stale_after="3 days").stale_since(dt.date(9999, 12, 30)) == dt.date.max


# -- hangs: time quadratic in a line's length ----------------------------------------------

_PROSE = ("Le programme accueille une promotion (voir [le bilan](/bilan.html \"Bilan\") et <a href=\"/x\">la "
          "page</a>) : `du code`, {{ site.title }}, <!-- une note --> et {% raw %}Liquid{% endraw %} ; "
          "écrivez à equipe@example.org ! ")


def _mutated_post() -> str:
    """~100 KB of French prose whose closing delimiters are gone (15 to 60 s in prose masking)."""
    text = (_PROSE * (100_000 // len(_PROSE)))
    for closer in (")", "]", ">", "`", "}}", "%}", "-->"):
        text = text.replace(closer, "")
    return post(body="\n".join(text[i : i + 100] for i in range(0, len(text), 100)) + "\n")


@pytest.mark.parametrize("name, make, before", [
    ("a x 100,000 on one line (e-mail pattern)", lambda: post(body="a" * 100_000 + "\n"), 19.9),
    ("`mot : ` x 4,000 (PL601 rescanned the line per sign)", lambda: post(body="mot : " * 4_000 + "\n"), 6.4),
    ("x and 40,000 backticks (code spans of links)", lambda: post(body="x " + "`" * 40_000 + "\n"), 21.9),
    ("a 100 KB line of backticks after x", lambda: post(body="x " + "`" * 100_000 + "\n"), 126.0),
    ("a 60,000-character title", lambda: post().replace("Un titre", "'" + "« Le titre » : long " * 3_000 + "'"), 4.4),
    ("a mutated 100 KB post", _mutated_post, 15.0),
])
def test_shapes_that_hung_are_linted_in_linear_time(site: FuzzSite, name: str, make: object, before: float) -> None:
    text = make()  # type: ignore[operator]
    start = time.perf_counter()
    found = lint(site, text)
    seconds = time.perf_counter() - start
    assert "PL099" not in codes(found) and "PL007" not in codes(found)
    assert seconds < min(5.0, before / 2), f"{name}: {seconds:.1f} s (was {before} s)"


# -- fixes -------------------------------------------------------------------------------------


def test_dash_fix_is_idempotent_on_a_run_of_spaced_hyphens(site: FuzzSite) -> None:
    """``t - - -``: the first --fix changed one hyphen, the second another."""
    assert_clean(site, "---\n---\nt - - -", TARGETS[2])


def test_mark_filled_fix_is_not_offered_when_the_front_matter_is_unclosed(site: FuzzSite) -> None:
    """The notice went under a "heading" made of front-matter lines, and closed the front matter."""
    text = "---\ntitle: Offre d'emploi - c\n---\rs: :"
    found = lint(site, text)
    assert not [d for d in found if d.code == "PL406" and d.fix]
    assert_clean(site, text)


def test_link_written_in_a_code_span_over_two_lines_is_not_the_link(site: FuzzSite) -> None:
    """The http:// fix edited the code span, then the real link on the second --fix."""
    text = "---\n---\n[le](/p.html) ` [le](http://example.org)\n` [le](http://example.org)\n"
    found = lint(site, text, TARGETS[2])
    assert [(d.line, d.column) for d in found if d.code == "PL209"] == [(4, 8)]
    assert_clean(site, text, TARGETS[2])


@pytest.mark.parametrize("text", [
    "<div><a href=\"/\ncriptitml\">",  # an HTML target over two lines
    "Écrire à contact@example.org&eacute; ou a@b.\n",  # an address written with an entity
])
def test_finding_ends_stay_on_their_line(site: FuzzSite, text: str) -> None:
    assert_clean(site, text, TARGETS[3])


def test_html_after_an_unterminated_comment_is_not_read() -> None:
    """As in HTML5 (and Python 3.13.4's parser); 50,000 unclosed comments were quadratic."""
    from postlint.core.html import html_ids

    assert html_ids('<p id="a"></p><!-- x -> <p id="b">') == {"a"}
    start = time.perf_counter()
    html_ids("<!-- " * 50_000)
    assert time.perf_counter() - start < 2


def test_headings_in_markdown_between_html_blocks(tmp_path: Path) -> None:
    """500 one-line HTML elements each followed by Markdown exhausted the recursion."""
    from postlint.api import load_config
    from postlint.core.document import Post
    from postlint.jekyll import heading_ids, site_config_from_mapping

    (tmp_path / "postlint.toml").write_text('preset = "eig"\n', encoding="utf-8")
    post = tmp_path / "_posts" / "2020-01-01-a.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: a\n---\n<hr>\n### Premier\n\n" + "<div></div>\nx\n" * 2000, encoding="utf-8")
    config = load_config(tmp_path)
    start = time.perf_counter()
    ids = heading_ids(Post.load(post).tokens, site_config_from_mapping({}))
    assert ids[:1] == ["premier"] and time.perf_counter() - start < 5


# -- inputs saved by the fuzzer ---------------------------------------------------------------


def _saved() -> list[Path]:
    return sorted(REGRESSIONS.glob("*.md"))


@pytest.mark.parametrize("path", _saved(), ids=lambda p: p.name)
def test_saved_regression_inputs_pass(site: FuzzSite, path: Path) -> None:
    note = path.with_suffix(".txt")
    relpath = TARGETS[0]
    if note.exists():
        for line in note.read_text(encoding="utf-8").splitlines():
            if line.startswith("checked as: "):
                relpath = line.split(": ", 1)[1].split(" ")[0]
    start = time.perf_counter()
    outcome = check(site, path.read_bytes(), relpath)
    assert outcome.failures == [], f"{path.name}: {outcome.failures}"
    assert time.perf_counter() - start < 10


# -- found by the 10-minute run of the robustness branch -------------------------------------


def test_a_tag_string_naming_a_tag_twice_is_fixed_in_one_pass(site: FuzzSite) -> None:
    """``tags: design design`` became a list with ``design`` twice, which the
    next --fix pass shortened (PL304): the list fix now writes each tag once."""
    assert_clean(site, "---\ntags: design design\n---")


def test_many_fixes_in_one_file_are_planned_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """6,592 fixes in one 100 kB post took 3 s to plan: each was compared
    with every fix accepted before it (43 million comparisons)."""
    from postlint.core.diagnostics import Edit, Fix
    from postlint.fix import edits

    calls = 0
    real = edits._conflict

    def counted(a: Edit, b: Edit) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(edits, "_conflict", counted)
    text = "a : b " * 5000
    fixes = [Fix((Edit(i * 6 + 1, i * 6 + 2, "\u00a0"),)) for i in range(5000)]
    fixes.append(Fix((Edit(7, 8, "x"),)))  # overlaps an accepted one: still found
    chosen = edits.plan(text, fixes, unsafe=False)
    assert len(chosen.accepted) == 5000 and [s.reason for s in chosen.skipped] == ["overlap"]
    assert calls < 10 * len(fixes)


def test_thousands_of_nested_list_markers_on_a_line_are_linear(site: FuzzSite) -> None:
    """``- - - - ... text`` (3,000 markers, so 3,000 open items) on a few
    lines: each line walked every open item (2.4 s for 18 kB; 6,000
    markers: 8.6 s). Items between two quotes now count as one step."""
    line = " " + "- " * 6000 + 'mott "Our code").'
    text = f"  - outil\n  - open\ncategories: [blog]\n{line}\n\n" * 3
    start = time.perf_counter()
    outcome = check(site, text.encode("utf-8"), TARGETS[0], fix=False)
    assert time.perf_counter() - start < 5
    assert outcome.failures == []


def test_thousands_of_nested_ordered_list_markers_do_not_hang(site: FuzzSite) -> None:
    """``1.  1.  1.  ... text``: 25,000 open items, no answer after 30 s
    (the same walk over every open item, per item)."""
    text = "---\ntitle: A\n---\n" + "1.  " * 25_000 + "We worked with 12 administrations.\n"
    start = time.perf_counter()
    found = lint(site, text, TARGETS[1])
    assert time.perf_counter() - start < 5
    assert "PL018" not in codes(found) and "PL099" not in codes(found)


@pytest.mark.parametrize("text, where", [
    ("{% raw %}{{\r}}[](g)", (2, 6)),  # a raw block's Liquid blanked: its lone \r was blanked too
    ("{% comment %}a\rb{% endcomment %}\r[x](/nulle.html)\r", (3, 5)),
])
def test_a_lone_carriage_return_inside_blanked_liquid_stays_a_line_break(site: FuzzSite, text: str,
                                                                         where: tuple[int, int]) -> None:
    found = lint(site, text, TARGETS[3])
    assert at(found, "PL203") == where
    assert_clean(site, text, TARGETS[3])


def test_a_tag_yaml_would_read_as_an_impossible_timestamp_is_quoted_by_the_fix(site: FuzzSite) -> None:
    """``tags: 2020-1-1T0:00:00+24:00``: the list fix asked PyYAML whether the
    tag reads back as itself, and PyYAML raised ValueError (PL099 in PL305)."""
    text = "---\ntags: 2020-1-1T0:00:00+24:00\n---"
    assert "PL099" not in codes(lint(site, text))
    assert_clean(site, text)


def test_a_link_title_left_open_over_thousands_of_lines_is_linear(site: FuzzSite) -> None:
    """``[GitHub](https://x "Our code`` then 75,000 short lines: 15.7 s,
    pulldown-cmark rescanning the paragraph at every line; such paragraphs
    are parsed by markdown-it (linear) instead."""
    text = post(body='[GitHub](https://github.com/example/project "Our cod\u00df\n' + "\u00df\n" * 75_000)
    start = time.perf_counter()
    outcome = check(site, text.encode("utf-8"), TARGETS[1], fix=False)
    assert time.perf_counter() - start < 5
    assert outcome.failures == []


def test_a_fix_that_repairs_loading_leaves_the_next_round_to_the_rules_it_lets_run(site: FuzzSite) -> None:
    """The title ``2020-1-1T0:00:00+24`` (an impossible date, so the file does
    not load cleanly) is quoted by the mark-filled fix; only then do the
    typography rules, which wait for a clean file, see ``d:``. --fix runs
    them in its next round: not a second pass over the same findings."""
    import io

    from postlint.api import check as api_check
    from postlint.engine.run import Run
    from postlint.fix.apply import run_fixes

    text = "---\ntitle: 2020-1-1T0:00:00+24\n---\nd:\n# Offre d'emploi"
    assert_clean(site, text)
    path = site.put(TARGETS[0], text.encode())
    with Run(site.config) as run:
        result = api_check(run, [path])
        result, _ = run_fixes(run, result, fix=True, diff=False, unsafe=True, out=io.StringIO())
    assert "d\u00a0:" in path.read_text() and not [d for d in result.diagnostics if d.path == TARGETS[0] and d.fix]


@pytest.mark.parametrize("unit", ["{", "{{", "<", "](", "{%"])
def test_an_offer_full_of_unclosed_openers_is_checked_whole(site: FuzzSite, unit: str) -> None:
    """The offer-language guess masked Liquid, HTML and link targets with
    lazy scans to the end of the text: 59,000 ``{`` took 10 s, so the rule
    budget stopped the job-offer rules (PL018) and their findings were lost."""
    body = "# Offre d'emploi\n\n## Rejoignez-nous\n\nEnvoyez votre candidature" + unit * (60000 // len(unit)) + "\n"
    text = post(extra="", body=body).replace("title: Un titre", "title: Offre d'emploi")
    found = lint(site, text)
    assert "PL018" not in codes(found) and "PL099" not in codes(found)
    assert "PL406" in codes(found)  # an old offer with no deadline: the job rules ran to the end
