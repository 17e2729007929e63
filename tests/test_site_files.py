"""Which files a run checks: Jekyll's own set (collections under
``collections_dir``, ``include:``/``exclude:``, pages in Markdown and HTML),
never a silent pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from founding_helpers import titled_post, write
from postlint.cli import main

CONFIG = """\
collections_dir: content
include: [_pages]
exclude: [notes/, README.md]
collections:
  jobs:
    output: true
    permalink: /jobs/:name/
  people:
    output: false
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write(tmp_path, {
        "_config.yml": CONFIG,
        "postlint.toml": 'preset = "jekyll"\n',
        "README.md": "# The site\n\n[broken](/nowhere.html)\n",
        "CONTRIBUTING.md": "[also broken](/nowhere.html)\n",  # no front matter: copied as it is
        "notes/todo.md": titled_post("[broken](/nowhere.html)\n"),  # excluded
        "_includes/card.md": "[template](/nowhere.html)\n",
        "_pages/about.md": titled_post("[a job](/jobs/data-lead/)\n"),
        "index.html": "---\ntitle: Home\n---\n<a href=\"/jobs/data-lead/\">Jobs</a> <a href=\"/missing.html\">x</a>\n",
        "content/_jobs/data-lead.md": titled_post("[home](/)\n"),
        "content/_jobs/old.md": "---\ntitle: Old\npublished: false\n---\n[broken](/nowhere.html)\n",
        "content/_people/ada.md": titled_post("Ada.\n"),
        "content/_posts/2024-03-01-hello.md": titled_post("[about](/_pages/about.html)\n"),
        "content/_posts/2024-03-02-news.md": titled_post("[about](/about.html)\n"),
        "content/_drafts/soon.md": titled_post("[broken](/nowhere.html)\n"),
        "_drafts/elsewhere.md": titled_post("[broken](/nowhere.html)\n"),  # outside collections_dir: never read
    })
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: Path, *args: str
        ) -> tuple[int, str, str]:
    monkeypatch.chdir(where)
    code = main(["check", "--no-cache", "--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_bare_check_covers_the_site_as_jekyll_reads_it(site: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, site)
    findings = [line.split(": ")[0].rsplit(":", 2)[0] for line in out.splitlines() if " PL2" in line]
    # the HTML page's broken link, and the post linking to the _pages source path (published at /about.html)
    # (an included _pages/ folder keeps its name in the URL: /_pages/about.html)
    assert sorted(findings) == ["content/_posts/2024-03-02-news.md", "index.html"]
    assert code == 1
    assert "(6 files checked)" in out
    assert "Checked 2 posts, 2 collection items, 2 pages." in out
    assert "2 files Jekyll does not publish" in out  # the draft and the unpublished job


def test_a_collection_folder_given_on_the_command_line_is_checked(site: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, site, "content/_jobs")
    assert code == 0
    assert "All good: no problems in 1 file." in out
    assert "1 file Jekyll does not publish" in out


def test_an_unpublished_file_named_on_the_command_line_is_checked(site: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, site, "content/_jobs/old.md", "content/_drafts/soon.md",
                       "_drafts/elsewhere.md")
    assert code == 1
    assert out.count(" PL203 ") == 2
    assert "_drafts/elsewhere.md: skipped, not a page Jekyll renders (outside-collections-dir)" in out


def test_files_that_are_not_content_are_skipped_with_a_note_and_pass(site: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # what pre-commit passes when a commit touches only such files
    code, out, err = run(capsys, monkeypatch, site, "README.md", "CONTRIBUTING.md", "notes/todo.md",
                         "_includes/card.md")
    assert code == 0 and err == ""
    assert "README.md: skipped, not a page Jekyll renders (excluded)" in out
    assert "CONTRIBUTING.md: skipped, not a page Jekyll renders (no front matter: Jekyll copies it as it is)" in out
    assert "notes/todo.md: skipped" in out and "_includes/card.md: skipped" in out


def test_a_whole_site_run_that_checks_nothing_exits_2_with_a_hint(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"_config.yml": "collections_dir: content\n", "README.md": "# Hi\n",
                     "content/_post/2024-01-01-a.md": titled_post("x\n")})  # _post, not _posts: never read
    code, out, err = run(capsys, monkeypatch, tmp_path)
    assert code == 2
    assert "no page, post or collection item to check" in err and "content/_posts" in err
    code, _, err = run(capsys, monkeypatch, tmp_path, "content")
    assert code == 2 and "no page, post or collection item" in err


def test_a_folder_without_a_site_says_where_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    code, _, err = run(capsys, monkeypatch, tmp_path)
    assert code == 2 and "no _config.yml there" in err


def test_a_pattern_of_the_configuration_that_matches_nothing_is_said(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {
        "_config.yml": "title: x\n",
        "postlint.toml": '[[files]]\ninclude = ["_post/*.md"]\nschema = "post"\n',
        "_posts/2024-01-01-a.md": titled_post("x\n"),
    })
    code, out, _ = run(capsys, monkeypatch, tmp_path)
    assert "postlint.toml:2:1: PL016 [[files]] include (schema post) '_post/*.md' matches no file" in out
    assert code == 0  # a warning
