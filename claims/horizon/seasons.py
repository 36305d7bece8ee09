"""Seasons as calendar intervals (northern hemisphere), shared by both grammars."""
from __future__ import annotations

import datetime as dt

from .cal import Interval, month

SEASON_KEYS = ("SEASON_SPRING", "SEASON_SUMMER", "SEASON_FALL", "SEASON_WINTER")
_FIRST_MONTH = {"SEASON_SPRING": 3, "SEASON_SUMMER": 6, "SEASON_FALL": 9, "SEASON_WINTER": 12}


def season(key: str, year: int) -> Interval:
    """The season of `year` (winter runs from December of `year` into the next year)."""
    m = _FIRST_MONTH[key]
    start = dt.date(year, m, 1)
    end_y, end_m = (year + 1, 2) if m == 12 else (year, m + 2)
    return start, month(end_y, end_m)[1]
