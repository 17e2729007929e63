"""JSON Schema export: valid for the export exactly when postlint finds no
schema problem (PL101 missing key, PL102 invalid value, PL103 unknown key)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table, lint_paths, lint_text, load_config
from postlint.cli import main
from postlint.commands.schema import (
    UnknownTarget,
    allowed_tags,
    export,
    schema_name_for,
    to_draft_7,
    to_json_value,
)
from postlint.core.document import Post

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCHEMA_CODES = {"PL101", "PL102", "PL103"}


def _validator(schema: dict[str, Any]) -> Any:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_every_example_post_round_trips() -> None:
    config = load_config(EXAMPLES)
    result = lint_paths([EXAMPLES], config=config)
    flagged = {d.path for d in result.diagnostics if d.code in SCHEMA_CODES}
    checked = valid = 0
    for relpath in result.files:
        post = Post.load(EXAMPLES / relpath, EXAMPLES)
        name = config.schema_for(relpath)
        if name is None or not isinstance(post.front_matter, dict) or not post.front_matter:
            continue
        errors = list(_validator(export(name, config)).iter_errors(to_json_value(post.front_matter)))
        assert (not errors) == (relpath not in flagged), (relpath, [e.message for e in errors])
        checked += 1
        valid += not errors
    # the example site has valid posts and posts with schema mistakes
    assert checked >= 20 and 0 < valid < checked


SITE_TABLE: dict[str, Any] = {
    "unknown-keys": "error",
    "files": [{"include": ["_posts/*.md"], "schema": "article"}],
    "schemas": {
        "article": {
            "extends": "post",
            "fields": {
                "title": {"type": "text", "required": True, "min-length": 3, "max-length": 20},
                "twitter": {"type": "handle"},
                "site": {"type": "url"},
                "image": {"type": "asset", "pattern": "^/img/"},
                "date": {"type": "date"},
                "level": {"type": "integer", "allowed": [1, 2, 3]},
                "ratio": {"type": "number"},
                "draft": {"type": "boolean"},
                "lang": {"type": "string", "allowed": ["fr", "en"]},
                "code": {"type": "string", "pattern": "^[A-Z]{2}-\\d+$"},
                "tags": {"type": "tags", "min-items": 1, "max-items": 2, "allowed": ["design", "méthode"]},
                "extra": {"type": "mapping"},
            },
        }
    },
}

CASES = [
    "title: Bonjour",
    "title: ''",
    "title: '   '",
    "title: Hi",
    "title: Un titre beaucoup trop long pour ce site",
    "title: 2024",
    "title: Ok\ntwitter: etalab",
    "title: Ok\ntwitter: '@etalab'",
    "title: Ok\ntwitter: https://twitter.com/etalab",
    "title: Ok\ntwitter: ' etalab '",
    "title: Ok\ntwitter: trop_long_pour_un_handle_twitter_vraiment",
    "title: Ok\nsite: https://example.org/page",
    "title: Ok\nsite: example.org",
    "title: Ok\nsite: http://localhost:4000/",
    "title: Ok\nimage: /img/a.png",
    "title: Ok\nimage: img/a.png",
    "title: Ok\nimage: /docs/a.png",
    "title: Ok\nimage: /img/a b.png",
    "title: Ok\nimage: https://example.org/a.png",
    "title: Ok\ndate: 2024-03-12",
    "title: Ok\ndate: 2024-03-12 10:30:00 +0100",
    "title: Ok\ndate: '2024-03-12'",
    "title: Ok\ndate: '2024-02-30'",
    "title: Ok\ndate: '2024-02-29'",
    "title: Ok\ndate: '2023-02-29'",
    "title: Ok\ndate: '2024-4-31'",
    "title: Ok\ndate: '2024-03-12T25:00'",
    "title: Ok\ndate: demain",
    "title: Ok\ndate: 20240312",
    "title: Ok\nlevel: 2",
    "title: Ok\nlevel: 4",
    "title: Ok\nratio: 0.5",
    "title: Ok\nratio: beaucoup",
    "title: Ok\ndraft: true",
    "title: Ok\nlang: fr",
    "title: Ok\nlang: de",
    "title: Ok\ncode: AB-12",
    "title: Ok\ncode: ab-12",
    "title: Ok\ntags: [design]",
    "title: Ok\ntags: []",
    "title: Ok\ntags: [design, méthode, design]",
    "title: Ok\ntags: [Design]",
    "title: Ok\ntags: design",
    "title: Ok\nextra: {a: 1}",
    "title: Ok\nextra: [1]",
    "title: Ok\nautor: Camille",
    "title: Ok\nlayout: post\npublished: false",
    "title: Ok\nlayout: ''",
]


@pytest.fixture(scope="module", params=["2020-12", "7"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    config = config_from_table(SITE_TABLE, tmp_path_factory.mktemp("site"))
    schema = export("article", config, draft=request.param)
    if request.param == "7":
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert isinstance(_validator(schema), jsonschema.Draft7Validator)
        assert not {"$defs", "prefixItems", "dependentRequired"} & set(_keys(schema))
    return config, _validator(schema)


def _keys(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [*node, *(k for v in node.values() for k in _keys(v))]
    if isinstance(node, list):
        return [k for v in node for k in _keys(v)]
    return []


@pytest.mark.parametrize("front_matter", CASES)
def test_schema_and_postlint_agree(front_matter: str, site: tuple[Any, Any]) -> None:
    config, validator = site
    text = f"---\n{front_matter}\n---\nTexte.\n"
    path = "_posts/2024-03-12-essai.md"
    post = Post.from_text(text, path)
    found = [d for d in lint_text(text, path, config=config) if d.code in SCHEMA_CODES]
    data = to_json_value(post.front_matter or {})
    errors = [e.message for e in validator.iter_errors(data)]
    assert (not errors) == (not found), (errors, [d.message for d in found])


def test_draft_7_moves_definitions_and_ref_siblings() -> None:
    schema = to_draft_7({
        "$defs": {"Person": {"type": "object", "properties": {"name": {"$ref": "#/$defs/Name", "description": "who"}}},
                  "Name": {"type": "string"}},
        "properties": {"pair": {"type": "array", "prefixItems": [{"type": "string"}], "items": False},
                       "$ref": {"enum": [{"$ref": "kept"}]}},
        "$ref": "#/$defs/Person",
    })
    assert set(schema["definitions"]) == {"Person", "Name"} and "$defs" not in schema
    name = schema["definitions"]["Person"]["properties"]["name"]
    assert name == {"description": "who", "allOf": [{"$ref": "#/definitions/Name"}]}
    assert schema["properties"]["pair"] == {"type": "array", "items": [{"type": "string"}], "additionalItems": False}
    assert schema["properties"]["$ref"] == {"enum": [{"$ref": "kept"}]}  # a value, not a schema
    assert schema["allOf"] == [{"$ref": "#/definitions/Person"}]
    with pytest.raises(ValueError):
        export("post", load_config(EXAMPLES), draft="4")


@pytest.mark.parametrize("draft", ["2020-12", "7"])
def test_allowed_tags_are_the_values_of_the_tags_key(draft: str) -> None:
    """With the vocabulary, the export refuses a tag exactly when postlint
    reports it as unknown (PL301) or a placeholder (PL302); editors complete the others."""
    config = load_config(EXAMPLES)
    tags = allowed_tags(config)
    assert tags is not None and tags[0] == "tags" and "méthode" in tags[1]
    validator = _validator(export("eig-post", config, draft=draft, tags=tags))
    result = lint_paths([EXAMPLES], config=config)
    unknown = {d.path for d in result.diagnostics if d.code in SCHEMA_CODES | {"PL301", "PL302"}}
    seen = set()
    for relpath in result.files:
        post = Post.load(EXAMPLES / relpath, EXAMPLES)
        if config.schema_for(relpath) != "eig-post" or not isinstance(post.front_matter, dict):
            continue
        errors = list(validator.iter_errors(to_json_value(post.front_matter)))
        assert (not errors) == (relpath not in unknown), (relpath, [e.message for e in errors])
        seen.add(bool(errors))
    assert seen == {True, False}
    assert any(d.code == "PL301" for d in result.diagnostics)  # the example site has an unknown tag


def test_no_vocabulary_no_tag_enum(tmp_path: Path) -> None:
    assert allowed_tags(config_from_table({}, tmp_path)) is None
    config = config_from_table({"preset": "eig", "ignore": ["PL301"]}, tmp_path)
    assert allowed_tags(config) is None  # tags are not checked against it


def test_unknown_keys_allowed_by_default(tmp_path: Path) -> None:
    config = config_from_table({"preset": "eig"}, tmp_path)
    assert export("eig-post", config)["additionalProperties"] is True
    assert export("eig-post", config)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_name_from_a_name_a_file_or_a_folder() -> None:
    config = load_config(EXAMPLES)
    assert schema_name_for("eig-post", config) == "eig-post"
    assert schema_name_for("_posts", config) == "eig-post"
    assert schema_name_for("_posts/2024-01-01-x.md", config) == "eig-post"
    with pytest.raises(UnknownTarget):  # drafts are mapped to no schema
        schema_name_for("_posts/_brouillon.md", config)


def test_cli_schema_writes_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(EXAMPLES)
    out = tmp_path / "post.schema.json"
    assert main(["schema", "_posts", "--output", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["title"] == "eig-post front matter"
    assert "twitter" in schema["required"]
    assert main(["schema", "--lang", "en", "nope"]) == 2
    assert "no schema named 'nope'" in capsys.readouterr().err
    assert "items" in json.dumps(schema["properties"]["tags"])  # the allowed tags
    nested = tmp_path / "new" / "folder" / "post.json"  # created, like check --output
    assert main(["schema", "_posts", "--draft", "7", "--no-tags", "-o", str(nested)]) == 0
    schema = json.loads(nested.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07")
    assert "items" not in json.dumps(schema["properties"]["tags"])
