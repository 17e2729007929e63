"""French documentation for editors: one explanation per rule, kept in step
with the English docstrings, and written with French typography."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

import postlint
from postlint.rules import registry

REPO = Path(__file__).resolve().parents[1]
FR_RULES = Path(postlint.__file__).resolve().parent / "locales" / "fr" / "rules"
FR_GUIDE = REPO / "docs" / "fr" / "index.md"
REQUIRED_HEADINGS = ("## Pourquoi c'est important", "## Exemple", "## Correction")
ENGLISH_HEADINGS = ("## Why it matters", "## Example", "## Fix")

sys.path.insert(0, str(REPO / "tools"))
import docs_pages  # noqa: E402  (the mkdocs hook, tools/docs_pages.py)

sys.path.remove(str(REPO / "tools"))

NBSP, NNBSP = "\u00a0", "\u202f"
_CODE_SPAN = re.compile(r"`+[^`]*?`+")


# -- helpers (also tested below, so that a broken helper cannot pass silently) ------
def fenced_blocks(markdown: str) -> list[str]:
    """The fenced code blocks of a Markdown text, fences and info string included."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            if current is None:
                current = [line]
            else:
                blocks.append("\n".join([*current, line]))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def prose_lines(markdown: str) -> Iterable[tuple[int, str]]:
    """Lines outside fenced blocks, with inline code removed."""
    fence = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if not fence:
            yield number, _CODE_SPAN.sub("CODE", line)


def typography_problems(markdown: str) -> list[str]:
    """French typography slips in prose: plain or missing spaces around : ; ? ! « »."""
    problems = []
    for number, line in prose_lines(markdown):
        # Markdown images (`![alt](src)`) and URLs are not punctuation.
        text = re.sub(r"!\[", "[", line)
        text = re.sub(r"\]\([^)]*\)", "]", text)
        text = re.sub(r"<!--.*?-->|https?://\S+", "X", text)
        checks = {
            "plain space before punctuation": re.search(r" [:;?!»]", text),
            "no space before punctuation": re.search(r"[^\s\u00a0\u202f]([;?!]|:(?=\s|$))", text),
            "plain or no space after «": re.search(r"«(?![\u00a0\u202f])", text),
            "no space before »": re.search(r"[^\u00a0\u202f]»", text),
            "punctuation opens the line": re.match(r"[:;?!»]", text),
            "« closes the line": re.search(r"«\s*$", text),
        }
        problems += [f"line {number}: {name}: {line.strip()!r}" for name, hit in checks.items() if hit]
    return problems


def french_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(FR_RULES.glob("*.md"))}


def missing_french(codes: Iterable[str]) -> list[str]:
    available = french_files()
    return [code for code in codes if code not in available]


def _codes() -> list[str]:
    return [rule.code for rule in registry()]


# -- the helpers themselves ------------------------------------------------------------
def test_helpers_find_blocks_and_typography_slips() -> None:
    text = "Avant :\n```yaml\ntitle: a : b\n```\nTexte ; bien\u202f!\n« mal » et `code : ok`\n"
    assert fenced_blocks(text) == ["```yaml\ntitle: a : b\n```"]
    problems = typography_problems(text)
    assert any("line 1" in p for p in problems)  # plain space before ':'
    assert any("line 5" in p for p in problems)  # plain space before ';'
    line6 = [p for p in problems if p.startswith("line 6")]
    assert any("after «" in p for p in line6) and any("before »" in p for p in line6)
    assert not any("line 3" in p for p in problems)  # inside a code block
    assert typography_problems("Voir\u00a0: ![image](/a.png) et [lien](https://x.fr/?a=1).") == []
    assert missing_french(["PL101", "PL998"]) == ["PL998"]


# -- one French explanation per rule -----------------------------------------------------
def test_every_rule_has_a_french_explanation() -> None:
    missing = missing_french(_codes())
    assert not missing, f"write src/postlint/locales/fr/rules/<CODE>.md for: {', '.join(missing)}"


