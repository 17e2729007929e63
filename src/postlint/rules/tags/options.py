"""``[tags]``: the options of the tag rules (vocabulary, pages, bounds)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from postlint.config import RepoPath, StrictModel
from postlint.rules.tags.taxonomy import (
    DEFAULT_PLACEHOLDERS,
    SlugMode,
)

if TYPE_CHECKING:  # pragma: no cover
    pass


CategoriesPolicy = Literal["allow", "no-tags-in-categories", "forbid"]


class TagBounds(StrictModel):
    """``[[tags.bounds]]``: how many tags the matching posts must have."""

    include: list[str]
    exclude: list[str] = Field(default_factory=list)
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class TagsOptions(StrictModel):
    """``[tags]``: where the allowed tags come from and how posts use them.

    The vocabulary is the union of ``vocabulary``, the ``page-key`` of the
    tag pages (``pages``, when ``vocabulary-from-pages``) and the
    ``vocabulary-data`` file; when all are empty, tags are not checked
    against a vocabulary. Tag pages are checked (missing, orphan) whether
    or not they feed the vocabulary.
    """

    SECTION: ClassVar[str] = "tags"

    #: the front-matter key holding tags.
    field: str = "tags"
    #: allowed tags, spelled as the site publishes them.
    vocabulary: list[str] = Field(default_factory=list)
    #: the tag pages' ``page-key`` values add to the vocabulary.
    vocabulary_from_pages: bool = True
    #: a data file (``_data/tags.yml``) holding allowed tags: a list of
    #: strings, a mapping whose keys are tags, or a list of mappings.
    vocabulary_data: RepoPath | None = None
    #: with ``vocabulary-data``: the key holding the tag (``name``), in each
    #: item of a list of mappings, or the key of the list in a mapping.
    vocabulary_data_key: str | None = None
    #: glob of the tag pages ("" when the site has none).
    pages: str = "tag/*.md"
    #: the front-matter key of a tag page that holds its tag.
    page_key: str = "tag"
    #: where a tag's page is expected; ``{slug}`` is the tag's slug.
    page_path: str = "tag/{slug}.md"
    #: ``ascii`` (accents dropped: ``developpement``) or ``jekyll`` (kept).
    slug: SlugMode = "ascii"
    #: check that each published post's tags have a page.
    require_pages: bool = True
    #: tag-count limits per glob; the first matching table applies.
    bounds: list[TagBounds] = Field(default_factory=list)
    #: tags that only mean "fill me in" (compared by normal form).
    placeholders: list[str] = Field(default_factory=lambda: sorted(DEFAULT_PLACEHOLDERS))
    #: ``allow``: ``categories`` is not looked at; ``no-tags-in-categories``:
    #: a category that is an allowed tag is reported (it belongs in tags);
    #: ``forbid``: the site does not use categories at all.
    categories: CategoriesPolicy = "allow"

