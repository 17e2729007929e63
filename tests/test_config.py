"""Configuration: discovery, presets, merging, selection, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.api import load_config
from postlint.config import ConfigError
from postlint.core.diagnostics import Severity
from postlint.core.globs import glob_match
from postlint.rules import registry


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- discovery -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("postlint.toml", 'ignore = ["PL103"]\n'),
        (".postlint.toml", 'ignore = ["PL103"]\n'),
        ("pyproject.toml", '[project]\nname = "site"\n[tool.postlint]\nignore = ["PL103"]\n'),
    ],
)
def test_config_files_are_found_walking_up(tmp_path: Path, name: str, text: str) -> None:
    write(tmp_path / name, text)
    nested = tmp_path / "_posts" / "sub"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config.ignore == ["PL103"]
    assert config.root == tmp_path.resolve()
    assert config.source == tmp_path / name


def test_pyproject_without_tool_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'ignore = ["PL1"]\n')
    write(tmp_path / "site" / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(tmp_path / "site").ignore == ["PL1"]


def test_precedence_postlint_toml_first_and_nearest_folder_first(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'ignore = ["PL101"]\n')
    write(tmp_path / ".postlint.toml", 'ignore = ["PL102"]\n')
    write(tmp_path / "pyproject.toml", '[tool.postlint]\nignore = ["PL103"]\n')
    assert load_config(tmp_path).ignore == ["PL101"]
    write(tmp_path / "inner" / "pyproject.toml", '[tool.postlint]\nignore = ["PL104"]\n')
    assert load_config(tmp_path / "inner").ignore == ["PL104"]


def test_explicit_config_file_wins(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'ignore = ["PL101"]\n')
    other = write(tmp_path / "conf" / "other.toml", 'ignore = ["PL102"]\n')
    assert load_config(tmp_path, config_file=other).ignore == ["PL102"]
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path, config_file=tmp_path / "nope.toml")


def test_without_config_the_root_is_the_jekyll_folder(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: x\n")
    (tmp_path / "_posts").mkdir()
    config = load_config(tmp_path / "_posts")
    assert config.root == tmp_path.resolve() and config.source is None and config.preset == []


# -- presets ------------------------------------------------------------------------
def test_eig_preset_extends_jekyll(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'preset = "eig"\n')
    config = load_config(tmp_path)
    assert "eig" in config.preset
    assert config.lang == "fr"
    assert config.schema_for("_posts/2024-01-01-a.md") == "eig-post"
    assert config.schema_for("_posts/_2024-01-01-brouillon.md") is None
    assert config.schema_for("_posts/sub/2024-01-01-a.md") == "jekyll-post"  # eig maps _posts/*.md only
    assert config.schema_for("index.md") is None
    assert {"eig-post", "jekyll-post"} <= set(config.schemas)


def test_jekyll_preset_alone(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'preset = "jekyll"\n')
    config = load_config(tmp_path)
    assert config.schema_for("_posts/2024-01-01-a.md") == "jekyll-post"
    assert config.schemas["jekyll-post"].fields["title"].severity is Severity.WARNING


def test_user_settings_override_the_preset(tmp_path: Path) -> None:
    write(
        tmp_path / "postlint.toml",
        'preset = "eig"\nlang = "en"\n[schemas.eig-post.fields.twitter]\ntype = "handle"\nrequired = false\n'
        '[[files]]\ninclude = "_posts/*.md"\nschema = "post"\n',
    )
    config = load_config(tmp_path)
    assert config.lang == "en"
    assert config.schemas["eig-post"].fields["twitter"].required is False
    assert config.schemas["eig-post"].fields["author"].required is True  # merged, not replaced
    assert config.schema_for("_posts/2024-01-01-a.md") == "post"  # user mappings come first


def test_cli_preset_adds_to_the_file(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'ignore = ["PL103"]\n')
    config = load_config(tmp_path, preset="eig")
    assert "eig" in config.preset and config.ignore == ["PL103"]


# -- errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('selct = ["PL1"]\n', ["unknown key 'selct'", "did you mean 'select'"]),
        ('[schemas.x.fields.y]\ntpye = "text"\n', ["schemas.x.fields.y.tpye", "did you mean 'type'"]),
        ('[schemas.x]\nextnds = "post"\n', ["schemas.x.extnds", "did you mean 'extends'"]),
        ('unknown-keys = "maybe"\n', ["unknown-keys", "'allow', 'warn' or 'error'"]),
        ('[schemas.x.fields.y]\npattern = "(["\n', ["schemas.x.fields.y", "not a valid regular expression"]),
        ('[[files]]\ninclude = "_posts/*.md"\nschema = "pots"\n', ["files: unknown schema 'pots'", "did you mean 'post'"]),
        ('preset = "eg"\n', ["preset: unknown preset 'eg'", "did you mean 'eig'"]),
        ("preset = 3\n", ["preset:"]),
        ("select = [\n", ["invalid TOML"]),
        ('[links]\ncase-insensitve-host = true\n', ["[links]", "did you mean 'case-insensitive-host'"]),
        ('[schemas.x]\nextends = "pots"\n', ["schemas.x.extends", "did you mean 'post'"]),
        ("max-file-size = 0\n", ["max-file-size"]),
    ],
)
def test_config_errors_name_file_key_and_guess(tmp_path: Path, text: str, expected: list[str]) -> None:
    source = write(tmp_path / "postlint.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{source}: ")
    assert "\n" not in message
    for part in expected:
        assert part in message


def test_unknown_schema_in_files_suggests_a_preset_schema(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'preset = "eig"\n[[files]]\ninclude = "a/*.md"\nschema = "eig-pots"\n')
    with pytest.raises(ConfigError, match="did you mean 'eig-post'"):
        load_config(tmp_path)


def test_preset_that_includes_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import postlint.config as config_module

    monkeypatch.setattr(config_module, "read_preset", lambda name: {"preset": name})
    write(tmp_path / "postlint.toml", 'preset = "loop"\n')
    with pytest.raises(ConfigError, match="includes itself"):
        load_config(tmp_path)


# -- selection ----------------------------------------------------------------------
def rule(code: str):
    found = registry().get(code)
    assert found is not None
    return found


def test_select_ignore_by_code_prefix_and_name(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", 'select = ["PL1", "missing-asset"]\nignore = ["PL103", "file-name-date"]\n')
    config = load_config(tmp_path)
    assert config.is_enabled(rule("PL101")) and config.is_enabled(rule("PL201"))
    assert not config.is_enabled(rule("PL103")) and not config.is_enabled(rule("PL104"))
    assert not config.is_enabled(rule("PL007")) and not config.is_enabled(rule("PL202"))


def test_opt_in_rules_need_selecting(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", "")
    assert not load_config(tmp_path).is_enabled(rule("PL106"))
    assert load_config(tmp_path, overrides={"extend-select": ["PL106"]}).is_enabled(rule("PL106"))
    assert load_config(tmp_path, overrides={"select": ["short-year-file-name"]}).is_enabled(rule("PL106"))


def test_severity_most_specific_selector_wins(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", '[severity]\nPL1 = "warning"\nPL101 = "info"\nALL = "info"\n')
    config = load_config(tmp_path)
    assert config.severity_for(rule("PL101")) is Severity.INFO
    assert config.severity_for(rule("PL102")) is Severity.WARNING
    assert config.severity_for(rule("PL103")) is Severity.WARNING  # PL1 is more specific than ALL
    assert config.severity_for(rule("PL201")) is Severity.INFO


def test_per_file_ignores_and_exclude(tmp_path: Path) -> None:
    write(tmp_path / "postlint.toml", '[per-file-ignores]\n"_posts/18-*.md" = ["PL102"]\nexclude = []\n')
    config = load_config(tmp_path)
    assert config.ignored_in("_posts/18-01-01-a.md") == ["PL102"]
    assert config.ignored_in("_posts/19-01-01-a.md") == []


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("_posts/a.md", "_posts/*.md", True),
        ("_posts/sub/a.md", "_posts/*.md", False),
        ("_posts/sub/a.md", "_posts/**", True),
        ("en/_posts/a.md", "**/_posts/*.md", True),
        ("_posts/a.md", "**/_posts/*.md", True),
        ("_posts/_a.md", "**/_*.md", True),
        ("img/x.png", "img", True),
        ("img2/x.png", "img", False),
        ("a.md", "?.md", True),
    ],
)
def test_glob_match(path: str, pattern: str, expected: bool) -> None:
    assert glob_match(path, pattern) is expected
