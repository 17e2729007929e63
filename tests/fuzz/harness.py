"""The properties every input must have, checked on one file of a small site.

:class:`FuzzSite` writes a site (configuration with the ``eig`` preset,
``_config.yml``, tag pages, data, a few posts) to a folder; :func:`check`
writes one input into it and runs postlint the way the CLI does: the library
(``lint_paths``) on that file, the three report formats, then the fix engine
(``fix_paths``, unsafe fixes included, nothing written). It returns the
broken properties:

* ``exception``: something escaped ``lint_paths``, a report or the fix engine;
* ``internal-error``: a rule crashed (a PL099 finding);
* ``position``: a finding's line:column (or end) lies outside the file, or
  an edit outside the text;
* ``slow``: linting the file took longer than ``slow`` seconds (``slow-fix``:
  fixing it did);
* ``fix-outside``: the fixed text differs from the original outside the
  edits, or is not the original with the edits applied;
* ``fix-front-matter``: a front-matter key the edits do not touch lost its
  value or place, or the fixed file no longer loads cleanly;
* ``fix-not-idempotent``: ``--fix``, run as the CLI runs it (rounds until
  no fix is left, at most ``MAX_FIX_ROUNDS``), reaches no fixed point: a
  second ``--fix`` would change the file again (unless a rule listed only
  part of its findings, PL022: those wait for the next run, which is said).
"""

from __future__ import annotations

import re
import shutil
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postlint.api import LintResult, lint_paths, load_config
from postlint.config import Config
from postlint.core.diagnostics import Diagnostic, Edit
from postlint.core.document import Post

SEEDS = Path(__file__).resolve().parent / "seeds"

#: where each kind of seed lives in the site (a post, an English post, a
#: community page, a plain page).
TARGETS = (
    "_posts/2021-09-14-fuzz.md",
    "en/_posts/2021-09-14-fuzz.md",
    "_communaute/fuzz.md",
    "fuzz.md",
)
_SEED_TARGET = {"english.md": TARGETS[1], "communaute.md": TARGETS[2], "page.md": TARGETS[3]}
_LINE_BREAK = re.compile(r"\r\n?|\n")
LINKER = "liens.md"

_SITE_FILES = {
    "postlint.toml": 'preset = "eig"\n',
    "_config.yml": (
        "title: Programme\nurl: https://example.org\nbaseurl: \"\"\nmarkdown: kramdown\n"
        "permalink: /blog/:year/:month/:day/:title.html\n"
        "collections:\n  communaute:\n    output: true\n    permalink: /communaute/:name.html\n"
    ),
    "_data/personnes.yml": "Camille Roux:\n  link_to: /communaute/camille-roux.html\n  defis: [Carte]\n",
    "_data/defis.yml": "Carte:\n  eigs: [Camille Roux]\n",
    "_includes/encart.html": "<aside>{{ include.texte }}</aside>\n",
    "_communaute/camille-roux.md": "---\nlayout: personne\nnom: Camille Roux\ntitle: Camille Roux\n---\nBonjour.\n",
    "_posts/2021-06-01-bienvenue.md": (
        "---\nlayout: post\ntitle: Bienvenue\nauthor: Équipe\ndescription: Le premier billet.\n"
        "image: /img/blog/atelier.png\ntwitter: programme\ntags: [open]\n---\nBienvenue à la promotion.\n"
    ),
    "programme.md": "---\nlayout: default\ntitle: Le programme\n---\nLe programme en bref.\n",
    "contact.md": "---\nlayout: default\ntitle: Contact\n---\nÉcrivez-nous.\n",
    # links into the fuzzed file: its headings are read as another page's anchors
    LINKER: (
        "---\nlayout: default\ntitle: Liens\n---\n[a](/blog/2021/09/14/fuzz.html#titre) "
        "[b](/fuzz.html#a-propos) [c](/communaute/fuzz.html#x) [d]({% post_url 2021-09-14-fuzz %}#x)\n"
    ),
}
_TAGS = ("design", "methode", "outil", "open", "recrutement", "international", "evaluation", "perennisation")


def seed_texts() -> dict[str, str]:
    """The seed posts, by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.md"))}


def target_for(seed_name: str) -> str:
    """Where in the site a seed (and its mutants) is checked."""
    return _SEED_TARGET.get(seed_name, TARGETS[0])


class FuzzSite:
    """A small site written for fuzzing; inputs are written to one of :data:`TARGETS`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        for rel, text in _SITE_FILES.items():
            self._write(rel, text.encode("utf-8"))
        for tag in _TAGS:
            self._write(f"tag/{tag}.md", f"---\nlayout: tag\ntitle: {tag}\ntag: {tag}\n---\n".encode())
        self._write("img/blog/atelier.png", b"\x89PNG\r\n\x1a\n")
        self.config: Config = load_config(root)

    def _write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def put(self, relpath: str, data: bytes) -> Path:
        """Write the input (and remove the other targets, so that one input
        is one file of the site)."""
        for other in TARGETS:
            if other != relpath:
                (self.root / other).unlink(missing_ok=True)
        self._write(relpath, data)
        return self.root / relpath

    def reset(self) -> None:
        shutil.rmtree(self.root / ".postlint_cache", ignore_errors=True)


