"""The status model of job offers: each signal kind, each disagreement,
mark-filled / mark-closed on an offer with four signals, deadlines from
front-matter keys, and closed offers spared the section checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table, lint_text
from postlint.cli import main
from postlint.config import ConfigError
from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.fix.edits import apply_edits
from postlint.rules.jobs import JobsOptions, read_status

TODAY = "2024-06-01"
PATH = "_offres/charge-de-mission.md"

KEY_OPEN = {"kind": "key", "key": "open", "open": [True], "closed": [False]}
KEY_STATUS = {"kind": "key", "key": "status", "open": ["open"], "closed": ["closed"], "filled": ["filled"]}
KEY_POURVU = {"kind": "key", "key": "poste_pourvu", "filled": [True], "not-filled": [False]}
DATE_FERME = {"kind": "date", "key": "poste_ferme", "means": "closed-from"}
DATE_DEPUB = {"kind": "date", "key": "depublication_date", "means": "closed-from"}
DATE_LIMITE = {"kind": "date", "key": "date_limite", "means": "deadline"}
DATE_OUVERT = {"kind": "date", "key": "poste_ouvert", "means": "opened"}
MARKER = {"kind": "marker", "text": "[POURVU]"}
NOTICE = {"kind": "notice", "text": "Ce poste est pourvu", "markdown": "**Ce poste est pourvu.**"}

BODY = """
## Vos missions

- accompagner les équipes

## Candidater

