from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table, lint_paths
from postlint.core.diagnostics import Diagnostic
from postlint.fix.edits import fix_file
from postlint.rules import registry

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = Path(os.environ.get("POSTLINT_CORPUS") or SHARED / "corpus" / "eig-site")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VOCAB = ["design", "développement", "méthode", "open data", "outil", "écosystème"]
BASE: dict[str, Any] = {
    "files": [{"include": ["_posts/*.md"], "exclude": ["**/_*.md"], "schema": "post"}],
    "tags": {"vocabulary": VOCAB, "bounds": [{"include": ["_posts/*.md"], "min": 1, "max": 4}]},
}


def site(tmp_path: Path, posts: dict[str, str], pages: tuple[str, ...] = (), table: dict[str, Any] | None = None):
    for name, text in posts.items():
        path = tmp_path / "_posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    for tag in pages:
        from postlint.rules.tags.taxonomy import tag_page_slug

        page = tmp_path / tag_page_slug(tag, "tag/{slug}.md")
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"---\nlayout: tag\ntag: {tag}\n---\n", encoding="utf-8")
    return config_from_table(table or BASE, tmp_path)


def lint(tmp_path: Path, posts: dict[str, str], pages: tuple[str, ...] = (), table: dict[str, Any] | None = None,
         prefix: str = "PL3") -> list[Diagnostic]:
    config = site(tmp_path, posts, pages, table)
    found = lint_paths([], config=config).diagnostics
    return [d for d in found if d.code.startswith(prefix) and (d.code != "PL311" or prefix == "PL311")]


def post(tags_yaml: str, nl: str = "\n") -> str:
    return nl.join(["---", "title: Un billet", tags_yaml.replace("\n", nl), "---", "Texte.", ""])


def where(d: Diagnostic) -> tuple[str, int, int]:
    return (d.code, d.line, d.column)


# --- PL301 unknown-tag: normalisation and suggestions --------------------------


@pytest.mark.parametrize(
    ("written", "expected", "safe"),
    [
        ("developpement", "développement", True),  # accents
        ("Design", "design", True),  # case
        ("methodes", "méthode", True),  # accents + plural s
        (" outil ", "outil", True),  # quoted, so the spaces are kept
        ("open-data", "open data", True),  # separators
        ("open_data", "open data", True),
        ("Écosystèmes", "écosystème", True),
        ("desing", "design", False),  # a guess from similar spelling
    ],
)
def test_unknown_tag_suggestion(tmp_path: Path, written: str, expected: str, safe: bool) -> None:
    found = lint(tmp_path, {"2024-01-01-a.md": post(f"tags:\n- '{written}'")}, pages=tuple(VOCAB))
    [diag] = [d for d in found if d.path.startswith("_posts/")]
    assert where(diag) == ("PL301", 4, 3)
    assert diag.params["suggestion"] == expected
    assert diag.fix is not None and diag.fix.safe is safe
    assert expected in diag.message


def test_unknown_tag_without_suggestion_lists_allowed(tmp_path: Path) -> None:
    [diag] = lint(tmp_path, {"2024-01-01-a.md": post("tags:\n- cuisine")}, pages=tuple(VOCAB))
    assert diag.message_id == "default" and "méthode" in diag.message and diag.fix is None


def test_vocabulary_from_pages_and_data(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "tags.yml").write_text("- name: cuisine\n- name: jardin\n", encoding="utf-8")
    table = {**BASE, "tags": {"vocabulary-data": "_data/tags.yml", "vocabulary-data-key": "name"}}
    posts = {"2024-01-01-a.md": post("tags:\n- cuisine\n- jardin\n- Vélo\n- musique")}
    found = lint(tmp_path, posts, pages=("vélo", "cuisine", "jardin"), table=table)
    # vélo comes from its page, cuisine/jardin from the data file; musique is unknown
    assert [(d.code, d.params.get("tag")) for d in found] == [("PL301", "Vélo"), ("PL301", "musique")]
    assert found[0].params["suggestion"] == "vélo" and found[0].fix and found[0].fix.safe


def test_no_vocabulary_no_unknown_tag(tmp_path: Path) -> None:
    table = {**BASE, "tags": {}}
    assert lint(tmp_path, {"2024-01-01-a.md": post("tags:\n- cuisine")}, table=table) == []


# --- PL302 placeholders, PL303 bounds, PL304 duplicates -------------------------------


def test_placeholders_reported_once_each(tmp_path: Path) -> None:
    found = lint(tmp_path, {"2024-01-01-a.md": post("tags:\n- foo\n- bar\n- baz")}, pages=tuple(VOCAB))
    assert [where(d) for d in found] == [("PL302", 4, 3), ("PL302", 5, 3), ("PL302", 6, 3)]


