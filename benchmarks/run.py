"""Benchmark postlint on corpora of real shapes, side by side with its baselines, in one run.

Corpora ("shapes"): the three corpus sites of ``../shared/corpus`` (eig-site,
jekyll-docs, opensource-guide) replicated to about ``--sizes`` content files
by ``benchmarks/shapes.py`` (folder structure, ``_config.yml``, collections,
data files, links between copies and assets kept), or, with ``--posts`` (or
when the corpus is absent), the generated EIG-style site of
``benchmarks/corpus.py``. Corpora are written into a temporary folder (or
``--keep DIR``), never into the repository.

For each corpus it times, as separate processes (wall time including
interpreter start-up), the median of ``--runs`` runs of:

* floor: read every content file and parse its front matter with PyYAML's C loader;
* markdownlint-cli2: the npm linter, on the same explicit list of files;
* cold: ``postlint check --no-cache`` (one worker per core); cold -j1: one process;
* warm: ``postlint check`` with the cache, nothing changed;
* one changed: the same after editing one file's body;
* pre-commit: ``postlint check FILE`` after editing its body, warm cache (what the hook runs);
* front-matter edit: ``postlint check FILE`` after changing its title, warm cache;
  front-matter edit, full: ``postlint check`` after that edit;
* --fix one file: ``postlint check --fix FILE`` on a file with a wrongly cased
  link (PL204, safe fix), warm cache;
* --changed-since (3 files): ``postlint check --changed-since HEAD`` after
  editing three files' bodies, in a git repository of the corpus, warm cache;
* naive (generated corpus only): the loop the EIG site wrote by hand;

and prints a table (median, ratio to the floor, how many times faster than
markdownlint-cli2, peak resident memory of the largest process), then the
issue's targets with the measured values. ``--scaling`` adds cold runs at
100,000 files against 10,000 files. Results also go to a JSON file.

Run (from a clone; it puts src/ on PYTHONPATH and compiles the bytecode):
    nice -n 10 python benchmarks/run.py --sizes 4400 10000 --runs 3
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import multiprocessing
import multiprocessing.pool
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))

import corpus as synthetic
import shapes

DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
TOOLS = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "postlint-bench"
REAL_SHAPES = tuple(shapes.SHAPES)
SCENARIOS = ("floor", "markdownlint-cli2", "naive", "cold", "cold -j1", "warm", "one changed", "pre-commit",
             "front-matter edit", "front-matter edit, full", "--fix one file", "--changed-since (3 files)")

NAIVE = r'''
import sys, pathlib, frontmatter
ALLOWED = set("""accompagnement algorithme collectif datascience design développement international méthode
open outil partenariat pérennisation recrutement réalisation témoignage écosystème évaluation
interdisciplinarité""".split())
root = pathlib.Path(sys.argv[1]); failures = 0
for path in sorted((root / "_posts").glob("*.md")):
    if path.name.startswith("_"):
        continue
    try:
        post = frontmatter.load(path)
    except Exception:
        failures += 1; continue
    fm = post.metadata
    for key in ("author", "description", "image", "layout", "title", "twitter", "tags"):
        failures += key not in fm
    image = str(fm.get("image", ""))
    if image.startswith("/img/"):
        failures += not (root / image.lstrip("/")).exists()
    elif not image.startswith("http"):
        failures += 1
    failures += fm.get("layout") != "post"
    twitter = str(fm.get("twitter", ""))
    failures += twitter.startswith("@") or "/" in twitter
    tags = fm.get("tags") or []
    failures += not (1 <= len(tags) <= 4) or any(t not in ALLOWED for t in tags)
print(failures)
'''

# the files of the list given as argument (one repo-relative path a line)
FLOOR = r'''
import sys, yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
with open(sys.argv[1], encoding="utf-8") as listing:
    names = listing.read().splitlines()
for name in names:
    with open(name, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    if text.startswith("---"):
        end = text.find("\n---", 3)
        try:
            yaml.load(text[3:end if end > 0 else None], Loader=Loader)
        except yaml.YAMLError:
            pass
    n += 1
print(n)
'''


@dataclass
class Result:
    shape: str
    files: int
    scenario: str
    median: float
    runs: list[float]
    peak_kib: int


@dataclass
class Run:
    """Everything measured, for the table and the JSON file."""

    results: list[Result] = field(default_factory=list)
    scaling: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def get(self, shape: str, files: int, scenario: str) -> Result | None:
        return next((r for r in self.results if (r.shape, r.files, r.scenario) == (shape, files, scenario)), None)


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- processes -------------------------------------------------------------------------
#: starts the timed processes (see :func:`start_spawner`); None: this process does
_SPAWNER: multiprocessing.pool.Pool | None = None


def start_spawner() -> None:
    """Start the timed processes from a helper forked now, while this process is
    small: on Linux a process's peak RSS starts from that of the process it was
    forked from, and this one grows (it builds the corpora, ~120 MB)."""
    global _SPAWNER
    if _SPAWNER is None and hasattr(os, "fork"):
        _SPAWNER = multiprocessing.get_context("fork").Pool(1)


def stop_spawner() -> None:
    global _SPAWNER
    if _SPAWNER is not None:
        _SPAWNER.close()
        _SPAWNER.join()
        _SPAWNER = None


def _run_one(cmd: list[str], cwd: str) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS (KiB, of the largest process), exit code and stderr of one process."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc: measure that
    # stderr goes to a file: a pipe read only after the end would block a chatty process
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    return wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), err


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process (its largest process)."""
    if _SPAWNER is not None:
        wall, peak, code, err = _SPAWNER.apply(_run_one, (cmd, str(cwd)))
    else:
        wall, peak, code, err = _run_one(cmd, str(cwd))
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:6])} ... failed ({code}) in {cwd}: {err[-2000:]}")
    return wall, peak


