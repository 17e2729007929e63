"""The library API: what developers call (the CLI calls the same).

Every function here hands file lists to a :class:`~postlint.engine.run.Run`
and gets diagnostics back; see :mod:`postlint.engine.run` for the pipeline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.config import Config, ConfigError
from postlint.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # pragma: no cover
    from postlint.engine.run import Run
    from postlint.report import Report

__all__ = ["LintResult", "lint_paths", "lint_text", "load_config", "Config", "ConfigError"]


@dataclass
class LintResult:
    """What a run found, and over which files."""

    diagnostics: list[Diagnostic]
    files: list[str]
    config: Config
    #: the run that found them (its site and cache), for fixing and reports.
    run: Run | None = field(default=None, repr=False)
    #: whether the whole repository was checked (repo-wide findings on every file).
    whole: bool = False
    #: files named on the command line that are not content, and why.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: content Jekyll does not publish now, left out of a whole-site or folder run.
    unpublished: int = 0
    #: a folder or the whole site was asked for: finding no content there is a problem.
    wanted_content: bool = False
    #: findings hidden because the baseline lists them; its entries fixed since.
    baselined: int = 0
    baseline_fixed: int = 0
    #: ``--changed-since``: findings of affected files already there before the change.
    preexisting: int = 0

    @property
    def nothing_checked(self) -> bool:
        """A whole-site or folder run that found no content file to check:
        never a silent pass."""
        return self.wanted_content and not self.files

    def kinds(self) -> dict[str, int]:
        """How many posts, collection items and pages were checked."""
        counts: dict[str, int] = {}
        entries = self.run.site.sitemap.entries if self.run is not None else {}
        for rel in self.files:
            entry = entries.get(rel)
            kind = entry.kind if entry is not None else "page"
            if entry is not None and entry.collection is not None:
                kind = "post" if entry.collection == "posts" else "document"
            counts[kind] = counts.get(kind, 0) + 1
        return {k: counts[k] for k in ("post", "document", "page", "draft") if k in counts} | {
            k: n for k, n in counts.items() if k not in ("post", "document", "page", "draft")}

    def report(self, *, colour: bool = False, quiet: bool = False, relative_to: Path | None = None,
               fix_command: str = "--fix") -> Report:
        """What the output formats show of this result. Paths are relative
        to the site's root, or to ``relative_to`` (the repository's top, the
        current folder) when the site lies under it."""
        from postlint import __version__
        from postlint.core.fingerprint import file_lines
        from postlint.report import Report
        from postlint.rules import registry

        rules = {r.code: r for r in registry() if self.config.is_enabled(r)}
        prefix = _prefix(self.config.root, relative_to)
        site = self.run.site if self.run is not None else None

        def read(path: str) -> str | None:
            return site.source_text(path.removeprefix(prefix)) if site is not None else None

        def moved(path: str) -> str:
            return path if not prefix or Path(path).is_absolute() else prefix + path

        diagnostics = [dataclasses.replace(d, path=moved(d.path)) for d in self.diagnostics] if prefix \
            else self.diagnostics
        return Report(diagnostics, [moved(f) for f in self.files], rules, __version__, self.kinds(),
                      self.unpublished, [(moved(p), why) for p, why in self.skipped],
                      baselined=self.baselined, baseline_fixed=self.baseline_fixed, preexisting=self.preexisting,
                      fix_command=fix_command, line_text=file_lines(read), colour=colour, quiet=quiet)

    @property
    def exit_code(self) -> int:
        return 1 if any(d.severity is Severity.ERROR for d in self.diagnostics) else 0

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def _prefix(root: Path, base: Path | None) -> str:
    """``web/`` for a site in ``web/`` under ``base``; "" when not under it."""
    if base is None:
        return ""
    try:
        rel = root.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel in ("", ".") else rel + "/"


def load_config(
    start: str | Path | None = None,
    *,
    config_file: str | Path | None = None,
    preset: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Config:
    """Find, read, merge and validate the configuration for ``start``
    (rule families' tables included: a typo is a :class:`ConfigError`)."""
    from postlint.config import read_config
    from postlint.rules import validated_options

    config = read_config(start, config_file=config_file, preset=preset, overrides=overrides)
    validated_options(config)  # the rule families' tables, and the schemas named
    return config


def lint_paths(
    paths: Iterable[str | Path] = (),
    *,
    config: Config | None = None,
    config_file: str | Path | None = None,
    preset: str | None = None,
    overrides: dict[str, Any] | None = None,
    jobs: int = 1,
    cache: bool | str | Path = False,
    lang: str | None = None,
) -> LintResult:
    """Lint files and folders; with no paths, the whole repository.

    Repo-wide knowledge (what exists, what other posts say) always comes
    from the whole repository, whatever the paths.

    ``jobs``: worker processes for per-file rules (1: none; 0: one per
    available core). ``cache``: False (the library's default: nothing is
    written to the repo), True for ``.postlint_cache/`` at the repo root,
    or a folder. The findings are the same whatever both are.
    ``lang``: the language of the messages (``Diagnostic.message``): by
    default the config's ``lang``, else the current language (English).
    """
    from postlint.engine.run import Run

    given = list(paths)
    if config is None:
        config = load_config(given[0] if given else None, config_file=config_file, preset=preset, overrides=overrides)
    run = Run(config, jobs=jobs, cache=cache)
    try:
        result = check(run, given)
    finally:
        run.close()
    return dataclasses.replace(result, diagnostics=speaking(result.diagnostics, lang or config.lang))


def speaking(diagnostics: list[Diagnostic], lang: str | None) -> list[Diagnostic]:
    """The diagnostics with their messages in ``lang`` (None: unchanged)."""
    if lang is None:
        return diagnostics
    from postlint.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    return [dataclasses.replace(d, lang=lang) for d in diagnostics]


def check(run: Run, paths: Iterable[str | Path] = ()) -> LintResult:
    """Lint with a run that is already set up (its site, cache and workers)."""
    from postlint.rules.input import path_not_found

    given = list(paths)
    chosen = run.select(given)
    found = [path_not_found.diagnostic(rel, "default", 1, 1) for rel in chosen.missing]
    found += run.check(None if chosen.whole else chosen.targets)
    return LintResult(sorted(found, key=Diagnostic.sort_key), chosen.targets, run.config, run, whole=chosen.whole,
                      skipped=chosen.skipped, unpublished=chosen.unpublished,
                      wanted_content=chosen.whole or chosen.folders)


def recheck(result: LintResult) -> LintResult:
    """The same check again with the same run, after files changed (fixes):
    only what the changes affect is computed again."""
    from postlint.rules.input import path_not_found

    run = result.run
    if run is None:
        raise ValueError("this result has no run to check with again")
    missing = [d for d in result.diagnostics if d.code == path_not_found.code]
    found = missing + run.check(None if result.whole else result.files)
    return dataclasses.replace(result, diagnostics=sorted(found, key=Diagnostic.sort_key))


def lint_text(text: str, path: str = "_posts/untitled.md", *, config: Config | None = None,
              lang: str | None = None) -> list[Diagnostic]:
    """Lint content given as a string, as if it were the file ``path`` of
    the repo (the file itself is not read). ``lang`` as for :func:`lint_paths`."""
    from postlint.engine.run import Run

    config = config or load_config()
    with Run(config, overlay={path: text}) as run:
        return speaking(run.check([path]), lang or config.lang)


def config_from_table(table: dict[str, Any], root: Path) -> Config:
    """A config from a table (as in ``postlint.toml``), for tests and tools."""
    from postlint.config import _expand_presets, validate_config
    from postlint.rules import validated_options

    config = validate_config(_expand_presets(table), root=root)
    validated_options(config)
    return config
