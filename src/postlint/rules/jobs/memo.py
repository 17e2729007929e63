"""The job-offer rules' one memo: what they compute once per config or post.

Seven rules ask the same questions of every post (is it an offer? in which
language? with which status?); the answers are computed once and kept here,
next to the object they describe, for as long as that object lives. This is
the only place the family keeps state: swap :func:`memo` for the engine's
memo store and nothing else changes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["memo"]

T = TypeVar("T")

# id(owner) -> (a weak reference to owner, its memo); the entry goes when the owner does
_STORE: dict[int, tuple[weakref.ref[Any], dict[Hashable, Any]]] = {}


def memo(owner: object, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``owner`` (a config, a post) and ``key``.

    Owners that cannot be weakly referenced are not memoised."""
    ident = id(owner)
    entry = _STORE.get(ident)
    if entry is None or entry[0]() is not owner:
        def gone(ref: weakref.ref[Any], ident: int = ident) -> None:
            _forget(ident, ref)

        try:
            ref = weakref.ref(owner, gone)
        except TypeError:
            return compute()
        entry = _STORE[ident] = (ref, {})
    values = entry[1]
    if key not in values:
        values[key] = compute()
    return values[key]  # type: ignore[no-any-return]


def _forget(ident: int, ref: weakref.ref[Any]) -> None:
    entry = _STORE.get(ident)
    if entry is not None and entry[0] is ref:
        del _STORE[ident]
