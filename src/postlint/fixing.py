"""Applying the fixes of a lint run: ``check --fix`` / ``--diff``.

Rules of any family propose :class:`~postlint.diagnostics.Fix` data; this
module groups them per file and hands them to :func:`postlint.fix.fix_file`
with a verifier that re-parses the fixed text and refuses the whole file
when anything outside the targeted spans changed: text outside the edits,
the value or order of an untouched front-matter key, or a file that no
longer loads cleanly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TextIO

from postlint.diagnostics import Diagnostic, Edit, Fix
from postlint.document import Post
from postlint.i18n import _, ngettext
from postlint.fix import REFUSED_VERIFY, FixError, FixResult, changed_outside, fix_file, plan

if TYPE_CHECKING:  # pragma: no cover
    from postlint.api import LintResult
    from postlint.config import Config

__all__ = ["FileFix", "FixReport", "MarkResult", "fix_paths", "fix_post_file", "mark_filled", "mark_filled_file",
           "mark_offer_file", "mark_offers", "run_fixes", "verifier"]


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
            return _("the key `{key}` would disappear").format(key=key)
        if new[key] != value:
            return _("the value of `{key}` would change").format(key=key)
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
    return FileFix(relpath, result)


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
    root = result.index.root if result.index is not None else result.config.root
    for relpath, fixes in fixes_by_file(result.diagnostics).items():
        post = result.index.post(relpath) if result.index is not None and relpath in result.index.files else None
        if post is None or not post.faithful:
            continue  # a file we could not read faithfully is never rewritten
        report.files.append(fix_post_file(root / relpath, relpath, post.text, fixes, unsafe=unsafe, write=write))
    return report


# --------------------------------------------------------------------------
# mark-filled / mark-closed: the editor's one command for an offer that ended


@dataclass(frozen=True)
class MarkResult:
    """``status``: "marked", "already" (nothing to do), "not-offer",
    "incomplete" (a signal cannot be set automatically) or "refused"."""

    relpath: str
    status: str
    file_fix: FileFix | None = None
    missing: tuple[str, ...] = ()
    detail: str = ""


def mark_offer_file(path: Path, config: Config, target: str = "filled", *, write: bool = True) -> MarkResult:
    """Make every configured status signal of the job offer at ``path`` say
    ``target`` ("filled" or "closed"), and change nothing else."""
    from postlint.rules.jobs import JobsOptions, detect, mark_plan, marked, read_status

    options = config.section(JobsOptions)
    post = Post.load(path, config.root, max_bytes=config.max_file_size)
    relpath = post.relpath
    if not post.faithful or detect(post, options) is None:
        return MarkResult(relpath, "not-offer")
    today = options.reference_date()
    signals = options.signals
    current = read_status(post, signals, today)
    if target == "closed" and current.status == "filled" and current.consistent:
        return MarkResult(relpath, "already", detail="filled")
    plan = mark_plan(post, signals, target, today)  # type: ignore[arg-type]
    if plan.impossible:
        return MarkResult(relpath, "incomplete", missing=plan.impossible)
    if not plan.fixes:
        return MarkResult(relpath, "already")

    def all_signals(after: Post) -> str | None:
        missing = marked(after, signals, target, today)  # type: ignore[arg-type]
        return _("{signals} would still disagree").format(signals=", ".join(missing)) if missing else None

    done = fix_post_file(path, relpath, post.text, plan.fixes, write=write, extra=all_signals)
    if done.error or (done.result and done.result.refused):
        detail = done.error or (done.result.refused.message if done.result and done.result.refused else "")
        return MarkResult(relpath, "refused", done, detail=detail)
    return MarkResult(relpath, "marked", done)


def mark_filled_file(path: Path, config: Config, *, write: bool = True) -> MarkResult:
    """Put every configured "filled" signal on the job offer at ``path``."""
    return mark_offer_file(path, config, "filled", write=write)


def mark_offers(files: Sequence[Path], load: Callable[[Path], Config], target: str = "filled", *,
                diff: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``postlint mark-filled`` / ``mark-closed``: 0 all marked (or already),
    1 a file is not an offer or could not be marked, 2 a file does not exist."""
    out, err = out or sys.stdout, err or sys.stderr
    status = 0
    for path in files:
        if not path.is_file():
            err.write("postlint: " + _("{path}: no such file").format(path=path) + "\n")
            status = 2
            continue
        result = mark_offer_file(path, load(path), target, write=not diff)
        if result.status == "marked" and result.file_fix and result.file_fix.result:
            if diff:
                out.write(result.file_fix.result.diff)
            else:
                applied = result.file_fix.applied
                if target == "closed":
                    line = ngettext("{path}: marked closed ({n} edit)", "{path}: marked closed ({n} edits)", applied)
                else:
                    line = ngettext("{path}: marked filled ({n} edit)", "{path}: marked filled ({n} edits)", applied)
                out.write(line.format(path=result.relpath, n=applied) + "\n")
        elif result.status == "already":
            if result.detail == "filled":
                line = _("{path}: already marked filled, which is closed; nothing to change")
            elif target == "closed":
                line = _("{path}: already marked closed; nothing to change")
            else:
                line = _("{path}: already marked filled; nothing to change")
            out.write(line.format(path=result.relpath) + "\n")
        else:
            status = max(status, 1)
            if result.status == "not-offer":
                err.write("postlint: " + _("{path}: not a job offer (see `postlint rule PL401` on detection)")
                          .format(path=result.relpath) + "\n")
            elif result.status == "incomplete":
                err.write("postlint: " + _("{path}: cannot set {signals} automatically; nothing was changed")
                          .format(path=result.relpath, signals=", ".join(result.missing)) + "\n")
            else:
                err.write("postlint: " + _("{path}: not changed: {reason}").format(path=result.relpath, reason=result.detail)
                          + "\n")
    return status


