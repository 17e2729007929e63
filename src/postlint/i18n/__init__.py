"""Messages in the editor's language: GNU gettext catalogues.

The English text is the source (the msgid); French lives in
``locales/fr/LC_MESSAGES/postlint.po`` (edited by people, committed) and
its compiled ``postlint.mo`` (committed too, rebuilt by the package build,
and checked by a test so it never goes stale). At run time only the
standard library's :mod:`gettext` reads the ``.mo``; Babel is needed only
to extract and compile (``python -m postlint.i18n extract|compile|check``, see
:mod:`postlint.i18n.catalogue`).

Rule messages are keyed by context ``"<CODE>:<message_id>"`` (summaries by
``"<CODE>:summary"``) so one English sentence can read differently in two
rules. Other strings go through :func:`_` / :func:`ngettext`.

The language is never a hidden global: library calls take ``lang=`` or
read a :class:`contextvars.ContextVar` that the CLI sets for one command
(:func:`use_language`); its default is English.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext
import os
import re
import string
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from postlint.rules.base import Rule

DOMAIN = "postlint"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
#: the locale variables, in the order POSIX consults them.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("postlint_language", default=DEFAULT_LANGUAGE)


# -- choosing the language ----------------------------------------------------

def normalise(value: str | None) -> str | None:
    """``fr``, ``fr_FR.UTF-8``, ``fr-CA`` -> ``fr``; ``C``/``POSIX``/others -> ``en``;
    empty -> None."""
    if not value or not value.strip():
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def language_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the locale: the first non-empty of LC_ALL, LC_MESSAGES, LANG."""
    env = os.environ if environ is None else environ
    for var in LOCALE_VARIABLES:
        found = normalise(env.get(var))
        if found:
            return found
    return None


