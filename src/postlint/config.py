"""Configuration: the Pydantic model, discovery, presets and merging.

Configuration lives in ``postlint.toml`` or ``.postlint.toml`` (top-level
keys) or in ``[tool.postlint]`` of ``pyproject.toml``; the first one found
walking up from the linted path wins and its folder is the repo root.
Presets are TOML files shipped in ``postlint/presets``; a config names one
with ``preset = "eig"`` and overrides what it wants.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from postlint.core.diagnostics import Severity
from postlint.core.globs import glob_match
from postlint.core.suggest import closest

if TYPE_CHECKING:  # pragma: no cover
    from postlint.rules.base import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = ("postlint.toml", ".postlint.toml", "pyproject.toml")
_PRESET_NAME = re.compile(r"[A-Za-z0-9_-]+")
UnknownKeys = Literal["allow", "warn", "error"]
ModelT = TypeVar("ModelT", bound=BaseModel)


def _inside_repository(value: str) -> str:
    """A path of the configuration names a file of the repository: relative
    to its root (a leading ``/`` means the root too), never climbing out."""
    parts = value.replace("\\", "/").split("/")
    if ".." in parts or (len(value) > 1 and value[1] == ":"):
        raise ValueError("must be a path inside the repository, from its root (without ..)")
    return value


#: a file of the repository named in the configuration (``vocabulary-data``...).
RepoPath = Annotated[str, AfterValidator(_inside_repository)]


def repo_file(value: str) -> str:
    """The repo-relative form of a :data:`RepoPath`."""
    return value.replace("\\", "/").strip("/")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class StrictModel(BaseModel):
    """Config tables: kebab-case keys, unknown keys refused (with a hint)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True,
                              defer_build=True)


FieldType = Literal[
    "any", "text", "string", "integer", "number", "boolean", "date", "url", "asset", "handle", "tags", "list", "mapping",
    "reference",
]


class FieldSpec(StrictModel):
    """One front-matter key of a declarative schema."""

    type: FieldType = "any"
    required: bool = False
    allowed: list[Any] | None = None
    pattern: str | None = None
    #: what the pattern means, in the editor's words ("starts with /img/ or http")
    pattern_hint: str | None = None
    min_items: int | None = Field(default=None, ge=0)
    max_items: int | None = Field(default=None, ge=0)
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=0)
    severity: Severity | None = None
    description: str | None = None
    #: for ``type = "reference"``: the collection (``startups``) or data file
    #: (``_data/personnes.yml``) the value names, and the data entry's field
    #: that must equal this page's URL.
    collection: str | None = None
    data: RepoPath | None = None
    url_field: str | None = None

    @model_validator(mode="after")
    def _pattern_compiles(self) -> FieldSpec:
        if self.type == "reference" and (self.collection is None) == (self.data is None):
            raise ValueError("a reference names either a collection or a data file (collection = ... or data = ...)")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern {self.pattern!r} is not a valid regular expression: {exc}") from None
        return self


class SchemaSpec(StrictModel):
    """A declarative schema, compiled into a Pydantic model."""

    extends: str | None = "post"
    unknown_keys: UnknownKeys | None = None
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    description: str | None = None


class FileMapping(StrictModel):
    """Which files a schema validates."""

    include: list[str]
    schema_name: str = Field(alias="schema")
    exclude: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _one_glob(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("include"), str):
            data = {**data, "include": [data["include"]]}
        return data


class EngineOptions(StrictModel):
    """``[engine]``: how a run checks files."""

    #: seconds one rule may spend on one file before it is stopped there
    #: (reported as PL018); 0 switches the bound off.
    rule_time_budget: float = Field(default=5.0, ge=0)
    #: findings of one rule listed on one file; the rest are counted in one
    #: PL022 finding (a file with 30,000 of one mistake must not take
    #: gigabytes to report); 0 lists them all.
    max_findings_per_rule: int = Field(default=500, ge=0)