def mark_filled(files: Sequence[Path], load: Callable[[Path], Config], *, diff: bool = False,
                out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``postlint mark-filled``."""
    return mark_offers(files, load, "filled", diff=diff, out=out, err=err)


# --------------------------------------------------------------------------
# check --fix / --diff


def run_fixes(result: LintResult, paths: Sequence[Path], config: Config, *, fix: bool, diff: bool,
              unsafe: bool, out: TextIO) -> tuple[LintResult, int | None]:
    """Fix (or diff) a lint run. Returns the result to report and, for
    ``--diff``, the exit status (1 when there is something to change)."""
    from postlint.api import lint_paths

    report = fix_paths(result, unsafe=unsafe, write=fix and not diff)
    for item in report.files:
        refused = item.error or (item.result.refused.message if item.result and item.result.refused else None)
        if refused:
            sys.stderr.write("postlint: " + _("{path}: not fixed: {reason}").format(path=item.relpath, reason=refused) + "\n")
        elif item.result:
            for skipped in item.result.skipped:
                if skipped.reason == "overlap":
                    sys.stderr.write("postlint: " + _("{path}: a fix was skipped: {reason}")
                                     .format(path=item.relpath, reason=skipped.detail) + "\n")
    unsafe_left = report.skipped("unsafe")
    hint = (" " + ngettext("{n} unsafe fix not applied (use --unsafe-fixes).",
                           "{n} unsafe fixes not applied (use --unsafe-fixes).", unsafe_left).format(n=unsafe_left)
            if unsafe_left else "")
    if diff:
        sys.stdout.write(report.diff)
        files = len(report.changed_files)
        sys.stderr.write(_("Would apply {fixes} to {files}.").format(
            fixes=ngettext("{n} fix", "{n} fixes", report.applied).format(n=report.applied),
            files=ngettext("{n} file", "{n} files", files).format(n=files)) + hint + "\n")
        return result, 1 if report.diff else 0
    changed = len(report.changed_files)
    out.write(_("Applied {fixes} to {files}.").format(
        fixes=ngettext("{n} fix", "{n} fixes", report.applied).format(n=report.applied),
        files=ngettext("{n} file", "{n} files", changed).format(n=changed)) + hint + "\n")
    return lint_paths(paths, config=config), None
