"""Keeping the catalogues complete: extraction, compilation and checks.

Development tooling (needs Babel): ``python -m postlint.i18n
extract|compile|check``. Unlike the runtime half (:mod:`postlint.i18n`),
it reads the rule registry, to list every rule's summary and messages.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from postlint.i18n import DOMAIN, LOCALE_DIR, _load, compile_catalogue, mo_path, po_path

if TYPE_CHECKING:  # pragma: no cover
    from babel.messages.catalog import Catalog

    from postlint.rules.base import Rule

#: the package's source folder (``src/postlint``).
PACKAGE_DIR = Path(__file__).resolve().parent.parent


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
    package = PACKAGE_DIR
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
    package = PACKAGE_DIR
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
        return (file.relative_to(PACKAGE_DIR.parent).as_posix()
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
