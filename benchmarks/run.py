"""Benchmark postlint against two baselines, side by side, in one run.

For each corpus size it generates a site (benchmarks/corpus.py, or a replica
of --replicate SITE), then times, as separate processes (wall time including
interpreter start-up), the median of --runs runs of:

* cold: ``postlint check --no-cache`` on the whole repo;
* warm: ``postlint check`` with the cache, nothing changed;
* one changed: the same after editing one post's body;
* pre-commit: ``postlint check ONE-FILE`` after editing it, as the hook does;
* naive: the loop a site writes by hand (python-frontmatter, per-key checks);
* floor: read every Markdown file and parse its front matter with the C loader.

Run: python benchmarks/run.py [--posts 1000 10000] [--runs 3] [--output docs/performance.md]
(from a clone: it puts src/ on PYTHONPATH itself).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

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

FLOOR = r'''
import sys, os, yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if d not in (".git", ".postlint_cache", "_site")]
    for name in files:
        if not name.endswith((".md", ".markdown")):
            continue
        text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read()
        if text.startswith("---"):
            end = text.find("\n---", 3)
            try:
                yaml.load(text[3:end if end > 0 else None], Loader=Loader)
            except yaml.YAMLError:
                pass
        n += 1
print(n)
'''


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc: measure that
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
    return wall, usage.ru_maxrss


def median(cmd: list[str], cwd: Path, runs: int, before: object = None) -> tuple[float, int]:
    walls, peaks = [], []
    for _ in range(runs):
        if callable(before):
            before()
        wall, peak = timed(cmd, cwd)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def touch_body(path: Path) -> object:
    """Each call edits the body of ``path`` (a new last line)."""
    counter = [0]

    def edit() -> None:
        counter[0] += 1
        text = path.read_text(encoding="utf-8").rstrip("\n").rsplit("\n<!-- bench", 1)[0]
        path.write_text(f"{text}\n<!-- bench {counter[0]} {time.time_ns()} -->\n", encoding="utf-8")

    return edit


def bench(site: Path, runs: int) -> dict[str, tuple[float, int]]:
    py = sys.executable
    postlint = [py, "-m", "postlint", "check", "-q"]
    one = sorted((site / "_posts").glob("*.md"))[len(list((site / "_posts").glob("*.md"))) // 2]
    rel = one.relative_to(site).as_posix()
    out: dict[str, tuple[float, int]] = {}
    out["floor"] = median([py, "-c", FLOOR, str(site)], site, runs)
    out["naive"] = median([py, "-c", NAIVE, str(site)], site, runs)
    out["cold"] = median([*postlint, "--no-cache"], site, runs)
    out["cold -j1"] = median([*postlint, "--no-cache", "-j", "1"], site, runs)
    timed([*postlint], site)  # prime the cache
    out["warm"] = median([*postlint], site, runs)
    out["one changed"] = median([*postlint], site, runs, before=touch_body(one))
    out["pre-commit"] = median([*postlint, rel], site, runs, before=touch_body(one))
    return out


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{platform.system()} {platform.machine()}, {cores} cores available, "
            f"Python {platform.python_version()} ({platform.python_implementation()})")


def table(results: dict[int, dict[str, tuple[float, int]]]) -> str:
    lines = ["| posts | measure | median wall (s) | / floor | / naive | peak RSS (MB) |",
             "|---:|---|---:|---:|---:|---:|"]
    for n, res in results.items():
        floor, naive = res["floor"][0], res["naive"][0]
        for name, (wall, peak) in res.items():
            lines.append(f"| {n:,} | {name} | {wall:.3f} | {wall / floor:.2f}x | {wall / naive:.2f}x | {peak / 1024:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replicate", type=Path, help="replicate this site instead of generating one")
    parser.add_argument("--keep", type=Path, help="generate the corpora under this folder (kept)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(SRC))
    import corpus

    import compileall

    compileall.compile_dir(str(SRC), quiet=1)
    results: dict[int, dict[str, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="postlint-bench-") as tmp:
        base = args.keep or Path(tmp)
        for n in args.posts:
            site = base / f"site-{n}"
            if not site.exists():
                if args.replicate:
                    corpus.replicate(args.replicate, site, n, args.seed)
                else:
                    corpus.generate(site, n, args.seed)
            results[n] = bench(site, args.runs)
            print(f"{n:,} posts done", file=sys.stderr)
    print(f"Machine: {machine()}\n")
    print(table(results))


if __name__ == "__main__":
    main()