def test_placeholders_are_configurable(tmp_path: Path) -> None:
    table = {**BASE, "tags": {**BASE["tags"], "vocabulary": [*VOCAB, "foo"], "placeholders": ["brouillon"]}}
    found = lint(tmp_path, {"2024-01-01-a.md": post("tags:\n- foo\n- Brouillon")}, pages=(*VOCAB, "foo"), table=table)
    assert [(d.code, d.params["tag"]) for d in found] == [("PL302", "Brouillon")]


def test_tag_count_bounds(tmp_path: Path) -> None:
    posts = {
        "2024-01-01-many.md": post("tags:\n- design\n- outil\n- méthode\n- écosystème\n- développement"),
        "2024-01-02-none.md": post("tags: []"),
        "2024-01-03-empty.md": post("tags:"),
        "2024-01-04-absent.md": post("author: X"),
    }
    found = lint(tmp_path, posts, pages=tuple(VOCAB), prefix="PL303")
    got = {(d.path.rsplit("/", 1)[1], d.message_id, d.line, d.column) for d in found}
    assert got == {
        ("2024-01-01-many.md", "too-many", 8, 3),  # the 5th tag
        ("2024-01-02-none.md", "none", 3, 1),
        ("2024-01-03-empty.md", "none", 3, 1),
        ("2024-01-04-absent.md", "none", 1, 1),  # the schema does not require tags
    }


def test_tag_count_bounds_apply_per_glob(tmp_path: Path) -> None:
    table = {**BASE, "tags": {**BASE["tags"], "bounds": [{"include": ["_posts/2023-*"], "max": 1}]}}
    posts = {"2023-01-01-a.md": post("tags:\n- design\n- outil"), "2024-01-01-b.md": post("tags:\n- design\n- outil")}
    found = lint(tmp_path, posts, pages=tuple(VOCAB), table=table)
    assert [d.path for d in found] == ["_posts/2023-01-01-a.md"]


def test_duplicate_tag(tmp_path: Path) -> None:
    found = lint(tmp_path, {"2024-01-01-a.md": post("tags:\n- design\n- outil\n- design")}, pages=tuple(VOCAB))
    [diag] = found
    assert where(diag) == ("PL304", 6, 3) and diag.params["first_line"] == 4 and diag.fix and diag.fix.safe


def test_duplicate_in_another_spelling_is_unsafe(tmp_path: Path) -> None:
    table = {**BASE, "tags": {"vocabulary-from-pages": False, "pages": ""}}
    [diag] = lint(tmp_path, {"2024-01-01-a.md": post("tags: [design, Design]")}, table=table)
    assert diag.message_id == "variant" and diag.fix and not diag.fix.safe


def test_drafts_and_unmapped_files_are_not_checked(tmp_path: Path) -> None:
    posts = {"_2024-01-01-brouillon.md": post("tags:\n- foo")}
    assert lint(tmp_path, posts, pages=tuple(VOCAB)) == []


# --- PL305 shapes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags_yaml", "message_id", "line", "column"),
    [
        ("tags: design outil", "one-string", 3, 7),
        ("tags: design, outil", "comma-string", 3, 7),
        ("tags: design", "single-string", 3, 7),
        ("tags:\n- [design, outil]", "nested-list", 4, 3),
        ("tags:\n- design\n-\n- outil", "empty-item", 5, 2),
        ("tags:\n- design\n- ''", "empty-item", 5, 3),
        ("tags:\n- design\n- 2024", "non-string-item", 5, 3),
        ("tags:\n- design, outil", "comma-item", 4, 3),
        ("tags: {a: 1}", "not-a-list", 3, 7),
    ],
)
def test_shapes(tmp_path: Path, tags_yaml: str, message_id: str, line: int, column: int) -> None:
    found = lint(tmp_path, {"2024-01-01-a.md": post(tags_yaml)}, pages=tuple(VOCAB), prefix="PL305")
    assert [(d.message_id, d.line, d.column) for d in found] == [(message_id, line, column)]


def test_one_string_tags_are_located_each(tmp_path: Path) -> None:
    found = lint(tmp_path, {"2024-01-01-a.md": post("tags: design Outil")}, pages=tuple(VOCAB), prefix="PL301")
    assert [(d.params["tag"], d.line, d.column) for d in found] == [("Outil", 3, 14)]


def test_split_is_unsafe_when_a_piece_is_unknown(tmp_path: Path) -> None:
    [diag] = lint(tmp_path, {"2024-01-01-a.md": post("tags: open data")}, pages=tuple(VOCAB), prefix="PL305")
    assert diag.fix is not None and not diag.fix.safe  # "open data" is itself an allowed tag


