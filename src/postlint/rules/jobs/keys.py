"""PL407: the offer's own front-matter keys, typed."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ValidationError

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.rules.base import PostContext, rule
from postlint.rules.jobs.offer import analyse
from postlint.rules.jobs.options import DateSignal, KeySignal
from postlint.rules.jobs.signals import yaml_literal
from postlint.schemas.job import OFFER_KEYS, JobOffer

__all__ = ["invalid_offer_key"]

_EXPECTED = {"bool_type": "true or false", "date_type": "a date (YYYY-MM-DD)", "string_type": "text"}


@rule(
    "PL407",
    "job-offer-invalid-key",
    "A job offer's own front-matter key has a wrong value.",
    messages={
        "default": "`{key}` should be {expected} (got {value!r})",
        "value": "`{key}` should be one of {expected} (got {value!r}): its value says nothing about the offer's status",
    },
)
def invalid_offer_key(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A detected job offer is validated by the `JobOffer` schema, which
    extends the post schema with typed keys: `filled` and `open` (true or
    false, not text), `deadline` (a date), `type` (text). The keys of the
    status signals (see `job-offer-filled-mismatch`) are checked too: a
    key's value must be one of those configured (`status: pending` when
    only `open`, `closed` and `filled` are listed; `poste_pourvu: "oui"`,
    which is text, when `true` and `false` are), and a date key must hold
    a date. Other keys are the front-matter rules' business.

    ## Why it matters
    `filled: "oui"` is text: templates testing `if page.filled` treat any
    text as true, and postlint cannot tell whether the offer is filled.

    ## Example
    ```yaml
    filled: "oui"
    deadline: fin janvier
    ```

    ## Fix
    ```yaml
    filled: true
    deadline: 2025-01-31
    ```
    """
    offer = analyse(post, ctx)
    if offer is None or not post.front_matter:
        return
    reported: set[str] = set()
    # the status signals' keys are typed by the signals' values, not by the schema
    signal_keys = {s.key for s in offer.options.signals if isinstance(s, (KeySignal, DateSignal))}
    for problem in offer.status.problems:
        if problem.key in reported:
            continue
        reported.add(problem.key)
        if problem.kind == "date":
            yield ctx.at_key(problem.key, "default", on_value=True, key=problem.key,
                             expected="a date (YYYY-MM-DD)", value=problem.value)
        elif problem.expected and all(isinstance(v, bool) for v in problem.expected):
            yield ctx.at_key(problem.key, "default", on_value=True, key=problem.key, expected="true or false",
                             value=problem.value)
        else:
            expected = ", ".join(f"`{yaml_literal(v)}`" for v in problem.expected)
            yield ctx.at_key(problem.key, "value", on_value=True, key=problem.key, expected=expected,
                             value=problem.value)
    try:
        JobOffer.model_validate(post.front_matter)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            if not loc or loc[0] not in OFFER_KEYS or str(loc[0]) in reported | signal_keys:
                continue
            key = str(loc[0])
            reported.add(key)
            expected = _EXPECTED.get(err["type"]) or ("a date (YYYY-MM-DD)" if key == "deadline" else "true or false"
                                                       if key in ("filled", "open") else "text")
            yield ctx.at_key(key, "default", on_value=True, key=key, expected=expected, value=err.get("input"))
