"""Completion: front-matter keys and values from the file's schema, and
internal link targets after ``](`` from the site map.

Front matter is read line by line, not parsed: while a key is being typed
the YAML is usually invalid, and completion must still work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
from lsprotocol import types as lsp

from postlint.lsp.positions import Lines

if TYPE_CHECKING:  # pragma: no cover
    from postlint.lsp.workspace import Workspace

#: at most this many link targets in one answer (the list says it is incomplete).
MAX_ITEMS = 300
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KEY_LINE = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_-]*)[ \t]*:")
_LINK_START = re.compile(r"\]\(\s*<?([^()\s<>]*)$")


@dataclass(frozen=True)
class Cursor:
    """Where the cursor is: 0-based line, and the text of its line before it."""

    line: int
    character: int
    before: str
    encoding: str = "utf-16"


def cursor(lines: Lines, line: int, character: int) -> Cursor:
    offset = lines.offset(line, character)
    start = lines.starts[line] if line < len(lines.starts) else len(lines.text)
    before = lines.text[start:offset]
    return Cursor(line, character, before.removeprefix("\ufeff") if line == 0 else before, lines.encoding)


def front_matter_end(lines: Lines) -> int | None:
    """The 0-based line of the closing delimiter (the last line + 1 while
    it is not written yet); None when the file has no front matter."""
    first = lines.line_text(0).removeprefix("\ufeff")
    if first.rstrip() != "---":
        return None
    count = len(lines.starts)
    for number in range(1, count):
        if _CLOSE.match(lines.line_text(number)):
            return number
    return count


def in_front_matter(lines: Lines, line: int) -> bool:
    end = front_matter_end(lines)
    return end is not None and 0 < line < end


def schema_properties(ws: Workspace, relpath: str) -> tuple[str, dict[str, Any]]:
    """The schema name of a file and its JSON Schema properties (keyed by
    front-matter key): the schema its ``[[files]]`` mapping names, else
    Jekyll's own keys (``post`` in ``_posts``, ``page`` elsewhere)."""
    from postlint.commands.schema import export

    name = ws.config.schema_for(relpath) or ("post" if "_posts/" in f"/{relpath}" else "page")
    cache = ws.schema_exports
    if name not in cache:
        try:
            cache[name] = export(name, ws.config)
        except Exception:  # a schema that cannot be built is reported by the check itself
            cache[name] = {}
    return name, dict(cache[name].get("properties") or {})


def _present_keys(lines: Lines, end: int) -> set[str]:
    found = set()
    for number in range(1, end):
        match = _KEY_LINE.match(lines.line_text(number))
        if match:
            found.add(match.group(1))
    return found


def _key_above(lines: Lines, line: int) -> str | None:
    """The top-level key a list item belongs to."""
    for number in range(line - 1, 0, -1):
        row = lines.line_text(number)
        if row and not row[0].isspace() and not row.startswith("-"):
            match = _KEY_LINE.match(row)
            return match.group(1) if match else None
    return None


def type_label(prop: dict[str, Any]) -> str:
    """A JSON Schema property's type, as a reader says it (``string | list``)."""
    if "enum" in prop:
        return " | ".join(yaml_scalar(v) for v in prop["enum"])
    options = prop.get("anyOf") or prop.get("oneOf")
    if options:
        labels = [type_label(o) for o in options if o.get("type") != "null"]
        return " | ".join(dict.fromkeys(label for label in labels if label)) or "any"
    kind = prop.get("type")
    if kind == "array":
        item = type_label(prop.get("items") or {})
        return f"list of {item}" if item != "any" else "list"
    if isinstance(kind, list):
        return " | ".join(str(k) for k in kind if k != "null")
    label = str(kind) if kind else "any"
    return f"{label} ({prop['format']})" if prop.get("format") else label


def _enum_values(prop: dict[str, Any]) -> list[Any]:
    if "enum" in prop:
        return list(prop["enum"])
    for option in prop.get("anyOf") or prop.get("oneOf") or []:
        values = _enum_values(option)
        if values:
            return values
    if isinstance(prop.get("items"), dict):
        return _enum_values(prop["items"])
    kinds = {prop.get("type")} | {o.get("type") for o in prop.get("anyOf") or []}
    return [True, False] if "boolean" in kinds else []


