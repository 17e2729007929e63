from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from founding_helpers import write as write_files
from postlint.api import config_from_table
from postlint.cli import main
from postlint.commands.tags import build_report, render_json, render_text
from postlint.engine.run import Run

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = Path(os.environ.get("POSTLINT_CORPUS") or SHARED / "corpus" / "eig-site")

CONFIG = """\
[[files]]
include = ["_posts/*.md"]
exclude = ["**/_*.md"]
schema = "post"

[tags]
vocabulary = ["design", "développement", "outil", "international"]
vocabulary-from-pages = false
"""


def write(root: Path, rel: str, text: str) -> None:
    write_files(root, {rel: text})


def tags_post(*tags: str) -> str:
    return "---\ntitle: T\ntags:\n" + "".join(f"- {t}\n" for t in tags) + "---\nTexte.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, "postlint.toml", CONFIG)
    write(tmp_path, "_posts/2024-01-01-a.md", tags_post("design", "développement"))
    write(tmp_path, "_posts/2024-01-02-b.md", tags_post("Design", "outil"))
    write(tmp_path, "_posts/2024-01-03-c.md", tags_post("design", "foo"))
    write(tmp_path, "_posts/_2024-01-04-brouillon.md", tags_post("international"))
    for tag, slug in (("design", "design"), ("développement", "developpement"), ("international", "international")):
        write(tmp_path, f"tag/{slug}.md", f"---\ntag: {tag}\n---\n")
    return tmp_path


def report_for(root: Path):
    import tomllib

    config = config_from_table(tomllib.loads((root / "postlint.toml").read_text()), root)
    with Run(config) as run:
        return build_report(run)


def test_report_counts_posts_pages_and_problems(repo: Path) -> None:
    report = report_for(repo)
    rows = {row.tag: row for row in report.tags}
    assert report.posts == 3  # the draft is not published
    assert [row.tag for row in report.tags][:1] == ["design"]
    assert rows["design"].count == 2 and rows["design"].posts == ["_posts/2024-01-01-a.md", "_posts/2024-01-03-c.md"]
    assert rows["développement"].page == "tag/developpement.md" and rows["développement"].page_exists
    assert rows["outil"].page_exists is False
    assert rows["Design"].allowed is False and rows["Design"].suggestion == "design" and rows["Design"].same_tag
    assert rows["foo"].placeholder
    assert report.variants == [["design", "Design"]]
    assert report.orphan_pages == [{"path": "tag/international.md", "tag": "international"}]
    assert report.unused == ["international"]


def test_json_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["posts"] == 3
    assert data["outside_vocabulary"] == ["Design", "foo"]
    design = next(row for row in data["tags"] if row["tag"] == "design")
    assert design == {
        "tag": "design", "count": 2, "posts": ["_posts/2024-01-01-a.md", "_posts/2024-01-03-c.md"],
        "allowed": True, "placeholder": False, "page": "tag/design.md", "page_exists": True,
        "suggestion": None, "same_tag": False,
    }
    assert data["variants"] == [["design", "Design"]]
    assert data["orphan_pages"] == [{"path": "tag/international.md", "tag": "international"}]


def test_text_report_is_aligned_and_plain_without_tty(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # captured output is not a terminal
    table = [line for line in out.splitlines() if line.startswith("  ") and not line.strip().startswith("·")]
    header = next(line for line in table if "POSTS" in line)
    rows = table[table.index(header) + 1 : table.index(header) + 6]
    # counts right-aligned under POSTS, accented tags padded by displayed width
    assert {line.index("POSTS") if "POSTS" in line else None for line in [header]} == {header.index("POSTS")}
    ends = {len(line.split("  tag/")[0].split("  not allowed")[0].split("  placeholder")[0].split("  no page")[0].rstrip())
            for line in rows}
    assert ends == {header.index("POSTS") + len("POSTS")}
    assert "Spellings of one tag (1):\n  design / Design" in out
    assert "tag/international.md (international)" in out
    assert "outil: tag/outil.md" in out  # allowed, but without a page


def test_colour_only_on_a_tty_and_never_with_no_color(repo: Path) -> None:
    report = report_for(repo)
    assert "\x1b[" in render_text(report, colour=True)
    assert "\x1b[" not in render_text(report, colour=False)
    from postlint.report.text import use_colour

    class Tty:
        def isatty(self) -> bool:
            return True

    os.environ.pop("NO_COLOR", None)
    assert use_colour(Tty())  # type: ignore[arg-type]
    os.environ["NO_COLOR"] = "1"
    try:
        assert not use_colour(Tty())  # type: ignore[arg-type]
    finally:
        del os.environ["NO_COLOR"]


def test_render_json_round_trips(repo: Path) -> None:
    assert json.loads(render_json(report_for(repo)))["unused"] == ["international"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["tags", str(tmp_path / "nowhere")]) == 2


def test_corpus_report() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the corpus (../shared/corpus/eig-site or POSTLINT_CORPUS) is absent")
    from postlint.api import load_config

    config = load_config(CORPUS, preset="eig")
    with Run(config) as run:
        report = build_report(run)
    rows = {row.tag: row for row in report.tags}
    assert report.posts == 61 and len(rows) == 18
    assert (rows["accompagnement"].count, rows["méthode"].count, rows["open"].count) == (34, 28, 17)
    assert [row.tag for row in report.tags if not row.page_exists] == ["interdisciplinarité"]
    assert report.variants == [] and report.outside == [] and report.orphan_pages == [] and report.unused == []