# --- PL306 categories ------------------------------------------------------------


def test_categories_policies(tmp_path: Path) -> None:
    text = post("tags:\n- outil\ncategories:\n- Design\n- annonces")
    table = {**BASE, "tags": {**BASE["tags"], "categories": "no-tags-in-categories"}}
    found = lint(tmp_path / "a", {"2024-01-01-a.md": text}, pages=tuple(VOCAB), table=table, prefix="PL306")
    assert [(d.message_id, d.line, d.column) for d in found] == [("tag", 6, 3)]
    table = {**BASE, "tags": {**BASE["tags"], "categories": "forbid"}}
    found = lint(tmp_path / "b", {"2024-01-01-a.md": text}, pages=tuple(VOCAB), table=table, prefix="PL306")
    assert [(d.message_id, d.line, d.column) for d in found] == [("forbidden", 5, 1)]
    assert lint(tmp_path / "c", {"2024-01-01-a.md": text}, pages=tuple(VOCAB), prefix="PL306") == []


# --- repo-wide: pages, orphans, spellings ---------------------------------------------


def test_missing_page_uses_the_ascii_slug(tmp_path: Path) -> None:
    posts = {"2024-01-01-a.md": post("tags:\n- développement\n- écosystème\n- outil")}
    pages = ("outil", "écosystème")  # written as tag/outil.md and tag/ecosysteme.md
    found = lint(tmp_path, posts, pages=pages, table={**BASE, "tags": {**BASE["tags"], "vocabulary-from-pages": False}})
    [diag] = [d for d in found if d.code == "PL310"]
    assert where(diag) == ("PL310", 4, 3) and diag.params["page"] == "tag/developpement.md"


def test_jekyll_slug_mode_keeps_accents(tmp_path: Path) -> None:
    table = {**BASE, "tags": {**BASE["tags"], "slug": "jekyll", "vocabulary-from-pages": False}}
    found = lint(tmp_path, {"2024-01-01-a.md": post("tags:\n- écosystème")}, pages=("écosystème",), table=table)
    assert [d.params["page"] for d in found if d.code == "PL310"] == ["tag/écosystème.md"]


def test_orphan_page_is_info_and_drafts_do_not_count(tmp_path: Path) -> None:
    posts = {"2024-01-01-a.md": post("tags:\n- outil"), "_2024-01-02-b.md": post("tags:\n- design")}
    [diag] = lint(tmp_path, posts, pages=("outil", "design"), prefix="PL311")
    assert diag.path == "tag/design.md" and diag.severity.value == "info" and (diag.line, diag.column) == (3, 6)


def test_spelling_variants_grouped_once_without_vocabulary(tmp_path: Path) -> None:
    table = {**BASE, "tags": {"vocabulary-from-pages": False, "pages": ""}}
    posts = {
        "2024-01-01-a.md": post("tags:\n- design"),
        "2024-01-02-b.md": post("tags:\n- Design"),
        "2024-01-03-c.md": post("tags:\n- design"),
    }
    [diag] = lint(tmp_path, posts, table=table)
    assert diag.code == "PL312" and diag.path == "_posts/2024-01-02-b.md"
    assert "'design', 'Design'" in diag.message


def test_spelling_variants_left_to_unknown_tag_with_a_vocabulary(tmp_path: Path) -> None:
    posts = {"2024-01-01-a.md": post("tags:\n- design"), "2024-01-02-b.md": post("tags:\n- Design")}
    found = lint(tmp_path, posts, pages=tuple(VOCAB))
    assert [d.code for d in found] == ["PL301"]


# --- fixes end to end ------------------------------------------------------------------


def fix_round_trip(tmp_path: Path, text: str, *, unsafe: bool = False, nl: str = "\n") -> str:
    """Lint, apply every fix, re-lint; returns the fixed text."""
    config = site(tmp_path, {"2024-01-01-a.md": text}, pages=tuple(VOCAB))
    path = tmp_path / "_posts" / "2024-01-01-a.md"
    before = [d for d in lint_paths([], config=config).diagnostics if d.code.startswith("PL3")]
    fixes = [d.fix for d in before if d.fix is not None]
    assert fixes
    result = fix_file(path, fixes, unsafe=unsafe)
    assert result.changed
    after = [d for d in lint_paths([], config=config).diagnostics if d.code.startswith("PL3")]
    fixed_codes = {d.code for d in before if d.fix is not None and (d.fix.safe or unsafe)}
    assert not [d for d in after if d.code in fixed_codes]
    again = fix_file(path, [d.fix for d in after if d.fix is not None], unsafe=unsafe)
    assert not again.changed  # a second pass changes nothing
    new = path.read_bytes().decode("utf-8")
    # lines outside the front matter's tags are byte-identical
    assert new.split(f"---{nl}")[2] == text.split(f"---{nl}")[2]
    return new


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_fix_replaces_only_the_tag(tmp_path: Path, nl: str) -> None:
    text = post("tags:\n- Design   # main topic\n- \"developpement\"\n- outil", nl)
    new = fix_round_trip(tmp_path, text, nl=nl)
    assert new == text.replace("Design", "design").replace('"developpement"', '"développement"')


