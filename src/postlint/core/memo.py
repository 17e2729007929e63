"""Explicit memo stores: computed values kept by whoever owns the store.

A run owns one store for what is computed once a run (a tag vocabulary,
an index of page names); checking one file owns another, cleared when the
file is done (its links, its validation), so memory stays flat over
10,000 files. Nothing is written into other objects' attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """Values by key, computed on first use."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Hashable, object] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under ``key``; ``compute()`` it the first time."""
        try:
            return self._values[key]  # type: ignore[return-value]
        except KeyError:
            value = self._values[key] = compute()
            return value

    def forget(self, key: Hashable) -> None:
        self._values.pop(key, None)

    def clear(self) -> None:
        self._values.clear()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values
