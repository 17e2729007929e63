"""PL406: an offer still open past its deadline, or old."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from postlint.core.diagnostics import Diagnostic, Fix
from postlint.core.document import Post
from postlint.jekyll import SiteConfig, post_date
from postlint.rules.base import PostContext, rule
from postlint.rules.jobs.marking import mark_plan
from postlint.rules.jobs.offer import Offer, analyse
from postlint.rules.jobs.options import JobsOptions
from postlint.rules.jobs.signals import Status, StatusReport, anchor, read_status

__all__ = ["Deadline", "offer_deadline", "stale_offer"]


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    line: int
    column: int
    #: what said it: `date_limite` (a key) or « avant le 16 décembre » (a phrase).
    source: str


def _body_deadline(post: Post) -> Deadline | None:
    from postlint.rules.jobs.deadlines import (
        find_deadlines,  # its patterns compile only when an offer is checked
    )

    found = find_deadlines(post.body, default_year=None, reference=post_date(post.relpath, post.front_matter, SiteConfig()))
    if not found:
        return None
    last = max(found, key=lambda d: d.date)
    line, column = post.position(post.body_offset + last.start)
    return Deadline(last.date, line, column, "« " + " ".join(last.phrase.split()) + " »")


def offer_deadline(post: Post, report: StatusReport | None = None,
                   options: JobsOptions | None = None) -> Deadline | None:
    """The offer's application deadline: the first deadline key of the
    signals that has a date (the front-matter ``deadline`` by default),
    else the latest deadline phrase of the body."""
    if report is None:
        opts = options or JobsOptions()
        report = read_status(post, opts.signals, opts.reference_date())
    if report.deadlines:
        first = report.deadlines[0]
        return Deadline(first.date, first.line, first.column, f"`{first.signal.key}`")
    return _body_deadline(post)


def _stale_fix(post: Post, offer: Offer) -> Fix | None:
    """Mark the offer closed (when the signals can say so), else filled."""
    options = offer.options
    today = options.reference_date()
    targets: tuple[Status, ...] = ("closed", "filled")
    for target in targets:
        plan = mark_plan(post, options.signals, target, today)
        edits = tuple(e for f in plan.fixes for e in f.edits)
        if not edits or plan.impossible:
            continue
        from postlint.fix.edits import apply_edits

        after = read_status(Post.from_text(apply_edits(post.text, edits), post.relpath), options.signals, today)
        if after.consistent and after.status != "open":
            return Fix(edits, safe=False, description=f"mark the offer {target}")
    return None


@rule(
    "PL406",
    "stale-job-offer",
    "A job offer still open is past its deadline, or old.",
    severity="warning",
    fixable=True,
    messages={
        "deadline": "The application deadline ({deadline}, from {source}) has passed and this offer is not marked "
                    "filled or closed: mark it (`postlint mark-closed` or `mark-filled`) or update it",
        "deadline-open": "The application deadline ({deadline}, from {source}) has passed, but according to "
                         "{others} this offer is still open: mark it (`postlint mark-closed` or `mark-filled`) "
                         "or update the deadline",
        "age": "This offer was published on {published} ({days} days ago, more than {limit}), states no deadline "
               "nor closing date and is not marked filled or closed: mark it (`postlint mark-closed` or "
               "`mark-filled`) or update it",
    },
)
def stale_offer(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A job offer whose status is open (see `job-offer-filled-mismatch`)
    and whose application deadline has passed, or, when it states none, that
    is older than `[jobs] stale-after` (default 6 months). The deadline is
    the first deadline key of the status signals that holds a date
    (`kind = "date"`, `means = "deadline"`: `deadline` by default,
    `date_limite`...), else the latest deadline phrase of the body
    (« avant le 16 décembre 2019 », « jusqu'au 3 mars », "by 1 June 2024",
    « date limite : 15/01/2025 »; a missing year is taken from the post's
    date); the message names the key or the phrase. An offer with a future
    closing date (`means = "closed-from"`) is not old: it closes then. Its
    age counts from its opening date (`means = "opened"`: `poste_ouvert`)
    when it has one, else from the post's date. When a key still says the
    offer is open (`status: open`) past its deadline, the message names it.
    "Today" is the real date unless `[jobs] today` pins it (for
    reproducible runs).

    The unsafe fix marks the offer closed with every configured signal, as
    `postlint mark-closed` does (or filled, as `postlint mark-filled` does,
    when the signals cannot say "closed"): only apply it once you know the
    position is no longer open.

    ## Why it matters
    Readers still find old offers through search engines and tag pages,
    and apply for positions that closed years ago.

    ## Example
    ```markdown
    Candidatures avant le 16 décembre 2019.
    ```
    checked in 2024, without any filled marker.

    ## Fix
    ```markdown
    ---
    title: "[OFFRE POURVUE] Offre de stage"
    filled: true
    ---
    ### Offre de stage
    _Cette offre a été pourvue._
    ```
    """
    offer = analyse(post, ctx)
    if offer is None or offer.status.status != "open":
        return
    report = offer.status
    today = offer.options.reference_date()
    deadline = offer_deadline(post, report)
    if deadline is not None:
        if deadline.date < today:
            fix = _stale_fix(post, offer)
            open_keys = [r for r in report.explicit if r.named == "open"]
            if open_keys:
                yield ctx.at("deadline-open", deadline.line, deadline.column, fix=fix,
                             deadline=deadline.date.isoformat(), source=deadline.source,
                             others=", ".join(r.literal for r in open_keys))
            else:
                yield ctx.at("deadline", deadline.line, deadline.column, fix=fix,
                             deadline=deadline.date.isoformat(), source=deadline.source)
        return
    if report.future_closings:
        return
    dated = post_date(post.relpath, post.front_matter, ctx.site.sitemap.config)
    published = max([d.date for d in report.openings] + ([dated] if dated else []), default=None)
    if published is None or offer.options.stale_since(published) > today:
        return
    line, column = anchor(post)
    yield ctx.at("age", line, column, fix=_stale_fix(post, offer), published=published.isoformat(),
                 days=(today - published).days, limit=offer.options.stale_after)
