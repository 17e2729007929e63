"""Command-line interface: argument parsing only; the work is in the API.

Exit status: 0 no error-severity finding, 1 some, 2 usage or configuration
error. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint import __version__
from postlint.i18n import _, ngettext, set_language

if TYPE_CHECKING:  # pragma: no cover
    from postlint.api import LintResult

FORMATS = ("text", "json")
LANGUAGES = ("en", "fr")
#: formats of ``postlint check``: module of postlint.report rendering each.
CHECK_FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postlint",
        description="Check the content of a Jekyll-style site: front matter, links, tags, job offers.",
    )
    parser.add_argument("--version", action="version", version=f"postlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files and folders (default: the whole repository)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    _add_config_options(check)
    check.add_argument("--format", choices=CHECK_FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output", "-o", metavar="FILE",
                       help="write the report to FILE; the terminal still gets the text report")
    check.add_argument("--changed-since", metavar="REF",
                       help="report only the findings introduced since the merge base with REF, in changed files "
                            "and the files linking to them (with PATHs: only there)")
    check.add_argument("--baseline", metavar="FILE",
                       help="do not report the findings FILE lists (default: config `baseline`)")
    check.add_argument("--update-baseline", action="store_true",
                       help="write the baseline file from this run's findings, then report none")
    check.add_argument("--staged", action="store_true",
                       help="also check the files linking to content deleted or renamed in the git index "
                            "(the pre-commit hook's mode)")
    check.add_argument("--stdin-filename", metavar="PATH",
                       help="check text read from standard input as if it were the file PATH")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these rules (codes, prefixes or names, comma-separated)")
    check.add_argument("--extend-select", type=_codes, metavar="CODES", help="add rules to the selection (e.g. opt-in rules)")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these rules")
    check.add_argument("--external", action="store_true", help="also check external links over the network (needs postlint[links])")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary when all is well")
    check.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: also apply unsafe fixes")
    check.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                       help="worker processes for per-file checks (default: one per available core)")
    check.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache (.postlint_cache/)")
    check.add_argument("--cache-dir", metavar="DIR", help="keep the cache in DIR instead of .postlint_cache/ at the repo root")
    check.set_defaults(func=_cmd_check)

    mark = sub.add_parser("mark-filled", help="mark job offers as filled (every configured status signal)")
    mark.add_argument("files", nargs="+", metavar="FILE", help="job offer files")
    _add_config_options(mark)
    mark.add_argument("--diff", action="store_true", help="print the edits as a unified diff; change nothing")
    mark.set_defaults(func=_cmd_mark_filled)

    close = sub.add_parser("mark-closed", help="mark job offers as closed, not filled (every configured status signal)")
    close.add_argument("files", nargs="+", metavar="FILE", help="job offer files")
    _add_config_options(close)
    close.add_argument("--diff", action="store_true", help="print the edits as a unified diff; change nothing")
    close.set_defaults(func=_cmd_mark_closed)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=FORMATS, default="text")
    rules.set_defaults(func=_cmd_rules)

    urls = sub.add_parser("urls", help="show the URL at which Jekyll publishes each source file")
    urls.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the whole site)")
    _add_config_options(urls)
    urls.add_argument("--format", choices=FORMATS, default="text")
    urls.add_argument("--all", action="store_true", help="also list files that are not published")
    urls.set_defaults(func=_cmd_urls)

    tags = sub.add_parser("tags", help="report every tag: counts, posts, spellings, pages")
    tags.add_argument("path", nargs="?", metavar="PATH", help="the site, or a folder of it (default: here)")
    _add_config_options(tags)
    tags.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    tags.add_argument("--posts", action="store_true", help="list the posts of every tag, not only the rare ones")
    tags.set_defaults(func=_cmd_tags)

    schema = sub.add_parser("schema", help="export the JSON Schema of a front-matter schema, for editors")
    schema.add_argument("target", nargs="?", metavar="SCHEMA_OR_PATH",
                        help="a schema name (eig-post), a file or a folder (_posts); none: list them")
    _add_config_options(schema)
    schema.add_argument("--output", "-o", metavar="FILE", help="write the JSON Schema to FILE")
    schema.add_argument("--draft", choices=("2020-12", "7"), default="2020-12",
                        help="JSON Schema draft (default 2020-12; 7 for remark-lint-frontmatter-schema and ajv)")
    schema.add_argument("--no-tags", action="store_true",
                        help="do not list the site's allowed tags as the values of the tags key")
    schema.set_defaults(func=_cmd_schema)

    init = sub.add_parser("init", help="write a postlint.toml inferred from the site's _config.yml and front matter")
    init.add_argument("path", nargs="?", default=".", metavar="PATH", help="the site's root folder (default: here)")
    init.add_argument("--force", action="store_true", help="replace an existing configuration file")
    init.add_argument("--dry-run", action="store_true", help="print the configuration; write nothing")
    init.add_argument("--diff", action="store_true",
                      help="print the change to the existing configuration as a unified diff; write nothing")
    init.set_defaults(func=_cmd_init)

    server = sub.add_parser("lsp", help="run the language server over stdio, for editors (needs postlint[lsp])")
    server.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache (.postlint_cache/)")
    server.set_defaults(func=_cmd_lsp)

    explain = sub.add_parser("rule", help="explain one rule (code or name)")
    explain.add_argument("code", metavar="CODE")
    for command in (check, mark, close, rules, urls, tags, schema, init, server, explain):
        command.add_argument("--lang", choices=LANGUAGES, metavar="LANG",
                             help="language of the messages: en or fr (default: config `lang`, then the locale)")
    explain.set_defaults(func=_cmd_rule)
    return parser


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: found from the paths)")
    parser.add_argument("--preset", metavar="NAME", help="apply a preset (e.g. jekyll, eig)")


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if getattr(args, "select", None) is not None:
        out["select"] = args.select
    if getattr(args, "extend_select", None):
        out["extend-select"] = args.extend_select
    if getattr(args, "ignore", None):
        out["ignore"] = args.ignore
    if getattr(args, "external", False):
        out["links"] = {"external": True}
    return out


def _load_config(args: argparse.Namespace, start: Path | None) -> Any:
    from postlint.api import load_config

    config = load_config(start, config_file=args.config, preset=args.preset, overrides=_overrides(args))
    if not getattr(args, "lang", None) and config.lang:
        set_language(config.lang)  # the config's `lang` comes after --lang, before the locale
    if getattr(args, "ignore", None):
        # --ignore adds to the configured list instead of replacing it
        config = config.model_copy(update={"ignore": [*config.ignore, *args.ignore]})
    return config


def _cmd_check(args: argparse.Namespace) -> int:
    from postlint import api
    from postlint.engine.run import Run, relative

    paths = [Path(p) for p in args.paths]
    if args.stdin_filename and (paths or args.changed_since):
        sys.stderr.write("postlint: " + _("--stdin-filename checks standard input only: give no PATH nor --changed-since") + "\n")
        return 2
    start = Path(args.stdin_filename) if args.stdin_filename else (paths[0] if paths else None)
    config = _load_config(args, start)
    cache: bool | str = False if args.no_cache else (args.cache_dir or True)
    overlay = None
    if args.stdin_filename:
        text = sys.stdin.buffer.read().decode("utf-8-sig", errors="replace")
        overlay = {relative(Path(args.stdin_filename), config.root): text}
    with Run(config, jobs=args.jobs, cache=cache, overlay=overlay) as run:
        if overlay is not None:
            result = api.check(run, list(overlay))
        elif args.changed_since:
            from postlint.engine.changed import ChangedError, lint_changed  # git, subprocess: only here

            try:
                result = lint_changed(run, args.changed_since, paths)
            except ChangedError as exc:
                sys.stderr.write(f"postlint: {exc}\n")
                return 2
        elif args.staged:
            targets = [*paths, *_staged_linkers(run, paths)]
            if not targets:  # no path is not "the whole site" here: nothing is staged
                if not args.quiet:
                    sys.stdout.write(_("Nothing to check: no staged content file, and no deletion or rename.") + "\n")
                return 0
            result = api.check(run, targets)
        else:
            result = api.check(run, paths)
        if args.fix or args.diff:
            from postlint.fix.apply import run_fixes

            machine = args.format != "text" and not args.output
            result, status = run_fixes(run, result, fix=args.fix, diff=args.diff, unsafe=args.unsafe_fixes,
                                       out=sys.stderr if machine else sys.stdout)
            if status is not None:
                return status
        status = None
        if args.update_baseline or args.baseline or config.baseline:
            result, status = _baseline(args, config, result)
        if status is not None:
            return status
        _report(args, result)
        if result.nothing_checked:
            sys.stderr.write("postlint: " + _nothing_checked_hint(run) + "\n")
            return 2
    return result.exit_code


def _staged_linkers(run: Any, given: list[Path]) -> list[Path]:
    """Content files linking to files the commit deletes or renames: their
    links break with this commit, though pre-commit does not pass them."""
    from postlint.engine.changed import ChangedError, linking_files, staged_changes

    try:
        gone = staged_changes(run.config.root).gone
    except ChangedError as exc:
        sys.stderr.write("postlint: " + _("--staged: {error}; files linking to deleted or renamed ones are not "
                                          "checked").format(error=exc) + "\n")
        return []
    if not gone:
        return []
    named = {run.site.root / p for p in map(str, given)} | {p.resolve() for p in given}
    return [run.site.root / rel for rel in linking_files(run.site, gone)
            if (run.site.root / rel) not in named and (run.site.root / rel).resolve() not in named]


def _baseline(args: argparse.Namespace, config: Any, result: LintResult) -> tuple[LintResult, int | None]:
    """Hide the baseline's findings, or write the baseline (then stop)."""
    from postlint.engine import baseline

    path = Path(args.baseline) if args.baseline else config.baseline_path()
    if path is None:
        sys.stderr.write("postlint: " + _("--update-baseline needs a file: --baseline FILE, or `baseline = "
                                          "\"FILE\"` in the config") + "\n")
        return result, 2
    try:
        if args.update_baseline:
            n = baseline.update(result, path)
            sys.stderr.write(ngettext("Wrote {n} finding to the baseline {path}.",
                                      "Wrote {n} findings to the baseline {path}.", n).format(n=n, path=path) + "\n")
            return result, 0
        return baseline.apply(result, path), None
    except baseline.BaselineError as exc:
        sys.stderr.write(f"postlint: {exc}\n")
        return result, 2


