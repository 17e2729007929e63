"""A baseline: the findings a site already had when it adopted postlint.

``--baseline FILE`` (or ``baseline = "FILE"`` in the config) hides the
findings the file lists, so that CI fails only on new ones;
``--update-baseline`` writes the file from the current findings. Entries
are matched by :mod:`fingerprint <postlint.core.fingerprint>`, so editing
a file elsewhere keeps its old findings known. An entry of a checked file
that matches nothing any more is counted as fixed: update the baseline to
let the file shrink.

The file is JSON, sorted and stable (no line numbers, which would change
with every edit above a finding), to be reviewed in a diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from postlint.core.diagnostics import Diagnostic
from postlint.core.fingerprint import file_lines, fingerprints
from postlint.i18n import _

if TYPE_CHECKING:  # pragma: no cover
    from postlint.api import LintResult

FORMAT_KEY = "postlint-baseline"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read; the message says why."""


def result_fingerprints(result: LintResult) -> list[str]:
    """The fingerprints of a result's diagnostics, in their order."""
    if result.run is not None:
        site = result.run.site
        line_text = file_lines(site.source_text)
    else:
        line_text = file_lines(lambda path: None)
    return fingerprints(sorted(result.diagnostics, key=Diagnostic.sort_key), line_text)


def read(path: Path) -> list[dict[str, str]]:
    """The entries of a baseline file (an absent file has none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(_("{path}: not a postlint baseline ({error}); write it again with "
                              "--update-baseline").format(path=path, error=exc)) from None
    findings = data.get("findings") if isinstance(data, dict) and data.get(FORMAT_KEY) == FORMAT_VERSION else None
    if not isinstance(findings, list) or not all(
            isinstance(e, dict) and isinstance(e.get("fingerprint"), str) and isinstance(e.get("path"), str)
            for e in findings):
        raise BaselineError(_("{path}: not a postlint baseline (expected {key!r}: {version} and a list of "
                              "findings); write it again with --update-baseline").format(
                                  path=path, key=FORMAT_KEY, version=FORMAT_VERSION))
    return findings


def entries(diagnostics: list[Diagnostic], prints: list[str]) -> list[dict[str, str]]:
    """Baseline entries for findings (English messages, for the reviewer)."""
    return [{"path": d.path, "code": d.code, "message": d.render("en"), "fingerprint": fp}
            for d, fp in zip(diagnostics, prints)]


def write(path: Path, found: list[dict[str, str]]) -> None:
    """Write the baseline atomically, sorted for stable diffs."""
    ordered = sorted(found, key=lambda e: (e["path"], e.get("code", ""), e.get("message", ""), e["fingerprint"]))
    text = json.dumps({FORMAT_KEY: FORMAT_VERSION, "findings": ordered}, ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".pl", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update(result: LintResult, path: Path) -> int:
    """Write the baseline from a result; entries of files this run did not
    check are kept. Returns the number of entries written."""
    checked = set(result.files) if not result.whole else None
    kept = [e for e in read(path) if checked is not None and e["path"] not in checked]
    ordered = sorted(result.diagnostics, key=Diagnostic.sort_key)
    found = kept + entries(ordered, result_fingerprints(result))
    write(path, found)
    return len(found)


def apply(result: LintResult, path: Path) -> LintResult:
    """The result without the findings the baseline lists; counts of the
    hidden findings and of the entries fixed since go with it."""
    known = read(path)
    wanted = {e["fingerprint"] for e in known}
    ordered = sorted(result.diagnostics, key=Diagnostic.sort_key)
    prints = result_fingerprints(result)
    shown = [d for d, fp in zip(ordered, prints) if fp not in wanted]
    present = set(prints)
    checked = set(result.files)
    fixed = [e for e in known if e["fingerprint"] not in present and (result.whole or e["path"] in checked)]
    return dataclasses.replace(result, diagnostics=shown, baselined=len(ordered) - len(shown),
                               baseline_fixed=len(fixed))

