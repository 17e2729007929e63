"""Job-offer sections as people write headings, ways to apply as a reader
sees them, and offers checked in their own language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table, lint_paths, lint_text
from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.rules.jobs import JobsOptions, guess_text_language

TODAY = "2024-03-01"
POST = "_posts/2024-02-10-offre.md"

PROFILE_SECTIONS: list[dict[str, Any]] = [
    {"id": "missions", "label": "La mission", "headings": ["La mission", "Vos missions", "Tes missions"]},
    {"id": "profil", "label": "Ton profil", "headings": ["Ton profil", "Votre profil", "Profil recherché"]},
    {"id": "candidater", "label": "Candidater", "headings": ["Candidater", "Nous rejoindre"]},
]


def french_offer(body: str, front: str = "", heading: str = "### Offre d'emploi « Chargé·e de missions »") -> str:
    return (f"---\ntitle: Offre d'emploi, chargé·e de missions\nlayout: post\n{front}---\n\n{heading}\n\n"
            f"Nous recherchons une personne pour accompagner les équipes de la direction.\n\n{body}")


def pl4(tmp_path: Path, text: str, path: str = POST, site_lang: str | None = None, **jobs: Any) -> list[Diagnostic]:
    if site_lang is not None:
        (tmp_path / "_config.yml").write_text(f"lang: {site_lang}\n", encoding="utf-8")
    config = config_from_table({"jobs": {"today": TODAY, **jobs}}, tmp_path)
    return [d for d in lint_text(text, path, config=config) if d.code.startswith("PL4")]


def codes(found: list[Diagnostic]) -> list[tuple[str, str | None]]:
    return [(d.code, d.params.get("section")) for d in found]


APPLY = "## Candidater\n\nÉcrire à recrutement@exemple.gouv.fr.\n"


# ---------------------------------------------------------------- matching headings


@pytest.mark.parametrize(
    ("headings", "mode", "missing"),
    [
        # prefix: what the heading starts with, after normalisation
        (["## La mission : accompagner les équipes", "## Ton profil, tes atouts"], "phrase", []),
        (["## LA MISSION — accompagner", "### Ton profil & tes atouts !"], "prefix", []),
        # phrase: contained as whole words
        (["## Quelles seront vos missions ?", "## Le profil"], "phrase", ["profil"]),
        (["## Quelles seront vos missions ?", "## Le profil recherché"], "phrase", []),
        (["## Quelles seront vos missions ?", "## Qui es-tu ? Ton profil"], "phrase", []),
        (["## Quelles seront vos missions ?", "## Ton profil"], "prefix", ["missions"]),
        # exact, as before
        (["## La mission : accompagner les équipes", "## Ton profil, tes atouts"], "exact", ["missions", "profil"]),
        (["## La mission", "## Ton profil"], "exact", []),
        # whole words only: "profils" is not "profil", "missionnaire" not "mission"
        (["## Le poste missionnaire", "## Tes profils"], "phrase", ["missions", "profil"]),
    ],
)
def test_headings_match_by_prefix_or_phrase(tmp_path: Path, headings: list[str], mode: str,
                                            missing: list[str]) -> None:
    body = "".join(f"{h}\n\nTexte.\n\n" for h in headings) + APPLY
    found = pl4(tmp_path, french_offer(body), sections=PROFILE_SECTIONS, **{"section-match": mode})
    assert [s for c, s in codes(found) if c == "PL401"] == missing


def test_missions_split_by_discipline_and_joining_headings(tmp_path: Path) -> None:
    body = ("## Missions côté données\n\n- analyser\n\n## Missions côté design\n\n- dessiner\n\n"
            "## Nous rejoindre\n\nÉcrire à recrutement@exemple.gouv.fr.\n")
    assert pl4(tmp_path, french_offer(body)) == []


def test_the_title_heading_never_provides_a_section(tmp_path: Path) -> None:
    # "Chargé·e de missions" in the offer's own heading is the job's name, not its missions
    found = pl4(tmp_path, french_offer("Texte.\n\n" + APPLY, heading="## Offre d'emploi « Chargé·e de missions »"))
    assert codes(found) == [("PL401", "missions")]


def test_bold_lead_ins_and_definition_terms_count_when_enabled(tmp_path: Path) -> None:
    body = "**Vos missions :** accompagner les équipes.\n\nTon profil\n: curieux et rigoureux\n\n" + APPLY
    sections: list[dict[str, Any]] = [dict(s) for s in PROFILE_SECTIONS]
    assert [s for _, s in codes(pl4(tmp_path, french_offer(body), sections=sections))] == ["missions", "profil"]
    sections[0]["bold-lead-in"] = True
    sections[1]["definition-term"] = True
    assert pl4(tmp_path, french_offer(body), sections=sections) == []


def test_the_finding_lists_the_headings_and_the_closest_one(tmp_path: Path) -> None:
    body = "## Vos missions\n\nTexte.\n\n## Ton profile\n\nTexte.\n\n## À bientôt\n\nTexte.\n\n" + APPLY
    found = pl4(tmp_path, french_offer(body), sections=PROFILE_SECTIONS)
    assert [(d.message_id, d.params.get("closest")) for d in found] == [("closest", "Ton profile")]
    body = "## Vos missions\n\nTexte.\n\n## À bientôt\n\nTexte.\n\n" + APPLY
    found = pl4(tmp_path, french_offer(body), sections=PROFILE_SECTIONS)
    assert [d.message_id for d in found] == ["default"]
    assert found[0].params["headings"] == "« Vos missions », « À bientôt », « Candidater »"
    french = found[0].render("fr")
    assert "ses intertitres" in french and "« Ton profil »" in french


# ---------------------------------------------------------------- how to apply


@pytest.mark.parametrize(
    ("text", "jobs", "front", "reported"),
    [
        ("Écrire à [l'équipe](mailto:rh@exemple.gouv.fr).", {}, "", False),
        ("Écrire à rh@exemple.gouv.fr.", {}, "", False),
        ("Écrire à rh at exemple.gouv.fr.", {}, "", True),  # only when configured
        ("Écrire à rh at exemple.gouv.fr.", {"obfuscated-emails": True}, "", False),
        ("Écrire à rh [at] exemple [dot] gouv [dot] fr.", {"obfuscated-emails": True}, "", False),
        ("Écrire à rh (arobase) exemple.fr.", {"obfuscated-emails": True}, "", False),
        ("Le formulaire est affiché ci-dessous.", {"keys": ["contact", "externalURL"]},
         "externalURL: https://recrutement.exemple.fr/12\n", False),
        ("Le formulaire est affiché ci-dessous.", {"keys": ["contact"]}, "contact: ''\n", True),  # empty
        ("Le formulaire est affiché ci-dessous.", {}, "contact: rh@exemple.gouv.fr\n", True),  # key not named
        ("Voir [l'offre](https://www.welcometothejungle.com/fr/companies/x/jobs/y).", {}, "", False),
        ("Voir [l'offre](https://emploi.exemple.fr/y).", {}, "", True),
        ("Voir [l'offre](https://emploi.exemple.fr/y).", {"extra-domains": ["emploi.exemple.fr"]}, "", False),
        ("Pour postuler, remplissez [ce formulaire](https://emploi.exemple.fr/y).", {}, "", False),
        ("[Candidater en ligne](https://emploi.exemple.fr/y)", {}, "", False),
        ("Nous lirons vos candidatures. Voir [le site](https://emploi.exemple.fr/y).", {}, "", True),  # other sentence
        ("Envoyez-nous votre candidature !", {}, "", True),
    ],
)
def test_each_way_to_apply(tmp_path: Path, text: str, jobs: dict[str, Any], front: str, reported: bool) -> None:
    body = f"## Vos missions\n\n- accompagner\n\n## Candidater\n\n{text}\n"
    found = [d for d in pl4(tmp_path, french_offer(body, front=front), apply=jobs) if d.code == "PL404"]
    assert bool(found) is reported


# ---------------------------------------------------------------- languages

ENGLISH = """\
---
title: We are hiring a data engineer
layout: post
---

