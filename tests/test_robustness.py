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
            except Exception:  # a rule that swallows errors must still be stopped
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


# -- no silent misconfiguration -------------------------------------------------------------------

@pytest.mark.parametrize("table, where", [
    ({"select": ["PL2O3"]}, "select: 'PL2O3' names no rule"),
    ({"ignore": ["broken-lnk"]}, "ignore: 'broken-lnk' names no rule (did you mean 'broken-link'?)"),
    ({"extend-select": ["XX1"]}, "extend-select: 'XX1'"),
    ({"per-file-ignores": {"_posts/*": ["PL999"]}}, "per-file-ignores '_posts/*': 'PL999'"),
    ({"severity": {"PL9": "error"}}, "severity: 'PL9'"),
])
def test_a_selector_naming_no_rule_is_a_configuration_error(tmp_path: Path, table: dict[str, Any], where: str) -> None:
    from postlint.config import ConfigError

    with pytest.raises(ConfigError) as raised:
        Run(config_from_table(table, tmp_path))
    assert where in str(raised.value)


@pytest.mark.parametrize("table", [{"select": ["ALL"]}, {"select": ["PL2", "broken-link"]}, {"ignore": ["pl203"]}])
def test_selectors_naming_rules_pass(tmp_path: Path, table: dict[str, Any]) -> None:
    Run(config_from_table(table, tmp_path)).close()


def test_a_suppression_comment_naming_no_rule_is_reported_at_its_line(tmp_path: Path) -> None:
    from postlint.api import lint_text

    text = "---\ntitle: a\n---\n<!-- postlint-disable-next-line PL2O3, PL203 -->\n[a](/nulle-part.html)\n"
    found = lint_text(text, "page.md", config=config_from_table({}, tmp_path))
    unknown = [d for d in found if d.code == "PL019"]
    assert [(d.line, d.params["selector"]) for d in unknown] == [(4, "PL2O3")]
    assert "PL203" not in {d.code for d in found}  # the known code still works


# -- nothing outside the root ----------------------------------------------------------------------

def linked_site(tmp_path: Path) -> tuple[Path, Path]:
    root, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    (root / "_posts").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "_config.yml").write_text("title: Site\n")
    (root / "_posts" / "2020-02-02-ok.md").write_text("---\ntitle: ok\n---\nBonjour.\n")
    secret = elsewhere / "secret.md"
    secret.write_text("---\ntitle: 'secret '\n---\nBonjour !\n")
    (root / "_posts" / "2020-01-01-secret.md").symlink_to(secret)
    (root / "page.md").symlink_to(Path("..") / "elsewhere" / "secret.md")
    return root, secret


@pytest.mark.parametrize("paths", [[], ["."], ["_posts/2020-01-01-secret.md", "page.md"]])
def test_a_link_out_of_the_repository_is_reported_once_never_read_nor_fixed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str]) -> None:
    import io

    from postlint.api import check, load_config
    from postlint.fix.apply import run_fixes

    root, secret = linked_site(tmp_path)
    before = secret.read_bytes()
    monkeypatch.chdir(root)
    opened: list[str] = []
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        opened.append(str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with Run(load_config(root / paths[0] if paths else root), cache=True) as run:
        result = check(run, paths)
        run_fixes(run, result, fix=True, diff=False, unsafe=True, out=io.StringIO())
    found = [(d.path, d.code) for d in result.diagnostics if d.path in ("_posts/2020-01-01-secret.md", "page.md")]
    assert sorted(found) == [("_posts/2020-01-01-secret.md", "PL020"), ("page.md", "PL020")]
    assert not [p for p in opened if "secret" in p]
    assert secret.read_bytes() == before


# -- positions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("front_matter, where, problem", [
    ("title: 'Bilan\nlayout: post\n", (2, 8), "this quote is never closed"),
    ('title: "Bilan\nlayout: post\n', (2, 8), "this quote is never closed"),
    ("tags: [a, b\nlayout: post\n", (2, 7), "this [ is never closed"),
    ("x: 1\nauthor: {nom: a\nlayout: post\n", (3, 9), "this { is never closed"),
])
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens(
        tmp_path: Path, front_matter: str, where: tuple[int, int], problem: str) -> None:
    from postlint.api import lint_text

    found = lint_text(f"---\n{front_matter}---\nTexte.\n", "page.md", config=config_from_table({}, tmp_path))
    invalid = next(d for d in found if d.code == "PL007")
    assert ((invalid.line, invalid.column), invalid.params["problem"]) == (where, problem)


# -- the site's own files --------------------------------------------------------------------------

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdef", "bcdefg"))


