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
from typing import Any

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


@lru_cache(maxsize=4096)
def holiday(name: str, year: int) -> Interval | None:
    """The days of holiday `name` (an id of holidays.yaml) in `year`, or None when unknown
    (a lunar festival outside its table)."""
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


HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays.yaml"
_MMDD = r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"


class Holiday(BaseModel):
    """How one holiday falls in a year (claims/horizon/data/holidays.yaml): exactly one rule."""

    model_config = ConfigDict(extra="forbid")
    fixed: str | None = None
    nth_weekday: tuple[int, int, int] | None = None
    offset: tuple[str, int] | None = None
    easter: bool = False
    lunar: dict[int, str] | None = None
    days: int = Field(default=1, ge=1, le=31)

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
        rules = [self.fixed is not None, self.nth_weekday is not None, self.offset is not None, self.easter,
                 self.lunar is not None]
        if sum(rules) != 1:
            raise ValueError("a holiday needs exactly one of fixed / nth_weekday / offset / easter / lunar")


@lru_cache(maxsize=None)
def load_holidays(path: Path = HOLIDAYS_FILE) -> dict[str, Holiday]:
    """Holiday id -> its rule (offsets must name a holiday)."""
    raw = read_yaml(path) or {}
    try:
        out = {str(k): Holiday.model_validate(v) for k, v in raw.items()}
    except (ValidationError, ValueError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    for name, h in out.items():
        if h.offset is not None and h.offset[0] not in out:
            raise DataFileError(f"{path}: {name} is an offset from unknown holiday {h.offset[0]!r}")
    return out
