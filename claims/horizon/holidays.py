"""Holidays as calendar intervals: "before Christmas", 春節前, 雙十一期間.

The rules (fixed day, n-th weekday, offset, Easter, lunar table) are data in
claims/horizon/data/holidays.yaml; this module only turns a rule and a year into dates.
A holiday named without a year is the next one that has not ended by the statement date: a
forecast timed by a holiday looks forward to it.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN
from dateutil.easter import easter as _easter
from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as weekday_of
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from claims.core.data import read_yaml
from claims.core.errors import DataFileError

from .cal import Interval

HOLIDAY_PREFIX = "HOLIDAY_"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` (0 = Monday) of the month; n < 0 counts from the month's end."""
    if n > 0:
        return dt.date(year, month, 1) + relativedelta(weekday=weekday_of(weekday)(n))
    return dt.date(year, month, 1) + relativedelta(day=31, weekday=weekday_of(weekday)(n))


def _weekend(d: dt.date, how: str | None) -> dt.date:
    if how == "nearest_weekday" and d.weekday() >= 5:
        return d + dt.timedelta(days=-1 if d.weekday() == 5 else 1)
    if how == "sunday_before" and d.weekday() == 6:
        return d - dt.timedelta(days=1)
    return d


@lru_cache(maxsize=8192)
def starts(name: str, year: int) -> tuple[dt.date, ...]:
    """The first days of holiday `name` in `year` (a lunar-calendar festival may fall twice in a
    Gregorian year, or not at all outside its table)."""
    rule = load_holidays().get(name)
    if rule is None:
        return ()
    if rule.fixed is not None:
        month, day = map(int, rule.fixed.split("-"))
        out = (dt.date(year, month, day),)
    elif rule.nth_weekday is not None:
        out = (_nth_weekday(year, *rule.nth_weekday),)
    elif rule.offset is not None:
        out = tuple(d + dt.timedelta(days=rule.offset[1]) for d in starts(rule.offset[0], year))
        if rule.weekday_on_or_before is not None:
            out = tuple(d - dt.timedelta(days=(d.weekday() - rule.weekday_on_or_before) % 7) for d in out)
    elif rule.easter:
        out = (_easter(year, EASTER_ORTHODOX if rule.easter == "orthodox" else EASTER_WESTERN),)
    elif rule.cycle is not None:
        first, every = dt.date.fromisoformat(rule.cycle[0]), rule.cycle[1]
        k = -((first - dt.date(year, 1, 1)).days // every)
        d = first + dt.timedelta(days=k * every)
        out = (d,) if d.year == year else ()
    elif rule.table is not None:
        out = _table(name).get(year, ())
    else:
        mmdd = (rule.lunar or {}).get(year)
        if mmdd is None:
            return ()
        month, day = map(int, mmdd.split("-"))
        out = (dt.date(year, month, day),)
    return tuple(_weekend(d, rule.weekend) for d in out)


@lru_cache(maxsize=None)
def _table(name: str) -> dict[int, tuple[dt.date, ...]]:
    out: dict[int, list[dt.date]] = {}
    for iso in load_holidays()[name].table.split():
        d = dt.date.fromisoformat(iso)
        out.setdefault(d.year, []).append(d)
    return {y: tuple(ds) for y, ds in out.items()}


def _span(name: str, start: dt.date) -> Interval | None:
    rule = load_holidays()[name]
    if rule.until is None:
        return start, start + dt.timedelta(days=rule.days - 1)
    # the end is another holiday's date (Ramadan ends the day before Eid al-Fitr)
    for y in (start.year, start.year + 1):
        for d in starts(rule.until[0], y):
            if d >= start:
                return start, d + dt.timedelta(days=rule.until[1])
    return None


@lru_cache(maxsize=4096)
def holiday(name: str, year: int) -> Interval | None:
    """The days of holiday `name` (an id of holidays.yaml) in `year`, or None when unknown
    (a lunar festival outside its table)."""
    ds = starts(name, year)
    return _span(name, ds[0]) if ds else None


def occurrences(name: str, years: range) -> list[Interval]:
    out = []
    for y in years:
        for d in starts(name, y):
            iv = _span(name, d)
            if iv is not None:
                out.append(iv)
    return out


def upcoming(name: str, ref: dt.date) -> Interval | None:
    """The next `name` that has not ended by `ref`."""
    return next((iv for iv in occurrences(name, range(ref.year - 1, ref.year + 2)) if iv[1] >= ref), None)


def previous(name: str, ref: dt.date) -> Interval | None:
    """The last `name` that ended before `ref` ("last Thanksgiving", "last Chinese New Year")."""
    return next((iv for iv in reversed(occurrences(name, range(ref.year - 1, ref.year + 1))) if iv[1] < ref), None)


def holiday_id(key: str) -> str:
    """HOLIDAY_SPRING_FESTIVAL -> spring_festival."""
    return key[len(HOLIDAY_PREFIX):].lower()


HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays.yaml"
_MMDD = r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"


class Holiday(BaseModel):
    """How one holiday falls in a year (claims/horizon/data/holidays.yaml): exactly one rule."""

    model_config = ConfigDict(extra="forbid")
    fixed: str | None = None
    nth_weekday: tuple[int, int, int] | None = None
    offset: tuple[str, int] | None = None
    easter: bool | Literal["orthodox"] = False
    lunar: dict[int, str] | None = None
    table: str | None = None
    cycle: tuple[str, int] | None = None
    days: int = Field(default=1, ge=1, le=31)
    until: tuple[str, int] | None = None
    weekend: Literal["nearest_weekday", "sunday_before"] | None = None
    weekday_on_or_before: int | None = Field(default=None, ge=0, le=6)

    @field_validator("table")
    @classmethod
    def _dates(cls, v: str | None) -> str | None:
        for iso in (v or "").split():
            if not re.fullmatch(r"\d{4}-" + _MMDD, iso):
                raise ValueError(f"table: YYYY-MM-DD dates expected, got {iso!r}")
        return v

    @field_validator("fixed")
    @classmethod
    def _mmdd(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(_MMDD, v):
            raise ValueError(f"fixed must be MM-DD, got {v!r}")
        return v

    @field_validator("lunar")
    @classmethod
    def _lunar(cls, v: dict[int, str] | None) -> dict[int, str] | None:
        for year, mmdd in (v or {}).items():
            if not re.fullmatch(_MMDD, mmdd):
                raise ValueError(f"lunar {year}: MM-DD expected, got {mmdd!r}")
        return v

    def model_post_init(self, _context: Any) -> None:
        rules = [self.fixed is not None, self.nth_weekday is not None, self.offset is not None, bool(self.easter),
                 self.lunar is not None, self.table is not None, self.cycle is not None]
        if sum(rules) != 1:
            raise ValueError("a holiday needs exactly one of fixed / nth_weekday / offset / easter / lunar / table / cycle")


@lru_cache(maxsize=None)
def load_holidays(path: Path = HOLIDAYS_FILE) -> dict[str, Holiday]:
    """Holiday id -> its rule (offsets must name a holiday)."""
    raw = read_yaml(path) or {}
    try:
        out = {str(k): Holiday.model_validate(v) for k, v in raw.items()}
    except (ValidationError, ValueError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    for name, h in out.items():
        for other in (h.offset, h.until):
            if other is not None and other[0] not in out:
                raise DataFileError(f"{path}: {name} refers to unknown holiday {other[0]!r}")
    return out
