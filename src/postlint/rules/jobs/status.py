"""PL405: the signals giving a job offer's status disagree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from postlint.core.diagnostics import Diagnostic, Edit, Fix
from postlint.core.document import Post
from postlint.rules.base import PostContext, rule
from postlint.rules.jobs.marking import (
    add_keys_edit,
    key_value_for,
    marker_add_edit,
    marker_remove_edit,
    notice_add_edit,
    set_value_edit,
)
from postlint.rules.jobs.offer import analyse
from postlint.rules.jobs.options import (
    DateSignal,
    KeySignal,
    MarkerSignal,
    NoticeSignal,
)
from postlint.rules.jobs.signals import Reading, StatusReport, yaml_literal

__all__ = ["filled_mismatch", "said"]


def said(reading: Reading) -> str:
    """The status a signal says, in a word: open, closed, filled, not filled."""
    if reading.named:
        return reading.named
    if reading.statuses == frozenset({"open", "closed"}):
        return "not filled"
    return "open" if reading.statuses == frozenset({"open"}) else "closed"


def _others(reading: Reading, supporters: tuple[Reading, ...]) -> str:
    """The signals that contradict ``reading`` (those merely allowing the
    status, such as `poste_pourvu: false` for "closed", are not named)."""
    against = [s for s in supporters if not s.statuses & reading.statuses] or list(supporters)
    return ", ".join(r.literal for r in against)


@rule(
    "PL405",
    "job-offer-filled-mismatch",
    "The signals giving a job offer's status (open, closed, filled) disagree.",
    fixable=True,
    messages={
        "add-marker": "According to {others}, this offer is {status}, but the title does not carry {marker}: add it",
        "add-notice": "According to {others}, this offer is {status}, but the body has no « {notice} » notice: "
                      "add it under the first heading",
        "add-key": "According to {others}, this offer is {status}, but the front matter lacks `{key}: {value}`: "
                   "add it",
        "set-key": "`{key}: {actual}` says this offer is {said}, but according to {others} it is {status}: "
                   "set `{key}: {value}`, or update them if it is {said}",
        "remove-key": "`{key}: {actual}` says this offer is {said}, but according to {others} it is {status}: "
                      "remove it, or update them if it is {said}",
        "remove-marker": "The title marker {marker} says this offer is {said}, but according to {others} it is "
                         "{status}: remove it, or update them if it is {said}",
        "remove-notice": "The notice « {notice} » says this offer is {said}, but according to {others} it is "
                         "{status}: remove it, or update them if it is {said}",
        "only-marker": "Only the title marker {marker} says this offer is {status}: add {missing} "
                       "(`{command}`), or remove the marker if the offer is open",
        "only-notice": "Only the body notice « {notice} » says this offer is {status}: add {missing} "
                       "(`{command}`), or remove the notice if the offer is open",
        "only-key": "Only `{key}: {actual}` says this offer is {status}: add {missing} (`{command}`), "
                    "or change it if the offer is open",
    },
)
def filled_mismatch(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A job offer's status is open, closed (no longer open, filled or not)
    or filled, and sites say it in several places that editors update one
    at a time. Each place is a *signal* of `[jobs.status] signals`:

    - `kind = "key"`: a front-matter key and the values meaning `open`,
      `closed`, `filled` and `not-filled` (`open = false` is closed,
      `status = "filled"` is filled, `poste_pourvu = true` is filled,
      `poste_pourvu = false` is not filled); with `default`, a missing key
      stands for that value;
    - `kind = "date"`, `means = "closed-from"`: a date from which the offer
      is closed (`poste_ferme`, `depublication_date`): today or past, it
      says closed (a future one says nothing yet);
    - `kind = "marker"`: a marker in the title (`[OFFRE POURVUE]`), and
      `kind = "notice"`: a notice in the body (« Cette offre a été
      pourvue »), each meaning `filled` (default), `closed` or `open`; with
      `required = true` (default), their absence says the opposite.

    Without `[jobs.status] signals`, the signals are those of `[jobs.filled]`
    (the title marker, the body notice, the `filled` flag).

    When the signals allow no common status, the offer's status is the one
    most present signals allow, then the one most of them name, then the
    more closed one (an offer is closed by changing one key and forgetting
    the others far more often than it is reopened); a past closed-from date
    rules out "open". Every signal that disagrees is reported where it is
    written (the key's value, the title, the notice's line; a missing key at
    the front matter's first line), naming the signals that say otherwise
    and what to change. When a single present signal says "filled" or
    "closed" and only absent ones disagree, that signal is reported instead
    (`only-…`): either run `postlint mark-filled` / `mark-closed`, or it is
    a leftover.

    Fixes: adding a missing marker, notice or key is safe when at least two
    signals agree against it; changing a key's value or removing a marker
    is unsafe. `postlint mark-filled FILE` / `mark-closed FILE` set every
    signal at once.

    ## Why it matters
    Half-updated offers keep drawing applications for a job that is taken,
    or disappear from a "current offers" list while still open.

    ## Example
    ```yaml
    open: false
    status: open
    ```

    ## Fix
    ```yaml
    open: false
    status: closed
    ```
    """
    offer = analyse(post, ctx)
    if offer is None or offer.status.consistent:
        return
    yield from _report(post, ctx, offer.status)