def test_no_french_explanation_for_an_unknown_code() -> None:
    unknown = sorted(set(french_files()) - set(_codes()))
    assert not unknown, f"French files for codes that no rule has: {unknown}"


@pytest.mark.parametrize("code", _codes())
def test_french_explanation_has_the_sections(code: str) -> None:
    path = french_files().get(code)
    if path is None:
        pytest.skip(f"no French file for {code} (reported by test_every_rule_has_a_french_explanation)")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].strip() and not lines[0].startswith("#"), "start with what the rule does"
    positions = [lines.index(h) if h in lines else -1 for h in REQUIRED_HEADINGS]
    assert -1 not in positions, f"{path.name}: each of {REQUIRED_HEADINGS} on a line of its own"
    assert positions == sorted(positions), f"{path.name}: sections out of order"
    assert all(lines.count(h) == 1 for h in REQUIRED_HEADINGS)
    assert not any(h in lines for h in ENGLISH_HEADINGS), f"{path.name}: untranslated heading"


@pytest.mark.parametrize("code", _codes())
def test_french_explanation_keeps_the_english_code_blocks(code: str) -> None:
    path = french_files().get(code)
    if path is None:
        pytest.skip(f"no French file for {code}")
    text = path.read_text(encoding="utf-8")
    rule = registry().get(code)
    assert rule is not None
    for block in fenced_blocks(rule.explanation):
        assert block in text, f"{path.name}: this example of the English docstring changed or is missing:\n{block}"
    assert len(fenced_blocks(text)) == len(fenced_blocks(rule.explanation))


def test_french_explanations_use_french_typography() -> None:
    problems = {
        path.name: found
        for path in french_files().values()
        if (found := typography_problems(path.read_text(encoding="utf-8")))
    }
    assert not problems, problems


# -- the editors' guide and the generated French pages ------------------------------------
def test_editors_guide_covers_the_workflow() -> None:
    text = FR_GUIDE.read_text(encoding="utf-8")
    assert text.startswith("# Prise en main\n")
    for needle in (
        ".pre-commit-config.yaml",
        "PL102",
        "postlint check --fix",
        "<!-- postlint-disable-next-line PL208 -->",
        "<!-- postlint-disable PL208 -->",
        "<!-- postlint-enable -->",
        "--lang fr",
    ):
        assert needle in text, needle
    assert not typography_problems(text), typography_problems(text)


def test_generated_french_rule_pages() -> None:
    pages = docs_pages.french_rule_pages()
    for code in french_files():
        rule = registry().get(code)
        assert rule is not None
        page = pages[f"fr/rules/{code}.md"]
        assert page.startswith(f"# {code} {rule.name}\n")
        assert (FR_RULES / f"{code}.md").read_text(encoding="utf-8").strip() in page
        assert f"(../../rules/{code}.md)" in page  # English version
        assert f"[{code}]({code}.md)" in pages["fr/rules/index.md"]
        assert not typography_problems(page), (code, typography_problems(page))
    english = docs_pages.rule_pages()
    assert "[Version française](../fr/rules/PL101.md)" in english["rules/PL101.md"]


def test_a_rule_without_french_explanation_links_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from postlint.rules import Registry
    from postlint.rules.base import rule

    @rule("PL998", "fr-docs-test-rule", "A rule that exists only in this test.", messages={"default": "x"})
    def fr_docs_test_rule(post: object, ctx: object) -> Iterable[object]:
        """Checks nothing."""
        return iter(())

    original = registry()

    def patched() -> Registry:
        reg = Registry(dict(original.rules), dict(original.sections))
        reg.add(fr_docs_test_rule)
        return reg

    monkeypatch.setattr("postlint.rules.registry", patched)
    assert "Version française" not in docs_pages.rule_pages()["rules/PL998.md"]
    pages = docs_pages.french_rule_pages()
    assert "fr/rules/PL998.md" not in pages
    assert "[PL998](../../rules/PL998.md)" in pages["fr/rules/index.md"]  # the English page
