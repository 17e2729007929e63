"""Command-line interface: argument parsing only; the work is in the API.

Exit status: 0 no error-severity finding, 1 some, 2 usage or configuration
error. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from postlint import __version__

FORMATS = ("text", "json")


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
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these rules (codes, prefixes or names, comma-separated)")
    check.add_argument("--extend-select", type=_codes, metavar="CODES", help="add rules to the selection (e.g. opt-in rules)")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these rules")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary when all is well")
    check.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: also apply unsafe fixes")
    check.set_defaults(func=_cmd_check)

    mark = sub.add_parser("mark-filled", help="mark job offers as filled (title marker, notice, flag)")
    mark.add_argument("files", nargs="+", metavar="FILE", help="job offer files")
    _add_config_options(mark)
    mark.add_argument("--diff", action="store_true", help="print the edits as a unified diff; change nothing")
    mark.set_defaults(func=_cmd_mark_filled)

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

    explain = sub.add_parser("rule", help="explain one rule (code or name)")
    explain.add_argument("code", metavar="CODE")
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
    return out


def _load_config(args: argparse.Namespace, start: Path | None) -> Any:
    from postlint.config import load_config

    config = load_config(start, config_file=args.config, preset=args.preset, overrides=_overrides(args))
    if getattr(args, "ignore", None):
        # --ignore adds to the configured list instead of replacing it
        config = config.model_copy(update={"ignore": [*config.ignore, *args.ignore]})
    return config


def _cmd_check(args: argparse.Namespace) -> int:
    from postlint.api import lint_paths

    paths = [Path(p) for p in args.paths]
    config = _load_config(args, paths[0] if paths else None)
    result = lint_paths(paths, config=config)
    out = sys.stdout
    if args.fix or args.diff:
        from postlint.fixing import run_fixes

        result, status = run_fixes(result, paths, config, fix=args.fix, diff=args.diff, unsafe=args.unsafe_fixes,
                                   out=sys.stderr if args.format == "json" else out)
        if status is not None:
            return status
    if args.format == "json":
        from postlint.report import json as json_report

        out.write(json_report.render(result.diagnostics))
    else:
        from postlint.report import text

        out.write(text.render(result.diagnostics, len(result.files), colour=text.use_colour(out), quiet=args.quiet))
    return result.exit_code


def _cmd_urls(args: argparse.Namespace) -> int:
    from postlint.urls import render, site_urls

    paths = [Path(p) for p in args.paths]
    config = _load_config(args, paths[0] if paths else None)
    entries, missing = site_urls(config, paths, include_unpublished=args.all)
    for path in missing:
        sys.stderr.write(f"postlint: {path}: no such file or folder\n")
    sys.stdout.write(render(entries, args.format))
    return 2 if missing else 0


def _cmd_tags(args: argparse.Namespace) -> int:
    from postlint.site import RepoIndex
    from postlint.tagreport import build_report, render_json, render_text

    start = Path(args.path) if args.path else None
    if start is not None and not start.exists():
        sys.stderr.write(f"postlint: {args.path}: no such file or folder\n")
        return 2
    config = _load_config(args, start)
    index = RepoIndex(config.root, config)
    under = ""
    if start is not None and start.resolve() != config.root:
        try:
            under = start.resolve().relative_to(config.root).as_posix()
        except ValueError:
            under = ""
    report = build_report(index, config, under=under)
    if args.format == "json":
        sys.stdout.write(render_json(report))
    else:
        from postlint.report.text import use_colour

        sys.stdout.write(render_text(report, colour=use_colour(sys.stdout), all_posts=args.posts))
    return 0


def _cmd_mark_filled(args: argparse.Namespace) -> int:
    from postlint.fixing import mark_filled

    return mark_filled([Path(f) for f in args.files], lambda start: _load_config(args, start), diff=args.diff)


def _cmd_rules(args: argparse.Namespace) -> int:
    from postlint.rules import registry

    rules = list(registry())
    if args.format == "json":
        import json

        data = [
            {"code": r.code, "name": r.name, "summary": r.summary, "severity": r.severity.value,
             "fixable": r.fixable, "default_enabled": r.default_enabled}
            for r in rules
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(r.name) for r in rules)
    for r in rules:
        flags = ("fix" if r.fixable else "   ") + (" opt-in" if not r.default_enabled else "")
        sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {flags:<10} {r.summary}\n")
    return 0


def _cmd_rule(args: argparse.Namespace) -> int:
    from postlint.rules import registry
    from postlint.suggest import closest

    reg = registry()
    found = reg.get(args.code)
    # a letter O typed for a zero is the commonest slip in a code
    typo = reg.get(args.code.upper().replace("O", "0")) if found is None else None
    if found is None:
        names = [r.code for r in reg] + [r.name for r in reg]
        guess = typo.code if typo else closest(args.code, names)
        hint = f"; did you mean {guess}?" if guess else "; `postlint rules` lists them"
        sys.stderr.write(f"postlint: unknown rule {args.code!r}{hint}\n")
        return 2
    sys.stdout.write(f"{found.code} {found.name} ({found.severity.value})\n\n{found.summary}\n\n{found.explanation}\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return _guarded(args.func, args)


def _guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from postlint.config import ConfigError
    from postlint.rules import RegistryError
    from postlint.schemas import SchemaError

    try:
        return func(args)
    except (ConfigError, RegistryError, SchemaError) as exc:
        sys.stderr.write(f"postlint: configuration error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("postlint: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # last resort: never a traceback
        sys.stderr.write(f"postlint: internal error: {type(exc).__name__}: {exc}\n"
                         "Please report it with the command you ran.\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