Écrire à recrutement@exemple.gouv.fr.
"""


def offer(front: str, body: str = BODY, title: str = "Chargé·e de mission") -> str:
    return f"---\ntitle: {title}\nlayout: offre\n{front}---\n{body}"


def config(tmp_path: Path, *signals: dict[str, Any], **jobs: Any) -> Any:
    table = {"jobs": {"today": TODAY, "detect": {"collections": ["_offres/*.md"]},
                      "status": {"signals": list(signals)}, **jobs}}
    return config_from_table(table, tmp_path)


def pl4(tmp_path: Path, text: str, *signals: dict[str, Any], **jobs: Any) -> list[Diagnostic]:
    return [d for d in lint_text(text, PATH, config=config(tmp_path, *signals, **jobs)) if d.code.startswith("PL4")]


def where(found: list[Diagnostic]) -> list[tuple[str, str, int]]:
    return [(d.code, d.message_id, d.line) for d in found]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def status_of(text: str, *signals: dict[str, Any]) -> str:
    options = JobsOptions.model_validate({"status": {"signals": list(signals)}})
    return read_status(Post.from_text(text, PATH), options.signals, dt.date(2024, 6, 1)).status


# ---------------------------------------------------------------- each signal kind


@pytest.mark.parametrize(
    ("front", "signal", "expected"),
    [
        ("open: true\n", KEY_OPEN, "open"),
        ("open: false\n", KEY_OPEN, "closed"),
        ("status: filled\n", KEY_STATUS, "filled"),
        ("status: Closed\n", KEY_STATUS, "closed"),  # compared ignoring case
        ("poste_pourvu: true\n", KEY_POURVU, "filled"),
        ("poste_pourvu: false\n", KEY_POURVU, "open"),  # not filled: open until something closes it
        ("poste_ferme: 2024-05-31\n", DATE_FERME, "closed"),
        ("poste_ferme: 2024-06-01\n", DATE_FERME, "closed"),  # closed from that day
        ("poste_ferme: 2024-06-02\n", DATE_FERME, "open"),  # not yet
        ("poste_ferme: '2024-05-31'\n", DATE_FERME, "closed"),  # ISO text counts as a date
        ("date_limite: 2020-01-01\n", DATE_LIMITE, "open"),  # a deadline does not close: it makes stale
        ("", KEY_OPEN, "open"),  # a missing key says nothing
    ],
)
def test_each_key_and_date_signal(front: str, signal: dict[str, Any], expected: str) -> None:
    assert status_of(offer(front), signal) == expected


def test_marker_and_notice_signals() -> None:
    assert status_of(offer("", title='"[POURVU] Chargé·e"'), MARKER) == "filled"
    assert status_of(offer(""), MARKER) == "open"
    assert status_of(offer("", body="\n**Ce poste est pourvu.**\n" + BODY), NOTICE) == "filled"
    closed_marker = {"kind": "marker", "text": "[CLOS]", "means": "closed"}
    assert status_of(offer("", title='"[CLOS] Chargé·e"'), closed_marker) == "closed"


def test_a_key_default_stands_for_a_missing_key(tmp_path: Path) -> None:
    filled = {"kind": "key", "key": "filled", "filled": [True], "not-filled": [False], "default": False}
    text = offer("", title='"[POURVU] Chargé·e"', body="\n**Ce poste est pourvu.**\n" + BODY)
    found = pl4(tmp_path, text, MARKER, NOTICE, filled)
    assert where(found) == [("PL405", "add-key", 1)]
    assert found[0].fix is not None and found[0].fix.safe  # two signals agree against the missing one
    fixed = Post.from_text(apply_edits(text, found[0].fix.edits), PATH)
    assert (fixed.front_matter or {})["filled"] is True


@pytest.mark.parametrize(
    ("signal", "message"),
    [
        ({"kind": "key", "key": "open", "open": [True], "closed": [True]}, "listed under both open and closed"),
        ({"kind": "key", "key": "open"}, "list the values"),
        ({"kind": "key", "key": "open", "open": [True], "default": "oui"}, "default"),
        ({"kind": "date", "key": "date_limite", "means": "deadline", "set-today": True}, "closed-from"),
        ({"kind": "date", "key": "date_limite", "means": "soon"}, "means"),
        ({"kind": "flag", "key": "x"}, "kind"),
    ],
)
def test_signals_are_validated(tmp_path: Path, signal: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config(tmp_path, signal)


# ---------------------------------------------------------------- each disagreement


PAIRS = [
    # (front matter, title, extra body, signals, the line that disagrees, message id, the signal it names)
    ("open: false\nstatus: open\n", None, "", (KEY_OPEN, KEY_STATUS), "status: open", "set-key", "`open: false`"),
    ("poste_pourvu: true\nstatus: open\n", None, "", (KEY_POURVU, KEY_STATUS), "status: open", "set-key",
     "`poste_pourvu: true`"),
    ("open: true\ndepublication_date: 2024-01-15\n", None, "", (KEY_OPEN, DATE_DEPUB), "open: true", "set-key",
     "`depublication_date: 2024-01-15`"),
    ("status: open\nposte_ferme: 2024-03-01\n", None, "", (KEY_OPEN, KEY_STATUS, DATE_FERME), "status: open",
     "set-key", "`poste_ferme: 2024-03-01`"),
    # one against one: the more closed signal wins the tie
    ("status: open\n", '"[POURVU] Chargé·e"', "", (KEY_STATUS, MARKER), "status: open", "set-key",
     "« [POURVU] »"),
    ("status: open\n", None, "\n**Ce poste est pourvu.**\n", (KEY_STATUS, NOTICE), "status: open", "set-key",
     "« Ce poste est pourvu »"),
    # two against one: the majority wins
    ("status: open\nopen: true\n", '"[POURVU] Chargé·e"', "", (KEY_OPEN, KEY_STATUS, MARKER), "title:",
     "remove-marker", "`open: true`, `status: open`"),
    ("status: open\nopen: true\n", None, "\n**Ce poste est pourvu.**\n", (KEY_OPEN, KEY_STATUS, NOTICE),
     "Ce poste est pourvu", "remove-notice", "`open: true`, `status: open`"),
    ("status: filled\nposte_pourvu: true\n", None, "", (KEY_STATUS, KEY_POURVU, MARKER), "title:", "add-marker",
     "`status: filled`, `poste_pourvu: true`"),
    ("status: filled\nposte_pourvu: true\n", None, "", (KEY_STATUS, KEY_POURVU, NOTICE), "## Vos missions",
     "add-notice", "`status: filled`, `poste_pourvu: true`"),
    ("poste_ferme: 2024-03-01\n", '"[OUVERT] Chargé·e"', "",
     (DATE_FERME, {"kind": "marker", "text": "[OUVERT]", "means": "open"}), "title:", "remove-marker",
     "`poste_ferme: 2024-03-01`"),
    ("poste_ferme: 2024-03-01\n", None, "\n_Candidatures ouvertes_\n",
     (DATE_FERME, {"kind": "notice", "text": "Candidatures ouvertes", "means": "open"}), "Candidatures ouvertes",
     "remove-notice", "`poste_ferme: 2024-03-01`"),
    ("status: filled\nposte_pourvu: false\n", None, "", (KEY_STATUS, KEY_POURVU), "poste_pourvu: false",
     "set-key", "`status: filled`"),
]


@pytest.mark.parametrize(("front", "title", "extra", "signals", "at", "message_id", "names"), PAIRS)
def test_each_disagreement_is_reported_at_the_signal_that_disagrees(
    tmp_path: Path, front: str, title: str | None, extra: str, signals: tuple[dict[str, Any], ...], at: str,
    message_id: str, names: str,
) -> None:
    text = offer(front, body=extra + BODY, title=title or "Chargé·e de mission")
    found = pl4(tmp_path, text, *signals)
    assert where(found) == [("PL405", message_id, line_of(text, at))]
    assert names in found[0].message


def test_every_signal_against_a_past_closing_date_is_reported(tmp_path: Path) -> None:
    text = offer("open: true\nstatus: open\nposte_pourvu: false\ndepublication_date: 2024-01-15\n")
    found = pl4(tmp_path, text, KEY_OPEN, KEY_STATUS, KEY_POURVU, DATE_DEPUB)
    # poste_pourvu: false allows "closed": only the keys saying "open" disagree
    assert where(found) == [("PL405", "set-key", 4), ("PL405", "set-key", 5)]
    assert [d.params["value"] for d in found] == ["false", "closed"]
    assert all("`depublication_date: 2024-01-15`" in d.message for d in found)
    assert all("poste_pourvu" not in d.message for d in found)


def test_the_majority_wins_and_the_fix_sets_the_minority(tmp_path: Path) -> None:
    text = offer("open: false\nstatus: open\nposte_pourvu: true\n")
    found = pl4(tmp_path, text, KEY_OPEN, KEY_STATUS, KEY_POURVU)
    assert where(found) == [("PL405", "set-key", 5)]
    assert found[0].params["value"] == "filled"
    assert found[0].fix is not None and not found[0].fix.safe  # changing a value changes meaning
    fixed = apply_edits(text, found[0].fix.edits)
    assert "status: filled\n" in fixed
    assert pl4(tmp_path, fixed, KEY_OPEN, KEY_STATUS, KEY_POURVU) == []


def test_a_lone_present_signal_against_absences_is_reported_alone(tmp_path: Path) -> None:
    text = offer("status: filled\n")
    found = pl4(tmp_path, text, KEY_STATUS, MARKER, NOTICE)
    assert where(found) == [("PL405", "only-key", line_of(text, "status:"))]
    assert found[0].fix is None
    assert "« [POURVU] »" in found[0].message and "postlint mark-filled" in found[0].message


def test_consistent_offers_are_not_reported(tmp_path: Path) -> None:
    signals = (KEY_OPEN, KEY_STATUS, KEY_POURVU, DATE_FERME, DATE_DEPUB)
    for front in ("open: true\nstatus: open\nposte_pourvu: false\nposte_ferme: 2024-09-01\n",
                  "open: false\nstatus: filled\nposte_pourvu: true\nposte_ferme: 2024-02-01\n",
                  "open: false\nstatus: closed\nposte_pourvu: false\ndepublication_date: 2024-01-01\n",
                  "status: closed\nposte_pourvu: true\n",  # closed and filled agree: filled
                  ""):
        assert pl4(tmp_path, offer(front), *signals) == [], front


def test_status_key_values_are_checked(tmp_path: Path) -> None:
    text = offer("status: pending\nposte_pourvu: 'oui'\nposte_ferme: bientôt\n")
    found = pl4(tmp_path, text, KEY_STATUS, KEY_POURVU, DATE_FERME)
    assert [(d.code, d.message_id, d.params["key"], d.line) for d in found] == [
        ("PL407", "value", "status", 4), ("PL407", "default", "poste_pourvu", 5), ("PL407", "default", "poste_ferme", 6),
    ]
    assert "`open`, `closed`, `filled`" in found[0].message


def test_messages_are_french_with_the_french_words_for_statuses(tmp_path: Path) -> None:
    found = pl4(tmp_path, offer("open: false\nstatus: open\n"), KEY_OPEN, KEY_STATUS)
    french = found[0].render("fr")
    assert "indique que l’offre est ouverte" in french and "elle est fermée" in french


# ---------------------------------------------------------------- mark-filled / mark-closed

FOUR_SIGNALS = """\
[jobs]
today = 2024-06-01

