"""Inline suppression comments and per-file ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

from founding_helpers import found, lint, make_site
from postlint.core.diagnostics import Diagnostic, Severity
from postlint.core.document import Post
from postlint.core.suppress import is_suppressed


def diag(line: int, code: str = "PL102", name: str = "invalid-value") -> Diagnostic:
    return Diagnostic("a.md", line, 1, code, name, Severity.ERROR, "default")


def suppressed(body: str, line: int, code: str = "PL102", name: str = "invalid-value") -> bool:
    return is_suppressed(Post.from_text(body).suppressions, diag(line, code, name))


BODY = "l1\n<!-- postlint-disable PL102 -->\nl3\n<!-- postlint-enable PL102 -->\nl5\n"


@pytest.mark.parametrize(("line", "expected"), [(1, False), (3, True), (5, False)])
def test_disable_enable_region(line: int, expected: bool) -> None:
    assert suppressed(BODY, line) is expected


def test_region_applies_to_named_codes_only() -> None:
    assert not suppressed(BODY, 3, "PL101", "missing-key")


def test_disable_without_codes_until_the_end() -> None:
    body = "l1\n<!-- postlint-disable -->\nl3\n"
    assert suppressed(body, 3, "PL201", "missing-asset") and not suppressed(body, 1)


def test_enable_without_codes_ends_a_coded_region() -> None:
    assert not suppressed("<!-- postlint-disable PL1 -->\n<!-- postlint-enable -->\nl3\n", 3)


def test_disable_next_line() -> None:
    body = "l1\n<!-- postlint-disable-next-line invalid-value -->\nl3\nl4\n"
    assert suppressed(body, 3) and not suppressed(body, 4)
    assert not suppressed(body, 3, "PL101", "missing-key")


def test_disable_file_with_prefix_and_without_codes() -> None:
    assert suppressed("l1\nl2\n<!-- postlint-disable-file PL1 -->\n", 1)
    assert not suppressed("<!-- postlint-disable-file PL2 -->\n", 1)
    assert suppressed("l1\n<!-- postlint-disable-file -->\n", 1, "PL201", "missing-asset")


def test_lower_case_codes_and_commas() -> None:
    assert suppressed("<!-- postlint-disable-file pl101,PL102 -->\n", 1)


def test_a_single_letter_does_not_silence_everything() -> None:
    assert not suppressed("<!-- postlint-disable-file P -->\n", 1)


def test_suppression_end_to_end(tmp_path: Path) -> None:
    bad = "---\nlayout: post\ntitle: t\nauthor: a\ndescription: d\nimage: /img/blog/atelier.png\ntwitter: '@x'\ntags: [design]\n---\n"
    site = make_site(tmp_path / "site", {
        "_posts/2024-01-01-a.md": bad + "<!-- postlint-disable-file invalid-value -->\n",
        "_posts/2024-01-02-b.md": bad,
        "_posts/18-01-01-c.md": bad,
    }, config='preset = "eig"\n[per-file-ignores]\n"_posts/18-*.md" = ["PL1"]\n')
    assert found(lint(site)) == [("_posts/2024-01-02-b.md", 7, 10, "PL102")]


def test_disable_next_line_written_over_several_lines() -> None:
    body = "<!--\n  postlint-disable-next-line PL102\n-->\nl4\n"
    assert suppressed(body, 4) and not suppressed(body, 2)
