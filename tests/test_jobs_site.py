"""The worked example of docs/job-offers.md on a site of 30 offers
(tests/jobs_site.py): every planted contradiction is reported at its key,
and the consistent offers get nothing; then mark-filled / mark-closed make
the contradicting offers consistent."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import jobs_site
from postlint.api import lint_paths
from postlint.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs" / "job-offers.md"


def worked_example() -> str:
    """The TOML block of the docs' worked example, as a site would copy it."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Worked example", 1)[1]
    match = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert match, "the worked example has no TOML block"
    return match.group(1)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "offres-site"
    config = worked_example().replace('[jobs]\n', f'[jobs]\ntoday = {jobs_site.TODAY}\n', 1)
    jobs_site.write_site(root, config)
    return root


def findings(root: Path) -> list[tuple[str, str, int]]:
    result = lint_paths([root], config_file=root / "postlint.toml")
    return [(d.path, d.code, d.line) for d in result.diagnostics if d.code.startswith("PL4")]


def test_the_site_is_as_described() -> None:
    offers = jobs_site.OFFERS
    assert len(offers) == 30
    planted = [p for o in offers for p in o.planted]
    assert Counter(p.code for p in planted) == {"PL405": 15, "PL407": 1, "PL406": 1}
    assert sum(1 for o in offers if not o.planted) == 14
    keys = {line.split(":")[0] for o in offers for line in o.front.splitlines()}
    assert {"open", "status", "poste_pourvu", "poste_ferme", "poste_ouvert", "post_ouvert",
            "depublication_date"} <= keys


def test_every_planted_contradiction_is_reported_at_its_key_and_nothing_else(site: Path) -> None:
    found = findings(site)
    assert len(found) == len(set(found)), "a finding is reported twice"
    assert set(found) == jobs_site.expected_findings()
    consistent = {jobs_site.path_of(o) for o in jobs_site.OFFERS if not o.planted}
    assert not [f for f in found if f[0] in consistent]


def test_marking_the_contradicting_offers_leaves_nothing_to_report(site: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    filled: list[str] = []
    closed: list[str] = []
    for offer in jobs_site.OFFERS:
        if any(p.code == "PL405" for p in offer.planted):
            target = filled if "poste_pourvu: true" in offer.front or "status: filled" in offer.front else closed
            target.append(str(site / jobs_site.path_of(offer)))
    assert main(["mark-filled", *filled]) == 0
    assert main(["mark-closed", *closed]) == 0
    capsys.readouterr()
    assert {f[1] for f in findings(site)} == {"PL406", "PL407"}  # the two mistakes that are not status ones
    before = {p: p.read_bytes() for p in site.rglob("*.md")}
    assert main(["mark-filled", *filled]) == 0 and main(["mark-closed", *closed]) == 0
    assert {p: p.read_bytes() for p in site.rglob("*.md")} == before
