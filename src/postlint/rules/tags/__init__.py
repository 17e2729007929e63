"""PL3xx: tags — an allowed vocabulary, a tag page per tag, tidy lists.

Per-post rules apply to files mapped to a schema (``[[files]]``: drafts are
left out by the presets' mappings). Repo-wide rules look at *published*
posts: mapped to a schema, not a draft, not ``published: false``.

Each tag problem is reported by exactly one rule: a placeholder is not also
an unknown tag; a tag outside the vocabulary is not also missing its page;
spellings of one tag are grouped only when the vocabulary does not already
settle which one is right.

The comparisons, slugs and suggestions live in :mod:`postlint.rules.tags.taxonomy`;
this module reads front matter, finds each tag's line:column, and builds
diagnostics and fixes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from postlint.core.diagnostics import Diagnostic, Fix, Severity
from postlint.core.document import Post
from postlint.rules.base import Context, PostContext, rule
from postlint.rules.tags.edits import block_list_edit, remove_item_edit, replace_tag_edit, split_item_edit
from postlint.rules.tags.options import TagsOptions
from postlint.rules.tags.taxonomy import (
    TagShapeProblem,
    Vocabulary,
    analyse_tags_value,
    group_near_duplicates,
    is_placeholder,
    normalise_tag,
    propose_replacement,
    split_tag_string,
    tag_page_slug,
)
from postlint.rules.tags.uses import (
    TAG_USES,
    TagUse,
    _options,
    applies_to,
    bounds_for,
    published_tag_uses,
    tag_pages,
    tag_uses,
    vocabulary,
)

OPTIONS = TagsOptions


# ---------------------------------------------------------------------------
# Which posts, which bounds
# ---------------------------------------------------------------------------


def _reported_elsewhere(tag: str, vocab: Vocabulary, options: TagsOptions) -> bool:
    """Tags that unknown-tag or placeholder-tag already report."""
    return is_placeholder(tag, options.placeholders) or (len(vocab) > 0 and not vocab.is_allowed(tag))


# ---------------------------------------------------------------------------
# Per-post rules
# ---------------------------------------------------------------------------


def _quoted_list(tags: list[str]) -> str:
    return ", ".join(repr(tag) for tag in tags)


@rule(
    "PL301",
    "unknown-tag",
    "A tag is not in the site's list of allowed tags.",
    severity="warning",
    fixable=True,
    messages={
        "same": "tag {tag!r} is not an allowed tag: write {suggestion!r} (the same tag, spelled as the site does)",
        "suggest": "tag {tag!r} is not an allowed tag; did you mean {suggestion!r}?",
        "ambiguous": "tag {tag!r} is not an allowed tag; it could be any of {matches}",
        "default": "tag {tag!r} is not an allowed tag; allowed: {allowed}",
    },
)
def unknown_tag(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A tag that is not in the site's vocabulary. Tags are compared after
    normalisation (letter case, accents, surrounding spaces, `-`/`_`/space,
    a trailing plural `s`) to suggest the allowed tag it stands for.

    The vocabulary is `[tags] vocabulary`, plus the `tag:` key of the tag
    pages (`pages`, default `tag/*.md`, unless `vocabulary-from-pages =
    false`), plus an optional
    data file (`vocabulary-data`). Without any, the rule does nothing.
    Placeholder tags are left to `placeholder-tag`.

    ## Why it matters
    Jekyll groups posts by the exact spelling of their tags: `Design` and
    `developpement` get no tag page and split the archive in two.

    ## Example
    ```yaml
    tags:
    - Design
    - developpement
    ```

    ## Fix
    Write the allowed spelling. The fix is safe when the tag only differs
    from one allowed tag by normalisation, unsafe when it is a guess from
    similar spelling (`desing` -> `design`).
    ```yaml
    tags:
    - design
    - développement
    ```
    """
    options = _options(ctx)
    vocab = vocabulary(ctx.shared)
    if not len(vocab) or not applies_to(post, ctx.shared):
        return
    seen: set[str] = set()
    for use in tag_uses(post, options.field):
        repeat = normalise_tag(use.tag) in seen  # duplicate-tag removes repeats
        seen.add(normalise_tag(use.tag))
        if repeat or not use.textual or vocab.is_allowed(use.tag) or is_placeholder(use.tag, options.placeholders):
            continue
        yield _unknown(post, ctx, vocab, use)


