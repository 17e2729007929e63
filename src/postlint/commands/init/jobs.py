"""Job offers: which posts are offers, and how the site says one is filled
or closed (the status signals the offers really use).

Detection is the job rules' own (:func:`postlint.rules.jobs.detect.detect`,
with a jobs-like collection added when the site has one). Only signals seen
in at least one offer are written: a site that marks filled offers with a
title marker and a notice gets exactly those, not a ``filled:`` flag that
would then be reported as missing from every filled offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from postlint.rules.jobs.detect import detect
from postlint.rules.jobs.options import JobsOptions
from postlint.rules.jobs.text import fold
from postlint.schemas import accepts

if TYPE_CHECKING:  # pragma: no cover
    from postlint.commands.init.survey import Survey
    from postlint.core.document import Post

#: collection labels that hold offers (folded).
JOB_COLLECTIONS = frozenset({
    "jobs", "job", "offres", "offers", "emplois", "emploi", "careers", "carrieres", "recrutement",
    "recrutements", "postes", "vacancies", "stages", "internships", "opportunites", "opportunities",
})
#: words of a title marker or a notice, and what they say.
_FILLED_WORDS = ("pourvu", "filled")
_CLOSED_WORDS = ("clos", "closed", "ferme", "expire", "termine", "cloture")
_MARKER = re.compile(r"^\s*(\[[^\]\n]{2,40}\]|\([^)\n]{2,40}\))")
_NOTICE = re.compile(
    r"\b(?:cette offre|ce poste|cette annonce|this (?:offer|position|job|role))\b[^.\n]{0,40}?"
    r"\b(?:pourvue?|filled|close|closed|fermee?|expiree?|expired|terminee?)\b")
#: front-matter keys giving the status; values -> meaning.
_FLAG_KEYS: dict[str, tuple[str, str]] = {
    # key: (meaning of true, meaning of false)
    "filled": ("filled", "not_filled"), "pourvu": ("filled", "not_filled"), "pourvue": ("filled", "not_filled"),
    "poste_pourvu": ("filled", "not_filled"), "open": ("open", "closed"), "ouvert": ("open", "closed"),
    "closed": ("closed", "open"), "expired": ("closed", "open"), "archived": ("closed", "open"),
}
_STATUS_KEYS = ("status", "statut", "etat", "state")
_STATUS_WORDS: dict[str, str] = {
    "open": "open", "ouvert": "open", "ouverte": "open", "active": "open", "en cours": "open",
    "closed": "closed", "clos": "closed", "close": "closed", "ferme": "closed", "fermee": "closed",
    "expired": "closed", "expiree": "closed", "archived": "closed", "filled": "filled", "pourvu": "filled",
    "pourvue": "filled",
}
_DATE_KEYS: dict[str, str] = {
    "deadline": "deadline", "date_limite": "deadline", "date-limite": "deadline", "closing_date": "deadline",
    "apply_before": "deadline", "valid_through": "deadline", "expires": "closed-from",
    "expiration": "closed-from", "expiry_date": "closed-from", "poste_ferme": "closed-from",
}


@dataclass
class JobsGuess:
    offers: list[str]
    #: why each is an offer ("collection", "type", "pattern") -> how many.
    reasons: dict[str, int]
    collections: list[str]
    #: the ``[jobs.status] signals`` entries, and how many offers use each.
    signals: list[tuple[dict[str, Any], int]] = field(default_factory=list)


def infer_jobs(survey: Survey) -> JobsGuess | None:
    globs = [g.include[0] for g in survey.groups if fold(g.label) in JOB_COLLECTIONS]
    options = JobsOptions.model_validate({"detect": {"collections": globs}})
    offers: list[Post] = []
    reasons: dict[str, int] = {}
    for post in survey.all_posts():
        reason = detect(post, options)
        if reason is not None:
            offers.append(post)
            reasons[reason] = reasons.get(reason, 0) + 1
    if not offers:
        return None
    guess = JobsGuess([p.relpath for p in offers], reasons, globs)
    guess.signals = [*_markers(offers), *_notices(offers), *_keys(offers)]
    return guess


def _count(found: dict[str, tuple[dict[str, Any], int]], key: str, signal: dict[str, Any]) -> None:
    entry = found.get(key)
    found[key] = (entry[0] if entry else signal, (entry[1] if entry else 0) + 1)


def _meaning(text: str) -> str | None:
    folded = fold(text)
    if any(w in folded for w in _FILLED_WORDS):
        return "filled"
    if any(w in folded for w in _CLOSED_WORDS):
        return "closed"
    return None


def _markers(offers: list[Post]) -> list[tuple[dict[str, Any], int]]:
    found: dict[str, tuple[dict[str, Any], int]] = {}
    for post in offers:
        title = (post.front_matter or {}).get("title")
        m = _MARKER.match(title) if isinstance(title, str) else None
        means = _meaning(m.group(1)) if m else None
        if m and means:
            _count(found, fold(m.group(1)), {"kind": "marker", "text": m.group(1), "means": means})
    return list(found.values())


def _notices(offers: list[Post]) -> list[tuple[dict[str, Any], int]]:
    found: dict[str, tuple[dict[str, Any], int]] = {}
    for post in offers:
        for line in post.body.splitlines():
            plain = re.sub(r"[*_]", "", line).strip().lstrip("#>- ").strip()
            m = _NOTICE.search(fold(plain))
            means = _meaning(m.group(0)) if m else None
            if m and means and len(plain) <= 120:
                text = plain.rstrip(".!").strip()
                signal = {"kind": "notice", "text": text, "markdown": line.strip(), "means": means}
                _count(found, fold(text), signal)
                break
    return list(found.values())


def _keys(offers: list[Post]) -> list[tuple[dict[str, Any], int]]:
    seen: dict[str, list[Any]] = {}
    for post in offers:
        for key, value in (post.front_matter or {}).items():
            if isinstance(key, str):
                seen.setdefault(key, []).append(value)
    out: list[tuple[dict[str, Any], int]] = []
    for key, values in seen.items():
        signal = _key_signal(key, [v for v in values if v is not None])
        if signal is not None:
            out.append((signal, len(values)))
    return out


def _key_signal(key: str, values: list[Any]) -> dict[str, Any] | None:
    name = fold(key)
    if not values:
        return None
    if name in _FLAG_KEYS and all(isinstance(v, bool) for v in values):
        yes, no = _FLAG_KEYS[name]
        return {"kind": "key", "key": key, yes: [True], no: [False]}
    if name in _STATUS_KEYS and all(isinstance(v, str) and fold(v) in _STATUS_WORDS for v in values):
        signal: dict[str, Any] = {"kind": "key", "key": key}
        for value in dict.fromkeys(values):
            signal.setdefault(_STATUS_WORDS[fold(value)], []).append(value)
        return signal
    if name in _DATE_KEYS and all(accepts("date", v) for v in values):
        return {"kind": "date", "key": key, "means": _DATE_KEYS[name]}
    return None
