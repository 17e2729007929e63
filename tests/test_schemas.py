"""Schemas: built-in models, declarative tables compiled to Pydantic, the
site's own models; checked through the rules that report them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from postlint.api import config_from_table, lint_text
from postlint.core.diagnostics import Severity
from postlint.schemas import SchemaError, compile_schema, fields_marked, key_severity, known_keys, resolve
from postlint.schemas.types import AssetRef


def schema_config(tmp_path: Path, fields: dict[str, Any], **top: Any) -> Any:
    table = {
        "files": [{"include": ["_posts/*.md"], "schema": "s"}],
        "schemas": {"s": {"extends": "page", "fields": fields, **top.pop("schema", {})}},
        **top,
    }
    return config_from_table(table, tmp_path)


def check(config: Any, front_matter: str) -> list[tuple[int, int, str, str]]:
    diags = lint_text(f"---\n{front_matter}---\nTexte.\n", "_posts/2024-01-01-a.md", config=config)
    return [(d.line, d.column, d.code, d.message) for d in diags]


@pytest.mark.parametrize(
    ("kind", "good", "bad", "words"),
    [
        ("text", "x: Bonjour", "x: '  '", "is empty"),
        ("string", "x: ''", "x: [a]", "should be text"),
        ("integer", "x: 3", "x: trois", "whole number"),
        ("number", "x: 3.5", "x: beaucoup", "a number"),
        ("boolean", "x: true", "x: peut-être", "true or false"),
        ("date", "x: 2024-02-29", "x: demain", "YYYY-MM-DD"),
        ("url", "x: https://exemple.fr/a", "x: exemple.fr", "https://"),
        ("asset", "x: https://exemple.fr/a.png", "x: img/a.png", "starting with /"),
        ("handle", "x: camille_m", "x: '@camille_m'", "without @"),
        ("tags", "x: [a, b]", "x: a b", "a list"),
        ("list", "x: [1, a]", "x: 3", "a list"),
        ("mapping", "x: {a: 1}", "x: [a]", "set of keys"),
    ],
)
def test_field_types(tmp_path: Path, kind: str, good: str, bad: str, words: str) -> None:
    config = schema_config(tmp_path, {"x": {"type": kind}})
    assert check(config, good + "\n") == []
    [(line, column, code, message)] = check(config, bad + "\n")
    assert (line, column, code) == (2, 4, "PL102")
    assert words in message


def test_required_keys(tmp_path: Path) -> None:
    config = schema_config(tmp_path, {"author": {"type": "text", "required": True}})
    assert check(config, "author: Camille\n") == []
    [(line, column, code, message)] = check(config, "title: t\n")
    assert (line, column, code) == (1, 1, "PL101")
    assert "`author` is missing" in message and "s schema" in message


def test_allowed_values_with_suggestion(tmp_path: Path) -> None:
    config = schema_config(tmp_path, {"layout": {"type": "text", "allowed": ["post", "page"]}})
    assert check(config, "layout: post\n") == []
    [(_, column, code, message)] = check(config, "layout: Post\n")
    assert column == 9 and "did you mean 'post'" in message
    [(_, _, _, message)] = check(config, "layout: zzz\n")
    assert "allowed: post, page" in message


def test_pattern_with_and_without_hint(tmp_path: Path) -> None:
    config = schema_config(
        tmp_path,
        {
            "image": {"type": "text", "pattern": "^/img/", "pattern-hint": "start with /img/"},
            "code": {"type": "text", "pattern": "^[A-Z]{3}$"},
        },
    )
    assert check(config, "image: /img/a.png\ncode: ABC\n") == []
    found = check(config, "image: /docs/a.png\ncode: abc\n")
    assert [(f[0], f[1]) for f in found] == [(2, 8), (3, 7)]
    assert "should start with /img/" in found[0][3]
    assert "^[A-Z]{3}$" in found[1][3]


def test_list_bounds_and_item_checks(tmp_path: Path) -> None:
    config = schema_config(tmp_path, {"tags": {"type": "tags", "min-items": 1, "max-items": 2, "allowed": ["a", "b", "c"]}})
    assert check(config, "tags: [a, b]\n") == []
    assert "at least 1" in check(config, "tags: []\n")[0][3]
    assert "at most 2 allowed" in check(config, "tags: [a, b, c]\n")[0][3]
    [(line, column, _, message)] = check(config, "tags:\n  - a\n  - z\n")
    assert (line, column) == (4, 5) and "'z' is not allowed" in message


def test_text_length_bounds(tmp_path: Path) -> None:
    config = schema_config(tmp_path, {"description": {"type": "text", "min-length": 5, "max-length": 10}})
    assert check(config, "description: juste\n") == []
    assert "too short: 2 characters, at least 5" in check(config, "description: ab\n")[0][3]
    assert "too long: 11 characters, at most 10" in check(config, "description: abcdefghijk\n")[0][3]


def test_per_key_severity(tmp_path: Path) -> None:
    config = schema_config(tmp_path, {"title": {"type": "text", "required": True, "severity": "warning"}})
    diags = lint_text("---\nlayout: x\n---\n", "_posts/2024-01-01-a.md", config=config)
    assert [(d.code, d.severity) for d in diags] == [("PL101", Severity.WARNING)]
    model = resolve("s", config)
    assert key_severity(model, "title") is Severity.WARNING
    assert key_severity(model, "layout") is None


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("allow", []), ("warn", [(3, 1, "PL103", Severity.WARNING)]), ("error", [(3, 1, "PL103", Severity.ERROR)])],
)
def test_unknown_keys_policy(tmp_path: Path, policy: str, expected: list[Any]) -> None:
    config = schema_config(tmp_path, {"author": {"type": "text"}}, schema={"unknown-keys": policy})
    diags = lint_text("---\nauthor: a\nautor: b\n---\n", "_posts/2024-01-01-a.md", config=config)
    assert [(d.line, d.column, d.code, d.severity) for d in diags] == expected
    if expected:
        assert "did you mean `author`" in diags[0].message


def test_global_unknown_keys_and_schema_override(tmp_path: Path) -> None:
    config = schema_config(tmp_path, {"author": {"type": "text"}}, **{"unknown-keys": "warn"})
    assert [d.code for d in lint_text("---\nzzz: 1\n---\n", "_posts/2024-01-01-a.md", config=config)] == ["PL103"]
    quiet = schema_config(tmp_path, {}, schema={"unknown-keys": "allow"}, **{"unknown-keys": "error"})
    assert lint_text("---\nzzz: 1\n---\n", "_posts/2024-01-01-a.md", config=quiet) == []


def test_extends_chain_and_builtin_keys(tmp_path: Path) -> None:
    config = config_from_table(
        {
            "files": [{"include": ["_posts/*.md"], "schema": "child"}],
            "schemas": {
                "parent": {"extends": "post", "fields": {"author": {"type": "text", "required": True}}},
                "child": {"extends": "parent", "fields": {"twitter": {"type": "handle"}}},
            },
        },
        tmp_path,
    )
    model = resolve("child", config)
    assert {"author", "twitter", "title", "image", "layout"} <= known_keys(model)
    assert fields_marked(model, AssetRef) == ["image"]
    assert [d.code for d in lint_text("---\ntwitter: a\n---\n", "_posts/2024-01-01-a.md", config=config)] == ["PL101"]


def test_schema_extending_itself_is_reported(tmp_path: Path) -> None:
    config = config_from_table({"schemas": {"a": {"extends": "b"}, "b": {"extends": "a"}}}, tmp_path)
    with pytest.raises(SchemaError, match="extends itself"):
        resolve("a", config)


def test_keys_that_are_not_identifiers(tmp_path: Path) -> None:
    model = compile_schema("x", {}, BaseModel)
    assert known_keys(model) == set()
    config = schema_config(tmp_path, {"og-image": {"type": "asset", "required": True}, "class": {"type": "text"}})
    assert check(config, "og-image: https://exemple.fr/a.png\nclass: b\n") == []
    assert "`og-image` is missing" in check(config, "class: b\n")[0][3]


def test_user_model_imported_from_the_repo_root(tmp_path: Path) -> None:
    (tmp_path / "site_schemas_demo.py").write_text(
        "from pydantic import BaseModel\n\n"
        "class Person(BaseModel):\n"
        "    nom: str\n"
        "    age: int | None = None\n",
        encoding="utf-8",
    )
    config = config_from_table({"files": [{"include": ["_equipe/*.md"], "schema": "site_schemas_demo:Person"}]}, tmp_path)
    ok = lint_text("---\nnom: Camille\n---\n", "_equipe/camille.md", config=config)
    assert ok == []
    [diag] = lint_text("---\nnom: Camille\nage: vieux\n---\n", "_equipe/camille.md", config=config)
    assert (diag.code, diag.line, diag.column) == ("PL102", 3, 6)
    [missing] = lint_text("---\nage: 3\n---\n", "_equipe/camille.md", config=config)
    assert missing.code == "PL101" and "`nom`" in missing.message


def test_user_model_that_cannot_be_imported(tmp_path: Path) -> None:
    config = config_from_table({"files": [{"include": ["*.md"], "schema": "nowhere_xyz:Model"}]}, tmp_path)
    [diag] = lint_text("---\na: 1\n---\n", "page.md", config=config)
    assert diag.code == "PL102" and "cannot import schema 'nowhere_xyz:Model'" in diag.message
