"""MkDocs hook: the documentation pages that are generated from the code.

Rule pages come from the rule registry (plugins included), the
configuration reference from the Pydantic config models, the presets page
from the preset files. They are built with the site and never committed,
so they cannot drift from the code: adding a rule adds its page.

``mkdocs.yml`` names this file under ``hooks:``; the tests import it.
"""

from __future__ import annotations

import typing
from importlib import resources
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

#: the nav section whose entries are the generated rule pages.
RULES_SECTION = "Rules"
#: the same for the French rule pages: the "Règles" entry of the "Français" section.
FR_SECTION = "Français"
FR_RULES_SECTION = "Règles"

#: What each configuration key means. A key missing here shows up as
#: "(undocumented)" and fails the docs test: document new keys here.
DESCRIPTIONS: dict[str, str] = {
    "Config.preset": "Presets to start from (`jekyll`, `eig`); your keys override theirs.",
    "Config.lang": "Language of the messages (`en` or `fr`); default: from the environment.",
    "Config.select": "Only these rules (codes, code prefixes such as `PL1`, or names); default: every rule enabled by default.",
    "Config.extend-select": "Rules to add to the selection, e.g. opt-in rules.",
    "Config.ignore": "Rules to switch off.",
    "Config.exclude": "Files and folders not to check (globs from the repository root).",
    "Config.per-file-ignores": "Rules to switch off for some files: `{\"_posts/2018-*\" = [\"PL104\"]}`.",
    "Config.severity": "Change a rule's severity: `{PL103 = \"error\"}`.",
    "Config.unknown-keys": "What to do with front-matter keys no schema declares: `allow`, `warn` or `error`.",
    "Config.files": "Which schema validates which files (`[[files]]` tables, first match wins).",
    "Config.schemas": "Declarative front-matter schemas (`[schemas.NAME]` tables).",
    "Config.max-file-size": "Files larger than this (in bytes) are reported, not read.",
    "Config.baseline": "A baseline file (from the root, e.g. `.postlint-baseline.json`): the findings it lists are not reported; write it with `postlint check --update-baseline`.",
    "Config.engine": "How a run checks files (`[engine]` table).",
    "EngineOptions.rule-time-budget": "Seconds one rule may spend on one file before it is stopped there and reported (PL018); `0`: no bound.",
    "EngineOptions.max-findings-per-rule": "Findings of one rule listed on one file; the rest are counted in one finding (PL022); `0`: list them all.",
    "FileMapping.include": "Globs of the files this mapping applies to (`*` within a folder, `**` across folders).",
    "FileMapping.schema": "The schema's name: built in (`post`, `page`), declared under `[schemas]`, or `module:Class`.",
    "FileMapping.exclude": "Globs of files to leave out (e.g. drafts: `**/_*.md`).",
    "SchemaSpec.extends": "The schema this one builds on (its keys are kept).",
    "SchemaSpec.unknown-keys": "Overrides the global `unknown-keys` for this schema.",
    "SchemaSpec.fields": "The keys of the schema (`[schemas.NAME.fields.KEY]` tables).",
    "SchemaSpec.description": "What the schema is for (shown in editors through `postlint schema`).",
    "FieldSpec.type": "The kind of value.",
    "FieldSpec.required": "Whether the key must be present.",
    "FieldSpec.allowed": "The only values allowed (for a `tags` list: for each item).",
    "FieldSpec.collection": "With `type = \"reference\"`: the collection whose item the value names (`startups` for `_startups/<value>.md`).",
    "FieldSpec.data": "With `type = \"reference\"`: the data file whose top-level key the value names (`_data/personnes.yml`).",
    "FieldSpec.url-field": "With `data`: the key of the data entry that must equal this page's published URL (`link_to`).",
    "FieldSpec.pattern": "A regular expression the value must contain a match of (anchor it with `^…$`).",
    "FieldSpec.pattern-hint": "What the pattern means, in an editor's words; used in the message.",
    "FieldSpec.min-items": "Fewest items of a list.",
    "FieldSpec.max-items": "Most items of a list.",
    "FieldSpec.min-length": "Fewest characters of a text.",
    "FieldSpec.max-length": "Most characters of a text.",
    "FieldSpec.severity": "Severity of the findings about this key.",
    "FieldSpec.description": "What the key is for (shown in editors through `postlint schema`).",
}


# -- rules ----------------------------------------------------------------------
def _rules() -> list[Any]:
    from postlint.rules import registry

    return list(registry())