def yaml_scalar(value: Any) -> str:
    """A value as written in YAML: quoted only when it has to be."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


# -- values --------------------------------------------------------------------------------

def value_candidates(ws: Workspace, relpath: str, key: str, prop: dict[str, Any]) -> list[tuple[str, str]]:
    """``(value, detail)`` a key accepts: the tag vocabulary for the tags
    key, a schema's allowed values, the names of a referenced collection's
    items or a data file's keys, the site's layouts."""
    from postlint.rules.tags.options import TagsOptions
    from postlint.rules.tags.uses import vocabulary

    shared = ws.run.shared
    if key == shared.options_for(TagsOptions).field:
        return [(tag, "tag") for tag in vocabulary(shared)]
    reference = _reference(ws, relpath, key)
    if reference is not None:
        return reference
    if key == "layout":
        return _layouts(ws)
    return [(yaml_scalar(v), type_label(prop)) for v in _enum_values(prop)]


def _reference(ws: Workspace, relpath: str, key: str) -> list[tuple[str, str]] | None:
    from postlint.rules.references import collection_names, references_of

    name = ws.config.schema_for(relpath)
    if name is None:
        return None
    try:
        model = ws.run.shared.schemas.model(name)
    except Exception:
        return None
    marker = references_of(model).get(key)
    if marker is None:
        return None
    if marker.collection:
        return sorted(collection_names(ws.run.site, marker.collection).items())
    if marker.data:
        return [(str(k), marker.data) for k in _data_keys(ws, marker.data)]
    return []


def _data_keys(ws: Workspace, relpath: str) -> list[Any]:
    from postlint.core.yamlpos import safe_load

    try:
        data = safe_load((ws.root / relpath.strip("/")).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    return list(data) if isinstance(data, dict) else []


def _layouts(ws: Workspace) -> list[tuple[str, str]]:
    folder = ws.run.site.sitemap.config.layouts_dir.strip("/") + "/"
    found = {}
    for rel in ws.run.site.files:
        if rel.startswith(folder) and "/" not in rel[len(folder):]:
            found[rel[len(folder):].rsplit(".", 1)[0]] = rel
    return sorted(found.items())


# -- the answer ------------------------------------------------------------------------------

def complete(ws: Workspace, relpath: str, lines: Lines, line: int, character: int) -> lsp.CompletionList | None:
    at = cursor(lines, line, character)
    end = front_matter_end(lines)
    if end is not None and 0 < line < end:
        return _front_matter(ws, relpath, lines, at, end)
    if end is None or line > end:
        return _link_targets(ws, relpath, at)
    return None


def _replace(at: Cursor, start_chars: int) -> lsp.Range:
    """The range from ``start_chars`` characters into the line to the cursor."""
    from postlint.lsp.positions import units

    start = at.character - units(at.before[start_chars:], at.encoding)
    return lsp.Range(start=lsp.Position(line=at.line, character=start),
                     end=lsp.Position(line=at.line, character=at.character))


def _front_matter(ws: Workspace, relpath: str, lines: Lines, at: Cursor, end: int) -> lsp.CompletionList | None:
    name, properties = schema_properties(ws, relpath)
    before = at.before
    if re.fullmatch(r"[A-Za-z0-9_-]*", before):
        present = _present_keys(lines, end) - {before}
        items = [
            lsp.CompletionItem(label=key, kind=lsp.CompletionItemKind.Property, detail=type_label(prop),
                               documentation=prop.get("description"), sort_text=f"{key}",
                               text_edit=lsp.TextEdit(range=_replace(at, 0), new_text=f"{key}: "))
            for key, prop in properties.items() if key not in present
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)
    key_value = re.match(r"^([A-Za-z0-9_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?:\[(?:[^\],]*,)*[ \t]*)?", before)
    item = re.match(r"^[ \t]+-[ \t]*|^-[ \t]+", before)
    if key_value is not None:
        key, start = key_value.group(1), key_value.end()
    elif item is not None:
        key, start = _key_above(lines, at.line) or "", item.end()
    else:
        return None
    partial = before[start:].lstrip("\"'")
    start = len(before) - len(partial)
    candidates = value_candidates(ws, relpath, key, properties.get(key, {}))
    wanted = partial.lower()
    items = [
        lsp.CompletionItem(label=value, kind=lsp.CompletionItemKind.Value, detail=detail,
                           text_edit=lsp.TextEdit(range=_replace(at, start), new_text=yaml_scalar(value)
                                                  if detail == "tag" else value))
        for value, detail in candidates if value.lower().startswith(wanted)
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


def _link_targets(ws: Workspace, relpath: str, at: Cursor) -> lsp.CompletionList | None:
    match = _LINK_START.search(at.before)
    if match is None:
        return None
    partial = match.group(1)
    start = match.start(1)
    if "#" in partial:
        page, _, fragment = partial.partition("#")
        return _anchors(ws, relpath, page, fragment, at, start + len(page) + 1)
    sitemap = ws.run.site.sitemap
    entries = [e for e in (*sitemap.entries.values(), *sitemap.generated) if e.published and e.url]
    entries.sort(key=lambda e: (e.kind in ("static", "generated"), e.url or ""))
    relative = not partial.startswith("/")
    items: list[lsp.CompletionItem] = []
    incomplete = False
    for entry in entries:
        url = entry.url or ""
        if not (url.startswith(partial) or (relative and partial in url)):
            continue
        if len(items) >= MAX_ITEMS:
            incomplete = True
            break
        kind = lsp.CompletionItemKind.File if entry.kind == "static" else lsp.CompletionItemKind.Reference
        items.append(lsp.CompletionItem(label=url, kind=kind, detail=entry.source, filter_text=url,
                                        text_edit=lsp.TextEdit(range=_replace(at, start), new_text=url)))
    return lsp.CompletionList(is_incomplete=incomplete, items=items)


def _anchors(ws: Workspace, relpath: str, page: str, fragment: str, at: Cursor, start: int) -> lsp.CompletionList:
    from postlint.jekyll.headings import page_ids

    site = ws.run.site
    source = relpath
    if page:
        entry = site.sitemap.lookup(page.split("?", 1)[0])
        source = entry.source if entry is not None and entry.kind not in ("generated", "static") else ""
    if not source or site.status(source) is None:
        return lsp.CompletionList(is_incomplete=False, items=[])
    ids = sorted(page_ids(site.post(source), site.sitemap.config))
    items = [lsp.CompletionItem(label=f"#{anchor}", kind=lsp.CompletionItemKind.Reference, detail=source,
                                filter_text=anchor,
                                text_edit=lsp.TextEdit(range=_replace(at, start), new_text=anchor))
             for anchor in ids if anchor.startswith(fragment)]
    return lsp.CompletionList(is_incomplete=False, items=items)
