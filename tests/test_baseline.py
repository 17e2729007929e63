"""--baseline / --update-baseline: adopting postlint on a site with old findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postlint.cli import main

POST = "---\ntitle: {title}\n---\n{body}\n"


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    _write(root, "_config.yml", "title: t\n")
    _write(root, "postlint.toml", 'preset = "jekyll"\n')
    _write(root, "_posts/2024-01-01-old.md", POST.format(title="Old", body="See [this](/nowhere/) and [that](/gone/)."))
    _write(root, "_posts/2024-01-02-fine.md", POST.format(title="Fine", body="Text."))
    monkeypatch.chdir(root)
    return root


def _codes(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[dict[str, object]]]:
    status = main(["check", "--no-cache", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


def test_update_then_check_hides_old_findings(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, before = _codes(capsys, [])
    assert status == 1 and len(before) == 2
    assert main(["check", "--no-cache", "--baseline", "baseline.json", "--update-baseline"]) == 0
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["findings"]] == ["_posts/2024-01-01-old.md"] * 2
    assert all("line" not in e for e in data["findings"])  # stable under edits above
    capsys.readouterr()
    status, after = _codes(capsys, ["--baseline", "baseline.json"])
    assert (status, after) == (0, [])


def test_edits_elsewhere_keep_the_findings_known_and_new_ones_show(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--no-cache", "--baseline", "baseline.json", "--update-baseline"])
    capsys.readouterr()
    old = site / "_posts/2024-01-01-old.md"
    old.write_text(POST.format(title="Old", body="A new paragraph above.\n\nSee [this](/nowhere/) and [that](/gone/).\n\n"
                                                 "And [a new one](/missing/)."), encoding="utf-8")
    status, found = _codes(capsys, ["--baseline", "baseline.json"])
    assert status == 1
    assert [(d["line"], d["code"]) for d in found] == [(8, "PL203")]
    assert "/missing/" in str(found[0]["message"])


def test_fixed_entries_are_counted_and_update_shrinks_the_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--no-cache", "--baseline", "baseline.json", "--update-baseline"])
    (site / "_posts/2024-01-01-old.md").write_text(POST.format(title="Old", body="See [that](/gone/)."), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--no-cache", "--baseline", "baseline.json"]) == 0
    out = capsys.readouterr().out
    assert "1 finding listed in the baseline was not shown" in out
    assert "1 baseline entry matches nothing any more" in out
    main(["check", "--no-cache", "--baseline", "baseline.json", "--update-baseline"])
    assert len(json.loads((site / "baseline.json").read_text(encoding="utf-8"))["findings"]) == 1


def test_baseline_from_the_config(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "postlint.toml").write_text('preset = "jekyll"\nbaseline = ".postlint-baseline.json"\n', encoding="utf-8")
    assert main(["check", "--no-cache", "--update-baseline"]) == 0
    assert (site / ".postlint-baseline.json").is_file()
    capsys.readouterr()
    assert _codes(capsys, []) == (0, [])


def test_partial_update_keeps_other_files_entries(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--no-cache", "--baseline", "b.json", "--update-baseline"])
    main(["check", "--no-cache", "--baseline", "b.json", "--update-baseline", "_posts/2024-01-02-fine.md"])
    assert len(json.loads((site / "b.json").read_text(encoding="utf-8"))["findings"]) == 2


@pytest.mark.parametrize("content", ["not json", '{"findings": []}', '{"postlint-baseline": 1, "findings": [1]}'])
def test_a_broken_baseline_is_a_clear_error(site: Path, content: str, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "b.json").write_text(content, encoding="utf-8")
    assert main(["check", "--no-cache", "--baseline", "b.json"]) == 2
    err = capsys.readouterr().err
    assert "not a postlint baseline" in err and "--update-baseline" in err and "Traceback" not in err


def test_update_without_a_file_says_how(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--update-baseline"]) == 2
    assert "--baseline FILE" in capsys.readouterr().err


def test_a_config_baseline_outside_the_root_is_refused(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "postlint.toml").write_text('preset = "jekyll"\nbaseline = "../elsewhere.json"\n', encoding="utf-8")
    assert main(["check", "--no-cache"]) == 2
    assert "outside the repository" in capsys.readouterr().err