def rule_page(rule: Any) -> str:
    enabled = "yes" if rule.default_enabled else "no (opt-in: add it to `extend-select`)"
    french = [f"[Version française](../fr/rules/{rule.code}.md)", ""] if rule.code in french_explanations() else []
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"*{rule.summary}*",
        "",
        *french,
        "| | |",
        "| --- | --- |",
        f"| Severity | {rule.severity.value} |",
        f"| Enabled by default | {enabled} |",
        f"| Automatic fix | {'yes (`postlint check --fix`)' if rule.fixable else 'no'} |",
        f"| Scope | {'each file' if rule.scope == 'post' else 'the whole repository'} |",
        "",
        rule.explanation.strip(),
        "",
        "## Messages",
        "",
        *[f"- `{template}`" for template in rule.messages.values()],
        "",
        "## Configuration",
        "",
        "```toml",
        f'ignore = ["{rule.code}"]            # switch it off',
        f'per-file-ignores = {{"_posts/2018-*" = ["{rule.name}"]}}',
        f'severity = {{{rule.code} = "warning"}}  # change its severity',
        "```",
        "",
        f"Inline: `<!-- postlint-disable {rule.code} -->`.",
        "",
    ]
    return "\n".join(lines)


def rules_index(rules: list[Any]) -> str:
    lines = [
        "# Rules",
        "",
        "Every rule postlint knows, plugins included. `postlint rules` prints",
        "this list; `postlint rule CODE` explains one rule in the terminal.",
        "",
        "| Code | Name | Severity | Summary |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        opt_in = " (opt-in)" if not rule.default_enabled else ""
        lines.append(f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {rule.severity.value}{opt_in} | {rule.summary} |")
    return "\n".join(lines) + "\n"


def rule_pages() -> dict[str, str]:
    rules = _rules()
    pages = {f"rules/{rule.code}.md": rule_page(rule) for rule in rules}
    pages["rules/index.md"] = rules_index(rules)
    return pages


# -- French rule pages ------------------------------------------------------------
# The explanations are translated by hand in src/postlint/locales/fr/rules/
# (<CODE>.md; summaries come from the message catalogue); tests/test_fr_docs.py
# keeps them complete.
# A rule without a French file simply has no French page yet.
_NBSP = "\u00a0"
_FR_SEVERITY = {"error": "erreur", "warning": "avertissement", "info": "information"}


def _french_dir() -> Any:
    return resources.files("postlint") / "locales" / "fr" / "rules"


def french_explanations() -> dict[str, str]:
    """Code -> French explanation (Markdown), for the rules translated so far."""
    folder = _french_dir()
    if not folder.is_dir():
        return {}
    return {
        entry.name[: -len(".md")]: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".md")
    }


def french_summaries() -> dict[str, str]:
    """Code -> French summary, from the message catalogue (one source)."""
    from postlint.i18n import rule_summary
    from postlint.rules import registry

    return {rule.code: rule_summary(rule, "fr") for rule in registry()}


def french_rule_page(rule: Any, explanation: str, summary: str) -> str:
    severity = _FR_SEVERITY.get(rule.severity.value, rule.severity.value)
    enabled = "oui" if rule.default_enabled else f"non (facultative{_NBSP}: ajoutez-la à `extend-select`)"
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"*{summary}*",
        "",
        f"[English version](../../rules/{rule.code}.md)",
        "",
        "| | |",
        "| --- | --- |",
        f"| Gravité | {severity} |",
        f"| Activée par défaut | {enabled} |",
        f"| Correction automatique | {'oui (`postlint check --fix`)' if rule.fixable else 'non'} |",
        f"| Portée | {'chaque fichier' if rule.scope == 'post' else 'tout le dépôt'} |",
        "",
        explanation.strip(),
        "",
        "## Réglages",
        "",
        "Dans `postlint.toml`, à la racine du site" + _NBSP + ":",
        "",
        "```toml",
        f'ignore = ["{rule.code}"]            # la désactiver',
        f'per-file-ignores = {{"_posts/2018-*" = ["{rule.name}"]}}',
        f'severity = {{{rule.code} = "warning"}}  # changer sa gravité',
        "```",
        "",
        f"Dans un article{_NBSP}: `<!-- postlint-disable {rule.code} -->` "
        "(voir [Faire taire une règle](../index.md#faire-taire-une-regle-dans-un-article)).",
        "",
    ]
    return "\n".join(lines)