class Config(StrictModel):
    """The effective configuration of a run (after presets are merged)."""

    root: Path = Field(default_factory=Path.cwd, exclude=True)
    source: Path | None = Field(default=None, exclude=True)
    preset: list[str] = Field(default_factory=list)
    lang: Literal["en", "fr"] | None = None
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    unknown_keys: UnknownKeys = "allow"
    files: list[FileMapping] = Field(default_factory=list)
    schemas: dict[str, SchemaSpec] = Field(default_factory=dict)
    max_file_size: int = Field(default=1024 * 1024, gt=0)
    #: the baseline file (relative to the root): findings it lists are not reported.
    baseline: str | None = None
    engine: EngineOptions = Field(default_factory=EngineOptions)
    #: the tables of rule families (``[links]``, ``[tags]``...), validated by
    #: each family's own options model.
    sections: dict[str, dict[str, Any]] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _collect_sections(cls, data: Any) -> Any:
        """Tables that are not keys of the config are rule families'
        options (``[links]``); :func:`check_sections` validates them."""
        if not isinstance(data, dict):
            return data
        own = {name for name in cls.model_fields} | {f.alias for f in cls.model_fields.values() if f.alias}
        data = dict(data)
        sections = dict(data.pop("sections", {}) or {})
        for key in list(data):
            if key not in own and isinstance(data[key], dict):
                sections[key] = data.pop(key)
        data["sections"] = sections
        if isinstance(data.get("preset"), str):
            data["preset"] = [data["preset"]]
        return data

    # -- questions rules and the engine ask ----------------------------------
    def is_enabled(self, rule: Rule) -> bool:
        if self.select is None:
            enabled = rule.default_enabled
        else:
            enabled = _matches_any(rule, self.select)
        if not enabled and _matches_any(rule, self.extend_select):
            enabled = True
        return enabled and not _matches_any(rule, self.ignore)

    def severity_for(self, rule: Rule) -> Severity:
        best: tuple[int, Severity] | None = None
        for selector, severity in self.severity.items():
            weight = _selector_weight(rule, selector)
            if weight and (best is None or weight > best[0]):
                best = (weight, severity)
        return best[1] if best else rule.severity

    def ignored_in(self, relpath: str) -> list[str]:
        """Codes switched off for a file by ``per-file-ignores``."""
        return [c for pattern, codes in self.per_file_ignores.items() if glob_match(relpath, pattern) for c in codes]

    def is_excluded(self, relpath: str) -> bool:
        return any(glob_match(relpath, pattern) for pattern in self.exclude)

    def schema_for(self, relpath: str) -> str | None:
        for mapping in self.files:
            if any(glob_match(relpath, g) for g in mapping.include) and not any(
                glob_match(relpath, g) for g in mapping.exclude
            ):
                return mapping.schema_name
        return None

    def baseline_path(self) -> Path | None:
        """The configured baseline file, which must lie inside the root."""
        if not self.baseline:
            return None
        path = (self.root / self.baseline).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ConfigError(f"baseline = {self.baseline!r} points outside the repository ({self.root})",
                              self.source)
        return path

    def section(self, model: type[ModelT]) -> ModelT:
        """A rule family's options, validated (defaults when absent)."""
        name = getattr(model, "SECTION", None) or model.__name__.lower()
        return model.model_validate(self.sections.get(name, {}))


def _selector_weight(rule: Rule, selector: str) -> int:
    """How specifically a selector names a rule (0: not at all)."""
    if selector == rule.name or selector == rule.code:
        return 100
    if selector.upper() == "ALL":
        return 1
    if rule.code.startswith(selector.upper()):
        return 1 + len(selector)
    return 0


def _matches_any(rule: Rule, selectors: list[str]) -> bool:
    return any(_selector_weight(rule, s) for s in selectors)


# -- loading -------------------------------------------------------------------
class ConfigError(Exception):
    """A configuration file or option is wrong; the message says where and how."""

    def __init__(self, message: str, source: Path | str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


def _folder_of(start: Path) -> Path:
    """The folder a path is in (itself for a folder); a symbolic link to a
    file elsewhere is in the folder of the link, not of its target."""
    return start.resolve() if start.is_dir() else start.absolute().parent.resolve()


def find_config_file(start: Path) -> Path | None:
    folder = _folder_of(start)
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def config_files_in(folder: Path) -> list[Path]:
    """The configuration files of ``folder`` itself (not its parents), in
    the order :func:`find_config_file` prefers them."""
    found = []
    for name in CONFIG_FILES:
        path = folder / name
        if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
            found.append(path)
    return found


def find_root(start: Path) -> Path:
    """Without a config file: the nearest folder holding ``_config.yml`` or
    ``.git``, else the starting folder."""
    folder = _folder_of(start)
    for candidate in (folder, *folder.parents):
        if (candidate / "_config.yml").is_file() or (candidate / ".git").exists():
            return candidate
    return folder


def _has_tool_table(path: Path) -> bool:
    try:
        return "postlint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return True  # report the broken file rather than skip it


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path) from None


def read_config_table(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("postlint", {})
        if not isinstance(data, dict):
            raise ConfigError("[tool.postlint] must be a table", path)
    return data


def preset_names() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files("postlint.presets").iterdir() if p.name.endswith(".toml"))


def read_preset(name: str) -> dict[str, Any]:
    # only plain names: a preset is a file shipped with postlint, not a path
    resource = resources.files("postlint.presets") / f"{name}.toml" if _PRESET_NAME.fullmatch(name) else None
    if resource is None or not resource.is_file():
        raise ConfigError(
            f"preset: unknown preset {name!r}{_did_you_mean(name, preset_names())}; presets: {', '.join(preset_names())}"
        )
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    return data


