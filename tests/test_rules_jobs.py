from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table, lint_paths, lint_text
from postlint.config import ConfigError
from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.fix.edits import apply_edits
from postlint.rules import jobs
from postlint.rules.jobs import JobsOptions, detect, fold, heading_key
from postlint.rules.jobs import options as jobs_options

CORPUS = Path(os.environ.get("POSTLINT_CORPUS") or Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "eig-site")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TODAY = "2024-03-01"
OFFER_PATH = "_posts/2024-01-10-offre.md"

THREE_SIGNALS = {"title-marker": "[OFFRE POURVUE]", "body-notice": "Cette offre a été pourvue", "flag-key": "filled"}


def offer(
    title: str = "Offre d'emploi, chargé de mission",
    body: str | None = None,
    extra: str = "",
    heading: str = "### Offre d'emploi « Chargé de mission »",
) -> str:
    if body is None:
        body = (
            "## Vos missions\n\n- suivre les équipes\n\n"
            "## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr avant le 15 avril 2024.\n"
        )
    return f"---\ntitle: {title}\nlayout: post\n{extra}---\n\n{heading}\n\nIntroduction.\n\n{body}"


def run(tmp_path: Path, text: str, jobs_table: dict[str, Any] | None = None, path: str = OFFER_PATH,
        codes: str = "PL4") -> list[Diagnostic]:
    table = {"jobs": {"today": TODAY, **(jobs_table or {})}}
    config = config_from_table(table, tmp_path)
    return [d for d in lint_text(text, path, config=config) if d.code.startswith(codes)]


def ids(found: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.message_id) for d in found]


def options(**table: Any) -> JobsOptions:
    return JobsOptions.model_validate(table)


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("OFFRE D’EMPLOI : développeuse", "### Présentation"),
        ("Offre d'emploi", "### Présentation"),
        ("Rejoins l'équipe", "### Offre de stage « Appui »"),
        ("La mission Etalab recrute !", "## Contexte"),
        ("Job offer: data engineer", "## Context"),
    ],
)
def test_title_or_first_heading_patterns_detect_an_offer(title: str, heading: str) -> None:
    post = Post.from_text(offer(title=f'"{title}"', heading=heading), OFFER_PATH)
    assert detect(post, options()) == "pattern"


def test_recrutement_tagged_post_that_is_not_an_offer_is_not_detected() -> None:
    text = ("---\ntitle: Retour sur le recrutement de la promotion\ntags:\n- recrutement\n---\n\n"
            "## Nos recrutements\n\nLe jury a recruté dix personnes. Offre d'emploi à venir.\n")
    assert detect(Post.from_text(text, OFFER_PATH), options()) is None


def test_only_the_first_heading_counts() -> None:
    text = "---\ntitle: Bilan\n---\n\n## Bilan\n\ntexte\n\n## Offre d'emploi\n\ntexte\n"
    assert detect(Post.from_text(text, OFFER_PATH), options()) is None


def test_explicit_type_wins_over_patterns() -> None:
    neutral = Post.from_text("---\ntitle: Développeuse\ntype: job\n---\n\ntexte\n", OFFER_PATH)
    article = Post.from_text(offer(extra="type: article\n"), OFFER_PATH)
    assert detect(neutral, options()) == "type"
    assert detect(article, options()) is None


def test_collection_detects_every_file_in_it() -> None:
    post = Post.from_text("---\ntitle: Développeuse\n---\n\ntexte\n", "_offres/dev.md")
    assert detect(post, options(detect={"collections": ["_offres/*.md"]})) == "collection"
    assert detect(post, options()) is None


def test_drafts_unpublished_and_excluded_posts_are_not_offers() -> None:
    assert detect(Post.from_text(offer(), "_posts/_24-01-10-offre.md"), options()) is None
    assert detect(Post.from_text(offer(extra="published: false\n"), OFFER_PATH), options()) is None
    assert detect(Post.from_text(offer(), OFFER_PATH), options(detect={"exclude": ["_posts/**"]})) is None


