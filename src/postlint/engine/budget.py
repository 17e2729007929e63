"""A time budget for one rule on one file.

A pure-Python rule stuck in a loop (or a regex gone quadratic on an odd
file) must not hang the run: past ``[engine] rule-time-budget`` seconds it
is stopped for that file, reported (PL018), and the run goes on.

Why a signal: CPython cannot interrupt a thread from another thread (no
``Thread.kill``; ``PyThreadState_SetAsyncExc`` is only looked at between
bytecodes of *that* thread, exactly like a signal, and is not portable
either). ``signal.setitimer`` arms a timer whose ``SIGALRM`` handler runs
on the main thread between two bytecodes of the rule and raises there:
the rule is unwound like any exception, its ``finally`` blocks run, and the
process (a worker of ``-j N`` or the main one) carries on with the next
rule. Checks always run on the main thread of their process (worker
processes are forked; their work runs on their main thread).

Where signals cannot be used (Windows has no ``setitimer``; a library
caller checking from a thread; an outer timer already armed, e.g. by a
test runner's timeout, which we must not disturb), the budget is measured
instead: a rule that ran past it is reported the same way when it returns,
with its findings dropped, so that results do not depend on the platform.
It cannot be stopped early there, only reported.

Limits: the handler runs between bytecodes, so one long call into C code
(a single huge ``re`` match) is stopped when that call returns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class RuleTimeout(BaseException):
    """Raised inside a rule that ran out of time. A BaseException, so that
    a rule's own ``except Exception`` cannot swallow it."""


class Budget:
    """The per-rule time budget of one file's checks: ``with budget.rule():``
    around each rule; raises :class:`RuleTimeout` past ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._interrupts = False
        self._started = 0.0

    @contextmanager
    def installed(self) -> Iterator[Budget]:
        """Install the alarm handler for the duration of one file, when
        this process can be interrupted by a signal."""
        if self.seconds <= 0 or not _can_interrupt():
            yield self
            return
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        self._interrupts = True
        try:
            yield self
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            self._interrupts = False

    @contextmanager
    def rule(self) -> Iterator[None]:
        if self.seconds <= 0:
            yield
            return
        self._started = time.perf_counter()
        if self._interrupts:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield
        finally:
            if self._interrupts:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if time.perf_counter() - self._started > self.seconds:  # measured, not interrupted
            raise RuleTimeout


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise RuleTimeout


def _can_interrupt() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    # an outer timer (a test runner's timeout) is left alone: measured instead
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0
