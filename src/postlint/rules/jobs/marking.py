"""The edits that make an offer's signals say "filled" or "closed".

They back ``postlint mark-filled`` / ``mark-closed`` and the fixes of the
status rules. Each edit is a text splice made the way an editor would type
it: a key's value replaced in its own quoting (comments after it stay), a
missing key added as the last front-matter key, the marker put in front of
the title (quoted, single-quoted, plain, folded ``>-`` or literal ``|``),
the notice as its own paragraph under the first heading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from postlint.core.diagnostics import Edit, Fix
from postlint.core.document import Post
from postlint.rules.jobs.detect import first_heading, title
from postlint.rules.jobs.options import (
    DateSignal,
    KeySignal,
    MarkerSignal,
    NoticeSignal,
    Scalar,
)
from postlint.rules.jobs.signals import (
    READS,
    AnySignal,
    Status,
    parse_date,
    read_status,
    yaml_literal,
)
from postlint.rules.jobs.text import fold

__all__ = [
    "MarkPlan", "add_keys_edit", "key_value_for", "mark_plan", "marker_add_edit", "marker_remove_edit",
    "notice_add_edit", "set_value_edit",
]

#: for each target, the meanings a key's value may have, most specific first.
_PREFERRED: dict[str, tuple[str, ...]] = {
    "filled": ("filled", "closed"),
    "closed": ("closed", "not-filled"),
    "open": ("open", "not-filled"),
}


def key_value_for(signal: KeySignal, target: Status) -> Scalar | None:
    """The value of ``signal`` that says ``target`` (None: it cannot)."""
    for meaning in _PREFERRED[target]:
        values = signal.values_for(meaning)  # type: ignore[arg-type]
        if values:
            return values[0]
    return None


_PLAIN_RE = re.compile(r"^[A-Za-z0-9][\w .-]*$")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _dq_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _scalar_text(value: Any, raw: str) -> str:
    """``value`` as YAML, in the quoting of the value it replaces (``raw``)."""
    text = yaml_literal(value)
    if not isinstance(value, str):
        return text
    if raw.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    if raw.startswith('"') or not _PLAIN_RE.match(text) or text.lower() in _YAML_WORDS or text[:1].isdigit():
        return '"' + _dq_escape(text) + '"'
    return text


def set_value_edit(post: Post, key: str, value: Any) -> Edit | None:
    """Replace the value of ``key`` (None when it is missing or not a plain scalar)."""
    span = post.span_of(key, value=True)
    if span is None:
        return None
    raw = post.text[span.start : span.end]
    if raw[:1] in ("|", ">", "&", "*", "!", "[", "{"):
        return None  # block scalars, anchors, tags, collections: too clever to edit blindly
    return Edit(span.start, span.end, _scalar_text(value, raw))


def _closing_delimiter(post: Post) -> int | None:
    """Offset of the line that closes the front matter."""
    if not post.has_front_matter or post.body_offset == 0:
        return None
    end = post.body_offset
    if post.text.endswith("\n", 0, end):
        end -= 1
        if post.text.endswith("\r", 0, end):
            end -= 1
    return post.text.rfind("\n", 0, end) + 1


def add_keys_edit(post: Post, pairs: list[tuple[str, Any]]) -> Edit | None:
    """``key: value`` lines added at the end of the front matter, in order."""
    if not pairs or (post.front_matter is None and post.has_front_matter and post.issues):
        return None  # unusable YAML: we cannot know where a key would go
    at = _closing_delimiter(post)
    if at is None:
        return None
    return Edit(at, at, "".join(f"{key}: {_scalar_text(value, '')}\n" for key, value in pairs))


def marker_add_edit(post: Post, marker: str) -> Edit | None:
    """The title with the marker in front, written in the title's own quoting."""
    span = post.span_of("title", value=True)
    text = title(post)
    if span is None or not text:
        return None
    raw = post.text[span.start : span.end]
    if raw.startswith("'"):
        return Edit(span.start + 1, span.start + 1, marker.replace("'", "''") + " ")
    if raw.startswith('"'):
        return Edit(span.start + 1, span.start + 1, _dq_escape(marker) + " ")
    if raw[:1] in ("|", ">"):
        # a block scalar: the marker opens its first line of content
        header_end = raw.find("\n")
        if header_end < 0:
            return None
        for m in re.finditer(r"[^\n]*\n?", raw[header_end + 1 :]):
            line = m.group(0)
            if line.strip():
                at = span.start + header_end + 1 + m.start() + (len(line) - len(line.lstrip(" ")))
                return Edit(at, at, marker + " ")
        return None
    if raw[:1] in ("&", "!", "*"):
        return None  # anchors, tags, aliases: too clever to edit blindly
    # A plain scalar cannot start with "[": quote the whole title.
    return Edit(span.start, span.end, '"' + _dq_escape(f"{marker} {text}") + '"')


def marker_remove_edit(post: Post, marker: str) -> Edit | None:
    """The marker taken out of the title, with the space after it."""
    span = post.span_of("title", value=True)
    if span is None:
        return None
    raw = post.text[span.start : span.end]
    for written in (marker, marker.replace("'", "''") if raw.startswith("'") else _dq_escape(marker)):
        at = raw.find(written)
        if at >= 0:
            end = at + len(written)
            if raw[end : end + 1] == " ":
                end += 1
            elif at > 0 and raw[at - 1] == " ":
                at -= 1
            return Edit(span.start + at, span.start + end, "")
    return None


def _line_start(post: Post, line: int) -> int:
    """Offset of a 1-based line; the end of the text past the last line."""
    return post.offset(line, 1) if line <= len(post.line_starts) else len(post.text)