def median(cmd: list[str], cwd: Path, runs: int, before: Callable[[], None] | None = None,
           after: Callable[[], None] | None = None) -> tuple[float, list[float], int]:
    walls, peak = [], 0
    for _ in range(runs):
        if before:
            before()
        wall, rss = timed(cmd, cwd)
        if after:
            after()
        walls.append(wall)
        peak = max(peak, rss)
    return statistics.median(walls), walls, peak


class Edits:
    """The edits a scenario makes to a few files, undone by :meth:`restore`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.originals: dict[str, str] = {}
        self.counter = 0

    def _original(self, rel: str) -> str:
        if rel not in self.originals:
            self.originals[rel] = (self.root / rel).read_text(encoding="utf-8")
        return self.originals[rel]

    def _write(self, rel: str, text: str) -> None:
        self.counter += 1
        (self.root / rel).write_text(text, encoding="utf-8")

    def body(self, *rels: str) -> Callable[[], None]:
        """Each call gives each file a new last line."""
        def edit() -> None:
            for rel in rels:
                text = self._original(rel).rstrip("\n")
                self._write(rel, f"{text}\n\n<!-- bench {self.counter} {time.time_ns()} -->\n")
        return edit

    def title(self, rel: str) -> Callable[[], None]:
        """Each call gives the file a new title (its front matter changes)."""
        def edit() -> None:
            lines = self._original(rel).split("\n")
            end = lines.index("---", 1) if "---" in lines[1:] else len(lines)
            at = next(i for i in range(1, end) if lines[i].startswith("title:"))
            lines[at] = f'title: "Bench title {self.counter} {time.time_ns()}"'
            self._write(rel, "\n".join(lines))
        return edit

    def defect(self, rel: str, line: str) -> Callable[[], None]:
        """Each call writes the original file with ``line`` added at the end."""
        def edit() -> None:
            self._write(rel, self._original(rel).rstrip("\n") + f"\n\n{line}\n")
        return edit

    def restore(self) -> None:
        for rel, text in self.originals.items():
            path = self.root / rel
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")


# -- markdownlint-cli2 ------------------------------------------------------------------
def find_markdownlint(choice: str | None, install: bool) -> tuple[list[str] | None, str]:
    """The command running markdownlint-cli2 (installed with npm into the tools
    folder when absent), and its version; None with the reason when unavailable."""
    if choice == "none":
        return None, "markdownlint-cli2 skipped (--markdownlint none)"
    local = TOOLS / "npm" / "node_modules" / ".bin" / "markdownlint-cli2"
    found = choice or shutil.which("markdownlint-cli2") or (str(local) if local.exists() else None)
    if found is None:
        npm = shutil.which("npm")
        if npm is None:
            return None, ("markdownlint-cli2 is not installed and npm is not available: "
                          "its scenario and the ratios to it are skipped")
        if not install:
            return None, "markdownlint-cli2 is not installed (--no-install): its scenario is skipped"
        (TOOLS / "npm").mkdir(parents=True, exist_ok=True)
        say(f"installing markdownlint-cli2 with npm into {TOOLS / 'npm'} ...")
        proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS / "npm"),
                               "markdownlint-cli2"], capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not local.exists():
            return None, f"npm install markdownlint-cli2 failed: its scenario is skipped ({proc.stderr.strip()[-300:]})"
        found = str(local)
    proc = subprocess.run([found, "--help"], capture_output=True, text=True, check=False)
    version = (proc.stdout.splitlines() or ["markdownlint-cli2 (version unknown)"])[0]
    return [found], version


# -- corpora ----------------------------------------------------------------------------
def kept(meta: Path, out: Path) -> shapes.Corpus | None:
    """A corpus generated by an earlier run with --keep (None: build it again)."""
    if not (meta.exists() and out.exists()):
        return None
    try:
        return shapes.Corpus.load(meta)
    except (TypeError, ValueError):  # written by another version of the harness
        return None


def real_corpus(shape: str, source: Path, base: Path, size: int) -> shapes.Corpus:
    out = base / f"{shape}-{size}"
    meta = base / f"{shape}-{size}.json"
    found = kept(meta, out)
    if found:
        return found
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    built = shapes.build(source, out, size, shape=shape, log=say)
    say(f"{shape}: {len(built.content):,} content files written in {time.perf_counter() - started:.0f} s "
        f"({built.stats['links_rewritten']:,} links rewritten, {built.stats['links_unrewritable']} left as they were)")
    built.save(meta)
    return built


def synthetic_corpus(base: Path, size: int, seed: int, replicate: Path | None) -> shapes.Corpus:
    out = base / f"synthetic-{size}"
    meta = base / f"synthetic-{size}.json"
    found = kept(meta, out)
    if found:
        return found
    if not out.exists():
        if replicate:
            synthetic.replicate(replicate, out, size, seed)
        else:
            synthetic.generate(out, size, seed)
    content = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if p.suffix in shapes.CONTENT_SUFFIXES and ".postlint_cache" not in p.parts)
    posts = [c for c in content if c.startswith("_posts/")]
    rows = shapes.site_urls(out)
    url = next((r["url"] for r in rows if r["source"] in posts and r["url"]), "")
    built = shapes.Corpus(root=str(out), shape="synthetic", preset=None, copies=1, replicated=len(content),
                          content=content,
                          edit_candidates=posts, fix_link=url.upper(), originals=content)
    built.save(meta)
    return built


def git_repo(root: Path) -> bool:
    """A git repository of the corpus, everything committed (for --changed-since)."""
    if shutil.which("git") is None:
        return False
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid")

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env,
                              capture_output=True, text=True, check=False)

    if not (root / ".git").exists():
        git("init", "-q")
    if git("status", "--porcelain").stdout.strip():
        git("add", "-A")
        if git("commit", "-q", "-m", "benchmark corpus").returncode != 0:
            return False
    return git("rev-parse", "HEAD").returncode == 0


# -- scenarios --------------------------------------------------------------------------
def bench(corpus: shapes.Corpus, runs: int, wanted: set[str], mdl: list[str] | None, run: Run) -> None:
    site = Path(corpus.root)
    files = len(corpus.content)
    py = sys.executable
    postlint = [py, "-m", "postlint", "check", "-q"]
    listing = site.parent / f"{site.name}.files.txt"
    listing.write_text("\n".join(corpus.content) + "\n", encoding="utf-8")
    cache = site / ".postlint_cache"
    if cache.exists():
        shutil.rmtree(cache)
    edits = Edits(site)
    candidates = corpus.edit_candidates or corpus.content
    one = candidates[len(candidates) // 2]
    three = [candidates[len(candidates) * i // 4] for i in (1, 2, 3)]
    stale = True  # the cache does not match the files (there is none yet)

    def record(name: str, cmd: list[str], before: Callable[[], None] | None = None,
               after: Callable[[], None] | None = None, warm: bool = False) -> None:
        nonlocal stale
        if name not in wanted:
            return
        if warm and stale:
            edits.restore()
            timed(postlint, site)  # the cache of earlier runs, as a working copy has it (untimed)
            stale = False
        say(f"  {corpus.shape} {files:,} files: {name}")
        med, walls, peak = median(cmd, site, runs, before, after)
        run.results.append(Result(corpus.shape, files, name, med, walls, peak))
        if before:  # the edits of a scenario do not leak into the next one
            edits.restore()
            stale = True

    record("floor", [py, "-c", FLOOR, str(listing)])
    if mdl is not None and "markdownlint-cli2" in wanted:
        record("markdownlint-cli2", [*mdl, *(":" + rel for rel in corpus.content)])
    if corpus.shape == "synthetic":
        record("naive", [py, "-c", NAIVE, str(site)])
    record("cold", [*postlint, "--no-cache"])
    record("cold -j1", [*postlint, "--no-cache", "-j", "1"])
    record("warm", postlint, warm=True)
    record("one changed", postlint, before=edits.body(one), warm=True)
    record("pre-commit", [*postlint, one], before=edits.body(one), warm=True)
    record("front-matter edit", [*postlint, one], before=edits.title(one), warm=True)
    record("front-matter edit, full", postlint, before=edits.title(one), warm=True)
    if corpus.fix_link:
        fixed: list[bool] = []
        line = f"See [this page]({corpus.fix_link})."

        def check_fixed() -> None:
            fixed.append(corpus.fix_link not in (site / one).read_text(encoding="utf-8"))

        record("--fix one file", [*postlint, "--fix", one], before=edits.defect(one, line), after=check_fixed,
               warm=True)
        if fixed and not all(fixed):
            run.notes.append(f"{corpus.shape} {files:,}: --fix did not fix the wrongly cased link "
                             f"{corpus.fix_link} in {one}: that row times a run with nothing to fix")
    if "--changed-since (3 files)" in wanted:
        edits.restore()
        if git_repo(site):
            record("--changed-since (3 files)", [*postlint, "--changed-since", "HEAD"], before=edits.body(*three),
                   warm=True)
        else:
            run.notes.append(f"{corpus.shape}: git is missing or failed: --changed-since not measured")
    edits.restore()


def scaling(corpus_small: shapes.Corpus, corpus_big: shapes.Corpus, runs: int, run: Run) -> None:
    py = sys.executable
    row: dict[str, Any] = {"shape": corpus_big.shape}
    for label, built in (("small", corpus_small), ("big", corpus_big)):
        site = Path(built.root)
        say(f"  {built.shape} {len(built.content):,} files: cold (scaling)")
        med, walls, peak = median([py, "-m", "postlint", "check", "-q", "--no-cache"], site, runs)
        row[label] = {"files": len(built.content), "median": med, "runs": walls, "peak_kib": peak}
    row["ratio"] = row["big"]["median"] / row["small"]["median"]
    run.scaling.append(row)


# -- report -----------------------------------------------------------------------------
def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{platform.system()} {platform.machine()}, {cores} cores available, "
            f"Python {platform.python_version()} ({platform.python_implementation()})")


def revision() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                          check=False)
    return proc.stdout.strip() or "unknown"


def table(run: Run) -> str:
    lines = ["| shape | files | scenario | median (s) | / floor | markdownlint-cli2 / this | peak RSS (MB) |",
             "|---|---:|---|---:|---:|---:|---:|"]
    for r in run.results:
        floor = run.get(r.shape, r.files, "floor")
        mdl = run.get(r.shape, r.files, "markdownlint-cli2")
        ratio = f"{r.median / floor.median:.2f}x" if floor else "-"
        faster = f"{mdl.median / r.median:.2f}x" if mdl else "-"
        lines.append(f"| {r.shape} | {r.files:,} | {r.scenario} | {r.median:.3f} | {ratio} | {faster} | "
                     f"{r.peak_kib / 1024:.0f} |")
    return "\n".join(lines)


def targets(run: Run) -> list[dict[str, Any]]:
    """The issue's targets, with the measured values."""
    out: list[dict[str, Any]] = []

    def add(shape: str, files: int, target: str, value: float | None, shown: str, met: bool | None) -> None:
        out.append({"shape": shape, "files": files, "target": target, "value": value, "shown": shown, "met": met})

    for shape, files in dict.fromkeys((r.shape, r.files) for r in run.results):
        def get(name: str, shape: str = shape, files: int = files) -> Result | None:
            return run.get(shape, files, name)

        cold, floor, mdl = get("cold"), get("floor"), get("markdownlint-cli2")
        if cold and mdl:
            x = mdl.median / cold.median
            add(shape, files, "cold >= 5x faster than markdownlint-cli2", x, f"{x:.2f}x", x >= 5)
        if cold and floor:
            x = cold.median / floor.median
            add(shape, files, "cold <= 3x the read+YAML floor", x, f"{x:.2f}x", x <= 3)
        for name, limit, target in (("warm", 0.3, "warm <= 0.3 s"), ("pre-commit", 0.2, "one staged file <= 0.2 s"),
                                    ("--fix one file", 0.5, "--fix of one file <= 0.5 s (at 10,000 files)"),
                                    ("--changed-since (3 files)", 0.5,
                                     "--changed-since, 3 files <= 0.5 s (at 10,000 files)")):
            r = get(name)
            if r:
                add(shape, files, target, r.median, f"{r.median:.3f} s", r.median <= limit)
        if cold:
            mb = cold.peak_kib / 1024
            add(shape, files, "peak RSS <= 300 MB (at 10,000 files; cold, largest process)", mb, f"{mb:.0f} MB",
                mb <= 300)
    for row in run.scaling:
        add(row["shape"], row["big"]["files"], f"cold at {row['big']['files']:,} files <= 11x the time at "
            f"{row['small']['files']:,}", row["ratio"], f"{row['ratio']:.2f}x", row["ratio"] <= 11)
    return out


