"""PL201/PL202 on front-matter asset fields."""

from __future__ import annotations

import tempfile
from pathlib import Path

from founding_helpers import VALID_POST, found, lint, make_site, post_with

P = "_posts/"


def run(tmp_path: Path, image: str, config: str = 'preset = "eig"\n') -> list[tuple[int, int, str]]:
    site = make_site(Path(tempfile.mkdtemp(dir=tmp_path)), {P + "2024-01-01-a.md": post_with(image=image)}, config=config)
    (site / "img" / "blog" / "Photo.PNG").write_bytes(b"x")
    return [(line, col, code) for _, line, col, code in found(lint(site))]


def test_existing_asset_and_urls_pass(tmp_path: Path) -> None:
    assert run(tmp_path, "/img/blog/atelier.png") == []
    assert run(tmp_path, "https://exemple.fr/img.png") == []


def test_pl201_missing_asset(tmp_path: Path) -> None:
    assert run(tmp_path, "/img/blog/absente.png") == [(6, 8, "PL201")]


def test_pl201_suggests_a_near_name(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": post_with(image="/img/blog/ateliers.png")})
    [diag] = lint(site).diagnostics
    assert "did you mean /img/blog/atelier.png" in diag.message


def test_pl201_outside_the_root(tmp_path: Path) -> None:
    # a value the eig pattern accepts, that climbs out of the root
    assert (6, 8, "PL201") in run(tmp_path, "/img/../../../etc/passwd")


def test_pl202_case_mismatch_with_fix(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": post_with(image="/img/blog/photo.png")})
    (site / "img" / "blog" / "Photo.PNG").write_bytes(b"x")
    [diag] = lint(site).diagnostics
    assert (diag.line, diag.column, diag.code) == (6, 8, "PL202")
    assert diag.fix is not None and diag.fix.safe
    post_text = (site / P / "2024-01-01-a.md").read_text()
    [edit] = diag.fix.edits
    assert post_text[edit.start : edit.end] == "/img/blog/photo.png"
    assert edit.replacement == "/img/blog/Photo.PNG"


def test_pl202_is_a_warning_on_case_insensitive_hosts(tmp_path: Path) -> None:
    config = 'preset = "eig"\n[links]\ncase-insensitive-host = true\n'
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": post_with(image="/img/blog/photo.png")}, config=config)
    (site / "img" / "blog" / "Photo.PNG").write_bytes(b"x")
    [diag] = lint(site).diagnostics
    assert (diag.code, diag.severity.value) == ("PL202", "warning")


def test_valid_post_has_no_asset_finding(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": VALID_POST})
    assert found(lint(site)) == []
