"""postlint: a content linter for Jekyll-style static sites.

The public API lives in :mod:`postlint.api`; the most used names are
re-exported here lazily so that ``import postlint`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # type checkers see the real names; at run time they load on first use
    from postlint.api import LintResult, lint_paths, lint_text, load_config
    from postlint.config import Config
    from postlint.core.diagnostics import Diagnostic, Edit, Fix, Severity
    from postlint.core.document import Post
    from postlint.rules import registry
    from postlint.rules.base import Rule, rule

__version__ = "0.1.0"

__all__ = [
    "Diagnostic", "Fix", "Edit", "Severity", "Post", "lint_paths", "lint_text", "load_config", "LintResult",
    "Config", "Rule", "rule", "registry", "__version__",
]

_LAZY = {
    "Diagnostic": "postlint.core.diagnostics",
    "Fix": "postlint.core.diagnostics",
    "Edit": "postlint.core.diagnostics",
    "Severity": "postlint.core.diagnostics",
    "Post": "postlint.core.document",
    "lint_paths": "postlint.api",
    "lint_text": "postlint.api",
    "load_config": "postlint.api",
    "LintResult": "postlint.api",
    "Config": "postlint.config",
    "Rule": "postlint.rules.base",
    "rule": "postlint.rules.base",
    "registry": "postlint.rules",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'postlint' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
