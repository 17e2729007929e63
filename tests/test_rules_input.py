"""PL0xx: bad input gives one clear diagnostic at a position, exit 1, no
traceback, and the run goes on with the other files."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from founding_helpers import VALID_POST, codes_of, found, lint, make_site, post_with, run_cli
from postlint.api import lint_paths

P = "_posts/"
BOMB = "\n".join(
    [
        "a: &a [x, x, x, x, x, x, x, x, x]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
        "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    ]
)

#: file -> (content, the one expected finding as (line, column, code)) ;
#: None: the file is valid.
BAD_INPUTS: dict[str, tuple[str | bytes, list[tuple[int, int, str]]]] = {
    "2024-01-01-titre.md": (VALID_POST.replace("title: Un atelier réussi", "title: Atelier : ce que nous avons appris"), [(3, 1, "PL007")]),
    "2024-01-02-ouvert.md": ("---\ntitle: a\nlayout: post\n\nTexte.\n", [(1, 1, "PL006")]),
    "2024-01-03-vide.md": ("---\n---\nTexte.\n", [(1, 1, "PL013")]),
    "2024-01-04-liste.md": ("---\n- title: a\n- layout: post\n---\n", [(2, 1, "PL009")]),
    "2024-01-05-scalaire.md": ("---\nun simple texte\n---\n", [(2, 1, "PL009")]),
    "2024-01-06-bom.md": (b"\xef\xbb\xbf" + post_with(twitter='"@camille"').encode(), [(7, 10, "PL102")]),
    "2024-01-07-crlf.md": (post_with(twitter='"@camille"').replace("\n", "\r\n").encode(), [(7, 10, "PL102")]),
    "2024-01-08-latin1.md": (VALID_POST.encode("latin-1", "replace"), [(3, 20, "PL002")]),
    "2024-01-09-rien.md": (b"", [(1, 1, "PL005")]),
    "2024-01-10-binaire.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [(1, 1, "PL003")]),
    "2024-01-12-alias.md": (VALID_POST.replace("author: Camille Martin", "author: &moi Camille Martin\nsignature: *moi"), []),
    "2024-01-13-bombe.md": ("---\n" + BOMB + "\n---\n", [(2, 1, "PL012")]),
    "2024-01-14-double.md": (VALID_POST.replace("layout: post\n", "layout: post\nlayout: post\n"), [(3, 1, "PL010")]),
    "2024-01-15-cles.md": (VALID_POST.replace("layout: post\n", "layout: post\n1: x\n? [a, b]\n: x\ntrue: x\n"),
                           [(3, 1, "PL011"), (4, 3, "PL011"), (6, 1, "PL011")]),
    "2024-01-16-date.md": (VALID_POST.replace("layout: post\n", "layout: post\ndate: 2024-02-30\n"), [(3, 7, "PL008")]),
    "2024-01-17-valide.md": (VALID_POST, []),
}


@pytest.fixture
def bad_site(tmp_path: Path) -> Path:
    files = {P + name: content for name, (content, _) in BAD_INPUTS.items()}
    files[P + "2024-01-11-gros.md"] = b"---\ntitle: a\n---\n" + b"x" * (5 * 1024 * 1024)
    return make_site(tmp_path / "site", files)


def test_each_bad_input_gives_its_one_diagnostic(bad_site: Path) -> None:
    result = lint(bad_site)
    by_file: dict[str, list[tuple[int, int, str]]] = {}
    for path, line, column, code in found(result):
        by_file.setdefault(path, []).append((line, column, code))
    for name, (_, expected) in BAD_INPUTS.items():
        assert by_file.get(P + name, []) == expected, name
    assert by_file[P + "2024-01-11-gros.md"] == [(1, 1, "PL004")]
    assert len(result.files) == len(BAD_INPUTS) + 1


def test_messages_are_clear(bad_site: Path) -> None:
    messages = {d.path.rsplit("/", 1)[-1]: d.message for d in lint(bad_site).diagnostics}
    assert "`title` contains ': ' and must be put in quotes" in messages["2024-01-01-titre.md"]
    assert "byte 0xE9" in messages["2024-01-08-latin1.md"]
    # the limit: 10,000 values plus 4 per character of the front matter
    assert re.search(r"aliases expand to more than 1\d{4} values; it was not read", messages["2024-01-13-bombe.md"])
    assert "`date`: 2024-02-30 is not a real date" in messages["2024-01-16-date.md"]
    assert "is a list" in messages["2024-01-04-liste.md"]


def test_bad_inputs_through_the_real_cli(bad_site: Path) -> None:
    started = time.perf_counter()
    proc = run_cli("check", str(bad_site), "--format", "text", cwd=bad_site)
    assert time.perf_counter() - started < 15
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr == ""
    for name, (_, expected) in BAD_INPUTS.items():
        for line, column, code in expected:
            assert f"{P}{name}:{line}:{column}: {code} " in proc.stdout
    assert f"{P}2024-01-11-gros.md:1:1: PL004 " in proc.stdout


def test_missing_path_and_directory_through_the_cli(bad_site: Path) -> None:
    proc = run_cli("check", "_posts/2024-01-17-valide.md", "_post/nope.md", "_posts", cwd=bad_site)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "_post/nope.md:1:1: PL015 no such file or folder" in proc.stdout
    assert f"{P}2024-01-13-bombe.md:2:1: PL012" in proc.stdout  # the directory was walked


def test_valid_file_alone_exits_0(bad_site: Path) -> None:
    proc = run_cli("check", "_posts/2024-01-17-valide.md", cwd=bad_site)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert "no problems in 1 file" in proc.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST, P + "2024-01-02-b.md": VALID_POST})
    target = site / P / "2024-01-01-a.md"
    target.chmod(0)
    try:
        proc = run_cli("check", str(site), cwd=site)
    finally:
        target.chmod(0o644)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{P}2024-01-01-a.md:1:1: PL001 cannot read this file" in proc.stdout


def test_unreadable_file_monkeypatched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST, P + "2024-01-02-b.md": VALID_POST})
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "2024-01-01-a.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = lint(site)
    assert found(result) == [(P + "2024-01-01-a.md", 1, 1, "PL001")]
    assert "Permission denied" in result.diagnostics[0].message
    assert result.exit_code == 1


def test_missing_front_matter(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        P + "2024-01-01-a.md": "Pas d'en-tête.\n",
        P + "2024-01-02-b.md": "\n---\ntitle: a\n---\n",
        "page.md": "Pas d'en-tête, mais pas de schéma.\n",
    })
    assert found(lint(site)) == [(P + "2024-01-01-a.md", 1, 1, "PL014"), (P + "2024-01-02-b.md", 2, 1, "PL014")]


def test_empty_front_matter_only_with_a_schema(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"page.md": "---\n---\n", P + "2024-01-01-a.md": VALID_POST})
    assert found(lint(site)) == []


def test_max_file_size_is_configurable(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST}, config='preset = "eig"\nmax-file-size = 100\n')
    assert codes_of(lint(site)) == ["PL004"]


def test_path_not_found_through_the_api(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST})
    result = lint_paths([site / P / "2024-01-01-a.md", site / "nope.md"])
    assert found(result) == [("nope.md", 1, 1, "PL015")]
