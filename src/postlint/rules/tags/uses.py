"""Where each tag is written, which posts count, and the vocabulary: what
every tag rule reads (per file, and for the repo-wide rules as summaries)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from postlint.config import repo_file
from postlint.core.document import Post
from postlint.core.yamlpos import Span, load_data
from postlint.jekyll import is_draft
from postlint.rules.base import Collector, Context, PostContext, Shared
from postlint.rules.tags.options import TagBounds, TagsOptions
from postlint.rules.tags.taxonomy import (
    Vocabulary,
    analyse_tags_value,
    split_tag_string,
)

if TYPE_CHECKING:  # pragma: no cover
    from postlint.site.index import SiteIndex


def vocabulary(shared: Shared) -> Vocabulary:
    """The allowed tags of the site, built once a run."""
    return shared.memo.get("tag-vocabulary", lambda: build_vocabulary(shared.site, shared.options_for(TagsOptions)))


def build_vocabulary(index: SiteIndex, options: TagsOptions) -> Vocabulary:
    pages = _page_tags(index, options) if options.vocabulary_from_pages else []
    allowed = [*options.vocabulary, *pages, *_data_tags(index, options)]
    return Vocabulary(tag for tag in allowed if tag.strip())


def tag_pages(index: SiteIndex, options: TagsOptions) -> list[tuple[Post, object]]:
    """Each tag page (``pages``) and its page-key value."""
    if not options.pages:
        return []
    pages = []
    for page in index.posts(options.pages):
        value = (page.front_matter or {}).get(options.page_key)
        pages.append((page, value))
    return pages


def _page_tags(index: SiteIndex, options: TagsOptions) -> list[str]:
    return [str(value) for _, value in tag_pages(index, options) if isinstance(value, (str, int, float))]


def _data_tags(index: SiteIndex, options: TagsOptions) -> list[str]:
    rel = repo_file(options.vocabulary_data or "")
    if not rel or rel not in index.files:
        return []  # missing, a folder, or out of the repository: PL021 says which
    try:
        data, _issue = load_data((index.root / rel).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return []
    key = options.vocabulary_data_key
    if isinstance(data, dict):
        data = data.get(key) if key else list(data)
    if not isinstance(data, list):
        return []
    tags = []
    for item in data:
        if isinstance(item, dict) and key:
            item = item.get(key)
        if isinstance(item, str):
            tags.append(item)
    return tags


@dataclass(frozen=True)
class TagUse:
    """One tag of one post, and where it is written (``span`` may be None)."""

    tag: str
    relpath: str
    span: Span | None
    #: front-matter path of the YAML item holding the tag (None: a piece of
    #: a one-string value).
    item: tuple[Any, ...] | None
    #: False for a number, date or boolean read as a tag (tag-list-shape's).
    textual: bool = True

    @property
    def line(self) -> int:
        return self.span.line if self.span else 1

    @property
    def column(self) -> int:
        return self.span.column if self.span else 1


def _scalar_text(value: object) -> str | None:
    shape = analyse_tags_value([value])
    return shape.tags[0] if len(shape.tags) == 1 else None


def _pieces(post: Post, span: Span | None, value: str) -> list[tuple[str, Span | None]]:
    """Tags of a one-string value, each located inside the value's source."""
    found: list[tuple[str, Span | None]] = []
    source = post.text[span.start : span.end] if span else ""
    cursor = 0
    for piece in split_tag_string(value):
        at = source.find(piece, cursor)
        if span is None or at < 0:
            found.append((piece, span))
            continue
        cursor = at + len(piece)
        start, end = span.start + at, span.start + cursor
        (line, column), (end_line, end_column) = post.position(start), post.position(end)
        found.append((piece, Span(line, column, end_line, end_column, start, end)))
    return found