def _report(post: Post, ctx: PostContext, report: StatusReport) -> Iterator[Diagnostic]:
    status = report.status
    supporters = report.supporters
    explicit_against = [r for r in report.disagree if r.explicit]
    base: dict[str, Any] = {"status": status}
    lone = supporters[0] if len(supporters) == 1 else None
    if (lone is not None and not explicit_against and status in ("filled", "closed")
            and not isinstance(lone.signal, DateSignal)):
        missing = ", ".join(r.literal for r in report.disagree)
        params = {**base, "missing": missing, "command": f"postlint mark-{status}"}
        if isinstance(lone.signal, MarkerSignal):
            yield ctx.at("only-marker", lone.line, lone.column, marker=lone.signal.text, **params)
        elif isinstance(lone.signal, NoticeSignal):
            yield ctx.at("only-notice", lone.line, lone.column, notice=lone.signal.text.rstrip("."), **params)
        elif isinstance(lone.signal, KeySignal):
            yield ctx.at("only-key", lone.line, lone.column, key=lone.signal.key,
                         actual=yaml_literal(lone.value), **params)
        return
    add_safe = len(supporters) >= 2 and len(supporters) > len(explicit_against)
    # every missing key goes in at the same place: one edit adds them all
    missing_keys = [(r.signal.key, key_value_for(r.signal, status)) for r in report.disagree
                    if isinstance(r.signal, KeySignal) and not r.explicit]
    keys_edit = add_keys_edit(post, [(k, v) for k, v in missing_keys if v is not None])
    for r in report.disagree:
        signal = r.signal
        base["others"] = _others(r, supporters)
        if isinstance(signal, KeySignal):
            value = key_value_for(signal, status)
            if not r.explicit:
                if value is None:
                    continue
                fix = _fix(keys_edit, add_safe, "add the missing keys")
                yield ctx.at("add-key", r.line, r.column, fix=fix, key=signal.key, value=yaml_literal(value), **base)
            elif value is None:
                yield ctx.at("remove-key", r.line, r.column, key=signal.key, actual=yaml_literal(r.value),
                             said=said(r), **base)
            else:
                fix = _fix(set_value_edit(post, signal.key, value), False, f"set {signal.key}")
                yield ctx.at("set-key", r.line, r.column, fix=fix, key=signal.key, actual=yaml_literal(r.value),
                             value=yaml_literal(value), said=said(r), **base)
        elif isinstance(signal, MarkerSignal):
            if r.explicit:
                fix = _fix(marker_remove_edit(post, signal.text), False, "remove the title marker")
                yield ctx.at("remove-marker", r.line, r.column, fix=fix, marker=signal.text, said=said(r), **base)
            else:
                fix = _fix(marker_add_edit(post, signal.text), add_safe, "add the title marker")
                yield ctx.at("add-marker", r.line, r.column, fix=fix, marker=signal.text, **base)
        elif isinstance(signal, NoticeSignal):
            if r.explicit:
                yield ctx.at("remove-notice", r.line, r.column, notice=signal.text.rstrip("."), said=said(r), **base)
            else:
                fix = _fix(notice_add_edit(post, signal.line), add_safe, "add the notice")
                yield ctx.at("add-notice", r.line, r.column, fix=fix, notice=signal.text.rstrip("."), **base)


def _fix(edit: Edit | None, safe: bool, description: str) -> Fix | None:
    return Fix((edit,), safe=safe, description=description) if edit is not None else None
