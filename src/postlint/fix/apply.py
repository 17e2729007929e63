"""Applying the fixes of a lint run: ``check --fix`` / ``--diff``.

Rules of any family propose :class:`~postlint.core.diagnostics.Fix` data; this
module groups them per file and hands them to :func:`postlint.fix.edits.fix_file`
with a verifier that re-parses the fixed text and refuses the whole file
when anything outside the targeted spans changed: text outside the edits,
the value or order of an untouched front-matter key, or a file that no
longer loads cleanly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postlint.core.diagnostics import Diagnostic, Edit, Fix, printable, shorten
from postlint.core.document import Post
from postlint.fix.edits import (
    REFUSED_VERIFY,
    FixError,
    FixResult,
    _plan_for_file,
    apply_edits,
    changed_outside,
    fix_file,
    plan,
)
from postlint.i18n import _, ngettext

if TYPE_CHECKING:  # pragma: no cover
    from postlint.api import LintResult
    from postlint.engine.run import Run

__all__ = ["FileFix", "FixReport", "fix_paths", "fix_post_file", "fix_text", "run_fixes", "verifier"]


@dataclass(frozen=True)
class FileFix:
    """What happened to one file: its :class:`FixResult`, or an I/O error."""

    relpath: str
    result: FixResult | None = None
    error: str | None = None

    @property
    def applied(self) -> int:
        return self.result.applied_count if self.result and not self.result.refused and self.result.changed else 0


@dataclass
class FixReport:
    files: list[FileFix] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    @property
    def changed_files(self) -> list[FileFix]:
        return [f for f in self.files if f.applied]

    def skipped(self, reason: str) -> int:
        return sum(1 for f in self.files if f.result for s in f.result.skipped if s.reason == reason)

    @property
    def diff(self) -> str:
        return "".join(f.result.diff for f in self.files if f.result and not f.result.refused)


def _overlaps(start: int, end: int, edits: Sequence[Edit]) -> bool:
    """Whether an edit targets ``[start, end)``: replaces part of it, or
    inserts inside it or right after it (appending to a value), or into
    it when it is empty (``key:`` given a value). An insertion *before* a
    key (say ``# ``) does not target it."""
    return any(
        (e.start < end and start < e.end) if e.start != e.end else (start < e.start <= end or start == end == e.start)
        for e in edits
    )


def _load_issues(post: Post) -> set[str]:
    return {i.kind for i in post.issues}


def _check_front_matter(before: Post, after: Post, edits: Sequence[Edit]) -> str | None:
    """Why the re-parsed front matter differs outside the edits, if it does."""
    old, new = before.front_matter or {}, after.front_matter or {}
    for key, value in old.items():
        spans = before.spans.get((key,))
        if spans is not None and (_overlaps(spans.key.start, spans.key.end, edits)
                                  or _overlaps(spans.value.start, spans.value.end, edits)):
            continue
        if key not in new:
            return _("the key `{key}` would disappear").format(key=shorten(str(key)))
        if new[key] != value:
            return _("the value of `{key}` would change").format(key=shorten(str(key)))
    kept = [k for k in new if k in old]
    if kept != [k for k in old if k in new]:
        return _("the order of the front-matter keys would change")
    return None


def verifier(relpath: str, old_text: str, fixes: Sequence[Fix], *, unsafe: bool,
             extra: Callable[[Post], str | None] | None = None) -> Callable[[str], bool]:
    """A ``verify`` for :func:`fix_file`: raises :class:`FixError` with the
    reason when the fixed text changes more than the fixes' own spans."""
    edits = plan(old_text, fixes, unsafe=unsafe).edits

    def verify(new_text: str) -> bool:
        if changed_outside(old_text, new_text, edits):
            raise FixError(REFUSED_VERIFY, _("a change fell outside the targeted text; the file was left unchanged"))
        before, after = Post.from_text(old_text, relpath), Post.from_text(new_text, relpath)
        broken = _load_issues(after) - _load_issues(before)
        if broken:
            raise FixError(REFUSED_VERIFY, _("the fixed file would not load cleanly ({issues}); "
                                             "the file was left unchanged").format(issues=", ".join(sorted(broken))))
        problem = _check_front_matter(before, after, edits) or (extra(after) if extra else None)
        if problem:
            raise FixError(REFUSED_VERIFY, _("{problem}; the file was left unchanged").format(problem=problem))
        return True

    return verify


def fix_post_file(path: Path, relpath: str, old_text: str, fixes: Sequence[Fix], *, unsafe: bool = False,
                  write: bool = True, extra: Callable[[Post], str | None] | None = None) -> FileFix:
    """Fix one file, verified; I/O errors become a :class:`FileFix` error."""
    try:
        result = fix_file(path, fixes, unsafe=unsafe, write=write, expected_text=old_text, label=relpath,
                          verify=verifier(relpath, old_text, fixes, unsafe=unsafe, extra=extra))
    except FixError as exc:
        return FileFix(relpath, None, exc.message)
    except Exception as exc:  # a bug while fixing one file: that file is left as it was, the others go on
        return FileFix(relpath, None, _("internal error while fixing ({error}); the file was left unchanged")
                       .format(error=shorten(f"{type(exc).__name__}: {exc}", 200)))
    return FileFix(relpath, result)


def fix_text(relpath: str, text: str, fixes: Sequence[Fix], *, unsafe: bool = False,
             extra: Callable[[Post], str | None] | None = None) -> tuple[str, tuple[Edit, ...]]:
    """The text with ``fixes`` applied, verified as a file's would be, and
    the edits that make it (line endings matched to the text's); no file
    is touched (an editor's buffer). Raises :class:`FixError` when the
    result is refused."""
    _plan, edits = _plan_for_file(text, fixes, unsafe=unsafe)
    new_text = apply_edits(text, edits)
    if new_text != text:
        verifier(relpath, text, fixes, unsafe=unsafe, extra=extra)(new_text)
    return new_text, edits


def fixes_by_file(diagnostics: Sequence[Diagnostic]) -> dict[str, list[Fix]]:
    """Each file's fixes in diagnostic order (so plans are deterministic)."""
    grouped: dict[str, list[Fix]] = {}
    for diag in sorted(diagnostics, key=Diagnostic.sort_key):
        if diag.fix is not None:
            grouped.setdefault(diag.path, []).append(diag.fix)
    return grouped


def fix_paths(result: LintResult, *, unsafe: bool = False, write: bool = True) -> FixReport:
    """Apply (or, with ``write=False``, only compute) a run's fixes."""
    report = FixReport()
    site = result.run.site if result.run is not None else None
    root = site.root if site is not None else result.config.root
    for relpath, fixes in fixes_by_file(result.diagnostics).items():
        if site is None or relpath not in site.files or relpath in site.overlay:
            continue  # text that stands for a file (standard input) is never written to it
        post = site.post(relpath)
        if not post.faithful:
            continue  # a file we could not read faithfully is never rewritten
        report.files.append(fix_post_file(root / relpath, relpath, post.text, fixes, unsafe=unsafe, write=write))
    return report


# --------------------------------------------------------------------------
# check --fix / --diff


#: ``--fix`` re-checks the files it changed and fixes again, up to this many
#: rounds: a fix can make another one possible (a space, then a quote).
MAX_FIX_ROUNDS = 8


def run_fixes(run: Run, result: LintResult, *, fix: bool, diff: bool, unsafe: bool,
              out: TextIO) -> tuple[LintResult, int | None]:
    """Fix (or diff) a lint run. Returns the result to report and, for
    ``--diff``, the exit status (1 when there is something to change)."""
    from postlint.api import recheck

    if diff or not fix:
        report = fix_paths(result, unsafe=unsafe, write=False)
        _warn_refusals(report)
        hint = _unsafe_hint(report)
        sys.stdout.write(report.diff)
        files = len(report.changed_files)
        sys.stderr.write(_("Would apply {fixes} to {files}.").format(
            fixes=ngettext("{n} fix", "{n} fixes", report.applied).format(n=report.applied),
            files=ngettext("{n} file", "{n} files", files).format(n=files)) + hint + "\n")
        return result, 1 if report.diff else 0
    applied, changed, hint = 0, set(), ""
    for _round in range(MAX_FIX_ROUNDS):
        report = fix_paths(result, unsafe=unsafe, write=True)
        _warn_refusals(report)
        hint = _unsafe_hint(report)
        done = [f.relpath for f in report.changed_files]
        if not done:
            break
        applied += report.applied
        changed.update(done)
        run.refresh(done)  # the next check re-reads only these, and what depends on them
        result = recheck(result)
    out.write(_("Applied {fixes} to {files}.").format(
        fixes=ngettext("{n} fix", "{n} fixes", applied).format(n=applied),
        files=ngettext("{n} file", "{n} files", len(changed)).format(n=len(changed))) + hint
        + _unlisted_hint(result) + "\n")
    return result, None


def _unlisted_hint(result: LintResult) -> str:
    """Findings past a rule's listing limit (PL022) were not fixed: the
    next run lists (and fixes) them."""
    unlisted = sum(int(d.params.get("count", 0)) for d in result.diagnostics if d.code == "PL022")
    return (" " + ngettext("{n} more finding was not listed (PL022): run again for it.",
                           "{n} more findings were not listed (PL022): run again for them.",
                           unlisted).format(n=unlisted)
            if unlisted else "")


def _warn_refusals(report: FixReport) -> None:
    for item in report.files:
        refused = item.error or (item.result.refused.message if item.result and item.result.refused else None)
        if refused:
            # one line whatever the reason quotes (a key, a value, an OS error)
            sys.stderr.write("postlint: " + _("{path}: not fixed: {reason}").format(
                path=printable(item.relpath), reason=shorten(refused, 300)) + "\n")
        elif item.result:
            for skipped in item.result.skipped:
                if skipped.reason == "overlap":
                    sys.stderr.write("postlint: " + _("{path}: a fix was skipped: {reason}")
                                     .format(path=printable(item.relpath), reason=shorten(skipped.detail, 300)) + "\n")


def _unsafe_hint(report: FixReport) -> str:
    unsafe_left = report.skipped("unsafe")
    return (" " + ngettext("{n} unsafe fix not applied (use --unsafe-fixes).",
                           "{n} unsafe fixes not applied (use --unsafe-fixes).", unsafe_left).format(n=unsafe_left)
            if unsafe_left else "")
