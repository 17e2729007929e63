"""``--changed-since REF``: which files a pull request touches.

The files to lint are those added, modified or renamed since the merge base
of ``HEAD`` and ``REF`` (committed or not), plus the content files that link
to a changed, renamed or deleted file: a rename or a deletion breaks links
in files the pull request did not touch. Repo-wide knowledge (what exists,
what other posts say) still comes from the whole repository; only the list
of reported files shrinks.

Only the findings the change *introduces* are reported: the same files are
checked in the merge base's tree (read from git objects with ``git
archive``; cached under ``.postlint_cache/at-ref``) and a finding whose
:mod:`fingerprint <postlint.core.fingerprint>` was already there is left
out, and counted. A clean pull request does not fail for the old errors of
a file that links to a page it changed.

Finding the files that link to another one is a textual scan for the
target's path and the stems its URL is made of (see :func:`link_needles`).
It errs on the side of linting too much. A site model that knows each
page's published URL can replace it through the ``needles`` argument.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from postlint.i18n import _

if TYPE_CHECKING:  # pragma: no cover
    from postlint.api import LintResult
    from postlint.engine.run import Run
    from postlint.site.index import SiteIndex

#: stems shorter than this match too many unrelated files to be worth it.
MIN_STEM_LENGTH = 5


class ChangedError(Exception):
    """Git could not say what changed; the message tells the editor what to do."""


@dataclass
class Change:
    status: str  # A, M, D, R (T and C are read as M and A)
    path: str  # repo-relative (to the git top level), the new path for renames
    old_path: str | None = None


@dataclass
class ChangedFiles:
    """What changed since the merge base, relative to the config root."""

    merge_base: str
    changes: list[Change] = field(default_factory=list)

    @property
    def present(self) -> list[str]:
        """Added, modified and renamed files (their current paths)."""
        return [c.path for c in self.changes if c.status != "D"]

    @property
    def gone(self) -> list[str]:
        """Paths that no longer exist: deleted files and renames' old paths."""
        out = [c.path for c in self.changes if c.status == "D"]
        out += [c.old_path for c in self.changes if c.status == "R" and c.old_path]
        return out


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False)
    except FileNotFoundError:
        raise ChangedError(_("--changed-since needs git, which is not installed or not on PATH")) from None


def _toplevel(root: Path) -> Path:
    proc = _git(["rev-parse", "--show-toplevel"], root)
    if proc.returncode != 0:
        raise ChangedError(_("--changed-since needs a git repository, and {root} is not in one").format(root=root))
    return Path(proc.stdout.strip()).resolve()


def merge_base(ref: str, cwd: Path) -> str:
    """The commit where HEAD's branch left ``ref``, with a clear message when
    a shallow CI clone lacks ``ref`` or the history to reach it."""
    shallow = _git(["rev-parse", "--is-shallow-repository"], cwd).stdout.strip() == "true"
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd).returncode != 0:
        hint = _("fetch it first, e.g. `git fetch --depth=50 origin {branch}` "
                 "(actions/checkout: `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)").format(branch=ref.removeprefix("origin/"))
        if shallow:
            text = _("--changed-since: {ref!r} is not known in this shallow clone: {hint}")
        else:
            text = _("--changed-since: {ref!r} is not known in this repository: {hint}")
        raise ChangedError(text.format(ref=ref, hint=hint))
    proc = _git(["merge-base", "HEAD", ref], cwd)
    if proc.returncode != 0:
        if shallow:
            raise ChangedError(
                _("--changed-since: no common history with {ref!r} in this shallow clone: fetch more history "
                  "(`git fetch --deepen=100`, or `fetch-depth: 0` with actions/checkout)").format(ref=ref)
            )
        raise ChangedError(_("--changed-since: HEAD and {ref!r} have no common history").format(ref=ref))
    return proc.stdout.strip()


def parse_name_status(output: str) -> list[Change]:
    """Parse ``git diff --name-status -z`` (renames as ``R<score> old new``)."""
    fields = output.split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            changes.append(Change("R", new, old) if status == "R" else Change("A", new))
            continue
        path = fields[i + 1]
        i += 2
        changes.append(Change({"T": "M"}.get(status, status), path))
    return changes