def _unknown(post: Post, ctx: PostContext, vocab: Vocabulary, use: TagUse) -> Diagnostic:
    span = use.span
    where = {"end_line": span.end_line, "end_column": span.end_column} if span else {}
    proposal = propose_replacement(use.tag, vocab)
    if proposal is not None:
        edit = replace_tag_edit(post, use, proposal.new_tag)
        fix = Fix((edit,), safe=proposal.safe, description=f"write {proposal.new_tag}") if edit else None
        message_id = "same" if proposal.safe else "suggest"
        return ctx.at(message_id, use.line, use.column, fix=fix, tag=use.tag, suggestion=proposal.new_tag, **where)
    matches = vocab.ambiguous(use.tag)
    if matches:
        return ctx.at("ambiguous", use.line, use.column, tag=use.tag, matches=_quoted_list(matches), **where)
    return ctx.at("default", use.line, use.column, tag=use.tag, allowed=", ".join(vocab.tags), **where)


@rule(
    "PL302",
    "placeholder-tag",
    "A tag is a leftover placeholder such as foo or todo.",
    messages={"default": "tag {tag!r} is a placeholder: replace it with a real tag"},
)
def placeholder_tag(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A tag that only ever means "fill me in": `foo`, `bar`, `baz`,
    `test`, `todo`, `tbd`, `xxx`... compared by normal form, with a
    trailing counter ignored (`tag1`, `Test 2`). The list is
    `[tags] placeholders`.

    ## Why it matters
    A post once shipped with the tags `foo`, `bar` and `baz`: readers saw
    them on the page, and each got an empty tag archive.

    ## Example
    ```yaml
    tags:
    - foo
    - design
    ```

    ## Fix
    Replace the placeholder with the tag the post is about (there is no
    automatic fix: only the author knows which).
    ```yaml
    tags:
    - méthode
    - design
    ```
    """
    options = _options(ctx)
    if not applies_to(post, ctx.shared):
        return
    for use in tag_uses(post, options.field):
        if use.textual and is_placeholder(use.tag, options.placeholders):
            span = use.span
            yield ctx.at("default", use.line, use.column, end_line=span.end_line if span else None,
                         end_column=span.end_column if span else None, tag=use.tag)


@rule(
    "PL303",
    "tag-count",
    "A post has fewer or more tags than its collection allows.",
    messages={
        "none": "this post has no tags; at least {minimum} expected",
        "too-few": "this post has {count} tag(s); at least {minimum} expected",
        "too-many": "this post has {count} tags; at most {maximum} allowed (this is tag {position})",
    },
)
def tag_count(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The number of tags is outside the bounds set for the post's folder
    by `[[tags.bounds]]` (`include`, `exclude`, `min`, `max`; the first
    matching table applies). A missing key is left to `missing-key` when
    the schema requires it.

    ## Why it matters
    Tag archives and post cards are designed for a few tags: with none the
    post is unreachable from the archives, with too many the card
    overflows and every archive fills with loosely related posts.

    ## Example
    With `min = 1` and `max = 4`:
    ```yaml
    tags:
    - design
    - méthode
    - outil
    - open
    - collectif
    ```

    ## Fix
    Keep the tags that describe the post best.
    ```yaml
    tags:
    - design
    - méthode
    - outil
    ```
    """
    options = _options(ctx)
    bounds = bounds_for(post.relpath, options)
    if bounds is None or not applies_to(post, ctx.shared) or not post.front_matter:
        return  # no usable front matter: the input rules report it
    front = post.front_matter
    if options.field not in front and _schema_requires(post, ctx, options.field):
        return
    uses = tag_uses(post, options.field)
    count = len(uses)
    if bounds.min is not None and count < bounds.min:
        message_id = "none" if count == 0 else "too-few"
        if options.field in front:
            yield ctx.at_key(options.field, message_id, count=count, minimum=bounds.min)
        else:
            yield ctx.at(message_id, post.front_matter_line, 1, count=count, minimum=bounds.min)
    elif bounds.max is not None and count > bounds.max:
        extra = uses[bounds.max]
        yield ctx.at("too-many", extra.line, extra.column, count=count, maximum=bounds.max, position=bounds.max + 1)


def _schema_requires(post: Post, ctx: PostContext, key: str) -> bool:
    from postlint.rules.frontmatter import validation

    result = validation(post, ctx)
    if result is None or result.model is None:
        return False
    return any((f.alias or name) == key and f.is_required() for name, f in result.model.model_fields.items())


@rule(
    "PL304",
    "duplicate-tag",
    "A post lists the same tag twice.",
    severity="warning",
    fixable=True,
    messages={
        "default": "tag {tag!r} is listed twice (first on line {first_line})",
        "variant": "tag {tag!r} is {first!r} again, spelled differently (line {first_line})",
    },
)
def duplicate_tag(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A tag appears twice in one post, exactly or in another spelling of
    the same tag (`design` and `Design`).

    ## Why it matters
    Jekyll keeps both: the post shows the tag twice, and with spellings
    that differ, appears in two archives.

    ## Example
    ```yaml
    tags:
    - design
    - outil
    - design
    ```

    ## Fix
    Remove the repeat (safe when it is spelled exactly the same, unsafe
    when the spellings differ: check which one the site uses).
    ```yaml
    tags:
    - design
    - outil
    ```
    """
    options = _options(ctx)
    if not applies_to(post, ctx.shared):
        return
    first: dict[str, TagUse] = {}
    for use in tag_uses(post, options.field):
        key = normalise_tag(use.tag)
        earlier = first.setdefault(key, use)
        if earlier is use:
            continue
        edit = remove_item_edit(post, use.item) if use.item is not None else None
        same = earlier.tag == use.tag
        fix = Fix((edit,), safe=same, description=f"remove the second {use.tag}") if edit else None
        yield ctx.at("default" if same else "variant", use.line, use.column, fix=fix,
                     tag=use.tag, first=earlier.tag, first_line=earlier.line)


@rule(
    "PL305",
    "tag-list-shape",
    "The tags are not written as a list of tags, one per item.",
    fixable=True,
    messages={
        "one-string": "`{key}` is one string, which Jekyll splits on spaces into {count} tags ({tags}): write a list, one `- tag` per line",
        "comma-string": "`{key}` is a comma-separated string: Jekyll splits on spaces, not commas, and keeps the commas in the tags; write a list, one `- tag` per line",
        "comma-item": "`{key}`: the item {value!r} holds several tags separated by commas; write one `- tag` per line",
        "single-string": "`{key}` is a single string, not a list: write `- {value}` on the next line",
        "nested-list": "`{key}` has a list inside the list (an indentation slip?): write one `- tag` per line",
        "empty-item": "`{key}` has an empty item",
        "non-string-item": "`{key}`: the item {value!r} is not text; quote it if it is a tag",
        "not-a-list": "`{key}` should be a list of tags, not {actual}",
    },
)
def tag_list_shape(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The tags value is not a YAML list of tags: one string (`tags: a b`),
    a comma-separated string (`tags: a, b`), a list inside the list, an
    empty item, an item that is a number or a date, or a value that is not
    a list at all. Each finding points at the value or item concerned.

    ## Why it matters
    Jekyll splits a string on spaces only: `tags: open data` makes two tags
    and `tags: design, outil` makes the tag `design,`. Empty items make
    empty tags; lists inside the list usually come from an indentation slip.

    ## Example
    ```yaml
    tags: design, méthode
    ```

    ## Fix
    One `- tag` per line. The fix rewrites a string as a list; it is safe
    when every resulting tag is an allowed tag (and the whole string is
    not one), unsafe otherwise. An empty item is removed (safe).
    ```yaml
    tags:
    - design
    - méthode
    ```
    """
    options = _options(ctx)
    if not applies_to(post, ctx.shared):
        return
    field = options.field
    value = (post.front_matter or {}).get(field)
    vocab = vocabulary(ctx.shared)
    for problem in analyse_tags_value(value).problems:
        found = _shape_diagnostic(post, ctx, field, value, problem, vocab)
        if found is not None:
            yield found


def _split_is_safe(whole: str, tags: list[str], vocab: Vocabulary) -> bool:
    return len(vocab) > 0 and not vocab.is_allowed(whole.strip()) and all(vocab.is_allowed(t) for t in tags)


def _shape_diagnostic(
    post: Post, ctx: PostContext, field: str, value: Any, problem: TagShapeProblem, vocab: Vocabulary
) -> Diagnostic | None:
    path = (field, *problem.path) if problem.path else (field,)
    kind = problem.kind
    if problem.index is None:  # the whole value
        if kind in ("one-string", "comma-string", "single-string") and isinstance(value, str):
            tags = split_tag_string(value)
            # a tag written twice is listed once: the fix leaves nothing for PL304 to remove
            edit = block_list_edit(post, field, list(dict.fromkeys(tags)))
            safe = kind == "single-string" or _split_is_safe(value, tags, vocab)
            fix = Fix((edit,), safe=safe, description="write the tags as a list") if edit else None
            severity = Severity.WARNING if kind == "single-string" else None
            return ctx.at_key(field, kind, on_value=True, fix=fix, severity=severity, key=field,
                              count=len(tags), tags=", ".join(tags), value=value.strip())
        from postlint.rules.frontmatter import _describe

        return ctx.at_key(field, "not-a-list", on_value=True, key=field, actual=_describe(value))
    if kind == "comma-string":
        tags = split_tag_string(str(problem.value))
        edit = split_item_edit(post, path, tags)
        safe = _split_is_safe(str(problem.value), tags, vocab)
        fix = Fix((edit,), safe=safe, description="one item per tag") if edit else None
        return ctx.at_key(path, "comma-item", on_value=True, fix=fix, key=field, value=problem.value)
    if kind == "empty-item":
        edit = remove_item_edit(post, path)
        fix = Fix((edit,), safe=True, description="remove the empty item") if edit else None
        return ctx.at_key(path, kind, on_value=True, fix=fix, key=field)
    return ctx.at_key(path, kind, on_value=True, key=field, value=problem.value)


@rule(
    "PL306",
    "tags-in-categories",
    "Categories are used where the site expects tags.",
    severity="warning",
    messages={
        "forbidden": "this site does not use `categories`: put these words in `{field}` (categories change the post's URL)",
        "tag": "{tag!r} is a tag of the site but is listed in `categories`: move it to `{field}`",
    },
)
def tags_in_categories(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Jekyll has two lists: `tags` and `categories`. Categories go into
    the post's URL (with the default permalink) and are listed apart from
    tags. `[tags] categories` says what the site expects:

    * `allow` (default): categories are not checked;
    * `no-tags-in-categories`: a category that is an allowed tag is
      reported at its own line, since it was meant as a tag;
    * `forbid`: the site does not use categories; the key is reported.

    ## Why it matters
    A tag written under `categories` is missing from its tag archive, and
    may change the post's URL, breaking links to it.

    ## Example
    ```yaml
    categories:
    - design
    ```

    ## Fix
    ```yaml
    tags:
    - design
    ```
    """
    options = _options(ctx)
    if options.categories == "allow" or not applies_to(post, ctx.shared):
        return
    if "categories" not in (post.front_matter or {}):
        return
    if options.categories == "forbid":
        yield ctx.at_key("categories", "forbidden", field=options.field)
        return
    vocab = vocabulary(ctx.shared)
    for use in tag_uses(post, "categories"):
        if vocab.is_allowed(use.tag) or vocab.canonical(use.tag):
            yield ctx.at("tag", use.line, use.column, tag=use.tag, field=options.field)


# ---------------------------------------------------------------------------
# Repo-wide rules
# ---------------------------------------------------------------------------


def expected_page(tag: str, options: TagsOptions) -> str:
    return tag_page_slug(tag, options.page_path, options.slug)


@rule(
    "PL310",
    "missing-tag-page",
    "A tag used by a published post has no tag page.",
    scope="repo",
    collects=(TAG_USES,),
    messages={"default": "tag {tag!r} has no tag page: create {page} (with `{page_key}: {tag}`)"},
)
def missing_tag_page(ctx: Context) -> Iterator[Diagnostic]:
    """A published post uses a tag whose page does not exist. The page's
    path is computed from the tag as the site does (`[tags] page`, default
    `tag/{slug}.md`; `slug = "ascii"` drops accents: `développement` ->
    `tag/developpement.md`). Reported at each use of the tag. Tags that
    `unknown-tag` or `placeholder-tag` report are left to them. The rule
    only runs on sites that have tag pages (files matching `[tags] pages`);
    `require-pages = false` turns it off.

    ## Why it matters
    The tag link under the post leads to a 404 page.

    ## Example
    A post tagged `interdisciplinarité` while `tag/interdisciplinarite.md`
    does not exist.

    ## Fix
    Create the page:
    ```yaml
    ---
    layout: tag-archive
    tag: interdisciplinarité
    ---
    ```
    """
    options = _options(ctx)
    if not options.require_pages or not tag_pages(ctx.site, options):
        return  # a site without tag pages (none match `pages`) has nothing to miss
    vocab = vocabulary(ctx.shared)
    for uses in published_tag_uses(ctx):
        for use in uses:
            if _reported_elsewhere(use.tag, vocab, options):
                continue
            page = expected_page(use.tag, options)
            if page.rsplit("/", 1)[-1].startswith(".") or ctx.site.exists(page):
                continue  # an empty slug is the shape rules' business
            yield ctx.diagnostic(use.relpath, "default", use.line, use.column, tag=use.tag, page=page,
                                 page_key=options.page_key)


@rule(
    "PL311",
    "orphan-tag-page",
    "A tag page lists no post.",
    severity="info",
    scope="repo",
    collects=(TAG_USES,),
    messages={
        "default": "no published post uses the tag {tag!r}: this page lists nothing",
        "no-tag": "this tag page has no usable `{page_key}` value (missing, empty or not text), so it lists no post",
    },
)
def orphan_tag_page(ctx: Context) -> Iterator[Diagnostic]:
    """A tag page (a file matching `[tags] pages`) whose tag
    no published post uses, spelled exactly as on the page.

    ## Why it matters
    Readers who find the page see an empty list. It may be a tag that fell
    out of use (delete the page) or one whose posts spell it differently.

    ## Example
    `tag/international.md` with `tag: international`, and no post tagged
    `international`.

    ## Fix
    Delete the page, or tag the posts it was meant for.
    """
    options = _options(ctx)
    used = {use.tag for uses in published_tag_uses(ctx) for use in uses}
    for page, value in tag_pages(ctx.site, options):
        if page.front_matter is None:
            continue
        if not isinstance(value, str) or not value.strip():
            yield ctx.diagnostic(page.relpath, "no-tag", page.front_matter_line, 1, page_key=options.page_key)
        elif value not in used:
            span = page.span_of(options.page_key, value=True)
            yield ctx.diagnostic(page.relpath, "default", span.line if span else 1, span.column if span else 1,
                                 tag=value)


@rule(
    "PL312",
    "tag-spelling-variants",
    "Posts spell the same tag in different ways.",
    severity="warning",
    scope="repo",
    collects=(TAG_USES,),
    messages={"default": "{tags} are one tag spelled {count} ways ({uses}): pick one spelling"},
)
def tag_spelling_variants(ctx: Context) -> Iterator[Diagnostic]:
    """Across published posts, tags that differ only by normalisation
    (letter case, accents, `-`/`_`/space, a plural `s`) are reported as
    one group, at the first use of its least used spelling. Spellings that
    `unknown-tag` already reports are left out, so with a vocabulary this
    only fires when the vocabulary itself holds two spellings.

    ## Why it matters
    Jekyll makes one archive per spelling: `Design` here and `design`
    there split the posts about design in two.

    ## Example
    `tags: [Design]` in one post, `tags: [design]` in twenty others.

    ## Fix
    Use one spelling everywhere (`postlint tags` lists every use).
    """
    options = _options(ctx)
    vocab = vocabulary(ctx.shared)
    kept: list[TagUse] = []
    for uses in published_tag_uses(ctx):
        # a repeat inside one post is duplicate-tag's: keep each post's first spelling
        firsts = {normalise_tag(u.tag): u for u in reversed(uses)}
        kept.extend(u for u in reversed(firsts.values()) if not _reported_elsewhere(u.tag, vocab, options))
    counts: dict[str, int] = {}
    for use in kept:
        counts[use.tag] = counts.get(use.tag, 0) + 1
    for group in group_near_duplicates(use.tag for use in kept):
        rarest = min(group, key=lambda tag: (counts[tag], group.index(tag)))
        first = next(use for use in kept if use.tag == rarest)
        yield ctx.diagnostic(first.relpath, "default", first.line, first.column, tags=_quoted_list(group),
                             count=len(group), uses=", ".join(f"{tag} ×{counts[tag]}" for tag in group))
