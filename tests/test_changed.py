"""--changed-since: files touched since the merge base, and their linkers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from postlint.api import LintResult
from postlint.config import Config
from postlint.engine.changed import Change, ChangedError, changed_since, link_needles, parse_name_status
from postlint.engine.changed import lint_changed as run_changed
from postlint.engine.run import Run


def lint_changed(ref: str, config: Config) -> LintResult:
    with Run(config) as run:
        return run_changed(run, ref)
from postlint.api import load_config
from postlint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

POST = """---
title: {title}
---
{body}
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """main: four posts and an image; branch `pr`: a rename, a deletion, an
    edit and a new post, in two commits."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.org")
    _git(root, "config", "user.name", "T")
    _write(root, "postlint.toml", 'preset = "jekyll"\n')
    _write(root, "img/photo.png", "png")
    _write(root, "_posts/2024-01-10-ancien-nom.md", POST.format(title="Ancien", body="Texte."))
    _write(root, "_posts/2024-02-01-a-supprimer.md", POST.format(title="Supprimé", body="Texte."))
    _write(root, "_posts/2024-03-01-lien-renomme.md",
           POST.format(title="A", body="Voir [ici](/2024/01/10/ancien-nom.html)."))
    _write(root, "_posts/2024-03-02-lien-supprime.md",
           POST.format(title="B", body="Voir {% post_url 2024-02-01-a-supprimer %}."))
    _write(root, "_posts/2024-03-03-sans-rapport.md", POST.format(title="C", body="![x](/img/photo.png)"))
    _write(root, "_posts/2024-03-04-modifie.md", POST.format(title="D", body="Texte."))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "pr")
    _git(root, "mv", "_posts/2024-01-10-ancien-nom.md", "_posts/2024-01-10-nouveau-nom.md")
    _git(root, "rm", "-q", "_posts/2024-02-01-a-supprimer.md")
    _git(root, "commit", "-q", "-m", "rename and delete")
    _write(root, "_posts/2024-03-04-modifie.md", "---\ntitle: ''\n---\nTexte modifié.\n")
    _write(root, "_posts/2024-04-01-nouveau.md", POST.format(title="Nouveau", body="Texte."))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "edit and add")
    return root


def test_changes_since_the_merge_base(repo: Path) -> None:
    _git(repo, "checkout", "-q", "main")  # main moves on after the branch point
    _write(repo, "_posts/2024-05-01-sur-main.md", POST.format(title="Main", body="x"))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "main moves")
    _git(repo, "checkout", "-q", "pr")
    changed = changed_since("main", repo)
    by_path = {c.path: c for c in changed.changes}
    assert by_path["_posts/2024-01-10-nouveau-nom.md"] == Change("R", "_posts/2024-01-10-nouveau-nom.md",
                                                                 "_posts/2024-01-10-ancien-nom.md")
    assert by_path["_posts/2024-02-01-a-supprimer.md"].status == "D"
    assert by_path["_posts/2024-03-04-modifie.md"].status == "M"
    assert by_path["_posts/2024-04-01-nouveau.md"].status == "A"
    # what main did after the branch point is not the pull request's
    assert "_posts/2024-05-01-sur-main.md" not in by_path
    assert sorted(changed.gone) == ["_posts/2024-01-10-ancien-nom.md", "_posts/2024-02-01-a-supprimer.md"]


def test_lints_changed_files_and_files_linking_to_renamed_or_deleted_ones(repo: Path) -> None:
    result = lint_changed("main", load_config(repo))
    assert result.files == [
        "_posts/2024-01-10-nouveau-nom.md",
        "_posts/2024-03-01-lien-renomme.md",  # links to the renamed post's old URL
        "_posts/2024-03-02-lien-supprime.md",  # post_url of the deleted post
        "_posts/2024-03-04-modifie.md",
        "_posts/2024-04-01-nouveau.md",
    ]
    # the links to the renamed and deleted posts are now broken, the edited post's
    # title is empty; untouched files are not linted
    assert [(d.path, d.code) for d in result.diagnostics] == [
        ("_posts/2024-03-01-lien-renomme.md", "PL203"),
        ("_posts/2024-03-02-lien-supprime.md", "PL203"),  # post_url of the deleted post
        ("_posts/2024-03-04-modifie.md", "PL102"),
    ]


def test_uncommitted_and_untracked_files_count(repo: Path) -> None:
    _write(repo, "_posts/2024-06-01-brouillon-en-cours.md", POST.format(title="", body="x"))
    files = lint_changed("main", load_config(repo)).files
    assert "_posts/2024-06-01-brouillon-en-cours.md" in files


def test_nothing_changed_lints_nothing(repo: Path) -> None:
    result = lint_changed("pr", load_config(repo))
    assert result.files == [] and result.diagnostics == []


def test_config_root_below_the_git_top_level(repo: Path) -> None:
    site = repo / "site"
    _write(site, "postlint.toml", 'preset = "jekyll"\n')
    _write(site, "_posts/2024-07-01-dans-le-site.md", POST.format(title="S", body="x"))
    files = lint_changed("main", load_config(site)).files
    assert files == ["_posts/2024-07-01-dans-le-site.md"]


def test_unknown_ref_says_how_to_fetch_it(repo: Path) -> None:
    with pytest.raises(ChangedError, match=r"'origin/main' is not known in this repository: fetch it first"):
        changed_since("origin/main", repo)


def test_shallow_clone_without_the_base_branch(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth=1", "--branch", "pr", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone)
    code = main(["check", "--changed-since", "origin/main"])
    err = capsys.readouterr().err
    assert code == 2
    assert "not known in this shallow clone" in err and "fetch-depth: 0" in err


def test_shallow_clone_without_common_history(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth=1", "--no-single-branch", f"file://{repo}", str(clone))
    _git(clone, "checkout", "-q", "pr")
    with pytest.raises(ChangedError, match="no common history with 'origin/main' in this shallow clone"):
        changed_since("origin/main", clone)


def test_not_a_git_repository(tmp_path: Path) -> None:
    with pytest.raises(ChangedError, match="needs a git repository"):
        changed_since("main", tmp_path)


def test_cli_changed_since(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    assert main(["check", "--changed-since", "main"]) == 1  # the broken link is an error
    out = capsys.readouterr().out
    assert "_posts/2024-03-04-modifie.md:2:8: PL102" in out
    assert "(5 files checked)" in out


def test_parse_name_status_with_renames_copies_and_odd_names() -> None:
    raw = "R087\0old name.md\0new name.md\0M\0é.md\0C100\0a.md\0b.md\0D\0gone.md\0T\0link.md\0"
    assert parse_name_status(raw) == [
        Change("R", "new name.md", "old name.md"), Change("M", "é.md"), Change("A", "b.md"),
        Change("D", "gone.md"), Change("M", "link.md"),
    ]


def test_link_needles() -> None:
    assert link_needles("_posts/24-01-22-atelier.md") == {"_posts/24-01-22-atelier.md", "24-01-22-atelier", "atelier"}
    assert link_needles("img/blog/photo.png") == {"img/blog/photo.png"}


# -- only what the change introduces ----------------------------------------------------
@pytest.fixture()
def old_errors(tmp_path: Path) -> Path:
    """main: a hub page with an old broken link, linking to a guide with an
    old broken link of its own."""
    root = tmp_path / "old"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.org")
    _git(root, "config", "user.name", "T")
    _write(root, "_config.yml", "title: t\n")
    _write(root, "postlint.toml", 'preset = "jekyll"\n')
    _write(root, "_posts/2024-01-01-hub.md",
           POST.format(title="Hub", body="Old: [gone](/nowhere/).\n\nRead {% post_url 2024-01-02-guide %}."))
    _write(root, "_posts/2024-01-02-guide.md", POST.format(title="Guide", body="Old: [gone](/old-missing/)."))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "pr")
    # fix the guide's old error, add a new one
    _write(root, "_posts/2024-01-02-guide.md",
           POST.format(title="Guide", body="A new intro.\n\nFixed: see {% post_url 2024-01-01-hub %}.\n\nNew: [oops](/new-missing/)."))
    _git(root, "commit", "-qam", "fix one, break one")
    return root


def test_a_pull_request_reports_only_the_error_it_adds(old_errors: Path) -> None:
    result = lint_changed("main", load_config(old_errors))
    # the hub links to the changed guide: checked, but its old error is not the PR's
    assert "_posts/2024-01-01-hub.md" in result.files
    assert [(d.path, d.code, d.params.get("target")) for d in result.diagnostics] == [
        ("_posts/2024-01-02-guide.md", "PL203", "/new-missing/")]
    assert result.preexisting == 1


def test_the_cli_counts_the_old_findings_it_leaves_out(
        old_errors: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(old_errors)
    assert main(["check", "--no-cache", "--changed-since", "main"]) == 1
    out = capsys.readouterr().out
    assert "/new-missing/" in out and "/nowhere/" not in out
    assert "1 finding of the affected files was already there before the change" in out


def test_changed_since_with_a_path_reports_there_only(
        old_errors: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(old_errors)
    assert main(["check", "--no-cache", "--changed-since", "main", "_posts/2024-01-01-hub.md"]) == 0
    assert "no problems in 1 file." in capsys.readouterr().out


def test_a_baseline_from_main_gives_the_same_answer(
        old_errors: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(old_errors)
    _git(old_errors, "checkout", "-q", "main")
    assert main(["check", "--no-cache", "--baseline", ".baseline.json", "--update-baseline"]) == 0
    _git(old_errors, "checkout", "-q", "pr")
    capsys.readouterr()
    assert main(["check", "--no-cache", "--baseline", ".baseline.json", "--format", "json"]) == 1
    import json

    found = json.loads(capsys.readouterr().out)
    assert [(d["path"], d["code"]) for d in found] == [("_posts/2024-01-02-guide.md", "PL203")]
    assert "/new-missing/" in found[0]["message"]


def test_staged_deletion_checks_the_files_linking_to_it(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    _git(repo, "checkout", "-q", "main")
    _git(repo, "rm", "-q", "_posts/2024-02-01-a-supprimer.md")
    # pre-commit passes no file for a deletion: only --staged finds the linker
    assert main(["check", "--no-cache", "--staged"]) == 1
    out = capsys.readouterr().out
    assert "_posts/2024-03-02-lien-supprime.md:4:6: PL203" in out and "(1 file checked)" in out
    assert main(["check", "--no-cache", "--staged", "_posts/2024-03-04-modifie.md"]) == 1
    assert "(2 files checked)" in capsys.readouterr().out


def test_staged_with_nothing_staged_checks_nothing(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    assert main(["check", "--no-cache", "--staged"]) == 0
    assert "Nothing to check" in capsys.readouterr().out
