"""Latency of ``postlint lsp`` as an editor sees it.

Spawns ``postlint lsp`` on a generated site (benchmarks/corpus.py, about
10,000 files), speaks JSON-RPC to it over stdio (tests/lsp_client.py), and
times:

* start: spawn to the answer to ``initialize``;
* first diagnostics: ``didOpen`` of one post to its ``publishDiagnostics``
  (the whole check, repo-wide rules included), with a warm cache
  (``postlint check`` ran once before), and spawn to those diagnostics;
* each change: ``didChange`` to the ``publishDiagnostics`` that follows,
  for ``--changes`` edits in turn (body and front-matter edits alternate),
  with the server's debounce (``--debounce`` ms) included, and without it.

Targets (issue 17): first diagnostics <= 1 s with a warm cache; each
change <= 150 ms.

Run: python benchmarks/lsp_latency.py [--posts 9500] [--changes 20] [--site DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from corpus import generate  # noqa: E402

from lsp_client import Client  # noqa: E402


def _edits(text: str, count: int) -> list[str]:
    """Texts as typing makes them: a word added to the body, then to the title."""
    out = []
    for i in range(count):
        if i % 2:
            out.append(text.replace('title: "', f'title: "Édition {i} ', 1))
        else:
            out.append(text + f"\nUne phrase de plus, numéro {i}.\n")
    return out


def measure(site: Path, changes: int, debounce: int) -> dict[str, float]:
    post = sorted((site / "_posts").glob("*.md"))[len(list((site / "_posts").glob("*.md"))) // 2]
    text = post.read_text(encoding="utf-8")
    spawned = time.perf_counter()
    client = Client(site)
    try:
        client.initialize(site, {"debounce": debounce})
        started = time.perf_counter()
        opened = time.perf_counter()
        uri = client.open(post, text)
        _params, first = client.wait_for("textDocument/publishDiagnostics", uri, timeout=120)
        times = []
        for version, new in enumerate(_edits(text, changes), start=2):
            sent = time.perf_counter()
            client.change(uri, new, version)
            _params, when = client.wait_for("textDocument/publishDiagnostics", uri, timeout=60)
            times.append(when - sent)
        client.shutdown()
    finally:
        client.close()
    return {"start": started - spawned, "first": first - opened, "spawn_to_first": first - spawned,
            "change_median": statistics.median(times), "change_max": max(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=9500, help="posts of the generated site (~10,000 files)")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--debounce", type=int, default=100, help="the server's debounce, in ms")
    parser.add_argument("--site", type=Path, help="use (or create) the site here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not (site / "_posts").is_dir():
            generate(site, args.posts)
        files = sum(1 for p in site.rglob("*") if p.is_file() and ".postlint_cache" not in p.parts)
        # warm the cache as a developer's earlier `postlint check` would
        subprocess.run([sys.executable, "-m", "postlint", "check", "-q"], cwd=site, capture_output=True)
        with_debounce = measure(site, args.changes, args.debounce)
        without = measure(site, args.changes, 0)
    print(f"site: {files} files; {args.changes} changes; debounce {args.debounce} ms")
    print(f"start (spawn -> initialize answered):   {with_debounce['start'] * 1000:7.0f} ms")
    print(f"first diagnostics (didOpen -> publish): {with_debounce['first'] * 1000:7.0f} ms   (target <= 1000)")
    print(f"spawn -> first diagnostics:             {with_debounce['spawn_to_first'] * 1000:7.0f} ms")
    print(f"each change, median (debounce incl.):   {with_debounce['change_median'] * 1000:7.0f} ms   "
          f"(max {with_debounce['change_max'] * 1000:.0f}; target <= 150)")
    print(f"each change, median (no debounce):      {without['change_median'] * 1000:7.0f} ms   "
          f"(max {without['change_max'] * 1000:.0f})")


if __name__ == "__main__":
    main()
