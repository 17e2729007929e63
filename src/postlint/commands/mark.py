"""``postlint mark-filled`` / ``mark-closed``: the editor's one command for
a job offer that ended. Every configured status signal is set consistently
through the fix engine (verified, atomic edits), and nothing else changes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postlint.core.diagnostics import Fix
from postlint.core.document import Post
from postlint.fix.apply import FileFix, fix_post_file
from postlint.i18n import _, ngettext

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config
    from postlint.engine.run import Run

__all__ = ["MarkEdits", "MarkResult", "mark_edits", "mark_filled", "mark_filled_file", "mark_offer_file", "mark_offers"]


@dataclass(frozen=True)
class MarkResult:
    """``status``: "marked", "already" (nothing to do), "not-offer",
    "incomplete" (a signal cannot be set automatically) or "refused"."""

    relpath: str
    status: str
    file_fix: FileFix | None = None
    missing: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class MarkEdits:
    """What marking one post takes: ``status`` "edits" (apply ``fixes``,
    verified with ``check``), "already", "not-offer" or "incomplete"."""

    status: str
    fixes: tuple[Fix, ...] = ()
    missing: tuple[str, ...] = ()
    detail: str = ""
    check: Callable[[Post], str | None] | None = None


def mark_edits(post: Post, run: Run, target: str = "filled") -> MarkEdits:
    """The edits that make every configured status signal of the job offer
    ``post`` say ``target`` ("filled" or "closed"), and nothing else; the
    file (or an editor's buffer) is not touched."""
    from postlint.rules.jobs import JobsOptions, detect, mark_plan, marked, read_status

    options = run.shared.options_for(JobsOptions)
    if not post.faithful or detect(post, options) is None:
        return MarkEdits("not-offer")
    today = options.reference_date()
    signals = options.signals
    current = read_status(post, signals, today)
    if target == "closed" and current.status == "filled" and current.consistent:
        return MarkEdits("already", detail="filled")
    plan = mark_plan(post, signals, target, today)  # type: ignore[arg-type]
    if plan.impossible:
        return MarkEdits("incomplete", missing=plan.impossible)
    if not plan.fixes:
        return MarkEdits("already")

    def all_signals(after: Post) -> str | None:
        missing = marked(after, signals, target, today)  # type: ignore[arg-type]
        return _("{signals} would still disagree").format(signals=", ".join(missing)) if missing else None

    return MarkEdits("edits", tuple(plan.fixes), check=all_signals)


def mark_offer_file(path: Path, run: Run, target: str = "filled", *, write: bool = True) -> MarkResult:
    """Make every configured status signal of the job offer at ``path``
    say ``target`` ("filled" or "closed"), and change nothing else."""
    config = run.config
    post = Post.load(path, config.root, max_bytes=config.max_file_size)
    relpath = post.relpath
    edits = mark_edits(post, run, target)
    if edits.status != "edits":
        return MarkResult(relpath, edits.status, missing=edits.missing, detail=edits.detail)
    done = fix_post_file(path, relpath, post.text, edits.fixes, write=write, extra=edits.check)
    if done.error or (done.result and done.result.refused):
        detail = done.error or (done.result.refused.message if done.result and done.result.refused else "")
        return MarkResult(relpath, "refused", done, detail=detail)
    return MarkResult(relpath, "marked", done)


def mark_filled_file(path: Path, run: Run, *, write: bool = True) -> MarkResult:
    """Put every configured "filled" signal on the job offer at ``path``."""
    return mark_offer_file(path, run, "filled", write=write)


def mark_offers(files: Sequence[Path], load: Callable[[Path], Config], target: str = "filled", *,
                diff: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``postlint mark-filled`` / ``mark-closed``: 0 all marked (or already),
    1 a file is not an offer or could not be marked, 2 a file does not exist."""
    from postlint.engine.run import Run

    out, err = out or sys.stdout, err or sys.stderr
    status = 0
    runs: dict[Path | None, Run] = {}
    try:
        for path in files:
            if not path.is_file():
                err.write("postlint: " + _("{path}: no such file").format(path=path) + "\n")
                status = 2
                continue
            config = load(path)
            run = runs.get(config.source)
            if run is None:
                run = runs[config.source] = Run(config)
            status = max(status, _mark_one(path, run, target, diff, out, err))
    finally:
        for run in runs.values():
            run.close()
    return status


def _mark_one(path: Path, run: Run, target: str, diff: bool, out: TextIO, err: TextIO) -> int:
    status = 0
    result = mark_offer_file(path, run, target, write=not diff)
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
