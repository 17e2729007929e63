"""A site in a subfolder of its git repository: machine formats name files from the repository's top."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from postlint.cli import main


@pytest.fixture()
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    site = tmp_path / "web"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (site / "_posts" / "2024-01-01-a.md").write_text("---\ntitle: A\n---\n[x](/nowhere/)\n", encoding="utf-8")
    monkeypatch.chdir(site)
    return site


@pytest.mark.parametrize(("fmt", "where"), [
    ("json", lambda out: json.loads(out)[0]["path"]),
    ("gitlab", lambda out: json.loads(out)[0]["location"]["path"]),
    ("sarif", lambda out: json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
     ["artifactLocation"]["uri"]),
    ("github", lambda out: out.split("file=")[1].split(",")[0]),
    ("junit", lambda out: out.split('file="')[1].split('"')[0]),
])
def test_machine_formats_name_files_from_the_repository_top(web: Path, fmt: str, where: object,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--preset", "jekyll", "--format", fmt]) == 1
    assert where(capsys.readouterr().out) == "web/_posts/2024-01-01-a.md"  # type: ignore[operator]


def test_text_names_files_from_the_current_folder(web: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--preset", "jekyll"]) == 1
    assert capsys.readouterr().out.startswith("_posts/2024-01-01-a.md:4:5: PL203")


def test_text_from_the_repository_top_names_the_subfolder(web: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(web.parent)
    assert main(["check", "--no-cache", "--preset", "jekyll", "web"]) == 1
    assert capsys.readouterr().out.startswith("web/_posts/2024-01-01-a.md:4:5: PL203")
