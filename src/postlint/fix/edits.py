"""The one place where postlint changes files.

Rules only *propose* fixes (:class:`~postlint.core.diagnostics.Fix`, a set of
character-offset edits). This module decides which fixes to apply, applies
them to the decoded text, and writes the result back so that nothing the
rule did not target moves: BOM, line endings, the final newline (or its
absence), file mode. Writes are atomic (temporary file + ``os.replace``), so
an interrupted run never leaves a half-written post behind.

Offsets count characters of the *decoded text*: bytes decoded as UTF-8 with
a leading BOM removed and line endings kept as written.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from postlint.core.diagnostics import Edit, Fix

__all__ = [
    "BOM",
    "Decoded",
    "FixError",
    "FixResult",
    "Plan",
    "Refusal",
    "Skipped",
    "apply_edits",
    "changed_outside",
    "content_hash",
    "decode",
    "encode",
    "fix_file",
    "plan",
    "unified_diff",
]

BOM = b"\xef\xbb\xbf"

#: Reason codes, stable so that the CLI and the messages module can render
#: them in the editor's language.
REASON_UNSAFE = "unsafe"
REASON_OVERLAP = "overlap"
REASON_INVALID = "invalid"
REASON_ALREADY_APPLIED = "already-applied"
REFUSED_NOT_UTF8 = "not-utf8"
REFUSED_CHANGED = "changed-since-lint"
REFUSED_VERIFY = "verify-failed"


class FixError(Exception):
    """A fix cannot be carried out. ``code`` is a stable reason code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --------------------------------------------------------------------------
# Bytes <-> text


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text as postlint holds it, plus what is needed to write it back."""

    text: str
    had_bom: bool = False


def decode(raw: bytes) -> Decoded:
    """Decode a file's bytes: strict UTF-8, leading BOM removed, newlines untouched.

    Strict decoding matters: a lossy decode would silently corrupt the
    bytes we cannot read when the file is written back.
    """
    had_bom = raw.startswith(BOM)
    body = raw[len(BOM) :] if had_bom else raw
    try:
        text = body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM) if had_bom else 0)
        raise FixError(
            REFUSED_NOT_UTF8,
            f"file is not valid UTF-8 (byte {offset}); postlint does not fix it",
        ) from exc
    return Decoded(text, had_bom)


def encode(decoded: Decoded) -> bytes:
    """Inverse of :func:`decode`: ``encode(decode(b)) == b`` for any UTF-8 ``b``."""
    body = decoded.text.encode("utf-8")
    return BOM + body if decoded.had_bom else body


def content_hash(raw: bytes) -> str:
    """The hash ``fix_file(expected_sha256=...)`` compares against (raw bytes)."""
    return hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------
# Planning


@dataclass(frozen=True, slots=True)
class Skipped:
    """A fix that was not applied, with a stable ``reason`` code and a detail."""

    fix: Fix
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """The fixes chosen for one text, in acceptance order."""

    accepted: tuple[Fix, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    #: fixes dropped because an identical fix was already accepted.
    duplicates: int = 0

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(sorted((e for f in self.accepted for e in f.edits), key=_edit_key))

    @property
    def empty(self) -> bool:
        return not self.accepted

    def covers(self, fix: Fix) -> bool:
        """True if ``fix`` (or a fix with the very same edits) will be applied."""
        key = _normalized(fix)
        return any(_normalized(f) == key for f in self.accepted)


def _edit_key(edit: Edit) -> tuple[int, int]:
    # An insertion at p sorts before a replacement starting at p, so that
    # "insert then replace" is the only order apply_edits ever uses.
    return (edit.start, edit.end)


def _normalized(fix: Fix) -> tuple[Edit, ...]:
    return tuple(sorted(set(fix.edits), key=lambda e: (e.start, e.end, e.replacement)))


def _conflict(a: Edit, b: Edit) -> bool:
    """Whether two edits cannot both apply without an ambiguous result.

    Replacements that merely touch (``[a, b)`` and ``[b, c)``) do not
    conflict. Two insertions at the same point do (their order would be a
    guess), and so does an insertion strictly inside a replaced span.
    """
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _invalid_reason(text: str, fix: Fix) -> str | None:
    if not fix.edits:
        return "fix has no edits"
    for edit in fix.edits:
        if edit.end > len(text):
            return f"edit {edit.start}..{edit.end} lies beyond the end of the text ({len(text)})"
    edits = _normalized(fix)
    for i, a in enumerate(edits):
        for b in edits[i + 1 :]:
            if _conflict(a, b):
                return f"edits {a.start}..{a.end} and {b.start}..{b.end} overlap"
    return None


def _is_noop(text: str, fix: Fix) -> bool:
    return all(text[e.start : e.end] == e.replacement for e in fix.edits)


def plan(text: str, fixes: Sequence[Fix], *, unsafe: bool) -> Plan:
    """Choose which of ``fixes`` to apply to ``text``, first come first served.

    Callers pass fixes in a stable order (diagnostics sorted by position), so
    the same input always yields the same plan.
    """
    accepted: list[Fix] = []
    accepted_keys: set[tuple[Edit, ...]] = set()
    taken = _Taken()
    skipped: list[Skipped] = []
    duplicates = 0
    for fix in fixes:
        key = _normalized(fix)
        if key in accepted_keys:
            duplicates += 1
            continue
        if not fix.safe and not unsafe:
            skipped.append(Skipped(fix, REASON_UNSAFE, "unsafe fix; needs --unsafe-fixes"))
            continue
        invalid = _invalid_reason(text, fix)
        if invalid is not None:
            skipped.append(Skipped(fix, REASON_INVALID, invalid))
            continue
        if _is_noop(text, fix):
            skipped.append(Skipped(fix, REASON_ALREADY_APPLIED, "the text already reads this way"))
            continue
        clash = next((t for e in key if (t := taken.clash(e)) is not None), None)
        if clash is not None:
            detail = f"overlaps an accepted fix at {clash.start}..{clash.end}"
            skipped.append(Skipped(fix, REASON_OVERLAP, detail))
            continue
        accepted.append(fix)
        accepted_keys.add(key)
        for edit in key:
            taken.add(edit)
    return Plan(tuple(accepted), tuple(skipped), duplicates)


class _Taken:
    """The accepted edits, sorted: a new edit is compared with its
    neighbours only (a file of 6,000 fixes compared each with all the
    others, 40 million comparisons)."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.edits: list[Edit] = []

    def clash(self, edit: Edit) -> Edit | None:
        import bisect

        at = bisect.bisect_left(self.keys, (edit.start, edit.end))
        # accepted edits never conflict with each other, so those that can
        # conflict with this one sit next to where it would go
        i = at - 1
        while i >= 0 and self.edits[i].end >= edit.start:
            if _conflict(edit, self.edits[i]):
                return self.edits[i]
            i -= 1
        j = at
        while j < len(self.edits) and self.edits[j].start <= edit.end:
            if _conflict(edit, self.edits[j]):
                return self.edits[j]
            j += 1
        return None

    def add(self, edit: Edit) -> None:
        import bisect

        at = bisect.bisect_left(self.keys, (edit.start, edit.end))
        self.keys.insert(at, (edit.start, edit.end))
        self.edits.insert(at, edit)


