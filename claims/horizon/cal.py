"""Calendar arithmetic for horizons: the reference frame (ref date, fiscal year end, reported
quarter) and the intervals named relative to it.

Kept apart from the grammars so that the Chinese and English rules resolve the same words
(`next quarter`, `下個季度`) to the same dates by calling the same function.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claims.core.fiscal import (
    add_months,
    add_years,
    calendar_quarter_bounds,
    fiscal_half_bounds,
    fiscal_quarter_bounds,
    fiscal_year_bounds,
    fiscal_year_of,
    month_end,
)

DAY = dt.timedelta(days=1)
Interval = tuple[dt.date, dt.date]


@dataclass(slots=True)
class Frame:
    """What relative expressions are relative to."""

    ref: dt.date
    fye: str = "12-31"
    period: Interval | None = None  # the reported quarter, calendar dates
    given_fiscal: bool | None = False  # None: read it from `text` with `fiscal_re` when first asked
    text: str = ""  # the text as given (case kept), for rules that need it
    fiscal_re: re.Pattern | None = None
    fy_offset: int = 0  # 1: fiscal years named by the calendar year they start in (claims.core.fiscal)

    @property
    def fiscal(self) -> bool:
        """The text speaks fiscally (財年 / fiscal / FY): looked for only when a rule asks, which
        most rows' rules never do."""
        v = self.given_fiscal
        if v is None:
            v = self.given_fiscal = bool(self.fiscal_re is not None and self.fiscal_re.search(self.text))
        return v


def year(y: int) -> Interval:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def fy(n: int, f: Frame) -> Interval:
    """Fiscal year `n` as the company names it."""
    return fiscal_year_bounds(n + f.fy_offset, f.fye)


def fy_of(d: dt.date, f: Frame) -> int:
    return fiscal_year_of(d, f.fye) - f.fy_offset


def fq(n: int, q: int, f: Frame) -> Interval:
    return fiscal_quarter_bounds(n + f.fy_offset, q, f.fye)


def fh(n: int, h: int, f: Frame) -> Interval:
    return fiscal_half_bounds(n + f.fy_offset, h, f.fye)



def add(d: dt.date, n: float, unit: str) -> dt.date:
    """d plus n units (n may be negative or fractional for years/half-years)."""
    if unit == "year":
        if n == int(n):
            return add_years(d, int(n))
        return add_months(d, round(n * 12))
    if unit == "half":
        return add_months(d, round(n * 6))
    if unit == "quarter":
        return add_months(d, round(n * 3))
    if unit == "month":
        if n == int(n):
            return add_months(d, int(n))
        return d + dt.timedelta(days=round(n * 30))
    if unit == "week":
        return d + dt.timedelta(days=round(n * 7))
    if unit == "day":
        return d + dt.timedelta(days=round(n))
    if unit == "decade":
        return add_years(d, int(round(n * 10)))
    raise ValueError(unit)


def month(y: int, m: int) -> Interval:
    return dt.date(y, m, 1), month_end(y, m)


def quarter_after(q: Interval, n: int = 1) -> Interval:
    s = add_months(q[0], 3 * n)
    return s, add_months(s, 3) - DAY


