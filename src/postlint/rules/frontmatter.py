"""PL1xx: front matter checked against the post's schema, and file names.

Validation runs once per post (shared by the rules below); each Pydantic
error is mapped to a message in an editor's words, at the line:column of
the key or value concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.core.suggest import closest
from postlint.jekyll import front_matter_date, is_draft, match_post_filename, post_slug
from postlint.rules.base import PostContext, rule
from postlint.schemas import SchemaError, key_severity, known_keys


@dataclass
class Validation:
    schema: str
    model: type[BaseModel] | None
    errors: list[dict[str, Any]]
    schema_error: str | None = None


def validation(post: Post, ctx: PostContext) -> Validation | None:
    """Validate the post's front matter against its schema, once."""
    return ctx.file_memo.get("validation", lambda: _validate(post, ctx))


def _validate(post: Post, ctx: PostContext) -> Validation | None:
    name = ctx.config.schema_for(post.relpath)
    if name is None or not post.front_matter:
        return None
    try:
        model = ctx.schemas.model(name)
    except SchemaError as exc:
        return Validation(name, None, [], str(exc))
    try:
        model.model_validate(post.front_matter)
        errors: list[dict[str, Any]] = []
    except ValidationError as exc:
        errors = [dict(e) for e in exc.errors()]
    return Validation(name, model, errors)


def data_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """A validation error's location as keys and indexes of the front
    matter only (the names Pydantic adds for union branches dropped)."""
    kept: list[Any] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif isinstance(part, str) and not kept and not isinstance(current, dict):
            return loc  # not data we can follow: leave it as it is
        else:
            continue  # a branch name: not a key of the file
        kept.append(part)
    return tuple(kept) or loc


def _key_label(loc: tuple[Any, ...]) -> str:
    """``tags`` for ``("tags", 2)`` (the position shows the item), ``a.b``
    for nested keys."""
    return ".".join(str(p) for p in loc if not isinstance(p, int))


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys"
    return "text"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (one `- item` per line)",
    "dict_type": "a set of keys",
    "date_type": "a date (YYYY-MM-DD)",
    "datetime_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "datetime_from_date_parsing": "a date (YYYY-MM-DD)",
}
_OWN_TYPES = {
    "empty", "url", "asset-path", "asset-space", "handle-at", "handle-url", "handle-invalid",
    "date-invalid", "not-allowed", "pattern", "too-short", "too-long",
}