def test_patterns_only_apply_to_posts_by_default() -> None:
    page = Post.from_text("---\ntitle: Nous recrutons\n---\n\n## Offre d'emploi\n", "recrutement.md")
    assert detect(page, options()) is None
    assert detect(page, options(detect={"pattern-paths": ["*.md"]})) == "pattern"
    typed = Post.from_text("---\ntitle: Développeuse\ntype: job\n---\n\ntexte\n", "offres/dev.md")
    assert detect(typed, options()) == "type"


def test_configured_patterns_replace_the_defaults() -> None:
    post = Post.from_text(offer(title="Nous cherchons une designer", heading="## Présentation"), OFFER_PATH)
    assert detect(post, options()) is None
    assert detect(post, options(detect={"patterns": ["nous cherchons"]})) == "pattern"


def test_fold_and_heading_key() -> None:
    assert fold("Offre  d’EMPLOI") == "offre d'emploi"
    assert heading_key("Rejoins-nous !\t ") == heading_key("rejoins nous") == "rejoins nous"
    assert heading_key("**Pour candidater** {#contact}") == "pour candidater"


# ---------------------------------------------------------------- sections


@pytest.mark.parametrize(
    "heading",
    ["## Vos missions", "### Tes missions potentielles\t", "#### TES MISSIONS POTENTIELLES !", "# Vos missions :",
     "## Your role", "Vos missions\n------------"],
)
def test_missions_synonyms(tmp_path: Path, heading: str) -> None:
    body = f"{heading}\n\n- suivre\n\n## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr.\n"
    assert ids(run(tmp_path, offer(body=body))) == []


@pytest.mark.parametrize(
    "heading", ["## Rejoignez-nous", "### Rejoins-nous  ", "## rejoins nous", "## Pour candidater", "## How to apply"]
)
def test_join_synonyms(tmp_path: Path, heading: str) -> None:
    body = f"## Vos missions\n\n- suivre\n\n{heading}\n\nÉcrivez à jobs@exemple.fr.\n"
    assert ids(run(tmp_path, offer(body=body))) == []


def test_missing_section_reported_at_first_heading(tmp_path: Path) -> None:
    body = "## Vos missions\n\n- suivre\n\nÉcrivez à jobs@exemple.fr.\n"
    found = run(tmp_path, offer(body=body))
    assert ids(found) == [("PL401", "default")]
    assert found[0].line == Post.from_text(offer(body=body)).lines.index("### Offre d'emploi « Chargé de mission »") + 1
    assert "Candidater" in found[0].message


def test_bold_lead_in_counts_only_when_enabled(tmp_path: Path) -> None:
    body = "## Vos missions\n\n- suivre\n\n**Rejoignez-nous pour :** écrire à jobs@exemple.fr.\n"
    assert ids(run(tmp_path, offer(body=body))) == [("PL401", "default")]
    sections = [
        {"id": "missions", "label": "Missions", "headings": ["Vos missions"]},
        {"id": "apply", "label": "Candidater", "headings": ["Rejoignez-nous"], "bold-lead-in": True},
    ]
    assert ids(run(tmp_path, offer(body=body), {"sections": sections})) == []


def test_empty_section(tmp_path: Path) -> None:
    body = "## Vos missions\n\n## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr.\n"
    found = run(tmp_path, offer(body=body))
    assert ids(found) == [("PL402", "default")]
    assert found[0].params["heading"] == "Vos missions"


def test_section_with_only_subsections_that_have_content_is_not_empty(tmp_path: Path) -> None:
    body = "## Vos missions\n\n### Au quotidien\n\n- suivre\n\n## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr.\n"
    assert ids(run(tmp_path, offer(body=body))) == []


def test_empty_section_at_end_of_post(tmp_path: Path) -> None:
    body = "## Vos missions\n\n- suivre à jobs@exemple.fr\n\n## Rejoignez-nous\n"
    assert ids(run(tmp_path, offer(body=body))) == [("PL402", "default")]


