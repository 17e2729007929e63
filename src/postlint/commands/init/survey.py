"""What ``postlint init`` reads: the site's content files, grouped the way
Jekyll groups them (posts, each collection, pages), with their front matter.

All Jekyll knowledge comes from :mod:`postlint.jekyll` and the site map: which
file is a post, a collection document or a page, which folder a collection
lives in (``collections_dir`` included), what ``defaults:`` supply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postlint import jekyll
from postlint.config import Config
from postlint.core.globs import glob_match
from postlint.jekyll.config import join_path
from postlint.schemas import builtin_names
from postlint.site.index import SiteIndex

if TYPE_CHECKING:  # pragma: no cover
    from postlint.core.document import Post

#: Jekyll ignores these in ``_posts``: drafts by convention (as the jekyll preset says).
DRAFT_GLOBS = ["**/_*.md", "**/_*.markdown"]
#: the kinds of site-map entries that are posts.
_POST_KINDS = ("post", "draft")


@dataclass
class Group:
    """Files one schema will validate."""

    #: ``posts``, a collection's label, or ``pages``.
    label: str
    #: the schema's name in the written config.
    name: str
    include: list[str]
    exclude: list[str] = field(default_factory=list)
    #: content files with front matter (what the schema validates).
    posts: list[Post] = field(default_factory=list)
    #: content files, front matter or not.
    files: int = 0
    #: keys ``defaults:`` of _config.yml give at least one of the files.
    defaulted: set[str] = field(default_factory=set)

    @property
    def is_document(self) -> bool:
        """Posts and collection items (their date may come from the file name)."""
        return self.label != "pages"


@dataclass
class Survey:
    root: Path
    site: jekyll.SiteConfig
    index: SiteIndex
    groups: list[Group]

    @property
    def content_files(self) -> int:
        return sum(g.files for g in self.groups)

    def all_posts(self) -> list[Post]:
        return [post for group in self.groups for post in group.posts]


def survey(root: Path) -> Survey:
    """Read the site at ``root``; raises :class:`jekyll.SiteConfigError`
    when its ``_config.yml`` cannot be read."""
    site = jekyll.load_site_config(root)  # raises first: the site map would swallow the error
    index = SiteIndex(root, Config(root=root.resolve()))
    groups = _groups(site)
    by_label = {g.label: g for g in groups}
    for relpath in index.content_files:
        entry = index.sitemap.entries.get(relpath)
        if entry is None:
            continue
        group = by_label.get(_label(entry.kind, entry.collection))
        if group is None:
            continue
        group.files += 1
        post = index.post(relpath)
        if post.front_matter:
            group.posts.append(post)
        kind = jekyll.classify(relpath, site, has_front_matter=True)
        group.defaulted.update(jekyll.effective_front_matter(relpath, {}, site, kind))
    _exclude_static(index, site, by_label)
    kept = [g for g in groups if g.files]
    for group in kept:
        # a glob matching no file is a finding of its own (pattern-matches-nothing)
        group.include = _matching(group.include, index.files)
        group.exclude = _matching(group.exclude, index.files)
    return Survey(root, site, index, kept)


def _matching(globs: list[str], files: frozenset[str]) -> list[str]:
    found = {g: {f for f in files if glob_match(f, g)} for g in dict.fromkeys(globs)}
    kept = [g for g, matched in found.items() if matched]
    for glob in list(kept):
        # `**/_posts/**` covers `_posts/` too: `_posts/**` alone when it says it all
        broad = "**/" + glob if not glob.startswith("**/") else None
        if broad in kept and glob in kept:
            kept.remove(broad if found[broad] == found[glob] else glob)
    return kept


def _exclude_static(index: SiteIndex, site: jekyll.SiteConfig, by_label: dict[str, Group]) -> None:
    """Markdown without front matter in a collection folder (a translator's
    README): Jekyll copies it as it is; mapped to a schema it would be
    checked as an item missing its front matter. Left out by name."""
    for entry in index.sitemap:
        group = by_label.get(entry.collection or "")
        if entry.kind == "static" and group is not None and jekyll.is_markup(entry.source, site):
            group.exclude.append(entry.source)


def _label(kind: str, collection: str | None) -> str:
    if kind in _POST_KINDS or collection == "posts":
        return "posts"
    return collection or "pages"


def _groups(site: jekyll.SiteConfig) -> list[Group]:
    """Posts first, then collections, then pages: the first mapping that
    matches a file wins, and pages take whatever the others leave."""
    where = site.collections_dir
    posts = Group("posts", "posts", [join_path(where, "_posts/**"), join_path(where, "**/_posts/**"),
                                     join_path(where, "_drafts/**")], list(DRAFT_GLOBS))
    groups = [posts]
    taken = set(builtin_names()) | {"posts", "pages"}
    for label, spec in sorted(site.collections.items()):
        if label == "posts":
            continue
        name = label if label not in taken else f"{label}-items"
        taken.add(name)
        groups.append(Group(label, name, [spec.directory(where) + "/**"]))
    page_exclude = [glob for group in groups for glob in group.include]
    groups.append(Group("pages", "pages", ["**"], page_exclude))
    return groups