# --------------------------------------------------------------------------
# Applying


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-conflicting edits, all expressed in offsets of ``text``."""
    ordered = sorted(set(edits), key=_edit_key)
    for prev, cur in zip(ordered, ordered[1:]):
        if _conflict(prev, cur):
            raise FixError(
                REASON_OVERLAP,
                f"edits {prev.start}..{prev.end} and {cur.start}..{cur.end} overlap",
            )
    if ordered and ordered[-1].end > len(text):
        raise FixError(REASON_INVALID, "edit lies beyond the end of the text")
    parts: list[str] = []
    pos = 0
    for edit in ordered:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def changed_outside(old: str, new: str, edits: Iterable[Edit]) -> bool:
    """True if ``new`` differs from ``old`` anywhere outside the edited spans.

    ``edits`` are spans of ``old``; what replaced them in ``new`` may have
    any length, so later text may have shifted. ``new`` passes if it reads
    ``old`` with each span swapped for *some* text: the untouched pieces of
    ``old`` must appear in ``new`` in order, the first at the start and the
    last at the end. Matching the middle pieces leftmost-first is enough to
    find such a reading whenever one exists.
    """
    spans = sorted((e.start, e.end) for e in edits)
    if any(end > len(old) for _, end in spans):
        raise ValueError("edit span lies beyond the end of the old text")
    if not spans:
        return old != new
    kept: list[str] = []
    pos = 0
    for start, end in spans:
        kept.append(old[pos : max(start, pos)])
        pos = max(pos, end)
    kept.append(old[pos:])
    head, middle, tail = kept[0], kept[1:-1], kept[-1]
    if len(head) + len(tail) > len(new) or not new.startswith(head) or not new.endswith(tail):
        return True
    cursor, limit = len(head), len(new) - len(tail)
    for piece in middle:
        found = new.find(piece, cursor, limit)
        if found < 0:
            return True
        cursor = found + len(piece)
    return False


def _lines(text: str) -> list[str]:
    # Split on "\n" only: str.splitlines also breaks on U+2028, form feeds
    # and lone CRs, which would misnumber lines compared with editors.
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified_diff(path_label: str, old_text: str, new_text: str) -> str:
    """A git-style unified diff for ``--diff``; empty when nothing changes."""
    if old_text == new_text:
        return ""
    out: list[str] = []
    for line in difflib.unified_diff(
        _lines(old_text), _lines(new_text), f"a/{path_label}", f"b/{path_label}", lineterm="\n"
    ):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _uses_crlf(text: str) -> bool:
    return "\r\n" in text and text.count("\n") == text.count("\r\n")


def _match_newlines(text: str, fixes: Sequence[Fix]) -> list[Fix]:
    """In a file written with CRLF only, rules' bare ``\\n`` become CRLF.

    Rules build replacements with "\\n"; writing those into a CRLF file
    would leave it with mixed line endings.
    """
    if not _uses_crlf(text):
        return list(fixes)

    def convert(s: str) -> str:
        return s.replace("\r\n", "\n").replace("\n", "\r\n")

    return [
        Fix(tuple(Edit(e.start, e.end, convert(e.replacement)) for e in f.edits), f.safe, f.description)
        for f in fixes
    ]


def _plan_for_file(text: str, fixes: Sequence[Fix], *, unsafe: bool) -> tuple[Plan, tuple[Edit, ...]]:
    """Plan with newline-adapted fixes; report the caller's own Fix objects.

    Callers match applied fixes back to their diagnostics by equality, so
    the adapted copies must not leak out.
    """
    adapted = _match_newlines(text, fixes)
    originals = {id(a): f for a, f in zip(adapted, fixes)}
    raw = plan(text, adapted, unsafe=unsafe)
    reported = Plan(
        tuple(originals[id(f)] for f in raw.accepted),
        tuple(Skipped(originals[id(s.fix)], s.reason, s.detail) for s in raw.skipped),
        raw.duplicates,
    )
    return reported, raw.edits


# --------------------------------------------------------------------------
# Files


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a whole file was left untouched. ``code`` is stable."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class FixResult:
    """What ``fix_file`` did (or would do, with ``write=False``) to one file."""

    path: Path
    applied: tuple[Fix, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    old_text: str = ""
    new_text: str = ""
    diff: str = ""
    written: bool = False
    refused: Refusal | None = None
    duplicates: int = field(default=0)

    @property
    def applied_count(self) -> int:
        return len(self.applied)

    @property
    def changed(self) -> bool:
        return self.refused is None and self.new_text != self.old_text


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FixError("unreadable", f"cannot read {path}: {exc.strerror or exc}") from exc


def _fsync_dir(directory: Path) -> None:
    # Makes the rename durable; not possible on every platform, and not
    # needed for correctness of the content, hence best effort.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _atomic_write(target: Path, data: bytes) -> None:
    """Replace ``target``'s content with ``data``, all or nothing."""
    write_atomically(target, data)


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all or nothing (temporary file in the
    same folder, then ``os.replace``). An existing file keeps its mode; a
    new one gets the mode the umask gives new files."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    # a short name of its own: the post's name in it could pass NAME_MAX (255 bytes)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".postlint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def _refused(path: Path, text: str, code: str, message: str, fix_plan: Plan | None = None) -> FixResult:
    skipped = fix_plan.skipped if fix_plan else ()
    return FixResult(path, (), skipped, text, text, "", False, Refusal(code, message))


