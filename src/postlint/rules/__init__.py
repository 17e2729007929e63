"""The rule registry: a plain mapping from code to :class:`Rule`.

Rules are found in the family modules listed in :data:`FAMILIES` and in
third-party modules exposed through the ``postlint.rules`` entry-point
group. A family module may also define ``OPTIONS``, a Pydantic model with a
``SECTION`` name: its config table (``[links]``, ``[tags]``...).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from pydantic import BaseModel

from postlint.rules.base import Rule

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config

FAMILIES = (
    "postlint.rules.input",
    "postlint.rules.frontmatter",
    "postlint.rules.links",
    "postlint.rules.tags",
    "postlint.rules.jobs",
    "postlint.rules.references",
    "postlint.rules.typography",
    "postlint.rules.setup",
)
ENTRY_POINT_GROUP = "postlint.rules"


class RegistryError(Exception):
    pass


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    sections: dict[str, type[BaseModel]] = field(default_factory=dict)

    def add_module(self, module: ModuleType) -> None:
        for value in vars(module).values():
            if isinstance(value, Rule):
                self.add(value)
        options = getattr(module, "OPTIONS", None)
        if isinstance(options, type) and issubclass(options, BaseModel):
            self.sections[getattr(options, "SECTION", options.__name__.lower())] = options

    def add(self, rule: Rule) -> None:
        other = self.rules.get(rule.code)
        if other is not None and other is not rule:
            raise RegistryError(f"rule code {rule.code} is used by both {other.name} and {rule.name}")
        self.rules[rule.code] = rule

    def get(self, code_or_name: str) -> Rule | None:
        wanted = code_or_name.strip()
        found = self.rules.get(wanted.upper())
        if found:
            return found
        return next((r for r in self.rules.values() if r.name == wanted.lower()), None)

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self.rules.values(), key=lambda r: r.code))


def validated_options(config: Config) -> dict[str, BaseModel]:
    """Every rule family's options for ``config``, validated once (a
    :class:`~postlint.config.ConfigError` says what is wrong, and where)."""
    from postlint.config import check_sections
    from postlint.schemas import check_schema_names

    options = check_sections(config, registry().sections)
    check_schema_names(config)
    check_selectors(config, registry())
    return options


def check_selectors(config: Config, reg: Registry) -> None:
    """Every rule named by ``select``, ``extend-select``, ``ignore``,
    ``per-file-ignores`` and ``severity`` exists: a typo would otherwise
    silently select or ignore nothing."""
    from postlint.config import ConfigError

    named: list[tuple[str, str]] = [("select", s) for s in config.select or []]
    named += [("extend-select", s) for s in config.extend_select]
    named += [("ignore", s) for s in config.ignore]
    named += [(f"per-file-ignores {glob!r}", s) for glob, codes in config.per_file_ignores.items() for s in codes]
    named += [("severity", s) for s in config.severity]
    from postlint.core.suppress import unknown_selector

    known = [(r.code, r.name) for r in reg]
    problems = [f"{where}: {why}" for where, sel in named if (why := unknown_selector(sel, known))]
    if problems:
        raise ConfigError("; ".join(problems), config.source or "configuration")


@lru_cache(maxsize=1)
def registry() -> Registry:
    reg = Registry()
    for name in FAMILIES:
        reg.add_module(importlib.import_module(name))
    for module in _plugin_modules():
        reg.add_module(module)
    return reg


def _plugin_modules() -> list[ModuleType]:
    from importlib.metadata import entry_points

    modules = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not take postlint down
            raise RegistryError(f"cannot load rule plugin {ep.name!r} ({ep.value}): {exc}") from None
        if isinstance(loaded, ModuleType):
            modules.append(loaded)
        else:
            holder = ModuleType(f"postlint_plugin_{ep.name}")
            for i, item in enumerate(loaded if isinstance(loaded, (list, tuple)) else [loaded]):
                setattr(holder, f"rule_{i}", item)
            modules.append(holder)
    return modules
