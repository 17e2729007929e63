"""The language server's workspace (no protocol): a buffer is linted as
``lint_text`` lints it, on a site model kept across edits and updated for
the edited file only."""

from __future__ import annotations

from pathlib import Path

import pytest

from founding_helpers import VALID_POST, make_site, post_with
from postlint.api import lint_text, load_config
from postlint.lsp.workspace import Workspace

A = "_posts/2024-01-01-a.md"
B = "_posts/2024-01-02-b.md"
LINK_TO_B = VALID_POST + "\nVoir [b](/nouvelle-adresse/).\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {A: LINK_TO_B, B: VALID_POST, "about.md": "---\ntitle: À propos\n---\nBonjour.\n"})


def _codes(found: list) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in found]


@pytest.mark.parametrize("text", [
    VALID_POST,
    post_with(image="/img/blog/ATELIER.png"),
    post_with(tags="[design, design]") + "\nUn [lien](/ABOUT.html).\n",
    "---\ntitle: [unclosed\n---\nTexte.\n",
    post_with(author=None) + "<!-- postlint-disable-next-line PL204 -->\n[x](/ABOUT.html)\n",
])
def test_a_change_finds_what_lint_text_finds(site: Path, text: str) -> None:
    ws = Workspace(load_config(site), cache=False)
    try:
        ws.open(A, LINK_TO_B)
        assert _codes(ws.change(A, text)) == _codes(lint_text(text, A, config=load_config(site)))
    finally:
        ws.close()


def test_front_matter_edits_move_the_page_without_rebuilding_the_site(site: Path) -> None:
    ws = Workspace(load_config(site), cache=False)
    try:
        assert [d.code for d in ws.open(A, LINK_TO_B)[A]] == ["PL203"]  # nothing at /nouvelle-adresse/ yet
        ws.open(B, VALID_POST)
        sitemap = ws.run.site.sitemap
        ws.change(B, VALID_POST.replace("layout: post", "layout: post\npermalink: /nouvelle-adresse/"))
        assert ws.run.site.sitemap is sitemap  # the same model, one entry changed
        assert ws.run.site.sitemap.lookup("/nouvelle-adresse/").source == B
        assert ws.change(A, LINK_TO_B) == []
        ws.closed(B)  # the disk stands for B again: the link is broken again
        assert [d.code for d in ws.change(A, LINK_TO_B)] == ["PL203"]
    finally:
        ws.close()


def test_an_unsaved_new_file_joins_the_site_and_leaves_it_when_closed(site: Path) -> None:
    ws = Workspace(load_config(site), cache=False)
    new = "_posts/2024-02-01-nouveau.md"
    try:
        ws.open(A, LINK_TO_B.replace("/nouvelle-adresse/", "/2024/02/01/nouveau.html"))
        assert [d.code for d in ws.diagnostics(A)] == ["PL203"]
        ws.open(new, VALID_POST)
        assert ws.lintable(new) and new in ws.run.site.files
        assert ws.change(A, ws.buffers[A].text) == []
        ws.closed(new)
        assert new not in ws.run.site.files
        assert [d.code for d in ws.change(A, ws.buffers[A].text)] == ["PL203"]
    finally:
        ws.close()


def test_repo_wide_findings_are_kept_while_typing_and_refreshed_on_save(site: Path) -> None:
    (site / "tag").mkdir()
    (site / "tag" / "design.md").write_text("---\ntitle: Design\ntag: design\n---\n", encoding="utf-8")
    ws = Workspace(load_config(site), cache=False)
    try:
        first = ws.open(A, VALID_POST)[A]
        repo = [d for d in first if d.code in ws.repo_codes]
        assert [d.code for d in repo] == ["PL310"]  # méthode has no tag page: a repo-wide finding
        assert [d for d in ws.change(A, VALID_POST + "Encore.\n") if d.code in ws.repo_codes] == repo
        without = VALID_POST.replace("  - méthode\n", "")
        (site / A).write_text(without, encoding="utf-8")
        assert [d.code for d in ws.save(A, without)[A] if d.code in ws.repo_codes] == []
    finally:
        ws.close()


def test_positions_count_the_editors_units() -> None:
    from postlint.lsp.positions import Lines

    text = "\ufeff---\r\ntitle: 🎉 x\r\n---\r\nb\n"
    lines = Lines(text)  # UTF-16, the protocol's default
    assert lines.lint_text == text[1:]
    # line 2 of postlint is line 1 of the editor; the emoji is one column, two units
    assert [lines.from_line_column(2, c) for c in (1, 8, 9, 10)] == [(1, 0), (1, 7), (1, 9), (1, 10)]
    # the BOM is not in postlint's text, but it is in the editor's first line
    assert lines.from_line_column(1, 1) == (0, 1)
    offset = lines.lint_text.index("x")
    assert lines.from_lint_offset(offset) == (1, 10) and lines.to_lint_offset(1, 10) == offset
    assert Lines(text, "utf-8").from_lint_offset(offset) == (1, 12)
    assert Lines(text, "utf-32").from_lint_offset(offset) == (1, 9)
    assert lines.from_lint_offset(lines.lint_text.index("b")) == (3, 0)
