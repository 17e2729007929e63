"""Find application deadlines in job-offer prose, French first.

A date counts as a deadline only when a deadline cue introduces it
("avant le", "jusqu'au", "au plus tard", "date limite :", "d'ici le",
"before", "by", "until", "deadline:"...). A date standing alone ("le 5
février, nous avons...") is an event, not a deadline. Between the cue and
the date, only small connecting words are allowed (le, au, the, on, a
weekday, a colon, Markdown emphasis), and never a blank line.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Deadline", "find_deadlines"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline phrase: ``text[start:end] == phrase``, from cue to date."""

    date: datetime.date
    start: int
    end: int
    phrase: str


def _fold(word: str) -> str:
    """Lower case without accents, so "Décembre", "decembre" and "DÉC" agree."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Full names, then abbreviations (which may take a dot: "déc.", "janv.").
_MONTH_NAMES: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    1: (("janvier", "january"), ("janv", "jan")),
    2: (("février", "fevrier", "february"), ("févr", "fevr", "fév", "fev", "feb")),
    3: (("mars", "march"), ("mar",)),
    4: (("avril", "april"), ("avr", "apr")),
    5: (("mai", "may"), ()),
    6: (("juin", "june"), ("jun",)),
    7: (("juillet", "july"), ("juil", "jul")),
    8: (("août", "aout", "august"), ("aug",)),
    9: (("septembre", "september"), ("sept", "sep")),
    10: (("octobre", "october"), ("oct",)),
    11: (("novembre", "november"), ("nov",)),
    12: (("décembre", "decembre", "december"), ("déc", "dec")),
}
_MONTHS: dict[str, int] = {
    _fold(name): month for month, kinds in _MONTH_NAMES.items() for kind in kinds for name in kind
}


def _alternation(names: set[str]) -> str:
    # Longest first, so "sept" is not cut to "sep".
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_FULL_RE = _alternation({n for full, _ in _MONTH_NAMES.values() for n in full})
_ABBR_RE = _alternation({n for _, abbr in _MONTH_NAMES.values() for n in abbr})

_WEEKDAYS = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "monday tuesday wednesday thursday friday saturday sunday"
).split()
_WEEKDAY_RE = "|".join(_WEEKDAYS)

# Word boundaries that treat "_" (Markdown emphasis) as punctuation.
_NB = r"(?<![^\W_])"
_NA = r"(?![^\W_])"
_APOS = r"['’ʼ]"
_SUFFIX = r"(?:ère|ème|eme|er|re|e|ᵉʳ|ᵉ|st|nd|rd|th)?"
_DAY = rf"{_NB}(?P<day>[0-3]?\d)(?!\d){_SUFFIX}"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_MONTH = rf"(?P<month>(?:{_FULL_RE}){_NA}|(?:{_ABBR_RE}){_NA}\.?)"
# Spaces inside a date: any blanks (NBSP included) and at most one line break,
# since Markdown paragraphs are often hard-wrapped.
_SP = r"(?=\s)[^\S\n]*(?:\n[^\S\n]*)?"

#: Date shapes, tried in order at the position right after the connectors.
_DATES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)",
        r"(?P<day>[0-3]?\d)(?P<sep>[/.\-])(?P<month>[01]?\d)(?P=sep)(?P<year>\d{4}|\d\d)(?![\d])",
        r"(?P<day>[0-3]?\d)/(?P<month>[01]?\d)(?![/\d])",
        rf"{_DAY}{_SP}(?:of{_SP})?{_MONTH}(?:{_SP}{_YEAR})?",
        rf"{_NB}{_MONTH}{_SP}{_DAY}{_NA}(?:,?{_SP}{_YEAR})?",
    )
)

#: Cues after which a date is a deadline. ``labelled`` cues may carry a
#: label ending with a colon ("date limite de dépôt des candidatures :").
_CUES: tuple[tuple[str, bool], ...] = (
    (r"au\s+plus\s+tard", False),
    (rf"jusqu\s*{_APOS}\s*(?:au|à|a)", False),
    (rf"d\s*{_APOS}\s*ici", False),
    (r"avant", False),
    (r"dates?\s+limites?", True),
    (r"cl[ôo]ture(?:\s+des\s+candidatures)?", True),
    (r"[ée]ch[ée]ance", True),
    (r"(?:no|not)\s+later\s+than", False),
    (r"before", False),
    (r"by", False),
    (r"until", False),
    (r"till", False),
    (r"deadline", True),
    (r"closing\s+date", True),
)
_CUE_RE = re.compile(
    "|".join(rf"(?P<c{i}>{_NB}{p}{_NA})" for i, (p, _) in enumerate(_CUES)), re.IGNORECASE
)

# What may sit between a cue and its date. A weekday keeps the date valid
# ("jusqu'au lundi 7 janvier"); emphasis covers "avant le **16 mars**".
_CONNECTOR_RE = re.compile(
    rf"(?:\s|[*_:,]|{_NB}(?:le|au|the|on|is|est|fix[ée]e\s+(?:au|le)|{_WEEKDAY_RE}){_NA})*",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"[^\n:.;!?]{0,60}?:")


def _year(raw: str | None, default_year: int | None) -> int | None:
    if raw is None:
        return default_year
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _month(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else _MONTHS.get(_fold(raw.rstrip(".")))


def _date_at(
    text: str, pos: int, default_year: int | None, reference: datetime.date | None
) -> tuple[datetime.date, int] | None:
    """The date starting exactly at ``pos`` and where it ends, if any."""
    for pattern in _DATES:
        m = pattern.match(text, pos)
        if m is None:
            continue
        groups = m.groupdict()
        month = _month(groups["month"])
        year = _year(groups.get("year"), default_year)
        if month is None or year is None:
            return None
        try:
            found = datetime.date(year, month, int(groups["day"]))
        except ValueError:
            return None  # 31 février: a typo we cannot guess a deadline from
        if groups.get("year") is None and reference is not None and found < reference:
            rolled = _next_year(found)
            if rolled is None:
                return None
            found = rolled
        return found, m.end()
    return None


def _next_year(day: datetime.date) -> datetime.date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


def _date_starts(text: str, cue: re.Match[str], labelled: bool) -> Iterator[int]:
    """Where the date may start after ``cue``: after connectors, or after a label."""
    yield _skip_connectors(text, cue.end())
    if labelled:
        label = _LABEL_RE.match(text, cue.end())
        if label is not None:
            yield _skip_connectors(text, label.end())


def _skip_connectors(text: str, pos: int) -> int:
    connectors = _CONNECTOR_RE.match(text, pos)
    return connectors.end() if connectors else pos


def _crosses_paragraph(gap: str) -> bool:
    return "\n\n" in gap.replace("\r\n", "\n")


def find_deadlines(
    text: str, *, default_year: int | None, reference: datetime.date | None = None
) -> list[Deadline]:
    """Every deadline phrase in ``text``, in order of appearance.

    A date written without a year takes ``default_year`` (typically the
    post's year); without one, it is not returned. With ``reference`` (the
    post's date), a year-less date that would fall before it is taken to be
    in the following year: an offer published in December asking for
    applications "avant le 15 janvier" means next January.
    """
    if default_year is None and reference is not None:
        default_year = reference.year
    found: list[Deadline] = []
    taken_until = 0
    for cue in _CUE_RE.finditer(text):
        if cue.start() < taken_until:
            continue  # inside a deadline already found ("date limite : avant le ...")
        labelled = _CUES[int(cue.lastgroup[1:])][1]  # type: ignore[index]
        for pos in _date_starts(text, cue, labelled):
            if _crosses_paragraph(text[cue.end() : pos]):
                continue
            hit = _date_at(text, pos, default_year, reference)
            if hit is not None:
                date, end = hit
                found.append(Deadline(date, cue.start(), end, text[cue.start() : end]))
                taken_until = end
                break
    return found
