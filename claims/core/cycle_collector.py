"""A pause of Python's cycle collector around work that allocates much and forms no cycles.

Building a batch of claims, or printing them, makes a few dozen new objects per claim, none in a
reference cycle (reference counting frees them all); yet every 700 allocations the collector walks
the young objects — the whole batch so far. On a long listing that is a third of the time.
"""
from __future__ import annotations

import gc


class cycle_collection_paused:
    """`with cycle_collection_paused():` — the collector off for the block, and back on after it (if
    it was on). A class, not a generator-based context manager: it is entered once per printed
    claim, and costs a tenth as much."""

    __slots__ = ("was_enabled",)

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()
