"""The pre-commit hook, for real: ``pre-commit try-repo`` on this repository.

pre-commit clones this repository (uncommitted changes included: try-repo
copies them into a shadow commit), builds the hook's virtualenv from it with
pip (dependencies come from PyPI, nothing else from the network), and runs
``postlint check`` on the staged files of a throwaway content repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed: pre-commit needs it"),
]

GOOD = """---
layout: post
title: Bilan de l’atelier
author: Camille Roux
description: Ce que nous avons appris.
image: /img/bilan.png
twitter: fabrique
tags:
- méthode
---
Texte.
"""

BAD = GOOD.replace("author: Camille Roux\n", "")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pre_commit", reason="pre-commit is a test dependency: pip install -e .[test]")
    # Its own cache: the hook environment is built from this checkout, never
    # reused from the user's ~/.cache/pre-commit.
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture()
def content_repo(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "img").mkdir()
    (site / "img" / "bilan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "postlint.toml").write_text('preset = "eig"\n', encoding="utf-8")
    _git(site, "init", "-q")
    _git(site, "config", "user.email", "test@example.org")
    _git(site, "config", "user.name", "Test")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "site")
    return site


def _try_repo(site: Path, home: Path, hook: str = "postlint", *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)  # the hook must run the code installed in its own virtualenv
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--color", "never", *extra],
        cwd=site, env=env, capture_output=True, text=True, timeout=900,
    )


def test_hook_fails_on_a_bad_post_and_prints_the_finding(content_repo: Path, pre_commit_home: Path) -> None:
    bad = content_repo / "_posts" / "2024-06-01-sans-auteur.md"
    bad.write_text(BAD, encoding="utf-8")
    _git(content_repo, "add", "-A")
    proc = _try_repo(content_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    # the eig preset speaks French: the hook's own install carries the compiled catalogue
    assert "_posts/2024-06-01-sans-auteur.md:1:1: PL101 `author` manque" in out


def test_hook_passes_on_a_good_post(content_repo: Path, pre_commit_home: Path) -> None:
    (content_repo / "_posts" / "2024-06-01-bilan.md").write_text(GOOD, encoding="utf-8")
    _git(content_repo, "add", "-A")
    proc = _try_repo(content_repo, pre_commit_home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_warnings_show_when_the_hook_passes(content_repo: Path, pre_commit_home: Path) -> None:
    post = content_repo / "_posts" / "2024-06-01-bilan.md"
    post.write_text(GOOD.replace("- méthode\n", "- méthode\n- méthode\n"), encoding="utf-8")
    _git(content_repo, "add", "-A")
    proc = _try_repo(content_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out  # a warning does not block the commit...
    assert "_posts/2024-06-01-bilan.md:10:3: PL304" in out  # ...but the editor sees it
    assert "pre-commit run postlint-fix --hook-stage manual" in out  # a command that works, tried below


def test_the_fix_hook_applies_safe_fixes(content_repo: Path, pre_commit_home: Path) -> None:
    post = content_repo / "_posts" / "2024-06-01-bilan.md"
    post.write_text(GOOD.replace("- méthode\n", "- méthode\n- méthode\n"), encoding="utf-8")
    _git(content_repo, "add", "-A")
    proc = _try_repo(content_repo, pre_commit_home, "postlint-fix", "--hook-stage", "manual")
    assert post.read_text(encoding="utf-8").count("- méthode") == 1, proc.stdout + proc.stderr
    assert proc.returncode == 1  # pre-commit's way of saying "files were modified": stage them again


def test_deleting_a_linked_post_is_blocked_at_the_linking_line(content_repo: Path, pre_commit_home: Path) -> None:
    (content_repo / "_posts" / "2024-06-01-bilan.md").write_text(GOOD, encoding="utf-8")
    (content_repo / "_posts" / "2024-06-02-suite.md").write_text(
        GOOD.replace("Texte.", "Voir le {% post_url 2024-06-01-bilan %}."), encoding="utf-8")
    _git(content_repo, "add", "-A")
    _git(content_repo, "commit", "-q", "-m", "two posts")
    _git(content_repo, "rm", "-q", "_posts/2024-06-01-bilan.md")
    proc = _try_repo(content_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "_posts/2024-06-02-suite.md:11:" in out and "PL203" in out