def choose_language(flag: str | None = None, config: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """``--lang``, then the config's ``lang``, then the locale, then English."""
    return normalise(flag) or normalise(config) or language_from_env(environ) or DEFAULT_LANGUAGE


def current_language() -> str:
    return _LANGUAGE.get()


def set_language(lang: str | None) -> None:
    """Set the language of the current context (the CLI runs each command in
    its own context, so this never outlives the command)."""
    _LANGUAGE.set(normalise(lang) or DEFAULT_LANGUAGE)


@contextlib.contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """``with use_language("fr"):`` messages rendered inside are French."""
    token = _LANGUAGE.set(normalise(lang) or DEFAULT_LANGUAGE)
    try:
        yield _LANGUAGE.get()
    finally:
        _LANGUAGE.reset(token)


# -- catalogues ---------------------------------------------------------------

def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def translations(lang: str | None = None) -> gettext.NullTranslations:
    """The catalogue of a language (default: the current one), loaded once;
    English has none, so ``postlint check`` in English never reads a file."""
    return _load(normalise(lang) or current_language())


@cache
def _load(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    fresh = _compile_in_memory(lang) if _mo_is_stale(lang) else None
    if fresh is not None:
        return fresh
    try:
        with mo_path(lang).open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except OSError:
        return gettext.NullTranslations()


def _mo_is_stale(lang: str) -> bool:
    po, mo = po_path(lang), mo_path(lang)
    try:
        return not mo.exists() or (po.exists() and po.stat().st_mtime > mo.stat().st_mtime + 1)
    except OSError:
        return False


def _compile_in_memory(lang: str) -> gettext.GNUTranslations | None:
    """A checkout whose .po was edited after the last compile: use the .po
    (needs Babel, a development dependency; without it the .mo is used)."""
    import io

    try:
        data = compile_catalogue(lang)
    except (ImportError, OSError):
        return None
    return gettext.GNUTranslations(io.BytesIO(data))


def compile_catalogue(lang: str, po: Path | None = None) -> bytes:
    """The .mo bytes of a .po (fuzzy entries left out, as msgfmt does)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (po or po_path(lang)).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


# -- translating --------------------------------------------------------------

def _(message: str, *, lang: str | None = None) -> str:
    """``message`` in the current (or given) language."""
    return translations(lang).gettext(message) if (lang or current_language()) != DEFAULT_LANGUAGE else message


def ngettext(singular: str, plural: str, n: int, *, lang: str | None = None) -> str:
    if (lang or current_language()) == DEFAULT_LANGUAGE:
        return singular if n == 1 else plural
    return translations(lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str, *, lang: str | None = None) -> str:
    if (lang or current_language()) == DEFAULT_LANGUAGE:
        return message
    return translations(lang).pgettext(context, message)


def _contextual(context: str, message: str, lang: str | None) -> str:
    return pgettext(context, message, lang=lang)  # a variable context: hidden from extraction


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark a phrase with its context for extraction (see :data:`PARAM_PHRASES`)."""
    return (context, message)


#: English phrases that rules pass as parameter values (a link's kind, a
#: type name, a "did you mean" tail), by parameter name. A French message
#: translates them when the value matches one (``{guess}`` matches anything).
PARAM_PHRASES: tuple[tuple[str, str], ...] = (
    NP_("param:suggestion", " (did you mean {guess}?)"),
    NP_("param:problem", "a folder, not a file"),
    NP_("param:problem", "no such file in the repository"),
    NP_("param:problem", "a symbolic link to a file outside the repository, never read"),
    NP_("param:problem", "this quote is never closed"),
    NP_("param:problem", "its aliases expand without end or beyond reason"),
    NP_("param:problem", "this [ is never closed"),
    NP_("param:problem", "this {{ is never closed"),
    NP_("param:expected_hint", ": write {expected}"),
    NP_("param:where", "Link"),
    NP_("param:reason", "draft"),
    NP_("param:reason", "not published"),
    NP_("param:reason", "dated in the future"),
    NP_("param:reason", "invalid date"),
    NP_("param:kind", "list"),
    NP_("param:kind", "scalar"),
    NP_("param:hint", "start with /img/ (a file of the site) or http"),
    NP_("param:expected", "text"),
    NP_("param:expected", "a whole number"),
    NP_("param:expected", "a number"),
    NP_("param:expected", "true or false"),
    NP_("param:expected", "a list (one `- item` per line)"),
    NP_("param:expected", "a set of keys"),
    NP_("param:expected", "a date (YYYY-MM-DD)"),
    NP_("param:actual", "empty"),
    NP_("param:actual", "true/false"),
    NP_("param:actual", "a number"),
    NP_("param:actual", "a date"),
    NP_("param:actual", "a list"),
    NP_("param:actual", "a set of keys"),
    NP_("param:actual", "text"),
    # a job offer's status (PL405, PL406)
    NP_("param:status", "open"),
    NP_("param:status", "closed"),
    NP_("param:status", "filled"),
    NP_("param:said", "open"),
    NP_("param:said", "closed"),
    NP_("param:said", "filled"),
    NP_("param:said", "not filled"),
)


@cache
def _phrase_pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts) + r"\Z", re.S)


def translate_param(name: str, value: object, lang: str | None = None) -> object:
    """A parameter value in the language when it is one of :data:`PARAM_PHRASES`."""
    if not isinstance(value, str) or (lang or current_language()) == DEFAULT_LANGUAGE:
        return value
    for context, template in PARAM_PHRASES:
        if context != f"param:{name}":
            continue
        found = _phrase_pattern(template).match(value)
        if found:
            return _contextual(context, template, lang).format_map(found.groupdict())
    return value


def rule_message(code: str, message_id: str, template: str, lang: str | None = None) -> str:
    """A rule's message template in the language (its English one when untranslated)."""
    return _contextual(f"{code}:{message_id}", template, lang)


def rule_summary(rule: Rule, lang: str | None = None) -> str:
    return _contextual(f"{rule.code}:summary", rule.summary, lang)


def explanation_path(code: str, lang: str) -> Path:
    return LOCALE_DIR / lang / "rules" / f"{code}.md"


def explanation(rule: Rule, lang: str | None = None) -> str:
    """The rule's explanation: ``locales/<lang>/rules/<CODE>.md``, else its
    English docstring."""
    lang = normalise(lang) or current_language()
    if lang != DEFAULT_LANGUAGE:
        try:
            text = explanation_path(rule.code, lang).read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        if text:
            return text
    return rule.explanation
