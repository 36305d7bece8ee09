"""Which of a clause's forward times is its horizon: one rule for both pickers (the English
candidate finder's and the claim horizon component's)."""
from __future__ import annotations

from typing import Any


def governing(result: Any, usable: list) -> Any:
    """The horizon among `usable` expressions (forward, not a start point, not a comparison) that
    the normaliser's own choice names; the period it joined from several when it joined them
    ("in 2018 and 2019", "Q3跟Q4" — one time, not its first part); else the first usable one."""
    chosen = usable[0]
    h = result.horizon
    if h is None:
        return chosen.horizon
    match = next((e for e in usable if e.horizon == h or (e.horizon.text == h.text and e.horizon.end == h.end)), None)
    if match is not None:
        return match.horizon
    if any(e.horizon.text and h.text.startswith(e.horizon.text) for e in usable):
        return h
    return chosen.horizon
