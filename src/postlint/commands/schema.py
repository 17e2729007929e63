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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from postlint.schemas import builtin_names, resolve

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: what remark-lint-frontmatter-schema, ajv's default and older editors read.
DRAFT_7_DIALECT = "http://json-schema.org/draft-07/schema#"
DRAFTS = {"2020-12": JSON_SCHEMA_DIALECT, "7": DRAFT_7_DIALECT}


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


def allowed_tags(config: Config) -> tuple[str, list[str]] | None:
    """``(tags key, allowed tags)`` when the site has a tag vocabulary and
    checks tags against it (PL301 enabled)."""
    from postlint.engine.run import Run
    from postlint.rules import registry
    from postlint.rules.tags.options import TagsOptions
    from postlint.rules.tags.uses import vocabulary

    unknown_tag = registry().get("PL301")
    if unknown_tag is None or not config.is_enabled(unknown_tag):
        return None  # no run to build: the tags are not checked against a list
    with Run(config) as run:
        allowed = list(vocabulary(run.shared))
        return (run.shared.options_for(TagsOptions).field, allowed) if allowed else None


def unknown_keys_policy(name: str, config: Config) -> str:
    spec = config.schemas.get(name)
    return (spec.unknown_keys if spec else None) or config.unknown_keys


def export(name: str, config: Config, *, draft: str = "2020-12",
           tags: tuple[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema of the schema ``name``, in draft 2020-12 or 7.

    ``tags``: ``(key, allowed tags)``; when the schema has that key, its
    list items must be one of the allowed tags (an editor completes them;
    postlint reports another tag as PL301, a warning)."""
    if draft not in DRAFTS:
        raise ValueError(f"unknown JSON Schema draft {draft!r}")
    model = resolve(name, config)
    body = model.model_json_schema(by_alias=True, mode="validation")
    properties = body.get("properties", {})
    if tags is not None and tags[1] and tags[0] in properties:
        properties[tags[0]] = {"allOf": [properties[tags[0]], {"items": {"enum": sorted(tags[1])}}]}
    # Unknown keys are a postlint finding only when the policy says so:
    # whatever the model itself declares, the export follows the policy.
    body["additionalProperties"] = unknown_keys_policy(name, config) == "allow"
    spec = config.schemas.get(name)
    head: dict[str, Any] = {"$schema": DRAFTS[draft], "title": f"{name} front matter"}
    description = (spec.description if spec else None) or (model.__doc__ or "").strip()
    if description:
        head["description"] = description
    body.pop("title", None)
    body.pop("description", None)
    if draft == "7":
        body = to_draft_7(body)
    return {**head, **body}


def to_draft_7(node: Any) -> Any:
    """A 2020-12 schema as draft 7 says it: ``$defs`` become ``definitions``,
    ``prefixItems`` the array form of ``items``, and a ``$ref`` with
    siblings moves into ``allOf`` (draft 7 ignores a ``$ref``'s siblings)."""
    if isinstance(node, list):
        return [to_draft_7(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = {k: to_draft_7(v) for k, v in value.items()}
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/", 1)
        elif key == "prefixItems":
            out["items"] = to_draft_7(value)
            if "items" in node:
                out["additionalItems"] = to_draft_7(node["items"])
        elif key == "items" and "prefixItems" in node:
            continue
        elif key == "dependentRequired":
            out["dependencies"] = value
        elif key in ("enum", "const", "default", "examples"):
            out[key] = value  # values, not schemas
        elif key in ("properties", "patternProperties"):
            out[key] = {k: to_draft_7(v) for k, v in value.items()}
        else:
            out[key] = to_draft_7(value)
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}, *out.get("allOf", [])]
    return out


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
