from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from postlint.rules.jobs.deadlines import Deadline, find_deadlines

D = datetime.date
CORPUS_POSTS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "eig-site" / "_posts"


def only(text: str, default_year: int | None = 2030, **kwargs: object) -> Deadline:
    found = find_deadlines(text, default_year=default_year, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Envoyez votre dossier avant le 16 décembre 2019.", D(2019, 12, 16)),
        ("Postulez jusqu'au 3 mars 2020 inclus.", D(2020, 3, 3)),
        ("Postulez jusqu’au 3 mars 2020 inclus.", D(2020, 3, 3)),
        ("Réponse attendue au plus tard le 1er juin.", D(2030, 6, 1)),
        ("Date limite : 15/01/2019", D(2019, 1, 15)),
        ("Date limite\u00a0: 15/01/2019", D(2019, 1, 15)),
        ("Merci de candidater d'ici le 2 février.", D(2030, 2, 2)),
        ("Candidatures ouvertes jusqu'au lundi 7 janvier 2019 à midi.", D(2019, 1, 7)),
        ("Apply before December 16, 2019.", D(2019, 12, 16)),
        ("Send your application by 3 March 2020.", D(2020, 3, 3)),
        ("Deadline: 16 December 2019", D(2019, 12, 16)),
        ("Applications are open until March 3rd.", D(2030, 3, 3)),
        ("Applications are open until the 3rd of March.", D(2030, 3, 3)),
    ],
)
def test_each_form_from_the_brief(text: str, expected: datetime.date) -> None:
    assert only(text).date == expected


@pytest.mark.parametrize(
    ("date_text", "expected"),
    [
        ("15/01/2019", D(2019, 1, 15)),
        ("15.01.2019", D(2019, 1, 15)),
        ("15-01-2019", D(2019, 1, 15)),
        ("2019-01-15", D(2019, 1, 15)),
        ("5/1/2019", D(2019, 1, 5)),
        ("15/01/19", D(2019, 1, 15)),
        ("15/01", D(2030, 1, 15)),
    ],
)
def test_numeric_dates_after_a_cue(date_text: str, expected: datetime.date) -> None:
    assert only(f"Date limite : {date_text}").date == expected
    assert only(f"à envoyer avant le {date_text}.").date == expected


@pytest.mark.parametrize(
    ("month", "number"),
    [
        ("décembre", 12),
        ("decembre", 12),
        ("DÉCEMBRE", 12),
        ("Décembre", 12),
        ("déc.", 12),
        ("dec", 12),
        ("février", 2),
        ("fevrier", 2),
        ("févr.", 2),
        ("août", 8),
        ("aout", 8),
        ("janv.", 1),
        ("juil.", 7),
        ("sept.", 9),
        ("mai", 5),
    ],
)
def test_month_names_with_or_without_accents_and_abbreviations(month: str, number: int) -> None:
    assert only(f"avant le 4 {month} 2021").date == D(2021, number, 4)


def test_abbreviation_dot_belongs_to_the_phrase() -> None:
    assert only("jusqu'au 3 déc. Merci").phrase == "jusqu'au 3 déc."
    assert only("jusqu'au 3 décembre. Merci").phrase == "jusqu'au 3 décembre"


@pytest.mark.parametrize("text", ["avant le 1er mars 2021", "avant le 1ᵉʳ mars 2021", "before March 1st, 2021"])
def test_first_of_the_month(text: str) -> None:
    assert only(text).date == D(2021, 3, 1)


def test_year_comes_from_default_year_only_when_missing() -> None:
    assert only("avant le 2 mai", default_year=2018).date == D(2018, 5, 2)
    assert only("avant le 2 mai 2016", default_year=2018).date == D(2016, 5, 2)


def test_without_year_nor_default_no_deadline() -> None:
    assert find_deadlines("avant le 2 mai", default_year=None) == []
    assert len(find_deadlines("avant le 2 mai 2019", default_year=None)) == 1


