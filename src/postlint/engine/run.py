"""Running the rules fast: cached per-file results and worker processes.

:func:`run` does what :func:`postlint.api.run_rules` does, with two
optional speed-ups that never change the findings:

* a :class:`~postlint.engine.cache.Cache`: a file whose content, config, repo facts
  and read files are unchanged gets its stored diagnostics back; the site map
  reuses the stored entries of files whose front matter is unchanged;
* ``jobs > 1``: per-file rules run in worker processes, in chunks, once
  there are enough files to pay for the processes (:data:`PARALLEL_MIN`).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from postlint.core.diagnostics import Diagnostic

if TYPE_CHECKING:  # pragma: no cover
    from postlint.engine.cache import Cache
    from postlint.core.document import Post
    from postlint.site.index import RepoIndex
    from postlint.site.sitemap import Entry

#: below this many files to check, worker processes cost more than they save:
#: on 2 cores, checking N files of a 1,000-post site with -j1 and -j2 breaks
#: even between 100 and 150 files (see docs/performance.md).
PARALLEL_MIN = 150

#: the index a forked worker inherits from its parent (set just before the fork).
_SHARED: RepoIndex | None = None
#: the results row holding the repo-wide rules' findings (no file has this name).
_REPO_ROW = "\x00repo-wide"
#: repo-wide rules whose findings depend only on the repo facts (which files
#: exist, every front matter, data files, the site config, today): not on bodies.
FRONT_MATTER_REPO_RULES = frozenset({"PL310", "PL311", "PL312", "PL503"})


#: per-post caches that only the post's own per-file checks use, and that
#: hold most of its memory (markdown-it tokens, links, validation): dropped
#: once the post is checked, recomputed if anything asks again. Headings ids
#: (``_page_ids``, read by links to the post) and the front matter stay.
_PER_CHECK_CACHES = ("tokens", "_links", "_link_resolutions", "_validation", "_job_offer", "line_starts",
                     "lines", "_prose_masks", "_prose_views")


def release(post: Post) -> None:
    """Forget what checking ``post`` cached on it (see :data:`_PER_CHECK_CACHES`)."""
    for name in _PER_CHECK_CACHES:
        post.__dict__.pop(name, None)


@contextmanager
def few_collections() -> Iterator[None]:
    """Run with the young generations collected 70x less often: a run
    allocates millions of short-lived objects (tokens) and keeps the index
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


def run(index: RepoIndex, targets: Sequence[str], *, whole_repo: bool, jobs: int = 1,
        cache: Cache | None = None) -> list[Diagnostic]:
    from postlint import api

    state = _CacheState(index, cache) if cache is not None else None
    if state is not None:
        # loaded only if a check needs it: a run answered from the cache never does
        index.sitemap.loader = state.load_sitemap
        index.summaries = state.summaries
    try:
        todo = list(targets) if state is None else state.misses(targets)
        found: dict[str, list[Diagnostic]] = {} if state is None else state.hits
        fresh = _check_all(index, todo, jobs)
        for rel, (diags, _reads) in fresh.items():
            found[rel] = diags
        if state is not None:
            state.store(fresh)
        diagnostics = [d for rel in targets for d in found.get(rel, [])]
        repo = state.repo_findings() if state is not None else api.repo_rule_findings(index)
        diagnostics += api.keep_repo_findings(index, repo, targets, whole_repo=whole_repo)
    finally:
        if state is not None:  # the cache closes after the run: later uses compute the entries
            index.sitemap.loader = None
            index.summaries = None
            state.summaries.flush()
    return diagnostics


# -- checking ------------------------------------------------------------------------------

def _check_all(index: RepoIndex, todo: list[str], jobs: int) -> dict[str, tuple[list[Diagnostic], list[str]]]:
    if jobs > 1 and len(todo) >= PARALLEL_MIN:
        return _check_parallel(index, todo, jobs)
    return dict(_check_chunk(index, todo))


