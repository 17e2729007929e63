"""Keys whose values name items of a collection (file names) or keys of a
data file: ``reference`` fields.

The names are those the ``unknown-reference`` rule accepts (its own
functions), so a value counted here as a match is never reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from postlint.rules.references import DataFile, collection_item_names, same_url

if TYPE_CHECKING:  # pragma: no cover
    from postlint.commands.init.survey import Survey
    from postlint.core.document import Post

#: a key is a reference when this share of its distinct values match...
MATCH_SHARE = 0.9
#: ... and it has at least this many distinct values (``layout: post``
#: matching a data key ``post`` is a coincidence, not a join).
MIN_DISTINCT = 3
_DATA_SUFFIXES = (".yml", ".yaml", ".json")


@dataclass(frozen=True)
class Target:
    kind: str  # "collection" or "data"
    name: str  # the collection's label, or the data file's path
    names: frozenset[str]
    #: data entries (for ``url-field``), by key.
    entries: dict[str, Any]
    #: for collections: name -> file (a value naming its own file is no reference).
    files: dict[str, str]


def targets(survey: Survey) -> list[Target]:
    """Every collection and every YAML/JSON data file with named entries."""
    found: list[Target] = []
    for label in sorted(survey.site.collections):
        names = collection_item_names(survey.index.files, survey.site, label)
        if names:
            found.append(Target("collection", label, frozenset(names), {}, names))
    prefix = survey.site.data_dir.strip("/") + "/"
    for rel in sorted(survey.index.files):
        if rel.startswith(prefix) and rel.endswith(_DATA_SUFFIXES):
            data = _data(survey, rel)
            keys = {k: v for k, v in data.items() if isinstance(k, str)}
            if len(keys) >= MIN_DISTINCT:
                found.append(Target("data", rel, frozenset(keys), keys, {}))
    return found


def _data(survey: Survey, rel: str) -> dict[Any, Any]:
    try:
        text = (survey.root / rel).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    data = DataFile(rel, text).data
    return data if isinstance(data, dict) else {}


def _names(values: list[Any]) -> list[str] | None:
    """The names a key's values give (texts, or lists of texts); None when
    some value is something else."""
    out: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(i, str) and i.strip() for i in items):
            return None
        out.extend(items)
    return out


def find_reference(posts: list[Post], key: str, all_targets: list[Target]) -> tuple[Target, int, int] | None:
    """The target whose names the key's values are, with the number of
    distinct values that match and of distinct values."""
    pairs = [(p, (p.front_matter or {})[key]) for p in posts if key in (p.front_matter or {})]
    names = _names([v for _, v in pairs])
    if names is None:
        return None
    distinct = set(names)
    if len(distinct) < MIN_DISTINCT:
        return None
    best: tuple[Target, int, int] | None = None
    for target in all_targets:
        matched = _matched(pairs, target)
        if len(matched) >= MATCH_SHARE * len(distinct) and (best is None or len(matched) > best[1]):
            best = (target, len(matched), len(distinct))
    return best


def _matched(pairs: list[tuple[Post, Any]], target: Target) -> set[str]:
    """Values naming an item of the target, compared as the rule compares
    them (collection names stripped, data keys exact); a value naming the
    very file it is written in (a ``slug`` key) refers to nothing."""
    found: set[str] = set()
    for post, value in pairs:
        for item in value if isinstance(value, list) else [value]:
            name = item.strip() if target.kind == "collection" else item
            if name in target.names and target.files.get(name) != post.relpath:
                found.add(item)
    return found


def _stem(relpath: str) -> str:
    return PurePosixPath(relpath).stem


def find_url_field(posts: list[Post], key: str, target: Target, survey: Survey) -> str | None:
    """The field of the data entries that holds the URL of the page naming
    them (``link_to``), when nearly every such page has it right."""
    if target.kind != "data":
        return None
    votes: dict[str, int] = {}
    pages = 0
    for post in posts:
        value = (post.front_matter or {}).get(key)
        entry = target.entries.get(value) if isinstance(value, str) else None
        url = survey.index.sitemap.url_of(post.relpath)
        if not isinstance(entry, dict) or not url:
            continue
        pages += 1
        for name, given in entry.items():
            if isinstance(name, str) and isinstance(given, str) and same_url(given, url, survey.site):
                votes[name] = votes.get(name, 0) + 1
    if pages < MIN_DISTINCT or not votes:
        return None
    name, count = max(votes.items(), key=lambda item: item[1])
    return name if count >= MATCH_SHARE * pages else None
