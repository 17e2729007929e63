"""The command line, run for real in a subprocess (and main() in-process)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from founding_helpers import VALID_POST, make_site, post_with, run_cli
from postlint import __version__
from postlint.cli import main
from postlint.report.text import use_colour

P = "_posts/"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        P + "2024-01-01-ok.md": VALID_POST,
        P + "2024-01-02-arobase.md": post_with(twitter='"@camille"'),
        P + "2024-01-03-casse.md": post_with(image="/img/blog/Atelier.png"),
    })


def test_text_format_lines_and_summary(site: Path) -> None:
    proc = run_cli("check", cwd=site)
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout.splitlines() == [
        "_posts/2024-01-02-arobase.md:7:10: PL102 `twitter` should be the bare handle without @: write camille",
        "_posts/2024-01-03-casse.md:6:8: PL202 `image` points to /img/blog/Atelier.png, but the file is "
        "/img/blog/atelier.png: letter case differs (works on a Mac, 404 on the server) [*]",
        "Found 2 errors, 0 warnings in 2 files (3 files checked). 1 fixable with --fix.",
    ]
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour


def test_exit_0_when_all_is_well(site: Path) -> None:
    proc = run_cli("check", P + "2024-01-01-ok.md", cwd=site)
    assert (proc.returncode, proc.stdout) == (0, "All good: no problems in 1 file.\n")
    quiet = run_cli("check", "-q", P + "2024-01-01-ok.md", cwd=site)
    assert (quiet.returncode, quiet.stdout) == (0, "")


def test_json_format(site: Path) -> None:
    proc = run_cli("check", "--format", "json", cwd=site)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [list(d) for d in data] == [
        ["path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "fix"]
    ] * 2
    first, second = data
    assert (first["path"], first["line"], first["column"], first["code"], first["name"], first["severity"]) == (
        "_posts/2024-01-02-arobase.md", 7, 10, "PL102", "invalid-value", "error")
    assert first["fix"] is None and first["end_line"] == 7
    assert second["fix"]["safe"] is True and second["fix"]["edits"][0]["replacement"] == "/img/blog/atelier.png"


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())


def test_pre_commit_style_file_names_use_the_whole_repo(site: Path) -> None:
    # the image is not passed, yet its real letter case is known
    proc = run_cli("check", P + "2024-01-03-casse.md", cwd=site)
    assert proc.returncode == 1
    assert proc.stdout.startswith("_posts/2024-01-03-casse.md:6:8: PL202 ")
    assert "(1 file checked)" in proc.stdout


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["--select", "PL2"], {"PL202"}),
        (["--select", "invalid-value"], {"PL102"}),
        (["--ignore", "PL102,case-mismatched-asset"], set()),
        (["--ignore", "PL1"], {"PL202"}),
    ],
)
def test_select_and_ignore_on_the_command_line(site: Path, args: list[str], codes: set[str]) -> None:
    proc = run_cli("check", "--format", "json", *args, cwd=site)
    assert {d["code"] for d in json.loads(proc.stdout)} == codes
    assert proc.returncode == (1 if codes else 0)


def test_config_error_exits_2_with_one_line(site: Path) -> None:
    (site / "postlint.toml").write_text('preset = "eig"\nselct = ["PL1"]\n')
    proc = run_cli("check", cwd=site)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "postlint.toml: unknown key 'selct' (did you mean 'select'?)" in proc.stderr


def test_invalid_toml_exits_2(site: Path) -> None:
    (site / "postlint.toml").write_text("select = [\n")
    proc = run_cli("check", cwd=site)
    assert proc.returncode == 2 and "invalid TOML" in proc.stderr and "Traceback" not in proc.stderr


def test_version_and_no_command() -> None:
    proc = run_cli("--version", cwd=Path.cwd())
    assert (proc.returncode, proc.stdout.strip()) == (0, f"postlint {__version__}")
    assert run_cli(cwd=Path.cwd()).returncode == 2


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("PL001  unreadable-file")
    assert "PL106  short-year-file-name" in out and "opt-in" in out
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"code": "PL202", "name": "case-mismatched-asset"}.items() <= next(r for r in data if r["code"] == "PL202").items()


def test_rule_explains_by_code_or_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "pl007"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PL007 invalid-yaml (error)") and "## Fix" in out
    assert main(["rule", "duplicate-key"]) == 0
    assert capsys.readouterr().out.startswith("PL010 duplicate-key")


def test_unknown_rule_exits_2_with_a_guess() -> None:
    proc = run_cli("rule", "PL1O1", cwd=Path.cwd())
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "unknown rule 'PL1O1'; did you mean PL101?" in proc.stderr
    proc = run_cli("rule", "invalid-yml", cwd=Path.cwd())
    assert "did you mean invalid-yaml?" in proc.stderr


def test_internal_errors_never_show_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Path) -> None:
    import postlint.api

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(postlint.api, "check", boom)
    assert main(["check", "--lang", "en", str(site)]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err and "Traceback" not in err