def test_order_checked_only_when_asked(tmp_path: Path) -> None:
    body = "## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr.\n\n## Vos missions\n\n- suivre\n"
    assert ids(run(tmp_path, offer(body=body))) == []
    found = run(tmp_path, offer(body=body), {"order": True})
    assert ids(found) == [("PL403", "default")]
    assert found[0].params["label"] == "Candidater"


def test_section_specs_are_validated() -> None:
    with pytest.raises(ConfigError, match="headings"):
        config_from_table({"jobs": {"sections": [{"id": "a", "label": "A", "headings": []}]}}, Path("."))
    with pytest.raises(ConfigError, match="unique"):
        spec = {"id": "a", "label": "A", "headings": ["x"]}
        config_from_table({"jobs": {"sections": [spec, spec]}}, Path("."))
    with pytest.raises(ConfigError, match="stale-after"):
        config_from_table({"jobs": {"stale-after": "soon"}}, Path("."))


# ---------------------------------------------------------------- how to apply


@pytest.mark.parametrize(
    ("apply_text", "table", "reported"),
    [
        ("Écrivez-nous.", {}, True),
        ("Écrivez à jobs@exemple.fr.", {}, False),
        ("Écrivez [ici](mailto:jobs@exemple.fr).", {}, False),
        # a platform of the default list, and an application link in any sentence
        ("Voir [la fiche](https://place-emploi-public.gouv.fr/offre/1).", {}, False),
        ("Voir [la fiche](https://place-emploi-public.gouv.fr/offre/1).", {"apply": {"allowed-domains": []}}, True),
        ("Postulez [en ligne](https://recrutement.exemple.fr/offre/1).", {"apply": {"allowed-domains": []}}, False),
        ("Voir [la fiche](https://recrutement.exemple.fr/offre/1).", {"apply": {"allowed-domains": []}}, True),
        ("Postulez [en ligne](https://place-emploi-public.gouv.fr/offre/1).",
         {"apply": {"allowed-domains": ["place-emploi-public.gouv.fr"]}}, False),
        ("Postulez sur https://www.place-emploi-public.gouv.fr/offre/1",
         {"apply": {"allowed-domains": ["place-emploi-public.gouv.fr"]}}, False),
        ("Voir [la fiche](https://evil-place-emploi-public.gouv.fr.example.com/).",
         {"apply": {"allowed-domains": ["place-emploi-public.gouv.fr"]}}, True),
        ("Écrivez-nous.", {"apply": {"required": False}}, False),
    ],
)
def test_how_to_apply(tmp_path: Path, apply_text: str, table: dict[str, Any], reported: bool) -> None:
    body = f"## Vos missions\n\n- suivre\n\n## Rejoignez-nous\n\n{apply_text}\n"
    found = [d for d in run(tmp_path, offer(body=body), table) if d.code == "PL404"]
    assert bool(found) is reported


# ---------------------------------------------------------------- staleness


@pytest.mark.parametrize(
    ("phrase", "deadline"),
    [
        ("avant le 16 décembre 2023", "2023-12-16"),
        ("jusqu’au 3 mars 2023", "2023-03-03"),
        ("au plus tard le 1er février", "2024-02-01"),  # year from the post's date
        ("by February 1, 2024", "2024-02-01"),
        ("before 15 January 2024", "2024-01-15"),
        ("avant le 20/02/2024", "2024-02-20"),
        ("date limite : 2024-02-28", "2024-02-28"),
    ],
)
def test_each_deadline_form_makes_a_past_offer_stale(tmp_path: Path, phrase: str, deadline: str) -> None:
    body = f"## Vos missions\n\n- suivre\n\n## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr {phrase}.\n"
    found = run(tmp_path, offer(body=body))
    assert ids(found) == [("PL406", "deadline")]
    assert found[0].params["deadline"] == deadline
    line = next(i for i, text in enumerate(offer(body=body).split("\n"), 1) if phrase in text)
    assert found[0].line == line


def test_future_deadline_is_not_stale(tmp_path: Path) -> None:
    assert ids(run(tmp_path, offer())) == []  # avant le 15 avril 2024, today 2024-03-01


