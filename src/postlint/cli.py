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
    check.add_argument("--external", action="store_true", help="also check external links over the network (needs postlint[links])")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary when all is well")
    check.set_defaults(func=_cmd_check)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=FORMATS, default="text")
    rules.set_defaults(func=_cmd_rules)

    urls = sub.add_parser("urls", help="show the URL at which Jekyll publishes each source file")
    urls.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the whole site)")
    _add_config_options(urls)
    urls.add_argument("--format", choices=FORMATS, default="text")
    urls.add_argument("--all", action="store_true", help="also list files that are not published")
    urls.set_defaults(func=_cmd_urls)

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
    if getattr(args, "external", False):
        out["links"] = {"external": True}
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
    if found is None:
        names = [r.code for r in reg] + [r.name for r in reg]
        guess = closest(args.code, names)
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
