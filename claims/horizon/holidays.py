"""Holidays as calendar intervals: "before Christmas", 春節前, 雙十一期間.

The rules (fixed day, n-th weekday, offset, Easter, lunar table) are data in
pipelines/data/base/holidays.yaml; this module only turns a rule and a year into dates.
A holiday named without a year is the next one that has not ended by the statement date: a
forecast timed by a holiday looks forward to it.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .cal import DAY, Interval

HOLIDAY_PREFIX = "HOLIDAY_"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - DAY
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=4096)
def holiday(name: str, year: int) -> Interval | None:
    """The days of holiday `name` (an id of holidays.yaml) in `year`, or None when unknown
    (a lunar festival outside its table)."""
    from pipelines.data import load_holidays

    rule = load_holidays().get(name)
    if rule is None:
        return None
    if rule.fixed is not None:
        month, day = map(int, rule.fixed.split("-"))
        start = dt.date(year, month, day)
    elif rule.nth_weekday is not None:
        start = _nth_weekday(year, *rule.nth_weekday)
    elif rule.offset is not None:
        base = holiday(rule.offset[0], year)
        if base is None:
            return None
        start = base[0] + dt.timedelta(days=rule.offset[1])
    elif rule.easter:
        start = _easter(year)
    else:
        mmdd = (rule.lunar or {}).get(year)
        if mmdd is None:
            return None
        month, day = map(int, mmdd.split("-"))
        start = dt.date(year, month, day)
    return start, start + dt.timedelta(days=rule.days - 1)


def upcoming(name: str, ref: dt.date) -> Interval | None:
    """The next `name` that has not ended by `ref`."""
    for year in (ref.year, ref.year + 1):
        iv = holiday(name, year)
        if iv is not None and iv[1] >= ref:
            return iv
    return None


def holiday_id(key: str) -> str:
    """HOLIDAY_SPRING_FESTIVAL -> spring_festival."""
    return key[len(HOLIDAY_PREFIX):].lower()
