"""The ids a page gets from its layout chain (``_layouts/``) and the
includes they pull in (``_includes/``), read without rendering them.

Ids written with Liquid (``id="{{ section.slug }}"``), includes whose name
is computed, and layouts of a theme gem are out of postlint's sight: such a
layout is *uncertain*, and an anchor that is found nowhere is then only
probably missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postlint.core.html import html_ids

if TYPE_CHECKING:  # pragma: no cover
    from postlint.site.index import SiteIndex

_LAYOUT_KEY = re.compile(r"^layout:\s*[\"']?([^\"'\s#]+)", re.M)
_INCLUDE = re.compile(r"\{%-?\s*include(?:_relative)?\s+([^\s%]+)")
_LIQUID_ID = re.compile(r"""\b(?:id|name)\s*=\s*["'][^"']*\{\{""")


@dataclass(frozen=True)
class LayoutIds:
    ids: frozenset[str]
    #: some ids may come from what postlint cannot read.
    uncertain: bool


def layout_ids(site: SiteIndex, layout: str | None) -> LayoutIds:
    """Every id the layout chain starting at ``layout`` writes."""
    cfg = site.sitemap.config
    ids: set[str] = set()
    uncertain = False
    seen: set[str] = set()
    name = layout
    while name and name not in seen and name not in ("none", "null"):
        seen.add(name)
        text = _read(site, f"{cfg.layouts_dir}/{name}.html") or _read(site, f"{cfg.layouts_dir}/{name}")
        if text is None:
            return LayoutIds(frozenset(ids), True)  # a theme's layout
        found, dynamic = _ids_in(site, text, set())
        ids |= found
        uncertain = uncertain or dynamic
        parent = _LAYOUT_KEY.search(text.split("\n---", 1)[0]) if text.startswith("---") else None
        name = parent.group(1) if parent else None
    return LayoutIds(frozenset(ids), uncertain)


def _ids_in(site: SiteIndex, text: str, seen: set[str]) -> tuple[set[str], bool]:
    cfg = site.sitemap.config
    ids = html_ids(text)
    dynamic = bool(_LIQUID_ID.search(text))
    for found in _INCLUDE.finditer(text):
        name = found.group(1).strip("\"'")
        if "{" in name or name in seen:
            dynamic = dynamic or "{" in name
            continue
        seen.add(name)
        included = _read(site, f"{cfg.includes_dir}/{name}")
        if included is None:
            dynamic = True
            continue
        more, more_dynamic = _ids_in(site, included, seen)
        ids |= more
        dynamic = dynamic or more_dynamic
    return ids, dynamic


def _read(site: SiteIndex, relpath: str) -> str | None:
    if relpath not in site.files:
        return None
    try:
        return (site.root / relpath).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
