"""PL1xx rules: a failing and a passing case each, at the right position."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from founding_helpers import VALID_POST, found, lint, make_site, post_with

P = "_posts/"


def one(tmp_path: Path, name: str, text: str, config: str = 'preset = "eig"\n') -> list[tuple[int, int, str]]:
    site = make_site(Path(tempfile.mkdtemp(dir=tmp_path)), {P + name: text}, config=config)
    return [(line, col, code) for _, line, col, code in found(lint(site))]


def test_valid_post_passes(tmp_path: Path) -> None:
    assert one(tmp_path, "2024-01-01-a.md", VALID_POST) == []


def test_pl101_missing_key(tmp_path: Path) -> None:
    assert one(tmp_path, "2024-01-01-a.md", post_with(author=None)) == [(1, 1, "PL101")]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"twitter": '"@camille"'}, (7, 10, "PL102")),
        ({"layout": "page"}, (2, 9, "PL102")),
        ({"image": "img/blog/atelier.png"}, (6, 8, "PL102")),
        ({"tags": "42"}, (8, 7, "PL305")),
        ({"description": "''"}, (5, 14, "PL102")),
    ],
)
def test_pl102_invalid_value(tmp_path: Path, change: dict[str, str], expected: tuple[int, int, str]) -> None:
    assert one(tmp_path, "2024-01-01-a.md", post_with(**change)) == [expected]


def test_pl103_unknown_key(tmp_path: Path) -> None:
    text = VALID_POST.replace("layout: post\n", "layout: post\nautor: x\n")
    assert one(tmp_path, "2024-01-01-a.md", text) == []  # eig allows unknown keys
    assert one(tmp_path, "2024-01-01-a.md", text, config='preset = "eig"\nunknown-keys = "warn"\n') == [(3, 1, "PL103")]


def test_pl104_file_name_date(tmp_path: Path) -> None:
    assert one(tmp_path, "2024-02-30-a.md", VALID_POST) == [(1, 1, "PL104")]
    dated = VALID_POST.replace("layout: post\n", "layout: post\ndate: 2024-03-02\n")
    assert one(tmp_path, "2024-03-01-a.md", dated) == [(3, 7, "PL107")]  # the URL follows `date:`
    assert one(tmp_path, "2024-03-02-a.md", dated) == []
    assert one(tmp_path, "24-03-02-a.md", dated) == []  # 24 is 2024
    assert one(tmp_path, "202-03-02-a.md", VALID_POST) == [(1, 1, "PL104")]
    assert one(tmp_path, "2024-13-02-a.md", VALID_POST) == [(1, 1, "PL104")]  # the build stops
    timed = VALID_POST.replace("layout: post\n", "layout: post\ndate: 2024-03-02 23:30:00 +0100\n")
    assert one(tmp_path, "2024-03-02-a.md", timed) == []


def test_pl104_message_variants(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        P + "2024-02-30-a.md": VALID_POST,
        P + "202-03-02-b.md": VALID_POST,
        P + "2024-03-01-c.md": VALID_POST.replace("layout: post\n", "layout: post\ndate: 2024-03-02\n"),
        P + "2024-13-02-d.md": VALID_POST,
    })
    messages = {d.path: d.message for d in lint(site).diagnostics}
    # Ruby rolls a day past the month's end into the next month, and Jekyll publishes the post then
    assert "2024-02-30, does not exist: Jekyll publishes the post on 2024-03-01" in messages[P + "2024-02-30-a.md"]
    assert "2024-13-02, is not a date Jekyll can read: the build stops" in messages[P + "2024-13-02-d.md"]
    assert "three digits" in messages[P + "202-03-02-b.md"]
    assert "`date` says 2024-03-02 but the file name says 2024-03-01" in messages[P + "2024-03-01-c.md"]


def test_pl105_undated_post_file_name(tmp_path: Path) -> None:
    assert one(tmp_path, "bilan.md", VALID_POST) == [(1, 1, "PL105")]
    assert one(tmp_path, "_bilan.md", VALID_POST) == []  # a draft
    assert one(tmp_path, "2024-01-01-bilan.md", VALID_POST) == []


def test_pl106_short_year_is_opt_in(tmp_path: Path) -> None:
    assert one(tmp_path, "18-02-27-a.md", VALID_POST) == []
    config = 'preset = "eig"\nextend-select = ["PL106"]\n'
    assert one(tmp_path, "18-02-27-a.md", VALID_POST, config=config) == [(1, 1, "PL106")]
    assert one(tmp_path, "2018-02-27-a.md", VALID_POST, config=config) == []
    site = make_site(tmp_path / "s2", {P + "70-01-01-a.md": VALID_POST}, config=config)
    assert "as 1970-01-01" in lint(site).diagnostics[0].message


def test_drafts_are_not_checked_against_the_schema(tmp_path: Path) -> None:
    assert one(tmp_path, "_2024-01-01-a.md", "---\ntitle: brouillon\n---\n") == []


def test_jekyll_preset_title_is_a_warning(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {P + "2024-01-01-a.md": "---\nlayout: post\n---\n"}, config='preset = "jekyll"\n')
    [diag] = lint(site).diagnostics
    assert (diag.code, diag.severity.value) == ("PL101", "warning")
    assert lint(site).exit_code == 0
