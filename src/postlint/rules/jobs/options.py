"""``[jobs]``: the options of the job-offer rules, validated by Pydantic.

The status model lives here: any number of *signals*, each a front-matter
key whose values mean open / closed / filled / not filled, a date key
("closed from", "deadline", "opened on"), a title marker or a body notice.
Without ``[jobs.status] signals``, the signals are the three of
``[jobs.filled]`` (marker, notice, flag) plus the ``deadline`` date key, as
before the status model existed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, ClassVar, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from postlint.config import StrictModel
from postlint.rules.jobs.text import MatchMode, fold, fold_raw

__all__ = [
    "DEFAULT_PLATFORMS",
    "SHIPPED_SECTIONS",
    "ApplyOptions",
    "DateSignal",
    "DetectOptions",
    "FilledOptions",
    "JobsOptions",
    "KeySignal",
    "MarkerSignal",
    "NoticeSignal",
    "SectionSpec",
    "Signal",
    "StatusOptions",
]

Scalar = StrictBool | StrictInt | StrictStr
#: what a value, a marker or a notice says: "closed" means no longer open
#: (filled or not), "not-filled" means open or closed but not filled.
Meaning = Literal["open", "closed", "filled", "not-filled"]


class DetectOptions(StrictModel):
    """``[jobs.detect]``: what makes a post a job offer."""

    #: globs of files that are offers whatever they say (a jobs collection).
    collections: list[str] = Field(default_factory=list)
    #: a front-matter key naming the kind of post; when present it decides
    #: alone (``type: article`` is not an offer even if its title says so).
    type_key: str | None = "type"
    type_values: list[str] = Field(default_factory=lambda: ["job", "job-offer", "offre", "offre-emploi", "stage"])
    #: phrases looked for in the title and the first heading (whole words,
    #: case, accents and apostrophe style ignored).
    patterns: list[str] = Field(
        default_factory=lambda: [
            "offre d'emploi", "offre de stage", "offre d'alternance", "poste à pourvoir",
            "recrute", "recrutons", "job offer", "internship offer", "we are hiring", "we're hiring",
        ]
    )
    #: where title and heading phrases are looked for (globs); the explicit
    #: signals above apply everywhere.
    pattern_paths: list[str] = Field(default_factory=lambda: ["_posts/**", "**/_posts/**"])
    #: files never treated as offers (globs).
    exclude: list[str] = Field(default_factory=list)
    #: drafts (``_*.md``) are not published; they are not checked as offers.
    include_drafts: bool = False


class SectionSpec(StrictModel):
    """A section an offer must have, and the headings that provide it."""

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    #: phrases a heading starts with or contains (see ``[jobs] section-match``).
    headings: list[str] = Field(min_length=1)
    #: a paragraph opening with bold text (``**Rejoignez-nous** ...``) counts.
    bold_lead_in: bool = False
    definition_term: bool = Field(default=False, description="a definition-list term (`Profil` then `: ...`) provides the section")


def _set(lang: str, *specs: tuple[str, str, list[str]]) -> list[SectionSpec]:
    del lang  # documents which language a set is for
    return [SectionSpec(id=i, label=label, headings=headings) for i, label, headings in specs]


#: the section sets postlint ships, by language; section ids are shared
#: across languages (a heading of another language's set for the same id
#: also satisfies a section; findings use the offer's language).
SHIPPED_SECTIONS: dict[str, list[SectionSpec]] = {
    "fr": _set(
        "fr",
        ("missions", "Missions", ["Vos missions", "Tes missions", "Missions", "La mission", "Votre mission",
                                  "Ta mission", "Le poste", "Description du poste", "Ce que vous ferez",
                                  "Ce que tu feras", "Vos responsabilités", "Activités principales"]),
        ("apply", "Candidater", ["Candidater", "Pour candidater", "Comment candidater", "Candidature",
                                 "Candidatures", "Postuler", "Comment postuler", "Rejoignez-nous", "Rejoins-nous",
                                 "Nous rejoindre"]),
    ),
    "en": _set(
        "en",
        ("missions", "The role", ["Your role", "The role", "About the role", "Role", "Missions", "Your mission",
                                  "Responsibilities", "Your responsibilities", "What you will do", "What you'll do",
                                  "What you will be doing", "The job", "Job description"]),
        ("apply", "How to apply", ["How to apply", "Apply", "To apply", "Applying", "Application process",
                                   "Join us", "Apply now"]),
    ),
}

#: application platforms (hosts; subdomains included): French public
#: employers' boards, then common job boards and applicant-tracking systems.
DEFAULT_PLATFORMS: list[str] = [
    "place-emploi-public.gouv.fr", "choisirleservicepublic.gouv.fr", "emploi-territorial.fr", "talent-soft.com",
    "emploi.fhf.fr", "francetravail.fr", "pole-emploi.fr", "apec.fr", "beta.gouv.fr",
    "welcometothejungle.com", "welcomekit.co", "hellowork.com", "indeed.com", "indeed.fr", "linkedin.com",
    "jobteaser.com", "taleez.com", "flatchr.io", "digitalrecruiters.com", "recruitee.com", "teamtailor.com",
    "workable.com", "lever.co", "greenhouse.io", "smartrecruiters.com", "jobs.personio.com", "ashbyhq.com",
]

#: words that make a link an application link when its text or sentence has one.
DEFAULT_APPLY_WORDS: list[str] = [
    "postuler", "postulez", "postule", "candidater", "candidatez", "candidature", "candidatures",
    "apply", "applying", "application", "applications",
]


class ApplyOptions(StrictModel):
    """``[jobs.apply]``: how readers apply."""

    required: bool = True
    #: links to these hosts (and their subdomains) count as a way to apply.
    allowed_domains: list[str] = Field(default_factory=lambda: list(DEFAULT_PLATFORMS))
    extra_domains: list[str] = Field(default_factory=list,
                                     description="hosts added to `allowed-domains` (the shipped list is kept)")
    words: list[str] = Field(default_factory=lambda: list(DEFAULT_APPLY_WORDS),
                             description="a link whose text or sentence has one of these words is a way to apply")
    keys: list[str] = Field(default_factory=list,
                            description="front-matter keys (`contact`, `externalURL`) whose value the layout shows")
    obfuscated_emails: bool = Field(default=False, description="`name at domain.fr`, `name [at] domain [dot] fr` count")

    @property
    def domains(self) -> list[str]:
        return [*self.allowed_domains, *self.extra_domains]


class FilledOptions(StrictModel):
    """``[jobs.filled]``: the three ways a site says an offer is filled (used
    when ``[jobs.status] signals`` is not set). An empty string switches a signal off."""

    title_marker: str = "[OFFRE POURVUE]"
    body_notice: str = "Cette offre a été pourvue"
    #: the line added under the first heading; default ``_<notice>._``.
    body_notice_markdown: str | None = None
    flag_key: str = "filled"
    #: the flag's value when filled (``open = false`` style sites: false).
    flag_value: bool = True

    @property
    def notice_line(self) -> str:
        return self.body_notice_markdown or f"_{self.body_notice.rstrip('.')}._"


# --------------------------------------------------------------------------
# Status signals


class KeySignal(StrictModel):
    """A front-matter key whose values say the offer's status."""

    kind: Literal["key"] = Field(description="a front-matter key whose values say the status")
    key: str = Field(min_length=1, description="the key (`status`, `open`, `poste_pourvu`)")
    open: list[Scalar] = Field(default_factory=list, description="values meaning open")
    closed: list[Scalar] = Field(default_factory=list,
                                 description="values meaning no longer open, filled or not (`open: false`)")
    filled: list[Scalar] = Field(default_factory=list, description="values meaning filled")
    not_filled: list[Scalar] = Field(default_factory=list,
                                     description="values meaning not filled, open or not (`poste_pourvu: false`)")
    default: Scalar | None = Field(default=None, description="the value a missing key stands for; none: a missing key "
                                                     "says nothing")

    @model_validator(mode="after")
    def _values(self) -> KeySignal:
        seen: dict[object, str] = {}
        for meaning in ("open", "closed", "filled", "not_filled"):
            for value in getattr(self, meaning):
                norm = value_key(value)
                if norm in seen:
                    raise ValueError(f"`{self.key}`: the value {value!r} is listed under both "
                                     f"{seen[norm].replace('_', '-')} and {meaning.replace('_', '-')}")
                seen[norm] = meaning
        if not seen:
            raise ValueError(f"`{self.key}`: list the values meaning open, closed, filled or not-filled")
        if self.default is not None and value_key(self.default) not in seen:
            raise ValueError(f"`{self.key}`: the default {self.default!r} is not one of the listed values")
        return self

    def meaning_of(self, value: object) -> Meaning | None:
        wanted = value_key(value)
        for meaning in ("open", "closed", "filled", "not_filled"):
            if any(value_key(v) == wanted for v in getattr(self, meaning)):
                return meaning.replace("_", "-")  # type: ignore[return-value]
        return None

    def values_for(self, meaning: Meaning) -> list[Scalar]:
        return list(getattr(self, meaning.replace("-", "_")))

    @property
    def all_values(self) -> list[Scalar]:
        return [*self.open, *self.closed, *self.filled, *self.not_filled]