def french_rules_index(rules: list[Any], explanations: dict[str, str], summaries: dict[str, str]) -> str:
    lines = [
        "# Règles",
        "",
        "Toutes les règles de postlint, extensions comprises. Dans le terminal,",
        f"`postlint rules` affiche cette liste et `postlint rule CODE` explique une règle{_NBSP};",
        "ajoutez `--lang fr` pour lire les messages en français.",
        "",
        "| Code | Nom | Gravité | Résumé |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        severity = _FR_SEVERITY.get(rule.severity.value, rule.severity.value)
        opt_in = " (facultative)" if not rule.default_enabled else ""
        if rule.code in explanations:
            target, summary = f"{rule.code}.md", summaries.get(rule.code, rule.summary)
        else:  # not translated yet: the English page
            target, summary = f"../../rules/{rule.code}.md", f"{rule.summary} (en anglais)"
        lines.append(f"| [{rule.code}]({target}) | `{rule.name}` | {severity}{opt_in} | {summary} |")
    return "\n".join(lines) + "\n"


def french_rule_pages() -> dict[str, str]:
    rules = _rules()
    explanations, summaries = french_explanations(), french_summaries()
    pages = {
        f"fr/rules/{rule.code}.md": french_rule_page(rule, explanations[rule.code], summaries.get(rule.code, rule.summary))
        for rule in rules
        if rule.code in explanations
    }
    pages["fr/rules/index.md"] = french_rules_index(rules, explanations, summaries)
    return pages


# -- configuration reference ------------------------------------------------------
def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Literal:
        return " / ".join(f"`{a!r}`".replace("'", '"') for a in args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is dict:
        return f"table of {_type_name(args[1])}" if args else "table"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "text", int: "integer", bool: "boolean", float: "number"}
    if annotation in names:
        return names[annotation]
    return getattr(annotation, "__name__", str(annotation))


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
    if value is None or value is PydanticUndefined:
        return "—"
    if hasattr(value, "value"):
        value = value.value
    return f"`{value!r}`".replace("'", '"')


def _model_table(model: type[BaseModel], heading: str, intro: str, missing: str = "(undocumented)") -> list[str]:
    lines = [f"## {heading}", "", intro, "", "| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        key = field.alias or name.replace("_", "-")
        meaning = DESCRIPTIONS.get(f"{model.__name__}.{key}") or field.description or missing
        lines.append(f"| `{key}` | {_type_name(field.annotation)} | {_default(field)} | {meaning} |")
    return [*lines, ""]


def config_reference() -> str:
    from postlint.config import Config, EngineOptions, FieldSpec, FileMapping, SchemaSpec
    from postlint.rules import registry

    lines = [
        "# Configuration reference",
        "",
        "postlint reads `postlint.toml` or `.postlint.toml` (top-level keys) or the",
        "`[tool.postlint]` table of `pyproject.toml`, the first found walking up from",
        "the checked path; its folder is the repository root. This page is generated",
        "from the configuration model: it is always complete.",
        "",
    ]
    lines += _model_table(Config, "config", "Top-level keys.")
    lines += _model_table(EngineOptions, "engineoptions", "The `[engine]` table.")
    lines += _model_table(FileMapping, "filemapping", "A `[[files]]` table.")
    lines += _model_table(SchemaSpec, "schemaspec", "A `[schemas.NAME]` table.")
    lines += _model_table(FieldSpec, "fieldspec", "A `[schemas.NAME.fields.KEY]` table.")
    documented = {Config, EngineOptions, FileMapping, SchemaSpec, FieldSpec}
    for section, model in sorted(registry().sections.items()):
        # rule families document their options with Field(description=...)
        lines += _model_table(model, f"[{section}]", f"Options of the `{section}` rules.", missing="—")
        for nested in _nested_models(model):
            if nested not in documented:
                documented.add(nested)
                lines += _model_table(nested, nested.__name__.lower(), f"A table inside `[{section}]`.", missing="—")
    return "\n".join(lines)


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Models used by a model's fields, depth first (they get linked)."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for field in annotation.model_fields.values():
                    visit(field.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    for field in model.model_fields.values():
        visit(field.annotation)
    return found


# -- presets ----------------------------------------------------------------------
def presets_page() -> str:
    from postlint.config import preset_names

    lines = [
        "# Presets",
        "",
        "A preset is a configuration shipped with postlint. Name it in your",
        '`postlint.toml` (`preset = "eig"`) and override what you need: your keys',
        "win, and `[[files]]` mappings and `extend-select` add up.",
        "",
    ]
    for name in preset_names():
        text = (resources.files("postlint.presets") / f"{name}.toml").read_text(encoding="utf-8")
        lines += [f"## `{name}`", "", "```toml", text.rstrip(), "```", ""]
    return "\n".join(lines)


def generated_pages() -> dict[str, str]:
    return {
        **rule_pages(),
        **french_rule_pages(),
        "reference/configuration.md": config_reference(),
        "presets.md": presets_page(),
    }


# -- MkDocs hooks -----------------------------------------------------------------
def on_config(config: Any, **kwargs: Any) -> Any:
    nav = config.get("nav") or []
    for item in nav:
        if isinstance(item, dict) and RULES_SECTION in item:
            item[RULES_SECTION] = ["rules/index.md", *({f"{r.code} {r.name}": f"rules/{r.code}.md"} for r in _rules())]
        if isinstance(item, dict) and isinstance(item.get(FR_SECTION), list):
            _fill_french_rules(item[FR_SECTION])
    return config


def _fill_french_rules(section: list[Any]) -> None:
    translated = french_explanations()
    pages = [{f"{r.code} {r.name}": f"fr/rules/{r.code}.md"} for r in _rules() if r.code in translated]
    for item in section:
        if isinstance(item, dict) and FR_RULES_SECTION in item:
            item[FR_RULES_SECTION] = ["fr/rules/index.md", *pages]


def on_files(files: Any, *, config: Any, **kwargs: Any) -> Any:
    from mkdocs.structure.files import File

    for path, content in generated_pages().items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files
