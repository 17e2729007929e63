"""PL601-PL609: French typography, each with a failing, a passing and an
excluded-region case, its fix, and idempotence of all fixes together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postlint.api import lint_paths, load_config
from postlint.core.diagnostics import Diagnostic
from postlint.fix.apply import fix_paths
from postlint.fix.edits import apply_edits, plan

NB, NNB = "\u00a0", "\u202f"
HEAD = "---\nlayout: post\ntitle: Un titre\n---\n"


def lint(tmp_path: Path, body: str, *, options: dict[str, Any] | None = None, head: str = HEAD,
         rel: str = "_posts/2024-01-01-a.md") -> list[Diagnostic]:
    overrides: dict[str, Any] = {"select": ["PL6"], "lang": "fr"}
    if options:
        overrides["typography"] = options
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + body, encoding="utf-8")
    config = load_config(tmp_path, overrides=overrides)
    return lint_paths([path], config=config).diagnostics


def codes(diags: list[Diagnostic], code: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message_id) for d in diags if d.code == code]


def fixed(tmp_path: Path, body: str, code: str, *, unsafe: bool = False, **kw: Any) -> str:
    diags = [d for d in lint(tmp_path, body, **kw) if d.code == code]
    text = HEAD + body
    fixes = [d.fix for d in diags if d.fix is not None]
    return apply_edits(text, plan(text, fixes, unsafe=unsafe).edits)[len(HEAD):]


L = 5  # first body line


# -- PL601 ------------------------------------------------------------------------------
def test_pl601_ordinary_and_missing(tmp_path: Path) -> None:
    diags = lint(tmp_path, "Pourquoi ? Voici: un an ; enfin!\n")
    assert codes(diags, "PL601") == [(L, 9, "ordinary"), (L, 17, "missing"), (L, 24, "ordinary"), (L, 32, "missing")]


def test_pl601_passes_and_false_positives(tmp_path: Path) -> None:
    body = (f"Pourquoi{NB}? Voici{NNB}: la suite.\nÀ 10:30 précises :) ou ;-) et{NB}?!\n"
            f"Quoi{NB}?! Vraiment{NB}?»\n: définition kramdown\n")
    assert codes(lint(tmp_path, body), "PL601") == []


def test_pl601_excluded_regions(tmp_path: Path) -> None:
    body = ("Voir `a: b` et [lien](https://x.fr/?a=b:c) ou {{ x | a: 1 }} et "
            "<span title=\"a: b\">x</span> ![img](/a.png) :sourire: mail@x.fr.\n\n```\nx: y ; z!\n```\n")
    assert codes(lint(tmp_path, body), "PL601") == []


def test_pl601_fix_and_narrow_mode(tmp_path: Path) -> None:
    assert fixed(tmp_path, "Pourquoi ? Voici: un an.\n", "PL601") == f"Pourquoi{NB}? Voici{NB}: un an.\n"
    narrow = fixed(tmp_path, f"Pourquoi{NB}? Voici : un an ; fin!\n", "PL601", options={"nbsp": "narrow"})
    assert narrow == f"Pourquoi{NNB}? Voici{NB}: un an{NNB}; fin{NNB}!\n"


def test_pl601_english_line_left_alone(tmp_path: Path) -> None:
    assert codes(lint(tmp_path, "The goal: to champion the digital transformation of the State!\n"), "PL601") == []


def test_pl601_front_matter_title(tmp_path: Path) -> None:
    head = "---\nlayout: post\ntitle: \"Tag: design\"\nauthor: \"A: b\"\n---\n"
    assert codes(lint(tmp_path, "Texte.\n", head=head), "PL601") == [(3, 12, "missing")]


def test_pl601_heading_fix_is_unsafe(tmp_path: Path) -> None:
    [diag] = lint(tmp_path, "## Le défi : agir\n")
    assert diag.fix is not None and not diag.fix.safe


# -- PL602 ------------------------------------------------------------------------------
def test_pl602_guillemets(tmp_path: Path) -> None:
    diags = lint(tmp_path, "Le « programme » et «défi».\n")
    assert codes(diags, "PL602") == [(L, 4, "open-ordinary"), (L, 15, "close-ordinary"),
                                     (L, 21, "open-missing"), (L, 26, "close-missing")]
    assert fixed(tmp_path, "Le « programme » et «défi».\n", "PL602") == f"Le «{NB}programme{NB}» et «{NB}défi{NB}».\n"


def test_pl602_passes_and_line_breaks(tmp_path: Path) -> None:
    body = f"Le «{NB}programme{NNB}» et «\nune fin\n» ici.\n"
    assert codes(lint(tmp_path, body), "PL602") == []


def test_pl602_excluded(tmp_path: Path) -> None:
    assert codes(lint(tmp_path, "Code `«x»` et <b title=\"«x»\">t</b>.\n"), "PL602") == []


# -- PL603 ------------------------------------------------------------------------------
def test_pl603_straight_quotes(tmp_path: Path) -> None:
    diags = lint(tmp_path, "Un \"bootcamp\" réussi.\n")
    assert codes(diags, "PL603") == [(L, 4, "default")]
    assert fixed(tmp_path, "Un \"bootcamp\" réussi.\n", "PL603") == f"Un «{NB}bootcamp{NB}» réussi.\n"


def test_pl603_passes(tmp_path: Path) -> None:
    body = ("Un « bootcamp » et un écran de 27\" ici.\nIl a dit \"the best of both worlds\" hier.\n"
            "Un \"seul guillemet.\n")
    assert codes(lint(tmp_path, body), "PL603") == []


def test_pl603_excluded(tmp_path: Path) -> None:
    body = "Voir `\"mot\"` et <a href=\"/x\">x</a> et {% include a.html t=\"mot\" %}.\n"
    assert codes(lint(tmp_path, body), "PL603") == []


# -- PL604 ------------------------------------------------------------------------------
def test_pl604_consistent_majority(tmp_path: Path) -> None:
    body = "L'équipe d'Etalab et l'État, aujourd’hui.\n"
    assert codes(lint(tmp_path, body), "PL604") == [(L, 37, "straight")]
    assert fixed(tmp_path, body, "PL604") == "L'équipe d'Etalab et l'État, aujourd'hui.\n"


def test_pl604_configured_style(tmp_path: Path) -> None:
    body = "L'équipe d'Etalab.\n"
    assert fixed(tmp_path, body, "PL604", options={"apostrophe": "typographic"}) == "L’équipe d’Etalab.\n"
    assert codes(lint(tmp_path, body, options={"apostrophe": "straight"}), "PL604") == []


def test_pl604_excluded_and_yaml_quotes(tmp_path: Path) -> None:
    body = "L’équipe, `l'index` et <a title=\"l'x\">y</a>.\n"
    assert codes(lint(tmp_path, body), "PL604") == []
    head = "---\nlayout: post\ntitle: 'L’été d''Etalab et l''État'\n---\n"
    [diag] = [d for d in lint(tmp_path, "Texte.\n", head=head, options={"apostrophe": "straight"}) if d.code == "PL604"]
    assert diag.fix is not None and diag.fix.edits[0].replacement == "''"


# -- PL605 ------------------------------------------------------------------------------
def test_pl605_ellipsis_and_etc(tmp_path: Path) -> None:
    body = "Des outils, etc... Et ensuite...\n"
    assert codes(lint(tmp_path, body), "PL605") == [(L, 13, "etc"), (L, 30, "dots")]
    assert fixed(tmp_path, body, "PL605") == "Des outils, etc. Et ensuite…\n"


def test_pl605_passes_and_excluded(tmp_path: Path) -> None:
    body = "Ensuite… etc. Quatre.... `a...b` [x](/a...b) {% for i in (1...3) %}\n"
    assert codes(lint(tmp_path, body), "PL605") == []


# -- PL606 ------------------------------------------------------------------------------
def test_pl606_spaced_hyphen(tmp_path: Path) -> None:
    body = "Le bootcamp - trois jours -- fut court.\n"
    assert codes(lint(tmp_path, body), "PL606") == [(L, 13, "default"), (L, 27, "default")]
    assert fixed(tmp_path, body, "PL606") == "Le bootcamp – trois jours – fut court.\n"


def test_pl606_passes_excluded_and_off(tmp_path: Path) -> None:
    body = "- élément de liste\n\nPeut-être – déjà.\n\n| a | - |\n|---|---|\n| b | c |\n\nVoir `a - b`.\n"
    assert codes(lint(tmp_path, body), "PL606") == []
    assert codes(lint(tmp_path, "Un - deux.\n", options={"dash": "off"}), "PL606") == []


# -- PL607 ------------------------------------------------------------------------------
def test_pl607_ordinals(tmp_path: Path) -> None:
    body = "La 2ème promo, la 1ère fois, le 2nd degré, le XIXème siècle, 3èmes.\n"
    found = [(d.params["written"], d.params.get("suggestion")) for d in lint(tmp_path, body) if d.code == "PL607"]
    assert found == [("2ème", "2e"), ("1ère", "1re"), ("2nd", "2d"), ("XIXème", "XIXe"), ("3èmes", "3es")]
    assert fixed(tmp_path, body, "PL607") == body  # unsafe: not applied by --fix
    assert fixed(tmp_path, body, "PL607", unsafe=True) == "La 2e promo, la 1re fois, le 2d degré, le XIXe siècle, 3es.\n"


def test_pl607_passes_and_excluded(tmp_path: Path) -> None:
    body = "La 2e promo, le 1er, la 1re, en 3D et 4G, Mère et Lier. `2ème` [x](/2eme).\n"
    assert codes(lint(tmp_path, body), "PL607") == []


# -- PL608 ------------------------------------------------------------------------------
def test_pl608_space_before_comma(tmp_path: Path) -> None:
    body = "Les mentors , les EIG et les équipes .\n"
    assert codes(lint(tmp_path, body), "PL608") == [(L, 12, "default"), (L, 37, "default")]
    assert fixed(tmp_path, body, "PL608") == "Les mentors, les EIG et les équipes.\n"


def test_pl608_passes_and_excluded(tmp_path: Path) -> None:
    body = "En .NET ou .md, un … et `a , b`.\n"
    assert codes(lint(tmp_path, body), "PL608") == []


# -- PL609 ------------------------------------------------------------------------------
def test_pl609_double_space(tmp_path: Path) -> None:
    body = "Le programme  accueille sa promotion.\n"
    assert codes(lint(tmp_path, body), "PL609") == [(L, 13, "default")]
    assert fixed(tmp_path, body, "PL609") == "Le programme accueille sa promotion.\n"


def test_pl609_passes_and_excluded(tmp_path: Path) -> None:
    body = "Fin.  Début.  \nLigne  \n| a  | b |\n|---|---|\n| c | d |\n\n`a  b` et <b  class=\"x\">t</b>\n"
    assert codes(lint(tmp_path, body), "PL609") == []


# -- scope and end to end ---------------------------------------------------------------
def test_off_by_default_and_english_excluded(tmp_path: Path) -> None:
    path = tmp_path / "_posts" / "2024-01-01-a.md"
    path.parent.mkdir(parents=True)
    path.write_text(HEAD + "Pourquoi ?\n", encoding="utf-8")
    assert [d for d in lint_paths([path], config=load_config(tmp_path)).diagnostics if d.code.startswith("PL6")] == []
    assert lint(tmp_path, "Why ?\n", rel="en/_posts/2024-01-01-a.md", options={"exclude": ["en/**"]}) == []
    head = "---\nlayout: post\ntitle: T\nlang: en\n---\n"
    assert lint(tmp_path, "Why ?\n", head=head) == []


def test_eig_preset_enables_warnings(tmp_path: Path) -> None:
    path = tmp_path / "en" / "_posts" / "2024-01-01-a.md"
    path.parent.mkdir(parents=True)
    path.write_text(HEAD + "Why ? Because.\n", encoding="utf-8")
    fr = tmp_path / "_posts" / "2024-01-01-a.md"
    fr.parent.mkdir(parents=True)
    fr.write_text(HEAD + "Pourquoi ? Parce que.\n", encoding="utf-8")
    diags = [d for d in lint_paths([tmp_path], preset="eig").diagnostics if d.code.startswith("PL6")]
    assert [(d.path, d.code, d.severity.value) for d in diags] == [("_posts/2024-01-01-a.md", "PL601", "warning")]


MESSY = (
    "---\nlayout: post\ntitle: \"Bilan: l'année\"\ndescription: Un  \"bilan\" ...\nauthor: Bob\n---\n"
    "# Le défi : agir\n\nPourquoi? Le \"programme\" - la 2ème promo , etc... l'équipe  et l’État:\n"
    "«Vraiment »! Voir `a: b` et [lien : x](https://x.fr/?a=b:c) {{ x | a: 1 }}...\n\n```\ncode: \"x\" ...\n```\n"
)


@pytest.mark.parametrize("unsafe", [False, True])
def test_fixes_are_idempotent_end_to_end(tmp_path: Path, unsafe: bool) -> None:
    path = tmp_path / "_posts" / "2024-01-01-a.md"
    path.parent.mkdir(parents=True)
    path.write_text(MESSY, encoding="utf-8")
    config = load_config(tmp_path, overrides={"select": ["PL6"], "lang": "fr"})
    report = fix_paths(lint_paths([path], config=config), unsafe=unsafe)
    assert report.applied > 0
    after = path.read_text(encoding="utf-8")
    again = lint_paths([path], config=config).diagnostics
    left = [d for d in again if d.fix is not None and (d.fix.safe or unsafe)]
    assert left == []
    # excluded regions are untouched
    for piece in ("`a: b`", "(https://x.fr/?a=b:c)", "{{ x | a: 1 }}", "```\ncode: \"x\" ...\n```"):
        assert piece in after
    fix_paths(lint_paths([path], config=config), unsafe=unsafe)
    assert path.read_text(encoding="utf-8") == after


def test_pl601_emphasised_slogan_left_alone(tmp_path: Path) -> None:
    assert codes(lint(tmp_path, "- **Think small!** ou la démarche analytique.\n"), "PL601") == []