def notice_add_edit(post: Post, line_text: str) -> Edit | None:
    """The notice as its own paragraph right under the first heading."""
    if any(issue.kind == "unclosed-front-matter" for issue in post.issues):
        return None  # where the body starts is unknown (its "headings" may be front-matter lines)
    heading = first_heading(post)
    if heading is None:
        if post.front_matter is None and post.has_front_matter:
            return None
        return Edit(post.body_offset, post.body_offset, f"{line_text}\n\n")
    token = heading[0]
    after = (token.map[1] if token.map else 1) + post.body_start_line  # 1-based line after the heading
    at = _line_start(post, after)
    if at >= len(post.text):
        prefix = "\n" if post.text.endswith("\n") else "\n\n"
        return Edit(len(post.text), len(post.text), f"{prefix}{line_text}\n")
    next_blank = after > len(post.lines) or not post.lines[after - 1].strip()
    return Edit(at, at, f"\n{line_text}\n" + ("" if next_blank else "\n"))


# --------------------------------------------------------------------------
# mark-filled / mark-closed


@dataclass(frozen=True)
class MarkPlan:
    """The fixes that make every signal say the target, and the signals that
    cannot be changed automatically (shown as in messages)."""

    fixes: tuple[Fix, ...]
    impossible: tuple[str, ...]


def _says(statuses: frozenset[str], target: Status) -> bool:
    return target in statuses


def mark_plan(post: Post, signals: list[AnySignal], target: Status, today: dt.date) -> MarkPlan:
    """Every edit that puts ``target`` on every configured signal, and nothing else."""
    fm = post.front_matter or {}
    fixes: list[Fix] = []
    impossible: list[str] = []
    additions: list[tuple[str, Any]] = []
    for signal in signals:
        if isinstance(signal, KeySignal):
            value = fm.get(signal.key)
            meaning = signal.meaning_of(value) if isinstance(value, (bool, int, str)) else None
            wanted = key_value_for(signal, target)
            if meaning is not None and wanted is not None and meaning == signal.meaning_of(wanted):
                continue
            if meaning is not None and wanted is None and _says(READS[meaning], target):
                continue
            if wanted is None:
                if meaning is not None:
                    impossible.append(f"`{signal.key}`")
                continue
            if signal.key in fm:
                edit = set_value_edit(post, signal.key, wanted)
                if edit is None:
                    impossible.append(f"`{signal.key}`")
                else:
                    fixes.append(Fix((edit,), safe=True, description=f"set {signal.key}: {yaml_literal(wanted)}"))
            else:
                additions.append((signal.key, wanted))
        elif isinstance(signal, DateSignal):
            if signal.means != "closed-from" or not signal.set_today:
                continue
            current = parse_date(fm.get(signal.key))
            if current is not None and current <= today:
                continue
            if signal.key not in fm:
                additions.append((signal.key, today))
                continue
            edit = set_value_edit(post, signal.key, today) if fm.get(signal.key) is not None else None
            edit = edit or _fill_empty_edit(post, signal.key, today.isoformat())
            if edit is None:
                impossible.append(f"`{signal.key}`")
            else:
                fixes.append(Fix((edit,), safe=True, description=f"set {signal.key}: {today.isoformat()}"))
        elif isinstance(signal, MarkerSignal):
            wanted_present = _says(READS[signal.means], target)
            present = fold(signal.text) in fold(title(post))
            if present == wanted_present:
                continue
            edit = marker_add_edit(post, signal.text) if wanted_present else marker_remove_edit(post, signal.text)
            if edit is None:
                impossible.append(f"« {signal.text} »")
            else:
                verb = "add" if wanted_present else "remove"
                fixes.append(Fix((edit,), safe=True, description=f"{verb} the title marker"))
        elif isinstance(signal, NoticeSignal):
            wanted_present = _says(READS[signal.means], target)
            present = read_notice(post, signal)
            if present == wanted_present:
                continue
            edit = notice_add_edit(post, signal.line) if wanted_present else None
            if edit is None:
                impossible.append(f"« {signal.text.rstrip('.')} »")
            else:
                fixes.append(Fix((edit,), safe=True, description="add the notice"))
    if additions:
        edit = add_keys_edit(post, additions)
        if edit is None:
            impossible.extend(f"`{key}`" for key, _ in additions)
        else:
            names = ", ".join(key for key, _ in additions)
            fixes.append(Fix((edit,), safe=True, description=f"add {names}"))
    return MarkPlan(tuple(fixes), tuple(impossible))


def _fill_empty_edit(post: Post, key: str, text: str) -> Edit | None:
    """A value written for a key that has none (``poste_ferme:``, ``poste_ferme: ~``)."""
    span, key_span = post.span_of(key, value=True), post.span_of(key)
    if span is not None and span.end > span.start and post.text[span.start : span.end].strip() in ("~", "null", "''", '""'):
        return Edit(span.start, span.end, text)
    if key_span is None:
        return None
    line_end = post.text.find("\n", key_span.end)
    line_end = len(post.text) if line_end < 0 else line_end
    colon = post.text.find(":", key_span.end, line_end)
    rest = post.text[colon + 1 : line_end].strip(" \t\r") if colon >= 0 else "x"
    if rest and not rest.startswith("#"):
        return None
    return Edit(colon + 1, colon + 1, " " + text)


def read_notice(post: Post, signal: NoticeSignal) -> bool:
    wanted = fold(signal.text).rstrip(".")
    return bool(wanted) and wanted in fold(re.sub(r"[*_]", "", post.body))


def marked(post: Post, signals: list[AnySignal], target: Status, today: dt.date) -> list[str]:
    """The signals of ``post`` that do not say ``target`` yet (empty: marked)."""
    report = read_status(post, signals, today)
    missing = [r.literal for r in report.readings if not _says(r.statuses, target)]
    missing += [f"`{p.key}`" for p in report.problems]
    return missing