def test_unreadable_site_files_are_each_reported_once_at_their_file(tmp_path: Path) -> None:
    from postlint.api import lint_paths, load_config

    (tmp_path / "_posts").mkdir()
    (tmp_path / "_data" / "sub").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("title: Site\nurl: [unclosed\n")
    (tmp_path / "_data" / "bomb.yml").write_text(BOMB)
    (tmp_path / "_data" / "sub" / "bad.yaml").write_text("x: 'unclosed\n")
    (tmp_path / "_data" / "list.yml").write_text("- a\n- b\n")  # a list is a valid data file
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: a\n---\nTexte.\n")
    (tmp_path / "postlint.toml").write_text('[tags]\nvocabulary-data = "_data/sub"\n\n'
                                            '[[references.data]]\nfile = "_data/nulle.yml"\nfield = "x"\n'
                                            'target = "_data/list.yml"\n')
    start = time.perf_counter()
    found = lint_paths([], config=load_config(tmp_path)).diagnostics
    assert time.perf_counter() - start < 10  # the bomb was not expanded
    unreadable = sorted((d.path, d.line, d.column, d.message_id) for d in found if d.code == "PL021")
    assert unreadable == [
        ("_config.yml", 2, 6, "site-config"),
        ("_data/bomb.yml", 1, 1, "data-file"),
        ("_data/sub/bad.yaml", 1, 4, "data-file"),
        ("postlint.toml", 2, 1, "config-path"),
        ("postlint.toml", 5, 1, "config-path"),
    ]
    messages = {d.params.get("named"): d.params["problem"] for d in found if d.message_id == "config-path"}
    assert messages == {"_data/sub": "a folder, not a file", "_data/nulle.yml": "no such file in the repository"}
    assert "PL099" not in {d.code for d in found}


@pytest.mark.parametrize("table", [
    {"tags": {"vocabulary-data": "../../etc/passwd"}},
    {"links": {"cache": "../cache.json"}},
    {"references": {"data": [{"file": "_data/../../x.yml", "field": "a", "target": "_data/y.yml"}]}},
])
def test_a_configured_path_out_of_the_repository_is_a_configuration_error(tmp_path: Path, table: dict[str, Any]) -> None:
    from postlint.config import ConfigError

    with pytest.raises(ConfigError, match="must be a path inside the repository") as raised:
        Run(config_from_table(table, tmp_path))
    assert "Value error" not in str(raised.value)


@pytest.mark.parametrize("message, plain", [
    ("Value error, must be a path", "must be a path"),
    ("Input should be a valid dictionary or instance of AuthorModel", "should be a set of `key: value` lines"),
    ("Input should be a valid integer [type=int_type, input_value='x', input_type=str]", "should be a valid integer"),
])
def test_validation_messages_are_in_editor_words(message: str, plain: str) -> None:
    from postlint.config import in_editor_words

    assert in_editor_words(message) == plain


def test_a_value_no_branch_of_a_union_accepts_is_one_finding_named_by_its_key(tmp_path: Path) -> None:
    from postlint.api import lint_text

    config = config_from_table({"preset": "jekyll"}, tmp_path)
    found = lint_text("---\ntitle: a\ncategories: {a: b}\n---\nTexte.\n", "_posts/2020-01-01-a.md", config=config)
    wrong = [d for d in found if d.code == "PL102"]
    assert [(d.line, d.params["key"]) for d in wrong] == [(3, "categories")]


def test_a_data_uri_is_a_valid_inline_asset(tmp_path: Path) -> None:
    from postlint.api import lint_text

    config = config_from_table({"preset": "jekyll", "files": [{"include": ["_posts/*.md"], "schema": "pic"}],
                                "schemas": {"pic": {"fields": {"image": {"type": "asset"}}}}}, tmp_path)
    text = ("---\ntitle: a\nimage: data:image/png;base64,iVBORw0KGgo=\n---\n"
            "![x](data:image/png;base64,iVBORw0KGgo=) <img src=\"data:image/gif;base64,R0lGOD==\" alt=\"y\">\n")
    found = lint_text(text, "_posts/2020-01-01-a.md", config=config)
    assert not [d for d in found if d.code in ("PL102", "PL201", "PL202", "PL203")]
    bad = lint_text(text.replace("data:image/png;base64,iVBORw0KGgo=\n", "dta:x\n"), "_posts/2020-01-01-a.md",
                    config=config)
    assert [d.line for d in bad if d.code == "PL102"] == [3]


def test_a_parse_that_never_ends_is_stopped_once_not_once_per_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from postlint.core import markdown

    def endless(text: str, *args: Any, **kwargs: Any) -> Any:
        while True:
            time.sleep(0.001)

    monkeypatch.setattr(markdown, "parse", endless)
    with site(tmp_path, budget=0.2) as run:
        start = time.perf_counter()
        found = run.check(["a.md"])
    assert time.perf_counter() - start < 3
    assert [d.params.get("rule") for d in found if d.code == "PL018"] == ["(parsing the Markdown)"]


