"""--fix with the eig preset's typography rules on a copy of the real corpus:
only prose characters change; code, URLs and Liquid stay byte for byte."""

from __future__ import annotations

import os
import re
import shutil
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from postlint.api import lint_paths, load_config
from postlint.fix.apply import fix_paths

_DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "eig-site"
CORPUS = Path(os.environ.get("POSTLINT_CORPUS") or _DEFAULT)

#: what a typography fix may insert or remove.
PROSE_CHARS = set(" \u00a0\u202f\"'’«»….–-,") | set("erèmidnsEI0123456789")
_PRESERVED = [
    re.compile(r"```.*?```", re.DOTALL),
    re.compile(r"(?<!`)`[^`\n]+`(?!`)"),
    re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL),
    re.compile(r"https?://[^\s)\"'<>]+"),
    re.compile(r"\]\([^)\s]+\)"),
]


@pytest.fixture(scope="module")
def fixed_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set POSTLINT_CORPUS)")
    copy = tmp_path_factory.mktemp("corpus") / "eig-site"
    shutil.copytree(CORPUS, copy)
    config = load_config(copy, preset="eig", overrides={"select": ["PL6"]})
    report = fix_paths(lint_paths([copy], config=config))
    assert report.applied > 100
    return CORPUS, copy


def _changed(original: Path, copy: Path) -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(copy.rglob("*.md")):
        rel = path.relative_to(copy)
        before = (original / rel).read_text(encoding="utf-8-sig")
        after = path.read_text(encoding="utf-8-sig")
        if before != after:
            out.append((rel.as_posix(), before, after))
    return out


def _changed_spans(before: str, after: str) -> list[tuple[str, str]]:
    """Every changed run of characters, ``(old, new)``: the changed lines
    first, then the characters within each changed block of lines (the
    same answer as comparing whole files character by character, in a
    fraction of the time)."""
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    spans = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op != "equal":
                spans.append((old[a1:a2], new[b1:b2]))
    return spans


def test_changed_spans_are_every_changed_character() -> None:
    before = "Un mot : oui.\nLigne stable.\n« a »\n"
    after = "Un mot\u00a0: oui.\nLigne stable.\n«\u00a0a\u00a0»\n"
    assert _changed_spans(before, after) == [(" ", "\u00a0")] * 3
    assert _changed_spans(before, before) == []
    assert _changed_spans("a\nb\n", "a\nbc\n") == [("", "c")]


def test_only_prose_characters_change(fixed_copy: tuple[Path, Path]) -> None:
    changed = _changed(*fixed_copy)
    assert len(changed) > 50
    assert not any(rel.startswith("en/") for rel, _, _ in changed)  # English translations untouched
    for rel, before, after in changed:
        for old, new in _changed_spans(before, after):
            assert set(old) | set(new) <= PROSE_CHARS, (rel, old, new)


def test_code_urls_and_liquid_are_unchanged(fixed_copy: tuple[Path, Path]) -> None:
    for rel, before, after in _changed(*fixed_copy):
        for pattern in _PRESERVED:
            for m in pattern.finditer(before):
                assert m.group(0) in after, (rel, m.group(0))


def test_a_second_run_finds_nothing_safe(fixed_copy: tuple[Path, Path]) -> None:
    _, copy = fixed_copy
    config = load_config(copy, preset="eig", overrides={"select": ["PL6"]})
    left = [d for d in lint_paths([copy], config=config).diagnostics if d.fix is not None and d.fix.safe]
    assert left == []
