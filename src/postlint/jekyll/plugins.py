"""Which plugins a site runs, and what postlint knows of them.

A site declares plugins in ``_config.yml`` (``plugins:``, formerly
``gems:``) or in the ``jekyll_plugins`` group of its ``Gemfile`` (loaded
without being listed). The ``github-pages`` gem brings GitHub Pages'
default plugins. What the modelled plugins publish (redirect pages, feeds,
archives, pagination) is in :mod:`postlint.jekyll.generated`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

#: plugins GitHub Pages runs on every site built with the ``github-pages`` gem.
GITHUB_PAGES_DEFAULTS = (
    "jekyll-coffeescript", "jekyll-default-layout", "jekyll-gist", "jekyll-github-metadata",
    "jekyll-optional-front-matter", "jekyll-paginate", "jekyll-readme-index", "jekyll-titles-from-headings",
    "jekyll-relative-links",
)

#: plugins whose effect on the published files and links postlint models.
MODELLED = frozenset({
    "jekyll-redirect-from", "jekyll-feed", "jekyll-sitemap", "jekyll-archives", "jekyll-paginate",
    "jekyll-paginate-v2", "jekyll-optional-front-matter", "jekyll-relative-links", "jekyll-readme-index",
})
#: plugins that create no page and change no link or id of the content
#: (tags for the head of a page, avatars, emoji, gists, a default layout...).
NEUTRAL = frozenset({
    "jekyll-seo-tag", "jekyll-avatar", "jemoji", "jekyll-gist", "jekyll-github-metadata", "jekyll-coffeescript",
    "jekyll-default-layout", "jekyll-titles-from-headings", "jekyll-include-cache", "jekyll-last-modified-at",
    "jekyll-sass-converter", "jekyll-mentions", "jekyll-compose", "jekyll-watch", "jekyll-data", "github-pages",
    "jekyll-commonmark-ghpages", "jekyll-target-blank", "jekyll-minifier", "jekyll-postcss",
    "jekyll-autoprefixer", "jekyll-assets", "jekyll-spaceship", "jekyll-toc", "kramdown-parser-gfm",
})

_GROUP = re.compile(r"^\s*group\s+(.*?)\s+do\s*$")
_GEM = re.compile(r"""^\s*gem\s+["']([^"']+)["'](.*)$""")


def gemfile_plugins(text: str) -> list[str]:
    """Gems of the ``jekyll_plugins`` group (a ``group :jekyll_plugins do``
    block, or ``group: :jekyll_plugins`` on the line), and ``github-pages``
    wherever it stands."""
    found: list[str] = []
    depth = 0
    in_group = False
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        group = _GROUP.match(code)
        if group is not None:
            depth += 1
            in_group = in_group or "jekyll_plugins" in group.group(1)
            continue
        if re.match(r"^\s*end\s*$", code) and depth:
            depth -= 1
            if depth == 0:
                in_group = False
            continue
        gem = _GEM.match(code)
        if gem is not None and (in_group or "jekyll_plugins" in gem.group(2) or gem.group(1) == "github-pages"):
            found.append(gem.group(1))
    return found


def declared_plugins(raw: Mapping[str, Any], gemfile: str | None = None) -> tuple[str, ...]:
    """Every plugin the site runs, in declaration order, GitHub Pages'
    defaults included when the site builds with the ``github-pages`` gem."""
    names: list[str] = []
    for key in ("plugins", "gems"):
        value = raw.get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, Iterable) and not isinstance(value, Mapping):
            names.extend(str(v) for v in value if isinstance(v, str))
    if gemfile:
        names.extend(gemfile_plugins(gemfile))
    if "github-pages" in names:
        names.extend(GITHUB_PAGES_DEFAULTS)
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))


def unmodelled(plugins: Iterable[str]) -> list[str]:
    """Declared plugins whose pages or links postlint does not know."""
    return [p for p in plugins if p not in MODELLED and p not in NEUTRAL]