def _expand_presets(table: dict[str, Any], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """A table merged over the presets it names (recursively)."""
    names = table.get("preset") or []
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError("preset: should be a preset name or a list of names, such as \"eig\"")
    merged: dict[str, Any] = {}
    for name in names:
        if name in seen:
            raise ConfigError(f"preset {name!r} includes itself")
        merged = merge_tables(merged, _expand_presets(read_preset(name), (*seen, name)))
    merged = merge_tables(merged, {k: v for k, v in table.items() if k != "preset"})
    merged["preset"] = [*seen[-1:], *names] if seen else names
    return merged


def merge_tables(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep merge of tables; lists are replaced, except ``extend-select``
    and ``files``, which accumulate (later mappings win by coming first)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_tables(out[key], value)
        elif key in ("extend-select", "extend_select") and isinstance(out.get(key), list):
            out[key] = [*out[key], *value]
        elif key == "files" and isinstance(out.get(key), list):
            out[key] = [*value, *out[key]]
        else:
            out[key] = value
    return out


def read_config(
    start: Path | str | None = None,
    *,
    config_file: Path | str | None = None,
    preset: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Config:
    """Find, read, merge and validate the configuration for ``start``.

    The rule families' tables are validated by their own models
    (:func:`check_sections`, with the registry's models: see
    :func:`postlint.rules.validated_options`)."""
    start_path = Path(start) if start is not None else Path.cwd()
    source = Path(config_file) if config_file else find_config_file(start_path if start_path.exists() else Path.cwd())
    if config_file and not Path(config_file).is_file():
        raise ConfigError("configuration file not found", config_file)
    table = read_config_table(source) if source else {}
    if preset:
        names = table.get("preset") or []
        names = [names] if isinstance(names, str) else list(names)
        table = {**table, "preset": [*names, preset] if preset not in names else names}
    try:
        expanded = _expand_presets(table)
    except ConfigError as exc:
        if exc.source is None and source is not None:
            raise ConfigError(str(exc), source) from None
        raise
    if overrides:
        expanded = merge_tables(expanded, overrides)
    root = source.parent.resolve() if source else find_root(start_path if start_path.exists() else Path.cwd())
    return validate_config(expanded, root=root, source=source)


def validate_config(table: dict[str, Any], *, root: Path, source: Path | None = None) -> Config:
    try:
        return Config.model_validate({**table, "root": root, "source": source})
    except ValidationError as exc:
        raise ConfigError(_explain(exc, table), source or "configuration") from None


def check_sections(config: Config, models: Mapping[str, type[BaseModel]]) -> dict[str, BaseModel]:
    """Validate each rule family's table with its model; an unknown table
    is an error with a did-you-mean. Returns the validated options by name
    (defaults for the tables that are absent)."""
    where = config.source or "configuration"
    for name in config.sections:
        if name not in models:
            known = sorted({*_known_keys((), Config), *models})
            raise ConfigError(f"unknown key {name!r}{_did_you_mean(name, known)}", where)
    validated: dict[str, BaseModel] = {}
    for name, model in models.items():
        raw = config.sections.get(name, {})
        try:
            validated[name] = model.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(_explain(exc, raw, prefix=f"[{name}] ", model=model), where) from None
    return validated


def _explain(
    exc: ValidationError, table: dict[str, Any], prefix: str = "", model: type[BaseModel] | None = None,
) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        if err["type"] == "extra_forbidden":
            parent = err["loc"][:-1]
            known = _known_keys(parent, model or Config)
            key = str(err["loc"][-1])
            lines.append(f"{prefix}unknown key {loc!r}{_did_you_mean(key, known)}")
        else:
            lines.append(f"{prefix}{loc}: {in_editor_words(err['msg'])}")
    return "; ".join(lines)


_VALIDATION_JARGON = (
    (re.compile(r"^(?:Value error|Assertion failed), "), ""),
    (re.compile(r"\s*\[type=[^\]]*\]"), ""),  # Pydantic's own trailer
    (re.compile(r",? or (?:an )?instance of [\w.]+"), ""),  # class names mean nothing to an editor
    (re.compile(r"\b(?:a valid )?dictionary\b"), "a set of `key: value` lines"),
    (re.compile(r"^Input should be\b"), "should be"),
    (re.compile(r"^Input\b"), "the value"),
    (re.compile(r"\bField required\b"), "required"),
)


def in_editor_words(message: str) -> str:
    """A validation message without Pydantic's jargon (its prefixes, type
    names, ``dictionary``): what an editor of the file can act on."""
    for pattern, plain in _VALIDATION_JARGON:
        message = pattern.sub(plain, message)
    return message


def _known_keys(loc: tuple[Any, ...], model: type[BaseModel]) -> list[str]:
    """The keys allowed in the table at ``loc`` of ``model`` (for
    did-you-mean hints): Config, or a rule family's options model."""
    import typing

    parts = [p for p in loc if not isinstance(p, int)]
    i = 0
    while i < len(parts):
        field = model.model_fields.get(str(parts[i]).replace("-", "_"))
        nested = _model_in(field.annotation) if field else None
        if field is None or nested is None:
            return []
        if typing.get_origin(field.annotation) is dict:
            i += 1  # the next part is a key of the dict, not a field
        model = nested
        i += 1
    return [f.alias or n for n, f in model.model_fields.items() if not f.exclude]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _did_you_mean(word: str, candidates: list[str]) -> str:
    match = closest(word, candidates)
    return f" (did you mean {match!r}?)" if match else ""


def env_lang() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return value.split("_")[0].split(".")[0].lower() or None
    return None