def _check_chunk(index: RepoIndex, chunk: Sequence[str]) -> list[tuple[str, tuple[list[Diagnostic], list[str]]]]:
    """Per-file rules on each file, with the other files each one read."""
    from postlint import api

    rules = [r for r in api.enabled_rules(index.config) if r.scope == "post"]
    out = []
    for rel in chunk:
        index.start_recording()
        post = api._load(index, rel)
        diags = api._filtered(post, api.check_post(post, rules, index), index.config)
        release(post)
        reads = sorted(index.stop_recording() - {rel})
        out.append((rel, (diags, reads)))
    return out


def _worker(chunk: list[str]) -> list[tuple[str, tuple[list[Diagnostic], list[str]]]]:
    assert _SHARED is not None
    return _check_chunk(_SHARED, chunk)


def _init_spawned(root: str, config_json: str) -> None:
    """A worker started without fork rebuilds the index itself."""
    global _SHARED
    from pathlib import Path

    from postlint.config import Config
    from postlint.site.index import RepoIndex

    config = Config.model_validate_json(config_json)
    _SHARED = RepoIndex(Path(root), config)


def _check_parallel(index: RepoIndex, todo: list[str], jobs: int) -> dict[str, tuple[list[Diagnostic], list[str]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED
    # what every worker needs, computed once before the fork instead of once per worker
    _ = index.sitemap.by_output, index.content_files
    size = max(8, len(todo) // (jobs * 4))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    methods = multiprocessing.get_all_start_methods()
    results: dict[str, tuple[list[Diagnostic], list[str]]] = {}
    _SHARED = index
    try:
        if "fork" in methods:
            pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
        else:  # pragma: no cover - macOS/Windows without fork
            pool = ProcessPoolExecutor(jobs, initializer=_init_spawned,
                                       initargs=(str(index.root), index.config.model_dump_json(by_alias=True)))
        with pool:
            for part in pool.map(_worker, chunks):
                results.update(part)
    finally:
        _SHARED = None
    return {rel: results[rel] for rel in todo}


# -- the cache --------------------------------------------------------------------------------

class _CacheState:
    """The cache's view of this run: keys of every target, facts of the repo."""

    def __init__(self, index: RepoIndex, cache: Cache) -> None:
        from postlint.engine import cache as c

        self.index = index
        self.cache = cache
        self.config_key = c.config_key(index.config)
        self.facts = cache.file_facts(index.root, index.files, index.stats, index.config.max_file_size)
        self.today = dt.date.today()
        self.repo_key = c.repo_facts_key(index.files, self.facts, self.today)
        self.hits: dict[str, list[Diagnostic]] = {}
        self.keys: dict[str, str] = {}

    @cached_property
    def summaries(self) -> _Summaries:
        return _Summaries(self)

    def load_sitemap(self) -> dict[str, Entry]:
        """The site map's entries: stored ones for files whose front matter
        and site config are unchanged, computed (and stored) for the others."""
        from postlint.engine.cache import digest

        index = self.index
        sitemap = index.sitemap
        # built while a file is being checked: what it reads here is every
        # file's front matter, not a dependency of that file's result
        recording, index._reads = index._reads, None
        try:
            return self._entries(digest)
        finally:
            index._reads = recording

    def _entries(self, digest: Callable[..., str]) -> dict[str, Entry]:
        # the whole map in one row, valid while the repo facts are (which
        # files exist, every front matter, the site config, today): a body
        # edit reads one row instead of one per file
        whole = digest(self.config_key, self.repo_key)
        entries = self.cache.site_map(whole)
        if entries is None:
            entries = self._entries_per_file(digest)
            self.cache.store_site_map(whole, entries)
        return entries

    def _entries_per_file(self, digest: Callable[..., str]) -> dict[str, Entry]:
        index = self.index
        sitemap = index.sitemap
        site = digest(self.config_key, self.today.isoformat(), *(
            f"{rel}={fact[0]}" for rel, fact in sorted(self.facts.items()) if rel.startswith("_config")))
        keys = {rel: digest(site, rel, self.facts.get(rel, ("", ""))[1]) for rel in index.files}
        stored = self.cache.entries(keys)
        entries = {}
        new = []
        for rel in sorted(index.files):
            entry = stored.get(rel)
            if entry is None:
                entry = sitemap._entry(rel)
                new.append((rel, keys[rel], entry))
            entries[rel] = entry
        self.cache.store_entries(new)
        return entries

    def key(self, rel: str) -> str | None:
        from postlint.engine.cache import digest

        fact = self.facts.get(rel)
        return None if fact is None else digest(self.config_key, rel, fact[0])

    def misses(self, targets: Sequence[str]) -> list[str]:
        for rel in targets:
            key = self.key(rel)
            if key is not None:
                self.keys[rel] = key
        for rel, (repo_key, deps, diags) in self.cache.results(self.keys).items():
            if repo_key == self.repo_key and all(self.facts.get(p, ("",))[0] == sha for p, sha in deps.items()):
                self.hits[rel] = diags
        return [rel for rel in targets if rel not in self.hits]

    def repo_findings(self) -> list[Diagnostic]:
        """Repo-wide findings, per group of rules: those reading only front
        matter, file names and data files (tags, data references) are reused
        while the repo facts are unchanged, so editing a body (as a
        pre-commit run does) does not re-run them; the others (external
        links read bodies) while no file of the repo changed."""
        from postlint import api
        from postlint.engine.cache import digest

        rules = [r for r in api.enabled_rules(self.index.config) if r.scope == "repo"]
        front = [r for r in rules if r.code in FRONT_MATTER_REPO_RULES]
        other = [r for r in rules if r.code not in FRONT_MATTER_REPO_RULES]
        everything = digest(self.config_key, self.repo_key, *(f"{p}={f[0]}" for p, f in sorted(self.facts.items()))) \
            if other else ""
        groups = [(_REPO_ROW + "front", digest(self.config_key, self.repo_key), front),
                  (_REPO_ROW, everything, other)]
        wanted = {row: key for row, key, group in groups if group}
        stored = self.cache.results(wanted)
        found: list[Diagnostic] = []
        fresh = []
        for row, key, group in groups:
            if not group:
                continue
            hit = stored.get(row)
            if hit is not None:
                found.extend(hit[2])
                continue
            diags = [d for r in group for d in api._run_repo_rule(r, self.index)]
            fresh.append((row, key, self.repo_key, {}, diags))
            found.extend(diags)
        self.cache.store_results(fresh)
        return found

    def store(self, fresh: dict[str, tuple[list[Diagnostic], list[str]]]) -> None:
        rows = []
        for rel, (diags, reads) in fresh.items():
            if rel not in self.keys:
                continue
            deps = {p: self.facts.get(p, ("",))[0] for p in reads}
            rows.append((rel, self.keys[rel], self.repo_key, deps, diags))
        self.cache.store_results(rows)


class _Summaries:
    """Per-file summaries for repo-wide rules, stored in the cache: a file's
    summary is recomputed (from the loaded post) only when its path, front
    matter or the config changed, so a run after one edit loads one post,
    not every post of the site. ``compute`` must depend on nothing else."""

    def __init__(self, state: _CacheState) -> None:
        self.state = state
        self.stored: dict[str, dict[str, tuple[str, str]]] = {}
        self.fresh: dict[str, list[tuple[str, str, str]]] = {}

    def get(self, name: str, relpath: str, compute: Callable[[Post], Any]) -> Any:
        import json

        from postlint.engine.cache import digest

        fact = self.state.facts.get(relpath)
        if fact is None:  # not hashed (unreadable): nothing to key it on
            return compute(self.state.index.post(relpath))
        key = digest(self.state.config_key, name, relpath, fact[1])
        if name not in self.stored:
            self.stored[name] = self.state.cache.summaries(name)
        row = self.stored[name].get(relpath)
        if row is not None and row[0] == key:
            try:
                return json.loads(row[1])
            except ValueError:
                pass  # an unreadable row is recomputed
        data = compute(self.state.index.post(relpath))
        self.fresh.setdefault(name, []).append((relpath, key, json.dumps(data, ensure_ascii=False)))
        return data

    def flush(self) -> None:
        for name, rows in self.fresh.items():
            self.state.cache.store_summaries(name, rows)
        self.fresh.clear()
