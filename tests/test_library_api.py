"""The public library API: the examples of docs/api.md run as written, and
third-party rules arrive through the ``postlint.rules`` entry points."""

from __future__ import annotations

import importlib.metadata
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import postlint
from postlint.rules import ENTRY_POINT_GROUP, registry

REPO = Path(__file__).resolve().parents[1]
API_DOC = REPO / "docs" / "api.md"


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", markdown, flags=re.S | re.M)


@pytest.mark.parametrize("number", range(len(python_blocks(API_DOC.read_text(encoding="utf-8")))))
def test_api_doc_example_runs(number: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    block = python_blocks(API_DOC.read_text(encoding="utf-8"))[number]
    exec(compile(block, f"{API_DOC}:block{number}", "exec"), {"__name__": f"api_doc_{number}"})
    assert capsys.readouterr().out.strip()  # every example shows something


def test_api_doc_has_examples() -> None:
    assert len(python_blocks(API_DOC.read_text(encoding="utf-8"))) >= 5


def test_public_names_resolve() -> None:
    for name in postlint.__all__:
        assert getattr(postlint, name) is not None
    assert (Path(postlint.__file__).parent / "py.typed").is_file()


PLUGIN = '''
from postlint.rules.base import rule


@rule("XT001", "no-todo", "A post still says TODO.", severity="warning",
      messages={"default": "TODO left in the post"})
def no_todo(post, ctx):
    """A post still contains the word TODO.

    ## Why it matters
    Readers see it.
    """
    for number, line in enumerate(post.lines, start=1):
        if "TODO" in line:
            yield ctx.at("default", number, line.index("TODO") + 1)
'''


@pytest.fixture()
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / "postlint_test_plugin.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    real = importlib.metadata.entry_points

    def entry_points(**kw: Any) -> Any:
        if kw.get("group") == ENTRY_POINT_GROUP:
            return [importlib.metadata.EntryPoint("test", "postlint_test_plugin", ENTRY_POINT_GROUP)]
        return real(**kw)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    registry.cache_clear()
    yield
    registry.cache_clear()


def test_plugin_rules_are_registered_and_run(plugin: None, tmp_path: Path) -> None:
    from postlint.api import config_from_table, lint_text

    assert registry().get("XT001") is not None
    config = config_from_table({}, tmp_path)
    found = lint_text("---\ntitle: x\n---\nTexte. TODO relire\n", "_posts/2024-01-01-x.md", config=config)
    assert [(d.code, d.line, d.column) for d in found] == [("XT001", 4, 8)]


def test_a_plugin_rule_gets_a_docs_page(plugin: None) -> None:
    monkeypatch_path = str(REPO / "tools")
    import sys

    sys.path.insert(0, monkeypatch_path)
    try:
        from docs_pages import rule_pages  # the mkdocs hook
    finally:
        sys.path.remove(monkeypatch_path)
    pages = rule_pages()
    assert "rules/XT001.md" in pages
    assert "A post still contains the word TODO." in pages["rules/XT001.md"]
    assert "[XT001](XT001.md)" in pages["rules/index.md"]


def _mypy_strict(folder: Path, *files: str) -> tuple[int, str]:
    """mypy --strict on files importing the installed postlint, outside the
    project's own mypy configuration."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent",
         "--cache-dir", str(folder / ".mypy_cache"), *files],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stdout + done.stderr


def test_a_plugin_from_the_docs_passes_mypy_strict(tmp_path: Path) -> None:
    """The package root is typed (not the ``Any`` of a lazy ``__getattr__``)
    and so is ``@rule``: the documented plugin type-checks, and a wrong use
    of either is caught."""
    pytest.importorskip("mypy", reason="mypy is a test dependency")
    doc = API_DOC.read_text(encoding="utf-8")
    plugin = next(block for block in python_blocks(doc) if "@rule(" in block)
    (tmp_path / "my_site_rules.py").write_text(
        plugin + "\nfrom postlint import lint_paths\nexit_code: int = lint_paths(['.']).exit_code\n", encoding="utf-8")
    status, output = _mypy_strict(tmp_path, "my_site_rules.py")
    assert status == 0, output
    (tmp_path / "wrong.py").write_text(textwrap.dedent("""\
        from postlint import Diagnostic, lint_paths, rule
        exit_code: str = lint_paths(["."]).exit_code
        @rule("XS002", "x", "y", messages={})
        def check(post: int) -> int:
            return post
        first: Diagnostic = lint_paths(["."]).diagnostics
        """), encoding="utf-8")
    status, output = _mypy_strict(tmp_path, "wrong.py")
    assert status == 1
    assert 'expression has type "int", variable has type "str"' in output
    assert "wrong.py:3" in output and "wrong.py:6" in output, output


def test_the_library_speaks_the_configured_language(tmp_path: Path) -> None:
    from postlint import i18n, lint_paths, lint_text, load_config

    examples = REPO / "examples"
    config = load_config(examples)
    assert config.lang == "fr"  # the example site's preset says so
    french = lint_paths([examples], config=config).diagnostics
    assert french and all(d.message == d.render("fr") for d in french)
    assert any(d.render("fr") != d.render("en") for d in french)
    english = lint_paths([examples], config=config, lang="en").diagnostics
    assert [d.message for d in english] == [d.render("en") for d in french]
    text = "---\ntitle: Essai\n---\nTexte.\n"
    found = lint_text(text, "_posts/2025-06-01-essai.md", config=config)
    assert found and found[0].message == found[0].render("fr") != found[0].render("en")
    assert lint_text(text, "_posts/2025-06-01-essai.md", config=config, lang="en")[0].message == found[0].render("en")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        lint_text(text, "_posts/2025-06-01-essai.md", config=config, lang="de")
    # no `lang` in the config: the caller's language, English by default
    plain = load_config(examples, overrides={"lang": None})
    assert plain.lang is None
    assert lint_text(text, "_posts/2025-06-01-essai.md", config=plain)[0].message == found[0].render("en")
    with i18n.use_language("fr"):
        assert lint_text(text, "_posts/2025-06-01-essai.md", config=plain)[0].message == found[0].render("fr")