def test_fix_removes_duplicate_line(tmp_path: Path) -> None:
    text = post("tags:\n- design\n- outil\n- design\nauthor: X")
    assert fix_round_trip(tmp_path, text) == text.replace("- outil\n- design\n", "- outil\n")


def test_fix_removes_duplicate_in_flow_list(tmp_path: Path) -> None:
    text = post("tags: [design, outil, design]")
    assert fix_round_trip(tmp_path, text) == text.replace("[design, outil, design]", "[design, outil]")


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_fix_splits_one_string_into_block_list(tmp_path: Path, nl: str) -> None:
    text = post("tags: design, méthode\nauthor: X", nl)
    new = fix_round_trip(tmp_path, text, nl=nl)
    assert new == text.replace("tags: design, méthode", f"tags:{nl}- design{nl}- méthode")


def test_fix_splits_comma_item(tmp_path: Path) -> None:
    text = post("tags:\n  - design, outil\n  - méthode")
    assert fix_round_trip(tmp_path, text) == text.replace("  - design, outil", "  - design\n  - outil")


def test_fix_removes_empty_item(tmp_path: Path) -> None:
    text = post("tags:\n- design\n-\n- outil")
    assert fix_round_trip(tmp_path, text) == text.replace("- design\n-\n", "- design\n")


def test_unsafe_fix_applies_only_when_asked(tmp_path: Path) -> None:
    text = post("tags:\n- desing")
    config = site(tmp_path, {"2024-01-01-a.md": text}, pages=tuple(VOCAB))
    path = tmp_path / "_posts" / "2024-01-01-a.md"
    [diag] = [d for d in lint_paths([], config=config).diagnostics if d.code == "PL301"]
    assert not fix_file(path, [diag.fix]).changed
    assert fix_round_trip(tmp_path, text, unsafe=True) == text.replace("desing", "design")


# --- docs, examples, corpus -------------------------------------------------------------


def test_every_tag_rule_is_documented() -> None:
    rules = [r for r in registry() if r.code.startswith("PL3")]
    assert len(rules) >= 9
    for r in rules:
        for section in ("## Why it matters", "## Example", "## Fix"):
            assert section in r.explanation, (r.code, section)


def test_examples_report_each_tag_mistake_once() -> None:
    if not (EXAMPLES / "postlint.toml").is_file():
        pytest.skip("examples/ is not in this checkout")
    found = lint_paths([EXAMPLES]).diagnostics
    tagged = [(d.path.rsplit("/", 1)[-1], d.code) for d in found if d.code.startswith("PL3") or
              (d.code == "PL102" and "tags" in str(d.params.get("key")))]
    assert sorted(tagged) == sorted([
        ("2024-08-06-erreur-etiquette-foo.md", "PL302"),
        ("2024-10-01-erreur-etiquette-majuscule.md", "PL301"),
        ("24-08-20-erreur-cinq-etiquettes.md", "PL303"),
        ("24-10-15-erreur-etiquette-sans-accent.md", "PL301"),
        ("international.md", "PL311"),
    ])


def test_corpus_tag_findings() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the corpus (../shared/corpus/eig-site or POSTLINT_CORPUS) is absent")
    from postlint.api import load_config

    config = load_config(CORPUS, preset="eig")
    found = [d for d in lint_paths([], config=config).diagnostics if d.code.startswith("PL3")]
    assert [(d.path, d.code, d.line, d.column, d.params.get("page")) for d in found] == [
        ("_posts/20-11-10-bootcamp-comment-collaborer-efficacement-equipe-interdisciplinaire.md", "PL310", 9, 3,
         "tag/interdisciplinarite.md"),
    ]


def test_odd_values_are_reported_once_by_one_rule(tmp_path: Path) -> None:
    found = lint(tmp_path, {"2024-01-01-a.md": post("tags: [cuisine, cuisine, 2024]")}, pages=tuple(VOCAB))
    assert [(d.code, d.column) for d in found] == [("PL301", 8), ("PL304", 17), ("PL305", 26)]