def test_after_two_rules_out_of_time_the_others_are_not_run_on_that_file(tmp_path: Path) -> None:
    collected: list[str] = []
    with site(tmp_path, budget=0.2) as run:
        slow = [slow_when("a") for _ in range(4)]
        run.file_rules[1:1] = slow  # early in the list: the rules after them are skipped
        total = len(run.file_rules)
        for name, (collector, owner) in list(run.collectors.items()):
            def spy(post: Any, ctx: Any, real: Any = collector.collect) -> Any:
                collected.append(post.relpath)
                return real(post, ctx)
            run.collectors[name] = (type(collector)(collector.name, spy, collector.reads), owner)
        found = run.check(["a.md", "b.md"])
    assert collected and "a.md" not in collected  # not run on the file, nor later outside its check
    stopped = [d for d in found if d.code == "PL018"]
    assert [(d.path, d.message_id) for d in stopped] == [("a.md", "default"), ("a.md", "default"), ("a.md", "rest")]
    assert stopped[2].params["count"] == total - 3
    assert sum(1 for d in found if d.path == "b.md" and d.code == "PLX01") == 4  # the other file: every rule


def test_a_folder_that_cannot_be_listed_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from postlint.api import lint_paths, load_config

    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: Site\n")
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: a\n---\nTexte.\n")
    real = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("_posts"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = lint_paths([], config=load_config(tmp_path)).diagnostics
    assert [(d.path, d.message_id, d.params["reason"]) for d in found if d.code == "PL021"] == [
        ("_posts", "folder", "Permission denied")]


def many(count: int) -> Rule:
    """A rule with ``count`` findings on every file, one a line."""

    def check(post: Any, ctx: Any) -> Iterator[Diagnostic]:
        for n in range(count):
            yield ctx.at("default", 1 + n % 3, 1, number=n)

    return Rule("PLX05", "everywhere", "test", Severity.ERROR, {"default": "seen {number}"}, check)


def test_a_rule_lists_at_most_its_limit_and_counts_the_rest(tmp_path: Path) -> None:
    with site(tmp_path) as run:
        run.file_rules.append(many(1_200))
        found = [d for d in run.check(["a.md"]) if d.code in ("PLX05", "PL022")]
    listed = [d for d in found if d.code == "PLX05"]
    assert sorted(d.params["number"] for d in listed) == list(range(500))
    (more,) = [d for d in found if d.code == "PL022"]
    assert (more.params["rule"], more.params["count"], more.params["limit"]) == ("PLX05 everywhere", 700, 500)
    assert (more.line, more.severity) == (1 + 500 % 3, Severity.WARNING)  # at the first one not listed
    assert "700 more findings" in more.render("en")


def test_a_limit_of_zero_lists_every_finding(tmp_path: Path) -> None:
    (tmp_path / "postlint.toml").write_text("[engine]\nmax-findings-per-rule = 0\n")
    (tmp_path / "a.md").write_text("---\ntitle: a\n---\nBonjour.\n")
    from postlint.api import load_config

    with Run(load_config(tmp_path)) as run:
        run.file_rules.append(many(1_200))
        found = run.check(["a.md"])
    assert sum(d.code == "PLX05" for d in found) == 1_200
    assert "PL022" not in {d.code for d in found}


def test_findings_past_the_limit_cost_no_memory(tmp_path: Path) -> None:
    """They are made and dropped one by one: 200,000 of them need no more
    memory than the 500 listed (a list of all would take ~400 MB)."""
    import tracemalloc

    with site(tmp_path, budget=0) as run:
        run.file_rules.append(many(200_000))
        run.check(["b.md"])  # imports and caches first
        tracemalloc.start()
        try:
            found = run.check(["a.md"])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert [d.params["count"] for d in found if d.code == "PL022"] == [199_500]
    assert peak < 20_000_000


def test_fix_says_when_findings_past_the_limit_wait_for_the_next_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from postlint.cli import main

    (tmp_path / "_config.yml").write_text("title: Site\n")
    (tmp_path / "postlint.toml").write_text('lang = "fr"\nextend-select = ["PL608"]\n'
                                            "[engine]\nmax-findings-per-rule = 2\n")
    lines = "".join(f"Voici la ligne {n} de ce texte en français, elle est là .\n\n" for n in range(20))
    page = tmp_path / "index.md"
    page.write_text("---\ntitle: Accueil\n---\n" + lines)
    main(["check", "--no-cache", "--fix", "--lang", "en", str(tmp_path)])
    out = capsys.readouterr().out
    # 8 rounds of 2 fixes: 4 of the 20 are left, 2 listed and 2 counted
    assert "Applied 16 fixes to 1 file. 2 more findings were not listed (PL022): run again for them." in out
    assert page.read_text().count("là .") == 4
    main(["check", "--no-cache", "--fix", "--lang", "en", str(tmp_path)])
    assert "Applied 4 fixes" in capsys.readouterr().out
    assert "là ." not in page.read_text()
