"""The GitHub Action (action.yml) and the GitLab CI template, run for real
where it can be done without GitHub or GitLab: their shell steps."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the CI steps are bash scripts")


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.fixture()
def bin_dir(tmp_path: Path) -> Path:
    """A `postlint` command running this checkout (as pip would install it)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "postlint"
    script.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO / "src"}" exec "{sys.executable}" -m postlint "$@"\n')
    script.chmod(0o755)
    return folder


def _run_step(step: dict[str, Any], env: dict[str, str], bin_dir: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    output = tmp_path / "github_output"
    output.write_text("")
    full_env = {**os.environ, **env, "GITHUB_OUTPUT": str(output), "NO_COLOR": "1",
                "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=EXAMPLES, env=full_env,
                          capture_output=True, text=True, timeout=120)
    return proc, output.read_text()


def _action_step(step_id: str) -> dict[str, Any]:
    action = _load(REPO / "action.yml")
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


def test_action_is_a_composite_with_python_and_sarif_upload() -> None:
    action = _load(REPO / "action.yml")
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert steps[0]["uses"].startswith("actions/setup-python@")
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "inputs.sarif == 'true'" in upload["if"]
    # every input the steps use is declared
    used = {m for s in steps for m in _inputs_used(json.dumps(s))}
    assert used <= set(action["inputs"])


def _inputs_used(text: str) -> set[str]:
    import re

    return set(re.findall(r"inputs\.([a-z-]+)", text))


def test_action_check_step_annotates_and_writes_sarif(bin_dir: Path, tmp_path: Path) -> None:
    step = _action_step("check")
    sarif_file = tmp_path / "out.sarif"
    env = {"POSTLINT_PATHS": "_posts", "POSTLINT_CHANGED_SINCE": "", "POSTLINT_ARGS": "--ignore PL104",
           "POSTLINT_SARIF": "true", "POSTLINT_SARIF_FILE": str(sarif_file)}
    proc, outputs = _run_step(step, env, bin_dir, tmp_path)
    assert proc.returncode == 0, proc.stderr  # the step records the status, a later step fails the job
    assert "exit-code=1" in outputs
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any(line.startswith("::error ") for line in lines)
    assert not any("PL104" in line for line in lines)  # args reached postlint
    results = json.loads(sarif_file.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == len(lines)


def test_action_check_step_passes_on_a_clean_selection(bin_dir: Path, tmp_path: Path) -> None:
    env = {"POSTLINT_PATHS": "_posts/2023-09-18-lancement-de-la-fabrique.md", "POSTLINT_CHANGED_SINCE": "",
           "POSTLINT_ARGS": "", "POSTLINT_SARIF": "false", "POSTLINT_SARIF_FILE": "x.sarif"}
    proc, outputs = _run_step(_action_step("check"), env, bin_dir, tmp_path)
    assert proc.returncode == 0 and "exit-code=0" in outputs and proc.stdout == ""
    assert not (EXAMPLES / "x.sarif").exists()


def test_gitlab_template_reports_and_fails_on_errors(bin_dir: Path, tmp_path: Path) -> None:
    job = _load(REPO / "ci" / "postlint.gitlab-ci.yml")["postlint"]
    assert job["artifacts"]["when"] == "always"
    reports = job["artifacts"]["reports"]
    script = [line for line in job["script"] if "pip install" not in line]
    # run from a copy: the job writes its reports into the working folder
    site = tmp_path / "site"
    shutil.copytree(EXAMPLES, site)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "POSTLINT_ARGS": "", "NO_COLOR": "1"}
    env.pop("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", None)
    proc = subprocess.run(["bash", "-c", "\n".join(script)], cwd=site, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    issues = json.loads((site / reports["codequality"]).read_text(encoding="utf-8"))
    assert issues and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in issues)
    assert "<testsuites" in (site / reports["junit"]).read_text(encoding="utf-8")
