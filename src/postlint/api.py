"""The library API: what the CLI and developers call.

The pipeline: discover files -> load config -> build the repo index once ->
per-file rules -> repo-wide rules -> suppressions -> sorted diagnostics.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from postlint.config import Config, ConfigError, load_config, validate_config
from postlint.core.diagnostics import Diagnostic, Severity
from postlint.core.document import Post
from postlint.rules import registry
from postlint.rules.base import Context, PostContext, Rule
from postlint.site.index import RepoIndex, is_content
from postlint.core.suppress import is_suppressed

__all__ = ["LintResult", "lint_paths", "lint_text", "load_config", "Config", "ConfigError"]


@dataclass
class LintResult:
    """What a run found, and over which files."""

    diagnostics: list[Diagnostic]
    files: list[str]
    config: Config
    index: RepoIndex | None = field(default=None, repr=False)

    @property
    def exit_code(self) -> int:
        return 1 if any(d.severity is Severity.ERROR for d in self.diagnostics) else 0

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def enabled_rules(config: Config) -> list[Rule]:
    return [r for r in registry() if config.is_enabled(r)]


def lint_paths(
    paths: Iterable[str | Path] = (),
    *,
    config: Config | None = None,
    config_file: str | Path | None = None,
    preset: str | None = None,
    overrides: dict[str, Any] | None = None,
    jobs: int = 1,
    cache: bool | str | Path = False,
) -> LintResult:
    """Lint files and folders; with no paths, the whole repository.

    Repo-wide knowledge (what exists, what other posts say) always comes
    from the whole repository, whatever the paths.

    ``jobs``: worker processes for per-file rules (1: none; 0: one per
    available core). ``cache``: False (the library's default: nothing is
    written to the repo), True for ``.postlint_cache/`` at the repo root,
    or a folder. The findings are the same whatever both are.
    """
    given = [Path(p) for p in paths]
    if config is None:
        config = load_config(given[0] if given else None, config_file=config_file, preset=preset, overrides=overrides)
    index = RepoIndex(config.root, config)
    targets, missing = _targets(given, index)
    diagnostics = [_engine_diagnostic(config, index, "PL015", rel) for rel in missing]
    diagnostics += _run(index, targets, whole_repo=not given, jobs=jobs, cache=cache)
    return LintResult(sorted(diagnostics, key=Diagnostic.sort_key), targets, config, index)


def _run(index: RepoIndex, targets: list[str], *, whole_repo: bool, jobs: int,
         cache: bool | str | Path) -> list[Diagnostic]:
    from postlint.engine import run as engine

    jobs = jobs if jobs > 0 else engine.default_jobs()
    with engine.few_collections():
        return _run_engine(index, targets, whole_repo=whole_repo, jobs=jobs, cache=cache)


def _run_engine(index: RepoIndex, targets: list[str], *, whole_repo: bool, jobs: int,
                cache: bool | str | Path) -> list[Diagnostic]:
    from postlint.engine import run as engine

    if jobs == 1 and cache is False:
        return run_rules(index, targets, whole_repo=whole_repo)
    store = None
    if cache is not False:
        from postlint.engine.cache import Cache

        store = Cache(index.root, None if cache is True else Path(cache))
    try:
        return engine.run(index, targets, whole_repo=whole_repo, jobs=jobs, cache=store)
    finally:
        if store is not None:
            store.close()


def lint_text(text: str, path: str = "_posts/untitled.md", *, config: Config | None = None) -> list[Diagnostic]:
    """Lint content given as a string, as if it were the file ``path`` of
    the repo (the file itself is not read)."""
    config = config or load_config()
    index = RepoIndex(config.root, config)
    post = Post.from_text(text, path, root=config.root)
    index.add(post)
    return sorted(run_rules(index, [post.relpath], whole_repo=False), key=Diagnostic.sort_key)


def _targets(given: list[Path], index: RepoIndex) -> tuple[list[str], list[str]]:
    """Repo-relative paths to lint, and the given paths that do not exist."""
    config = index.config
    if not given:
        return [p for p in index.content_files], []
    targets: list[str] = []
    missing: list[str] = []
    for path in given:
        rel = _relative(path, index.root)
        if not path.exists() and not path.is_symlink():
            missing.append(rel)
        elif path.is_dir() and _outside(rel):
            targets.extend(_content_outside(path, rel, index))
        elif path.is_dir():
            prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
            targets.extend(p for p in index.content_files if p.startswith(prefix))
        elif not config.is_excluded(rel):
            targets.append(rel)
    return list(dict.fromkeys(targets)), missing


def _relative(path: Path, root: Path) -> str:
    """Repo-relative POSIX path; an absolute one for a path outside the
    root, so that it can never be mistaken for a file of the repo."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _outside(rel: str) -> bool:
    return Path(rel).is_absolute()


