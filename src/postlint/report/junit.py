"""JUnit XML: checked files as test cases, for CI test-report widgets.

One ``<testcase>`` per file; a file with errors or warnings fails with a
single ``<failure>`` listing all its findings. GitLab's test report and
Jenkins' JUnit plugin show one failure per test case (a second one is
dropped or merged), so one per file is the shape they display in full.
Info findings do not fail a file; they go to its ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from postlint.core.diagnostics import Diagnostic, Severity
from postlint.report import Report

SUITE_NAME = "postlint"
# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_FAILING = (Severity.ERROR, Severity.WARNING)


def xml_text(text: str) -> str:
    """Text safe for XML 1.0: forbidden characters become U+FFFD."""
    return _INVALID_XML.sub("\ufffd", text)


def _finding_line(diagnostic: Diagnostic) -> str:
    return (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.severity.value} {diagnostic.code} {diagnostic.name}: {diagnostic.message}"
    )


def _summary(findings: Sequence[Diagnostic]) -> str:
    # Widgets show this one line first; keep it free of English words since
    # the messages themselves are in the editors' language.
    first = findings[0]
    more = f" (+{len(findings) - 1})" if len(findings) > 1 else ""
    return f"{first.line}:{first.column} {first.code} {first.message}{more}"


def _testcase(path: str, findings: Sequence[Diagnostic]) -> tuple[ET.Element, bool]:
    case = ET.Element("testcase", {"classname": SUITE_NAME, "name": xml_text(path), "file": xml_text(path), "time": "0"})
    failing = [d for d in findings if d.severity in _FAILING]
    if failing:
        worst = "error" if any(d.severity is Severity.ERROR for d in failing) else "warning"
        failure = ET.SubElement(case, "failure", {"message": xml_text(_summary(failing)), "type": worst})
        failure.text = xml_text("\n".join(_finding_line(d) for d in failing))
    infos = [d for d in findings if d.severity not in _FAILING]
    if infos:
        ET.SubElement(case, "system-out").text = xml_text("\n".join(_finding_line(d) for d in infos))
    return case, bool(failing)


def build(diagnostics: Sequence[Diagnostic], files_checked: Sequence[str] = (), tool_version: str = "") -> ET.Element:
    by_path: dict[str, list[Diagnostic]] = {path: [] for path in files_checked}
    # Findings on files outside files_checked (repo-wide checks on data files)
    # still get a test case: a report must not hide a failure.
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    cases = [_testcase(path, by_path[path]) for path in sorted(by_path)]
    failures = sum(failed for _, failed in cases)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0", "time": "0"}
    suites = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE_NAME, **counts})
    if tool_version:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "postlint.version", "value": xml_text(tool_version)})
    suite.extend(case for case, _ in cases)
    return suites


def render(report: Report) -> str:
    diagnostics, tool_version, files_checked = report.diagnostics, report.version, report.files
    root = build(diagnostics, files_checked, tool_version)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
