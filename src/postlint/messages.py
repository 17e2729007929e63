"""Rendering diagnostics' message templates, in English or a translation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from postlint.core.diagnostics import Diagnostic


class _Params(dict):  # type: ignore[type-arg]
    """Template parameters; a missing one shows as ``{name}`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return value


def template(code: str, message_id: str, lang: str | None = None) -> str | None:
    """The rule's template in ``lang`` (default: the current language, see
    :func:`postlint.i18n.use_language`); English when untranslated."""
    from postlint.rules import registry

    rule = registry().rules.get(code)
    english = rule.messages.get(message_id) if rule else None
    if english is None:
        return None
    from postlint.i18n import rule_message

    return rule_message(code, message_id, english, lang)


def render(diagnostic: Diagnostic, lang: str | None = None) -> str:
    text = template(diagnostic.code, diagnostic.message_id, lang)
    if text is None:
        return f"{diagnostic.message_id} {dict(diagnostic.params)}"
    from postlint.i18n import translate_param

    params = _Params({k: translate_param(k, _plain(v), lang) for k, v in diagnostic.params.items()})
    try:
        return text.format_map(params)
    except (ValueError, IndexError, AttributeError):  # a malformed template must not crash output
        return text
