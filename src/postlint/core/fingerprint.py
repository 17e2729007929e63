"""Fingerprints: one finding recognised across edits elsewhere in its file.

A fingerprint is the rule's code, the file and the offending text (the
finding's span, else its whole line, trimmed), never the line number:
adding a paragraph above a finding, or a word elsewhere on its line, keeps
it. Identical findings on identical lines of a file are told apart by
their rank among themselves. Findings without a line (repo-wide ones at
line 0, or on a blank line) use their English message instead.

The baseline, ``--changed-since`` and the GitLab report all match findings
with these fingerprints.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import split_lines

#: the text of line ``line`` (1-based) of a repo file, or "" when unknown.
LineText = Callable[[str, int], str]


def _key(diagnostic: Diagnostic, line_text: LineText) -> tuple[str, str, str]:
    text = line_text(diagnostic.path, diagnostic.line) if diagnostic.line > 0 else ""
    start, end = diagnostic.column, diagnostic.end_column
    if text and diagnostic.end_line in (None, diagnostic.line) and end is not None and end > start > 0:
        text = text[start - 1:end - 1]  # the offending text: edits elsewhere on its line keep it
    text = " ".join(text.split())
    return (diagnostic.path, diagnostic.code, text or diagnostic.render("en"))


def fingerprints(diagnostics: Sequence[Diagnostic], line_text: LineText,
                 rename: Callable[[str], str] = lambda path: path) -> list[str]:
    """A fingerprint per diagnostic, in the given order (sort them first
    for ranks that do not depend on the order of discovery). ``rename``
    maps a diagnostic's path to the path the fingerprint names (a file's
    new name, when comparing with an older tree)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for diagnostic in diagnostics:
        path, code, text = _key(diagnostic, line_text)
        key = (rename(path), code, text)
        out.append(hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()[:32])
        seen[key] += 1
    return out


def file_lines(read: Callable[[str], str | None]) -> LineText:
    """A :data:`LineText` over files read once each by ``read`` (None: unreadable)."""
    cache: dict[str, list[str]] = {}

    def line_text(path: str, line: int) -> str:
        if path not in cache:
            text = read(path)
            cache[path] = split_lines(text) if text is not None else []
        lines = cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    return line_text
