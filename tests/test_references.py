"""References between content and data files (PL501-PL503)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import pytest

from postlint.api import config_from_table, lint_paths
from postlint.config import ConfigError
from postlint.core.diagnostics import Diagnostic
from postlint.rules.references import references_of
from postlint.schemas import BaseFrontMatter
from postlint.schemas.types import Reference

CONFIG = """\
url: "https://example.gouv.fr"
collections:
  communaute:
    output: true
    permalink: /communaute/:year/:title.html
  startups:
    output: true
"""

PERSONNES = """\
Étienne David:
  link_to: /communaute/2017/etienne-david.html
  defis:
  - Geodata
Marie Dupont:
  link_to: /communaute/2018/marie-dupont.html
  defis:
  - Signaux faibles
"""

DEFIS = """\
Geodata:
  eigs:
  - Étienne David
Signaux Faibles:
  eigs:
  - Marie Dupond
"""

TABLE = {
    "files": [
        {"include": ["_communaute/*.md"], "schema": "personne"},
        {"include": ["_posts/*.md"], "schema": "offre"},
    ],
    "schemas": {
        "personne": {"extends": "page", "fields": {
            "nom": {"type": "reference", "required": True, "data": "_data/personnes.yml", "url-field": "link_to"}}},
        "offre": {"extends": "post", "fields": {"startup": {"type": "reference", "collection": "startups"}}},
    },
    "references": {"data": [
        {"file": "_data/personnes.yml", "field": "defis", "target": "_data/defis.yml"},
        {"file": "_data/defis.yml", "field": "eigs", "target": "_data/personnes.yml"},
    ]},
}


def build(root: Path, files: dict[str, str]) -> list[Diagnostic]:
    base = {
        "_config.yml": CONFIG,
        "_data/personnes.yml": PERSONNES,
        "_data/defis.yml": DEFIS,
        "_startups/la-bonne-boite.md": "---\ntitle: LBB\n---\n",
        "_communaute/2017-01-01-etienne-david.md": "---\nnom: Étienne David\n---\n",
    }
    for rel, text in {**base, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return lint_paths(config=config_from_table(TABLE, root)).diagnostics


def refs(found: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    return sorted((d.path, d.code, d.line, d.column) for d in found if d.code.startswith("PL5"))


def test_collection_reference(tmp_path: Path) -> None:
    found = build(tmp_path, {
        "_posts/2020-01-01-ok.md": "---\ntitle: A\nstartup: la-bonne-boite\n---\n",
        "_posts/2020-01-02-ko.md": "---\ntitle: B\nstartup: la-bone-boite\n---\n",
    })
    bad = [d for d in found if d.code == "PL501"]
    assert [(d.path, d.line, d.column) for d in bad] == [("_posts/2020-01-02-ko.md", 3, 10)]
    assert bad[0].params["suggestion"] == " (did you mean 'la-bonne-boite'?)"


def test_data_key_reference_with_accent_hint(tmp_path: Path) -> None:
    found = build(tmp_path, {"_communaute/2018-01-01-marie-dupont.md": "---\nnom: Marie Dupond\n---\n"})
    bad = [d for d in found if d.code == "PL501"]
    assert [(d.path, d.line, d.column) for d in bad] == [("_communaute/2018-01-01-marie-dupont.md", 2, 6)]
    assert bad[0].params["suggestion"] == " (did you mean 'Marie Dupont'?)"


def test_url_field_must_be_the_published_url(tmp_path: Path) -> None:
    found = build(tmp_path, {"_communaute/2019-01-01-marie-dupont.md": "---\nnom: Marie Dupont\n---\n"})
    bad = [d for d in found if d.code == "PL502"]
    assert [(d.path, d.line, d.column) for d in bad] == [("_data/personnes.yml", 6, 12)]
    assert bad[0].params["url"] == "/communaute/2019/marie-dupont.html"


def test_data_cross_checks_all_reported_at_data_positions(tmp_path: Path) -> None:
    found = build(tmp_path, {})
    assert refs(found) == [("_data/defis.yml", "PL503", 6, 5), ("_data/personnes.yml", "PL503", 8, 5)]


def test_valid_references_pass(tmp_path: Path) -> None:
    fixed = {"_data/defis.yml": DEFIS.replace("Dupond", "Dupont"),
             "_data/personnes.yml": PERSONNES.replace("Signaux faibles", "Signaux Faibles"),
             "_communaute/2018-01-01-marie-dupont.md": "---\nnom: Marie Dupont\n---\n"}
    assert refs(build(tmp_path, fixed)) == []


def test_reference_marker_for_python_schemas() -> None:
    class Offre(BaseFrontMatter):
        startup: Optional[Annotated[str, Reference(collection="startups")]] = None

    assert references_of(Offre) == {"startup": Reference(collection="startups")}


def test_reference_needs_a_target(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        config_from_table({"schemas": {"s": {"fields": {"x": {"type": "reference"}}}}}, tmp_path)


def test_eig_preset_cross_checks(tmp_path: Path) -> None:
    files = {
        "_config.yml": CONFIG,
        "_data/personnes.yml": PERSONNES,
        "_data/defis.yml": DEFIS,
        "_data/promos.yml": "EIG 1:\n  defi: Geodatta\n",
        "_communaute/2017-01-01-etienne-david.md": "---\nlayout: personne\nnom: Etienne David\n---\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = lint_paths(config=config_from_table({"preset": "eig"}, tmp_path)).diagnostics
    assert refs(found) == [
        ("_communaute/2017-01-01-etienne-david.md", "PL501", 3, 6),
        ("_data/defis.yml", "PL503", 6, 5),
        ("_data/personnes.yml", "PL503", 8, 5),
        ("_data/promos.yml", "PL503", 2, 9),
    ]


def test_references_find_items_under_collections_dir(tmp_path: Path) -> None:
    from founding_helpers import write
    from postlint.api import config_from_table, lint_paths

    write(tmp_path, {
        "_config.yml": "collections_dir: contenu\ncollections:\n  startups:\n    output: true\n",
        "contenu/_startups/la-bonne-boite.md": "---\ntitle: LBB\n---\n",
        "contenu/_posts/2024-01-01-a.md": "---\ntitle: A\nstartup: la-bonne-boite\n---\n",
        "contenu/_posts/2024-01-02-b.md": "---\ntitle: B\nstartup: la-mauvaise-boite\n---\n",
    })
    table = {"files": [{"include": ["contenu/_posts/*.md"], "schema": "p"}],
             "schemas": {"p": {"fields": {"startup": {"type": "reference", "collection": "startups"}}}}}
    found = lint_paths([], config=config_from_table(table, tmp_path)).diagnostics
    assert [(d.path, d.code) for d in found if d.code.startswith("PL5")] == [("contenu/_posts/2024-01-02-b.md", "PL501")]