def targets_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| shape | files | target | measured | met |", "|---|---:|---|---:|---|"]
    for t in rows:
        lines.append(f"| {t['shape']} | {t['files']:,} | {t['target']} | {t['shown']} | "
                     f"{'yes' if t['met'] else 'no'} |")
    return "\n".join(lines)


def scaling_table(run: Run) -> str:
    lines = ["| shape | files | cold median (s) | peak RSS (MB) | files | cold median (s) | peak RSS (MB) | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in run.scaling:
        s, b = row["small"], row["big"]
        lines.append(f"| {row['shape']} | {s['files']:,} | {s['median']:.2f} | {s['peak_kib'] / 1024:.0f} | "
                     f"{b['files']:,} | {b['median']:.2f} | {b['peak_kib'] / 1024:.0f} | {row['ratio']:.2f}x |")
    return "\n".join(lines)


# -- main -------------------------------------------------------------------------------
def parse(argv: Iterable[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4400, 10000],
                        help="about this many content files per corpus (default: 4400 10000)")
    parser.add_argument("--shapes", nargs="+", choices=[*REAL_SHAPES, "synthetic"],
                        help="corpora to build (default: the three real shapes, or synthetic without the corpus)")
    parser.add_argument("--posts", type=int, nargs="+",
                        help="the generated EIG-style corpus (benchmarks/corpus.py) at these sizes, as before")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"the corpus sites (default: {DEFAULT_CORPUS})")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated scenarios to run (default: all): " + ", ".join(SCENARIOS))
    parser.add_argument("--skip", help="comma-separated scenarios not to run")
    parser.add_argument("--scaling", action="store_true", help="also time cold runs at 100,000 vs 10,000 files (slow)")
    parser.add_argument("--scaling-runs", type=int, default=1)
    parser.add_argument("--markdownlint", help="path of markdownlint-cli2, or 'none' (default: found or npm-installed)")
    parser.add_argument("--no-install", action="store_true", help="never run npm install")
    parser.add_argument("--json", type=Path, help=f"write the results there (default: {TOOLS}/results-DATE.json)")
    parser.add_argument("--seed", type=int, default=1, help="generated corpus only")
    parser.add_argument("--replicate", type=Path, help="generated corpus only: copy this site, then add posts")
    parser.add_argument("--keep", type=Path, help="write the corpora under this folder, keep and reuse them")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for value in (args.only, args.skip):
        unknown = [s for s in (value or "").split(",") if s and s not in SCENARIOS]
        if unknown:
            parser.error(f"unknown scenario(s) {unknown}; choose from: {', '.join(SCENARIOS)}")
    return args


