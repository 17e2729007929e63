"""The library API: lint_paths, lint_text, a broken rule, odd paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from founding_helpers import VALID_POST, found, lint, make_site, post_with
from postlint.api import lint_paths, lint_text, load_config
from postlint.core.diagnostics import Diagnostic
from postlint.rules import registry
from postlint.rules.base import PostContext, rule

P = "_posts/"


@rule("PL998", "always-broken", "A rule that fails (test only).", messages={"default": "never"})
def _broken(post: object, ctx: PostContext) -> Iterator[Diagnostic]:
    raise ZeroDivisionError("on purpose")


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry().rules, "PL998", _broken)


def test_a_failing_rule_becomes_pl099_and_others_still_run(tmp_path: Path, broken_rule: None) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": post_with(author=None)})
    result = lint(site)
    assert found(result) == [(P + "2024-01-01-a.md", 1, 1, "PL099"), (P + "2024-01-01-a.md", 1, 1, "PL101")]
    message = result.diagnostics[0].render("en")  # the eig preset speaks French
    assert "rule PL998 always-broken failed" in message and "ZeroDivisionError: on purpose" in message
    assert result.exit_code == 1


def test_pl099_cannot_be_suppressed_inline_but_can_be_ignored(tmp_path: Path, broken_rule: None) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST + "<!-- postlint-disable-file -->\n"})
    assert [d.code for d in lint(site).diagnostics] == ["PL099"]
    assert lint_paths([site], overrides={"ignore": ["PL998"]}).diagnostics == []


def test_lint_paths_result(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST, P + "2024-01-02-b.md": post_with(layout="page"),
                                         "_includes/x.md": "not content", "_site/y.md": "built"})
    result = lint(site)
    assert result.files == [P + "2024-01-01-a.md", P + "2024-01-02-b.md"]
    assert found(result) == [(P + "2024-01-02-b.md", 2, 9, "PL102")]
    assert result.exit_code == 1 and result.config.root == site.resolve()


def test_lint_text_uses_the_repo(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {})
    config = load_config(site)
    assert lint_text(VALID_POST, P + "2024-01-01-a.md", config=config) == []
    [diag] = lint_text(post_with(image="/img/blog/ATELIER.png"), P + "2024-01-01-a.md", config=config)
    assert (diag.code, diag.line, diag.column) == ("PL202", 6, 8)


def test_excluded_files_are_not_linted(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": post_with(layout="page")},
                     config='preset = "eig"\nexclude = ["_posts"]\n')
    assert lint(site).files == []
    assert lint(site, P + "2024-01-01-a.md").files == []


def test_a_path_outside_the_repo_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST})
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "note.md").write_text("---\ntitle: a\ntitle: b\n---\n", encoding="utf-8")
    # a file with the same relative name inside the site must not be read instead
    (site / "ailleurs").mkdir()
    (site / "ailleurs" / "note.md").write_text("---\ntitle: ok\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = lint_paths([Path("site") / P / "2024-01-01-a.md", Path("ailleurs/note.md")])
    assert [(d.line, d.code) for d in result.diagnostics] == [(3, "PL010")]
    assert result.diagnostics[0].path.endswith("ailleurs/note.md")
    folder = lint_paths([Path("site") / P / "2024-01-01-a.md", Path("ailleurs")])
    assert [(d.line, d.code) for d in folder.diagnostics] == [(3, "PL010")]
