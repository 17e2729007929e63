"""Export front-matter schemas as JSON Schema, for editors.

The VS Code YAML extension, Front Matter CMS and other editors validate and
complete front matter from a JSON Schema. The schema exported here comes
from the very Pydantic model postlint validates with
(``model_json_schema()``); the field types of :mod:`postlint.schemas.types`
carry JSON Schema twins of their validators (patterns, enums, bounds) so
that a front matter is valid for the export exactly when postlint reports no
schema finding (PL101-PL103) for it.

YAML dates are not JSON values: :func:`to_json_value` turns them into the
ISO strings the exported ``pattern`` accepts, which is also how editors
that read YAML as JSON see them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from postlint.schemas import builtin_names, resolve

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class UnknownTarget(Exception):
    """Neither a schema name nor a path mapped to a schema."""


def schema_names(config: Config) -> list[str]:
    """Every schema a config can use: built-in ones and declared ones."""
    return sorted({*builtin_names(), *config.schemas})


def mappings(config: Config) -> list[tuple[list[str], str]]:
    """``(include globs, schema name)`` of each file mapping, first match first."""
    return [(list(m.include), m.schema_name) for m in config.files]


def schema_name_for(target: str, config: Config) -> str:
    """The schema a target names: a schema name, a file path, or a folder
    (``_posts``: the schema of the files directly in it)."""
    if target in config.schemas or target in builtin_names() or ":" in target:
        return target
    relpath = target.strip().strip("/").removeprefix("./")
    for candidate in (relpath, f"{relpath}/2000-01-01-example.md", f"{relpath}/example.md"):
        name = config.schema_for(candidate)
        if name is not None:
            return name
    raise UnknownTarget(target)


def unknown_keys_policy(name: str, config: Config) -> str:
    spec = config.schemas.get(name)
    return (spec.unknown_keys if spec else None) or config.unknown_keys


def export(name: str, config: Config) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the schema ``name``."""
    model = resolve(name, config)
    body = model.model_json_schema(by_alias=True, mode="validation")
    # Unknown keys are a postlint finding only when the policy says so:
    # whatever the model itself declares, the export follows the policy.
    body["additionalProperties"] = unknown_keys_policy(name, config) == "allow"
    spec = config.schemas.get(name)
    head: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT, "title": f"{name} front matter"}
    description = (spec.description if spec else None) or (model.__doc__ or "").strip()
    if description:
        head["description"] = description
    body.pop("title", None)
    body.pop("description", None)
    return {**head, **body}


def to_json_value(value: Any) -> Any:
    """A front matter as JSON sees it: YAML dates become ISO strings."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value
