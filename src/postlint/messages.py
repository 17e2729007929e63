"""Rendering diagnostics' message templates (and, later, their translations)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from postlint.diagnostics import Diagnostic


class _Params(dict):  # type: ignore[type-arg]
    """Template parameters; a missing one shows as ``{name}`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return value


def template(code: str, message_id: str) -> str | None:
    from postlint.rules import registry

    rule = registry().rules.get(code)
    return rule.messages.get(message_id) if rule else None


def render(diagnostic: Diagnostic) -> str:
    text = template(diagnostic.code, diagnostic.message_id)
    if text is None:
        return f"{diagnostic.message_id} {dict(diagnostic.params)}"
    params = _Params({k: _plain(v) for k, v in diagnostic.params.items()})
    try:
        return text.format_map(params)
    except (ValueError, IndexError, AttributeError):  # a malformed template must not crash output
        return text