@dataclass(frozen=True)
class Failure:
    """A broken property; ``detail`` says what and where."""

    kind: str
    detail: str

    @property
    def signature(self) -> str:
        """What a smaller input must still break to count as the same failure
        (the kind and the first line of the detail without numbers)."""
        head = self.detail.splitlines()[0] if self.detail else ""
        return self.kind + ": " + re.sub(r"\d+", "N", head)[:160]


@dataclass
class Outcome:
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0  # linting the file (lint_paths), reports and fixes excluded
    fix_seconds: float = 0.0
    findings: int = 0
    fixed: bool = False  # the fix engine changed the text


def decode(data: bytes) -> str | None:
    """The text postlint reads (a leading BOM dropped); None when not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


#: the steps of :func:`check`, in order (told to ``phase`` as they start).
PHASES = ("lint", "report", "fix")


def check(site: FuzzSite, data: bytes, relpath: str = TARGETS[0], *, slow: float = 5.0, fix: bool = True,
          cache: bool = False, phase: Callable[[str], None] | None = None) -> Outcome:
    """Check every property on ``data`` written as ``relpath`` of ``site``."""
    tell = phase or (lambda _name: None)
    outcome = Outcome()
    path = site.put(relpath, data)
    tell("lint")
    start = time.perf_counter()
    try:
        result = lint_paths([path, site.root / LINKER], config=site.config,
                            cache=site.root / ".postlint_cache" if cache else False)
    except Exception:  # noqa: BLE001 - the property under test
        outcome.failures.append(Failure("exception", "lint_paths: " + _last_frames()))
        return outcome
    finally:
        outcome.seconds = time.perf_counter() - start
    if outcome.seconds > slow:
        outcome.failures.append(Failure("slow", f"{outcome.seconds:.1f} s to lint {len(data)} bytes"))
    mine = [d for d in result.diagnostics if d.path == relpath]
    outcome.findings = len(mine)
    outcome.failures += _internal_errors(result.diagnostics)
    text = decode(data)
    if text is not None:
        outcome.failures += _positions(mine, text)
    tell("report")
    outcome.failures += _reports(result)
    if fix and text is not None and any(d.fix for d in mine):
        tell("fix")
        start = time.perf_counter()
        outcome.failures += _fixes(site, result, relpath, text, outcome)
        outcome.fix_seconds = time.perf_counter() - start
        if outcome.fix_seconds > slow:
            outcome.failures.append(Failure("slow-fix", f"{outcome.fix_seconds:.1f} s to fix "
                                                        f"{sum(1 for d in mine if d.fix)} findings"))
    return outcome


def _last_frames() -> str:
    exc = traceback.format_exc().strip().splitlines()
    frames = [ln.strip() for ln in exc if ln.strip().startswith("File ")][-2:]
    return exc[-1] + " | " + " | ".join(frames)


def _internal_errors(diagnostics: Sequence[Diagnostic]) -> list[Failure]:
    return [Failure("internal-error", f"{d.params.get('rule')}: {d.params.get('error')} (in {d.path})")
            for d in diagnostics if d.code == "PL099"]


def lines_of(text: str) -> list[str]:
    """The file's lines as markdown-it breaks them (``\\n``, ``\\r\\n``, ``\\r``)."""
    return _LINE_BREAK.split(text)


def _positions(diagnostics: Sequence[Diagnostic], text: str) -> list[Failure]:
    lines = lines_of(text)
    found: list[Failure] = []

    def inside(line: int, column: int) -> bool:
        return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1

    for d in diagnostics:
        where = f"{d.code} {d.message_id} at {d.line}:{d.column}-{d.end_line}:{d.end_column}"
        if not inside(d.line, d.column):
            found.append(Failure("position", f"{d.code} {d.message_id}: start outside the file ({where}, "
                                             f"{len(lines)} lines)"))
        if (d.end_line is None) != (d.end_column is None):
            found.append(Failure("position", f"{d.code} {d.message_id}: half an end position ({where})"))
        elif d.end_line is not None and d.end_column is not None:
            if not inside(d.end_line, d.end_column):
                found.append(Failure("position", f"{d.code} {d.message_id}: end outside the file ({where})"))
            elif (d.end_line, d.end_column) < (d.line, d.column):
                found.append(Failure("position", f"{d.code} {d.message_id}: end before start ({where})"))
        for edit in d.fix.edits if d.fix else ():
            if not 0 <= edit.start <= edit.end <= len(text):
                found.append(Failure("position", f"{d.code} {d.message_id}: edit {edit.start}..{edit.end} outside "
                                                 f"the text ({len(text)} characters)"))
    return found


