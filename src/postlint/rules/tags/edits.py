"""The edits behind the tag rules' fixes: a tag replaced, an item
removed, a list rewritten, with the YAML quoting the value needs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from postlint.core.diagnostics import Edit
from postlint.core.document import Post
from postlint.core.yamlpos import Span, load_data
from postlint.rules.tags.uses import TagUse

if TYPE_CHECKING:  # pragma: no cover
    pass


def _line_ending(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _as_yaml_scalar(tag: str) -> str:
    """The tag as a plain YAML scalar when that reads back the same, else quoted."""
    # bounded, and never raising: a plain scalar YAML reads as an impossible
    # timestamp (``+24:00``) makes PyYAML raise ValueError
    value, issue = load_data(tag)
    if issue is None and value == tag and "\n" not in tag:
        return tag
    return json.dumps(tag, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def replace_tag_edit(post: Post, use: TagUse, new: str) -> Edit | None:
    """Replace only the tag's characters, keeping its quotes; None when the
    new spelling would need different quoting."""
    if use.span is None:
        return None
    source = post.text[use.span.start : use.span.end]
    at = source.find(use.tag)
    if at < 0 or source.find(use.tag, at + 1) >= 0:
        return None
    quote = source[:1] if source[:1] in ("'", '"') else ""
    if quote == "" and _as_yaml_scalar(new) != new:
        return None
    if quote and (quote in new or "\\" in new):
        return None
    start = use.span.start + at
    return Edit(start, start + len(use.tag), new)


def _block_item_line(post: Post, span: Span) -> tuple[int, int] | None:
    """Offsets of the whole line of a block-list item (``- tag``), or None
    when the item shares its line with something else."""
    line_start = post.line_starts[span.line - 1]
    before = post.text[line_start : span.start]
    if before.strip() != "-" and not (before.strip() == "" and post.text[span.start : span.end].strip() == ""):
        return None
    newline = post.text.find("\n", span.end)
    after = post.text[span.end : newline if newline >= 0 else len(post.text)]
    if after.strip() and not after.strip().startswith("#"):
        return None
    return line_start, (newline + 1 if newline >= 0 else len(post.text))


def remove_item_edit(post: Post, path: tuple[Any, ...]) -> Edit | None:
    """Delete one list item: its whole line in a block list, ``, item`` in a
    flow list."""
    span = post.span_of(path, value=True)
    if span is None:
        return None
    if span.start == span.end:  # an empty block item: its mark sits after "- "
        line_start = post.line_starts[span.line - 1]
        if post.text[line_start : span.start].strip() in ("-", ""):
            newline = post.text.find("\n", span.start)
            if post.text[span.start : newline if newline >= 0 else None].strip() == "":
                return Edit(line_start, newline + 1 if newline >= 0 else len(post.text), "")
        return None
    whole = _block_item_line(post, span)
    if whole is not None:
        return Edit(whole[0], whole[1], "")
    return _remove_flow_item(post, path, span)


def _remove_flow_item(post: Post, path: tuple[Any, ...], span: Span) -> Edit | None:
    *parent, position = path
    if not isinstance(position, int):
        return None
    if position > 0:
        previous = post.span_of((*parent, position - 1), value=True)
        if previous and post.text[previous.end : span.start].strip() == ",":
            return Edit(previous.end, span.end, "")
        return None
    following = post.span_of((*parent, 1), value=True)
    if following and post.text[span.end : following.start].strip() == ",":
        return Edit(span.start, following.start, "")
    return None


def block_list_edit(post: Post, field: str, tags: list[str]) -> Edit | None:
    """Replace a one-string value by a block list, from just after ``key:``."""
    key = post.span_of(field)
    value = post.span_of(field, value=True)
    if key is None or value is None or not tags:
        return None
    colon = post.text.find(":", key.end, value.start)
    if colon < 0:
        return None
    eol = _line_ending(post.text, key.start)
    indent = " " * (key.column - 1)
    items = "".join(f"{eol}{indent}- {_as_yaml_scalar(tag)}" for tag in tags)
    return Edit(colon + 1, value.end, items)


def split_item_edit(post: Post, path: tuple[Any, ...], tags: list[str]) -> Edit | None:
    """Turn one ``- a, b`` item into one item per tag."""
    span = post.span_of(path, value=True)
    if span is None or not tags or _block_item_line(post, span) is None:
        return None
    line_start = post.line_starts[span.line - 1]
    prefix = post.text[line_start : span.start]
    eol = _line_ending(post.text, span.start)
    replacement = f"{eol}{prefix}".join(_as_yaml_scalar(tag) for tag in tags)
    return Edit(span.start, span.end, replacement)
