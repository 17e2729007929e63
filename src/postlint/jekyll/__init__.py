"""A model of what Jekyll 4.3 publishes, computed without building the site:
the one place of postlint where Jekyll's behaviour is computed.

Everything here is a pure function of a repository-relative POSIX path, the
file's front matter and the site configuration (:class:`SiteConfig`). The
rules follow Jekyll's own reader, ``Document``, ``Page``, ``StaticFile``,
``URL``, ``Utils.slugify``, ``Utils.parse_date`` and ``FrontmatterDefaults``,
including their quirks (prefix matching of ``exclude:`` and of defaults
scopes, pages whose URL loses its extension under a custom global permalink,
dates that roll over such as February 30th), because a linter must predict
the real site, not an idealised one. The conformance suite builds sites with
the real Jekyll and compares them with these very functions.

- :mod:`~postlint.jekyll.config`: ``_config.yml``;
- :mod:`~postlint.jekyll.reader`: which files Jekyll reads, and as what;
- :mod:`~postlint.jekyll.dates` (on :mod:`~postlint.jekyll.ruby_time`): dates;
- :mod:`~postlint.jekyll.defaults`: ``defaults:``;
- :mod:`~postlint.jekyll.urls`: publication, permalinks, URLs, output paths;
- :mod:`~postlint.jekyll.slugs`: ``Utils.slugify``;
- :mod:`~postlint.jekyll.headings`: kramdown's heading ids;
- :mod:`~postlint.jekyll.plugins`, :mod:`~postlint.jekyll.generated`: the
  plugins a site runs, and the pages they add.
"""

from postlint.jekyll.config import (
    DEFAULT_EXCLUDES,
    CollectionConfig,
    DefaultsScope,
    PermalinkError,
    SiteConfig,
    SiteConfigError,
    load_site_config,
    site_config_from_mapping,
)
from postlint.jekyll.dates import (
    PostFilenameMatch,
    document_date,
    front_matter_date,
    match_post_filename,
    post_date,
    post_slug,
    rejects_date,
)
from postlint.jekyll.defaults import effective_front_matter
from postlint.jekyll.entry import Entry
from postlint.jekyll.generated import generated_pages, plugin_facts
from postlint.jekyll.headings import (
    explicit_id,
    heading_id_for_site,
    heading_id_from_markdown,
    heading_id_gfm,
    heading_id_github,
    heading_id_kramdown,
    heading_ids,
    heading_plain_text,
    page_ids,
    unique_ids,
)
from postlint.jekyll.reader import Kind, SourceKind, classify, is_draft, is_markup, may_have_front_matter
from postlint.jekyll.slugs import slugify
from postlint.jekyll.urls import (
    absolute_url,
    is_published,
    output_path_for,
    permalink_template,
    relative_url,
    url_for,
)

__all__ = [
    "DEFAULT_EXCLUDES", "CollectionConfig", "DefaultsScope", "Entry", "Kind", "generated_pages", "plugin_facts", "PermalinkError", "PostFilenameMatch",
    "SiteConfig", "SiteConfigError", "SourceKind", "absolute_url", "classify", "document_date",
    "effective_front_matter", "explicit_id", "front_matter_date", "heading_id_for_site", "heading_id_from_markdown",
    "heading_id_gfm", "heading_id_github", "heading_id_kramdown", "heading_ids", "heading_plain_text", "is_markup", "may_have_front_matter", "page_ids", "is_draft", "is_published",
    "load_site_config", "match_post_filename", "output_path_for", "permalink_template", "post_date", "post_slug",
    "rejects_date", "relative_url", "site_config_from_mapping", "slugify", "unique_ids", "url_for",
]
