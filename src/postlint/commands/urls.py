"""``postlint urls``: where each source file is published, as postlint sees it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from postlint.i18n import _

if TYPE_CHECKING:  # pragma: no cover
    from postlint.engine.run import Run
    from postlint.jekyll.entry import Entry


def site_urls(run: Run, paths: Sequence[Path] = (), *, include_unpublished: bool = False) -> tuple[list[Entry], list[str]]:
    """Entries of the site map for the given paths (all when none), and the
    paths that do not exist."""
    index = run.site
    prefixes, missing = [], []
    for path in paths:
        if not path.exists():
            missing.append(str(path))
            continue
        try:
            rel = path.resolve().relative_to(index.root).as_posix()
        except ValueError:
            missing.append(str(path))
            continue
        prefixes.append("" if rel == "." else rel)
    entries = [
        e for e in index.sitemap
        if (include_unpublished or e.url) and (not paths or any(_under(e.source, p) for p in prefixes))
    ]
    return entries, missing


def _under(source: str, prefix: str) -> bool:
    return not prefix or source == prefix or source.startswith(prefix.rstrip("/") + "/")


def _unpublished(reason: str | None) -> str:
    return "(" + (reason or _("not published")) + ")"


def render(entries: Sequence[Entry], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2) + "\n"
    if not entries:
        return ""
    width = max(len(e.source) for e in entries)
    lines = [f"{e.source:<{width}}  {e.url or _unpublished(e.reason)}" for e in entries]
    return "\n".join(lines) + "\n"
