"""Front-matter schemas: built-in Pydantic models, declarative tables
compiled into models, and the site's own models (``"module:Class"``)."""

from __future__ import annotations

import functools
import importlib
import keyword
import re
import sys
from typing import TYPE_CHECKING, Annotated, Any, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

from postlint.schemas.types import (
    AssetPath,
    DateValue,
    Handle,
    HttpUrl,
    JsonSchemaExtra,
    KeySeverity,
    NonEmptyText,
    Reference,
)

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config, FieldSpec


class BaseFrontMatter(BaseModel):
    """Keys every Jekyll document may carry; none is required."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    layout: Optional[NonEmptyText] = None
    title: Optional[NonEmptyText] = None
    permalink: Optional[NonEmptyText] = None
    published: Optional[bool] = None


class PostFrontMatter(BaseFrontMatter):
    """A blog post (``_posts/``)."""

    date: Optional[DateValue] = None
    description: Optional[NonEmptyText] = None
    author: Optional[NonEmptyText] = None
    image: Optional[AssetPath] = None
    tags: Optional[list[Any] | str] = None
    categories: Optional[list[Any] | str] = None
    slug: Optional[NonEmptyText] = None


BUILTIN: dict[str, type[BaseModel]] = {
    "page": BaseFrontMatter,
    "post": PostFrontMatter,
}


def builtin_names() -> list[str]:
    return sorted(BUILTIN)


class SchemaError(Exception):
    pass


def check_schema_names(config: Config) -> None:
    """Every schema a ``[[files]]`` mapping or an ``extends`` names exists
    (a :class:`~postlint.config.ConfigError` with a did-you-mean)."""
    from postlint.config import ConfigError
    from postlint.core.suggest import closest

    known = sorted(set(config.schemas) | set(builtin_names()))
    where = config.source or "configuration"

    def guess(name: str) -> str:
        found = closest(name, known)
        return f" (did you mean {found!r}?)" if found else ""

    for mapping in config.files:
        name = mapping.schema_name
        if ":" not in name and name not in known:
            raise ConfigError(f"files: unknown schema {name!r}{guess(name)}", where)
    for name, spec in config.schemas.items():
        if spec.extends and ":" not in spec.extends and spec.extends not in known:
            raise ConfigError(f"schemas.{name}.extends: unknown schema {spec.extends!r}{guess(spec.extends)}", where)


def resolve(name: str, config: Config) -> type[BaseModel]:
    """The model for a schema name (built in, declared in config, or
    ``module:Class`` imported from the repo root), built anew: a run keeps
    its models in :class:`Schemas`."""
    return _build(name, config, ())


class Schemas:
    """The schema models of one configuration, each built once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._models: dict[str, type[BaseModel]] = {}

    def model(self, name: str) -> type[BaseModel]:
        """See :func:`resolve`; raises :class:`SchemaError`."""
        if name not in self._models:
            self._models[name] = resolve(name, self.config)
        return self._models[name]


def _build(name: str, config: Config, seen: tuple[str, ...]) -> type[BaseModel]:
    if name in seen:
        raise SchemaError(f"schema {name!r} extends itself")
    if name in config.schemas:
        spec = config.schemas[name]
        base = _build(spec.extends, config, (*seen, name)) if spec.extends else BaseFrontMatter
        return compile_schema(name, spec.fields, base)
    if name in BUILTIN:
        return BUILTIN[name]
    if ":" in name:
        return _import_model(name, config)
    raise SchemaError(f"unknown schema {name!r}")


def _import_model(ref: str, config: Config) -> type[BaseModel]:
    module_name, _, attr = ref.partition(":")
    root = str(config.root)
    sys.path.insert(0, root)
    try:
        module = importlib.import_module(module_name)
        model = getattr(module, attr)
    except Exception as exc:  # the site's code: any failure becomes a clear error
        raise SchemaError(f"cannot import schema {ref!r}: {exc}") from None
    finally:
        if sys.path and sys.path[0] == root:
            sys.path.pop(0)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaError(f"{ref!r} is not a Pydantic model")
    return model


_SIMPLE_TYPES: dict[str, Any] = {
    "any": Any,
    "text": NonEmptyText,
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": DateValue,
    "url": HttpUrl,
    "asset": AssetPath,
    "handle": Handle,
    "tags": list[NonEmptyText],
    "list": list[Any],
    "mapping": dict[str, Any],
    "reference": Union[NonEmptyText, list[NonEmptyText]],
}