def _content_outside(folder: Path, rel: str, index: RepoIndex) -> list[str]:
    """Content files of a folder given on the command line but outside the repo."""
    from postlint.site.index import walk_files

    return sorted(f"{rel}/{sub}" for sub in walk_files(folder, index.config) if is_content(sub))


def run_rules(index: RepoIndex, targets: Sequence[str], *, whole_repo: bool) -> list[Diagnostic]:
    config = index.config
    rules = enabled_rules(config)
    per_post = [r for r in rules if r.scope == "post"]
    found: list[Diagnostic] = []
    from postlint.engine.run import release

    for relpath in targets:
        post = _load(index, relpath)
        found.extend(_filtered(post, check_post(post, per_post, index), config))
        release(post)  # keeps memory flat: a checked post's tokens are not needed again
    return found + run_repo_rules(index, targets, whole_repo=whole_repo)


def run_repo_rules(index: RepoIndex, targets: Sequence[str], *, whole_repo: bool) -> list[Diagnostic]:
    """Repo-wide rules on the whole index; without ``whole_repo`` only
    the findings on ``targets`` are kept."""
    return keep_repo_findings(index, repo_rule_findings(index), targets, whole_repo=whole_repo)


def repo_rule_findings(index: RepoIndex) -> list[Diagnostic]:
    """Every finding of the repo-wide rules, before any filtering."""
    rules = enabled_rules(index.config)
    return [diag for r in rules if r.scope == "repo" for diag in _run_repo_rule(r, index)]


def keep_repo_findings(index: RepoIndex, findings: Iterable[Diagnostic], targets: Sequence[str], *,
                       whole_repo: bool) -> list[Diagnostic]:
    """The repo-wide findings on the targets, minus what ignores and inline comments switch off."""
    found: list[Diagnostic] = []
    wanted = None if whole_repo else set(targets)
    for diag in findings:
        if wanted is not None and diag.path not in wanted:
            continue
        post = index.post(diag.path) if is_content(diag.path) and diag.path in index.files else None
        found.extend(_filtered(post, [diag], index.config) if post else [diag])
    return found


def _load(index: RepoIndex, relpath: str) -> Post:
    if relpath in index.files or (not _outside(relpath) and (index.root / relpath).exists()):
        return index.post(relpath)
    return Post.load(Path(relpath), None, max_bytes=index.config.max_file_size)


def check_post(post: Post, rules: Sequence[Rule], index: RepoIndex) -> list[Diagnostic]:
    """Run per-file rules on one post; a failing rule becomes a diagnostic."""
    found: list[Diagnostic] = []
    for rule in rules:
        ctx = PostContext(index.config, index, rule, post=post)
        try:
            found.extend(rule.check(post, ctx))
        except Exception as exc:  # one broken rule must not stop the others
            found.append(_crash(index, post.relpath, rule, exc))
    return found


def _run_repo_rule(rule: Rule, index: RepoIndex) -> list[Diagnostic]:
    try:
        return list(rule.check(Context(index.config, index, rule)))
    except Exception as exc:
        return [_crash(index, ".", rule, exc)]


def _crash(index: RepoIndex, relpath: str, rule: Rule, exc: Exception) -> Diagnostic:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    error = f"{type(exc).__name__}: {exc} at {Path(where.filename).name}:{where.lineno}"
    return _engine_diagnostic(index.config, index, "PL099", relpath, rule=f"{rule.code} {rule.name}", error=error)


def _engine_diagnostic(config: Config, index: RepoIndex, code: str, relpath: str, **params: Any) -> Diagnostic:
    rule = registry().rules[code]
    return Context(config, index, rule).diagnostic(relpath, "default", 1, 1, **params)


def _filtered(post: Post | None, diagnostics: Iterable[Diagnostic], config: Config) -> list[Diagnostic]:
    """Drop what per-file ignores and inline comments switch off."""
    kept = []
    for diag in diagnostics:
        ignored = config.ignored_in(diag.path)
        if ignored and any(_selects(s, diag) for s in ignored):
            continue
        if post is not None and diag.code != "PL099" and is_suppressed(post.suppressions, diag):
            continue
        kept.append(diag)
    return kept


def _selects(selector: str, diag: Diagnostic) -> bool:
    from postlint.core.suppress import covers

    return covers(selector, diag)


def config_from_table(table: dict[str, Any], root: Path) -> Config:
    """A config from a table (as in ``postlint.toml``), for tests and tools."""
    from postlint.config import _expand_presets

    return validate_config(_expand_presets(table), root=root)