@rule(
    "PL101",
    "missing-key",
    "A key the schema requires is missing.",
    messages={"default": "`{key}` is missing (required by the {schema} schema)"},
)
def missing_key(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A key that the file's schema requires is absent from its front matter.

    Reported on the front matter's first line, naming the key.

    ## Why it matters
    Layouts and feeds rely on these keys: a post without `author` or
    `image` shows a blank byline or a broken social-media card.

    ## Example
    ```yaml
    ---
    title: Bilan de la promotion
    layout: post
    ---
    ```

    ## Fix
    ```yaml
    ---
    title: Bilan de la promotion
    layout: post
    author: Camille Martin
    ---
    ```
    """
    result = validation(post, ctx)
    if result is None:
        return
    for err in result.errors:
        if err["type"] == "missing":
            key = _key_label(err["loc"])
            yield ctx.at("default", post.front_matter_line, 1, key=key, schema=result.schema,
                         severity=_severity(result, err))


@rule(
    "PL102",
    "invalid-value",
    "A front-matter value does not have the expected form.",
    messages={
        "wrong-type": "`{key}` should be {expected}, not {actual}",
        "empty": "`{key}` is empty",
        "url": "`{key}` should be a full web address starting with https:// (got {value!r})",
        "asset-path": "`{key}` should be a path from the site root, starting with / (got {value!r})",
        "asset-space": "`{key}` contains a space, which breaks the link: rename the file (got {value!r})",
        "handle-at": "`{key}` should be the bare handle without @: write {expected}",
        "handle-url": "`{key}` should be the bare handle, not a web address{expected_hint}",
        "handle-invalid": "`{key}` is not a valid handle (letters, digits and _ only): {value!r}",
        "date-invalid": "`{key}` is not a date in the form YYYY-MM-DD: {value!r}",
        "not-allowed": "`{key}`: {value!r} is not allowed; allowed: {allowed}",
        "not-allowed-suggest": "`{key}`: {value!r} is not allowed; did you mean {suggestion!r}?",
        "pattern": "`{key}` should {hint} (got {value!r})",
        "pattern-raw": "`{key}` does not match the expected pattern {pattern} (got {value!r})",
        "too-short": "`{key}` is too short: {length} characters, at least {limit}",
        "too-long": "`{key}` is too long: {length} characters, at most {limit}",
        "too-few": "`{key}` has {actual} item(s); at least {limit} expected",
        "too-many": "`{key}` has {actual} items; at most {limit} allowed",
        "other": "`{key}`: {detail}",
        "schema-error": "the schema {schema} cannot be used: {detail}",
    },
)
def invalid_value(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A front-matter value does not have the form the schema expects: the
    wrong type, an empty value, a value outside the allowed list, a value
    that does not match the expected pattern, or a list with too few or too
    many items. Each finding points at the value itself.

    ## Why it matters
    A wrong value breaks the page quietly: a Twitter card with `@@name`, an
    image path that 404s, a tag that has no tag page.

    ## Example
    ```yaml
    twitter: '@camille_m'
    image: img/blog/photo.jpg
    tags: []
    ```

    ## Fix
    ```yaml
    twitter: camille_m
    image: /img/blog/photo.jpg
    tags:
    - design
    ```
    """
    result = validation(post, ctx)
    if result is None:
        return
    if result.schema_error:
        yield ctx.at("schema-error", post.front_matter_line, 1, schema=result.schema, detail=result.schema_error)
        return
    # a value the loader already reported (an impossible date) is not
    # reported a second time in other words
    reported = {(i.line, i.column) for i in post.issues}
    seen: set[tuple[Any, ...]] = set()
    for raw_err in result.errors:
        if raw_err["type"] in ("missing", "extra_forbidden"):
            continue
        # a value no branch of a union accepts: one finding at the value, in
        # its own words (Pydantic names each branch in the location: `list[any]`)
        err = {**raw_err, "loc": data_loc(tuple(raw_err["loc"]), post.front_matter)}
        if err["loc"] in seen:
            continue
        seen.add(err["loc"])
        span = post.span_of(tuple(err["loc"]), value=True)
        if span is not None and (span.line, span.column) in reported:
            continue
        message_id, params = _explain(err)
        yield ctx.at_key(tuple(err["loc"]), message_id, on_value=True, severity=_severity(result, err),
                         key=_key_label(err["loc"]), **params)


def _explain(err: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = err["type"]
    value = err.get("input")
    extra = dict(err.get("ctx") or {})
    if value is None and kind in _EXPECTED or kind == "empty":
        return "empty", {}
    if kind in _EXPECTED:
        return "wrong-type", {"expected": _EXPECTED[kind], "actual": _describe(value)}
    if kind in ("too_short", "too_long") and isinstance(value, (list, tuple)):
        limit = extra.get("min_length") if kind == "too_short" else extra.get("max_length")
        return ("too-few" if kind == "too_short" else "too-many"), {"actual": len(value), "limit": limit}
    if kind == "handle-url":
        expected = extra.get("expected") or ""
        return kind, {"expected_hint": f": write {expected}" if expected else ""}
    if kind == "not-allowed":
        allowed = [str(a) for a in extra.get("allowed", [])]
        guess = closest(str(extra.get("value")), allowed)
        if guess:
            return "not-allowed-suggest", {"value": extra.get("value"), "suggestion": guess}
        return kind, {"value": extra.get("value"), "allowed": ", ".join(allowed)}
    if kind == "pattern" and not extra.get("hint"):
        return "pattern-raw", extra
    if kind in _OWN_TYPES:
        return kind, extra
    from postlint.config import in_editor_words

    return "other", {"detail": in_editor_words(str(err.get("msg", kind)))}


def _severity(result: Validation, err: dict[str, Any]) -> Any:
    if result.model is None or not err["loc"]:
        return None
    return key_severity(result.model, str(err["loc"][0]))


@rule(
    "PL103",
    "unknown-key",
    "A front-matter key is not part of the schema.",
    severity="warning",
    messages={"default": "unknown key `{key}`{suggestion}"},
)
def unknown_key(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A key that the file's schema does not declare.

    Whether this is reported, and how severely, is set by `unknown-keys`
    (`allow`, `warn`, `error`), globally or per schema.

    ## Why it matters
    Usually a misspelt key (`tag:` for `tags:`, `autor:`): the real key is
    then missing and the value goes nowhere.

    ## Example
    ```yaml
    autor: Camille Martin
    ```

    ## Fix
    ```yaml
    author: Camille Martin
    ```
    """
    result = validation(post, ctx)
    if result is None or result.model is None or post.front_matter is None:
        return
    spec = ctx.config.schemas.get(result.schema)
    policy = (spec.unknown_keys if spec else None) or ctx.config.unknown_keys
    if policy == "allow":
        return
    from postlint.core.diagnostics import Severity

    severity = Severity.ERROR if policy == "error" else Severity.WARNING
    known = known_keys(result.model)
    for key in post.front_matter:
        if key not in known:
            guess = closest(str(key), sorted(known), cutoff=0.75)
            yield ctx.at_key(key, "default", key=key, severity=severity,
                             suggestion=f" (did you mean `{guess}`?)" if guess else "")


def _in_posts_folder(relpath: str) -> bool:
    return "_posts" in relpath.split("/")[:-1]


@rule(
    "PL104",
    "file-name-date",
    "A post's file-name date is not a real date.",
    messages={
        "not-a-date": "the date in the file name, {raw}, is not a date Jekyll can read: the build stops on this post",
        "rolled-over": "the date in the file name, {raw}, does not exist: Jekyll publishes the post on {date}",
        "three-digit-year": "the file name's year {raw} has three digits; write YYYY-MM-DD",
    },
)
def file_name_date(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A post's file name (`YYYY-MM-DD-slug.md`) carries its date. This rule
    reports a file-name date that is not a real calendar date, and a
    three-digit year.

    Two-digit years (`18-02-27-slug.md`) are accepted: Jekyll reads them
    with Ruby's date parser, which completes 00-68 as 2000-2068 and 69-99
    as 1969-1999. A day past the month's end (`2024-02-30`) is moved by
    Ruby into the next month; a month or day out of range stops the build.

    ## Why it matters
    The post is published on another day than the name says, under
    another URL than the one people link to, or the build fails.

    ## Example
    `_posts/2024-02-30-bilan.md`

    ## Fix
    Rename the file with the real date.
    """
    if not _in_posts_folder(post.relpath):
        return
    dated = match_post_filename(post.name)
    if dated is None:
        return
    if dated.year_digits == 3:
        yield ctx.at("three-digit-year", 1, 1, raw=dated.date_text)
    elif dated.jekyll_date is None:
        yield ctx.at("not-a-date", 1, 1, raw=dated.date_text)
    elif dated.date is None:
        yield ctx.at("rolled-over", 1, 1, raw=dated.date_text, date=dated.jekyll_date.isoformat())


@rule(
    "PL107",
    "date-differs-from-file-name",
    "A post's `date:` is on another day than its file name.",
    severity="info",
    messages={
        "default": "`date` says {date} but the file name says {file_date}: the post is published under {date}",
    },
)
def date_differs_from_file_name(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A front-matter `date:` on another day than the file name's date, as
    Jekyll reads both (in the site's `timezone:`, UTC without one). The
    post's URL follows `date:`.

    Some sites date posts on purpose apart from their file names; others
    link to the URL the file name suggests. An information by default;
    the `eig` preset makes it an error.

    ## Why it matters
    Links written from the file name's date lead nowhere, and the file is
    hard to find from its URL.

    ## Example
    `date: 2024-03-02` in `_posts/2024-03-01-bilan.md`.

    ## Fix
    Align `date:` with the file name, or rename the file.
    """
    if not _in_posts_folder(post.relpath) or not post.front_matter or "date" not in post.front_matter:
        return
    if any(issue.kind == "invalid-date" for issue in post.issues):
        return  # the impossible date itself is reported (invalid-date)
    dated = match_post_filename(post.name)
    if dated is None or dated.jekyll_date is None:
        return
    when = front_matter_date(post.front_matter["date"], ctx.site.sitemap.config)
    if when is not None and when.date() != dated.jekyll_date:
        yield ctx.at_key("date", "default", on_value=True, date=when.date().isoformat(),
                         file_date=dated.jekyll_date.isoformat())


@rule(
    "PL105",
    "undated-post-file-name",
    "A file in `_posts/` has no date in its name, so Jekyll ignores it.",
    messages={"default": "Jekyll ignores this post: its file name must start with a date, as in {example}"},
)
def undated_post_file_name(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Jekyll only publishes files of `_posts/` named `YYYY-MM-DD-slug.md`.
    Files whose name starts with `_` are taken for drafts and not reported.

    ## Why it matters
    The post is silently missing from the site.

    ## Example
    `_posts/bilan-annuel.md`

    ## Fix
    `_posts/2024-06-01-bilan-annuel.md`
    """
    if not _in_posts_folder(post.relpath) or is_draft(post.relpath) or match_post_filename(post.name) is not None:
        return
    today = dt.date.today().isoformat()
    suffix = "." + post.name.rsplit(".", 1)[-1] if "." in post.name else ""
    yield ctx.at("default", 1, 1, example=f"{today}-{post_slug(post.relpath)}{suffix}")


@rule(
    "PL106",
    "short-year-file-name",
    "A post's file name has a two-digit year.",
    severity="info",
    default_enabled=False,
    messages={"default": "two-digit year in the file name: Jekyll reads {raw} as {date}; prefer {full}"},
)
def short_year_file_name(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Opt-in: a post named `YY-MM-DD-slug.md` rather than `YYYY-MM-DD-slug.md`.

    ## Why it matters
    Jekyll accepts it (00-68 become 20xx), but four-digit years sort and
    read unambiguously, and other tools may not complete the year the same
    way.

    ## Example
    `_posts/18-02-27-bootcamp.md`

    ## Fix
    `_posts/2018-02-27-bootcamp.md` (the URL does not change).
    """
    dated = match_post_filename(post.name)
    if _in_posts_folder(post.relpath) and dated and dated.year_digits == 2 and dated.date:
        full = f"{dated.date.isoformat()}-{dated.slug}{dated.ext}"
        yield ctx.at("default", 1, 1, raw=dated.date_text, date=dated.date.isoformat(), full=full)
