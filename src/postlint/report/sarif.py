"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run, whose driver lists every rule of the run (not only those that
fired), so a viewer can show a rule's help next to any result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from postlint.core.diagnostics import Diagnostic, Fix, Severity
from postlint.report import Report
from postlint.rules.base import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://postlint.readthedocs.io/"
#: a rule's documentation page is ``RULES_DOC_BASE + code + "/"``.
RULES_DOC_BASE = "https://postlint.readthedocs.io/en/latest/rules/"
#: results' paths are relative to the repository root, which SARIF names so.
SRCROOT = "%SRCROOT%"

_LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def rule_help_uri(code: str) -> str:
    return f"{RULES_DOC_BASE}{code}/"


def first_paragraph(text: str) -> str:
    """The first paragraph of a docstring, its wrapped lines joined."""
    head = _PARAGRAPH_BREAK.split(text.strip(), maxsplit=1)[0]
    return " ".join(line.strip() for line in head.splitlines() if line.strip())


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    explanation = rule.explanation.strip() or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph(explanation) or rule.summary},
        "help": {"text": explanation, "markdown": explanation},
        "helpUri": rule_help_uri(rule.code),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def _unknown_rule_descriptor(diagnostic: Diagnostic) -> dict[str, Any]:
    # A finding whose rule the caller did not pass (e.g. an internal parse
    # error) still needs a descriptor for ruleIndex to point at.
    return {
        "id": diagnostic.code,
        "name": diagnostic.name,
        "shortDescription": {"text": diagnostic.name or diagnostic.code},
        "helpUri": rule_help_uri(diagnostic.code),
        "defaultConfiguration": {"level": _LEVELS[diagnostic.severity]},
    }


def artifact_uri(path: str) -> str:
    """A relative URI reference for a repo path (accents and spaces escaped)."""
    return quote(path, safe="/")


def _region(diagnostic: Diagnostic) -> dict[str, int]:
    region = {"startLine": max(1, diagnostic.line), "startColumn": max(1, diagnostic.column)}
    if diagnostic.end_line is not None:
        region["endLine"] = max(region["startLine"], diagnostic.end_line)
    end_column = diagnostic.end_column
    one_line = region.get("endLine", region["startLine"]) == region["startLine"]
    # An end before the start on the same line is a bug upstream: drop it
    # rather than emit a region viewers reject.
    if end_column is not None and end_column >= (region["startColumn"] if one_line else 1):
        region["endColumn"] = end_column
    return region


def _location(path: str) -> dict[str, str]:
    return {"uri": artifact_uri(path), "uriBaseId": SRCROOT}


def _fix(fix: Fix, path: str) -> dict[str, Any]:
    # Edits are offsets into the decoded text, which SARIF expresses as
    # charOffset/charLength (counted in code points: see columnKind).
    replacements = [
        {
            "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
            "insertedContent": {"text": edit.replacement},
        }
        for edit in fix.edits
    ]
    result: dict[str, Any] = {
        "artifactChanges": [{"artifactLocation": _location(path), "replacements": replacements}],
    }
    if fix.description:
        result["description"] = {"text": fix.description}
    return result


def _result(diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _location(diagnostic.path),
                    "region": _region(diagnostic),
                }
            }
        ],
    }
    if diagnostic.fix is not None and diagnostic.fix.edits:
        result["fixes"] = [_fix(diagnostic.fix, diagnostic.path)]
    return result


def build(
    diagnostics: Sequence[Diagnostic],
    rules: Mapping[str, Rule],
    *,
    tool_version: str,
    files_checked: Sequence[str] = (),
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    descriptors = [_rule_descriptor(rules[code]) for code in sorted(rules)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        if diagnostic.code not in index:
            index[diagnostic.code] = len(descriptors)
            descriptors.append(_unknown_rule_descriptor(diagnostic))
        results.append(_result(diagnostic, index[diagnostic.code]))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "postlint",
                "version": tool_version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        # postlint counts columns in characters (code points), not in the
        # UTF-16 units SARIF assumes by default: accents and emoji matter here.
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if files_checked:
        run["artifacts"] = [{"location": _location(path)} for path in files_checked]
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report) -> str:
    diagnostics, rules, tool_version, files_checked = report.diagnostics, report.rules, report.version, report.files
    log = build(diagnostics, rules, tool_version=tool_version, files_checked=files_checked)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