class DateSignal(StrictModel):
    """A front-matter date key: the offer is closed from this date
    (``poste_ferme``, ``depublication_date``), its application deadline
    (``date_limite``), or the day it opened (``poste_ouvert``: the offer's
    age is counted from it)."""

    kind: Literal["date"] = Field(description="a front-matter date key")
    key: str = Field(min_length=1, description="the key (`poste_ferme`, `date_limite`, `poste_ouvert`)")
    means: Literal["closed-from", "deadline", "opened"] = Field(
        description="closed from that day, the application deadline, or the day the offer opened")
    set_today: bool = Field(default=False, description="`mark-filled` / `mark-closed` write today's date (closed-from)")

    @model_validator(mode="after")
    def _set_today_closes(self) -> DateSignal:
        if self.set_today and self.means != "closed-from":
            raise ValueError(f"`{self.key}`: set-today applies to closed-from dates only")
        return self


class MarkerSignal(StrictModel):
    """A marker in the title (``[OFFRE POURVUE]``), put in front of it."""

    kind: Literal["marker"] = Field(description="a marker in the title")
    text: str = Field(min_length=1, description="the marker (`[OFFRE POURVUE]`)")
    means: Literal["open", "closed", "filled"] = Field(default="filled", description="what the marker says")
    required: bool = Field(default=True, description="a title without the marker says the opposite")


