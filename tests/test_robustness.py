"""The run goes on whatever one file does: a rule out of time is stopped
there (PL018), anything raised while checking a file is a finding on it
(PL099), and the other files are still checked."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table
from postlint.core.diagnostics import Diagnostic, Severity, shorten
from postlint.engine.budget import Budget, RuleTimeout
from postlint.engine.run import Run
from postlint.rules.base import Rule


def site(tmp_path: Path, budget: float = 0.3) -> Run:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: {name}\n---\nBonjour.\n")
    config = config_from_table({"engine": {"rule-time-budget": budget}}, tmp_path)
    return Run(config)


def slow_when(marker: str) -> Rule:
    """A rule that never ends on a file whose title is ``marker``, even
    when it catches every exception."""

    def check(post: Any, ctx: Any) -> Iterator[Diagnostic]:
        while (post.front_matter or {}).get("title") == marker:
            try:
                time.sleep(0.001)
            except Exception:  # noqa: BLE001 - a rule that swallows errors must still be stopped
                pass
        yield ctx.at("default", 1, 1)

    return Rule("PLX01", "slow-rule", "test", Severity.INFO, {"default": "seen"}, check)


def test_a_rule_past_its_budget_is_stopped_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    with site(tmp_path) as run:
        run.file_rules.append(slow_when("a"))
        start = time.perf_counter()
        found = run.check(["a.md", "b.md"])
        took = time.perf_counter() - start
    assert took < 5
    timeouts = [d for d in found if d.code == "PL018"]
    assert [(d.path, d.params["rule"]) for d in timeouts] == [("a.md", "PLX01 slow-rule")]
    assert "0.3 s" in timeouts[0].message
    # the slow rule's own finding on the other file, and the other rules on a.md
    assert any(d.path == "b.md" and d.code == "PLX01" for d in found)
    assert not any(d.path == "a.md" and d.code == "PLX01" for d in found)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


def test_the_budget_is_measured_where_signals_cannot_be_used(tmp_path: Path) -> None:
    """Off the main thread no signal can interrupt the rule: it runs to its
    end, and is reported the same way (its findings dropped)."""
    calls: list[float] = []

    def check(post: Any, ctx: Any) -> Iterator[Diagnostic]:
        if post.relpath == "a.md":
            time.sleep(0.5)
            calls.append(0.5)
        yield ctx.at("default", 1, 1)

    found: list[Diagnostic] = []

    def in_thread() -> None:
        with site(tmp_path) as run:
            run.file_rules.append(Rule("PLX02", "sleepy", "test", Severity.INFO, {"default": "seen"}, check))
            found.extend(run.check(["a.md", "b.md"]))

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(10)
    assert calls == [0.5]
    assert [d.path for d in found if d.code == "PL018"] == ["a.md"]
    assert [d.path for d in found if d.code == "PLX02"] == ["b.md"]


def test_an_outer_timer_is_left_alone() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    signal.setitimer(signal.ITIMER_REAL, 0.4)
    try:
        budget = Budget(0.1)
        with budget.installed(), pytest.raises(RuleTimeout), budget.rule():
            time.sleep(0.2)  # measured, not interrupted: the outer timer stays armed
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        time.sleep(0.4)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_budget_of_zero_switches_the_bound_off(tmp_path: Path) -> None:
    def check(post: Any, ctx: Any) -> Iterator[Diagnostic]:
        time.sleep(0.05)
        yield ctx.at("default", 1, 1)

    with site(tmp_path, budget=0) as run:
        run.file_rules.append(Rule("PLX03", "slowish", "test", Severity.INFO, {"default": "seen"}, check))
        found = run.check(["a.md"])
    assert [d.code for d in found if d.code.startswith("PLX")] == ["PLX03"]
    assert "PL018" not in {d.code for d in found}


def test_the_budget_is_a_configuration_key_with_a_did_you_mean(tmp_path: Path) -> None:
    from postlint.config import ConfigError

    with pytest.raises(ConfigError, match="rule-time-budget"):
        config_from_table({"engine": {"rule-time-budjet": 3}}, tmp_path)
    with pytest.raises(ConfigError):
        config_from_table({"engine": {"rule-time-budget": -1}}, tmp_path)


# -- nothing escapes a file ------------------------------------------------------------------

def test_loading_that_raises_is_a_finding_on_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from postlint.site.index import SiteIndex

    with site(tmp_path) as run:
        real = SiteIndex.post

        def post(self: SiteIndex, relpath: str) -> Any:
            if relpath == "a.md":
                raise RuntimeError("boom\nsecond line")
            return real(self, relpath)

        monkeypatch.setattr(SiteIndex, "post", post)
        found = run.check(["a.md", "b.md"])
    crashes = [d for d in found if d.code == "PL099"]
    assert [d.path for d in crashes] == ["a.md"]
    assert "(loading the file)" in crashes[0].message and "\n" not in crashes[0].message
    assert all(d.path == "b.md" for d in found if d.code != "PL099")


def test_a_collector_that_raises_is_a_finding_and_the_repo_rule_still_runs(tmp_path: Path) -> None:
    with site(tmp_path) as run:
        name, (collector, owner) = next(iter(run.collectors.items()))

        def broken(post: Any, ctx: Any) -> Any:
            if post.relpath == "a.md":
                raise ValueError("bad summary")
            return collector.collect(post, ctx)

        run.collectors[name] = (type(collector)(collector.name, broken, collector.reads), owner)
        found = run.check(["a.md", "b.md"])
    assert [(d.path, d.params["rule"]) for d in found if d.code == "PL099"] == [("a.md", f"{owner.code} {owner.name}")]


# -- values quoted in messages -------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    ("court", "court"),
    ("x" * 60, "x" * 60),
    ("x" * 61, "x" * 60 + "…"),
    ("a\nb\x1bc", "a\\nb\\x1bc"),
    ("\u2028", "\\u2028"),
])
def test_shorten(value: str, shown: str) -> None:
    assert shorten(value) == shown


def test_every_quoted_value_of_a_message_is_shortened_and_on_one_line() -> None:
    rule = Rule("PLX04", "quoting", "test", Severity.INFO,
                {"default": "value {value!r}; {suggestion}; {tags}"}, lambda *a: iter(()))
    d = rule.diagnostic("a.md", "default", 1, value="v" * 500, suggestion="s" * 100, tags=["t" * 80, "u"])
    message = d.render("en")
    assert message == f"value '{'v' * 60}…'; {'s' * 100}; {'t' * 60}…, u"


def test_a_rule_is_stopped_in_a_worker_process_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from postlint.engine import run as engine

    if not engine._can_fork():
        pytest.skip("no fork here")
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    with site(tmp_path) as run:
        run.jobs = 2
        run.file_rules.append(slow_when("b"))
        found = run.check(["a.md", "b.md"])
    assert [d.path for d in found if d.code == "PL018"] == ["b.md"]
    assert [d.path for d in found if d.code == "PLX01"] == ["a.md"]


# -- the fix engine ------------------------------------------------------------------------------

def test_a_post_with_a_name_near_the_limit_is_fixed_through_a_short_temporary_name(tmp_path: Path) -> None:
    from postlint.core.diagnostics import Edit, Fix
    from postlint.fix.edits import fix_file

    name = "2020-01-01-" + "x" * 230 + ".md"  # 244 bytes: with a prefix and a suffix it passed NAME_MAX
    path = tmp_path / name
    path.write_text("---\ntitle: a\n---\nhttp://\n")
    result = fix_file(path, [Fix((Edit(17, 24, "https://"),))])
    assert result.written and path.read_text().endswith("https://\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_link_target_is_fixed_in_the_target_not_in_the_text_before_it(tmp_path: Path) -> None:
    from postlint.api import lint_paths, load_config
    from postlint.fix.apply import fix_paths

    (tmp_path / "postlint.toml").write_text('[links]\nhttps-hosts = ["example.org"]\n')
    (tmp_path / "_config.yml").write_text("title: Site\n")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "photo.png").write_bytes(b"\x89PNG")
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: a\n---\nVoir http://example.org/a et [http://example.org/a](http://example.org/a)\n"
                    "![/img/Photo.png](/img/Photo.png)\n")
    result = lint_paths([page], config=load_config(tmp_path))
    insecure = next(d for d in result.diagnostics if d.code == "PL209")
    assert (insecure.line, insecure.column) == (4, 53)
    report = fix_paths(result, write=True)
    assert report.applied == 2
    assert page.read_text().splitlines()[3:] == [
        "Voir http://example.org/a et [http://example.org/a](https://example.org/a)",
        "![/img/Photo.png](/img/photo.png)"]


def test_a_bug_while_fixing_one_file_leaves_it_and_is_said_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from postlint.fix import apply
    from postlint.fix.edits import FixResult, Refusal

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("bad\nkey")

    monkeypatch.setattr(apply, "fix_file", broken)
    outcome = apply.fix_post_file(tmp_path / "a.md", "a.md", "x", [])
    assert outcome.error is not None and "KeyError" in outcome.error and outcome.applied == 0
    report = apply.FixReport([outcome, apply.FileFix("b\n.md", FixResult(tmp_path, refused=Refusal("x", "why\nnot")))])
    apply._warn_refusals(report)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and lines[1] == "postlint: b\\n.md: not fixed: why\\nnot"


def test_fix_rounds_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix that always finds something again (a rule bug) stops after
    MAX_FIX_ROUNDS rounds instead of looping forever."""
    import io

    from postlint.api import check, load_config
    from postlint.core.diagnostics import Edit, Fix
    from postlint.fix import apply

    (tmp_path / "_config.yml").write_text("title: Site\n")
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: a\n---\nx\n")

    def grows(post: Any, ctx: Any) -> Iterator[Diagnostic]:
        end = len(post.text)
        yield ctx.at("default", 1, 1, fix=Fix((Edit(end, end, "x"),)))

    with Run(load_config(tmp_path)) as run:
        run.file_rules.append(Rule("PLX05", "grows", "test", Severity.INFO, {"default": "again"}, grows, fixable=True))
        result = check(run, [page])
        apply.run_fixes(run, result, fix=True, diff=False, unsafe=False, out=io.StringIO())
    assert page.read_text() == "---\ntitle: a\n---\nx\n" + "x" * apply.MAX_FIX_ROUNDS
