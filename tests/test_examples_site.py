"""The example site: each deliberate front-matter mistake of
examples/README.md is reported at its file and line; valid posts are clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.api import lint_paths
from postlint.core.diagnostics import Diagnostic

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: file -> (code, the text on the line the finding must point at; None: line 1)
MISTAKES: dict[str, tuple[str, str | None]] = {
    "2024-05-14-erreur-titre-deux-points-non-protege.md": ("PL007", "title: Atelier accessibilit"),
    "24-05-28-erreur-auteur-manquant.md": ("PL101", None),
    "2024-07-02-erreur-twitter-avec-arobase.md": ("PL102", 'twitter: "@fabrique_communs"'),
    "24-07-16-erreur-casse-du-chemin-image.md": ("PL202", "image: /img/blog/Seminaire.png"),
    "2024-08-06-erreur-etiquette-foo.md": ("PL302", "- foo"),
    "24-08-20-erreur-cinq-etiquettes.md": ("PL303", "- collectif"),
    "2024-10-01-erreur-etiquette-majuscule.md": ("PL301", "- Design"),
    "24-10-15-erreur-etiquette-sans-accent.md": ("PL301", "- developpement"),
    "2024-02-30-erreur-date-impossible.md": ("PL104", None),
}


@pytest.fixture(scope="module")
def diagnostics() -> list[Diagnostic]:
    return lint_paths([EXAMPLES], lang="en").diagnostics  # the site is French; the tests read English


def line_of(name: str, needle: str | None) -> int:
    if needle is None:
        return 1
    lines = (EXAMPLES / "_posts" / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if ln.strip().startswith(needle.strip()))


def test_readme_lists_these_mistakes() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in MISTAKES:
        assert f"`{name}`" in readme


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_front_matter_mistake_is_reported_at_its_line(diagnostics: list[Diagnostic], name: str) -> None:
    code, needle = MISTAKES[name]
    here = [(d.line, d.code) for d in diagnostics if d.path == f"_posts/{name}"]
    assert here == [(line_of(name, needle), code)]


def test_valid_posts_and_other_files_are_clean(diagnostics: list[Diagnostic]) -> None:
    others = [(d.path, d.code) for d in diagnostics if "erreur-" not in d.path]
    # examples/README.md: the offer's deadline (January 2025) has passed, and
    # one tag page is deliberately used by no post (reported as info)
    assert others == [
        ("_posts/2024-11-20-offre-emploi-charge-accompagnement.md", "PL406"),
        ("tag/international.md", "PL311"),
    ]


def test_messages_say_what_to_do(diagnostics: list[Diagnostic]) -> None:
    by_file = {d.path.rsplit("/", 1)[-1]: d.message for d in diagnostics}
    assert "must be put in quotes" in by_file["2024-05-14-erreur-titre-deux-points-non-protege.md"]
    assert "write 'design'" in by_file["2024-10-01-erreur-etiquette-majuscule.md"]
    assert "write 'développement'" in by_file["24-10-15-erreur-etiquette-sans-accent.md"]
    assert "at most 4" in by_file["24-08-20-erreur-cinq-etiquettes.md"]