def _reports(result: LintResult) -> list[Failure]:
    """Every message renders, in English and French, in the text, JSON and SARIF reports."""
    from postlint.report import json as json_report
    from postlint.report import sarif, text
    try:
        for d in result.diagnostics:
            d.render("en")
            d.render("fr")
        report = result.report()
        text.render(report)
        json_report.render(report)
        sarif.render(report)
    except Exception:  # noqa: BLE001 - the property under test
        return [Failure("exception", "report: " + _last_frames())]
    return []


def _fixes(site: FuzzSite, result: LintResult, relpath: str, text: str, outcome: Outcome) -> list[Failure]:
    """``--fix`` as the CLI runs it: rounds until no safe fix is left (a fix
    can make another possible: quoting a title lets the rules waiting for a
    clean file run, a French sentence added makes the French typography
    rules apply), each round checked for the edit properties."""
    from postlint.fix.apply import MAX_FIX_ROUNDS

    for _round in range(MAX_FIX_ROUNDS):
        new, found = _fix_round(result, relpath, text)
        if new is None or found:
            return found
        outcome.fixed = True
        text = new
        path = site.put(relpath, text.encode("utf-8"))
        try:
            result = lint_paths([path], config=site.config)
        except Exception:  # noqa: BLE001 - the property under test
            return [Failure("exception", "checking the fixed file: " + _last_frames())]
    new, found = _fix_round(result, relpath, text)
    if new is None or any(d.code == "PL022" for d in result.diagnostics):
        return found  # past a rule's listing limit the rest waits for the next run, which says so
    return [*found, Failure("fix-not-idempotent", f"--fix reaches no fixed point in {MAX_FIX_ROUNDS} rounds")]


def _fix_round(result: LintResult, relpath: str, text: str) -> tuple[str | None, list[Failure]]:
    """One round of fixes: the new text (None: nothing changed) and the
    broken properties."""
    from postlint.fix.apply import fix_paths

    try:
        report = fix_paths(result, unsafe=True, write=False)
    except Exception:  # noqa: BLE001 - the property under test
        return None, [Failure("exception", "fix_paths: " + _last_frames())]
    item = next((f for f in report.files if f.relpath == relpath), None)
    if item is None:
        return None, []
    if item.error is not None:
        return None, [Failure("exception", f"fix engine error: {item.error}")]
    res = item.result
    if res is None or res.refused is not None or not res.changed:
        return None, []
    new = res.new_text
    edits = [e for f in res.applied for e in f.edits]
    found: list[Failure] = []
    if not _reads_as_edited(text, new, edits):
        found.append(Failure("fix-outside", f"the fixed text is not the text with its {len(edits)} edits applied\n"
                                            f"{', '.join(sorted({f.description for f in res.applied}))}"))
    found += _front_matter_kept(relpath, text, new, edits)
    return new, found


def _apply(text: str, edits: Sequence[Edit], crlf: bool) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start])
        out.append(e.replacement.replace("\r\n", "\n").replace("\n", "\r\n") if crlf else e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _reads_as_edited(old: str, new: str, edits: Sequence[Edit]) -> bool:
    """``new`` is ``old`` with exactly the edits applied (their ``\\n`` as
    ``\\r\\n`` in a file written with CRLF)."""
    return new in (_apply(old, edits, crlf=False), _apply(old, edits, crlf=True))


def _touched(start: int, end: int, edits: Sequence[Edit]) -> bool:
    # an edit inside the span, or an insertion at its very end (appending to a value)
    return any((e.start < end and start < e.end) or (e.start == e.end and start <= e.start <= end) for e in edits)


def _front_matter_kept(relpath: str, old: str, new: str, edits: Sequence[Edit]) -> list[Failure]:
    before, after = Post.from_text(old, relpath), Post.from_text(new, relpath)
    found: list[Failure] = []
    broken = {i.kind for i in after.issues} - {i.kind for i in before.issues}
    if broken:
        found.append(Failure("fix-front-matter", f"the fixed file no longer loads: {', '.join(sorted(broken))}"))
    old_fm: dict[str, Any] = before.front_matter or {}
    new_fm: dict[str, Any] = after.front_matter or {}
    kept: list[str] = []
    for key, value in old_fm.items():
        spans = before.spans.get((key,))
        if spans is None or _touched(spans.key.start, spans.value.end, edits):
            continue
        kept.append(key)
        if key not in new_fm:
            found.append(Failure("fix-front-matter", f"the untouched key {key!r} disappeared"))
        elif new_fm[key] != value:
            found.append(Failure("fix-front-matter", f"the untouched key {key!r} changed value"))
    order = [k for k in new_fm if k in kept]
    if order != [k for k in kept if k in new_fm]:
        found.append(Failure("fix-front-matter", "the untouched keys changed order"))
    return found
