"""PL016-PL017, PL020-PL021: what the run was set up with: configuration
patterns that match nothing, plugins whose pages postlint does not know,
files that are links out of the repository, site and data files that
cannot be read.

A linter that silently checks nothing, or silently guesses, is worse than
none: these say so, once, at the line of the configuration concerned.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from postlint.core.diagnostics import Diagnostic
from postlint.core.globs import glob_match
from postlint.jekyll.plugins import unmodelled
from postlint.rules.base import Context, rule


def _config_patterns(ctx: Context) -> Iterator[tuple[str, str]]:
    """``(what, glob)`` of every file pattern of the configuration."""
    config = ctx.config
    for mapping in config.files:
        for glob in mapping.include:
            yield f"[[files]] include (schema {mapping.schema_name})", glob
    for glob in config.exclude:
        yield "exclude", glob
    for glob in config.per_file_ignores:
        yield "per-file-ignores", glob
    jobs = config.sections.get("jobs", {})
    detect = jobs.get("detect", {}) if isinstance(jobs, dict) else {}
    if isinstance(detect, dict):
        for glob in detect.get("collections", []) or []:
            if isinstance(glob, str):
                yield "[jobs.detect] collections", glob


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


@rule(
    "PL016",
    "pattern-matches-nothing",
    "A file pattern of the configuration matches no file of the site.",
    severity="warning",
    scope="repo",
    messages={
        "default": "{what} {glob!r} matches no file of the site: a typo, or a folder that moved?",
        "collection": "schema {schema}, key `{key}`: no collection {collection!r} (collections: {known})",
    },
)
def pattern_matches_nothing(ctx: Context) -> Iterator[Diagnostic]:
    """A glob written in the configuration (`[[files]] include`,
    `exclude`, `per-file-ignores`, `[jobs.detect] collections`) that matches
    no file, or a reference field naming a collection the site does not
    have. Patterns that come from a preset are not reported.

    ## Why it matters
    The rules meant for those files silently check nothing: a schema that
    applies to no post passes every post.

    ## Example
    ```toml
    [[files]]
    include = ["_post/*.md"]
    schema = "article"
    ```

    ## Fix
    ```toml
    [[files]]
    include = ["_posts/*.md"]
    schema = "article"
    ```
    """
    source = ctx.config.source
    if source is None:
        return
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError:
        return
    where = _relative(source, ctx.site.root)
    files = sorted(ctx.site.files)
    for what, glob in _config_patterns(ctx):
        if glob not in text or any(glob_match(rel, glob) for rel in files):
            continue
        yield ctx.diagnostic(where, "default", _line_of(text, glob), 1, what=what, glob=glob)
    collections = ctx.site.sitemap.config.collections
    for name, spec in ctx.config.schemas.items():
        for key, field in spec.fields.items():
            if field.collection and field.collection not in collections:
                yield ctx.diagnostic(where, "collection", _line_of(text, field.collection), 1, schema=name, key=key,
                                     collection=field.collection, known=", ".join(sorted(collections)))


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


@rule(
    "PL017",
    "unmodelled-plugin",
    "The site runs a plugin whose pages postlint does not know.",
    severity="info",
    scope="repo",
    messages={
        "default": "plugin {plugin} is not modelled: links to the pages it creates may be reported as broken "
                   "(list them in [links] known-urls)",
    },
)
def unmodelled_plugin(ctx: Context) -> Iterator[Diagnostic]:
    """A plugin declared in `_config.yml` (`plugins:`) or in the `Gemfile`
    (`jekyll_plugins` group) whose effect on the site postlint does not
    model. postlint knows what jekyll-redirect-from, jekyll-feed,
    jekyll-sitemap, jekyll-archives, jekyll-paginate(-v2),
    jekyll-optional-front-matter, jekyll-relative-links and
    jekyll-readme-index publish, and that head-tag, avatar or emoji
    plugins publish no page. For any other plugin, postlint says so once
    rather than guess.

    ## Why it matters
    A plugin that creates pages (a search page, an API) makes links to
    them exist on the real site while postlint cannot see them.

    ## Example
    ```yaml
    plugins:
      - jekyll-search-pages
    ```

    ## Fix
    Nothing to change on the site. If links to the plugin's pages are
    reported, list those pages: `[links] known-urls = ["/search/**"]`.
    """
    cfg = ctx.site.sitemap.config
    root = ctx.site.root
    texts = {}
    for name in ("_config.yml", "Gemfile"):
        try:
            texts[name] = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    for plugin in unmodelled(cfg.plugins):
        where = next((name for name, text in texts.items() if plugin in text), "_config.yml")
        yield ctx.diagnostic(where, "default", _line_of(texts.get(where, ""), plugin), 1, plugin=plugin)


@rule(
    "PL020",
    "link-out-of-repository",
    "A file of the site is a symbolic link to a file outside the repository.",
    severity="warning",
    scope="repo",
    messages={"default": "this file is a symbolic link to a file outside the repository: postlint does not read, "
                         "check or fix it"},
)
def link_out_of_repository(ctx: Context) -> Iterator[Diagnostic]:
    """A file of the site (a post, a page, a data file) is a symbolic link
    whose target lies outside the repository. postlint never reads, checks
    or rewrites a file outside the repository root: it reports the link
    once instead.

    ## Why it matters
    The site then depends on a file that is not in the repository: a clone
    or the build server does not have it, and a linter following the link
    could be made to read (or, fixing, write) any file of the machine.

    ## Example
    `_posts/2024-01-01-notes.md -> /home/camille/notes.md`

    ## Fix
    Copy the file into the repository instead of linking to it.
    """
    for relpath in sorted(ctx.site.outside):
        yield ctx.diagnostic(relpath, "default", 1, 1)


@rule(
    "PL021",
    "unreadable-site-file",
    "The site's configuration, a data file, or a file the configuration names cannot be read.",
    scope="repo",
    messages={
        "site-config": "`_config.yml` cannot be read ({problem}): Jekyll stops the build, "
                       "and postlint checked the site with Jekyll's defaults",
        "data-file": "this data file is not valid YAML ({problem}): Jekyll stops the build",
        "config-path": "{key} = {named!r}: {problem}",
        "folder": "this folder cannot be read ({reason}): none of its files was checked",
    },
)
def unreadable_site_file(ctx: Context) -> Iterator[Diagnostic]:
    """`_config.yml` or a YAML file of `_data/` that is not valid YAML (or
    whose aliases expand without end), or a file that postlint's
    configuration names (`[tags] vocabulary-data`, `[references]` files,
    a schema field's `data`) that is a folder, missing, or a link out of
    the repository; a folder of the site that cannot be listed. Each is reported once, at its file (files named by a
    preset are not reported: a preset names what a site may have).

    ## Why it matters
    Jekyll stops the build on such a file. And a check fed by a file that
    cannot be read would otherwise check nothing and pass.

    ## Example
    ```yaml
    title: 'Le programme
    ```

    ## Fix
    ```yaml
    title: 'Le programme'
    ```
    """
    from postlint.core.yamlpos import load_data

    site = ctx.site
    error = site.sitemap.config_error
    if error is not None:
        yield ctx.diagnostic("_config.yml", "site-config", error.line or 1, error.column or 1,
                             problem=_reason(str(error)))
    data_dir = site.sitemap.config.data_dir.strip("/") + "/"
    for rel in sorted(site.files):
        if not (rel.startswith(data_dir) and rel.lower().endswith((".yml", ".yaml"))):
            continue
        try:
            text = (site.root / rel).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            yield ctx.diagnostic(rel, "data-file", 1, 1, problem=getattr(exc, "strerror", None) or "not UTF-8 text")
            continue
        _data, issue = load_data(text)
        if issue is not None:
            yield ctx.diagnostic(rel, "data-file", issue.line, issue.column, problem=issue.params.get("problem", ""))
    for folder, reason in sorted(site.unreadable.items()):
        yield ctx.diagnostic(folder, "folder", 1, 1, reason=reason)
    yield from _config_paths(ctx)


def _reason(message: str) -> str:
    return message.split(": ", 1)[1] if message.startswith("invalid YAML in ") else message


def _named_files(ctx: Context) -> Iterator[tuple[str, str]]:
    """``(key, path)`` of every file postlint's configuration names."""
    tags = ctx.config.sections.get("tags", {})
    if isinstance(tags, dict) and isinstance(tags.get("vocabulary-data"), str):
        yield "[tags] vocabulary-data", tags["vocabulary-data"]
    refs = ctx.config.sections.get("references", {})
    for check in refs.get("data", []) if isinstance(refs, dict) else []:
        for key in ("file", "target"):
            if isinstance(check, dict) and isinstance(check.get(key), str):
                yield f"[references] {key}", check[key]
    for name, spec in ctx.config.schemas.items():
        for field_name, field in spec.fields.items():
            if field.data:
                yield f"[schemas.{name}.fields.{field_name}] data", field.data


def _config_paths(ctx: Context) -> Iterator[Diagnostic]:
    from postlint.config import repo_file

    source = ctx.config.source
    try:
        text = Path(source).read_text(encoding="utf-8") if source else ""
    except OSError:
        text = ""
    where = _relative(source, ctx.site.root) if source else "postlint.toml"
    site = ctx.site
    for key, path in _named_files(ctx):
        rel = repo_file(path)
        if rel in site.files or path not in text:
            continue  # a file of the site, or named by a preset (presets name what they may find)
        if rel in site.outside:
            problem = "a symbolic link to a file outside the repository, never read"
        elif rel and (site.root / rel).is_dir():
            problem = "a folder, not a file"
        else:
            problem = "no such file in the repository"
        yield ctx.diagnostic(where, "config-path", _line_of(text, path), 1, key=key, named=path, problem=problem)
