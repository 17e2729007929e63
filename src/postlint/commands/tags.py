"""``postlint tags``: a repo-wide report editors use to tidy their taxonomy.

It reads the same posts and options as the tag rules (published posts
mapped to a schema, ``[tags]``): each tag with its count, its posts and its
page; spellings of one tag; tags outside the vocabulary; orphan pages.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from postlint.core.globs import glob_match
from postlint.i18n import _, ngettext
from postlint.rules.tags import expected_page
from postlint.rules.tags.options import TagsOptions
from postlint.rules.tags.taxonomy import group_near_duplicates, is_placeholder, normalise_tag, propose_replacement
from postlint.rules.tags.uses import published_posts, tag_pages, tag_uses, vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from postlint.engine.run import Run
    from postlint.site.index import SiteIndex

__all__ = ["TagReport", "TagRow", "build_report", "render_json", "render_text"]

#: in the text form, tags used by this many posts or fewer list their posts.
RARE = 3


@dataclass
class TagRow:
    tag: str
    count: int
    posts: list[str]
    #: None when the site has no vocabulary.
    allowed: bool | None
    placeholder: bool
    page: str
    page_exists: bool
    suggestion: str | None = None
    #: the suggestion only differs by normalisation (a safe fix).
    same_tag: bool = False


@dataclass
class TagReport:
    posts: int
    tags: list[TagRow] = field(default_factory=list)
    #: spellings of one tag: [[spelling, ...], ...], most used first.
    variants: list[list[str]] = field(default_factory=list)
    orphan_pages: list[dict[str, str]] = field(default_factory=list)
    #: allowed tags no published post uses.
    unused: list[str] = field(default_factory=list)
    vocabulary_size: int = 0

    @property
    def outside(self) -> list[TagRow]:
        return [row for row in self.tags if row.allowed is False or row.placeholder]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outside_vocabulary"] = [row.tag for row in self.outside]
        return data


def build_report(run: Run, under: str = "") -> TagReport:
    """The report for the posts of the repo (only those under ``under``)."""
    shared, index = run.shared, run.site
    options = shared.options_for(TagsOptions)
    vocab = vocabulary(shared)
    posts_by_tag: dict[str, list[str]] = {}
    count = 0
    for post in published_posts(shared):
        if under and not glob_match(post.relpath, under):
            continue
        count += 1
        for use in tag_uses(post, options.field):
            posts_by_tag.setdefault(use.tag, []).append(post.relpath)
    rows = [_row(tag, posts, vocab, options, index) for tag, posts in posts_by_tag.items()]
    rows.sort(key=lambda row: (-row.count, normalise_tag(row.tag), row.tag))
    counts = {row.tag: row.count for row in rows}
    variants = [sorted(group, key=lambda t: -counts[t]) for group in group_near_duplicates(r.tag for r in rows)]
    orphans = [
        {"path": page.relpath, "tag": value}
        for page, value in tag_pages(index, options)
        if isinstance(value, str) and value not in posts_by_tag and not under
    ]
    unused = [tag for tag in vocab.tags if tag not in posts_by_tag]
    return TagReport(count, rows, variants, orphans, unused, len(vocab))


def _row(tag: str, posts: list[str], vocab: Any, options: TagsOptions, index: SiteIndex) -> TagRow:
    page = expected_page(tag, options)
    allowed = vocab.is_allowed(tag) if len(vocab) else None
    proposal = propose_replacement(tag, vocab) if allowed is False else None
    return TagRow(
        tag=tag,
        count=len(posts),
        posts=sorted(dict.fromkeys(posts)),
        allowed=allowed,
        placeholder=is_placeholder(tag, options.placeholders),
        page=page,
        page_exists=index.exists(page),
        suggestion=proposal.new_tag if proposal else None,
        same_tag=bool(proposal and proposal.safe),
    )


def render_json(report: TagReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns a string takes in a terminal (combining accents take none)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class _Painter:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text


def _status(row: TagRow, paint: _Painter) -> str:
    if row.placeholder:
        return paint(_("placeholder"), "31")
    if row.allowed is False:
        if row.suggestion:
            text = (_("not allowed: write {tag}") if row.same_tag else _("not allowed: did you mean {tag}"))
            return paint(text.format(tag=row.suggestion), "31")
        return paint(_("not allowed"), "31")
    if not row.page_exists:
        return paint(_("no page: {page}").format(page=row.page), "33")
    return paint(row.page, "2")


def render_text(report: TagReport, *, colour: bool = False, all_posts: bool = False) -> str:
    paint = _Painter(colour)
    out: list[str] = []
    distinct = len(report.tags)
    out.append(paint(_("{tags} in {posts}").format(
        tags=ngettext("{n} tag", "{n} tags", distinct).format(n=distinct),
        posts=ngettext("{n} published post", "{n} published posts", report.posts).format(n=report.posts)), "1"))
    if report.tags:
        tag, posts, page = _("TAG"), _("POSTS"), _("PAGE")
        width = max(_width(tag), *(_width(row.tag) for row in report.tags))
        digits = max(len(posts), *(len(str(row.count)) for row in report.tags))
        out.append("")
        out.append(paint(f"  {_pad(tag, width)}  {posts:>{digits}}  {page}", "1"))
        for row in report.tags:
            out.append(f"  {paint(_pad(row.tag, width), '1')}  {row.count:>{digits}}  {_status(row, paint)}")
            if all_posts or row.count <= RARE:
                out.extend(paint(f"  {' ' * width}  {' ' * digits}  · {post}", "2") for post in row.posts)
    out.append("")
    out.extend(_section(_("Spellings of one tag"), [" / ".join(group) for group in report.variants], paint))
    outside = [f"{row.tag} ({row.count}): {_status(row, paint)}" for row in report.outside]
    out.extend(_section(_("Outside the vocabulary"), outside, paint, none=_("none") if report.vocabulary_size else
                        _("no vocabulary configured ([tags] vocabulary, or tag pages)")))
    out.extend(_section(_("Tag pages no post uses"), [f"{o['path']} ({o['tag']})" for o in report.orphan_pages], paint))
    missing = [f"{row.tag}: {row.page}" for row in report.tags if not row.page_exists and row.allowed is not False
               and not row.placeholder]
    out.extend(_section(_("Tags without a page"), missing, paint))
    if report.vocabulary_size:
        out.extend(_section(_("Allowed tags no post uses"), report.unused, paint))
    return "\n".join(out).rstrip("\n") + "\n"


def _section(title: str, items: list[str], paint: _Painter, none: str | None = None) -> list[str]:
    if not items:
        return [_("{title}: {none}").format(title=paint(title, "1"), none=paint(none or _("none"), "32")), ""]
    return [paint(_("{title} ({n}):").format(title=title, n=len(items)), "1"), *(f"  {item}" for item in items), ""]
