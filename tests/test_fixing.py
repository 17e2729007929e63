from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from postlint.cli import main
from postlint.core.diagnostics import Edit, Fix
from postlint.fix import edits as fixmod
from postlint.fix.apply import fix_post_file

CONFIG = """\
[jobs]
today = 2024-06-01

[jobs.filled]
title-marker = "[OFFRE POURVUE]"
body-notice = "Cette offre a été pourvue"
flag-key = "filled"
"""

# Marked filled by title and notice, not by the flag: one safe fix.
HALF_MARKED = """\
---
# the offer's title, as shown on the blog
title: "[OFFRE POURVUE] Offre d'emploi, chargée de mission"
author: 'Camille'   # keep this comment
layout: post
tags: [recrutement]
---

### Offre d'emploi « Chargée de mission »

_Cette offre a été pourvue._

## Vos missions

- suivre les équipes

## Rejoignez-nous

Écrivez à jobs@exemple.fr.
"""

# No signal, deadline passed: stale, with an unsafe "mark filled" fix.
STALE = """\
---
title: Offre de stage, appui au programme
layout: post
---

### Offre de stage « Appui »

Introduction.

## Tes missions potentielles

- aider

## Rejoins-nous

Écris à stage@exemple.fr avant le 16 décembre 2023.
"""


def site(tmp_path: Path, **posts: str) -> Path:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "postlint.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in posts.items():
        (root / "_posts" / f"{name}.md").write_bytes(text.encode("utf-8"))
    return root


def post_path(root: Path, name: str) -> Path:
    return root / "_posts" / f"{name}.md"


# ---------------------------------------------------------------- check --fix


def test_fix_adds_the_third_signal_and_reports_what_remains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2024-01-10-offre": HALF_MARKED})
    path = post_path(root, "2024-01-10-offre")
    assert main(["check", str(root), "--fix"]) == 0
    out = capsys.readouterr().out
    assert "Applied 1 fix to 1 file." in out
    assert "PL405" not in out
    expected = HALF_MARKED.replace("tags: [recrutement]\n", "tags: [recrutement]\nfilled: true\n")
    assert path.read_text(encoding="utf-8") == expected


def test_second_fix_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2024-01-10-offre": HALF_MARKED})
    path = post_path(root, "2024-01-10-offre")
    main(["check", str(root), "--fix"])
    first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    capsys.readouterr()
    main(["check", str(root), "--fix"])
    assert "Applied 0 fixes to 0 files." in capsys.readouterr().out
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == mtime


def test_diff_prints_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2024-01-10-offre": HALF_MARKED})
    path = post_path(root, "2024-01-10-offre")
    assert main(["check", str(root), "--diff"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("--- a/_posts/2024-01-10-offre.md\n+++ b/_posts/2024-01-10-offre.md\n")
    assert "+filled: true\n" in captured.out
    assert "Would apply 1 fix to 1 file." in captured.err
    assert path.read_text(encoding="utf-8") == HALF_MARKED


def test_diff_with_nothing_to_fix_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2024-01-10-offre": HALF_MARKED.replace("tags: [recrutement]\n", "tags: [recrutement]\nfilled: true\n")})
    assert main(["check", str(root), "--diff"]) == 0
    assert capsys.readouterr().out == ""


def test_unsafe_fixes_need_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2023-11-20-stage": STALE})
    path = post_path(root, "2023-11-20-stage")
    main(["check", str(root), "--fix"])
    out = capsys.readouterr().out
    assert "Applied 0 fixes to 0 files. 1 unsafe fix not applied (use --unsafe-fixes)." in out
    assert "PL406" in out
    assert path.read_text(encoding="utf-8") == STALE
    assert main(["check", str(root), "--fix", "--unsafe-fixes"]) == 0
    out = capsys.readouterr().out
    assert "Applied 1 fix to 1 file." in out and "PL4" not in out
    text = path.read_text(encoding="utf-8")
    assert 'title: "[OFFRE POURVUE] Offre de stage, appui au programme"\n' in text
    assert "layout: post\nfilled: true\n---\n" in text
    assert "### Offre de stage « Appui »\n\n_Cette offre a été pourvue._\n\nIntroduction." in text


def test_crlf_bom_comments_and_key_order_preserved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = b"\xef\xbb\xbf" + HALF_MARKED.replace("\n", "\r\n").encode("utf-8")
    root = site(tmp_path)
    path = post_path(root, "2024-01-10-offre")
    path.write_bytes(raw)
    path.chmod(0o640)
    assert main(["check", str(root), "--fix"]) == 0
    assert "Applied 1 fix" in capsys.readouterr().out
    expected = raw.replace(b"tags: [recrutement]\r\n", b"tags: [recrutement]\r\nfilled: true\r\n")
    assert path.read_bytes() == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_interrupted_write_leaves_the_file_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path, **{"2024-01-10-offre": HALF_MARKED})
    path = post_path(root, "2024-01-10-offre")

    def fail(src: str, dst: str) -> None:  # the temp file is written, the rename fails
        assert Path(src).read_bytes() != path.read_bytes()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fixmod.os, "replace", fail)
    main(["check", str(root), "--fix"])
    captured = capsys.readouterr()
    assert "not fixed: cannot write" in captured.err
    assert "PL405" in captured.out  # still reported: nothing was fixed
    assert path.read_text(encoding="utf-8") == HALF_MARKED
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