def test_reference_rolls_a_yearless_date_into_next_year() -> None:
    # An offer published in December asking for answers "avant le 15 janvier".
    posted = D(2018, 12, 5)
    assert only("avant le 15 janvier", default_year=None, reference=posted).date == D(2019, 1, 15)
    assert only("avant le 20 décembre", default_year=None, reference=posted).date == D(2018, 12, 20)
    assert only("avant le 15 janvier 2018", default_year=None, reference=posted).date == D(2018, 1, 15)


def test_a_date_without_cue_is_not_a_deadline() -> None:
    text = "Le 5 février 2018, nous avons lancé la promotion. Rendez-vous le 14 janvier prochain."
    assert find_deadlines(text, default_year=2018) == []
    assert find_deadlines("Réunion le 15/01/2019 à Paris.", default_year=2019) == []


def test_cue_must_introduce_the_date_directly() -> None:
    # "avant" followed by other words before the date is not a deadline phrase.
    assert find_deadlines("avant la réunion du 16 décembre 2019", default_year=2019) == []
    assert find_deadlines("the report written by 3 people in March 2020", default_year=2019) == []


def test_cue_and_date_in_different_paragraphs_do_not_combine() -> None:
    assert find_deadlines("Date limite :\n\n15/01/2019", default_year=2019) == []
    assert only("Date limite :\n15/01/2019").date == D(2019, 1, 15)
    assert only("avant le 16\ndécembre 2019").date == D(2019, 12, 16)


@pytest.mark.parametrize(
    "text",
    ["avant le 31 février 2019", "jusqu'au 30/02/2020", "Date limite : 2019-13-01", "avant le 32 mars 2019", "by 29 February 2019"],
)
def test_invalid_dates_are_not_returned(text: str) -> None:
    assert find_deadlines(text, default_year=2019) == []


def test_leap_day_is_valid_in_a_leap_year() -> None:
    assert only("by 29 February 2020").date == D(2020, 2, 29)


def test_offsets_point_at_the_phrase() -> None:
    text = "Bonjour.\n\nCandidatures **avant le 16 décembre 2019** par courriel."
    found = only(text)
    assert found.start == text.index("avant")
    assert found.end == text.index("**", found.start)
    assert text[found.start : found.end] == found.phrase == "avant le 16 décembre 2019"


def test_several_deadlines_in_order_with_their_offsets() -> None:
    text = "Étape 1 : jusqu'au 2 mai 2021. Étape 2 : entretiens, date limite : 20/05/2021."
    found = find_deadlines(text, default_year=None)
    assert [d.date for d in found] == [D(2021, 5, 2), D(2021, 5, 20)]
    assert [text[d.start : d.end] for d in found] == ["jusqu'au 2 mai 2021", "date limite : 20/05/2021"]


def test_label_between_cue_and_colon() -> None:
    found = only("Date limite de dépôt des candidatures : le 15 janv. 2019")
    assert found.date == D(2019, 1, 15)
    assert found.start == 0


def test_nested_cues_give_one_deadline() -> None:
    found = find_deadlines("date limite : avant le 15 mars 2019", default_year=None)
    assert [d.date for d in found] == [D(2019, 3, 15)]


def test_markdown_emphasis_and_nbsp() -> None:
    assert only("jusqu'au _lundi 7\u00a0janvier\u00a02019_").date == D(2019, 1, 7)


def test_words_containing_cues_are_not_cues() -> None:
    assert find_deadlines("nearby 3 March 2020, standby 4 March", default_year=2020) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("18-12-05-offre-stage.md", [D(2018, 12, 16)]),
        ("19-11-29-offre-stage.md", [D(2019, 12, 16)]),
        # Start dates ("dès mai 2020") are not application deadlines.
        ("20-04-22-offre-emploi-charge-mission-coordination-accompagnement-EIG.md", []),
    ],
)
def test_real_job_offers(name: str, expected: list[datetime.date]) -> None:
    path = CORPUS_POSTS / name
    if not path.is_file():
        pytest.skip(f"corpus not available at {CORPUS_POSTS}")
    year = 2000 + int(name[:2])
    posted = D(year, int(name[3:5]), int(name[6:8]))
    text = path.read_text(encoding="utf-8")
    found = find_deadlines(text, default_year=year, reference=posted)
    assert [d.date for d in found] == expected
    for deadline in found:
        assert text[deadline.start : deadline.end] == deadline.phrase