def changed_since(ref: str, root: Path) -> ChangedFiles:
    """Files changed between the merge base with ``ref`` and the working
    tree (untracked files count as added), relative to ``root``."""
    top = _toplevel(root)
    base = merge_base(ref, top)
    diff = _git(["diff", "--name-status", "-M", "-z", "--no-ext-diff", base, "--"], top)
    if diff.returncode != 0:
        raise ChangedError(_("--changed-since: git diff failed: {error}").format(error=diff.stderr.strip()))
    changes = parse_name_status(diff.stdout)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top).stdout
    changes += [Change("A", p) for p in untracked.split("\0") if p]
    return ChangedFiles(base, _under_root(changes, top, root.resolve()))


def staged_changes(root: Path) -> ChangedFiles:
    """What the index changes against ``HEAD`` (a commit in the making),
    relative to ``root``: pre-commit passes only the files that still
    exist, so deletions and renames come from here."""
    top = _toplevel(root)
    diff = _git(["diff", "--cached", "--name-status", "-M", "-z", "--no-ext-diff"], top)
    if diff.returncode != 0:
        raise ChangedError(_("git diff --cached failed: {error}").format(error=diff.stderr.strip()))
    return ChangedFiles("HEAD", _under_root(parse_name_status(diff.stdout), top, root.resolve()))


def _under_root(changes: Iterable[Change], top: Path, root: Path) -> list[Change]:
    """Keep changes inside the config root, with paths relative to it."""
    prefix = "" if root == top else root.relative_to(top).as_posix() + "/"

    def rel(path: str | None) -> str | None:
        return path[len(prefix):] if path is not None and path.startswith(prefix) else None

    out = []
    for change in changes:
        new, old = rel(change.path), rel(change.old_path)
        if new is not None:
            out.append(Change(change.status, new, old))
        elif old is not None:  # moved out of the site: gone as far as links go
            out.append(Change("D", old))
    return out


def link_needles(relpath: str) -> set[str]:
    """Strings whose presence in a file suggests it links to ``relpath``:
    the path itself, and for pages the stems their URL is built from (a
    post's slug, its ``post_url`` name)."""
    pure = PurePosixPath(relpath)
    needles = {relpath}
    stem = pure.stem
    if pure.suffix.lower() in (".md", ".markdown", ".html"):
        needles.add(stem)  # {% post_url 2024-03-12-slug %}, /page.html, /page/
        from postlint.jekyll import match_post_filename

        dated = match_post_filename(pure.name)
        if dated is not None and dated.slug:
            needles.add(dated.slug)  # /blog/2024/03/12/slug.html
    return {n for n in needles if len(n) >= MIN_STEM_LENGTH}


