"""Seasons as calendar intervals (northern hemisphere), shared by both grammars."""
from __future__ import annotations

import datetime as dt

from .cal import Interval, month

SEASON_KEYS = ("SEASON_SPRING", "SEASON_SUMMER", "SEASON_FALL", "SEASON_WINTER")
HOLIDAY_SEASON = "SEASON_HOLIDAY"  # English only: the retail season of November and December
_FIRST_MONTH = {"SEASON_SPRING": 3, "SEASON_SUMMER": 6, "SEASON_FALL": 9, "SEASON_WINTER": 12, HOLIDAY_SEASON: 11}
_MONTHS = {HOLIDAY_SEASON: 2}


def season(key: str, year: int) -> Interval:
    """The season of `year` (winter runs from December of `year` into the next year)."""
    m = _FIRST_MONTH[key]
    start = dt.date(year, m, 1)
    last = m + _MONTHS.get(key, 3) - 1
    end_y, end_m = (year + 1, last - 12) if last > 12 else (year, last)
    return start, month(end_y, end_m)[1]
