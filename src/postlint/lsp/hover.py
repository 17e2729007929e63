"""Hover: what a front-matter key is for (its schema's description and
type), and where a link goes (the file of the site that answers it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from postlint.i18n import _
from postlint.lsp.completion import _KEY_LINE, front_matter_end, schema_properties, type_label
from postlint.lsp.positions import Lines

if TYPE_CHECKING:  # pragma: no cover
    from postlint.lsp.workspace import Workspace


def hover(ws: Workspace, relpath: str, lines: Lines, line: int, character: int) -> lsp.Hover | None:
    end = front_matter_end(lines)
    row = lines.line_text(line).removeprefix("\ufeff") if line == 0 else lines.line_text(line)
    column = lines.offset(line, character) - lines.starts[min(line, len(lines.starts) - 1)]
    column -= lines.bom if line == 0 else 0
    if end is not None and 0 < line < end:
        return _key(ws, relpath, row, line, column)
    if ws.lintable(relpath):
        return _link(ws, relpath, line + 1, column + 1)
    return None


def _markdown(text: str, where: lsp.Range | None = None) -> lsp.Hover:
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text), range=where)


def _key(ws: Workspace, relpath: str, row: str, line: int, column: int) -> lsp.Hover | None:
    match = _KEY_LINE.match(row)
    if match is None or column > match.end(1):
        return None
    key = match.group(1)
    name, properties = schema_properties(ws, relpath)
    prop = properties.get(key)
    if prop is None:
        text = _("`{key}` is not a key of the schema `{schema}`", lang=ws.lang).format(key=key, schema=name)
    else:
        text = f"**{key}**: `{type_label(prop)}`"
        if prop.get("description"):
            text += f"\n\n{prop['description']}"
        text += "\n\n" + _("Schema: `{schema}`", lang=ws.lang).format(schema=name)
    where = lsp.Range(start=lsp.Position(line=line, character=0),
                      end=lsp.Position(line=line, character=len(key.encode("utf-16-le")) // 2))
    return _markdown(text, where)


def _link(ws: Workspace, relpath: str, line: int, column: int) -> lsp.Hover | None:
    """The link under a 1-based ``line:column`` and what answers it."""
    from postlint.site.links import extract_links, resolve_link

    post = ws.post(relpath)
    link = next((k for k in extract_links(post) if k.line == line and k.column <= column <= k.end_column
                 and k.kind != "front-matter"), None)
    if link is None:
        return None
    found = resolve_link(link, post, ws.run.site, ws.run.shared.memo)
    target = f"`{link.target}`"
    if found.status in ("ok", "case", "unpublished") and found.source:
        text = f"{target} → `{found.source}`"
        if found.fragment:
            text += f" `#{found.fragment}`"
        if found.status == "unpublished":
            text += " " + _("(not published)", lang=ws.lang)
    elif found.status in ("missing", "redirect-missing", "outside"):
        text = f"{target}: " + _("no file of the site answers this link", lang=ws.lang)
    elif found.status in ("external", "mailto"):
        text = f"{target}: " + _("external link", lang=ws.lang)
    else:
        return None
    return _markdown(text)