def fix_file(
    path: Path,
    fixes: Sequence[Fix],
    *,
    unsafe: bool = False,
    verify: Callable[[str], bool] | None = None,
    write: bool = True,
    expected_text: str | None = None,
    expected_sha256: str | None = None,
    label: str | None = None,
) -> FixResult:
    """Apply ``fixes`` to the file at ``path``.

    ``expected_text`` (decoded text) or ``expected_sha256`` (of the raw
    bytes, see :func:`content_hash`) is what the caller linted: if the file
    no longer matches, the offsets are stale and nothing is applied.
    ``verify(new_text)`` lets the caller re-parse the result; returning False
    (or raising :class:`FixError`) leaves the file untouched. Files whose
    text does not change are never rewritten, so their mtime stays put.

    A file refused as a whole comes back with ``refused`` set; I/O failures
    while reading or writing raise :class:`FixError`, with the original file
    left as it was.
    """
    path = Path(path)
    raw = _read(path)
    try:
        decoded = decode(raw)
    except FixError as exc:
        return _refused(path, "", exc.code, exc.message)
    text = decoded.text
    if (expected_text is not None and expected_text != text) or (
        expected_sha256 is not None and expected_sha256 != content_hash(raw)
    ):
        return _refused(path, text, REFUSED_CHANGED, "the file changed since it was checked; run postlint again")

    fix_plan, edits = _plan_for_file(text, fixes, unsafe=unsafe)
    new_text = apply_edits(text, edits)
    if new_text == text:
        return FixResult(path, fix_plan.accepted, fix_plan.skipped, text, text, duplicates=fix_plan.duplicates)

    if verify is not None:
        try:
            ok = verify(new_text)
        except FixError as exc:
            return _refused(path, text, REFUSED_VERIFY, exc.message, fix_plan)
        if not ok:
            message = "the fixed file did not pass verification; it was left unchanged"
            return _refused(path, text, REFUSED_VERIFY, message, fix_plan)

    diff = unified_diff(label or path.as_posix(), text, new_text)
    written = False
    if write:
        # Resolve symlinks so the link stays a link and the target is updated.
        target = Path(os.path.realpath(path))
        if _read(target) != raw:
            return _refused(path, text, REFUSED_CHANGED, "the file changed while it was being fixed")
        try:
            _atomic_write(target, encode(Decoded(new_text, decoded.had_bom)))
        except OSError as exc:
            raise FixError("unwritable", f"cannot write {path}: {exc.strerror or exc}") from exc
        written = True
    return FixResult(
        path, fix_plan.accepted, fix_plan.skipped, text, new_text, diff, written, None, fix_plan.duplicates
    )