# ---------------------------------------------------------------- verification


def test_overlapping_edits_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    text = "---\ntitle: Bonjour\n---\n\nTexte\n"
    path.write_text(text, encoding="utf-8")
    at = text.index("Bonjour")
    first = Fix((Edit(at, at + 7, "Salut"),))
    second = Fix((Edit(at + 3, at + 7, "soir"),))
    done = fix_post_file(path, "post.md", text, [first, second])
    assert done.result is not None
    assert done.result.applied == (first,)
    assert [s.reason for s in done.result.skipped] == ["overlap"]
    assert path.read_text(encoding="utf-8") == text.replace("Bonjour", "Salut")


def test_fix_that_breaks_the_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    text = "---\ntitle: Bonjour\nauthor: Camille\n---\n\nTexte\n"
    path.write_text(text, encoding="utf-8")
    at = text.index("Bonjour")
    done = fix_post_file(path, "post.md", text, [Fix((Edit(at, at + 7, "[Bonjour"),))])
    assert done.result is not None and done.result.refused is not None
    assert "would not load cleanly" in done.result.refused.message
    assert path.read_text(encoding="utf-8") == text


def test_fix_changing_an_untouched_key_is_refused(tmp_path: Path) -> None:
    # inserting a second `author` changes the value of a key the fix did not target
    path = tmp_path / "post.md"
    text = "---\ntitle: Bonjour\nauthor: Camille\n---\n\nTexte\n"
    path.write_text(text, encoding="utf-8")
    at = text.index("---\n\n")
    done = fix_post_file(path, "post.md", text, [Fix((Edit(at, at, "author: Louise\n"),))])
    assert done.result is not None and done.result.refused is not None
    assert path.read_text(encoding="utf-8") == text


def test_fix_commenting_out_an_untouched_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    text = "---\ntitle: Bonjour\nauthor: Camille\n---\n\nTexte\n"
    path.write_text(text, encoding="utf-8")
    at = text.index("author")
    done = fix_post_file(path, "post.md", text, [Fix((Edit(at, at, "# "),))])
    assert done.result is not None and done.result.refused is not None
    assert "`author` would disappear" in done.result.refused.message
    assert path.read_text(encoding="utf-8") == text


# ---------------------------------------------------------------- mark-filled

INTERNSHIP = """\
---
author: Équipe
title: 'Rejoins l''équipe : offre de stage « Appui »'
layout: post
---

### Offre de stage « Appui »

Introduction.

## Tes missions potentielles

- aider

## Rejoins-nous

Écris à stage@exemple.fr avant le 16 décembre 2023.
"""


def test_mark_filled_makes_the_editors_edits_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2023-11-20-stage": INTERNSHIP})
    path = post_path(root, "2023-11-20-stage")
    assert main(["mark-filled", str(path)]) == 0
    assert "marked filled (3 edits)" in capsys.readouterr().out
    expected = (
        INTERNSHIP.replace("title: 'Rejoins", "title: '[OFFRE POURVUE] Rejoins")
        .replace("layout: post\n", "layout: post\nfilled: true\n")
        .replace("### Offre de stage « Appui »\n", "### Offre de stage « Appui »\n\n_Cette offre a été pourvue._\n")
    )
    assert path.read_text(encoding="utf-8") == expected
    assert main(["mark-filled", str(path)]) == 0
    assert "already marked filled" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == expected
    assert main(["check", str(root)]) == 0
    assert "PL4" not in capsys.readouterr().out


def test_mark_filled_diff_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path, **{"2023-11-20-stage": INTERNSHIP})
    path = post_path(root, "2023-11-20-stage")
    assert main(["mark-filled", "--diff", str(path)]) == 0
    out = capsys.readouterr().out
    assert "+_Cette offre a été pourvue._\n" in out and "+filled: true\n" in out
    assert path.read_text(encoding="utf-8") == INTERNSHIP


def test_mark_filled_refuses_a_post_that_is_not_an_offer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = "---\ntitle: Le jury de sélection\ntags: [recrutement]\n---\n\n## Le jury\n\nRécit.\n"
    root = site(tmp_path, **{"2023-11-20-stage": INTERNSHIP, "2023-11-14-jury": story})
    jury = post_path(root, "2023-11-14-jury")
    assert main(["mark-filled", str(post_path(root, "2023-11-20-stage")), str(jury)]) == 1
    assert "not a job offer" in capsys.readouterr().err
    assert jury.read_text(encoding="utf-8") == story


def test_mark_filled_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site(tmp_path)
    assert main(["mark-filled", str(root / "_posts" / "absent.md")]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["mark-filled"])
    assert info.value.code == 2


def test_mark_filled_with_the_eig_preset_adds_marker_and_notice_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path, **{"2023-11-20-stage": INTERNSHIP})
    (root / "postlint.toml").write_text('preset = "eig"\n', encoding="utf-8")
    path = post_path(root, "2023-11-20-stage")
    assert main(["mark-filled", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "filled:" not in text
    assert "'[OFFRE POURVUE] Rejoins" in text and "_Cette offre a été pourvue._" in text


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_mark_filled_keeps_the_file_mode(tmp_path: Path) -> None:
    root = site(tmp_path, **{"2023-11-20-stage": INTERNSHIP})
    path = post_path(root, "2023-11-20-stage")
    path.chmod(0o600)
    assert main(["mark-filled", str(path)]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