[jobs.detect]
collections = ["_offres/*.md"]

[[jobs.status.signals]]
kind = "key"
key = "open"
open = [true]
closed = [false]

[[jobs.status.signals]]
kind = "key"
key = "status"
open = ["open"]
closed = ["closed"]
filled = ["filled"]

[[jobs.status.signals]]
kind = "date"
key = "poste_ferme"
means = "closed-from"
set-today = true

[[jobs.status.signals]]
kind = "marker"
text = "[POURVU]"
"""

# a folded title, comments, keys in an editor's order
FOUR = """\
---
# offre publiée par la direction
title: >-
  Chargé·e de mission
  données (F/H)
status: "open"   # à mettre à jour
layout: offre
open: true
poste_ferme:
tags: [emploi]
---

## Vos missions

- accompagner les équipes

## Candidater

Écrire à recrutement@exemple.gouv.fr.
"""


def _site(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "site"
    (root / "_offres").mkdir(parents=True)
    (root / "postlint.toml").write_text(FOUR_SIGNALS, encoding="utf-8")
    (root / "_config.yml").write_text("collections:\n  offres:\n    output: true\n", encoding="utf-8")
    path = root / "_offres" / "charge.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_mark_filled_sets_all_four_signals_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _site(tmp_path, FOUR)
    assert main(["mark-filled", str(path)]) == 0
    assert "marked filled (4 edits)" in capsys.readouterr().out
    after = path.read_text(encoding="utf-8")
    assert after == (FOUR.replace("  Chargé·e de mission\n", "  [POURVU] Chargé·e de mission\n")
                     .replace('status: "open"', 'status: "filled"').replace("open: true", "open: false")
                     .replace("poste_ferme:\n", "poste_ferme: 2024-06-01\n"))
    post = Post.from_text(after, "_offres/charge.md")
    assert list(post.front_matter or {}) == ["title", "status", "layout", "open", "poste_ferme", "tags"]
    assert (post.front_matter or {})["title"] == "[POURVU] Chargé·e de mission données (F/H)"
    assert main(["mark-filled", str(path)]) == 0
    assert "already marked filled" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == after
    assert main(["check", str(path.parent.parent)]) == 0
    out = capsys.readouterr().out
    assert "PL4" not in out and "1 file" in out


def test_mark_closed_sets_all_four_signals_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _site(tmp_path, FOUR)
    assert main(["mark-closed", str(path)]) == 0
    assert "marked closed (3 edits)" in capsys.readouterr().out
    after = path.read_text(encoding="utf-8")
    assert after == (FOUR.replace('status: "open"', 'status: "closed"').replace("open: true", "open: false")
                     .replace("poste_ferme:\n", "poste_ferme: 2024-06-01\n"))
    assert main(["mark-closed", str(path)]) == 0
    assert "already marked closed" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == after
    # a closed offer may still be filled later
    assert main(["mark-filled", str(path)]) == 0
    filled = path.read_text(encoding="utf-8")
    assert 'status: "filled"' in filled and "[POURVU] Chargé·e" in filled
    assert main(["mark-closed", str(path)]) == 0
    assert "already marked filled, which is closed" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == filled


def test_mark_closed_removes_a_filled_marker_left_by_mistake(tmp_path: Path) -> None:
    text = FOUR.replace("  Chargé·e de mission\n", "  [POURVU] Chargé·e de mission\n")
    path = _site(tmp_path, text)
    assert main(["mark-closed", str(path)]) == 0
    after = path.read_text(encoding="utf-8")
    assert "[POURVU]" not in after and "  Chargé·e de mission\n" in after


def test_mark_diff_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _site(tmp_path, FOUR)
    assert main(["mark-closed", "--diff", str(path)]) == 0
    out = capsys.readouterr().out
    assert '+status: "closed"   # à mettre à jour' in out and "+poste_ferme: 2024-06-01" in out
    assert path.read_text(encoding="utf-8") == FOUR


def test_missing_keys_are_added_last_in_signal_order(tmp_path: Path) -> None:
    text = "---\ntitle: Chargé·e de mission\nlayout: offre\n---\n" + BODY
    path = _site(tmp_path, text)
    assert main(["mark-filled", str(path)]) == 0
    assert path.read_text(encoding="utf-8").startswith(
        '---\ntitle: "[POURVU] Chargé·e de mission"\nlayout: offre\nopen: false\nstatus: filled\n'
        "poste_ferme: 2024-06-01\n---\n")


# ---------------------------------------------------------------- deadlines and staleness


def test_deadline_from_a_key_names_the_key(tmp_path: Path) -> None:
    text = offer("status: open\ndate_limite: 2024-04-30\n")
    found = pl4(tmp_path, text, KEY_STATUS, DATE_LIMITE)
    assert where(found) == [("PL406", "deadline-open", line_of(text, "date_limite"))]
    assert found[0].params["source"] == "`date_limite`"
    assert "`status: open`" in found[0].message
    assert found[0].fix is not None and not found[0].fix.safe
    fixed = Post.from_text(apply_edits(text, found[0].fix.edits), PATH)
    assert (fixed.front_matter or {})["status"] == "closed"  # marked closed, not filled


def test_deadline_key_wins_over_the_body_and_a_future_one_is_not_stale(tmp_path: Path) -> None:
    body = BODY + "\nCandidatures avant le 1er février 2024.\n"
    assert pl4(tmp_path, offer("date_limite: 2024-07-01\n", body=body), DATE_LIMITE) == []
    found = pl4(tmp_path, offer("", body=body), DATE_LIMITE)
    assert [(d.message_id, d.params["source"]) for d in found] == [("deadline", "« avant le 1er février 2024 »")]


def test_closing_dates_and_opening_dates_decide_the_age(tmp_path: Path) -> None:
    old = "date: 2023-01-10\n"
    assert [d.message_id for d in pl4(tmp_path, offer(old), DATE_FERME)] == ["age"]
    assert pl4(tmp_path, offer(old + "poste_ferme: 2024-09-30\n"), DATE_FERME) == []  # it closes then
    assert pl4(tmp_path, offer(old + "poste_ouvert: 2024-04-01\n"), DATE_OUVERT) == []  # reopened in April
    found = pl4(tmp_path, offer(old + "poste_ouvert: 2023-09-01\n"), DATE_OUVERT)
    assert [(d.message_id, d.params["published"]) for d in found] == [("age", "2023-09-01")]


def test_closed_and_filled_offers_are_never_stale(tmp_path: Path) -> None:
    assert pl4(tmp_path, offer("status: closed\ndate_limite: 2020-01-01\n"), KEY_STATUS, DATE_LIMITE) == []
    assert pl4(tmp_path, offer("date: 2020-01-10\nstatus: filled\n"), KEY_STATUS) == []


# ---------------------------------------------------------------- closed offers and sections


def test_closed_offers_are_not_checked_for_sections_or_how_to_apply(tmp_path: Path) -> None:
    bare = "\nUne offre sans sections ni contact.\n"
    assert pl4(tmp_path, offer("status: closed\n", body=bare), KEY_STATUS) == []
    assert pl4(tmp_path, offer("status: filled\n", body=bare), KEY_STATUS) == []
    assert pl4(tmp_path, offer("poste_ferme: 2024-01-01\n", body=bare), DATE_FERME) == []
    open_codes = [d.code for d in pl4(tmp_path, offer("status: open\n", body=bare), KEY_STATUS)]
    assert open_codes == ["PL401", "PL401", "PL404"]
    checked = [d.code for d in pl4(tmp_path, offer("status: closed\n", body=bare), KEY_STATUS, **{"check-closed": True})]
    assert checked == ["PL401", "PL401", "PL404"]


def test_a_closed_offer_still_gets_its_status_checked(tmp_path: Path) -> None:
    bare = "\nUne offre sans sections ni contact.\n"
    found = pl4(tmp_path, offer("open: true\nposte_ferme: 2024-01-01\n", body=bare), KEY_OPEN, DATE_FERME)
    assert where(found) == [("PL405", "set-key", 4)]


def test_the_fixes_of_disagreements_make_the_offer_consistent(tmp_path: Path) -> None:
    signals = (KEY_OPEN, KEY_STATUS, MARKER)
    text = offer("open: true\nstatus: open\n", title='"[POURVU] Chargé·e de mission"')
    found = pl4(tmp_path, text, *signals)
    assert where(found) == [("PL405", "remove-marker", 2)]
    assert found[0].fix is not None and not found[0].fix.safe
    fixed = apply_edits(text, found[0].fix.edits)
    assert 'title: "Chargé·e de mission"\n' in fixed
    assert pl4(tmp_path, fixed, *signals) == []


def test_a_lone_signal_message_in_french(tmp_path: Path) -> None:
    found = pl4(tmp_path, offer("status: filled\n"), KEY_STATUS, MARKER)
    assert [d.message_id for d in found] == ["only-key"]
    assert found[0].render("fr").startswith("Seul `status: filled` indique que l’offre est pourvue")


# ---------------------------------------------------------------- the family's memo


def test_an_offer_is_analysed_once_per_file_for_every_job_offer_rule(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    from postlint.rules.jobs import offer as offer_module

    calls: list[str] = []
    real = offer_module.detect
    monkeypatch.setattr(offer_module, "detect", lambda post, options: calls.append(post.relpath) or real(post, options))
    config = config_from_table({"select": ["PL4"]}, tmp_path)
    lint_text("---\ntitle: Offre de stage\n---\n## Missions\n\nDes missions.\n", "_posts/2024-01-01-stage.md",
              config=config)
    assert calls == ["_posts/2024-01-01-stage.md"]
