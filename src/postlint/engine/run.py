"""One run of postlint: the whole pipeline, in one place.

1. **Files**: the site index walks the repository once (:class:`SiteIndex`).
2. **Configuration**: rule families' options are validated once
   (:func:`~postlint.rules.validated_options`), shared by every check.
3. **Site model**: what Jekyll publishes where (:class:`SiteMap`), built
   once, from the cache for files whose front matter did not change.
4. **Per-file rules**: :func:`check_file` on each target, in worker
   processes when there are many; a result is reused from the cache while
   the file, the files it read and the site model are unchanged. The same
   pass collects what repo-wide rules need of the file (its summaries).
5. **Repo-wide rules**: each reduces the per-file summaries it declares.
6. **Filtering**: per-file ignores and inline suppression comments.

Every command goes through :class:`Run`: ``check`` (whole repository, some
paths, standard input, ``--changed-since``), ``--fix`` (which re-checks only
what its edits changed), ``mark-filled``, ``tags``, ``urls``, the library.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.core.diagnostics import Diagnostic, shorten
from postlint.core.memo import Memo
from postlint.core.suppress import covers, is_suppressed
from postlint.rules import registry, validated_options
from postlint.rules.base import Collector, Context, PostContext, Rule, Shared
from postlint.schemas import Schemas
from postlint.site.index import SiteIndex

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config
    from postlint.core.document import Post
    from postlint.engine.cache import Cache
    from postlint.jekyll.entry import Entry

#: below this many files to check, worker processes cost more than they save:
#: on 2 cores, checking N files of a 1,000-post site with -j1 and -j2 breaks
#: even between 100 and 150 files (see docs/performance.md).
PARALLEL_MIN = 150

#: the run a forked worker inherits from its parent (set just before the fork).
_FORKED: Run | None = None


@dataclass
class Selection:
    """What a run checks for the paths it was given."""

    targets: list[str]
    #: paths that do not exist.
    missing: list[str] = field(default_factory=list)
    #: files named on the command line that are not content, and why.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: content Jekyll does not publish now, left out of a whole-site or folder run.
    unpublished: int = 0
    whole: bool = False
    #: a folder was given (an empty selection is then a problem, as for the whole site).
    folders: bool = False


@dataclass
class FileResult:
    """What checking one file gives: its findings, the other files its
    checks read (cache dependencies), and its summaries for repo-wide rules."""

    diagnostics: list[Diagnostic]
    reads: list[str] = field(default_factory=list)
    summaries: dict[str, Any] = field(default_factory=dict)


class Run:
    """A configured run over one repository: owns the site index, the
    validated options, the cache and the worker processes."""

    def __init__(self, config: Config, *, jobs: int = 1, cache: bool | str | Path = False,
                 overlay: Mapping[str, str] | None = None, today: dt.date | None = None) -> None:
        from postlint.engine.cache import Cache

        self.config = config
        self.today = today or dt.date.today()
        self.registry = registry()
        options = validated_options(config)
        self.rules = [r for r in self.registry if config.is_enabled(r)]
        self.file_rules = [r for r in self.rules if r.scope == "post"]
        self.repo_rules = [r for r in self.rules if r.scope == "repo"]
        #: each collector once, with the first rule that uses it (its context).
        self.collectors: dict[str, tuple[Collector, Rule]] = {}
        for r in self.repo_rules:
            for c in r.collects:
                self.collectors.setdefault(c.name, (c, r))
        self.jobs = jobs if jobs > 0 else default_jobs()
        self.cache: Cache = Cache.in_memory() if cache is False else \
            Cache(config.root, None if cache is True else Path(cache))
        self._state: _State | None = None
        self.site = SiteIndex(config.root, config, overlay=overlay, today=self.today,
                              sitemap_entries=self._sitemap_entries, statuses=self._statuses)
        self.shared = Shared(config, self.site, options, Schemas(config),
                             known_rules=tuple((r.code, r.name) for r in self.registry))

    # -- the public surface -------------------------------------------------------

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.cache.close()

    def select(self, paths: Sequence[str | Path]) -> Selection:
        """The files to check for the given files and folders (none: the
        whole site). Folders give the content Jekyll publishes under them;
        a file named on its own is checked when Jekyll would render it
        (drafts and unpublished pages too), skipped with a reason otherwise."""
        site = self.site
        if not paths:
            return Selection(list(site.content_files), whole=True, unpublished=len(site.unpublished_files))
        chosen = Selection([])
        for given in paths:
            path = Path(given)
            rel = relative(path, site.root)
            if rel in site.overlay:
                chosen.targets.append(rel)
            elif rel in site.outside:
                chosen.targets.append(rel)  # never read: PL020 says what it is
            elif not path.exists() and not path.is_symlink():
                chosen.missing.append(rel)
            elif path.is_dir() and Path(rel).is_absolute():
                chosen.targets.extend(_content_outside(path, rel, self.config))
            elif path.is_dir():
                chosen.folders = True
                prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
                chosen.targets.extend(p for p in site.content_files if p.startswith(prefix))
                chosen.targets.extend(p for p in sorted(site.outside) if p.startswith(prefix))
                chosen.unpublished += sum(1 for p in site.unpublished_files if p.startswith(prefix))
            elif self.config.is_excluded(rel):
                chosen.skipped.append((rel, "excluded"))
            elif Path(rel).is_absolute() or site.status(rel) is not None:
                chosen.targets.append(rel)
            else:
                chosen.skipped.append((rel, self._why_not_content(rel)))
        chosen.targets = list(dict.fromkeys(chosen.targets))
        return chosen

    def _why_not_content(self, relpath: str) -> str:
        from postlint.jekyll import is_markup

        entry = self.site.sitemap.entries.get(relpath)
        if not is_markup(relpath, self.site.sitemap.config):
            return "not Markdown or HTML"
        if entry is None or entry.kind == "static":
            return "no front matter: Jekyll copies it as it is"
        return entry.reason or entry.kind

    def check(self, targets: Sequence[str] | None = None) -> list[Diagnostic]:
        """Findings on ``targets`` (repo-relative paths; None: every content
        file, and every repo-wide finding), sorted."""
        whole = targets is None
        wanted = list(self.site.content_files) if targets is None else list(targets)
        with few_collections():
            state = self._begin()
            hits = state.stored_results(wanted)
            fresh = self._check_files([rel for rel in wanted if rel not in hits])
            state.store_results(fresh)
            found = [d for rel in wanted for d in (hits[rel] if rel in hits else fresh[rel].diagnostics)]
            repo = self._repo_findings(state, fresh)
        found += self._keep_repo(repo, None if whole else set(wanted))
        return sorted(found, key=Diagnostic.sort_key)

    def refresh(self, changed: Iterable[str]) -> None:
        """Files rewritten on disk (by fixes): the next :meth:`check` reads
        them again and re-checks them and what depends on them; everything
        else is served from the cache."""
        self.site.forget(list(changed))
        self.shared.memo.clear()
        self._state = None

    def edit(self, relpath: str, text: str | None) -> None:
        """An editor's buffer for a file changed (None: closed or saved,
        the file on disk stands for itself again). The site model is kept
        and updated for this one file (see :meth:`SiteIndex.set_text`); the
        next :meth:`check` takes the cache's view of the repository again."""
        self.site.set_text(relpath, text)
        self.shared.memo.clear()  # what the run memoised may come from the old text
        self._state = None

    def check_buffer(self, relpath: str) -> list[Diagnostic]:
        """The per-file findings on one file as its text stands now
        (an editor's buffer, see :meth:`edit`), sorted; neither the cache
        nor the repo-wide rules are consulted: what an editor runs on
        every keystroke."""
        with few_collections():
            found = check_file(self, relpath).diagnostics
        return sorted(found, key=Diagnostic.sort_key)

    def post(self, relpath: str) -> Post:
        return self.site.post(relpath)

    # -- per-file rules -------------------------------------------------------------

    def _check_files(self, todo: list[str]) -> dict[str, FileResult]:
        if self.jobs > 1 and len(todo) >= PARALLEL_MIN and _can_fork():
            return self._check_parallel(todo)
        return {rel: check_file(self, rel) for rel in todo}

    def _check_parallel(self, todo: list[str]) -> dict[str, FileResult]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _FORKED
        # what every worker reads, built once before the fork instead of once per worker
        _ = self.site.sitemap.by_output, self.site.content_files
        size = max(8, len(todo) // (self.jobs * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        results: dict[str, FileResult] = {}
        _FORKED = self
        try:
            with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                for part in pool.map(_check_chunk, chunks):
                    results.update(part)
        finally:
            _FORKED = None
        return {rel: results[rel] for rel in todo}

    # -- repo-wide rules --------------------------------------------------------------

    def _repo_findings(self, state: _State, fresh: Mapping[str, FileResult]) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        summaries: dict[str, dict[str, Any]] = {}

        def source(collector: Collector) -> Mapping[str, Any]:
            if collector.name not in summaries:
                summaries[collector.name] = state.summaries(collector, fresh)
            return summaries[collector.name]

        for rule in self.repo_rules:
            key = None if rule.volatile else state.repo_key(rule)
            stored = state.stored_repo(rule, key) if key else None
            if stored is not None:
                found.extend(stored)
                continue
            diags = run_repo_rule(self, rule, source)
            if key:
                state.store_repo(rule, key, diags)
            found.extend(diags)
        return found

    def _keep_repo(self, findings: Iterable[Diagnostic], wanted: set[str] | None) -> list[Diagnostic]:
        """Repo-wide findings on the targets, minus what ignores and inline
        comments switch off."""
        kept: list[Diagnostic] = []
        for diag in findings:
            if wanted is not None and diag.path not in wanted:
                continue
            post = self.site.post(diag.path) if self.site.status(diag.path) is not None else None
            kept.extend(filtered(post, [diag], self.config))
        return kept

    # -- the cache --------------------------------------------------------------------

    def _begin(self) -> _State:
        if self._state is None:
            self._state = _State(self)
        return self._state

    def _sitemap_entries(self) -> dict[str, Entry]:
        return self._begin().site_map()

    def _statuses(self, site: SiteIndex) -> dict[str, str]:
        return self._begin().statuses()


# -- checking one file -----------------------------------------------------------------

def check_file(run: Run, relpath: str) -> FileResult:
    """Every per-file rule on one file, and its repo-wide summaries: the one
    per-file loop of postlint. Nothing raised while checking one file
    escapes it: a rule, a collector, loading or filtering that fails is a
    finding on that file (PL099), a rule out of time another (PL018)."""
    from postlint.engine.budget import Budget

    site = run.site
    if relpath in site.outside:
        return FileResult([])  # a link out of the repository: never read (PL020, repo-wide, says so)
    site.start_recording()
    memo = Memo()
    budget = Budget(run.config.engine.rule_time_budget)
    found: list[Diagnostic] = []
    summaries: dict[str, Any] = {}
    post: Post | None = None
    try:
        with budget.installed():
            post = site.post(relpath)
            found.extend(_parse(post, budget))
            timeouts = 0
            for number, rule in enumerate(run.file_rules):
                if timeouts >= MAX_TIMEOUTS:  # what is slow is shared by the rules: stop paying for it
                    found.append(skipped_rest(relpath, len(run.file_rules) - number))
                    break
                results = _run_rule(run, rule, post, memo, budget)
                timeouts += any(d.code == "PL018" for d in results)
                found.extend(results)
            if run.collectors and relpath in site.content_set:
                for name, (collector, owner) in run.collectors.items():
                    # skipped: nothing (not "not computed", which would compute it again, unbounded)
                    summaries[name] = _collect(run, collector, owner, post, memo, budget, found) \
                        if timeouts < MAX_TIMEOUTS else None
        diagnostics = filtered(post, found, run.config)
    except Exception as exc:  # loading or filtering: the file's other findings still count
        diagnostics = [*found, crash(relpath, None, exc)]
    finally:
        if post is not None:
            post.release()  # keeps memory flat: a checked post's tokens are not needed again
        memo.clear()
        reads = site.stop_recording()
    return FileResult(diagnostics, sorted(reads - {relpath}), summaries)


#: rules out of time on one file after which the others are not run on it.
MAX_TIMEOUTS = 2


def _parse(post: Post, budget: Any) -> list[Diagnostic]:
    """Parse the body once, before the rules, under the budget: a parse
    that never ends would otherwise be started again by every rule."""
    from postlint.engine.budget import RuleTimeout

    try:
        with budget.rule():
            _ = post.tokens
    except RuleTimeout:
        post.__dict__["tokens"] = []  # the rules see an empty body
        return [timed_out(post.relpath, "(parsing the Markdown)", budget.seconds)]
    return []


def _run_rule(run: Run, rule: Rule, post: Post, memo: Memo, budget: Any) -> list[Diagnostic]:
    """One rule's findings on one file; its failure or timeout as a finding."""
    from postlint.engine.budget import RuleTimeout

    ctx = PostContext(run.shared, rule, post=post, file_memo=memo)
    try:
        with budget.rule():
            return _listed(rule, post.relpath, rule.check(post, ctx), run.config.engine.max_findings_per_rule)
    except RuleTimeout:
        return [timed_out(post.relpath, f"{rule.code} {rule.name}", budget.seconds)]
    except Exception as exc:  # one broken rule must not stop the others
        return [crash(post.relpath, rule, exc)]


def _listed(rule: Rule, relpath: str, findings: Iterable[Diagnostic], limit: int) -> list[Diagnostic]:
    """The first ``limit`` findings, and the rest counted in one (PL022):
    the unlisted ones are made and dropped one by one, so memory stays flat."""
    listed: list[Diagnostic] = []
    unlisted = 0
    first: Diagnostic | None = None
    for diagnostic in findings:
        if not limit or len(listed) < limit:
            listed.append(diagnostic)
            continue
        unlisted += 1
        first = first or diagnostic
    if first is not None:
        listed.append(too_many(relpath, f"{rule.code} {rule.name}", first, unlisted, limit))
    return listed


def _collect(run: Run, collector: Collector, owner: Rule, post: Post, memo: Memo, budget: Any,
             found: list[Diagnostic]) -> Any:
    from postlint.engine.budget import RuleTimeout

    try:
        with budget.rule():
            return collector.collect(post, PostContext(run.shared, owner, post=post, file_memo=memo))
    except RuleTimeout:
        found.append(timed_out(post.relpath, f"{owner.code} {owner.name}", budget.seconds))
    except Exception as exc:
        found.append(crash(post.relpath, owner, exc))
    return None


def collect_one(run: Run, relpath: str, collector: Collector) -> Any:
    """One file's summary for one collector, outside a check (a file that
    is not a target, on a run without a stored summary), under the same
    time budget."""
    from postlint.engine.budget import Budget, RuleTimeout

    _collector, owner = run.collectors[collector.name]
    post = run.site.post(relpath)
    memo = Memo()
    budget = Budget(run.config.engine.rule_time_budget)
    try:
        with budget.installed(), budget.rule():
            return collector.collect(post, PostContext(run.shared, owner, post=post, file_memo=memo))
    except (Exception, RuleTimeout):  # reported when the file itself is checked
        return None
    finally:
        memo.clear()
        post.release()


def run_repo_rule(run: Run, rule: Rule, source: Any) -> list[Diagnostic]:
    try:
        return list(rule.check(Context(run.shared, rule, summary_source=source)))
    except Exception as exc:
        return [crash(".", rule, exc)]


def crash(relpath: str, rule: Rule | None, exc: Exception) -> Diagnostic:
    """A rule (or, ``rule=None``, loading the file) that raised, as a
    finding (PL099): never a traceback."""
    from postlint.rules.input import internal_error

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    error = shorten(f"{type(exc).__name__}: {exc}", 200) + where
    name = f"{rule.code} {rule.name}" if rule is not None else "(loading the file)"
    return internal_error.diagnostic(relpath, "default", 1, 1, rule=name, error=error)


def too_many(relpath: str, rule: str, first: Diagnostic, count: int, limit: int) -> Diagnostic:
    """The findings of one rule on this file past the listing limit (PL022),
    at the first one not listed."""
    from postlint.rules.input import too_many_findings

    return too_many_findings.diagnostic(relpath, "default", first.line, first.column, rule=rule, count=count,
                                        limit=limit)


def timed_out(relpath: str, rule: str, seconds: float) -> Diagnostic:
    """A rule (or a step all rules share) stopped past its time budget on this file (PL018)."""
    from postlint.rules.input import rule_timeout

    return rule_timeout.diagnostic(relpath, "default", 1, 1, rule=rule, budget=f"{seconds:g}")


def skipped_rest(relpath: str, count: int) -> Diagnostic:
    from postlint.rules.input import rule_timeout

    return rule_timeout.diagnostic(relpath, "rest", 1, 1, count=count, limit=MAX_TIMEOUTS)


def filtered(post: Post | None, diagnostics: Iterable[Diagnostic], config: Config) -> list[Diagnostic]:
    """Drop what per-file ignores and inline comments switch off (never an
    internal error: it must be seen)."""
    from postlint.rules.input import internal_error, rule_timeout

    kept = []
    for diag in diagnostics:
        ignored = config.ignored_in(diag.path)
        if ignored and any(covers(s, diag) for s in ignored):
            continue
        if post is not None and diag.code not in (internal_error.code, rule_timeout.code) \
                and is_suppressed(post.suppressions, diag):
            continue
        kept.append(diag)
    return kept


def _check_chunk(chunk: list[str]) -> list[tuple[str, FileResult]]:
    assert _FORKED is not None
    return [(rel, check_file(_FORKED, rel)) for rel in chunk]


def _can_fork() -> bool:
    import multiprocessing

    # without fork (macOS, Windows), one process: correct, only slower
    return "fork" in multiprocessing.get_all_start_methods()


# -- paths -------------------------------------------------------------------------------

def relative(path: Path, root: Path) -> str:
    """Repo-relative POSIX path; an absolute one for a path outside the
    root, so that it can never be mistaken for a file of the repo. A
    symbolic link keeps its own name (its folder is resolved, not the link:
    a link to a file outside the root is a file of the repo, never read)."""
    full = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _content_outside(folder: Path, rel: str, config: Config) -> list[str]:
    """Content files of a folder given on the command line but outside the repo."""
    from postlint.site.index import walk_files

    return sorted(f"{rel}/{sub}" for sub in walk_files(folder, config) if sub.lower().endswith((".md", ".markdown")))


# -- process settings ----------------------------------------------------------------------

@contextmanager
def few_collections() -> Iterator[None]:
    """Run with the young generations collected 70x less often: a run
    allocates millions of short-lived objects (tokens) and keeps the site
    alive, so the default thresholds spend ~15% of a cold run rescanning it."""
    old = gc.get_threshold()
    enabled = gc.isenabled()  # the CLI disables it while it starts
    gc.set_threshold(50_000, 20, 100)
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if not enabled:
            gc.disable()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- what the cache knows for this run ---------------------------------------------------------

class _State:
    """The cache's view of the repository at the start of a check: every
    file's hashes, and the keys derived from them."""

    def __init__(self, run: Run) -> None:
        from postlint.engine import cache as c

        self.run = run
        site = run.site
        self.cache = run.cache
        self.config_key = c.config_key(run.config)
        self.facts = run.cache.file_facts(site.root, site.files, site.stats, run.config.max_file_size)
        for rel, text in site.overlay.items():
            raw = text.encode("utf-8")
            self.facts[rel] = (c.digest(raw), c.front_matter_fact(raw, run.config.max_file_size))
        self.today = run.today.isoformat()
        #: what the site map depends on: which files exist, every front
        #: matter, the site's config and data files, today.
        self.front_matter_key = c.digest(self.config_key, c.repo_facts_key(site.files, self.facts, run.today))
        self.files_key = c.digest(self.today, *sorted(site.files))
        self.globals_key = c.digest(*(f"{rel}={self.facts.get(rel, ('',))[0]}" for rel in sorted(site.files)
                                      if c.is_global_file(rel)))
        self._site_key: str | None = None

    # -- the site map -----------------------------------------------------------
    def site_map(self) -> dict[str, Entry]:
        """The site map's entries: stored ones for files whose front matter
        and site config are unchanged, computed (and stored) for the others."""
        site = self.run.site
        # read while a file is being checked: what the map reads is every
        # file's front matter, not a dependency of that file's result
        recording, site._reads = site._reads, None
        try:
            entries = self.cache.site_map(self.front_matter_key)
            if entries is None:
                entries = self._entries_per_file()
                self._site_key = self._digest_entries(entries)
                self.cache.store_site_map(self.front_matter_key, entries, self._site_key)
            return entries
        finally:
            site._reads = recording

    def statuses(self) -> dict[str, str]:
        """Which files are content: stored with the site map (a warm run
        reads this small row, not the whole map)."""
        found = self.cache.statuses(self.front_matter_key)
        if found is None:
            found = self.run.site.compute_statuses()
            _ = self.site_key  # the row the statuses are stored in exists
            self.cache.store_statuses(self.front_matter_key, found)
        return found

    def _entries_per_file(self) -> dict[str, Entry]:
        from postlint.engine.cache import digest

        site = self.run.site
        config_files = digest(self.config_key, self.today, self.globals_key)
        keys = {rel: digest(config_files, rel, self.facts.get(rel, ("", ""))[1]) for rel in site.files}
        stored = self.cache.entries(keys)
        missing = [rel for rel in site.files if rel not in stored]
        computed = site.sitemap.compute_entries(missing) if missing else {}
        self.cache.store_entries([(rel, keys[rel], entry) for rel, entry in computed.items()])
        return {rel: stored[rel] if rel in stored else computed[rel] for rel in sorted(site.files)}

    def _digest_entries(self, entries: Mapping[str, Entry]) -> str:
        from postlint.engine.cache import digest

        return digest(self.files_key, self.globals_key, *("\x1f".join(map(str, e)) for e in entries.values()))

    @property
    def site_key(self) -> str:
        """What every per-file result depends on: the files that exist,
        where each is published, the site config and data files, today."""
        if self._site_key is None:
            self._site_key = self.cache.site_key(self.front_matter_key)
        if self._site_key is None:
            entries = self.run.site.sitemap.entries  # built and stored with its key when not stored
            if self._site_key is None:
                self._site_key = self._digest_entries(entries)
        return self._site_key

    # -- per-file results -------------------------------------------------------------
    def result_key(self, rel: str) -> str | None:
        from postlint.engine.cache import digest

        fact = self.facts.get(rel)
        return None if fact is None else digest(self.config_key, rel, fact[0])

    def stored_results(self, targets: Sequence[str]) -> dict[str, list[Diagnostic]]:
        keys = {rel: key for rel in targets if (key := self.result_key(rel)) is not None}
        if not keys:
            return {}
        hits: dict[str, list[Diagnostic]] = {}
        site_key = self.site_key
        for rel, (stored_site, deps, diags) in self.cache.results(keys).items():
            if stored_site == site_key and all(self.facts.get(p, ("",))[0] == sha for p, sha in deps.items()):
                hits[rel] = diags
        return hits

    def store_results(self, fresh: Mapping[str, FileResult]) -> None:
        if not fresh:
            return
        site_key = self.site_key
        rows = []
        summary_rows: dict[str, list[tuple[str, str, Any]]] = {}
        for rel, result in fresh.items():
            key = self.result_key(rel)
            if key is None:
                continue
            deps = {p: self.facts.get(p, ("",))[0] for p in result.reads}
            rows.append((rel, key, site_key, deps, result.diagnostics))
            for name, data in result.summaries.items():
                collector, _rule = self.run.collectors[name]
                summary_rows.setdefault(name, []).append((rel, self.summary_key(collector, rel), data))
        self.cache.store_results(rows)
        for name, srows in summary_rows.items():
            self.cache.store_summaries(name, srows)

    # -- summaries and repo-wide findings --------------------------------------------------
    def summary_key(self, collector: Collector, rel: str) -> str:
        from postlint.engine.cache import digest

        fact = self.facts.get(rel, ("", ""))
        return digest(self.config_key, collector.name, rel, fact[0] if collector.reads == "content" else fact[1])

    def summaries(self, collector: Collector, fresh: Mapping[str, FileResult]) -> dict[str, Any]:
        """Every content file's summary: from this run's checks, else from
        the cache, else computed now (and stored)."""
        run = self.run
        stored: dict[str, tuple[str, Any]] | None = None
        out: dict[str, Any] = {}
        new: list[tuple[str, str, Any]] = []
        for rel in run.site.content_files:
            result = fresh.get(rel)
            if result is not None and collector.name in result.summaries:
                out[rel] = result.summaries[collector.name]
                continue
            key = self.summary_key(collector, rel)
            if stored is None:
                stored = self.cache.summaries(collector.name)
            row = stored.get(rel)
            if row is not None and row[0] == key:
                out[rel] = row[1]
                continue
            out[rel] = collect_one(run, rel, collector)
            new.append((rel, key, out[rel]))
        self.cache.store_summaries(collector.name, new)
        return out

    def repo_key(self, rule: Rule) -> str:
        from postlint.engine.cache import digest

        parts = [self.config_key, rule.code, self.files_key, self.globals_key]
        for collector in rule.collects:
            parts.append(digest(*(self.summary_key(collector, rel) for rel in self.run.site.content_files)))
        return digest(*parts)

    def stored_repo(self, rule: Rule, key: str) -> list[Diagnostic] | None:
        return self.cache.repo_findings(rule.code, key)

    def store_repo(self, rule: Rule, key: str, diags: list[Diagnostic]) -> None:
        self.cache.store_repo_findings(rule.code, key, diags)