def test_front_matter_deadline_wins(tmp_path: Path) -> None:
    found = run(tmp_path, offer(extra="deadline: 2024-02-01\n"))
    assert ids(found) == [("PL406", "deadline")]
    assert (found[0].params["deadline"], found[0].line) == ("2024-02-01", 4)


def test_age_without_deadline(tmp_path: Path) -> None:
    body = "## Vos missions\n\n- suivre\n\n## Rejoignez-nous\n\nÉcrivez à jobs@exemple.fr.\n"
    assert ids(run(tmp_path, offer(body=body))) == []  # 51 days old
    found = run(tmp_path, offer(body=body), {"today": "2024-07-10"})
    assert ids(found) == [("PL406", "age")]
    assert found[0].params["days"] == 182
    assert ids(run(tmp_path, offer(body=body), {"today": "2024-07-09"})) == []
    assert ids(run(tmp_path, offer(body=body), {"stale-after": "30 jours"})) == [("PL406", "age")]


def test_clock_is_injectable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = config_from_table({}, tmp_path)
    monkeypatch.setattr(jobs_options, "clock", lambda: dt.date(2024, 5, 1))
    assert [d.message_id for d in lint_text(offer(), OFFER_PATH, config=config) if d.code == "PL406"] == ["deadline"]
    monkeypatch.setattr(jobs_options, "clock", lambda: dt.date(2024, 4, 1))
    assert [d for d in lint_text(offer(), OFFER_PATH, config=config) if d.code == "PL406"] == []


def test_stale_offer_has_an_unsafe_fix_marking_it_filled(tmp_path: Path) -> None:
    text = offer()
    found = run(tmp_path, text, {"today": "2024-05-01", "filled": THREE_SIGNALS})
    fix = found[0].fix
    assert fix is not None and not fix.safe
    fixed = Post.from_text(apply_edits(text, fix.edits), OFFER_PATH)
    assert fixed.front_matter is not None
    assert fixed.front_matter["title"].startswith("[OFFRE POURVUE] ")
    assert fixed.front_matter["filled"] is True
    assert "_Cette offre a été pourvue._" in fixed.body


def test_filled_offer_is_never_stale(tmp_path: Path) -> None:
    text = offer(title='"[OFFRE POURVUE] Offre d\'emploi"', heading="### Offre d'emploi\n\n_Cette offre a été pourvue._")
    assert ids(run(tmp_path, text, {"today": "2030-01-01", "filled": {"flag-key": ""}})) == []


# ---------------------------------------------------------------- filled status

MARKED_TITLE = '"[OFFRE POURVUE] Offre d\'emploi : chargé"'
NOTICE = "### Offre d'emploi\n\n_Cette offre a été pourvue._"


def _fixed(text: str, diag: Diagnostic) -> Post:
    assert diag.fix is not None
    return Post.from_text(apply_edits(text, diag.fix.edits), OFFER_PATH)


def test_marker_and_notice_without_flag_adds_the_flag_last(tmp_path: Path) -> None:
    text = offer(title=MARKED_TITLE, heading=NOTICE, extra="# a comment\nauthor: Camille\n")
    found = run(tmp_path, text, {"filled": THREE_SIGNALS})
    assert ids(found) == [("PL405", "add-key")]
    assert found[0].fix is not None and found[0].fix.safe
    fixed = _fixed(text, found[0])
    assert list(fixed.front_matter or {}) == ["title", "layout", "author", "filled"]
    assert "# a comment\nauthor: Camille\nfilled: true\n---\n" in fixed.text


def test_marker_and_flag_without_notice_adds_the_notice(tmp_path: Path) -> None:
    text = offer(title=MARKED_TITLE, extra="filled: true\n")
    found = run(tmp_path, text, {"filled": THREE_SIGNALS})
    assert ids(found) == [("PL405", "add-notice")]
    fixed = _fixed(text, found[0])
    assert "### Offre d'emploi « Chargé de mission »\n\n_Cette offre a été pourvue._\n\nIntroduction." in fixed.text