def tag_uses(post: Post, field: str) -> list[TagUse]:
    """Every tag of a post in order, as Jekyll would read them, with spans."""
    value = (post.front_matter or {}).get(field)
    uses: list[TagUse] = []
    if isinstance(value, str):
        for piece, span in _pieces(post, post.span_of(field, value=True), value):
            uses.append(TagUse(piece, post.relpath, span, None))
    elif isinstance(value, list):
        _list_uses(post, (field,), value, uses)
    elif value is not None:
        text = _scalar_text(value)
        if text is not None:
            uses.append(TagUse(text, post.relpath, post.span_of(field, value=True), (field,), textual=False))
    return uses


def _list_uses(post: Post, path: tuple[Any, ...], items: list[Any], uses: list[TagUse]) -> None:
    for position, item in enumerate(items):
        where = (*path, position)
        span = post.span_of(where, value=True)
        if isinstance(item, list):
            _list_uses(post, where, item, uses)
        elif isinstance(item, str):
            if not item.strip():
                continue
            if "," in item:
                uses.extend(TagUse(p, post.relpath, s, None) for p, s in _pieces(post, span, item))
            else:
                uses.append(TagUse(item, post.relpath, span, where))
        elif item is not None:
            text = _scalar_text(item)
            if text is not None:
                uses.append(TagUse(text, post.relpath, span, where, textual=False))


def applies_to(post: Post, shared: Shared) -> bool:
    """Per-post tag rules: files mapped to a schema that has the tags field
    (or that carry it anyway), with usable front matter."""
    schema = shared.config.schema_for(post.relpath)
    if post.front_matter is None or schema is None:
        return False
    field = shared.options_for(TagsOptions).field
    return field in post.front_matter or _schema_declares(schema, field, shared)


def _schema_declares(schema: str, field: str, shared: Shared) -> bool:
    from postlint.schemas import SchemaError, known_keys

    try:
        return field in known_keys(shared.schemas.model(schema))
    except SchemaError:
        return False


def is_published(post: Post, shared: Shared) -> bool:
    """Posts whose tags appear on the site."""
    return (
        applies_to(post, shared)
        and not is_draft(post.relpath)
        and (post.front_matter or {}).get("published") is not False
    )


def published_posts(shared: Shared) -> Iterator[Post]:
    index = shared.site
    for relpath in index.content_files:
        if shared.config.schema_for(relpath) is None:
            continue
        post = index.post(relpath)
        if is_published(post, shared):
            yield post


def _collect_uses(post: Post, ctx: PostContext) -> list[Any] | None:
    """A post's tag uses as JSON (None: not published), for repo-wide rules."""
    if ctx.config.schema_for(post.relpath) is None or not is_published(post, ctx.shared):
        return None
    return [[u.tag, None if u.span is None else list(dataclasses.astuple(u.span)),
             None if u.item is None else list(u.item), u.textual] for u in tag_uses(post, _options(ctx).field)]


#: each published post's tags, with where they are written.
TAG_USES = Collector("tag-uses", _collect_uses, reads="front-matter")


def published_tag_uses(ctx: Context) -> Iterator[list[TagUse]]:
    """The tag uses of each published post, in path order (from the
    per-file summaries: unchanged posts are not loaded)."""
    for relpath, data in ctx.summaries(TAG_USES).items():
        if data is not None:
            yield _decode_uses(relpath, data)


def _decode_uses(relpath: str, data: list[Any]) -> list[TagUse]:
    return [TagUse(tag, relpath, None if span is None else Span(*span), None if item is None else tuple(item),
                   textual) for tag, span, item, textual in data]


def bounds_for(relpath: str, options: TagsOptions) -> TagBounds | None:
    from postlint.core.globs import glob_match

    for bounds in options.bounds:
        if any(glob_match(relpath, g) for g in bounds.include) and not any(
            glob_match(relpath, g) for g in bounds.exclude
        ):
            return bounds
    return None


def _options(ctx: Context) -> TagsOptions:
    return ctx.options(TagsOptions)
