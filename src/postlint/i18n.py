"""Messages in the editor's language: GNU gettext catalogues.

The English text is the source (the msgid); French lives in
``locales/fr/LC_MESSAGES/postlint.po`` (edited by people, committed) and
its compiled ``postlint.mo`` (committed too, rebuilt by the package build,
and checked by a test so it never goes stale). At run time only the
standard library's :mod:`gettext` reads the ``.mo``; Babel is needed only
to extract and compile (``python -m postlint.i18n extract|compile|check``).

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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from babel.messages.catalog import Catalog

    from postlint.rules.base import Rule

DOMAIN = "postlint"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
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


@lru_cache(maxsize=None)
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
    NP_("param:expected_hint", ": write {expected}"),
    NP_("param:where", "Link"),
    NP_("param:reason", "draft"),
    NP_("param:reason", "not published"),
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


@lru_cache(maxsize=None)
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


# -- checking catalogues ------------------------------------------------------

def fields(template: str) -> set[tuple[str, str | None]]:
    """The ``{name!conv}`` fields of a format template (names and conversions)."""
    out: set[tuple[str, str | None]] = set()
    try:
        for _text, name, spec, conversion in string.Formatter().parse(template):
            if name is not None:
                out.add((name, conversion))
                if spec:
                    out |= fields(spec)
    except ValueError:
        out.add(("<malformed>", None))
    return out


def rule_entries(rules: Iterable[Rule] | None = None) -> list[tuple[str | None, str, str | None]]:
    """(context, English text, None) of every rule summary and message."""
    from postlint.rules import registry

    entries: list[tuple[str | None, str, str | None]] = []
    for rule in (rules if rules is not None else _sorted_rules(registry().rules.values())):
        entries.append((f"{rule.code}:summary", rule.summary, None))
        for message_id, template in rule.messages.items():
            entries.append((f"{rule.code}:{message_id}", template, None))
    return entries


def _sorted_rules(rules: Iterable[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: r.code)


def problems(entries: list[tuple[str | None, str, str | None]],
             catalogue: gettext.NullTranslations) -> list[str]:
    """Entries with no translation, or whose translation's placeholders
    differ from the English ones: one line each."""
    raw: dict[object, str] = getattr(catalogue, "_catalog", {})
    out: list[str] = []
    for context, msgid, plural in entries:
        key = f"{context}\x04{msgid}" if context else msgid
        label = f"[{context}] {msgid!r}" if context else repr(msgid)
        if plural is None:
            translated = [raw.get(key, "")]
        else:
            translated = [raw.get((key, i), "") for i in range(2)]
        if not all(translated):
            out.append(f"missing translation: {label}")
            continue
        expected = fields(msgid) | (fields(plural) if plural else set())
        for text in translated:
            if fields(text) != expected and not (plural and fields(text) <= expected):
                out.append(f"placeholders differ: {label}: {sorted(map(str, fields(text)))} "
                           f"instead of {sorted(map(str, expected))}")
    return out


# -- extraction (development only: needs Babel) ---------------------------------

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}


def source_entries() -> list[tuple[str | None, str, str | None]]:
    """The strings of ``_()``/``ngettext()``/``N_()`` calls in the package."""
    from babel.messages.extract import extract_from_dir

    found: list[tuple[str | None, str, str | None]] = []
    package = Path(__file__).resolve().parent
    for _file, _line, message, _comments, context in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
    ):
        if isinstance(message, tuple):
            found.append((context, message[0], message[1]))
        else:
            found.append((context, message, None))
    return found


def template_catalogue() -> Catalog:
    """A Babel catalogue (.pot) of every translatable string."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    from postlint import __version__
    from postlint.rules import registry

    catalog = Catalog(project="postlint", version=__version__, domain=DOMAIN, charset="utf-8")
    package = Path(__file__).resolve().parent
    for rule in _sorted_rules(registry().rules.values()):
        where = _location(rule)
        catalog.add(rule.summary, context=f"{rule.code}:summary", locations=[where])
        for message_id, template in rule.messages.items():
            catalog.add(template, context=f"{rule.code}:{message_id}", locations=[where],
                        auto_comments=[f"{rule.code} {rule.name}, message {message_id}"])
    for filename, line, message, _comments, context in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
    ):
        catalog.add(message, context=context, locations=[(f"src/postlint/{filename}", line)])
    return catalog


def _location(rule: Rule) -> tuple[str, int]:
    import inspect

    try:
        file = Path(inspect.getsourcefile(rule.check) or "")
        line = inspect.getsourcelines(rule.check)[1]
        return (file.relative_to(Path(__file__).resolve().parents[1]).as_posix()
                if file.is_absolute() else file.as_posix(), line)
    except (OSError, TypeError, ValueError):
        return (rule.check.__module__, 0)


def extract(langs: tuple[str, ...] = ("fr",)) -> list[str]:
    """Write ``locales/postlint.pot`` and merge it into each language's .po
    (new strings appear untranslated, removed ones become obsolete)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = template_catalogue()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as fh:
        write_po(fh, template, width=0, omit_header=False, sort_output=False, include_lineno=False)
    written = [str(LOCALE_DIR / f"{DOMAIN}.pot")]
    for lang in langs:
        po = po_path(lang)
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="postlint", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as fh:
            write_po(fh, catalog, width=0, include_lineno=False, ignore_obsolete=True)
        written.append(str(po))
    return written


def compile_all(langs: tuple[str, ...] = ("fr",)) -> list[str]:
    written = []
    for lang in langs:
        mo_path(lang).write_bytes(compile_catalogue(lang))
        written.append(str(mo_path(lang)))
    _load.cache_clear()
    return written


def check(langs: tuple[str, ...] = ("fr",)) -> list[str]:
    """Every problem of the catalogues: untranslated or mismatched strings."""
    import io

    entries: list[tuple[str | None, str, str | None]] = [*rule_entries(), *source_entries()]
    out = []
    for lang in langs:
        catalogue = gettext.GNUTranslations(io.BytesIO(compile_catalogue(lang)))
        out += [f"{lang}: {p}" for p in problems(entries, catalogue)]
    return out


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if command == "extract":
        for path in extract():
            print(f"wrote {path}")
        return 0
    if command == "compile":
        for path in compile_all():
            print(f"wrote {path}")
        return 0
    if command == "check":
        found = check()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)")
        return 1 if found else 0
    print("usage: python -m postlint.i18n extract|compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
