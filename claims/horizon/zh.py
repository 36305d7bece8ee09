"""Chinese time expressions, matched on the simplified, half-width form of the text.

Traditional, mixed and full-width input reach these rules through `pipelines.script.to_simplified`,
which keeps the length, so every offset found here is an offset into the user's text.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import cal
from .cal import DAY, Frame
from .core import (
    Cand,
    DurationRanges,
    Grammar,
    Rule,
    holiday_cand,
    in_counted_units,
    past_vague,
    period_cand,
    roll_far_bound,
    this_and_next_year,
    vague,
)
from .holidays import HOLIDAY_PREFIX, holiday, holiday_id, upcoming
from .lexicon import ZhNumbers, lex
from .seasons import SEASON_KEYS, season

_UNITS = ("UNIT_FISCAL_YEAR", "UNIT_HALFYEAR", "UNIT_DECADE", "UNIT_YEAR", "UNIT_QUARTER", "UNIT_MONTH", "UNIT_MONTH_AND_HALF",
          "UNIT_WEEK", "UNIT_DAY", "UNIT_HOUR")
_UNIT_NAME = {"UNIT_FISCAL_YEAR": "fiscal_year", "UNIT_YEAR": "year", "UNIT_HALFYEAR": "half", "UNIT_QUARTER": "quarter", "UNIT_MONTH": "month",
              "UNIT_MONTH_AND_HALF": "month_and_half",
              "UNIT_WEEK": "week", "UNIT_DAY": "day", "UNIT_DECADE": "decade",
              "UNIT_HOUR": "hour"}
_YEAR_WORDS = {"YEAR_THIS": 0, "YEAR_NEXT": 1, "YEAR_AFTER_NEXT": 2, "YEAR_3_AFTER": 3,
               "YEAR_LAST": -1, "YEAR_BEFORE_LAST": -2, "YEAR_3_BEFORE": -3}
_DAY_WORDS = {"DAY_TODAY": 0, "DAY_TOMORROW": 1, "DAY_AFTER_TOMORROW": 2, "DAY_3_AFTER": 3,
              "DAY_YESTERDAY": -1, "DAY_BEFORE_YESTERDAY": -2, "DAY_3_BEFORE": -3}
_Y4 = r"(?<![0-9.])(?:19|20|21)\d{2}(?![0-9])"
ROC_OFFSET = 1911  # Minguo year N is N + 1911
ROC_REACH = 10     # a bare three-digit year this close to the statement's is a Minguo year
_ROC_DIGITS = re.compile(r"(?<![0-9])1[0-4][0-9](?![0-9])")  # a Minguo year's three digits
_YEAR_OF_ACCOUNTS = re.compile(r"(?<!自然)年度")  # "2027年度", "下年度": a year of accounts (year_form)
_Y2 = r"(?<![0-9.])\d{2}(?![0-9])"
# _Y4 or _Y2, written to open with a character class: the regex engine skips an alternative whose
# first operation is a class or a literal in one test, but must enter one that opens with a
# lookbehind, and year words open many alternatives tried at every position
_Y42 = r"[0-9](?<![0-9.].)[0-9](?:(?<=19|20|21)[0-9]{2})?(?![0-9])"
_ZHY4 = r"[一二][九零〇○][零〇○一二三四五六七八九]{2}"
SPOKEN_YEAR_REACH = 10  # years from the statement's within which 二八年 is 2028 (further: a count, or another century)


def build(analyse: bool = True) -> Grammar:
    """The Chinese grammar; `analyse=False` tries every rule at every position (for tests)."""
    lx = lex("zh")
    num = ZhNumbers(lx)
    X = lx.expand
    NUM = num.pattern
    DEIXIS = {"THIS": 0, "NEXT": 1, "LAST": -1}

    def deixis(word: str) -> int:
        if word == "当":
            return 0
        if lx.key_of(word, "NEXT_BUT_ONE"):
            return 2
        k = lx.key_of(word, "THIS", "NEXT", "LAST")
        return DEIXIS[k] if k else 0

    year_spec = X(
        rf"(?:{_Y42}\s*{{FISCAL_YEAR}}|{_ZHY4}\s*{{FISCAL_YEAR}}|{{FISCAL_YEAR}}\s*{_Y42}(?:年)?"
        rf"|FY\s*['’]?{_Y42}|(?:{{THIS}}|{{NEXT}}|{{LAST}}|{{YEAR_NEXT}}|新|当)\s*(?:个)?{{FISCAL_YEAR}}"
        rf"|{{FISCAL_YEAR}}|{_Y42}\s*{{CALENDAR_YEAR}}|{_Y4}\s*年(?:度)?|{_ZHY4}\s*年(?:度)?|{_Y2}\s*年(?!代)"
        rf"|(?:{{ROC_ERA}})?\s*(?<![0-9.])1[0-4]\d\s*年(?:度)?"
        rf"|(?<![0-9.$¥]){_Y4}(?=\s*(?:的\s*)?(?:Q[1-4](?![0-9])|第\s*[1-4一二三四]\s*季"
        rf"|{{HALF_FIRST}}|{{HALF_SECOND}}|H[12](?![0-9])|[12]H(?![0-9])))"  # "2026Q4", "2028的Q2", "2026第一季", "2027 上半年"
        rf"|{{YEAR_3_AFTER|YEAR_3_BEFORE|YEAR_THIS|YEAR_NEXT|YEAR_AFTER_NEXT|YEAR_LAST|YEAR_BEFORE_LAST}})"
    )
    re_fy_num = re.compile(X(rf"(?:FY\s*['’]?|{{FISCAL_YEAR}}\s*)?(\d{{4}}|\d{{2}}|{_ZHY4})\s*(?:{{FISCAL_YEAR}})?"), re.I)
    re_fiscal = re.compile(X("{FISCAL_YEAR}|FY"), re.I)
    re_fy_deixis = re.compile(X(r"({THIS}|{NEXT}|{LAST}|{YEAR_NEXT}|新|当)\s*(?:个)?{FISCAL_YEAR}"))
    re_cal_num = re.compile(X(rf"(?:{{ROC_ERA}})?\s*(\d{{4}}|1[0-4]\d|\d{{2}}|{_ZHY4})\s*(?:{{CALENDAR_YEAR}}|年|$)"))  # "2026" before Q4: no 年
    year_word_map = {f: v for k, v in _YEAR_WORDS.items() for f in lx.entries[k]}
    re_two_digit_year = re.compile(r"\s*\d{2}\s*年")

    @lru_cache(maxsize=4096)
    def year_form(text: str) -> tuple[str, bool, int]:
        """("cal" | "fy", relative?, the year or the offset from the current one): what the words
        say before any date is known, kept across calls."""
        t = text.strip()
        # "2027年度", "下年度": the company's year, its fiscal one when it ends off December (a
        # calendar year's 年度 is the same dates); "自然年度" is the calendar year said outright
        kind = "fy" if _YEAR_OF_ACCOUNTS.search(t) else "cal"
        if t in year_word_map:
            return kind, True, year_word_map[t]
        if re_fiscal.search(t):
            m = re_fy_deixis.fullmatch(t)
            if m:
                w = m.group(1)
                return "fy", True, 1 if (w == "新" or lx.key_of(w, "YEAR_NEXT")) else deixis(w)
            m = re_fy_num.fullmatch(t)
            if m:
                g = m.group(1)
                n = int(g) if g.isdigit() else int(num.parse(g))
                return "fy", False, n + 2000 if n < 100 else n
            return "fy", True, 0
        m = re_cal_num.match(t)
        if m:
            g = m.group(1)
            n = int(g) if g.isdigit() else int(num.parse(g))
            # 106年: Taiwan's Minguo (ROC) calendar counts from 1912
            return kind, False, n + 2000 if n < 100 else n + ROC_OFFSET if n < 1000 else n
        raise ValueError(text)

    def parse_year(text: str, f: Frame) -> tuple[str, int, int | None]:
        """-> ("cal" | "fy", year, offset from the current year or None when absolute)."""
        kind, relative, n = year_form(text)
        if not relative:
            if _ROC_DIGITS.search(text) and abs(n - f.ref.year) > ROC_REACH:
                raise ValueError(text)  # "120年" far from the statement's year is a count of years, not 2031
            return kind, n, None
        return kind, (f.ref.year if kind == "cal" else cal.fy_of(f.ref, f)) + n, n

    def half_no(text: str) -> int:
        t = text.upper()
        if lx.key_of(text, "HALF_FIRST") or t in ("H1", "1H"):
            return 1
        return 2

    first_quarter_words = set(lx.entries["QUARTER_NO_FIRST"])
    q_chars = "1-4一二三四" + "".join(re.escape(w) for w in first_quarter_words if len(w) == 1)

    def quarter_no(text: str) -> int:
        if text in first_quarter_words:  # 首季 / 明年首季: the first quarter
            return 1
        v = num.parse(text)
        if not isinstance(v, int) or not 1 <= v <= 4:
            raise ValueError(text)
        return v

    def part_of(word: str) -> str:
        if word == "年中" or lx.key_of(word, "PART_MID"):
            return "mid"
        if lx.key_of(word, "PART_EARLY"):
            return "early"
        return "late"

    c_period = period_cand

    # --- handlers ------------------------------------------------------------------------------

    unit_keys = lx.key_map(*_UNITS)
    pre_keys = lx.key_map("FUTURE", "NEXT", "LAST", "PAST_SPAN", "TAKES", "IN")
    rel_keys = lx.key_map("WITHIN", "AFTER", "AGO")

    hou_stop = frozenset(lx.entries["HOU_WORD_STOP"])

    def h_duration(m: re.Match, f: Frame) -> Cand | None:
        pre, rel = m.group("pre"), m.group("rel")
        if pre == "后" and m.start() > 0 and m.string[m.start() - 1] in hou_stop:
            return None  # 落后三年: lagging by three years, not the next three
        u = m.group("u")
        unit_key = unit_keys.get(u) or lx.key_of(u, *_UNITS)
        unit = _UNIT_NAME[unit_key]
        if m.group("vn"):
            return Cand(vague=True, point=False, past=bool(pre and lx.key_of(pre, "PAST_SPAN", "LAST")))
        lo: float
        hi: float | None = None
        if m.group("n1"):
            v = num.parse(m.group("n1"))
            if v is None:
                return None
            if isinstance(v, tuple):
                lo, hi = v
            else:
                lo = v
            if m.group("n2"):
                v2 = num.parse(m.group("n2"))
                if v2 is None or isinstance(v2, tuple):
                    return None
                hi = v2
        elif unit == "half":
            lo = 1
        else:
            return None
        if m.group("hf") or unit == "month_and_half":  # 三年半, 一個半月
            unit = "month" if unit == "month_and_half" else unit
            lo += 0.5
            hi = hi + 0.5 if hi is not None else None
        if unit == "half":
            unit, lo, hi = "month", lo * 6, hi * 6 if hi is not None else None
        if unit == "hour":  # days are the finest grain of a horizon: 24 hours = 1 day, 36 hours = 2 days
            unit, lo, hi = "day", -(-lo // 24), -(-hi // 24) if hi is not None else None
        if unit == "fiscal_year":  # whole fiscal years: 未来三个财年 = FY+1 .. FY+3
            if lo != int(lo) or not 0 < lo <= 60:
                return None
            cur = cal.fy_of(f.ref, f)
            if pre and lx.key_of(pre, "PAST_SPAN", "LAST"):
                return Cand(s=cal.fy(cur - int(lo), f)[0], e=cal.fy(cur - 1, f)[1], kind="within", gran="year",
                            past=True, point=False)
            return Cand(s=cal.fy(cur + 1, f)[0], e=cal.fy(cur + int(hi or lo), f)[1], kind="within", gran="year",
                        point=False)
        limit = {"year": 60, "decade": 10, "quarter": 40, "month": 240, "week": 520, "day": 3660}[unit]
        if lo <= 0 or lo > limit or (hi is not None and (hi > limit or hi < lo)):
            return None
        pre_key = (pre_keys.get(pre) or lx.key_of(pre, "FUTURE", "NEXT", "LAST", "PAST_SPAN", "TAKES", "IN")) if pre else None
        rel_key = (rel_keys.get(rel) or lx.key_of(rel, "WITHIN", "AFTER", "AGO")) if rel else None
        r = f.ref
        c = _duration_cand(r, f, unit, lo, hi, pre_key, rel_key)
        if c is not None and pre_key in ("TAKES", "IN"):
            c.skip = m.start("n1") - m.start()
        return c

    def _duration_cand(r, f, unit, lo, hi, pre_key, rel_key) -> Cand | None:
        if rel_key == "AGO":
            return Cand(s=cal.add(r, -(hi or lo), unit), e=cal.add(r, -lo, unit), kind="in", gran=unit,
                        past=True, point=False)
        if pre_key in ("PAST_SPAN", "LAST"):
            return Cand(s=cal.add(r, -(hi or lo), unit), e=r, kind="within", gran=unit, past=True, point=False)
        if rel_key == "AFTER":
            return Cand(s=cal.add(r, lo, unit), e=cal.add(r, hi or lo, unit),
                        kind="range" if hi else "in", gran=unit, point=False)
        if rel_key == "WITHIN" or pre_key in ("FUTURE", "NEXT"):
            if unit == "quarter" and lo == int(lo) and hi is None:
                q = cal.current_quarter(f)
                return Cand(s=cal.quarter_after(q, 1)[0], e=cal.quarter_after(q, int(lo))[1], kind="within",
                            gran="quarter", point=False)
            if hi is not None:
                return Cand(s=cal.add(r, lo, unit), e=cal.add(r, hi, unit), kind="range", gran=unit, point=False)
            return Cand(s=r, e=cal.add(r, lo, unit), kind="within", gran=unit, point=False)
        if hi is not None:
            return Cand(s=cal.add(r, lo, unit), e=cal.add(r, hi, unit), kind="range", gran=unit, point=False)
        if pre_key == "TAKES":
            return Cand(s=cal.add(r, lo, unit), e=cal.add(r, lo, unit), kind="in", gran=unit, point=False)
        return None

    def h_period(m: re.Match, f: Frame) -> Cand | None:
        if m.group("rest"):
            return h_rest(m, f)
        if m.group("s"):
            return h_season(m, f)
        if m.group("hd"):
            return h_holiday(m, f)
        ytext = m.group("y")
        yr = parse_year(ytext, f) if ytext else None
        if m.group("yy"):  # 3Q25 / Q3'25 / 2H25
            yr = ("cal", 2000 + int(m.group("yy")), None)
        kind_y, n_y, rel_y = yr if yr else (None, None, None)

        def fiscal_frame(marked: bool) -> tuple[bool, tuple[str, int] | None]:
            """Fiscal when marked, when the year is fiscal, or when the text speaks fiscally and the
            year is relative (今年 / 明年) or absent."""
            if kind_y == "fy":
                return True, ("fy", n_y)
            if marked or (f.fiscal and (yr is None or rel_y is not None)):
                if yr is None:
                    return True, None
                return True, ("fy", cal.fy_of(f.ref, f) + rel_y) if rel_y is not None else ("fy", n_y)
            return False, ("cal", n_y) if yr else None

        if m.group("full"):
            iv = cal.year_interval((kind_y, n_y), f) if yr else cal.full_year(f)
            return c_period(iv, "year")
        if m.group("h"):
            marked = bool(re_fiscal.search(m.group("h")))
            fis, y2 = fiscal_frame(marked)
            return c_period(cal.named_half(half_no(m.group("h")), f, fis, y2), "half")
        qtext = m.group("q") or m.group("q2") or m.group("q3")
        if qtext:
            q = quarter_no(qtext)
            marked = bool(m.group("qw") and lx.key_of(m.group("qw"), "FISCAL_QUARTER"))
            fis, y2 = fiscal_frame(marked)
            iv = cal.named_quarter(q, f, fis, y2)
            if m.group("qp"):
                return c_period(cal.part(iv, part_of(m.group("qp")), "quarter"), "month", approx=True)
            return c_period(iv, "quarter")
        if m.group("qn"):
            q = quarter_no(m.group("qn"))
            fis, y2 = fiscal_frame(False)
            if y2 is None:
                d = f.period[1] if f.period is not None else f.ref
                y2 = ("fy", cal.fy_of(d, f)) if fis else ("cal", d.year)
            s = cal.named_quarter(1, f, fis, y2)[0]
            return c_period((s, cal.named_quarter(q, f, fis, y2)[1]), "quarter")
        if m.group("mo"):
            mo = num.parse(m.group("mo"))
            if not isinstance(mo, int) or not 1 <= mo <= 12:
                return None
            iv = cal.named_month(mo, f, ("cal", n_y) if yr else None)
            if yr and kind_y == "fy":
                return None
            if m.group("day"):
                d = num.parse(m.group("day"))
                if not isinstance(d, int):
                    return None
                day = dt.date(iv[0].year, mo, d)
                return c_period((day, day), "day")
            if m.group("mp"):
                return c_period(cal.part(iv, part_of(m.group("mp")), "month"), "day", approx=True)
            return c_period(iv, "month")
        if m.group("yp"):
            if not yr:
                return None
            iv = cal.year_interval((kind_y, n_y), f)
            return c_period(cal.part(iv, part_of(m.group("yp")), "year"), "month", approx=True)
        if yr:
            if kind_y == "cal" and rel_y is None and re_two_digit_year.fullmatch(ytext):
                return None  # "26年" alone is more often 26 years than 2026
            return c_period(cal.year_interval((kind_y, n_y), f), "year")
        return None

    def h_period_entry(m: re.Match, f: Frame) -> Cand | None:
        """zh_period's handler: a year alone (明年, 2027年, 本財年: the common case) is read
        straight from its group; anything after it goes through h_period."""
        if m.end() == m.end("y"):
            ytext = m.group("y")
            kind_y, n_y, rel_y = parse_year(ytext, f)
            if kind_y == "cal" and rel_y is None and re_two_digit_year.fullmatch(ytext):
                return None  # "26年" alone is more often 26 years than 2026
            return c_period(cal.year_interval((kind_y, n_y), f), "year")
        return h_period(_YP(m), f)

    def h_year_part_bare(m: re.Match, f: Frame) -> Cand:
        iv = cal.year(f.ref.year)
        return c_period(cal.part(iv, part_of(m.group("yp")), "year"), "month", approx=True)

    def h_year_within(m: re.Match, f: Frame) -> Cand:
        return Cand(s=f.ref, e=dt.date(f.ref.year, 12, 31), kind="by", gran="year", point=False)

    def h_quarter_deixis(m: re.Match, f: Frame) -> Cand:
        k = deixis(m.group("d"))
        fis = f.fiscal or bool(lx.key_of(m.group("qw"), "FISCAL_QUARTER"))
        ff = Frame(f.ref, f.fye, f.period, fis)
        iv = cal.quarter_after(cal.current_quarter(ff), k) if k else cal.current_quarter(ff)
        c = c_period(iv, "quarter", reported=(k == 0))
        if m.group("qp"):
            c.s, c.e = cal.part(iv, part_of(m.group("qp")), "quarter")
            c.gran = "month"
        return c

    def h_month_deixis(m: re.Match, f: Frame) -> Cand | None:
        k = deixis(m.group("d")) if m.group("d") else 0
        s = cal.add(f.ref.replace(day=1), k, "month")
        iv = cal.month(s.year, s.month)
        if m.group("day"):
            d = num.parse(m.group("day"))
            if not isinstance(d, int):
                return None
            day = dt.date(s.year, s.month, d)
            return c_period((day, day), "day")
        if m.group("mp"):
            return c_period(cal.part(iv, part_of(m.group("mp")), "month"), "day", approx=True)
        if not m.group("d"):
            return None  # a bare 月 ("每月", "月活") is no month; 月底 / 月15日 are this month's
        return c_period(iv, "month")

    wd_numbers = lx.value_map("WEEKDAY_")

    def weekday_no(t: str) -> int:
        return wd_numbers[t] - 1

    def h_week(m: re.Match, f: Frame) -> Cand:
        k = deixis(m.group("d"))
        w = cal.week(f.ref, k)
        if m.group("wd"):
            d = w[0] + dt.timedelta(days=weekday_no(m.group("wd")))
            return c_period((d, d), "day")
        return c_period(w, "week")

    def h_weekend(m: re.Match, f: Frame) -> Cand:
        k = deixis(m.group("d")) if m.group("d") else 0
        w = cal.week(f.ref, k)
        return c_period((w[1] - DAY, w[1]), "day")

    def h_weekday(m: re.Match, f: Frame) -> Cand:
        """星期二: the next one to come (said on a Tuesday, next week's, as in English; 今星期二 is today)."""
        n = weekday_no(m.group("wd"))
        d = f.ref + dt.timedelta(days=(n - f.ref.weekday()) % 7 or (0 if m.group("this") else 7))  # 今星期二: today
        return c_period((d, d), "day")

    def h_nth_weekday(m: re.Match, f: Frame) -> Cand | None:
        """十月第一个星期一, 2014年十月的最后一个星期五: the n-th (or last) weekday of a month."""
        mo = num.parse(m.group("mo"))
        if not isinstance(mo, int) or not 1 <= mo <= 12:
            return None
        s_, e_ = cal.named_month(mo, f, ("cal", int(m.group("y"))) if m.group("y") else None)
        wd = weekday_no(m.group("wd"))
        if m.group("last"):
            d = e_ - dt.timedelta(days=(e_.weekday() - wd) % 7)
        else:
            k = num.parse(m.group("o"))
            if not isinstance(k, int) or not 1 <= k <= 5:
                return None
            d = s_ + dt.timedelta(days=(wd - s_.weekday()) % 7 + 7 * (k - 1))
            if d > e_:
                return None
        return c_period((d, d), "day")

    day_map = {form: v for k, v in _DAY_WORDS.items() for form in lx.entries[k]}

    def h_day(m: re.Match, f: Frame) -> Cand:
        d = f.ref + dt.timedelta(days=day_map[m.group(0)])
        return c_period((d, d), "day")

    def h_decade(m: re.Match, f: Frame) -> Cand:
        if m.group("dy"):
            y = int(m.group("dy"))
            if y < 100:
                y += 2000 if y < 50 else 1900
            iv = cal.decade(y)
        else:
            k = 1 if lx.key_of(m.group("dd"), "DECADE_NEXT") else 0
            iv = cal.decade(f.ref.year + 10 * k)
        if m.group("p"):
            p = part_of(m.group("p"))
            if p == "late" and not m.group("dy"):
                return Cand(s=f.ref, e=iv[1], kind="by", gran="decade")
            return c_period(cal.part(iv, p, "decade"), "year", approx=True)
        return c_period(iv, "decade")

    def h_century(m: re.Match, f: Frame) -> Cand:
        c0 = f.ref.year - f.ref.year % 100
        if m.group("p") and part_of(m.group("p")) == "late":
            return Cand(s=f.ref, e=dt.date(c0 + 99, 12, 31), kind="by", gran="decade")
        if m.group("p"):
            return c_period((dt.date(c0 + 40, 1, 1), dt.date(c0 + 59, 12, 31)), "decade", approx=True)
        return c_period((dt.date(c0, 1, 1), dt.date(c0 + 99, 12, 31)), "decade")

    def h_month_range(m: re.Match, f: Frame) -> Cand | None:
        a, b = int(m.group("a")), int(m.group("b"))
        if a >= b:
            return None
        yr = ("cal", int(m.group("y"))) if m.group("y") else None
        first = cal.named_month(a, f, yr)
        return c_period((first[0], cal.month(first[0].year, b)[1]), "month")

    def h_quarter_range(m: re.Match, f: Frame) -> Cand | None:
        """第3～4季度: the third and fourth quarters (an ordinal range, not three to four quarters)."""
        a, b = quarter_no(m.group("a")), quarter_no(m.group("b"))
        if a >= b:
            return None
        yr = ("cal", int(m.group("y"))) if m.group("y") else None
        first = cal.named_quarter(a, f, f.fiscal, yr)
        last = cal.named_quarter(b, f, f.fiscal, yr)
        if last[1] < first[0]:
            return None
        return c_period((first[0], last[1]), "quarter")

    def h_rest(m: re.Match, f: Frame) -> Cand:
        iv = cal.year_interval(parse_year(m.group("y"), f)[:2], f) if m.group("y") else None
        if iv is not None and iv[0] > f.ref and lx.key_of(m.group("rest") or "", "LATER_IN"):
            return c_period(iv, "year")  # 明年晚些时候: some time next year, as "later next year"
        e = iv[1] if iv is not None else dt.date(f.ref.year, 12, 31)
        return Cand(s=f.ref, e=e, kind="by", gran="year", point=False)

    def h_fy_ending(m: re.Match, f: Frame) -> Cand | None:
        g = m.group("y")
        y = int(g) if g.isdigit() else int(num.parse(g))
        mo = num.parse(m.group("mo"))
        if not isinstance(mo, int) or not 1 <= mo <= 12:
            return None
        end = cal.month(y, mo)[1]
        return c_period((cal.add(end.replace(day=1), -11, "month"), end), "year")

    def h_iso(m: re.Match, f: Frame) -> Cand:
        d = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return c_period((d, d), "day")

    def h_year_range(m: re.Match, f: Frame) -> Cand | None:
        a, b = int(m.group("a")), int(m.group("b"))
        if a >= 100 and b < 100:  # 2025-26年: the second year in the first one's century
            b += a - a % 100 + (100 if b < a % 100 else 0)
        if m.group("fy"):
            a, b = (a + 2000 if a < 100 else a), (b + 2000 if b < 100 else b)
            if b < a:
                return None
            return Cand(s=cal.fy(a, f)[0], e=cal.fy(b, f)[1], kind="range", gran="year")
        if b < a:
            return None
        return Cand(s=dt.date(a, 1, 1), e=dt.date(b, 12, 31), kind="range", gran="year")

    def h_month_quarter(m: re.Match, f: Frame) -> Cand | None:
        mo = num.parse(m.group("mo"))
        if not isinstance(mo, int) or not 1 <= mo <= 12:
            return None
        yr = ("cal", int(m.group("y"))) if m.group("y") else None
        e = cal.named_month(mo, f, yr)[1]
        if not yr and f.period is not None and e < f.period[1]:
            e = cal.month(e.year + 1, mo)[1]
        return c_period((cal.add(e.replace(day=1), -2, "month"), e), "quarter")

    def h_season(m: re.Match, f: Frame) -> Cand:
        key = lx.key_of(m.group("s"), *SEASON_KEYS)
        y = parse_year(m.group("y"), f)[1] if m.group("y") else f.ref.year
        return c_period(season(key, y), "month")

    holiday_keys = tuple(k for k in lx.entries if k.startswith(HOLIDAY_PREFIX))
    numeral_chars = set("0123456789.%零〇一二两三四五六七八九十百千万亿元个")

    def h_holiday(m: re.Match, f: Frame) -> Cand | None:
        word = m.group("hd")
        if word[-1] in numeral_chars and m.end("hd") < len(m.string) and m.string[m.end("hd")] in numeral_chars:
            return None  # 618亿, 五一二: a number, not a holiday
        if word[0] in numeral_chars and m.start("hd") > 0 and m.string[m.start("hd") - 1] in numeral_chars:
            return None
        name = holiday_id(lx.key_of(word, *holiday_keys))
        if m.group("y"):
            kind, y, _ = parse_year(m.group("y"), f)
            iv = holiday(name, y) if kind == "cal" else None
        else:
            iv = upcoming(name, f.ref)
        return holiday_cand(iv)

    spoken_not_years = frozenset(lx.entries["SPOKEN_YEAR_NOT"])

    def h_year_spoken(m: re.Match, f: Frame) -> Cand | None:
        """二八年, 三零年: a year said digit by digit (speech-to-text keeps it so), near the
        statement's; 三五年 is "three to five years", never 2035."""
        if m.group("a") + m.group("b") in spoken_not_years:
            return None
        y = 2000 + 10 * num.parse(m.group("a")) + num.parse(m.group("b"))
        if abs(y - f.ref.year) > SPOKEN_YEAR_REACH:
            return None
        return c_period(cal.year_interval(("cal", y), f), "year")

    def h_next_two_years(m: re.Match, f: Frame) -> Cand:
        return Cand(s=dt.date(f.ref.year + 1, 1, 1), e=dt.date(f.ref.year + 2, 12, 31), kind="range", gran="year")

    parts = "{PART_EARLY}|{PART_LATE}"
    stop = "(?!{PART_STOP})"
    rules = [
        Rule("zh_year_range", X(rf"(?P<a>{_Y4}|{_Y2})\s*(?:年|{{FISCAL_YEAR}})?\s*{{RANGE_SEP}}\s*"
                                rf"(?P<b>{_Y4}|{_Y2})\s*(?:(?P<fy>{{FISCAL_YEAR}})|年)"), h_year_range),
        # years a speaker lists under one 年 ("2028、2029 年吧"): checked when the last one ends (listed
        # with a 年 each, "2027年、2028年和2029年", they are periods joined as one time: _joined)
        Rule("zh_year_list", X(rf"(?P<a>{_Y4})(?:\s*{{LIST_SEP}}\s*{_Y4})*\s*{{LIST_SEP}}\s*"
                               rf"(?P<b>{_Y4})\s*(?:(?P<fy>{{FISCAL_YEAR}})|年)"), h_year_range),
        Rule("zh_year_spoken", X(r"(?<![0-9零〇一二两三四五六七八九十百千万来去近这那])(?P<a>[一二三])(?P<b>[零〇一二三四五六七八九])\s*年"
                                 r"(?!\s*(?:{WITHIN}|{AFTER}|{AGO}|代|间|來|来|多|半))"), h_year_spoken),
        # 截至2027年3月(31日)(止)的財年 / 截至2027年3月31日止年度: the fiscal year ending then
        Rule("zh_fy_ending", X(rf"(?:{{FY_ENDING_LEAD}})\s*(?P<y>(?:19|20|21)\d{{2}}|{_ZHY4})\s*年\s*"
                               rf"(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
                               rf"(?:\s*(?:[0-9]{{1,2}}|[一二三四五六七八九十廿卅]{{1,3}})\s*[日号])?\s*(?:底|末)?\s*(?:止|为止)?\s*(?:的|之)?\s*"
                               rf"(?:{{FISCAL_YEAR}}|年度)"), h_fy_ending),
        Rule("zh_iso_date", r"(?P<y>(?:19|20|21)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![0-9])", h_iso),
        Rule("zh_quarter_deixis", X(rf"(?P<d>{{NEXT_BUT_ONE}}|{{THIS}}|{{NEXT}}|{{LAST}}|当|今)\s*(?:个)?(?P<qw>{{FISCAL_QUARTER}}|{{QUARTER}})"
                                    rf"(?:度)?(?P<qp>{parts})?{stop}"), h_quarter_deixis),
        Rule("zh_month_deixis", X(rf"(?:(?P<d>{{NEXT_BUT_ONE}}|{{THIS}}|{{NEXT}}|{{LAST}}|当)\s*|(?<![0-9零〇一二两三四五六七八九十个多几半]))"
                                  rf"月(?:份)?(?:(?P<day>[0-9]{{1,2}}|[一二三四五六七八九十廿卅]{{1,3}})\s*[日号]|(?P<mp>{parts}|{{PART_MID}}){stop})?"),
             h_month_deixis),
        Rule("zh_week", X(r"(?P<d>{NEXT_BUT_ONE}|{THIS}|{NEXT}|{LAST})\s*(?:{UNIT_WEEK})(?P<wd>{WEEKDAY_1|WEEKDAY_2|WEEKDAY_3|WEEKDAY_4|WEEKDAY_5|WEEKDAY_6|WEEKDAY_7})?(?![期年边])"),
             h_week),
        Rule("zh_weekend", X(r"(?:(?P<d>{THIS}|{NEXT}|{LAST})\s*(?:个)?)?{WEEKEND}"), h_weekend),
        Rule("zh_nth_weekday", X(r"(?:(?P<y>(?:19|20|21)\d{2})\s*年\s*)?(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?(?:的)?"
                                 r"(?:第\s*(?P<o>[1-5一二三四五])|(?P<last>最后)(?:一)?)\s*(?:个)?\s*(?:周|星期|礼拜)"
                                 r"(?P<wd>{WEEKDAY_1|WEEKDAY_2|WEEKDAY_3|WEEKDAY_4|WEEKDAY_5|WEEKDAY_6|WEEKDAY_7})"), h_nth_weekday),
        Rule("zh_weekday", X(r"(?P<this>今)?(?:周|星期|礼拜)(?P<wd>{WEEKDAY_1|WEEKDAY_2|WEEKDAY_3|WEEKDAY_4|WEEKDAY_5|WEEKDAY_6|WEEKDAY_7})(?![期年边])"), h_weekday),
        Rule("zh_day", X("{DAY_3_AFTER|DAY_AFTER_TOMORROW|DAY_TOMORROW|DAY_TODAY|DAY_YESTERDAY"
                         "|DAY_BEFORE_YESTERDAY|DAY_3_BEFORE}"), h_day),
        Rule("zh_decade", X(rf"(?:(?P<dd>{{DECADE_THIS}}|{{DECADE_NEXT}})|(?P<dy>(?:19|20|21)\d0|[0-9]0)\s*年代)"
                            rf"(?P<p>{parts}|{{PART_MID}})?"), h_decade),
        Rule("zh_century", X(r"{CENTURY_THIS}(?P<p>{PART_LATE}|中叶|中期)?"), h_century),
        Rule("zh_rest_of_year", X("{REST_OF}"), lambda m, f: h_rest(_yp(m), f)),
        Rule("zh_year_within", X(r"(?<![0-9零〇一二两三四五六七八九十几数多半])年(?:{WITHIN})") + _within_stop(lx), h_year_within),
        Rule("zh_year_part", X(rf"(?<![0-9零〇一二两三四五六七八九十几数多半今明去前后])年(?P<yp>{parts}|中){stop}"),
             h_year_part_bare),
        Rule("zh_period", X(
            rf"(?P<y>{year_spec})\s*(?:的)?\s*(?:"
            rf"(?P<full>{{FULL_YEAR}})"
            rf"|(?P<h>{{HALF_FIRST}}|{{HALF_SECOND}}|H[12](?![0-9])|[12]H(?![0-9]))(?!{{HALF_NOT_AFTER}})"
            rf"|前(?P<qn>[1-4一二三四两])(?:个)?{{QUARTER}}(?:度)?"
            rf"|第?\s*(?P<q>[{q_chars}])\s*(?P<qw>{{FISCAL_QUARTER}}|{{QUARTER}})(?:度)?(?!个)(?P<qp>{parts})?"
            rf"|Q(?P<q2>[1-4])(?![0-9])|(?<![0-9])(?P<q3>[1-4])Q(?![0-9A-Za-z])"
            rf"|(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?"
            rf"(?:\s*(?P<day>[0-9]{{1,2}}|[一二三四五六七八九十廿卅]{{1,3}})\s*[日号])?(?P<mp>{parts}|{{PART_MID}})?"
            rf"|(?<=年)(?P<yp>{parts}){stop}|年(?P<yp2>{parts}|中){stop}"
            rf"|(?P<rest>{{REST_OF}}|{{LATER_IN}})|(?P<s>{{{'|'.join(SEASON_KEYS)}}})"
            rf"|(?P<hd>{{{'|'.join(holiday_keys)}}})(?:{{HOLIDAY_SUFFIX}})?"
            rf")?"
        ).replace("(?P<yp2>", "(?P<yp_alt>"), h_period_entry),
        Rule("zh_quarter_range", X(rf"(?:(?P<y>{_Y4})\s*年\s*)?第\s*(?P<a>[1-4一二三四])\s*(?:{{RANGE_SEP}}|、|和|及)\s*(?:第\s*)?"
                                   rf"(?P<b>[1-4一二三四])\s*(?:{{QUARTER}})(?:度)?"), h_quarter_range),
        # 9-11月 / 2024年9至11月 / 7、8 月: one span of months (the first month has no 月 of its own)
        Rule("zh_month_range", X(rf"(?:(?P<y>{_Y4})\s*年\s*)?(?<![0-9.])(?P<a>1[0-2]|0?[1-9])(?:\s*{{LIST_SEP}}\s*(?:1[0-2]|0?[1-9]))*\s*(?:{{RANGE_SEP}}|{{LIST_SEP}})\s*"
                                 rf"(?P<b>1[0-2]|0?[1-9])\s*月(?!\s*[0-9])"), h_month_range),
        Rule("zh_year_bare", X(r"(?<![0-9.$¥A-Za-z])(?<![A-Za-z] )(?P<y>(?:19|20|21)[0-9]{2})(?![0-9])"
                               r"(?=\s?(?:[A-Z]|[\u4e00-\u9fff]))(?!\s?(?:{YEAR_BARE_NOT_BEFORE}))"),
             lambda m, f: c_period(cal.year_interval(("cal", int(m.group("y"))), f), "year")),
        Rule("zh_quarter_yy", r"(?<![0-9A-Za-z])(?:(?P<q3>[1-4])Q|Q(?P<q2>[1-4])\s*['’]?|(?P<h>[12]H|H[12])\s*['’]?)(?P<yy>\d{2})(?![0-9])",
             lambda m, f: h_period(_YP(m), f)),
        Rule("zh_period_bare", X(
            rf"(?:(?P<full>{{FULL_YEAR}})"
            rf"|(?P<h>{{HALF_FIRST}}|{{HALF_SECOND}}|H[12](?![0-9])|[12]H(?![0-9]))(?!{{HALF_NOT_AFTER}})"
            rf"|前(?P<qn>[1-4一二三四两])(?:个)?{{QUARTER}}(?:度)?"
            rf"|第?\s*(?P<q>[{q_chars}])\s*(?P<qw>{{FISCAL_QUARTER}}|{{QUARTER}})(?:度)?(?!个)(?P<qp>{parts})?"
            rf"|Q(?P<q2>[1-4])(?![0-9])|(?<![0-9])(?P<q3>[1-4])Q(?![0-9A-Za-z])"
            rf"|(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?"
            rf"(?:\s*(?P<day>[0-9]{{1,2}}|[一二三四五六七八九十廿卅]{{1,3}})\s*[日号])?(?P<mp>{parts}|{{PART_MID}})?)"
        ), lambda m, f: h_period(_YP(m), f)),
        Rule("zh_duration", X(
            rf"(?:(?P<pre>{{FUTURE}}|(?<!{{NEXT_AS_COMPLEMENT_AFTER}}){{NEXT}}|{{LAST}}|{{PAST_SPAN}}|{{TAKES}}|{{IN}})\s*(?:的)?)?\s*"
            rf"(?:(?P<n1>{NUM})\s*(?:(?P<sep>{{RANGE_SEP}})\s*(?P<n2>{NUM}))?|(?P<vn>{{VAGUE_NUM}}))?\s*"
            rf"(?P<u>{{{'|'.join(_UNITS)}}})(?P<hf>半)?\s*(?P<rel>{{WITHIN}}|{{AFTER}}|{{AGO}})?"
        ), h_duration),
        Rule("zh_month_quarter", X(r"(?:(?P<y>(?:19|20|21)\d{2})\s*年)?(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?(?:{QUARTER})(?:度)?"),
             h_month_quarter),
        # with a year before them ("明年春節", "2027年夏季", "今年餘下時間") these are read by zh_period
        Rule("zh_season", X(rf"(?P<s>{{{'|'.join(SEASON_KEYS)}}})"), lambda m, f: h_season(_yp(m), f)),
        Rule("zh_holiday", X(rf"(?P<hd>{{{'|'.join(holiday_keys)}}})(?:{{HOLIDAY_SUFFIX}})?"),
             lambda m, f: h_holiday(_yp(m), f)),
        Rule("zh_next_two_years", X("{YEARS_NEXT_TWO}"), h_next_two_years),
        Rule("zh_this_next_years", X("{YEARS_THIS_NEXT}"), lambda m, f: this_and_next_year(f)),
        Rule("zh_vague", X("{VAGUE}"), vague),
        Rule("zh_past_vague", X("{PAST_VAGUE}"), past_vague),
    ]
    units = X(rf"(?P<u>{{{'|'.join(_UNITS)}}})(?P<hf>半)?")

    def range_amount(m: re.Match) -> tuple[float, str] | None:
        unit = _UNIT_NAME[lx.key_of(m.group("u"), *_UNITS)]
        if unit == "fiscal_year":
            return None
        if m.group("n"):
            n = num.parse(m.group("n"))
            if not isinstance(n, (int, float)):
                return None
        elif unit == "half":
            n = 1
        else:
            return None  # "到年底" is not a duration
        n += 0.5 if m.group("hf") or unit == "month_and_half" else 0
        unit = "month" if unit == "month_and_half" else unit
        return in_counted_units(n, unit)

    ranges = DurationRanges(
        re.compile(X(rf"\s*(?:{{RANGE_SEP}})\s*(?P<n>{NUM})?\s*{units}(?![0-9])")),
        re.compile(X(rf"(?P<n>{NUM})?\s*{units}\s*(?:{{RANGE_SEP}})\s*$")),
        range_amount, "".join(w[0] + w[-1] for w in lx.entries["RANGE_SEP"]))
    return Grammar(rules, _widener(lx, ranges), dispatch="chars", must_guards=True, analyse=analyse)


class _YP(dict):
    """A match's groups read once (one `groupdict`; `group` is then a plain dict lookup), with the
    two part-of-year groups of zh_period presented as one `yp` group and groups a rule does not
    have as absent."""

    __slots__ = ("m",)
    group = dict.get

    def __init__(self, m: re.Match) -> None:
        super().__init__(m.groupdict())
        self.m = m
        alt = self.get("yp_alt")
        if alt is not None:
            self["yp"] = "年中" if alt == "中" else alt

    @property
    def string(self) -> str:
        return self.m.string

    def start(self, name=0) -> int:
        return self.m.start(name)

    def end(self, name=0) -> int:
        return self.m.end(name)


def _yp(m: re.Match):
    return _YP(m)


def _within_stop(lx) -> str:
    """The lookahead that keeps 内 from a word it opens (今年内容 is 今年 + 内容)."""
    return "(?![" + "".join(lx.entries["WITHIN_STOP"]) + "])"


def _widener(lx, ranges: DurationRanges):
    X = lx.expand
    by_pre = re.compile(X(r"(?<![{BY_STOP}])(?:{BY})\s*$".replace("{BY_STOP}", "".join(lx.entries["BY_STOP"]))))
    before_suf = re.compile(X(r"\s*(?:{BEFORE})(?!{BEFORE_STOP})"))
    within_suf = re.compile(X(r"\s*(?:{WITHIN})") + _within_stop(lx))
    year_within_suf = re.compile(X(r"\s*(?:{WITHIN}|年(?:{WITHIN}))") + _within_stop(lx))  # 今年年內 = 今年內
    since_pre = re.compile(X(r"(?:{SINCE})\s*$"))
    since_suf = re.compile(X(r"\s*(?:的)?\s*(?P<w>{SINCE_END}|{TO_DATE})"))
    range_mid = re.compile(X(r"\s*(?:{RANGE_SEP})\s*$"))
    baseline_pre = re.compile(X(r"(?:{BASELINE_PRE})\s*(?:于)?\s*$"))
    baseline_suf = re.compile(X(r"\s*(?:的)?(?:{BASELINE_POST})"))
    approx_suf = re.compile(X(r"\s*(?:{APPROX})"))
    approx_pre = re.compile(X(r"(?:{APPROX_PRE})\s*$"))
    said_suf = re.compile(X(r"\s*(?:{SAID_POST})"))
    not_until = re.compile(X(r"[^。；;!?！？]{0,12}?(?:{UNTIL_THEN})"))
    past_end = set(lx.entries["PAST_SINCE_END"]) | set(lx.entries["TO_DATE"])
    # The characters a word before / after an expression can end / start with: most expressions
    # have none of them next to them, and one set test then spares a dozen regex calls.
    ends_before = frozenset(w[-1] for k in ("BY", "SINCE", "BASELINE_PRE", "APPROX_PRE") for w in lx.entries[k]) | {"于"}
    starts_after = frozenset(w[0] for k in ("BEFORE", "WITHIN", "SINCE_END", "TO_DATE", "BASELINE_POST", "APPROX",
                                            "SAID_POST") for w in lx.entries[k]) | {"的", "年"}

    habitual = re.compile(X(r"(?:{HABITUAL_PRE})\s*(?:的)?\s*$"))
    open_after = re.compile(X(r"\s*(?:及|和)?\s*(?:{OPEN_AFTER})"))

    def widen(s: str, cands: list[Cand], f: Frame) -> list[Cand]:
        if not cands:
            return cands
        out: list[Cand] = []
        for c in ranges.join(s, cands, f):
            if out and c.s and out[-1].s and out[-1].point and c.point:
                prev = out[-1]
                if range_mid.match(s[prev.end:c.start]) and c.start - prev.end <= 3 and (
                        c.e >= prev.s or roll_far_bound(prev, c, c.rule == "zh_period_bare")):
                    prev.e, prev.end, prev.kind, prev.gran = c.e, c.end, "range", prev.gran
                    continue
            out.append(c)
        n = len(s)
        for c in out:
            if not c.s:
                continue
            if habitual.search(s, max(0, c.start - 6), c.start):
                c.vague = True  # 每年下半年是旺季: every year's second half, no one period
                continue
            m = open_after.match(s, c.end)
            if m and c.point and c.kind == "period":
                c.end, c.vague = m.end(), True  # 2027年以后, 明年之后: open-ended, no deadline
                continue
            # the characters right before and after (past any spaces): most are neither
            i, j = c.start - 1, c.end
            while i >= 0 and s[i].isspace():
                i -= 1
            while j < n and s[j].isspace():
                j += 1
            if (i < 0 or s[i] not in ends_before) and (j >= n or s[j] not in starts_after):
                continue
            before = s[max(0, c.start - 8):c.start]
            if c.point and c.s:
                m = since_suf.match(s, c.end)
                p = since_pre.search(before)
                if m and not p and lx.key_of(m.group("w"), "START_EVENT"):
                    c.end = m.end()  # 今年第1季開始生產: production starts then (從…開始 is a since-phrase)
                    continue
                if m:
                    c.end = m.end()
                    if p:
                        c.start -= len(p.group(0))
                    if m.group("w") in past_end or c.s <= f.ref:
                        c.past = True
                    else:
                        c.role = 1
                    continue
                if c.kind != "range" and p and not by_pre.search(before):
                    c.start -= len(p.group(0))
                    c.role = 1
                    continue
                m = by_pre.search(before)
                if m and not_until.match(s, c.end):
                    continue  # 要到下一財年才會看到: it happens in X, not by X
                if m:
                    c.start -= len(m.group(0))
                    # "到12月" said after December: next December; "截至2024年三季度末" names its year
                    if c.gran == "month" and c.e < f.ref and "年" not in s[c.start:c.end]:
                        while c.e < f.ref:
                            c.s, c.e = cal.month(c.e.year + 1, c.e.month)
                    c.s, c.kind = f.ref, "by"
                    mm = before_suf.match(s, c.end)
                    if mm:
                        c.end = mm.end()
                    continue
                m = before_suf.match(s, c.end)
                if m:
                    c.end = m.end()
                    c.s, c.kind = f.ref, "by"
                    continue
                m = (year_within_suf if c.gran == "year" else within_suf).match(s, c.end)
                if m:
                    c.end = m.end()
                    if c.s <= f.ref:
                        c.s, c.kind = f.ref, "by"
                    continue
            if c.s:
                if baseline_pre.search(before) or baseline_suf.match(s, c.end):
                    c.role = 2
                elif c.gran == "day" and said_suf.match(s, c.end):
                    c.role = 2  # "公司周二表示": when it was said, not when it will happen
                m = approx_suf.match(s, c.end)
                if m:
                    c.end, c.approx = m.end(), True
                if approx_pre.search(before):
                    c.approx = True
        return out

    return widen