def plan(args: argparse.Namespace, run: Run) -> tuple[list[str], list[int]]:
    if args.posts:
        return ["synthetic"], args.posts
    chosen = args.shapes or list(REAL_SHAPES)
    real = [s for s in chosen if s != "synthetic"]
    missing = [s for s in real if not (args.corpus / s).is_dir()]
    if missing:
        msg = (f"the corpus sites {missing} are not in {args.corpus} (a clone without ../shared): "
               "falling back to the generated corpus (benchmarks/corpus.py)")
        say(msg)
        run.notes.append(msg)
        chosen = [s for s in chosen if s not in missing] or ["synthetic"]
    return chosen, args.sizes


def main(argv: Iterable[str] | None = None) -> None:
    args = parse(argv)
    start_spawner()
    try:
        measure(args)
    finally:
        stop_spawner()


def measure(args: argparse.Namespace) -> None:
    run = Run()
    wanted = set(args.only.split(",")) if args.only else set(SCENARIOS)
    wanted -= set((args.skip or "").split(","))
    chosen, sizes = plan(args, run)
    mdl, mdl_version = (None, "not used") if "markdownlint-cli2" not in wanted else \
        find_markdownlint(args.markdownlint, not args.no_install)
    if mdl is None and "markdownlint-cli2" in wanted:
        say(mdl_version)
        run.notes.append(mdl_version)
    compileall.compile_dir(str(SRC), quiet=1)
    started = dt.datetime.now()
    with tempfile.TemporaryDirectory(prefix="postlint-bench-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)

        def build(shape: str, size: int) -> shapes.Corpus:
            if shape == "synthetic":
                return synthetic_corpus(base, size, args.seed, args.replicate)
            return real_corpus(shape, args.corpus / shape, base, size)

        for shape in chosen:
            for size in sizes:
                bench(build(shape, size), args.runs, wanted, mdl, run)
        if args.scaling:
            for shape in chosen:
                scaling(build(shape, 10_000), build(shape, 100_000), args.scaling_runs, run)
    rows = targets(run)
    print(f"Machine: {machine()}; postlint at {revision()}; {mdl_version}; median of {args.runs} runs\n")
    print(table(run))
    if run.scaling:
        print("\n" + scaling_table(run))
    print("\n" + targets_table(rows))
    for note in run.notes:
        print(f"\nNote: {note}")
    out = args.json or TOOLS / f"results-{started:%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "started": started.isoformat(timespec="seconds"), "machine": machine(), "revision": revision(),
        "markdownlint": mdl_version, "runs": args.runs, "results": [asdict(r) for r in run.results],
        "scaling": run.scaling, "targets": rows, "notes": run.notes,
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON results: {out}")


if __name__ == "__main__":
    main()
