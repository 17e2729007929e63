"""The documentation site: generated pages and a strict MkDocs build."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from postlint.rules import registry

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import docs_pages  # noqa: E402  (the mkdocs hook, tools/docs_pages.py)

sys.path.remove(str(REPO / "tools"))


def test_every_configuration_key_is_documented() -> None:
    reference = docs_pages.config_reference()
    assert "(undocumented)" not in reference, [l for l in reference.splitlines() if "(undocumented)" in l]
    for key in ("preset", "per-file-ignores", "unknown-keys", "pattern-hint", "max-items"):
        assert f"| `{key}` |" in reference


def test_a_page_per_rule_with_its_explanation() -> None:
    pages = docs_pages.rule_pages()
    for rule in registry():
        page = pages[f"rules/{rule.code}.md"]
        assert page.startswith(f"# {rule.code} {rule.name}\n")
        assert rule.explanation.strip() in page
        assert f"[{rule.code}]({rule.code}.md)" in pages["rules/index.md"]


def test_presets_page_shows_each_preset() -> None:
    page = docs_pages.presets_page()
    assert "## `eig`" in page and "## `jekyll`" in page and 'schema = "eig-post"' in page


def _build(site_dir: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is a docs/test dependency")
    pytest.importorskip("material", reason="mkdocs-material is a docs/test dependency")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)  # strict: any warning (broken link, missing page) raises


@pytest.fixture()
def extra_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A rule added to the registry the way a new rule or a plugin is."""
    from postlint.rules import Registry
    from postlint.rules.base import rule

    @rule("PL998", "docs-test-rule", "A rule that exists only in this test.", messages={"default": "x"})
    def docs_test_rule(post: object, ctx: object) -> Iterator[object]:
        """Checks nothing: it proves that new rules get a page.

        ## Why it matters
        The docs must never drift from the code.
        """
        return iter(())

    original = registry()

    def patched() -> Registry:
        reg = Registry(dict(original.rules), dict(original.sections))
        reg.add(docs_test_rule)
        return reg

    monkeypatch.setattr("postlint.rules.registry", patched)
    yield "PL998"


def test_strict_build_includes_a_newly_registered_rule(tmp_path: Path, extra_rule: str) -> None:
    site = tmp_path / "site"
    _build(site)
    page = (site / "rules" / extra_rule / "index.html").read_text(encoding="utf-8")
    assert "it proves that new rules get a page" in page
    assert f'href="{extra_rule}/"' in (site / "rules" / "index.html").read_text(encoding="utf-8")
    assert (site / "rules" / "PL101" / "index.html").is_file()
    assert (site / "reference" / "configuration" / "index.html").is_file()