@pytest.mark.parametrize(
    ("title", "expected_line"),
    [
        ("Offre d'emploi, chargé", 'title: "[OFFRE POURVUE] Offre d\'emploi, chargé"'),
        ("'Offre d''emploi'", "title: '[OFFRE POURVUE] Offre d''emploi'"),
        ('"Offre \\"A\\""', 'title: "[OFFRE POURVUE] Offre \\"A\\""'),
    ],
)
def test_notice_and_flag_without_marker_adds_the_marker_in_the_title_quoting(
    tmp_path: Path, title: str, expected_line: str
) -> None:
    text = offer(title=title, heading=NOTICE, extra="filled: true\n")
    found = run(tmp_path, text, {"filled": THREE_SIGNALS})
    assert ids(found) == [("PL405", "add-marker")]
    fixed = _fixed(text, found[0])
    assert expected_line in fixed.lines
    assert not fixed.issues


def test_flag_saying_open_against_marker_and_notice_is_an_unsafe_fix(tmp_path: Path) -> None:
    text = offer(title=MARKED_TITLE, heading=NOTICE, extra="filled: false\n")
    found = run(tmp_path, text, {"filled": THREE_SIGNALS})
    assert ids(found) == [("PL405", "set-key")]
    assert found[0].fix is not None and not found[0].fix.safe
    assert (_fixed(text, found[0]).front_matter or {})["filled"] is True


@pytest.mark.parametrize(
    ("title", "heading", "extra", "message_id"),
    [
        (MARKED_TITLE, "### Offre d'emploi", "", "only-marker"),
        ("Offre d'emploi", NOTICE, "", "only-notice"),
        ("Offre d'emploi", "### Offre d'emploi", "filled: true\n", "only-key"),
    ],
)
def test_a_lone_signal_is_reported_without_fix(tmp_path: Path, title: str, heading: str, extra: str,
                                               message_id: str) -> None:
    found = run(tmp_path, offer(title=title, heading=heading, extra=extra), {"filled": THREE_SIGNALS})
    assert ids(found) == [("PL405", message_id)]
    assert found[0].fix is None


def test_open_key_convention(tmp_path: Path) -> None:
    table = {"filled": {**THREE_SIGNALS, "flag-key": "open", "flag-value": False}}
    text = offer(title=MARKED_TITLE, heading=NOTICE, extra="open: true\n")
    found = run(tmp_path, text, table)
    assert ids(found) == [("PL405", "set-key")]
    assert ids(run(tmp_path, offer(title=MARKED_TITLE, heading=NOTICE, extra="open: false\n"), table)) == []


def test_two_signal_config_has_no_add_third(tmp_path: Path) -> None:
    table = {"filled": {"flag-key": ""}}
    assert ids(run(tmp_path, offer(title=MARKED_TITLE), table)) == [("PL405", "only-marker")]
    assert ids(run(tmp_path, offer(title=MARKED_TITLE, heading=NOTICE), table)) == []


# ---------------------------------------------------------------- schema


def test_job_offer_keys_are_typed(tmp_path: Path) -> None:
    found = run(tmp_path, offer(extra='filled: "oui"\n'), {"filled": THREE_SIGNALS})
    assert ("PL407", "default") in ids(found)
    bad = next(d for d in found if d.code == "PL407")
    assert (bad.params["key"], bad.line) == ("filled", 4)


def test_non_offer_keys_are_not_checked_by_job_rules(tmp_path: Path) -> None:
    text = "---\ntitle: Bilan\nfilled: oui\n---\n\n## Bilan\n"
    assert run(tmp_path, text) == []


# ---------------------------------------------------------------- real sites


def _copy_examples(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLES, site)
    return site


