"""``defaults:`` of ``_config.yml``: the values Jekyll merges beneath a file's front matter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from postlint.core.globs import translate
from postlint.jekyll.config import DefaultsScope, SiteConfig, clean_path, within_collections_dir
from postlint.jekyll.reader import Kind, SourceKind, classify


def effective_front_matter(
    relpath: str, front_matter: Mapping[str, Any], cfg: SiteConfig, kind: SourceKind | None = None
) -> dict[str, Any]:
    """Front matter with ``defaults:`` merged beneath it, as Jekyll sees the file."""
    kind = kind or classify(relpath, cfg, has_front_matter=True)
    path = clean_path(relpath)
    if kind.is_document or (kind.kind is Kind.STATIC and kind.collection):
        path = within_collections_dir(path, cfg) or path
    return _deep_merge(defaults_for(path, _defaults_type(kind), cfg), front_matter)


def defaults_for(path: str, kind: str | None, cfg: SiteConfig) -> dict[str, Any]:
    """FrontmatterDefaults#all: the values of every scope covering ``path`` of type ``kind``."""
    merged: dict[str, Any] = {}
    previous: DefaultsScope | None = None
    for scope in cfg.defaults:
        if not _scope_applies(scope, path, kind, cfg):
            continue
        if _has_precedence(previous, scope):
            merged = _deep_merge(merged, scope.values)
            previous = scope
        else:
            merged = _deep_merge(scope.values, merged)
    return merged


def _defaults_type(kind: SourceKind) -> str | None:
    if kind.is_document:
        return kind.collection
    if kind.kind is Kind.PAGE:
        return "pages"
    return kind.collection


def _scope_applies(scope: DefaultsScope, path: str, kind: str | None, cfg: SiteConfig) -> bool:
    if scope.type is not None and scope.type != kind:
        return False
    scope_path = _sanitize_scope(scope.path)
    if not scope_path:
        return True
    if cfg.collections_dir and scope_path.startswith(cfg.collections_dir + "/"):
        scope_path = scope_path[len(cfg.collections_dir) + 1 :]
    if "*" in scope_path:
        pattern = _glob_regex(scope_path)
        prefixes = path.split("/")
        return any(pattern.fullmatch("/".join(prefixes[:n])) for n in range(1, len(prefixes) + 1))
    # Jekyll compares strings, so scope "en" also covers "enfants.md".
    return path.startswith(scope_path)


def _sanitize_scope(path: str) -> str:
    return path[1:].rstrip("/") if path.startswith("/") else path


def _glob_regex(glob: str) -> re.Pattern[str]:
    return re.compile(translate(glob))


def _has_precedence(old: DefaultsScope | None, new: DefaultsScope) -> bool:
    if old is None:
        return True
    new_path, old_path = _sanitize_scope(new.path), _sanitize_scope(old.path)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if new.type is not None:
        return True
    return old.type is None


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
