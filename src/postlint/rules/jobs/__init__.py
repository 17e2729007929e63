"""PL4xx: job offers published as posts or as a collection.

An offer is *detected* first (:mod:`.detect`: a collection, a front-matter
``type``, else phrases in the title or the first heading); the rules run on
detected offers only. Its *status* (open, closed, filled) comes from the
configured signals (:mod:`.signals`), whose disagreements PL405 reports;
its *language* (:mod:`.lang`) picks the section names it is checked
against. Open offers are checked for sections (:mod:`.sections`) and for a
way to apply (:mod:`.apply`), and reported when stale (:mod:`.stale`).
The same edit builders (:mod:`.marking`) back the fixes and ``postlint
mark-filled`` / ``mark-closed``. What every rule asks of a post (is it an
offer, in which language, with which status) is answered once, in the
file's memo store.
"""

from __future__ import annotations

import datetime as dt

from postlint.core.diagnostics import Fix
from postlint.core.document import Post
from postlint.rules.jobs.apply import how_to_apply, no_contact
from postlint.rules.jobs.detect import detect, first_heading
from postlint.rules.jobs.keys import invalid_offer_key
from postlint.rules.jobs.lang import guess_text_language, offer_language
from postlint.rules.jobs.marking import MarkPlan, mark_plan, marked
from postlint.rules.jobs.options import (
    DEFAULT_PLATFORMS,
    SHIPPED_SECTIONS,
    ApplyOptions,
    DateSignal,
    DetectOptions,
    FilledOptions,
    JobsOptions,
    KeySignal,
    MarkerSignal,
    NoticeSignal,
    SectionSpec,
    StatusOptions,
    clock,
    legacy_signals,
)
from postlint.rules.jobs.sections import (
    empty_section,
    find_sections,
    missing_section,
    section_order,
)
from postlint.rules.jobs.signals import Reading, StatusReport, read_status
from postlint.rules.jobs.stale import offer_deadline, stale_offer
from postlint.rules.jobs.status import filled_mismatch
from postlint.rules.jobs.text import fold, heading_key

__all__ = [
    "DEFAULT_PLATFORMS",
    "OPTIONS",
    "SHIPPED_SECTIONS",
    "ApplyOptions",
    "DateSignal",
    "DetectOptions",
    "FilledOptions",
    "JobsOptions",
    "KeySignal",
    "MarkPlan",
    "MarkerSignal",
    "NoticeSignal",
    "Reading",
    "SectionSpec",
    "StatusOptions",
    "StatusReport",
    "clock",
    "detect",
    "empty_section",
    "filled_mismatch",
    "find_sections",
    "first_heading",
    "fold",
    "guess_text_language",
    "heading_key",
    "how_to_apply",
    "invalid_offer_key",
    "legacy_signals",
    "mark_filled_fixes",
    "mark_plan",
    "marked",
    "missing_section",
    "no_contact",
    "offer_deadline",
    "offer_language",
    "read_status",
    "section_order",
    "stale_offer",
]

#: the family's config table, ``[jobs]`` (found by the rule registry).
OPTIONS = JobsOptions


def mark_filled_fixes(post: Post, filled: FilledOptions, today: dt.date | None = None) -> tuple[list[Fix], list[str]]:
    """The edits that put every ``[jobs.filled]`` signal in place, and the
    signals that could not be added automatically."""
    plan = mark_plan(post, legacy_signals(filled), "filled", today or clock())
    return list(plan.fixes), list(plan.impossible)