def _needle_pattern(needles: Iterable[str]) -> re.Pattern[str] | None:
    # Whole path segments only: `bilan` must not match `bilan-2024`.
    words = sorted({re.escape(n) for n in needles}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(rf"(?<![\w.-])(?:{'|'.join(words)})(?![\w-])")


def linking_files(
    index: SiteIndex,
    targets: Iterable[str],
    *,
    needles: Callable[[str], set[str]] = link_needles,
) -> list[str]:
    """Content files whose text mentions one of the targets."""
    wanted: set[str] = set()
    for target in targets:
        wanted |= needles(target)
    pattern = _needle_pattern(wanted)
    if pattern is None:
        return []
    found = []
    for relpath in index.content_files:
        try:
            text = (index.root / relpath).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if pattern.search(text):
            found.append(relpath)
    return found


def files_to_lint(changed: ChangedFiles, index: SiteIndex) -> list[str]:
    """The content files a pull request's check must cover."""
    content = set(index.content_files)
    present = [p for p in changed.present if p in content]
    linkers = linking_files(index, [*changed.present, *changed.gone])
    return sorted(set(present) | set(linkers))


def lint_changed(run: Run, ref: str, paths: Iterable[Path] = ()) -> LintResult:
    """The findings a pull request introduces (see the module's docstring):
    findings of the files it touches and affects that were not there at
    the merge base. Given paths restrict the report to them."""
    from postlint.api import LintResult, check

    root = run.config.root
    changed = changed_since(ref, root)
    relpaths = files_to_lint(changed, run.site)
    wanted = [relative_to_root(p, root) for p in paths]
    if wanted:
        relpaths = [r for r in relpaths if any(_under(r, w) for w in wanted)]
    if not relpaths:  # nothing to lint; an empty list would mean "everything"
        return LintResult([], [], run.config, run)
    result = check(run, [run.site.root / p for p in relpaths])
    return _introduced(result, changed, run)


def relative_to_root(path: Path, root: Path) -> str:
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
    return "" if rel == "." else rel


def _under(relpath: str, wanted: str) -> bool:
    return not wanted or relpath == wanted or relpath.startswith(wanted.rstrip("/") + "/")


def _introduced(result: LintResult, changed: ChangedFiles, run: Run) -> LintResult:
    """Keep the findings that the merge base's tree did not have."""
    import dataclasses

    from postlint.core.diagnostics import Diagnostic
    from postlint.core.fingerprint import file_lines, fingerprints

    if not result.diagnostics:
        return result
    renamed_from = {c.path: c.old_path for c in changed.changes if c.status == "R" and c.old_path}
    added = {c.path for c in changed.changes if c.status == "A"}
    # files new in the change have no past: everything in them is introduced
    at_base = sorted({renamed_from.get(p, p) for p in result.files if p not in added})
    before = _fingerprints_at(run, changed.merge_base, at_base) if at_base else set()
    ordered = sorted(result.diagnostics, key=Diagnostic.sort_key)
    now = fingerprints(ordered, file_lines(run.site.source_text), rename=lambda p: renamed_from.get(p, p))
    shown = [d for d, fp in zip(ordered, now) if fp not in before]
    return dataclasses.replace(result, diagnostics=shown, preexisting=len(ordered) - len(shown))


def _fingerprints_at(run: Run, commit: str, relpaths: list[str]) -> set[str]:
    """The fingerprints of the findings ``relpaths`` had at ``commit``,
    checked with the same configuration in that commit's tree."""
    import tempfile

    from postlint.api import check
    from postlint.core.diagnostics import Diagnostic
    from postlint.core.fingerprint import file_lines, fingerprints
    from postlint.engine.run import Run as BaseRun

    root = run.config.root.resolve()
    top = _toplevel(root)
    prefix = "" if root == top else root.relative_to(top).as_posix()
    with tempfile.TemporaryDirectory(prefix="postlint-base-") as tmp:
        _extract_tree(top, commit, prefix, Path(tmp))
        base_root = Path(tmp) / prefix if prefix else Path(tmp)
        config = run.config.model_copy(update={"root": base_root})
        cache: bool | Path = run.cache.dir / "at-ref" if run.cache.dir is not None else False
        with BaseRun(config, jobs=run.jobs, cache=cache, today=run.today) as base:
            present = [base_root / p for p in relpaths if (base_root / p).is_file()]
            if not present:
                return set()
            found = sorted(check(base, present).diagnostics, key=Diagnostic.sort_key)
            return set(fingerprints(found, file_lines(base.site.source_text)))


def _extract_tree(top: Path, commit: str, prefix: str, dest: Path) -> None:
    """Write ``commit``'s files under ``prefix`` to ``dest`` (git archive:
    git objects only, the working tree and the index stay untouched)."""
    import io
    import tarfile

    args = ["git", "archive", "--format=tar", commit]
    if prefix:
        args += ["--", prefix]
    try:
        proc = subprocess.run(args, cwd=top, capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangedError(_("--changed-since needs git, which is not installed or not on PATH")) from None
    if proc.returncode != 0:
        raise ChangedError(_("--changed-since: git archive failed: {error}").format(
            error=proc.stderr.decode("utf-8", "replace").strip()))
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(dest, filter="data")  # no links or paths out of dest
        else:  # pragma: no cover - Python < 3.10.12
            safe = [m for m in archive.getmembers() if (m.isfile() or m.isdir()) and not m.name.startswith("/")
                    and ".." not in Path(m.name).parts]
            archive.extractall(dest, members=safe)
