"""The data every check returns: diagnostics, their severity and their fixes.

Everything here is plain, immutable and picklable, so per-file results can
cross process boundaries and be cached. Messages are not stored as text: a
diagnostic carries its rule's message id, the rule's English template for
it and named parameters, and is rendered at output time, in the language
of the output (:func:`render`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """How bad a finding is. Only errors make ``postlint check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a file with ``replacement``.

    Offsets count characters of the file's decoded text as :class:`Post`
    holds it (BOM removed, line endings kept as written).
    """

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid edit span {self.start}..{self.end}")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits that together repair one finding.

    ``safe`` fixes never change meaning and are applied by ``--fix``;
    unsafe ones need ``--unsafe-fixes``.
    """

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "safe": self.safe,
            "description": self.description,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, at a 1-based ``line:column`` of a file.

    ``path`` is relative to the repository root, with POSIX separators.
    ``message_id`` names a template owned by the rule ``code``; ``params``
    fills it.
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message_id: str
    params: Mapping[str, Any] = field(default_factory=dict)
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None
    #: the rule's English template for ``message_id`` (derived data: not compared).
    template: str = field(default="", compare=False, repr=False)
    #: the language ``message`` speaks (the library sets the config's
    #: ``lang``); None: the current language.
    lang: str | None = field(default=None, compare=False, repr=False)

    @property
    def message(self) -> str:
        """The message in the language of the run that found it (the
        library: the config's ``lang``), else the current language (English
        unless a caller chose another with :func:`postlint.i18n.use_language`)."""
        return render(self, self.lang)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("en", "fr"; default: the current language)."""
        return render(self, lang)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self, message: str | None = None) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message if message is None else message,
            "fix": self.fix.to_dict() if self.fix else None,
        }


class _Params(dict):  # type: ignore[type-arg]
    """Template parameters; a missing one shows as ``{name}`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: how much of a value a message quotes (an editor recognises a value by its start).
QUOTE_LIMIT = 60
#: parameters that are sentences or lists postlint composed, not one quoted value:
#: kept longer (but still on one line).
_COMPOSED = frozenset({"suggestion", "chain", "known", "error", "problem", "detail", "hint", "others", "examples",
                       "headings", "allowed", "expected", "expected_hint", "where", "notice", "matches", "uses",
                       "said", "reason", "what", "missing", "tags", "order"})
_COMPOSED_LIMIT = 240
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shorten(value: str, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message quotes it: on one line (control characters and
    line breaks written as escapes), its first ``limit`` characters and
    ``…`` when longer. The one helper for every value a message quotes."""
    one_line = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], value) if _UNPRINTABLE.search(value) else value
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


def printable(text: str) -> str:
    """``text`` (a file name) with control characters and line breaks
    escaped, whole: what a terminal or a log shows of it is what it is."""
    return shorten(text, len(text) * 6 + 1)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(shorten(str(v)) for v in value)
    return value


def _quoted(key: str, value: Any) -> Any:
    if isinstance(value, str):
        return shorten(value, _COMPOSED_LIMIT if key in _COMPOSED else QUOTE_LIMIT)
    return value


def render(diagnostic: Diagnostic, lang: str | None = None) -> str:
    """A diagnostic's message in ``lang`` (default: the current language);
    English when the catalogue has no translation."""
    if not diagnostic.template:
        return f"{diagnostic.message_id} {dict(diagnostic.params)}"
    from postlint.i18n import rule_message, translate_param

    text = rule_message(diagnostic.code, diagnostic.message_id, diagnostic.template, lang)
    params = _Params({k: _quoted(k, translate_param(k, _plain(v), lang)) for k, v in diagnostic.params.items()})
    try:
        return text.format_map(params)
    except (ValueError, IndexError, AttributeError):  # a malformed template must not crash output
        return text
