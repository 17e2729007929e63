"""A child process that checks inputs, so that a hang can be stopped.

The parent sends ``(data, relpath, cache)``; the child answers with the
:class:`~tests.fuzz.harness.Outcome` and its peak resident memory. When no
answer comes within ``hang`` seconds the child is killed (the input is a
``hang`` failure) and a new one started.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .harness import PHASES, Failure, FuzzSite, Outcome, check


@dataclass
class Answer:
    outcome: Outcome
    peak_rss_kb: int


def _serve(conn: Connection, slow: float, nice: int, phase: Any) -> None:
    import os

    if nice:
        os.nice(nice)
    with tempfile.TemporaryDirectory(prefix="postlint-fuzz-") as tmp:
        site = FuzzSite(Path(tmp) / "site")
        while True:
            job: Any = conn.recv()
            if job is None:
                return
            data, relpath, cache = job
            if cache:
                site.reset()
            outcome = check(site, data, relpath, slow=slow, cache=cache,
                            phase=lambda name: setattr(phase, "value", PHASES.index(name)))
            conn.send(Answer(outcome, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


class Worker:
    """One checking child; :meth:`run` restarts it after a hang."""

    def __init__(self, *, slow: float, hang: float, nice: int = 0) -> None:
        self.slow = slow
        self.hang = hang
        self.nice = nice
        self._ctx = mp.get_context("fork")
        self._proc: Any = None
        self._conn: Connection | None = None
        self._phase: Any = self._ctx.Value("i", 0, lock=False)  # where the child is in check()
        self.peak_rss_kb = 0
        self.restarts = 0

    def _start(self) -> Connection:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_serve, args=(child, self.slow, self.nice, self._phase), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        return parent

    def run(self, data: bytes, relpath: str, *, cache: bool = False, hang: float | None = None) -> Outcome:
        conn = self._conn or self._start()
        limit = self.hang if hang is None else hang
        conn.send((data, relpath, cache))
        try:
            ready = conn.poll(limit)
            answer: Answer | None = conn.recv() if ready else None
        except (EOFError, OSError):  # the child died (out of memory, a C crash)
            self._kill()
            return Outcome([Failure("exception", "the checking process died")], limit)
        if answer is None:
            where = PHASES[self._phase.value]
            self._kill()
            kind = "hang" if where != "fix" else "hang-fix"
            return Outcome([Failure(kind, f"no answer after {limit:.0f} s on {len(data)} bytes ({where})")], limit)
        self.peak_rss_kb = max(self.peak_rss_kb, answer.peak_rss_kb)
        return answer.outcome

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn = None, None
        self.restarts += 1

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
        if self._proc is not None:
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
        self._proc, self._conn = None, None
