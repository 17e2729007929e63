"""Reading an offer's status signals, and deciding its status.

Each configured signal is *read* into the set of statuses it allows:

* a key's value means open ({open}), closed ({closed, filled}: no longer
  open, filled or not), filled ({filled}) or not filled ({open, closed});
* a closed-from date (``poste_ferme``, ``depublication_date``) that is
  today or past means closed; a future one says nothing yet;
* a title marker or a body notice means what it is configured to mean when
  present; when absent (and ``required``), the opposite;
* a key with a ``default`` reads its default when missing.

Signals that are present (a value, a marker, a past date) are *explicit*;
absences are not. When every reading allows a common status, the offer has
it (open first, then closed, then filled). Otherwise the signals disagree
and the status is the one most explicit signals allow, then the one most of
them name, then the more closed one (editors close an offer by changing one
signal and forgetting the others far more often than they reopen one); a
past closed-from date rules out "open". Every signal that does not allow it
*disagrees*.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from postlint.rules.jobs.detect import first_heading, title
from postlint.rules.jobs.options import (
    DateSignal,
    KeySignal,
    MarkerSignal,
    NoticeSignal,
)
from postlint.rules.jobs.text import fold

if TYPE_CHECKING:  # pragma: no cover
    from postlint.core.document import Post

__all__ = [
    "AnySignal", "DatedKey", "KeyProblem", "Reading", "StatusReport", "anchor", "parse_date", "read_status",
    "resolve", "yaml_literal",
]

AnySignal = KeySignal | DateSignal | MarkerSignal | NoticeSignal
Status = Literal["open", "closed", "filled"]
STATUSES: tuple[Status, ...] = ("open", "closed", "filled")
#: tie-break: the more closed status wins.
_CLOSEDNESS = {"open": 0, "closed": 1, "filled": 2}
READS: dict[str, frozenset[str]] = {
    "open": frozenset({"open"}),
    "closed": frozenset({"closed", "filled"}),
    "filled": frozenset({"filled"}),
    "not-filled": frozenset({"open", "closed"}),
}
#: what a required marker or notice says by its absence.
ABSENT_READS: dict[str, frozenset[str]] = {
    "open": frozenset({"closed", "filled"}),
    "closed": frozenset({"open"}),
    "filled": frozenset({"open", "closed"}),
}
ALL: frozenset[str] = frozenset(STATUSES)


@dataclass(frozen=True)
class Reading:
    """What one signal says, and where it says it (1-based line:column)."""

    signal: AnySignal
    statuses: frozenset[str]
    #: the status the signal names ("closed" for `open: false`), if any.
    named: str | None
    explicit: bool
    #: how the signal is shown in messages: `status: open`, « [OFFRE POURVUE] ».
    literal: str
    line: int
    column: int
    #: a key's value as written (keys and dates).
    value: Any = None
    #: a past closed-from date: the offer cannot be open.
    forces_closed: bool = False


@dataclass(frozen=True)
class KeyProblem:
    """A signal key whose value is none of the configured ones, or not a date."""

    key: str
    value: Any
    #: "value" (expected one of ``expected``) or "date".
    kind: Literal["value", "date"]
    expected: tuple[Any, ...] = ()


@dataclass(frozen=True)
class DatedKey:
    """A date key that is not a status reading: a deadline, an opening, a future closing."""

    signal: DateSignal
    date: dt.date
    line: int
    column: int


@dataclass(frozen=True)
class StatusReport:
    status: Status
    readings: tuple[Reading, ...]
    #: the signals that do not allow ``status`` (empty when they all agree).
    disagree: tuple[Reading, ...] = ()
    problems: tuple[KeyProblem, ...] = ()
    deadlines: tuple[DatedKey, ...] = ()
    openings: tuple[DatedKey, ...] = ()
    future_closings: tuple[DatedKey, ...] = ()

    @property
    def explicit(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if r.explicit)

    @property
    def supporters(self) -> tuple[Reading, ...]:
        """The explicit signals that allow the status."""
        return tuple(r for r in self.explicit if self.status in r.statuses)

    @property
    def consistent(self) -> bool:
        return not self.disagree


# --------------------------------------------------------------------------
# Reading


def yaml_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:\s*(?:Z|[+-]\d\d:?\d\d))?)?\s*$")


def parse_date(value: Any) -> dt.date | None:
    """A front-matter date: a YAML date or datetime, or ISO text (``"2024-05-02"``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _ISO_RE.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def anchor(post: Post) -> tuple[int, int]:
    """Where offer-wide findings go: the first heading, else the body start."""
    heading = first_heading(post)
    if heading is not None:
        return post.token_line(heading[0]), 1
    return post.body_start_line, 1


def _key_position(post: Post, key: str) -> tuple[int, int]:
    span = post.span_of(key, value=True)
    return (span.line, span.column) if span else (post.front_matter_line, 1)


def notice_line(post: Post, text: str) -> int | None:
    """The line of the body holding the notice, if any (emphasis ignored)."""
    folded = fold(text).rstrip(".")
    if not folded:
        return None
    for number, line in enumerate(post.lines, 1):
        if number >= post.body_start_line and folded in fold(re.sub(r"[*_]", "", line)):
            return number
    return None


def _notice_present(post: Post, text: str) -> bool:
    wanted = fold(text).rstrip(".")
    return bool(wanted) and wanted in fold(re.sub(r"[*_]", "", post.body))


def read_status(post: Post, signals: list[AnySignal], today: dt.date) -> StatusReport:
    """Read every signal of ``post`` and decide its status."""
    fm = post.front_matter or {}
    readings: list[Reading] = []
    problems: list[KeyProblem] = []
    deadlines: list[DatedKey] = []
    openings: list[DatedKey] = []
    future: list[DatedKey] = []
    for signal in signals:
        if isinstance(signal, KeySignal):
            value = fm.get(signal.key)
            if _is_blank(value):
                if signal.default is not None:
                    meaning = signal.meaning_of(signal.default)
                    assert meaning is not None  # validated
                    line, column = _key_position(post, signal.key)
                    readings.append(Reading(signal, READS[meaning], None, False, f"`{signal.key}`", line, column))
                continue
            meaning = signal.meaning_of(value) if isinstance(value, (bool, int, str)) else None
            if meaning is None:
                problems.append(KeyProblem(signal.key, value, "value", tuple(signal.all_values)))
                continue
            line, column = _key_position(post, signal.key)
            named = None if meaning == "not-filled" else meaning
            readings.append(Reading(signal, READS[meaning], named, True, f"`{signal.key}: {yaml_literal(value)}`",
                                    line, column, value))
        elif isinstance(signal, DateSignal):
            value = fm.get(signal.key)
            if _is_blank(value):
                continue
            date = parse_date(value)
            if date is None:
                problems.append(KeyProblem(signal.key, value, "date"))
                continue
            line, column = _key_position(post, signal.key)
            dated = DatedKey(signal, date, line, column)
            if signal.means == "deadline":
                deadlines.append(dated)
            elif signal.means == "opened":
                openings.append(dated)
            elif date <= today:
                readings.append(Reading(signal, READS["closed"], "closed", True,
                                        f"`{signal.key}: {date.isoformat()}`", line, column, value,
                                        forces_closed=True))
            else:
                future.append(dated)
        elif isinstance(signal, MarkerSignal):
            present = fold(signal.text) in fold(title(post))
            span = post.span_of("title", value=True)
            line, column = (span.line, span.column) if span else (post.front_matter_line, 1)
            if present:
                readings.append(Reading(signal, READS[signal.means], signal.means, True, f"« {signal.text} »",
                                        line, column))
            elif signal.required:
                readings.append(Reading(signal, ABSENT_READS[signal.means], None, False, f"« {signal.text} »",
                                        line, column))
        else:
            if _notice_present(post, signal.text):
                found = notice_line(post, signal.text)
                line, column = (found, 1) if found else anchor(post)
                readings.append(Reading(signal, READS[signal.means], signal.means, True,
                                        f"« {signal.text.rstrip('.')} »", line, column))
            elif signal.required:
                line, column = anchor(post)
                readings.append(Reading(signal, ABSENT_READS[signal.means], None, False,
                                        f"« {signal.text.rstrip('.')} »", line, column))
    status, disagree = resolve(readings)
    return StatusReport(status, tuple(readings), tuple(disagree), tuple(problems), tuple(deadlines),
                        tuple(openings), tuple(future))


# --------------------------------------------------------------------------
# Deciding


def _first_allowed(common: frozenset[str]) -> Status:
    return next(s for s in STATUSES if s in common)


def resolve(readings: list[Reading]) -> tuple[Status, list[Reading]]:
    """The status and the readings that disagree with it (see the module doc)."""
    common = ALL
    for r in readings:
        common &= r.statuses
    if common:
        return _first_allowed(common), []
    voters = [r for r in readings if r.explicit] or readings
    candidates = [s for s in STATUSES if not any(r.forces_closed for r in voters) or s != "open"]

    def score(status: str) -> tuple[int, int, int]:
        return (sum(status in r.statuses for r in voters), sum(r.named == status for r in voters),
                _CLOSEDNESS[status])

    winner = max(candidates, key=score)
    return winner, [r for r in readings if winner not in r.statuses]
