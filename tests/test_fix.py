from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from postlint.core.diagnostics import Edit, Fix
from postlint.fix import edits as fixmod
from postlint.fix.edits import (
    Decoded,
    FixError,
    apply_edits,
    changed_outside,
    content_hash,
    decode,
    encode,
    fix_file,
    plan,
    unified_diff,
)

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def replace(text: str, old: str, new: str, *, safe: bool = True, occurrence: int = 0) -> Fix:
    """A fix replacing the ``occurrence``-th ``old`` of ``text`` with ``new``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(old, start + 1)
    return Fix((Edit(start, start + len(old), new),), safe=safe, description=f"{old!r} -> {new!r}")


def insert(at: int, new: str, *, safe: bool = True) -> Fix:
    return Fix((Edit(at, at, new),), safe=safe)


def write(tmp_path: Path, raw: bytes, name: str = "post.md") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def leftovers(directory: Path, keep: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p != keep)


# ---------------------------------------------------------------- decode/encode


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"---\r\ntitle: Caf\xc3\xa9\r\n---\r\nTexte\r\n",
        b"\xef\xbb\xbf---\ntitle: x\n---\n",
        b"no final newline",
        b"mixed\r\nendings\nand\rlone cr",
        b"\xef\xbb\xbf\xef\xbb\xbfdouble bom",
    ],
)
def test_decode_encode_round_trips_byte_for_byte(raw: bytes) -> None:
    assert encode(decode(raw)) == raw


def test_decode_strips_bom_and_keeps_crlf() -> None:
    decoded = decode(b"\xef\xbb\xbfa\r\nb")
    assert decoded == Decoded("a\r\nb", True)
    assert decode(b"a\r\nb") == Decoded("a\r\nb", False)


@pytest.mark.parametrize("raw", [b"caf\xe9\n", b"\xef\xbb\xbfok\xff"])
def test_decode_refuses_non_utf8(raw: bytes) -> None:
    with pytest.raises(FixError) as info:
        decode(raw)
    assert info.value.code == "not-utf8"
    assert "UTF-8" in str(info.value)


# ---------------------------------------------------------------- plan


def test_unsafe_fix_skipped_unless_allowed() -> None:
    text = "titre : Bonjour"
    unsafe_fix = replace(text, "Bonjour", "Salut", safe=False)
    refused = plan(text, [unsafe_fix], unsafe=False)
    assert refused.accepted == ()
    assert [(s.fix, s.reason) for s in refused.skipped] == [(unsafe_fix, "unsafe")]
    allowed = plan(text, [unsafe_fix], unsafe=True)
    assert allowed.accepted == (unsafe_fix,)
    assert allowed.skipped == ()


def test_overlapping_fix_is_refused_first_one_wins() -> None:
    text = "abcdefgh"
    first = Fix((Edit(1, 4, "X"),))
    second = Fix((Edit(3, 6, "Y"),))
    result = plan(text, [first, second], unsafe=False)
    assert result.accepted == (first,)
    assert [(s.fix, s.reason) for s in result.skipped] == [(second, "overlap")]
    assert apply_edits(text, result.edits) == "aXefgh"


def test_overlap_checks_every_edit_of_a_multi_edit_fix() -> None:
    text = "0123456789"
    first = Fix((Edit(0, 1, "a"), Edit(8, 9, "b")))
    second = Fix((Edit(4, 5, "c"), Edit(7, 9, "d")))
    result = plan(text, [first, second], unsafe=False)
    assert result.accepted == (first,)
    assert result.skipped[0].reason == "overlap"


def test_touching_replacements_do_not_overlap() -> None:
    text = "abcdef"
    left, right = Fix((Edit(0, 3, "X"),)), Fix((Edit(3, 6, "Y"),))
    result = plan(text, [left, right], unsafe=False)
    assert result.accepted == (left, right)
    assert apply_edits(text, result.edits) == "XY"


def test_two_insertions_at_the_same_point_conflict() -> None:
    text = "abc"
    result = plan(text, [insert(1, "X"), insert(1, "Y")], unsafe=False)
    assert len(result.accepted) == 1
    assert result.skipped[0].reason == "overlap"


def test_insertion_inside_replaced_span_conflicts_but_not_at_its_edge() -> None:
    text = "abcdef"
    replaced = Fix((Edit(1, 4, "X"),))
    inside = plan(text, [replaced, insert(2, "!")], unsafe=False)
    assert inside.skipped[0].reason == "overlap"
    at_start = plan(text, [replaced, insert(1, "!")], unsafe=False)
    assert at_start.skipped == ()
    assert apply_edits(text, at_start.edits) == "a!Xef"


def test_fix_whose_own_edits_overlap_is_refused() -> None:
    text = "abcdef"
    broken = Fix((Edit(0, 3, "X"), Edit(2, 4, "Y")))
    good = Fix((Edit(4, 5, "Z"),))
    result = plan(text, [broken, good], unsafe=False)
    assert result.accepted == (good,)
    assert [(s.fix, s.reason) for s in result.skipped] == [(broken, "invalid")]
    assert "overlap" in result.skipped[0].detail


@pytest.mark.parametrize("bad", [Fix(()), Fix((Edit(2, 99, "x"),))])
def test_empty_or_out_of_range_fix_is_invalid(bad: Fix) -> None:
    result = plan("abc", [bad], unsafe=True)
    assert result.accepted == ()
    assert result.skipped[0].reason == "invalid"


def test_identical_fixes_apply_once() -> None:
    text = "tags: [a]"
    one = insert(8, ", b")
    same_edits_other_words = Fix(one.edits, description="another rule, same change")
    result = plan(text, [one, one, same_edits_other_words], unsafe=False)
    assert result.accepted == (one,)
    assert result.duplicates == 2
    assert result.skipped == ()
    assert result.covers(same_edits_other_words)
    assert apply_edits(text, result.edits) == "tags: [a, b]"


def test_fix_already_applied_is_reported_not_accepted() -> None:
    text = "layout: post"
    result = plan(text, [Fix((Edit(8, 12, "post"),))], unsafe=False)
    assert result.empty
    assert result.skipped[0].reason == "already-applied"


# ---------------------------------------------------------------- apply_edits


def test_apply_edits_uses_offsets_of_the_original_text() -> None:
    text = "un deux trois"
    edits = [Edit(8, 13, "3"), Edit(0, 2, "1"), Edit(3, 7, "deuxième")]
    assert apply_edits(text, edits) == "1 deuxième 3"


def test_apply_edits_without_edits_is_identity() -> None:
    assert apply_edits("abc\r\n", []) == "abc\r\n"


def test_apply_edits_refuses_overlap() -> None:
    with pytest.raises(FixError):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(1, 2, "y")])


# ---------------------------------------------------------------- changed_outside


def test_changed_outside_accepts_exact_application_with_shifts() -> None:
    old = "title: a\nlayout: pots\ntags: [x]\n"
    edits = [Edit(7, 8, "A much longer title"), Edit(17, 21, "post")]
    new = apply_edits(old, edits)
    assert not changed_outside(old, new, edits)


def test_changed_outside_accepts_any_text_in_the_spans() -> None:
    # A caller that re-serialised the span differently is still fine.
    old = "a: 1\nb: 2\nc: 3\n"
    edits = [Edit(8, 9, "2")]
    assert not changed_outside(old, "a: 1\nb: '2'  # quoted\nc: 3\n", edits)


def test_changed_outside_detects_a_change_after_a_shift() -> None:
    old = "a: 1\nb: 2\nc: 3\n"
    edits = [Edit(3, 4, "100")]
    assert changed_outside(old, "a: 100\nb: 2\nc: 4\n", edits)
    assert changed_outside(old, "a: 100\nb: 2\nc: 3", edits)
    assert changed_outside(old, "A: 100\nb: 2\nc: 3\n", edits)


def test_changed_outside_detects_lost_middle_text() -> None:
    old = "[x] keep [y]"
    edits = [Edit(0, 3, "X"), Edit(9, 12, "Y")]
    assert not changed_outside(old, "X keep Y", edits)
    assert changed_outside(old, "X kept Y", edits)
    assert changed_outside(old, "XY", edits)


def test_changed_outside_with_insertion_and_no_edits() -> None:
    old = "ab"
    assert not changed_outside(old, "a--b", [Edit(1, 1, "")])
    assert changed_outside(old, "a--c", [Edit(1, 1, "")])
    assert not changed_outside(old, "ab", [])
    assert changed_outside(old, "abc", [])


# ---------------------------------------------------------------- unified_diff


def test_unified_diff_labels_and_content() -> None:
    diff = unified_diff("_posts/x.md", "a\nb\nc\n", "a\nB\nc\n")
    assert diff.startswith("--- a/_posts/x.md\n+++ b/_posts/x.md\n")
    assert "-b\n+B\n" in diff


def test_unified_diff_marks_missing_final_newline() -> None:
    diff = unified_diff("p.md", "a\nb", "a\nc")
    assert "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n" in diff


def test_unified_diff_empty_when_unchanged() -> None:
    assert unified_diff("p.md", "same\n", "same\n") == ""


# ---------------------------------------------------------------- fix_file


def test_crlf_preserved_and_bare_newlines_in_replacements_adapted(tmp_path: Path) -> None:
    raw = b"---\r\ntitle: Bonjour\r\nlayout: post\r\n---\r\nCorps\r\n"
    path = write(tmp_path, raw)
    text = decode(raw).text
    at = text.index("layout")
    fixes = [replace(text, "Bonjour", "Salut"), insert(at, "author: Ana\n")]
    result = fix_file(path, fixes)
    assert result.written and result.applied == tuple(fixes)  # the caller's own objects
    assert path.read_bytes() == b"---\r\ntitle: Salut\r\nauthor: Ana\r\nlayout: post\r\n---\r\nCorps\r\n"


def test_mixed_line_endings_are_left_as_written(tmp_path: Path) -> None:
    raw = b"a\r\nb\nc\n"
    path = write(tmp_path, raw)
    fix_file(path, [insert(0, "z\n")])
    assert path.read_bytes() == b"z\na\r\nb\nc\n"


def test_bom_preserved(tmp_path: Path) -> None:
    raw = "\ufeff---\ntitle: Café\n---\n".encode()
    path = write(tmp_path, raw)
    text = decode(raw).text
    assert text.startswith("---")  # offsets exclude the BOM
    fix_file(path, [replace(text, "Café", "Thé")])
    assert path.read_bytes() == "\ufeff---\ntitle: Thé\n---\n".encode()


def test_missing_final_newline_preserved(tmp_path: Path) -> None:
    path = write(tmp_path, b"---\ntitle: x\n---\nfin")
    text = path.read_text()
    fix_file(path, [replace(text, "x", "y")])
    assert path.read_bytes() == b"---\ntitle: y\n---\nfin"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_file_mode_preserved(tmp_path: Path, mode: int) -> None:
    path = write(tmp_path, b"a\n")
    path.chmod(mode)
    fix_file(path, [insert(0, "b")])
    assert path.read_bytes() == b"ba\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_untouched_yaml_lines_keep_comments_and_key_order(tmp_path: Path) -> None:
    front = (
        "---\n"
        "# Relu par l'équipe\n"
        "title: Un titre : deux points\n"
        "zeta: 1  # garder cette clé en premier\n"
        "layout: post\n"
        "tags:\n"
        "  - outil   # tag principal\n"
        "  - design\n"
        "alpha: true\n"
        "---\n"
        "Texte.\n"
    )
    path = write(tmp_path, front.encode())
    fixed = fix_file(path, [replace(front, "Un titre : deux points", '"Un titre : deux points"')])
    new = path.read_text()
    old_lines, new_lines = front.splitlines(), new.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed == [2]
    assert len(old_lines) == len(new_lines)
    data = yaml.load(new.split("---\n")[1], Loader=SafeLoader)
    assert list(data) == ["title", "zeta", "layout", "tags", "alpha"]
    assert data["title"] == "Un titre : deux points"
    assert '-title: Un titre : deux points\n+title: "Un titre : deux points"\n' in fixed.diff


def test_nothing_to_do_leaves_file_and_mtime_untouched(tmp_path: Path) -> None:
    path = write(tmp_path, b"title: x\n")
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = path.stat()
    result = fix_file(path, [])
    assert not result.changed and not result.written
    assert result.diff == ""
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_refixing_is_a_no_op_and_does_not_rewrite(tmp_path: Path) -> None:
    path = write(tmp_path, b"layout: Post\n")
    first = fix_file(path, [Fix((Edit(8, 12, "post"),))])
    assert first.changed and first.written
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    again = fix_file(path, [Fix((Edit(8, 12, "post"),))])
    assert again.applied_count == 0 and not again.written
    assert [s.reason for s in again.skipped] == ["already-applied"]
    assert path.stat().st_mtime_ns == 1_000_000_000_000_000_000
    assert path.read_bytes() == b"layout: post\n"


def test_unsafe_fix_not_written_unless_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, b"date: 2019-1-5\n")
    unsafe_fix = Fix((Edit(6, 14, "2019-01-05"),), safe=False)
    result = fix_file(path, [unsafe_fix])
    assert not result.written and result.skipped[0].reason == "unsafe"
    assert path.read_bytes() == b"date: 2019-1-5\n"
    fix_file(path, [unsafe_fix], unsafe=True)
    assert path.read_bytes() == b"date: 2019-01-05\n"


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod"])
def test_interrupted_write_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = write(tmp_path, b"title: x\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(5, "simulated failure")

    monkeypatch.setattr(fixmod.os, failing, boom)
    with pytest.raises(FixError) as info:
        fix_file(path, [insert(0, "# ")])
    assert info.value.code == "unwritable"
    assert path.read_bytes() == b"title: x\n"
    assert leftovers(tmp_path, path) == []


def test_keyboard_interrupt_during_write_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, b"title: x\n")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fixmod.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fix_file(path, [insert(0, "# ")])
    assert path.read_bytes() == b"title: x\n"
    assert leftovers(tmp_path, path) == []


def test_file_changed_since_lint_is_refused(tmp_path: Path) -> None:
    linted = "title: x\n"
    path = write(tmp_path, b"title: xyz\n")
    result = fix_file(path, [replace(linted, "x", "y")], expected_text=linted)
    assert result.refused is not None and result.refused.code == "changed-since-lint"
    assert not result.changed and not result.written
    assert path.read_bytes() == b"title: xyz\n"


def test_expected_hash_checked_against_raw_bytes(tmp_path: Path) -> None:
    raw = b"title: x\n"
    path = write(tmp_path, raw)
    stale = fix_file(path, [insert(0, "#")], expected_sha256=content_hash(b"title: old\n"))
    assert stale.refused is not None and path.read_bytes() == raw
    fresh = fix_file(path, [insert(0, "#")], expected_sha256=content_hash(raw))
    assert fresh.refused is None and path.read_bytes() == b"#title: x\n"


def test_verify_false_leaves_file_untouched(tmp_path: Path) -> None:
    raw = b"title: x\n"
    path = write(tmp_path, raw)
    seen: list[str] = []

    def verify(new_text: str) -> bool:
        seen.append(new_text)
        return False

    result = fix_file(path, [insert(0, "# ")], verify=verify)
    assert seen == ["# title: x\n"]
    assert result.refused is not None and result.refused.code == "verify-failed"
    assert not result.changed and not result.written and result.applied == ()
    assert path.read_bytes() == raw
    assert leftovers(tmp_path, path) == []


def test_verify_may_explain_its_refusal(tmp_path: Path) -> None:
    path = write(tmp_path, b"title: x\n")

    def verify(new_text: str) -> bool:
        raise FixError("verify-failed", "le front matter n'est plus du YAML valide")

    result = fix_file(path, [insert(0, "title: [\n")], verify=verify)
    assert result.refused is not None
    assert result.refused.message == "le front matter n'est plus du YAML valide"


def test_verify_true_writes(tmp_path: Path) -> None:
    path = write(tmp_path, b"title: x\n")
    result = fix_file(path, [insert(0, "# ")], verify=lambda new: new.startswith("# "))
    assert result.written and path.read_bytes() == b"# title: x\n"


def test_write_false_reports_without_touching(tmp_path: Path) -> None:
    path = write(tmp_path, b"a\nb\n")
    result = fix_file(path, [insert(2, "X")], write=False, label="_posts/p.md")
    assert result.changed and not result.written
    assert result.new_text == "a\nXb\n"
    assert result.diff.startswith("--- a/_posts/p.md\n")
    assert path.read_bytes() == b"a\nb\n"


def test_non_utf8_file_is_refused_and_untouched(tmp_path: Path) -> None:
    raw = b"title: caf\xe9\n"
    path = write(tmp_path, raw)
    result = fix_file(path, [insert(0, "#")])
    assert result.refused is not None and result.refused.code == "not-utf8"
    assert path.read_bytes() == raw


def test_missing_file_raises_fix_error(tmp_path: Path) -> None:
    with pytest.raises(FixError) as info:
        fix_file(tmp_path / "absent.md", [insert(0, "#")])
    assert info.value.code == "unreadable"


def test_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path, b"a\n", "real.md")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    fix_file(link, [insert(0, "b")])
    assert link.is_symlink()
    assert real.read_bytes() == b"ba\n"
