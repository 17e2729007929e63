"""``postlint init``: a commented ``postlint.toml`` inferred from the site.

It reads ``_config.yml`` (through :mod:`postlint.jekyll`) and every content
file's front matter, and writes one schema per collection (posts and pages
included), the tag vocabulary and how job offers say their status, each
choice with the counts it comes from. Precision first: when the content does
not make a rule clear, none is written.

Modules: :mod:`~.survey` (the files, grouped as Jekyll groups them),
:mod:`~.fields` (types, required, allowed), :mod:`~.references`,
:mod:`~.tags`, :mod:`~.jobs`, :mod:`~.infer` (all together) and
:mod:`~.render` (the TOML text).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import TextIO

from postlint.commands.init.infer import Inference, infer
from postlint.commands.init.render import render
from postlint.config import ConfigError, config_files_in, validate_config
from postlint.i18n import _, ngettext
from postlint.jekyll import SiteConfigError

__all__ = ["Inference", "infer", "init_site", "render", "validate"]

CONFIG_NAME = "postlint.toml"


def validate(text: str, root: Path) -> None:
    """The written config loads as ``postlint check`` loads it (rule
    families' tables and schemas included); raises :class:`ConfigError`."""
    from postlint.rules import validated_options
    from postlint.schemas import Schemas

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    config = validate_config(tomllib.loads(text), root=root, source=root / CONFIG_NAME)
    validated_options(config)
    schemas = Schemas(config)
    for name in config.schemas:
        schemas.model(name)


def init_site(path: Path, *, force: bool = False, dry_run: bool = False, diff: bool = False,
              out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Infer, then write ``postlint.toml`` at the site's root (``path``), or
    print it (``dry_run``) or its diff with the current one (``diff``).
    Exit status: 0 written or printed, 2 refused or unreadable site."""
    out = out or sys.stdout
    err = err or sys.stderr
    root = path.resolve()
    if not root.is_dir():
        err.write("postlint: " + _("{path}: not a folder").format(path=path) + "\n")
        return 2
    existing = config_files_in(root)
    target = existing[0] if existing and existing[0].name != "pyproject.toml" else root / CONFIG_NAME
    if existing and not (force or dry_run or diff):
        err.write("postlint: " + _("{file} already exists: not overwritten (use --force to replace it, or --diff "
                                   "to see what would change)").format(file=existing[0]) + "\n")
        return 2
    if not (root / "_config.yml").is_file():
        err.write("postlint: " + _("no _config.yml in {root}: inferring with Jekyll's defaults").format(root=root)
                  + "\n")
    try:
        inference = infer(root)
    except SiteConfigError as exc:
        err.write("postlint: " + _("cannot read _config.yml: {error}").format(error=exc) + "\n")
        return 2
    if not inference.survey.content_files:
        err.write("postlint: " + _("no page, post or collection item under {root}: nothing to infer from; run "
                                   "`postlint init` at the root of the Jekyll site").format(root=root) + "\n")
        return 2
    text = render(inference)
    try:
        validate(text, root)
    except ConfigError as exc:  # a bug of init: say so rather than write a config check refuses
        err.write("postlint: " + _("internal error: the inferred configuration is invalid: {error}").format(
            error=exc) + "\n")
        return 2
    for line in summary(inference):
        err.write(line + "\n")
    if dry_run:
        out.write(text)
        return 0
    if diff:
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        out.writelines(difflib.unified_diff(old.splitlines(keepends=True), text.splitlines(keepends=True),
                                            fromfile=str(target) if old else "/dev/null", tofile=str(target)))
        return 0
    from postlint.fix.edits import write_atomically

    write_atomically(target, text.encode("utf-8"))
    lines = text.count("\n")
    err.write(ngettext("wrote {file} ({n} line): run `postlint check` next",
                       "wrote {file} ({n} lines): run `postlint check` next", lines).format(file=target, n=lines)
              + "\n")
    if existing and existing[0].name == "pyproject.toml":
        err.write("postlint: " + _("{file} now takes precedence over [tool.postlint] of pyproject.toml").format(
            file=target.name) + "\n")
    return 0


def summary(inference: Inference) -> list[str]:
    """What was inferred and why, in counts (for stderr)."""
    site = inference.survey
    lines = [_("postlint init: {files} content files in {groups} groups").format(
        files=site.content_files, groups=len(inference.schemas))]
    for schema in inference.schemas:
        group = schema.group
        lines.append("  " + _("{name}: {files} files, {keys} keys").format(
            name=group.name, files=group.files, keys=len(schema.fields)))
        required = [f"{f.key} ({f.present}/{f.total})" for f in schema.fields if f.required]
        if required:
            lines.append("    " + _("required (≥95% of the files): {keys}").format(keys=", ".join(required)))
        allowed = [f"{f.key} ({len(f.allowed or [])})" for f in schema.fields if f.allowed is not None]
        if allowed:
            lines.append("    " + _("allowed values (few values, each used often): {keys}").format(
                keys=", ".join(allowed)))
        for f in schema.fields:
            if f.reference is not None and f.matched is not None:
                lines.append("    " + _("{key} refers to {target} ({matched} of {distinct} values match)").format(
                    key=f.key, target=f.reference[1], matched=f.matched[0], distinct=f.matched[1]))
            for value, uses, like, like_uses in f.left_out:
                lines.append("    " + _("{key}: {value!r} ({uses}) looks like a misspelling of {like!r} "
                                        "({like_uses}): not allowed").format(
                    key=f.key, value=value, uses=uses, like=like, like_uses=like_uses))
    tags = inference.tags
    if tags is None:
        lines.append("  " + _("tags: no vocabulary (too few tagged posts, or too many distinct tags)"))
    else:
        lines.append("  " + _("tags: {n} tags from {posts} posts; {variants} spelling variants left out").format(
            n=len(tags.vocabulary), posts=tags.posts, variants=len(tags.variants)))
    jobs = inference.jobs
    if jobs is None:
        lines.append("  " + _("job offers: none found"))
    elif not jobs.signals:
        lines.append("  " + _("job offers: {n} found; no status signal in use").format(n=len(jobs.offers)))
    else:
        lines.append("  " + _("job offers: {n} found; status signals in use: {signals}").format(
            n=len(jobs.offers), signals=", ".join(_signal_name(s) for s, _n in jobs.signals)))
    return lines


def _signal_name(signal: dict[str, object]) -> str:
    return str(signal.get("text") or signal.get("key") or signal.get("kind"))
