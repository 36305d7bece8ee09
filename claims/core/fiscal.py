"""Fiscal and calendar periods: pure date arithmetic shared by metadata parsing and horizons.

Convention (../shared/HORIZONS.md): fiscal year N is the one that *ends* in calendar year N, so with
a fiscal year end of 03-31, FY2028 = 2027-04-01 .. 2028-03-31. Some companies whose year ends early
in the calendar year (retailers ending in January: Chewy, lululemon, Macy's) name it by the year it
*starts* in instead (their fiscal 2025 ends on 2026-01-31); `fiscal_year_offset` tells them apart from
a reported quarter's label and the date of the call.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from claims.core.errors import BadInput

_FYE_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_PERIOD_RE = re.compile(r"^(?:(FY)\s*)?(\d{4})-?Q([1-4])$", re.I)


def parse_fye(fye: str | None) -> tuple[int, int]:
    """'03-31' -> (3, 31). A day past the month's end is clamped (02-29 -> 28 in other years)."""
    if fye is None:
        return (12, 31)
    m = _FYE_RE.match(str(fye).strip())
    # a day the month never has (02-30, 04-31) is a typo, not a date to clamp; 02-29 is real
    if not m or int(m.group(2)) > (29 if m.group(1) == "02" else _DAYS_IN_MONTH[int(m.group(1)) - 1]):
        raise BadInput(f"fiscal year end must be MM-DD (e.g. 03-31), got {fye!r}")
    return int(m.group(1)), int(m.group(2))


@lru_cache(maxsize=8192)  # pure, over a small domain; the horizon rules call it per expression
def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: dt.date, months: int) -> dt.date:
    """`d` moved by whole months, clamped to the target month's last day (Jan 31 + 1 = Feb 28)."""
    y, m0 = divmod(d.month - 1 + months, 12)
    year, day = d.year + y, d.day
    if day > 28:  # only the last days of a month can overflow
        last = _DAYS_IN_MONTH[m0] + (m0 == 1 and calendar.isleap(year))
        day = min(day, last)
    return dt.date(year, m0 + 1, day)


def add_years(d: dt.date, years: int) -> dt.date:
    return add_months(d, 12 * years)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, last_day(year, month))


@lru_cache(maxsize=8192)
def _fye_date(year: int, fye: str | None) -> dt.date:
    m, d = parse_fye(fye)
    if m == 2 and d == 28:  # a year "ending February 28" ends with February, the 29th in a leap year
        d = 29
    return dt.date(year, m, min(d, last_day(year, m)))


@lru_cache(maxsize=8192)
def fiscal_year_bounds(fy: int, fye: str | None) -> tuple[dt.date, dt.date]:
    end = _fye_date(fy, fye)
    start = _fye_date(fy - 1, fye) + dt.timedelta(days=1)
    return start, end


def fiscal_year_of(d: dt.date, fye: str | None) -> int:
    return d.year if d <= _fye_date(d.year, fye) else d.year + 1


@lru_cache(maxsize=8192)
def fiscal_quarter_bounds(fy: int, q: int, fye: str | None) -> tuple[dt.date, dt.date]:
    start, _ = fiscal_year_bounds(fy, fye)
    qs = add_months(start, 3 * (q - 1))
    qe = add_months(start, 3 * q) - dt.timedelta(days=1)
    return qs, qe


@lru_cache(maxsize=8192)
def fiscal_half_bounds(fy: int, half: int, fye: str | None) -> tuple[dt.date, dt.date]:
    start, _ = fiscal_year_bounds(fy, fye)
    hs = add_months(start, 6 * (half - 1))
    return hs, add_months(start, 6 * half) - dt.timedelta(days=1)


@lru_cache(maxsize=8192)
def calendar_quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * q - 2, 1)
    return start, month_end(year, 3 * q)


def quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


# a call reports a quarter that ended weeks before it; a label read by the usual convention that ended
# more than a year before the call is the other convention's quarter
_REPORT_LAG = dt.timedelta(days=366)


def fiscal_year_offset(year: int, q: int, fye: str | None, ref: dt.date | None) -> int:
    """1 when a call on `ref` reporting fiscal quarter `q` of `year` only makes sense with fiscal years
    named by the calendar year they start in (FY2025-Q3 reported in December 2025 by a company whose
    year ends on 01-31: Aug-Oct 2025, not Aug-Oct 2024), else 0. Without a date the usual convention
    stands."""
    if ref is None or parse_fye(fye)[0] > 6:
        return 0  # a year ending in July or later is named by the calendar year it ends in
    _, end = fiscal_quarter_bounds(year, q, fye)
    _, later = fiscal_quarter_bounds(year + 1, q, fye)
    return 1 if ref - end > _REPORT_LAG and dt.timedelta(0) <= ref - later <= _REPORT_LAG else 0


@lru_cache(maxsize=1024)  # asked on every normalise call of a document that reports a fiscal quarter
def label_fy_offset(label: str | None, start: dt.date, fye: str | None) -> int:
    """The naming a parsed period's label was read with (`fiscal_year_offset`): 1 when "FY2025-Q3"
    starts where the quarter of the fiscal year ending in 2026 starts."""
    m = _PERIOD_RE.match(str(label or "").strip())
    if m is None or not m.group(1):
        return 0
    year, q = int(m.group(2)), int(m.group(3))
    return 1 if fiscal_quarter_bounds(year + 1, q, fye)[0] == start else 0


def parse_period(label: str | None, fye: str | None, ref: dt.date | None = None) -> tuple[dt.date, dt.date, str] | None:
    """'2025-Q3' (calendar) or 'FY2026-Q2' (fiscal) -> (start, end, normalised label); `ref`, the date
    of the call, tells which convention names the fiscal year (`fiscal_year_offset`)."""
    if label is None or str(label).strip() == "":
        return None
    m = _PERIOD_RE.match(str(label).strip())
    if not m:
        raise BadInput(f"period must look like 2025-Q3 or FY2026-Q2, got {label!r}")
    fiscal, year, q = bool(m.group(1)), int(m.group(2)), int(m.group(3))
    if fiscal:
        s, e = fiscal_quarter_bounds(year + fiscal_year_offset(year, q, fye, ref), q, fye)
        return s, e, f"FY{year}-Q{q}"
    s, e = calendar_quarter_bounds(year, q)
    return s, e, f"{year}-Q{q}"


def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadInput(f"{what} must be YYYY-MM-DD, got {value!r}") from None