def test_example_site_offer_and_jury_story(tmp_path: Path) -> None:
    site = _copy_examples(tmp_path)
    (site / "postlint.toml").write_text('preset = "eig"\n[jobs]\ntoday = 2025-06-01\n', encoding="utf-8")
    result = lint_paths([site / "_posts"], overrides=None, config_file=site / "postlint.toml")
    found = [d for d in result.diagnostics if d.code.startswith("PL4")]
    assert [(d.path, d.code, d.params.get("deadline")) for d in found] == [
        ("_posts/2024-11-20-offre-emploi-charge-accompagnement.md", "PL406", "2025-01-15")
    ]


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "_posts").is_dir():
        pytest.skip(f"corpus not available at {CORPUS}")
    return CORPUS


def test_corpus_offers(corpus: Path) -> None:
    config = config_from_table({"preset": "eig", "jobs": {"today": "2024-01-01"}}, corpus)
    result = lint_paths([corpus / "_posts", corpus / "en"], config=config)
    opts = config.section(JobsOptions)
    detected = sorted(rel for rel in result.files if detect(result.run.post(rel), opts))  # type: ignore[union-attr]
    assert detected == [
        "_posts/18-12-05-offre-stage.md",
        "_posts/19-11-29-offre-stage.md",
        "_posts/20-04-22-offre-emploi-charge-mission-coordination-accompagnement-EIG.md",
    ]
    found = [(d.path, d.code, d.params.get("deadline")) for d in result.diagnostics if d.code.startswith("PL4")]
    assert found == [
        ("_posts/18-12-05-offre-stage.md", "PL406", "2018-12-16"),
        ("_posts/19-11-29-offre-stage.md", "PL406", "2019-12-16"),
    ]


# ---------------------------------------------------------------- fix builders


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # heading directly followed by text: the notice stays its own paragraph
        ("---\ntitle: Offre de stage\n---\n# Offre de stage\nTexte.\n",
         "---\ntitle: \"[P] Offre de stage\"\nfilled: true\n---\n# Offre de stage\n\n_Fini._\n\nTexte.\n"),
        # setext heading, front matter closed with "...", no final newline
        ("---\ntitle: 'Offre de stage'\n...\nOffre de stage\n==============\n\nTexte.",
         "---\ntitle: '[P] Offre de stage'\nfilled: true\n...\nOffre de stage\n==============\n\n_Fini._\n\nTexte."),
        # heading as the last line
        ("---\ntitle: \"Offre de stage\"\n---\n## Offre de stage\n",
         "---\ntitle: \"[P] Offre de stage\"\nfilled: true\n---\n## Offre de stage\n\n_Fini._\n"),
    ],
)
def test_mark_filled_edits_in_odd_layouts(text: str, expected: str) -> None:
    filled = jobs.FilledOptions(title_marker="[P]", body_notice="Fini", flag_key="filled")
    fixes, impossible = jobs.mark_filled_fixes(Post.from_text(text, OFFER_PATH), filled)
    assert impossible == []
    result = apply_edits(text, [e for f in fixes for e in f.edits])
    assert result == expected
    again, _ = jobs.mark_filled_fixes(Post.from_text(result, OFFER_PATH), filled)
    assert again == []


@pytest.mark.parametrize("header", [">", ">-", "|", "|-", ">2-"])
def test_block_scalar_titles_are_marked_on_their_first_line(header: str) -> None:
    text = f"---\ntitle: {header}\n    Offre de stage\n    au programme\nlayout: post\n---\n\n## Offre de stage\n"
    post = Post.from_text(text, OFFER_PATH)
    fixes, impossible = jobs.mark_filled_fixes(post, jobs.FilledOptions())
    assert impossible == []
    fixed = Post.from_text(apply_edits(text, [e for f in fixes for e in f.edits]), OFFER_PATH)
    assert fixed.front_matter is not None and not fixed.issues
    assert fold(fixed.front_matter["title"]).startswith(fold("[OFFRE POURVUE] Offre de stage"))
    assert list(fixed.front_matter) == ["title", "layout", "filled"]
    assert fixed.lines[2] == "    [OFFRE POURVUE] Offre de stage"
    assert jobs.mark_filled_fixes(fixed, jobs.FilledOptions()) == ([], [])