def current_quarter(f: Frame) -> Interval:
    """The reported quarter when the call reports one, else the quarter holding ref."""
    if f.period is not None:
        return f.period
    if f.fiscal:
        n = fy_of(f.ref, f)
        for q in range(1, 5):
            s, e = fq(n, q, f)
            if s <= f.ref <= e:
                return s, e
    return calendar_quarter_bounds(f.ref.year, (f.ref.month - 1) // 3 + 1)


def _base_fiscal(f: Frame) -> tuple[int, int]:
    """(fiscal year, fiscal quarter) of the reported quarter, else of ref."""
    d = f.period[1] if f.period is not None else f.ref
    n = fy_of(d, f)
    start = fy(n, f)[0]
    months = (d.year - start.year) * 12 + d.month - start.month
    return n, min(4, months // 3 + 1)


def named_quarter(q: int, f: Frame, fiscal: bool, yr: tuple[str, int] | None = None) -> Interval:
    """Qn of a given year; without one, of the reported (else current) year, moving on a year
    when the reported quarter is already later (a Q4 call speaking of 'the first quarter')."""
    if yr is not None:
        kind, n = yr
        if kind == "fy":
            return fq(n, q, f)
        if fiscal:
            return fq(n, q, f)
        return calendar_quarter_bounds(n, q)
    if fiscal:
        n, bq = _base_fiscal(f)
        if f.period is not None and q < bq:
            n += 1
        return fq(n, q, f)
    if f.period is not None:
        y, bq = f.period[1].year, (f.period[1].month - 1) // 3 + 1
        if q < bq:
            y += 1
        return calendar_quarter_bounds(y, q)
    return calendar_quarter_bounds(f.ref.year, q)


def named_half(h: int, f: Frame, fiscal: bool, yr: tuple[str, int] | None = None) -> Interval:
    if yr is not None:
        kind, n = yr
        if kind == "fy":
            return fh(n, h, f)
        return (dt.date(n, 1, 1), dt.date(n, 6, 30)) if h == 1 else (dt.date(n, 7, 1), dt.date(n, 12, 31))
    if fiscal:
        n, bq = _base_fiscal(f)
        if f.period is not None and h * 2 < bq:
            n += 1
        return fh(n, h, f)
    y = f.ref.year
    if f.period is not None:
        y = f.period[1].year
        if (6 if h == 1 else 12) < f.period[0].month:
            y += 1
    return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))


def named_month(m: int, f: Frame, yr: tuple[str, int] | None = None) -> Interval:
    if yr is not None:
        return month(yr[1], m)
    if f.period is not None:
        y = f.period[1].year
        if month_end(y, m) < f.period[0]:
            y += 1
        return month(y, m)
    return month(f.ref.year, m)


def year_interval(yr: tuple[str, int], f: Frame) -> Interval:
    kind, n = yr
    return fy(n, f) if kind == "fy" else year(n)


def full_year(f: Frame) -> Interval:
    """'全年 / the full year' in guidance: the (fiscal) year after the reported quarter's end."""
    d = f.period[1] + DAY if f.period is not None else f.ref
    return fy(fy_of(d, f), f)


def part(iv: Interval, which: str, gran: str) -> Interval:
    """Early / mid / late part of a year (Jan-Mar / Apr-Jun / Sep-Dec: "by mid-2026" ends on June 30), of a month
    (days 1-10 / 11-20 / 21-end), or of a quarter or half (its first / middle / last month)."""
    s, e = iv
    if gran == "year":
        if which == "early":
            return s, add_months(s, 3) - DAY
        if which == "mid":
            return add_months(s, 3), add_months(s, 6) - DAY
        return add_months(s, 8), e
    if gran == "month":
        if which == "early":
            return s, s.replace(day=10)
        if which == "mid":
            return s.replace(day=11), s.replace(day=20)
        return s.replace(day=21), e
    if gran == "decade":
        if which == "early":
            return s, add_years(s, 3) - DAY
        if which == "mid":
            return add_years(s, 3), add_years(s, 7) - DAY
        return add_years(s, 7), e
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    if which == "early":
        return s, add_months(s, 1) - DAY
    if which == "mid":
        mid = add_months(s, months // 2)
        return mid, add_months(mid, 1) - DAY
    return add_months(s, months - 1), e


def week(d: dt.date, offset: int = 0) -> Interval:
    """Monday..Sunday of the week `offset` weeks from the one holding `d` (by day numbers: building
    timedeltas costs more than the rest of a rule)."""
    mon = d.toordinal() - d.weekday() + 7 * offset
    return dt.date.fromordinal(mon), dt.date.fromordinal(mon + 6)


def decade(d_year: int) -> Interval:
    s = d_year - d_year % 10
    return dt.date(s, 1, 1), dt.date(s + 9, 12, 31)