class NoticeSignal(StrictModel):
    """A notice in the body (« Cette offre a été pourvue »)."""

    kind: Literal["notice"] = Field(description="a notice in the body")
    text: str = Field(min_length=1, description="the notice (« Cette offre a été pourvue »)")
    markdown: str | None = Field(default=None, description="the line `mark-*` add under the first heading "
                                                   "(default `_<text>._`)")
    means: Literal["open", "closed", "filled"] = Field(default="filled", description="what the notice says")
    required: bool = Field(default=True, description="a body without the notice says the opposite")

    @property
    def line(self) -> str:
        return self.markdown or f"_{self.text.rstrip('.')}._"


Signal = Annotated[KeySignal | DateSignal | MarkerSignal | NoticeSignal, Field(discriminator="kind")]


class StatusOptions(StrictModel):
    """``[jobs.status]``: the signals that say whether an offer is open."""

    signals: list[Signal] | None = Field(
        default=None, description="the status signals; unset: those of `[jobs.filled]` and the `deadline` key")


def value_key(value: object) -> object:
    """A value as compared with the configured ones: text folded, ``True`` not ``1``."""
    if isinstance(value, str):
        return ("str", fold(value))
    return (type(value).__name__, value)


def legacy_signals(filled: FilledOptions) -> list[KeySignal | DateSignal | MarkerSignal | NoticeSignal]:
    """The signals of ``[jobs.filled]``, as the status model reads them."""
    out: list[KeySignal | DateSignal | MarkerSignal | NoticeSignal] = []
    if filled.title_marker:
        out.append(MarkerSignal(kind="marker", text=filled.title_marker, means="filled"))
    if filled.body_notice:
        out.append(NoticeSignal(kind="notice", text=filled.body_notice, markdown=filled.notice_line, means="filled"))
    if filled.flag_key:
        value = filled.flag_value
        # `filled: false` is "not filled"; `open: true` (flag-value false) is "open"
        other: dict[str, list[Scalar]] = {"not_filled": [not value]} if value else {"open": [not value]}
        out.append(KeySignal.model_validate({"kind": "key", "key": filled.flag_key, "filled": [value], **other,
                                             "default": not value}))
    out.append(DateSignal(kind="date", key="deadline", means="deadline"))
    return out


# --------------------------------------------------------------------------
# The family's table

_DURATION_RE = re.compile(
    r"^\s*(\d+)\s*(days?|jours?|weeks?|semaines?|months?|mois|years?|ans?|années?)\s*$", re.IGNORECASE
)
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

Sections = list[SectionSpec] | dict[str, list[SectionSpec]]