def _nothing_checked_hint(run: Any) -> str:
    """Why a whole-site run found nothing to check, and what to try."""
    config = run.site.sitemap.config
    where = run.site.root
    if not (where / "_config.yml").is_file():
        return _("no page, post or collection item to check under {root}, and no _config.yml there: run postlint "
                 "at the root of the Jekyll site (or point --config at its postlint.toml)").format(root=where)
    collections = ", ".join(sorted(c.directory(config.collections_dir) for c in config.collections.values()))
    return _("no page, post or collection item to check under {root} (Jekyll reads posts and collections from "
             "{collections}): check `collections`, `collections_dir`, `include` and `exclude` in _config.yml"
             ).format(root=where, collections=collections)


def _report(args: argparse.Namespace, result: LintResult) -> None:
    from postlint.report import render, text

    out = sys.stdout
    # CI annotations name files from the repository's top; a terminal, from here
    top = _repository_top(result.config.root)
    fix_command = "pre-commit run postlint-fix --hook-stage manual" if args.staged else "--fix"
    if args.output:
        # CI keeps the machine-readable file; the log still reads well.
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(args.format, result.report(relative_to=top)), encoding="utf-8")
    if args.output or args.format == "text":
        out.write(render("text", result.report(colour=text.use_colour(out), quiet=args.quiet,
                                               relative_to=Path.cwd(), fix_command=fix_command)))
    else:
        out.write(render(args.format, result.report(relative_to=top)))