def compile_schema(name: str, fields: dict[str, FieldSpec], base: type[BaseModel]) -> type[BaseModel]:
    """Turn a declarative schema table into a Pydantic model."""
    definitions: dict[str, Any] = {}
    for key, spec in fields.items():
        annotation = _annotation(spec)
        default: Any = ... if spec.required else None
        if not spec.required:
            annotation = Optional[annotation]
        pyname = key if key.isidentifier() and not keyword.iskeyword(key) else f"field_{len(definitions)}"
        definitions[pyname] = (annotation, Field(default=default, alias=key, description=spec.description))
    model_name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", name) if part) or "Schema"
    return create_model(model_name, __base__=base, **definitions)


def _annotation(spec: FieldSpec) -> Any:
    base = _SIMPLE_TYPES[spec.type]
    checks: list[Any] = []
    # Each check comes with its JSON Schema twin, so the exported schema
    # (`postlint schema`) accepts exactly what validation accepts.
    if spec.allowed is not None:
        checks += [AfterValidator(_allowed_check(spec.allowed)), JsonSchemaExtra.of(enum=list(spec.allowed))]
    if spec.pattern is not None:
        checks += [AfterValidator(_pattern_check(spec.pattern, spec.pattern_hint)), JsonSchemaExtra.of(pattern=spec.pattern)]
    if spec.min_length is not None or spec.max_length is not None:
        bounds = {"minLength": spec.min_length, "maxLength": spec.max_length}
        checks += [AfterValidator(_length_check(spec.min_length, spec.max_length)),
                   JsonSchemaExtra.of(**{k: v for k, v in bounds.items() if v is not None})]
    markers: list[Any] = [KeySeverity(spec.severity)] if spec.severity else []
    if spec.type == "reference":
        markers.append(Reference(spec.collection, spec.data, spec.url_field))
    if spec.type in ("tags", "list"):
        item = _SIMPLE_TYPES["text"] if spec.type == "tags" else Any
        if checks:
            item = _annotated(item, *checks)
        bounds = Field(min_length=spec.min_items, max_length=spec.max_items)
        return _annotated(list[item], bounds, *markers)  # type: ignore[valid-type]
    if not checks and not markers:
        return base
    return _annotated(base, *checks, *markers)


def _annotated(base: Any, *metadata: Any) -> Any:
    """``Annotated[base, *metadata]`` (the star form needs Python 3.11)."""
    return Annotated.__class_getitem__((base, *metadata))  # type: ignore[attr-defined]


def _allowed_check(allowed: list[Any]) -> Any:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise PydanticCustomError("not-allowed", "is not allowed", {"value": value, "allowed": list(allowed)})
        return value

    return check


def _pattern_check(pattern: str, hint: str | None) -> Any:
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and not compiled.search(value):
            raise PydanticCustomError(
                "pattern", "does not match", {"value": value, "pattern": pattern, "hint": hint or ""}
            )
        return value

    return check


def _length_check(minimum: int | None, maximum: int | None) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            if minimum is not None and len(value) < minimum:
                raise PydanticCustomError("too-short", "too short", {"length": len(value), "limit": minimum})
            if maximum is not None and len(value) > maximum:
                raise PydanticCustomError("too-long", "too long", {"length": len(value), "limit": maximum})
        return value

    return check


def key_severity(model: type[BaseModel], key: str) -> Any:
    """The per-key severity declared on a field, if any."""
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            for meta in field.metadata:
                if isinstance(meta, KeySeverity):
                    return meta.severity
            args = getattr(field.annotation, "__metadata__", ())
            for meta in args:
                if isinstance(meta, KeySeverity):
                    return meta.severity
    return None


def fields_marked(model: type[BaseModel], marker: type) -> list[str]:
    """Keys whose type carries a marker (e.g. :class:`AssetRef`)."""
    return list(_fields_marked(model, marker))


@functools.lru_cache(maxsize=256)
def _fields_marked(model: type[BaseModel], marker: type) -> tuple[str, ...]:
    # called for every post and field family: walking annotations each time showed in profiles
    found = []
    for name, field in model.model_fields.items():
        if _has_marker(field.annotation, marker) or any(isinstance(m, marker) for m in field.metadata):
            found.append(field.alias or name)
    return tuple(found)


def _has_marker(annotation: Any, marker: type) -> bool:
    import typing

    if any(isinstance(m, marker) for m in getattr(annotation, "__metadata__", ())):
        return True
    return any(_has_marker(arg, marker) for arg in typing.get_args(annotation))


def known_keys(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


@functools.lru_cache(maxsize=32)
def _adapter(field_type: str) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(_SIMPLE_TYPES[field_type])


def accepts(field_type: str, value: Any) -> bool:
    """Whether a declarative field of ``field_type`` (``"date"``, ``"url"``...)
    accepts ``value`` exactly as a schema would (``postlint init`` infers
    types with it, so an inferred type never rejects the values it came from)."""
    from pydantic import ValidationError

    try:
        _adapter(field_type).validate_python(value)
    except ValidationError:
        return False
    return True