class JobsOptions(StrictModel):
    """``[jobs]``: job offers."""

    SECTION: ClassVar[str] = "jobs"

    detect: DetectOptions = Field(default_factory=DetectOptions)
    sections: Sections | None = Field(
        default=None, description="a list: the main language's sections; a table by language (`[[jobs.sections.en]]`); "
                          "unset: the shipped French and English sets")
    section_match: MatchMode = Field(
        default="phrase", description="a heading starts with or contains a phrase (`phrase`), starts with it (`prefix`), "
                              "or is it (`exact`)")
    #: the sections must appear in the order listed.
    order: bool = False
    check_closed: bool = Field(default=False, description="also check sections and how to apply on closed offers")
    lang: str | None = Field(default=None, description="the offers' language when neither their front matter, folder "
                                               "nor text tells (default: the site's `lang`, else French)")
    apply: ApplyOptions = Field(default_factory=ApplyOptions)
    filled: FilledOptions = Field(default_factory=FilledOptions)
    status: StatusOptions = Field(default_factory=StatusOptions, description="the status signals")
    #: an offer without a deadline is stale past this age ("6 months", "90 days").
    stale_after: str = "6 months"
    #: pins "today" (tests, reproducible CI runs); default: the real date.
    today: dt.date | None = None

    @field_validator("stale_after")
    @classmethod
    def _duration(cls, value: str) -> str:
        if not _DURATION_RE.match(value):
            raise ValueError("expected a number and a unit, such as '6 months' or '90 days'")
        return value

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str | None) -> str | None:
        if value is not None and not _LANG_RE.match(value):
            raise ValueError("expected a language code such as 'fr' or 'en'")
        return normalise_lang(value) if value else None

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, value: Sections | None) -> Sections | None:
        lists = value.values() if isinstance(value, dict) else [value] if value is not None else []
        for specs in lists:
            ids = [s.id for s in specs]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"section ids must be unique: {', '.join(dupes)}")
        if isinstance(value, dict):
            bad = [k for k in value if not _LANG_RE.match(k)]
            if bad:
                raise ValueError(f"not a language code: {', '.join(bad)}")
            return {normalise_lang(k): v for k, v in value.items()}
        return value

    # -- what the rules ask ------------------------------------------------------
    @property
    def signals(self) -> list[KeySignal | DateSignal | MarkerSignal | NoticeSignal]:
        if self.status.signals is not None:
            return list(self.status.signals)
        return legacy_signals(self.filled)

    def main_lang(self, site_lang: str | None) -> str:
        return self.lang or normalise_lang(site_lang or "") or "fr"

    def section_set(self, lang: str, site_lang: str | None) -> list[SectionSpec] | None:
        """The sections an offer in ``lang`` must have; None: no set for that language."""
        if isinstance(self.sections, list):
            if lang == self.main_lang(site_lang):
                return self.sections
        elif isinstance(self.sections, dict) and lang in self.sections:
            return self.sections[lang]
        return SHIPPED_SECTIONS.get(lang)

    def languages(self) -> set[str]:
        """Languages with a section set (configured or shipped)."""
        found = set(SHIPPED_SECTIONS)
        if isinstance(self.sections, dict):
            found |= set(self.sections)
        elif isinstance(self.sections, list) and self.lang:
            found.add(self.lang)
        return found

    def phrases_by_id(self, site_lang: str | None) -> dict[str, list[str]]:
        """Every language's phrases for each section id (cross-language acceptance)."""
        out: dict[str, list[str]] = {}
        for lang in sorted(self.languages() | {self.main_lang(site_lang)}):
            for spec in self.section_set(lang, site_lang) or []:
                out.setdefault(spec.id, []).extend(spec.headings)
        return out

    def reference_date(self) -> dt.date:
        return self.today or clock()

    def stale_since(self, published: dt.date) -> dt.date:
        """The day an offer published on ``published`` goes stale."""
        m = _DURATION_RE.match(self.stale_after)
        assert m is not None  # validated
        n, unit = int(m.group(1)), fold_raw(m.group(2))
        try:
            if unit.startswith(("day", "jour")):
                return published + dt.timedelta(days=n)
            if unit.startswith(("week", "semaine")):
                return published + dt.timedelta(weeks=n)
            months = n * 12 if unit.startswith(("year", "an")) else n
            return _add_months(published, months)
        except (OverflowError, ValueError):  # published on 9999-12-31: never stale
            return dt.date.max


def normalise_lang(value: str) -> str:
    """``fr-FR``, ``fr_CA``, ``FR`` -> ``fr``."""
    return re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable


def clock() -> dt.date:
    """Today's date; tests replace it (or set ``[jobs] today``)."""
    return dt.date.today()