def _repository_top(root: Path) -> Path:
    """The git work tree holding the site (the site itself when none)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


def _cmd_urls(args: argparse.Namespace) -> int:
    from postlint.commands.urls import render, site_urls
    from postlint.engine.run import Run

    paths = [Path(p) for p in args.paths]
    config = _load_config(args, paths[0] if paths else None)
    with Run(config) as run:
        entries, missing = site_urls(run, paths, include_unpublished=args.all)
    for path in missing:
        sys.stderr.write("postlint: " + _("{path}: no such file or folder").format(path=path) + "\n")
    sys.stdout.write(render(entries, args.format))
    return 2 if missing else 0


def _cmd_tags(args: argparse.Namespace) -> int:
    from postlint.commands.tags import build_report, render_json, render_text
    from postlint.engine.run import Run

    start = Path(args.path) if args.path else None
    if start is not None and not start.exists():
        sys.stderr.write("postlint: " + _("{path}: no such file or folder").format(path=args.path) + "\n")
        return 2
    config = _load_config(args, start)
    under = ""
    if start is not None and start.resolve() != config.root:
        try:
            under = start.resolve().relative_to(config.root).as_posix()
        except ValueError:
            under = ""
    with Run(config) as run:
        report = build_report(run, under=under)
    if args.format == "json":
        sys.stdout.write(render_json(report))
    else:
        from postlint.report.text import use_colour

        sys.stdout.write(render_text(report, colour=use_colour(sys.stdout), all_posts=args.posts))
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    from postlint.commands.init import init_site

    return init_site(Path(args.path), force=args.force, dry_run=args.dry_run, diff=args.diff)


def _cmd_mark_filled(args: argparse.Namespace) -> int:
    from postlint.commands.mark import mark_filled

    return mark_filled([Path(f) for f in args.files], lambda start: _load_config(args, start), diff=args.diff)


def _cmd_mark_closed(args: argparse.Namespace) -> int:
    from postlint.commands.mark import mark_offers

    return mark_offers([Path(f) for f in args.files], lambda start: _load_config(args, start), "closed",
                       diff=args.diff)


def _cmd_lsp(args: argparse.Namespace) -> int:
    from postlint.lsp import main as serve  # pygls is imported only here

    return serve(cache=not args.no_cache, lang=args.lang)


def _config_language(args: argparse.Namespace) -> None:
    """Commands that need no config still honour its `lang` when one is found."""
    if getattr(args, "lang", None):
        return
    try:
        from postlint.api import load_config

        lang = load_config(None).lang
    except Exception:  # a broken or absent config only means: no language from it
        return
    if lang:
        set_language(lang)


def _cmd_rules(args: argparse.Namespace) -> int:
    from postlint.i18n import rule_summary
    from postlint.rules import registry

    _config_language(args)

    rules = list(registry())
    if args.format == "json":
        import json

        data = [
            {"code": r.code, "name": r.name, "summary": rule_summary(r), "severity": r.severity.value,
             "fixable": r.fixable, "default_enabled": r.default_enabled}
            for r in rules
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(r.name) for r in rules)
    for r in rules:
        flags = ("fix" if r.fixable else "   ") + (" opt-in" if not r.default_enabled else "")
        sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {flags:<10} {rule_summary(r)}\n")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from postlint.commands import schema as export

    config = _load_config(args, None)
    if not args.target:
        sys.stdout.write(_("Schemas: {names}").format(names=", ".join(export.schema_names(config))) + "\n")
        for globs, name in export.mappings(config):
            sys.stdout.write(f"  {', '.join(globs)} -> {name}\n")
        sys.stdout.write(_("Export one with `postlint schema NAME` (or a file or folder: `postlint schema _posts`).") + "\n")
        return 0
    try:
        name = export.schema_name_for(args.target, config)
    except export.UnknownTarget:
        sys.stderr.write("postlint: " + _("no schema named {name!r} and no file mapping matches it; schemas: {names}")
                         .format(name=args.target, names=", ".join(export.schema_names(config))) + "\n")
        return 2
    tags = None if args.no_tags else export.allowed_tags(config)
    body = json.dumps(export.export(name, config, draft=args.draft, tags=tags), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    else:
        sys.stdout.write(body)
    return 0


def _cmd_rule(args: argparse.Namespace) -> int:
    from postlint.core.suggest import closest
    from postlint.i18n import explanation, rule_summary
    from postlint.rules import registry

    _config_language(args)
    reg = registry()
    found = reg.get(args.code)
    # a letter O typed for a zero is the commonest slip in a code
    typo = reg.get(args.code.upper().replace("O", "0")) if found is None else None
    if found is None:
        names = [r.code for r in reg] + [r.name for r in reg]
        guess = typo.code if typo else closest(args.code, names)
        if guess:
            text = _("unknown rule {code!r}; did you mean {guess}?").format(code=args.code, guess=guess)
        else:
            text = _("unknown rule {code!r}; `postlint rules` lists them").format(code=args.code)
        sys.stderr.write(f"postlint: {text}\n")
        return 2
    sys.stdout.write(f"{found.code} {found.name} ({found.severity.value})\n\n{rule_summary(found)}\n\n"
                     f"{explanation(found)}\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    import contextvars
    import gc

    # the language lives in a context of its own: set for this command only;
    # no cyclic collection while modules load and the config is read (they
    # allocate much and free little: ~5% of a pre-commit run); the engine
    # collects during the run itself (engine.few_collections)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return contextvars.copy_context().run(_run, args)
    finally:
        if enabled:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    from postlint.i18n import choose_language

    set_language(choose_language(getattr(args, "lang", None)))
    return _guarded(args.func, args)


def _guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from postlint.config import ConfigError
    from postlint.rules import RegistryError
    from postlint.schemas import SchemaError

    try:
        return func(args)
    except (ConfigError, RegistryError, SchemaError) as exc:
        sys.stderr.write("postlint: " + _("configuration error: {error}").format(error=exc) + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("postlint: " + _("interrupted") + "\n")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # last resort: never a traceback
        sys.stderr.write("postlint: " + _("internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc)
                         + "\n" + _("Please report it with the command you ran.") + "\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
