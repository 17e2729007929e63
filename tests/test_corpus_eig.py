"""The eig preset on the real site snapshot finds what the site's former
test suite would have found, at the right file and key, and nothing else
on ``_posts/``. The former suite's checks are re-derived here
independently, with plain ``yaml.safe_load``."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from postlint.api import lint_paths

REQUIRED = ("author", "description", "image", "layout", "title", "twitter", "tags")
ALLOWED_TAGS = {
    "accompagnement", "algorithme", "collectif", "datascience", "design", "développement", "international",
    "méthode", "open", "outil", "partenariat", "pérennisation", "recrutement", "réalisation", "témoignage",
    "écosystème", "évaluation", "interdisciplinarité",
}
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def corpus() -> Path:
    env = os.environ.get("POSTLINT_CORPUS")
    path = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "eig-site"
    if not (path / "_posts").is_dir():
        pytest.skip(f"corpus not available at {path} (set POSTLINT_CORPUS)")
    return path


def failing_keys(root: Path, data: Any) -> set[str]:
    """The keys the former suite would fail on, for one post."""
    if not isinstance(data, dict):
        return {"(front matter)"}
    bad = {key for key in REQUIRED if key not in data}
    image = data.get("image")
    if "image" in data and not (
        isinstance(image, str)
        and (image.startswith("http") or (image.startswith("/img/") and (root / image.lstrip("/")).is_file()))
    ):
        bad.add("image")
    if "layout" in data and data.get("layout") != "post":
        bad.add("layout")
    twitter = data.get("twitter")
    if "twitter" in data and not (isinstance(twitter, str) and twitter and not twitter.startswith("@") and "/" not in twitter):
        bad.add("twitter")
    tags = data.get("tags")
    if "tags" in data and not (
        isinstance(tags, list) and 1 <= len(tags) <= 4 and all(isinstance(t, str) and t in ALLOWED_TAGS for t in tags)
    ):
        bad.add("tags")
    return bad


def independent_failures(root: Path) -> dict[str, set[str]]:
    failures: dict[str, set[str]] = {}
    for path in sorted((root / "_posts").glob("*.md")):
        if path.name.startswith("_"):
            continue
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        try:
            data = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            data = None
        bad = failing_keys(root, data)
        if bad:
            failures[f"_posts/{path.name}"] = bad
    return failures


def test_eig_preset_reports_exactly_the_former_suites_failures() -> None:
    root = corpus()
    expected = independent_failures(root)
    assert expected, "the independent check found nothing: it is not checking anything"
    result = lint_paths([root], preset="eig")
    reported: dict[str, set[str]] = {}
    for diag in result.diagnostics:
        top_level_post = diag.path.startswith("_posts/") and diag.path.count("/") == 1
        if not top_level_post or diag.path.rsplit("/", 1)[-1].startswith("_"):
            continue
        # the former suite checked the front matter only: links in bodies
        # (PL2xx findings without a front-matter key) are beyond it
        if diag.code.startswith(("PL0", "PL1")) or (diag.code.startswith("PL2") and "key" in diag.params):
            reported.setdefault(diag.path, set()).add(str(diag.params.get("key") or "(front matter)"))
    # every failure found independently is reported, on its file and key
    for path, keys in expected.items():
        assert path in reported, f"{path}: {keys} not reported"
        assert keys <= reported[path] or "(front matter)" in reported[path], (path, keys, reported[path])
    # and postlint reports nothing on _posts/ that the former checks do not explain
    assert set(reported) == set(expected)
    for path, keys in reported.items():
        assert keys <= expected[path] | {"(front matter)"}, (path, keys, expected[path])


def test_corpus_run_is_clean_of_internal_errors() -> None:
    root = corpus()
    result = lint_paths([root], preset="eig")
    assert not [d for d in result.diagnostics if d.code == "PL099"]
    assert len(result.files) > 300
