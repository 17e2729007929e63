"""Output formats of ``postlint check``: one module per format, each with
``render(report: Report) -> str``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from postlint.core.diagnostics import Diagnostic
    from postlint.core.fingerprint import LineText
    from postlint.rules.base import Rule

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


@dataclass(frozen=True)
class Report:
    """Everything a format may show of one run."""

    diagnostics: Sequence[Diagnostic]
    #: the files checked (repo-relative).
    files: Sequence[str] = ()
    #: the rules that ran, by code (for rule descriptions in SARIF...).
    rules: Mapping[str, Rule] = field(default_factory=dict)
    version: str = ""
    #: how many files of each kind were checked (``post``, ``document``, ``page``).
    kinds: Mapping[str, int] = field(default_factory=dict)
    #: content Jekyll does not publish now, left out of the run.
    unpublished: int = 0
    #: files named on the command line that are not content, and why.
    skipped: Sequence[tuple[str, str]] = ()
    #: findings hidden because the baseline lists them, and its entries now fixed.
    baselined: int = 0
    baseline_fixed: int = 0
    #: ``--changed-since``: findings of affected files that were there before the change.
    preexisting: int = 0
    #: the command that applies the safe fixes, as the editor would type it.
    fix_command: str = "--fix"
    #: the text of a line of a file (for fingerprints), when the files can be read.
    line_text: LineText | None = None
    #: text format: colours, and no summary when all is well.
    colour: bool = False
    quiet: bool = False


def render(fmt: str, report: Report) -> str:
    import importlib

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"postlint.report.{fmt}")
    text: str = module.render(report)
    return text
