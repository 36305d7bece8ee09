"""A pause of Python's cycle collector around work that allocates much and forms no cycles.

Building a batch of claims, or printing them, makes a few dozen new objects per claim, none in a
reference cycle (reference counting frees them all); yet every 700 allocations the collector walks
the young objects — the whole batch so far. On a long listing that is a third of the time.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """The collector off for the block, and back on after it (if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