## We are hiring

We are looking for a data engineer to join our team and help the teams of the ministry.

## Your role

- build the data pipelines that the teams use every day

## How to apply

Send your resume to jobs@example.org.
"""


def test_an_english_offer_on_a_french_site_gets_english_sections(tmp_path: Path) -> None:
    assert pl4(tmp_path, ENGLISH, site_lang="fr") == []
    bare = ENGLISH.split("## Your role")[0] + "Write to jobs@example.org.\n"
    found = pl4(tmp_path, bare, site_lang="fr")
    assert [(d.code, d.params["label"], d.params["lang"]) for d in found] == [
        ("PL401", "The role", "en"), ("PL401", "How to apply", "en")]
    assert not any(w in d.message for d in found for w in ("Missions", "Candidater", "Vos missions"))


def test_an_english_offer_with_the_eig_preset_gets_english_sections(tmp_path: Path) -> None:
    bare = ENGLISH.split("## Your role")[0] + "Write to jobs@example.org.\n"
    config = config_from_table({"preset": "eig", "jobs": {"today": TODAY}}, tmp_path)
    found = [d for d in lint_text(bare, "en/_posts/2024-02-10-hiring.md", config=config) if d.code == "PL401"]
    assert [d.params["label"] for d in found] == ["The role", "How to apply"]


def test_a_french_offer_on_an_english_site_gets_french_sections(tmp_path: Path) -> None:
    found = pl4(tmp_path, french_offer("Écrire à rh@exemple.gouv.fr.\n"), site_lang="en")
    assert [d.params["label"] for d in found] == ["Missions", "Candidater"]


@pytest.mark.parametrize(
    ("path", "front", "expected"),
    [
        ("_posts/2024-02-10-offre.md", "lang: en\n", "en"),  # front matter first
        ("_posts/2024-02-10-offre.md", "locale: en_GB\n", "en"),
        ("en/_posts/2024-02-10-offre.md", "", "en"),  # then the folder
        ("_posts/en/2024-02-10-offre.md", "", "en"),
        ("_posts/2024-02-10-offre.md", "", "fr"),  # then the text
    ],
)
def test_where_the_language_comes_from(tmp_path: Path, path: str, front: str, expected: str) -> None:
    found = pl4(tmp_path, french_offer("Texte.\n", front=front), path=path)
    assert {d.params["lang"] for d in found if d.code == "PL401"} == {expected}


def test_jekyll_defaults_give_the_language(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "defaults:\n  - scope:\n      path: _posts\n    values:\n      lang: en\n", encoding="utf-8")
    found = pl4(tmp_path, french_offer("Texte.\n"))
    assert {d.params["lang"] for d in found if d.code == "PL401"} == {"en"}


def test_a_site_can_add_a_language_and_one_without_a_set_is_not_checked(tmp_path: Path) -> None:
    german = [{"id": "missions", "label": "Aufgaben", "headings": ["Ihre Aufgaben"]},
              {"id": "apply", "label": "Bewerbung", "headings": ["Bewerbung"]}]
    text = french_offer("Texte.\n", front="lang: de\n")
    found = pl4(tmp_path, text, sections={"de": german})
    assert [d.params["label"] for d in found if d.code == "PL401"] == ["Aufgaben", "Bewerbung"]
    assert [d.code for d in pl4(tmp_path, text)] == ["PL404"]  # no German set: sections not checked


def test_text_language_guess() -> None:
    assert guess_text_language("We are looking for a data engineer to join our team.") == "en"
    assert guess_text_language("Nous recherchons une personne pour accompagner les équipes.") == "fr"
    assert guess_text_language("Data engineer (F/H)") is None
    assert guess_text_language("```\nthe and of to is are\n```\nOffre") is None  # code is not prose
    assert guess_text_language("我們正在招聘一位資料工程師，協助團隊發布開放資料並維護開源工具。" * 3) == "other"
    german = "Wir suchen eine Person, die unsere Teams bei der Veröffentlichung offener Daten unterstützt. " * 4
    assert guess_text_language(german) == "other"


def test_an_offer_in_another_language_is_not_asked_for_french_sections(tmp_path: Path) -> None:
    chinese = ("---\ntitle: 資料工程師\ntype: job\n---\n\n## 工作內容\n\n"
               + "協助團隊發布開放資料並維護開源工具，與各部門合作。" * 3 + "\n\n請寄信至 jobs@example.org。\n")
    assert pl4(tmp_path, chinese, site_lang="fr") == []
    assert pl4(tmp_path, chinese.replace("type: job\n", "type: job\nlang: fr\n")) != []  # declared: French
    assert pl4(tmp_path, chinese, path="_offres/zh-hant/data.md") == []


def test_list_sections_are_the_main_language_and_dict_sections_are_validated() -> None:
    options = JobsOptions.model_validate({"lang": "fr-FR", "sections": PROFILE_SECTIONS})
    assert options.lang == "fr"
    assert [s.id for s in options.section_set("fr", None) or []] == ["missions", "profil", "candidater"]
    assert [s.label for s in options.section_set("en", None) or []] == ["The role", "How to apply"]
    with pytest.raises(ValueError, match="language code"):
        JobsOptions.model_validate({"sections": {"not a language": PROFILE_SECTIONS}})


def test_a_hiring_post_is_checked_only_when_detected(tmp_path: Path) -> None:
    story = ENGLISH.replace("We are hiring a data engineer", "Our year in review").replace(
        "## We are hiring", "## Looking back")
    assert pl4(tmp_path, story.split("## Your role")[0]) == []  # not an offer: nothing at all
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2024-02-10-hiring.md").write_text(ENGLISH.split("## Your role")[0], encoding="utf-8")
    (site / "_posts" / "2024-01-10-review.md").write_text(story, encoding="utf-8")
    result = lint_paths([site], preset="jekyll", overrides={"jobs": {"today": TODAY}})
    found = [(d.path, d.code, d.params.get("label")) for d in result.diagnostics if d.code.startswith("PL4")]
    assert found == [("_posts/2024-02-10-hiring.md", "PL401", "The role"),
                     ("_posts/2024-02-10-hiring.md", "PL401", "How to apply"),
                     ("_posts/2024-02-10-hiring.md", "PL404", None)]
    assert Post.from_text(story).front_matter is not None


# ---------------------------------------------------------------- real sites without offers

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.parametrize("name", ["jekyll-docs", "opensource-guide"])
def test_no_job_offer_findings_on_real_sites_without_offers(name: str) -> None:
    root = CORPUS / name
    if not (root / "_config.yml").is_file():
        pytest.skip(f"corpus not available at {root}")
    result = lint_paths([root], preset="jekyll")
    assert len(result.files) > 50  # the site was really checked
    assert [d for d in result.diagnostics if d.code.startswith("PL4")] == []


def test_real_articles_taken_as_offers_get_the_sections_of_their_language() -> None:
    """opensource.guide's articles in ~30 languages, all treated as offers:
    French ones get the French names, English ones the English names, and
    those of languages without a set none at all."""
    root = CORPUS / "opensource-guide"
    if not (root / "_articles").is_dir():
        pytest.skip(f"corpus not available at {root}")
    overrides = {"select": ["PL401"], "jobs": {"detect": {"collections": ["_articles/**"]}}}
    result = lint_paths([root / "_articles"], preset="jekyll", overrides=overrides)
    labels: dict[str, set[str]] = {}
    for diag in result.diagnostics:
        folder = diag.path.split("/")[1] if diag.path.count("/") > 1 else "(top)"
        labels.setdefault(folder, set()).add(diag.params["label"])
    assert labels.pop("fr") <= {"Missions", "Candidater"}
    assert labels.pop("(top)") == {"The role", "How to apply"}
    assert labels == {}  # no section set for the other languages: not checked
