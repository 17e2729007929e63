"""The long fuzzing campaign: ``python -m tests.fuzz --minutes 30``.

Mutants of the seed posts (and of earlier mutants that produced a new kind
of finding) are checked in a child process (see :mod:`tests.fuzz.worker`);
each failure is minimized and saved to ``--out`` (default
``fuzz-failures/``) as ``<kind>-<n>.md`` with a ``.txt`` beside it saying
what broke. The summary gives the inputs tried, the failures, the slowest
file and the peak resident memory of the checking process.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .harness import Failure, seed_texts, target_for
from .minimize import minimize
from .mutate import Mutator
from .worker import Worker


@dataclass
class Campaign:
    tried: int = 0
    fixed: int = 0
    slowest: float = 0.0
    slowest_input: tuple[int, str] = (0, "")  # size, relpath
    by_signature: dict[str, int] = field(default_factory=dict)
    saved: dict[str, Path] = field(default_factory=dict)
    finding_kinds: set[tuple[str, str]] = field(default_factory=set)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0] if __doc__ else "")
    p.add_argument("--minutes", type=float, default=30.0, help="how long to fuzz (default 30)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0: reproducible)")
    p.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="folder for minimized failing inputs")
    p.add_argument("--slow", type=float, default=2.0, help="seconds above which one file is a failure (default 2)")
    p.add_argument("--hang", type=float, default=30.0, help="seconds after which a file is a hang (default 30)")
    p.add_argument("--max-size", type=int, default=150_000, help="largest input in characters (default 150,000)")
    p.add_argument("--big", type=float, default=0.1, help="share of inputs grown to long lines (default 0.1)")
    p.add_argument("--cache", type=float, default=0.02, help="share of inputs also run with the cache (default 0.02)")
    p.add_argument("--nice", type=int, default=0, help="niceness of the checking process")
    p.add_argument("--no-minimize", action="store_true", help="save failing inputs as found")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    rng = random.Random(args.seed)
    seeds = seed_texts()
    pool: list[tuple[str, str]] = [(text, target_for(name)) for name, text in seeds.items()]
    mutator = Mutator(rng, [t for t, _ in pool], max_size=args.max_size, big=args.big)
    worker = Worker(slow=args.slow, hang=args.hang, nice=args.nice)
    campaign = Campaign()
    deadline = time.monotonic() + args.minutes * 60
    last_report = time.monotonic()
    print(f"fuzzing for {args.minutes:g} min, seed {args.seed}, failures to {args.out}/", flush=True)
    try:
        while time.monotonic() < deadline:
            base, relpath = rng.choice(pool)
            if rng.random() < 0.05:
                relpath = rng.choice([target_for(n) for n in seeds])
            text = mutator.mutate(base)
            data = mutator.to_bytes(text)
            cache = rng.random() < args.cache
            outcome = worker.run(data, relpath, cache=cache)
            campaign.tried += 1
            campaign.fixed += outcome.fixed
            if outcome.seconds > campaign.slowest:
                campaign.slowest, campaign.slowest_input = outcome.seconds, (len(data), relpath)
            for failure in _unique(outcome.failures):
                _record(campaign, failure, data, relpath, cache, worker, args)
            if not outcome.failures and len(data) < 20_000 and len(pool) < 400 and outcome.findings:
                pool.append((text, relpath)) if rng.random() < 0.05 else None
            if time.monotonic() - last_report > 60:
                _progress(campaign, worker)
                last_report = time.monotonic()
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    finally:
        worker.close()
    _summary(campaign, worker)
    return 1 if campaign.by_signature else 0


def _unique(failures: list[Failure]) -> list[Failure]:
    seen: dict[str, Failure] = {}
    for f in failures:
        seen.setdefault(f.signature, f)
    return list(seen.values())


def _record(campaign: Campaign, failure: Failure, data: bytes, relpath: str, cache: bool, worker: Worker,
            args: argparse.Namespace) -> None:
    sig = failure.signature
    campaign.by_signature[sig] = campaign.by_signature.get(sig, 0) + 1
    if sig in campaign.saved:
        return
    detail = failure.detail.replace("\n", ": ")[:300]
    print(f"FAILURE {failure.kind}: {detail} ({len(data)} bytes, {relpath})", flush=True)
    small = data
    text = data.decode("utf-8", "surrogateescape")
    if not args.no_minimize and failure.kind not in ("hang", "hang-fix", "slow-fix"):
        budget = 60.0

        def still_fails(candidate: str) -> bool:
            raw = candidate.encode("utf-8", "surrogateescape")
            result = worker.run(raw, relpath, cache=cache, hang=max(args.slow * 3, 10.0))
            return any(f.signature == sig for f in result.failures)

        small = minimize(text, still_fails, seconds=budget).encode("utf-8", "surrogateescape")
    args.out.mkdir(parents=True, exist_ok=True)
    # the signature says what broke, the input tells two finds of it apart (a regression folder keeps both)
    name = f"{failure.kind}-{hashlib.sha1(sig.encode() + small).hexdigest()[:8]}"
    path = args.out / f"{name}.md"
    path.write_bytes(small)
    (args.out / f"{name}.txt").write_text(
        f"{failure.kind}: {failure.detail}\nchecked as: {relpath}{' (with the cache)' if cache else ''}\n"
        f"input: {len(data)} bytes, minimized: {len(small)} bytes\n", encoding="utf-8")
    campaign.saved[sig] = path
    print(f"  saved {path} ({len(small)} bytes)", flush=True)


def _progress(campaign: Campaign, worker: Worker) -> None:
    print(f"... {campaign.tried} inputs, {len(campaign.by_signature)} distinct failures, slowest "
          f"{campaign.slowest:.2f} s, peak RSS {worker.peak_rss_kb / 1024:.0f} MB", flush=True)


def _summary(campaign: Campaign, worker: Worker) -> None:
    size, relpath = campaign.slowest_input
    print(f"inputs tried: {campaign.tried} ({campaign.fixed} changed by --fix)")
    print(f"slowest file: {campaign.slowest:.2f} s ({size} bytes, as {relpath})")
    print(f"peak RSS of the checking process: {worker.peak_rss_kb / 1024:.0f} MB"
          f" ({worker.restarts} restarts after a hang or a crash)")
    if not campaign.by_signature:
        print("failures: none")
        return
    print(f"failures: {len(campaign.by_signature)} distinct")
    for sig, count in sorted(campaign.by_signature.items(), key=lambda kv: -kv[1]):
        where = campaign.saved.get(sig)
        print(f"  {count:5d} x {sig}" + (f"  -> {where}" if where else ""))
    sys.stdout.flush()
