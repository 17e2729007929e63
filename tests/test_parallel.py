"""Per-file rules in worker processes: the same findings, in the same order,
as one process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postlint.api import lint_paths, load_config
from postlint.engine import run as engine

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def parallel_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Force workers even on a small site, and note each parallel run."""
    calls: list[int] = []
    real = engine.Run._check_parallel

    def spy(run: Any, todo: list[str]) -> Any:
        calls.append(len(todo))
        return real(run, todo)

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(engine.Run, "_check_parallel", spy)
    return calls


def dump(root: Path, jobs: int, paths: list[Path] | None = None) -> list[dict[str, Any]]:
    result = lint_paths(paths or [], config=load_config(root), jobs=jobs)
    return [d.to_dict() for d in result.diagnostics]


def test_examples_site_jobs_2_equals_jobs_1(parallel_calls: list[int]) -> None:
    one = dump(EXAMPLES, 1)
    two = dump(EXAMPLES, 2)
    assert parallel_calls and parallel_calls[0] > 1
    assert two == one
    assert len(one) > 5  # the example site's deliberate mistakes


def test_order_is_stable_across_runs_and_job_counts(tmp_path: Path, parallel_calls: list[int]) -> None:
    (tmp_path / "_config.yml").write_text("permalink: /blog/:year/:title.html\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    for n in range(40):
        body = f"---\ntitle: T{n}\n---\n[x](/blog/2020/absent-{n}.html) ![](/img/none-{n}.png)\n"
        (tmp_path / "_posts" / f"2020-01-{n % 28 + 1:02d}-p{n}.md").write_text(body, encoding="utf-8")
    runs = [dump(tmp_path, jobs) for jobs in (1, 2, 3, 2)]
    assert all(r == runs[0] for r in runs)
    assert [d["path"] for d in runs[0]] == sorted(d["path"] for d in runs[0])
    assert len(parallel_calls) == 3


def test_few_files_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine.Run, "_check_parallel", lambda *a: pytest.fail("workers started for a few files"))
    lint_paths([EXAMPLES / "index.md"], config=load_config(EXAMPLES), jobs=2)
