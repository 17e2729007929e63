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
