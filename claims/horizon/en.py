"""English time expressions (matched case-insensitively on the text as given)."""
from __future__ import annotations

import datetime as dt
import re

from . import cal
from .cal import DAY, Frame
from .core import (
    Cand,
    DurationRanges,
    Grammar,
    Rule,
    fold_pattern,
    holiday_cand,
    in_counted_units,
    past_vague,
    period_cand,
    roll_far_bound,
    this_and_next_year,
    vague,
)
from .holidays import HOLIDAY_PREFIX, holiday, holiday_id, previous, upcoming
from .lexicon import EnNumbers, lex, norm_words
from .seasons import HOLIDAY_SEASON, SEASON_KEYS, season

_UNITS = ("UNIT_FISCAL_YEAR", "UNIT_HALFYEAR", "UNIT_DECADE", "UNIT_YEAR", "UNIT_QUARTER", "UNIT_MONTH", "UNIT_WEEK", "UNIT_DAY",
          "UNIT_HOUR")
_UNIT_NAME = {"UNIT_FISCAL_YEAR": "fiscal_year", "UNIT_YEAR": "year", "UNIT_HALFYEAR": "half", "UNIT_QUARTER": "quarter", "UNIT_MONTH": "month",
              "UNIT_WEEK": "week", "UNIT_DAY": "day", "UNIT_DECADE": "decade",
              "UNIT_HOUR": "hour"}
_YEAR_WORDS = {"YEAR_THIS": 0, "YEAR_NEXT": 1, "YEAR_AFTER_NEXT": 2, "YEAR_LAST": -1, "YEAR_BEFORE_LAST": -2}
_DAY_WORDS = {"DAY_TODAY": 0, "DAY_TOMORROW": 1, "DAY_AFTER_TOMORROW": 2, "DAY_YESTERDAY": -1,
              "DAY_BEFORE_YESTERDAY": -2}
_Y4 = r"(?<![\w$€£¥.,])(?:19|20|21)\d{2}(?![0-9%]|[.,]\d)"
_YY = r"(?:(?:19|20|21)\d{2}|\d{2})(?![0-9])"

# compiled once: a pattern given as a string to re.* per call is looked up in re's own cache,
# which another library's patterns can push out
_APOS_YY = re.compile(r"['’]\d{2}")
_OPT_APOS_YY = re.compile(r"['’]?\d{2}")
_DECADE_WORD = re.compile(r"(?:the\s+)?(?:\d{4}|['’]?\d{2})['’]?s", re.I)


def build(analyse: bool = True) -> Grammar:
    """The English grammar; `analyse=False` tries every rule at every position (for tests)."""
    grammar: Grammar | None = None  # set below: some handlers scan the words inside their match
    lx = lex("en")
    nums = EnNumbers(lx)
    X = lx.expand
    NUM = nums.pattern
    months = lx.value_map("MONTH_")
    weekdays = lx.value_map("WEEKDAY_")
    ords = lx.value_map("ORD_")
    day_ords = lx.value_map("DAYORD_")
    DAYORD = X("{" + "|".join(k for k in lx.entries if k.startswith("DAYORD_")) + "}")
    WEEKDAY = X("{WEEKDAY_1|WEEKDAY_2|WEEKDAY_3|WEEKDAY_4|WEEKDAY_5|WEEKDAY_6|WEEKDAY_7}")
    weekday_words = frozenset(norm_words(w) for w in lx.entries["WEEKDAY_AMBIGUOUS"])
    MONTHS = "(?:" + "|".join(sorted(months, key=len, reverse=True)) + r")\b\.?"
    ORD = X("{ORD_1|ORD_2|ORD_3|ORD_4}")
    year_word_map = {norm_words(f): v for k, v in _YEAR_WORDS.items() for f in lx.entries[k]}
    range_edge = re.compile(X(r"\b(?:{RANGE_EDGE})\s+(?:the\s+)?$"), re.I)

    # years as speech-to-text writes them: "two thousand and nineteen", "twenty twenty five",
    # "fiscal seventeen", "fiscal year 'twenty six" (spoken_year reads them)
    word_nums = {w: v for w, v in lx.value_map("NUM_").items() if " " not in w and w not in ("a", "an")}
    ones = "|".join(w for w, v in word_nums.items() if 1 <= v <= 9)
    two_digit = (rf"(?:(?:{'|'.join(w for w, v in word_nums.items() if 10 <= v <= 19)})"
                 rf"|(?:{'|'.join(w for w, v in word_nums.items() if v >= 20 and v % 10 == 0)})(?:[\s-]+(?:{ones}))?)")
    not_amount = X(r"(?!\s+(?:{SPOKEN_YEAR_NOT_BEFORE})\b)")
    # no number word may follow: "twenty twenty five percent" must not fall back to "twenty twenty"
    more = rf"(?![\s-]+(?:{ones}|{two_digit}|and)\b)"
    centuries = lx.value_map("SPOKEN_CENTURY_")        # {"nineteen": 19, "twenty": 20}
    millennia = lx.value_map("SPOKEN_MILLENNIUM_")     # {"two thousand": 2000}
    century = "|".join(map(re.escape, centuries))
    millennium = "|".join(r"\s+".join(map(re.escape, m.split())) for m in millennia)
    spoken_cal = (rf"\b(?:(?:{millennium})(?:\s+and)?(?:\s+(?:{two_digit}|{ones}))?(?![\w-]){more}{not_amount}"
                  rf"|(?:{century})\s+{two_digit}(?![\w-]){more}{not_amount})")
    spoken_fy = (rf"(?:the\s+)?(?:fiscal|financial)[\s-]+(?:year\s+)?['’]?"
                 rf"(?:(?:{millennium})(?:\s+and)?\s+|(?:{century})\s+)?{two_digit}(?![\w-]){more}{not_amount}")

    re_spoken_fy, re_spoken_cal = re.compile(spoken_fy, re.I), re.compile(spoken_cal, re.I)
    re_fy_lead = re.compile(r".*?(?:fiscal|financial)[\s-]+(?:year\s+)?['’]?", re.I)

    def spoken_year(text: str) -> int | None:
        """The year a spoken form names (None when `text` is not one)."""
        words = [w for w in re.findall(r"[a-z]+", text.lower()) if w != "and"]
        for form, base in millennia.items():
            lead = form.split()
            if words[:len(lead)] == lead:
                rest = words[len(lead):]
                return base + (sum(word_nums[w] for w in rest) if all(w in word_nums for w in rest) else 0)
        if words[:1] and words[0] in centuries and len(words) >= 2 and all(w in word_nums for w in words[1:]):
            rest = sum(word_nums[w] for w in words[1:])
            if rest >= 10:  # "twenty nineteen"; "twenty six" is a number, not 2006
                return centuries[words[0]] * 100 + rest
        return None

    year_spec = X(
        rf"(?:{spoken_fy}|{spoken_cal}"
        rf"|(?:the\s+)?(?:fiscal|financial)[\s-]+(?:year\s+)?['’]?{_YY}"
        rf"|\bFY\s?['’]?{_YY}|F(?=\d{{2}}\b)\d{{2}}"
        rf"|(?:the\s+)?(?:19|20|21)\d{{2}}\s+fiscal\s+year"
        rf"|(?:the\s+|our\s+)?(?:{{NEXT}}|{{THIS}}|{{LAST}})\s+(?:fiscal|financial)\s+year"
        rf"|(?:the|our)\s+(?:fiscal|financial)\s+year"
        rf"|calendar\s+(?:year\s+)?(?:of\s+)?(?:19|20|21)\d{{2}}"
        rf"|{{YEAR_AFTER_NEXT|YEAR_BEFORE_LAST|YEAR_THIS|YEAR_NEXT|YEAR_LAST}}"
        rf"|{_Y4}|the\s+year)"
    )
    re_fy_num = re.compile(r"(?:the\s+)?(?:(?:fiscal|financial)[\s-]+(?:year\s+)?|FY\s?|F)['’]?(\d{4}|\d{2})"
                           r"|(?:the\s+)?(\d{4})\s+fiscal\s+year", re.I)
    re_fy_deixis = re.compile(X(r"(?:the\s+|our\s+)?(?:({NEXT})|({THIS})|({LAST}))\s+(?:fiscal|financial)\s+year"), re.I)
    re_fy_bare = re.compile(r"(?:the|our)\s+(?:fiscal|financial)\s+year", re.I)
    re_cal = re.compile(r"(?:calendar\s+(?:year\s+)?(?:of\s+)?)?['’]?(\d{4}|\d{2})", re.I)

    def yy(n: int) -> int:
        return n if n >= 100 else (2000 + n if n < 70 else 1900 + n)

    def parse_year(text: str, f: Frame) -> tuple[str, int, int | None]:
        t = norm_words(text)
        said = text.strip()
        if re_spoken_fy.fullmatch(said):
            number = re_fy_lead.sub("", said, count=1)
            n = spoken_year(number) or spoken_year("twenty " + number)  # "fiscal twenty nineteen", "fiscal seventeen"
            if n is not None:
                return "fy", n, None
        spoken = spoken_year(said) if re_spoken_cal.fullmatch(said) else None
        if spoken is not None:
            return "cal", spoken, None
        if t in year_word_map:
            k = year_word_map[t]
            return "cal", f.ref.year + k, k
        if t == "the year":
            return "cal", f.ref.year, 0
        m = re_fy_deixis.fullmatch(text.strip())
        if m:
            k = 1 if m.group(1) else (0 if m.group(2) else -1)
            return "fy", cal.fy_of(f.ref, f) + k, k
        if re_fy_bare.fullmatch(text.strip()):
            return "fy", cal.fy_of(f.ref, f), 0
        m = re_fy_num.fullmatch(text.strip())
        if m:
            return "fy", yy(int(m.group(1) or m.group(2))), None
        m = re_cal.fullmatch(text.strip())
        if m:
            return "cal", yy(int(m.group(1))), None
        raise ValueError(text)

    def fiscal_deixis_year(rel: int, f: Frame) -> int:
        """"next year" / "this year" from a speaker who talks fiscally, as a fiscal year.

        Forward years count from the reported quarter's fiscal year, so a Q4 call's "next year" is
        the fiscal year that has just begun; "this year" is the one holding the statement date.
        """
        if rel > 0 and f.period is not None:
            return cal.fy_of(f.period[1], f) + rel
        return cal.fy_of(f.ref, f) + rel

    def own_year(kind: str, n: int, f: Frame) -> str:
        """"fy" for a year a fiscal speaker names in its own quarter or full year ("fourth quarter
        2025", "full year 2025") this fiscal year or next: in the real corpus 9 of 9 such quarters and
        7 of 7 such full years were fiscal, while its bare years and halves split (left calendar); a
        year further off ("the first and second quarters of 2025" said in 2021) is the calendar's."""
        if kind == "cal" and f.fiscal and f.fye != "12-31" and abs(n - cal.fy_of(f.ref, f)) <= 1:
            return "fy"
        return kind

    def fiscal_frame(f: Frame, yr, marked: bool):
        if yr is None:
            return (marked or f.fiscal), None
        kind, n, rel = yr
        if kind == "fy":
            return True, ("fy", n)
        if marked or (f.fiscal and rel is not None):
            return True, ("fy", cal.fy_of(f.ref, f) + rel) if rel is not None else ("fy", n)
        return False, ("cal", n)

    def unit_of(text: str) -> str:
        return _UNIT_NAME[lx.key_of(text, *_UNITS)]

    def part_of(text: str) -> str:
        k = lx.key_of(text, "PART_EARLY", "PART_MID", "PART_LATE")
        return {"PART_EARLY": "early", "PART_MID": "mid"}.get(k or "", "late")

    c_period = period_cand

    def amount(m: re.Match) -> tuple[float | None, float | None, bool, bool]:
        """(low, high, vague, approximate) of a duration's number slot."""
        g = m.groupdict()
        if g.get("vn"):
            return None, None, True, False
        if g.get("ho"):
            return 0.5, None, False, False
        lo = nums.parse(g["n1"]) if g.get("n1") else 1
        if lo is None:
            return None, None, False, False
        approx = bool(g.get("n1")) and norm_words(g["n1"]) in nums.approx
        hi = None
        if g.get("n2"):
            hi = nums.parse(g["n2"])
            if hi is None:
                return None, None, False, False
            if g.get("sep") and norm_words(g["sep"]) == "and" and not g.get("btw"):
                return None, None, False, False
        if g.get("orn") and hi is None:
            hi = nums.parse(g["orn"])
            if hi is None or hi <= lo:
                return None, None, False, False
        if g.get("ah"):  # "two and a half (to three) years"
            lo += 0.5
        if g.get("ah2") and hi is not None:  # "one to one and a half years"
            hi += 0.5
        if g.get("yh"):  # "two years and a half"
            lo += 0.5 if not g.get("ah") else 0
            if hi is not None and not g.get("ah2"):
                hi += 0.5
        return lo, hi, False, approx

    def duration(m: re.Match, f: Frame, mode: str) -> Cand | None:
        unit = unit_of(m.group("u"))
        lo, hi, vague, approx = amount(m)
        if vague:
            return Cand(vague=True, point=False, past=(mode == "past"))
        if lo is None:
            return None
        if unit == "half":
            unit, lo, hi = "month", lo * 6, hi * 6 if hi is not None else None
        if unit == "hour":  # days are the finest grain of a horizon: 24 hours = 1 day, 36 hours = 2 days
            unit, lo, hi = "day", -(-lo // 24), -(-hi // 24) if hi is not None else None
        if unit == "fiscal_year":  # whole fiscal years: "the next three fiscal years" = FY+1 .. FY+3
            if lo != int(lo) or not 0 < lo <= 60 or (hi is not None and hi != int(hi)):
                return None
            cur = cal.fy_of(f.ref, f)
            if mode in ("past", "ago"):
                return Cand(s=cal.fy(cur - int(hi or lo), f)[0], e=cal.fy(cur - 1, f)[1], kind="within",
                            gran="year", past=True, point=False)
            return Cand(s=cal.fy(cur + 1, f)[0], e=cal.fy(cur + int(hi or lo), f)[1], kind="within", gran="year",
                        point=False)
        limit = {"year": 60, "decade": 10, "quarter": 40, "month": 240, "week": 520, "day": 3660}[unit]
        if lo <= 0 or lo > limit or (hi is not None and (hi > limit or hi < lo)):
            return None
        r = f.ref
        if mode == "ago":
            return Cand(s=cal.add(r, -(hi or lo), unit), e=cal.add(r, -lo, unit), kind="in", gran=unit,
                        past=True, point=False, approx=approx)
        if mode == "past":
            return Cand(s=cal.add(r, -(hi or lo), unit), e=r, kind="within", gran=unit, past=True, point=False)
        if mode == "in" or (hi is not None):
            return Cand(s=cal.add(r, lo, unit), e=cal.add(r, hi or lo, unit), kind="range" if hi else "in",
                        gran=unit, point=False, approx=approx)
        if unit == "quarter" and lo == int(lo):
            q = cal.current_quarter(f)
            return Cand(s=cal.quarter_after(q, 1)[0], e=cal.quarter_after(q, int(lo))[1], kind="within",
                        gran="quarter", point=False, approx=approx)
        return Cand(s=r, e=cal.add(r, lo, unit), kind="within", gran=unit, point=False, approx=approx)

    def h_next(m: re.Match, f: Frame) -> Cand | None:
        if not (m.group("n1") or m.group("vn") or m.group("ho") or m.group("the")) and (
                not m.group("prep") or m.group("prep").lower() not in ("over", "within", "inside")):
            return None  # bare "next year" / "for next year" / "in next quarter" are calendar periods
        if not (m.group("n1") or m.group("ho")) and m.group("u").lower().endswith("s"):
            return Cand(vague=True, point=False)  # "the coming quarters"
        if not m.group("n1") and unit_of(m.group("u")) in ("quarter", "week", "month") and not m.group("prep"):
            return None
        return duration(m, f, "within")

    def h_within(m: re.Match, f: Frame) -> Cand | None:
        if m.group("the") and not (m.group("n1") or m.group("vn")):
            unit = unit_of(m.group("u"))
            if unit == "year":
                return Cand(s=f.ref, e=dt.date(f.ref.year, 12, 31), kind="by", gran="year", point=False)
            if unit == "quarter":
                q = cal.current_quarter(Frame(f.ref, f.fye, None, f.fiscal))
                return Cand(s=f.ref, e=q[1], kind="by", gran="quarter", point=False)
            if unit == "month":
                return Cand(s=f.ref, e=cal.month(f.ref.year, f.ref.month)[1], kind="by", gran="month", point=False)
            return None
        return duration(m, f, "within")

    def h_within_year(m: re.Match, f: Frame) -> Cand:
        """"within this fiscal year", "within the current year": from the statement to that year's
        end (the fiscal one when said so, or by a speaker who talks fiscally of "this year")."""
        fiscal = bool(m.group("fis")) or (f.fiscal and f.fye != "12-31" and m.group("cy") is None and m.group("this") is not None)
        end = cal.fy(cal.fy_of(f.ref, f), f)[1] if fiscal else dt.date(f.ref.year, 12, 31)
        return Cand(s=f.ref, e=end, kind="by", gran="year", point=False)

    def h_in(m: re.Match, f: Frame) -> Cand | None:
        c = duration(m, f, "in")
        if c is not None and m.group("tk"):  # "take 18 months": the expression is the duration
            c.skip = m.end("tk") - m.start() + len(m.string[m.end("tk"):]) - len(m.string[m.end("tk"):].lstrip())
        return c

    def h_rel(m: re.Match, f: Frame) -> Cand | None:
        ago = lx.key_of(m.group("rel"), "AGO") is not None
        return duration(m, f, "ago" if ago else "in")

    def h_past(m: re.Match, f: Frame) -> Cand | None:
        if not m.group("the") and not m.group("n1"):
            return None  # "last year", "past quarters": a calendar period or nothing; "last 2 weeks" counts
        return duration(m, f, "past")

    def h_range(m: re.Match, f: Frame) -> Cand | None:
        if not m.group("n2"):
            return None
        return duration(m, f, "in")

    def h_span(m: re.Match, f: Frame) -> Cand | None:
        return duration(m, f, "within")

    def h_fy_ending(m: re.Match, f: Frame) -> Cand:
        n = int(m.group("y"))
        return c_period(cal.fy(n, f), "year")

    def h_year(m: re.Match, f: Frame) -> Cand | None:
        t = norm_words(m.group("y"))
        if t in ("the year",) or re_fy_bare.fullmatch(m.group("y").strip()):
            return None
        yr = parse_year(m.group("y"), f)
        if not 1900 <= yr[1] <= 2199:
            return None
        if f.fiscal and yr[0] == "cal" and yr[2] is not None and "calendar" not in m.group(0).lower():
            return c_period(cal.fy(fiscal_deixis_year(yr[2], f), f), "year")
        return c_period(cal.year_interval(yr[:2], f), "year")

    def h_quarter(m: re.Match, f: Frame) -> Cand | None:
        return quarter_of(m.groupdict(), f)

    def quarter_of(g: dict, f: Frame) -> Cand | None:
        qtext = g.get("ord") or g.get("q")
        q = ords[norm_words(qtext)] if g.get("ord") else int(qtext)
        yr = None
        if g.get("y"):
            yr = parse_year(g["y"].lstrip("'’") if _APOS_YY.fullmatch(g["y"]) else g["y"], f)
        elif g.get("yy"):  # "Q1'24": a fiscal speaker's quarters are fiscal ones
            yr = ("fy" if f.fiscal and f.fye != "12-31" else "cal", yy(int(g["yy"])), None)
        if g.get("fyy"):
            yr = ("fy", yy(int(g["fyy"])), None)
        marked = bool(g.get("fis1") or g.get("fis2"))
        if g.get("cal") or g.get("cal2"):  # "calendar Q4" from a fiscal speaker
            if yr is not None and yr[0] == "fy":
                return None
            return c_period(cal.named_quarter(q, Frame(f.ref, f.fye, f.period, False), False,
                                              ("cal", yr[1]) if yr else None), "quarter")
        if yr is not None and yr[2] is None:
            yr = (own_year(yr[0], yr[1], f), yr[1], None)
        fis, y2 = fiscal_frame(f, yr, marked)
        return c_period(cal.named_quarter(q, f, fis, y2), "quarter")

    def h_quarter_pair(m: re.Match, f: Frame) -> Cand | None:
        """Two quarters named together ("the third and fourth quarters of 2025"): from the first to the last."""
        g = m.groupdict()
        first, last = quarter_of({**g, "ord": g["o1"]}, f), quarter_of(g, f)
        if first is None or last is None or first.s > last.s:
            return None
        return Cand(first.s, last.e, "range", "quarter", past=first.past and last.past)

    def h_quarter_deixis(m: re.Match, f: Frame) -> Cand:
        k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("d"), "NEXT", "THIS", "LAST")]
        # "the current quarter" is the quarter the speaker is in; "this quarter" the reported one (which
        # a forecast reads as the quarter in progress once the reported one has closed: _safe_scan)
        now = k == 0 and lx.key_of(m.group("d"), "IN_PROGRESS") is not None
        ff = Frame(f.ref, f.fye, None if now else f.period, f.fiscal or bool(m.group("fis")))
        iv = cal.quarter_after(cal.current_quarter(ff), k) if k else cal.current_quarter(ff)
        return c_period(iv, "quarter", reported=(k == 0 and not now), past=(k < 0))

    def h_month_quarter(m: re.Match, f: Frame) -> Cand:
        mo = months[norm_words(m.group("mo").rstrip("."))]
        yr = ("cal", int(m.group("y"))) if m.group("y") else None
        e = cal.named_month(mo, f, yr)[1]
        if not yr and f.period is not None and e < f.period[1]:
            e = cal.month(e.year + 1, mo)[1]
        s = cal.add(e.replace(day=1), -2, "month")
        return c_period((s, e), "quarter")

    def h_half(m: re.Match, f: Frame) -> Cand | None:
        g = m.groupdict()
        htext = norm_words(g["h"])
        h = 1 if lx.key_of(htext, "HALF_FIRST") else 2
        yr = None
        if g.get("y"):
            yt = g["y"]
            yr = ("cal", yy(int(yt.strip("'’ "))), None) if _OPT_APOS_YY.fullmatch(yt.strip()) else parse_year(yt, f)
        fis, y2 = fiscal_frame(f, yr, bool(g.get("fis1")))
        if g.get("cal"):  # "the second half of the calendar year", said by a fiscal speaker
            fis = False
        return c_period(cal.named_half(h, f, fis, y2), "half")

    def h_full(m: re.Match, f: Frame) -> Cand:
        if m.group("y0") and not m.group("y"):  # "our 2021 full year capex", "fiscal 2026 full year": that year's
            n = int(m.group("y0"))
            return c_period(cal.year_interval(("fy" if m.group("fis0") else own_year("cal", n, f), n), f), "year")
        if m.group("y"):
            kind, n, rel = parse_year(m.group("y"), f)
            if "fiscal" in m.group(0)[: m.start("y") - m.start()].lower():
                kind = "fy"  # "the full fiscal year 2026"
            elif rel is None:
                kind = own_year(kind, n, f)
            return c_period(cal.year_interval((kind, n), f), "year")
        return c_period(cal.full_year(f), "year")

    month_context = re.compile(X(r"\b{MONTH_CONTEXT}[\s-]+$"), re.I)
    month_after = re.compile(X(r"[\s-]+{MONTH_AFTER}\b"), re.I)

    def month_ok(m: re.Match, s: str) -> bool:
        word = s[m.start("mo"):m.end("mo")].rstrip(".")
        g = m.groupdict()
        if g.get("mod"):
            return True  # "next May", "this March": a modifier makes it the month
        has_more = bool(g.get("d") or g.get("y") or g.get("o") or g.get("dw"))
        if norm_words(word) in ("may", "march", "mar"):
            if not word[0].isupper():
                # "march 3 2015", "may 3rd", "the 1st of march": lower case, but a day or a year
                # makes it a date; "may" alone or before a bare number stays the verb
                g = m.groupdict()
                return bool(g.get("y") or g.get("dw") or (g.get("d") and (norm_words(word) != "may" or g.get("ord_sfx"))))
            if not has_more and norm_words(word) == "may":
                before = s[max(0, m.start() - 12):m.start()].lower()
                return bool(month_context.search(before) or month_after.match(s, m.end()))
        return True

    def h_month(m: re.Match, f: Frame) -> Cand | None:
        if not month_ok(m, f.text or m.string):
            return None
        mo = months[norm_words(m.group("mo").rstrip("."))]
        yr = parse_year(m.group("y"), f) if m.group("y") else None
        if m.groupdict().get("ay"):  # "June '26"
            yr = ("cal", yy(int(m.group("ay")[1:])), None)
        if m.groupdict().get("iny"):  # "March in a year": the March of the year after ref's
            yr = ("cal", f.ref.year + 1, 1)
        mod = norm_words(m.groupdict().get("mod") or "")
        if mod and not yr:
            # "next June": the first June after this month; "last June": the last one before it;
            # "this June": this calendar year's (said in December, "next January" is in the new year)
            if mod == "this":
                yr = ("cal", f.ref.year, 1)
            elif mod in lx.forms("LAST"):
                yr = ("cal", f.ref.year if mo < f.ref.month else f.ref.year - 1, 1)
            else:
                yr = ("cal", f.ref.year if mo > f.ref.month else f.ref.year + 1, 1)
        iv = cal.named_month(mo, f, ("cal", yr[1]) if yr else None)
        day = int(m.group("d")) if m.group("d") else day_ords[norm_words(m.group("dw"))] if m.groupdict().get("dw") else None
        if day:
            if day > iv[1].day:
                return None
            d = dt.date(iv[0].year, mo, day)
            return c_period((d, d), "day")
        if m.groupdict().get("an"):  # "March after next": the March after the coming one
            iv = cal.month(iv[0].year + 1, mo) if iv[0] > f.ref else cal.month(iv[0].year + 2, mo)
        return c_period(iv, "month")

    def h_month_deixis(m: re.Match, f: Frame) -> Cand:
        k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("d"), "NEXT", "THIS", "LAST")]
        s = cal.add(f.ref.replace(day=1), k, "month")
        return c_period(cal.month(s.year, s.month), "month", past=k < 0)

    def h_numeric_date(m: re.Match, f: Frame) -> Cand | None:
        g = m.groupdict()
        if g.get("iy"):
            d = dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        else:
            a, b = int(g["a"]), int(g["b"])
            mo, day = (a, b) if a <= 12 else (b, a)
            y = yy(int(g["c"])) if g.get("c") else cal.named_month(mo, f)[0].year
            d = dt.date(y, mo, day)
        return c_period((d, d), "day")

    def h_numeric_date2(m: re.Match, f: Frame) -> Cand | None:
        g = m.groupdict()
        if g.get("mon"):
            mo, day, y = months[norm_words(g["mon"].rstrip("."))], int(g["dd"]), yy(int(g["yy"]))
        else:
            a, b = int(g["a"]), int(g["b"])
            (mo, day), y = ((a, b) if a <= 12 else (b, a)), yy(int(g["c"]))
        if not (1 <= mo <= 12 and 1 <= day <= cal.month(y, mo)[1].day):
            return None
        d = dt.date(y, mo, day)
        return c_period((d, d), "day")

    def h_week(m: re.Match, f: Frame) -> Cand | None:
        k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("d"), "NEXT", "THIS", "LAST")]
        w = cal.week(f.ref, k)
        if m.group("we"):
            return c_period((w[1] - DAY, w[1]), "day", past=k < 0)
        return c_period(w, "week", past=k < 0)

    def h_weekend(m: re.Match, f: Frame) -> Cand:
        w = cal.week(f.ref, 0)
        return c_period((w[1] - DAY, w[1]), "day")

    def weekday_ok(m: re.Match, f: Frame) -> bool:
        """"sat", "sun", "wed": a weekday only as "sat." or "Wed, Feb 13", not the verb or the star."""
        if norm_words(m.group("wd")) not in weekday_words:
            return True
        text = f.text or m.string
        return m.end("wd") < len(text) and text[m.end("wd")] in ".,"

    def h_weekday(m: re.Match, f: Frame) -> Cand | None:
        if not weekday_ok(m, f):
            return None
        n = weekdays[norm_words(m.group("wd"))] - 1
        d = m.group("wk") or m.group("wk2") or (None if m.group("up") else m.group("d"))  # "Monday next week"; "this coming Friday"
        if d and (m.group("wk") or m.group("wk2") or lx.key_of(d, "THIS") is None):
            k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(d, "NEXT", "THIS", "LAST")]
            day = cal.week(f.ref, k)[0] + dt.timedelta(days=n)
            return c_period((day, day), "day", past=k < 0)
        # "Friday", "this Friday": the next one to come; the weekday of the statement itself is a
        # week away ("Tuesday" said on a Tuesday)
        day = f.ref + dt.timedelta(days=(n - f.ref.weekday()) % 7 or (0 if d else 7))
        if m.group("an"):  # "Friday after next"
            day += dt.timedelta(days=7)
        return c_period((day, day), "day")

    def h_weekday_date(m: re.Match, f: Frame) -> Cand | None:
        """"Tuesday the 19th", "Fri, Jul 18", "Jul 18, Fri": the next such day that is that weekday."""
        if not weekday_ok(m, f):
            return None
        n = weekdays[norm_words(m.group("wd"))] - 1
        day = int(m.group("d"))
        if m.groupdict().get("mo"):
            mo = months[norm_words(m.group("mo").rstrip("."))]
            for y in range(f.ref.year, f.ref.year + 12):
                if day <= cal.month(y, mo)[1].day and dt.date(y, mo, day).weekday() == n:
                    d = dt.date(y, mo, day)
                    return c_period((d, d), "day")
            return None
        cur = f.ref.replace(day=1)
        for _ in range(36):
            if day <= cal.month(cur.year, cur.month)[1].day:
                d = cur.replace(day=day)
                if d >= f.ref and d.weekday() == n:
                    return c_period((d, d), "day")
            cur = cal.add(cur, 1, "month")
        return None

    def h_n_weekdays(m: re.Match, f: Frame) -> Cand | None:
        """"3 Fridays from now" (the third one after today), "2 Thursdays ago / back"."""
        k = nums.parse(m.group("n1"))
        if k is None or k != int(k) or not 1 <= k <= 520:
            return None
        n = weekdays[norm_words(m.group("wd"))] - 1
        if lx.key_of(m.group("rel"), "AGO"):
            day = f.ref - dt.timedelta(days=(f.ref.weekday() - n) % 7 or 7) - dt.timedelta(days=7 * (int(k) - 1))
            return c_period((day, day), "day", past=True)
        day = f.ref + dt.timedelta(days=(n - f.ref.weekday()) % 7 or 7) + dt.timedelta(days=7 * (int(k) - 1))
        return c_period((day, day), "day")

    def h_n_lead(m: re.Match, f: Frame) -> Cand | None:
        if m.group("wd"):
            return h_n_weekdays(m, f)
        if m.group("nx"):
            return h_span(m, f)  # "two upcoming weeks": the next two weeks
        return h_days_from_holiday(m, f)

    def h_on_day(m: re.Match, f: Frame) -> Cand | None:
        """"on the 15th", "on the first": that day of this month, or of the next when it has passed."""
        day = int(m.group("d")) if m.group("d") else day_ords[norm_words(m.group("dw"))]
        cur = f.ref.replace(day=1)
        for _ in range(3):
            if day <= cal.month(cur.year, cur.month)[1].day and cur.replace(day=day) >= f.ref:
                return c_period((cur.replace(day=day),) * 2, "day")
            cur = cal.add(cur, 1, "month")
        return None

    def h_week_part(m: re.Match, f: Frame) -> Cand:
        """The beginning of a week is Monday to Wednesday, its end Friday to Sunday."""
        k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("d"), "NEXT", "THIS", "LAST")] if m.group("d") else 0
        mon, sun = cal.week(f.ref, k)
        p = part_of(m.group("p"))
        iv = (mon, mon + 2 * DAY) if p == "early" else (mon + DAY, mon + 3 * DAY) if p == "mid" else (sun - 2 * DAY, sun)
        return c_period(iv, "day", past=k < 0)

    def h_nth_week(m: re.Match, f: Frame) -> Cand | None:
        """"the first week of October 2014", "the second last week of October 2018", "the third
        last week of 2018": the n-th whole Monday-to-Sunday week inside the month or year."""
        if m.group("mo"):
            if not month_ok(m, f.text or m.string):
                return None
            mo = months[norm_words(m.group("mo").rstrip("."))]
            s_, e_ = cal.named_month(mo, f, ("cal", int(m.group("y"))) if m.group("y") else None)
        else:
            s_, e_ = cal.year(int(m.group("y2")))
        o = norm_words(m.group("o"))
        k = 1 if o in ("last", "final") else (ords.get(o) or day_ords.get(o) or int(re.sub(r"\D", "", o) or 0))
        if not k:
            return None
        if m.group("last") or o in ("last", "final"):
            sun = e_ - dt.timedelta(days=(e_.weekday() + 1) % 7)
            mon = sun - dt.timedelta(days=6 + 7 * (k - 1))
        else:
            mon = s_ + dt.timedelta(days=(7 - s_.weekday()) % 7 + 7 * (k - 1))
        if mon < s_ or mon + dt.timedelta(days=6) > e_:
            return None
        return c_period((mon, mon + dt.timedelta(days=6)), "week")

    def h_week_of(m: re.Match, f: Frame) -> Cand | None:
        """"the week of October 7th": Monday to Sunday of the week holding that day."""
        sub = grammar.scan(m.group("x"), f)
        if len(sub) != 1 or sub[0].s is None or sub[0].s != sub[0].e:
            return None
        # a Sunday opens the working week that follows it ("the week of October 6th", a Sunday)
        return c_period(cal.week(sub[0].s, 1 if sub[0].s.weekday() == 6 else 0), "week")

    def h_for_days(m: re.Match, f: Frame) -> Cand | None:
        """"for 10 days from 18th Dec", "18th Dec for 10 days": from that date to N days later (as
        "within N days" runs from ref to ref + N days)."""
        sub = grammar.scan(m.group("x") or m.group("x2"), f)
        n = nums.parse(m.group("n1") or m.group("n2"))
        if len(sub) != 1 or sub[0].s is None or sub[0].s != sub[0].e or n is None or n != int(n) or not 1 <= n <= 366:
            return None
        days = int(n) * (7 if norm_words(m.group("u") or m.group("u2")).startswith("week") else 1)
        return Cand(s=sub[0].s, e=sub[0].s + dt.timedelta(days=days), kind="range", gran="day")

    def anchor_day(x: str, f: Frame) -> dt.date | None:
        if lx.key_of(x, "DAY_TODAY"):
            return f.ref
        sub = grammar.scan(x, f)
        if len(sub) != 1 or sub[0].s is None or sub[0].end - sub[0].start < len(x.strip()):
            return None
        return sub[0].s

    def h_days_from_holiday(m: re.Match, f: Frame) -> Cand | None:
        """"three days after Easter", "the third Tuesday after Christmas 2014", "two weeks before
        Thanksgiving": counted from the holiday's (first) day."""
        d0 = anchor_day(m.group("x"), f)
        if d0 is None:
            return None
        back = norm_words(m.group("dir")) == "before"
        if m.group("wd"):
            o = norm_words(m.group("o"))
            k = ords.get(o) or day_ords.get(o) or int(re.sub(r"\D", "", o) or 0)
            n = weekdays[norm_words(m.group("wd"))] - 1
            if not 1 <= k <= 52:
                return None
            if back:
                d = d0 - dt.timedelta(days=(d0.weekday() - n) % 7 or 7) - dt.timedelta(days=7 * (k - 1))
            else:
                d = d0 + dt.timedelta(days=(n - d0.weekday()) % 7 or 7) + dt.timedelta(days=7 * (k - 1))
        else:
            k = nums.parse(m.group("n1"))
            unit = unit_of(m.group("u2"))
            if k is None or k != int(k) or unit not in ("day", "week", "month") or not 1 <= k <= 366:
                return None
            d = cal.add(d0, -int(k) if back else int(k), unit)
        return c_period((d, d), "day", past=d < f.ref)

    def h_closest(m: re.Match, f: Frame) -> Cand | None:
        """"the closest Monday to Oct 5th", "the 3rd closest Christmas to today": the n-th nearest."""
        d0 = anchor_day(m.group("x"), f)
        if d0 is None:
            return None
        o = norm_words(m.group("o") or "first")
        k = ords.get(o) or day_ords.get(o) or int(re.sub(r"\D", "", o) or 0)
        if not 1 <= k <= 10:
            return None
        if m.group("wd"):
            n = weekdays[norm_words(m.group("wd"))] - 1
            first = d0 - dt.timedelta(days=(d0.weekday() - n) % 7)
            days = [first + dt.timedelta(days=7 * i) for i in range(-k - 1, k + 2)]
        else:
            name = holiday_id(lx.key_of(m.group("hd"), *holiday_keys))
            days = [iv[0] for y in range(d0.year - k - 1, d0.year + k + 2) for iv in [holiday(name, y)] if iv]
        days.sort(key=lambda d: (abs((d - d0).days), d))
        if len(days) < k:
            return None
        d = days[k - 1]
        return c_period((d, d), "day", past=d < f.ref)

    day_map = {norm_words(form): v for k, v in _DAY_WORDS.items() for form in lx.entries[k]}

    def h_day(m: re.Match, f: Frame) -> Cand:
        d = f.ref + dt.timedelta(days=day_map[norm_words(m.group(0))])
        return c_period((d, d), "day")

    def h_decade(m: re.Match, f: Frame) -> Cand:
        if m.group("dy"):
            y = int(m.group("dy").lstrip("'’"))
            y = y if y >= 100 else (2000 + y if y < 50 else 1900 + y)
            return c_period(cal.decade(y), "decade")
        k = 1 if lx.key_of(m.group("dd"), "DECADE_NEXT") else 0
        return c_period(cal.decade(f.ref.year + 10 * k), "decade")

    def h_part(m: re.Match, f: Frame) -> Cand | None:
        if range_edge.search(m.string, max(0, m.start() - 12), m.start()):
            return None  # "the low end of our fiscal 2026 guidance": an edge of a range, not a time
        p = part_of(m.group("p"))
        x = m.group("x")
        xn = norm_words(x)
        if xn in ("the quarter", "quarter", "the qtr", "qtr"):
            iv, gran = cal.current_quarter(Frame(f.ref, f.fye, None, f.fiscal)), "quarter"
        elif xn in ("the month", "month"):
            iv, gran = cal.month(f.ref.year, f.ref.month), "month"
        elif xn in ("the year", "year"):
            # a fiscal speaker's year is the fiscal one; "(we should) end the year within that range": by then
            iv = cal.fy(cal.fy_of(f.ref, f), f) if f.fiscal and f.fye != "12-31" else cal.year(f.ref.year)
            if norm_words(m.group("p")) == "end":
                return Cand(s=f.ref, e=iv[1], kind="by", gran="month")
            gran = "year"
        elif lx.key_of(x, "DECADE_THIS", "DECADE_NEXT") or _DECADE_WORD.fullmatch(x):
            sub = grammar.scan(x, f)
            if len(sub) != 1:
                return None
            iv, gran = (sub[0].s, sub[0].e), "decade"
            if p == "late" and lx.key_of(x, "DECADE_THIS", "DECADE_NEXT"):
                return Cand(s=f.ref, e=iv[1], kind="by", gran="decade")
        elif lx.key_of(x, "CENTURY_THIS"):
            c0 = f.ref.year - f.ref.year % 100
            if p == "late":
                return Cand(s=f.ref, e=dt.date(c0 + 99, 12, 31), kind="by", gran="decade")
            iv, gran = (dt.date(c0, 1, 1), dt.date(c0 + 99, 12, 31)), "century"
            return c_period((dt.date(c0 + 40, 1, 1), dt.date(c0 + 59, 12, 31)), "decade", approx=True)
        elif re_fy_bare.fullmatch(x.strip()):  # "the end of our fiscal year": the current one
            iv, gran = cal.fy(cal.fy_of(f.ref, f), f), "year"
        else:
            sub = grammar.scan(x, f)
            if len(sub) != 1 or sub[0].s is None or sub[0].end - sub[0].start < len(x.strip()):
                return None
            iv, gran = (sub[0].s, sub[0].e), sub[0].gran
        if gran not in ("year", "month", "quarter", "half", "decade"):
            return None
        s, e = cal.part(iv, p, gran)
        return c_period((s, e), "day" if gran == "month" else "month", approx=True)

    def h_year_end(m: re.Match, f: Frame) -> Cand:
        iv = cal.year(f.ref.year)
        if m.group("y"):
            iv = cal.year_interval(parse_year(m.group("y"), f)[:2], f)
        elif m.group("fye") or (f.fiscal and "fiscal" in m.group(0).lower()):
            iv = cal.fy(cal.fy_of(f.ref, f), f)
        return c_period(cal.part(iv, "late", "year"), "month", approx=True)

    def h_ahead(m: re.Match, f: Frame) -> Cand:
        unit = m.group("u")
        if unit == "quarter":
            return c_period(cal.quarter_after(cal.current_quarter(f), 1), "quarter")
        return Cand(s=f.ref, e=cal.add(f.ref, 1, unit), kind="within", gran=unit, point=False)

    def h_quarter_after_next(m: re.Match, f: Frame) -> Cand:
        return c_period(cal.quarter_after(cal.current_quarter(f), 2), "quarter")

    def h_rest(m: re.Match, f: Frame) -> Cand:
        """"the balance of the year": to Dec 31, or to the fiscal year's end from a speaker who talks
        fiscally (as "this year" is then the fiscal year)."""
        end = cal.fy(cal.fy_of(f.ref, f), f)[1] if f.fiscal and f.fye != "12-31" else dt.date(f.ref.year, 12, 31)
        return Cand(s=f.ref, e=end, kind="by", gran="year", point=False)

    def h_rest_q(m: re.Match, f: Frame) -> Cand:
        q = cal.current_quarter(Frame(f.ref, f.fye, None, f.fiscal))
        return Cand(s=f.ref, e=q[1], kind="by", gran="quarter", point=False)

    def h_rest_x(m: re.Match, f: Frame) -> Cand | None:
        sub = grammar.scan(m.group("x"), f)
        if len(sub) != 1 or sub[0].s is None:
            return None
        return Cand(s=f.ref, e=sub[0].e, kind="by", gran=sub[0].gran, point=False)

    def h_to_date(m: re.Match, f: Frame) -> Cand:
        return Cand(s=dt.date(f.ref.year, 1, 1), e=f.ref, kind="within", gran="year", past=True, point=False)

    def h_year_range(m: re.Match, f: Frame) -> Cand | None:
        a = int(m.group("a"))
        b = int(m.group("b"))
        if b < 100:
            b = a - a % 100 + b
        if not a < b <= a + 50:
            return None
        return Cand(s=dt.date(a, 1, 1), e=dt.date(b, 12, 31), kind="range", gran="year")

    def h_season(m: re.Match, f: Frame) -> Cand:
        key = lx.key_of(m.group("s"), *SEASON_KEYS, HOLIDAY_SEASON)
        if not (m.group("d") or m.group("y") or m.group("the") or key == HOLIDAY_SEASON):
            return None  # "revenue will fall"
        if f.text[m.start("s"):m.start("s") + 1].isupper() and re.match(r"\s+[A-Z][a-z]", f.text[m.end("s"):]):
            return None  # "the Winter Olympics": a season in a name
        if m.group("y"):
            y = parse_year(m.group("y"), f)[1]
        else:
            k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("d"), "NEXT", "THIS", "LAST")] if m.group("d") else 0
            y = f.ref.year + k
        return c_period(season(key, y), "month", past=False)

    holiday_keys = tuple(k for k in lx.entries if k.startswith(HOLIDAY_PREFIX))

    def h_holiday(m: re.Match, f: Frame) -> Cand | None:
        name = holiday_id(lx.key_of(m.group("hd"), *holiday_keys))
        if lx.key_of(m.group("hd"), "AMBIGUOUS_HOLIDAY") and not (m.group("y") or m.group("yw") or m.group("yp")):
            return None  # "lent" is a verb too: Lent only with its year
        if m.group("yw"):  # "Easter Sunday two thousand ten"
            n = nums.parse(m.group("ywn")) if m.group("ywn") else 0
            if n is None or n != int(n) or not 0 <= n < 100:
                return None
            iv = holiday(name, 2000 + int(n))
        elif m.group("yp"):  # "last year's Golden Week", "2027 Christmas"
            kind, y, _ = parse_year(re.sub(r"['’]s$", "", m.group("yp")), f)
            iv = holiday(name, y) if kind == "cal" else None
        elif m.group("y"):
            kind, y, _ = parse_year(m.group("y"), f)
            iv = holiday(name, y) if kind == "cal" else None
        elif m.group("sh"):  # "Thanksgiving in 3 years", "Diwali six years hence", "Easter 1 year ago"
            nt = m.group("n1") or m.group("n1b")
            n = nums.parse(nt) if nt else 1
            if n is None or n != int(n) or n > 100:
                return None
            back = bool(m.group("rel") and lx.key_of(m.group("rel"), "AGO"))
            unit = unit_of(m.group("u") or m.group("u2"))
            if unit not in ("year", "quarter", "month", "week", "day"):
                return None
            iv = upcoming(name, cal.add(f.ref, -int(n) if back else int(n), unit))
        elif m.group("d"):
            k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("d"), "NEXT", "THIS", "LAST")]
            # "last Thanksgiving": the latest one over; "this Christmas": the next one to come;
            # "next Christmas": next year's
            iv = previous(name, f.ref) if k < 0 else upcoming(name, f.ref) if k == 0 else holiday(name, f.ref.year + 1)
        else:
            iv = upcoming(name, f.ref)
        return holiday_cand(iv)

    def h_half_month(m: re.Match, f: Frame) -> Cand | None:
        """"the second half of March": days 16 to the end (the first half: 1 to 15)."""
        mo = months[norm_words(m.group("mo").rstrip("."))]
        s_, e_ = cal.named_month(mo, f, ("cal", int(m.group("y"))) if m.group("y") else None)
        first = bool(lx.key_of(m.group("h"), "HALF_FIRST"))
        return c_period((s_, s_.replace(day=15)) if first else (s_.replace(day=16), e_), "day")

    def h_day_range(m: re.Match, f: Frame) -> Cand | None:
        """"July 13-15", "23rd to 26th Oct": days of one month."""
        if not month_ok(m, f.text or m.string):
            return None
        mo = months[norm_words(m.group("mo").rstrip("."))]
        y = int(m.group("y")) if m.group("y") else None
        s_, e_ = cal.named_month(mo, f, ("cal", y) if y else None)
        d1, d2 = int(m.group("d")), int(m.group("d2"))
        if not 1 <= d1 < d2 <= e_.day:
            return None
        return Cand(s_.replace(day=d1), s_.replace(day=d2), "range", "day")

    def h_nth_day(m: re.Match, f: Frame) -> Cand | None:
        """"the third day of October", "the last day of October 2015"."""
        if not month_ok(m, f.text or m.string):
            return None
        mo = months[norm_words(m.group("mo").rstrip("."))]
        s_, e_ = cal.named_month(mo, f, ("cal", int(m.group("y"))) if m.group("y") else None)
        o = norm_words(m.group("o"))
        k = ords.get(o) or day_ords.get(o) or int(re.sub(r"\D", "", o) or 0)
        if m.group("last"):  # "the fifth last day of May"
            d = e_ - dt.timedelta(days=k - 1)
        else:
            d = e_ if o in ("last", "final") else s_.replace(day=k)
        return c_period((d, d), "day")

    def h_part_abbrev(m: re.Match, f: Frame) -> Cand | None:
        """EOY (Sep-Dec), BOY (Jan-Mar), EOM (days 21-end), BOM (days 1-10), EOQ (the quarter's last
        month): upper case in the text, or the words they abbreviate."""
        raw = (f.text or m.string)[m.start("ab"):m.end("ab")]
        key = lx.key_of(m.group("ab"), "PART_ABBREV_EOY", "PART_ABBREV_BOY", "PART_ABBREV_EOM", "PART_ABBREV_BOM",
                        "PART_ABBREV_EOQ")
        if not raw.isupper():
            return None
        p = "early" if key in ("PART_ABBREV_BOY", "PART_ABBREV_BOM") else "late"
        if key in ("PART_ABBREV_EOM", "PART_ABBREV_BOM"):
            return c_period(cal.part(cal.month(f.ref.year, f.ref.month), p, "month"), "day", approx=True)
        if key == "PART_ABBREV_EOQ":
            q = cal.current_quarter(Frame(f.ref, f.fye, None, f.fiscal))
            return c_period(cal.part(q, p, "quarter"), "month", approx=True)
        return c_period(cal.part(cal.year(f.ref.year), p, "year"), "month", approx=True)

    def deixis_month(m: re.Match, f: Frame) -> tuple[dt.date, dt.date]:
        """The month a "next / this / last month" group names (this month when the group is empty)."""
        k = {"NEXT": 1, "THIS": 0, "LAST": -1}[lx.key_of(m.group("dm"), "NEXT", "THIS", "LAST")] if m.group("dm") else 0
        s_ = cal.add(f.ref.replace(day=1), k, "month")
        return cal.month(s_.year, s_.month)

    def h_day_of_month_deixis(m: re.Match, f: Frame) -> Cand | None:
        s_, e_ = deixis_month(m, f)
        d = int(m.group("d"))
        if not 1 <= d <= e_.day:
            return None
        return c_period((s_.replace(day=d),) * 2, "day")

    def h_nth_weekday(m: re.Match, f: Frame) -> Cand | None:
        if m.group("mo"):
            if not month_ok(m, f.text or m.string):
                return None
            mo = months[norm_words(m.group("mo").rstrip("."))]
            s_, e_ = cal.named_month(mo, f, ("cal", int(m.group("y"))) if m.group("y") else None)
        else:
            s_, e_ = deixis_month(m, f)
        wd = weekdays[norm_words(m.group("wd"))] - 1
        o = norm_words(m.group("o"))
        if o in ("last", "final"):
            d = e_ - dt.timedelta(days=(e_.weekday() - wd) % 7)
        else:
            d = s_ + dt.timedelta(days=(wd - s_.weekday()) % 7 + 7 * (ords[o] - 1))
        return c_period((d, d), "day")

    def h_numeric_month(m: re.Match, f: Frame) -> Cand | None:
        mo = int(m.group("mm") or m.group("mm2"))
        if not 1 <= mo <= 12:
            return None
        return c_period(cal.month(int(m.group("my") or m.group("my2")), mo), "month")

    DAY_SEP = r"(?:-|–|—|to|through|thru|till|until)"
    UNIT = rf"(?P<u>{{{'|'.join(_UNITS)}}})\b"
    NUMP = (rf"(?:(?P<btw>between\s+)?(?P<n1>{NUM})(?P<ah>\s+and\s+a\s+half)?"
            rf"(?:\s*(?P<sep>{{RANGE_SEP}})\s*(?P<n2>{NUM})(?P<ah2>\s+and\s+a\s+half)?)?|(?P<vn>{{VAGUE_NUM}})|(?P<ho>{{HALF_OF}}))")
    YH = rf"(?P<yh>\s+and\s+a\s+half)?(?:\s+or\s+(?P<orn>{NUM}))?"
    APPROX_W = X(r"(?:{APPROX_DURATION}\s+)?")
    YSPEC_SUFFIX = rf"(?:\s*,?\s*(?:of\s+|in\s+)?(?P<y>{year_spec}|['’]\d{{2}}(?![0-9])))?"
    rules = [
        Rule("en_year_range", r"(?<![\w$.,])(?P<a>(?:19|20|21)\d{2})\s*[-–—/]\s*(?P<b>(?:19|20|21)\d{2}|\d{2})(?![0-9%])",
             h_year_range),
        Rule("en_numeric_date", r"(?<![\w/.])(?:(?P<iy>(?:19|20|21)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
                                r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<c>\d{4}|\d{2}))?)(?![\w/]|[.,]\d)", h_numeric_date),
        # 10-31-74, 10.31.1974, 31/Oct/1974, 31-Oct-74
        Rule("en_numeric_date_ymd", rf"(?<![\w/.-])(?:(?P<a>\d{{1,2}})[-.](?P<b>\d{{1,2}})[-.](?P<c>(?:19|20)\d{{2}}|\d{{2}})"
                                    rf"|(?P<dd>\d{{1,2}})[-/](?P<mon>{MONTHS})[-/](?P<yy>(?:19|20)\d{{2}}|\d{{2}}))(?![\w/.-]|[.,]\d)",
             h_numeric_date2),
        # 3/2026, 2014-10, 2014/10: a month and its year
        Rule("en_numeric_month", r"(?<![\w/.$-])(?:(?P<mm>\d{1,2})/(?P<my>(?:19|20|21)\d{2})"
                                 r"|(?P<my2>(?:19|20|21)\d{2})[-/](?P<mm2>\d{1,2}))(?![\w/%-]|[.,]\d)", h_numeric_month),
        Rule("en_fy_ending", X(rf"(?:the\s+)?fiscal\s+year\s+end(?:ing|ed|s)?\s+(?:(?:on\s+|in\s+)?{MONTHS}\s*(?:\d{{1,2}},?\s*)?)?(?P<y>(?:19|20|21)\d{{2}})"),
             h_fy_ending),
        Rule("en_quarter_ord", X(rf"(?:the\s+)?(?:(?P<fis1>fiscal|FY)\s+|(?P<cal>calendar)\s+)?(?P<ord>{ORD})[\s-]+(?:(?P<fis2>fiscal)\s+)?"
                                 rf"(?:(?P<cal2>calendar)\s+)?(?:quarter|qtr)(?!s){YSPEC_SUFFIX}"), h_quarter),
        Rule("en_quarter_pair", X(rf"(?:the\s+)?(?:(?P<fis1>fiscal)\s+)?(?P<o1>{ORD})\s+(?:and|&|to|through|or)\s+(?:the\s+)?(?P<ord>{ORD})[\s-]+"
                                  rf"(?:(?P<fis2>fiscal)\s+)?(?:quarters|qtrs|quarter|qtr){YSPEC_SUFFIX}"), h_quarter_pair),
        Rule("en_quarter_q", X(rf"(?:(?P<fis1>fiscal|FY)\s*|(?P<cal>calendar)\s+)?(?<![A-Za-z0-9])Q(?P<q>[1-4])(?![0-9]){YSPEC_SUFFIX}"), h_quarter),
        # "quarter 4", "Quarter 3 of 2025" (not "a quarter 4 points"): a number after the word
        Rule("en_quarter_word_n", X(rf"(?<![A-Za-z])(?:fiscal\s+)?quarter\s+(?P<q>[1-4])(?![0-9.,%]|\s*(?:{{QUARTER_N_NOT}})\b){YSPEC_SUFFIX}"), h_quarter),
        Rule("en_quarter_nq", rf"(?<![\w.])(?P<q>[1-4])Q\s*['’]?(?P<yy>{_YY})?(?:\s*FY\s*['’]?(?P<fyy>\d{{4}}|\d{{2}})(?![0-9]))?(?![A-Za-z0-9])",
             h_quarter),
        # 25q4, 18Q4, 2018Q4: year first, then the quarter
        Rule("en_quarter_yq", r"(?<![\w.$])(?P<yy>\d{2}|(?:19|20|21)\d{2})\s?Q(?P<q>[1-4])(?![A-Za-z0-9])", h_quarter),
        Rule("en_quarter_prefixed", X(rf"(?P<y>{year_spec})(?:['’]s)?[\s-]*(?:(?P<ord>{ORD})[\s-]+(?:(?P<fis2>fiscal)\s+)?(?:quarter|qtr)(?!s)"
                                      rf"|Q(?P<q>[1-4])(?![0-9]))"), h_quarter),
        Rule("en_quarter_deixis", X(r"(?:the\s+)?(?P<d>{NEXT}|{THIS}|{LAST})[\s-]+(?P<fis>fiscal[\s-]+)?(?:quarter|qtr)(?!s)"),
             h_quarter_deixis),
        Rule("en_month_quarter", rf"(?:the\s+)?(?P<mo>{MONTHS})(?:\s+(?P<y>(?:19|20|21)\d{{2}}))?\s+(?:quarter|qtr)(?!s)", h_month_quarter),
        Rule("en_half", X(rf"(?:the\s+)?(?:(?P<fis1>fiscal)\s+)?(?P<h>{{HALF_FIRST}}|{{HALF_SECOND}})(?![A-Za-z])"
                          rf"(?:(?P<cal>\s+of\s+(?:the\s+|this\s+)?calendar\s+year\b)"
                          rf"|(?:\s*,?\s*(?:of\s+|in\s+)?(?:our\s+)?(?P<y>{year_spec}|['’]?\d{{2}}(?![0-9]))))?"), h_half),
        Rule("en_half_month", X(rf"(?:the\s+)?(?P<h>{{HALF_FIRST}}|{{HALF_SECOND}})\s+of\s+(?P<mo>{MONTHS})"
                                rf"(?:,?\s*(?P<y>(?:19|20|21)\d{{2}}(?![0-9])))?"), h_half_month),
        Rule("en_half_prefixed", X(rf"(?P<y>{year_spec})(?:['’]s)?[\s-]*(?:(?P<fis1>fiscal)\s+)?(?P<h>{{HALF_FIRST}}|{{HALF_SECOND}})(?![A-Za-z])"),
             h_half),
        Rule("en_full_year", X(rf"(?:(?P<fis0>fiscal\s+|FY\s?)?(?P<y0>(?:19|20|21)\d{{2}})\s+)?{{FULL_YEAR}}(?![\s-]+(?:basis|end))(?:\s+(?:of\s+)?(?P<y>{year_spec}))?"),
             h_full),
        Rule("en_within_year", X(r"\b{WITHIN_YEAR}\s+(?:(?P<this>this|the\s+current|our\s+current)\s+|the\s+(?=fiscal))(?:(?P<fis>fiscal)\s+|(?P<cy>calendar)\s+)?year\b(?![\s-]+(?:ago|earlier|before|after|end))"),
             h_within_year),
        Rule("en_in_the_year", X(r"\b{IN_THE_YEAR}(?=\s*(?:[,.;:!?)\]]|$|\s(?:and|but|as|with|while|because|so)\b))"),
             lambda m, f: c_period(cal.full_year(f), "year")),
        Rule("en_year_end", X(rf"(?:the\s+)?(?:fiscal\s+)?(?:{{YEAR_END}}|(?P<fye>{{FY_END}})\b)(?:\s+(?P<y>{year_spec}))?"), h_year_end),
        Rule("en_ahead", X(r"(?:the\s+)(?P<u>quarter|year|month|week)\s+{AHEAD}\b"), h_ahead),
        Rule("en_quarter_after_next", X(r"{QUARTER_AFTER_NEXT}"), h_quarter_after_next),
        Rule("en_rest_of_year", X("{REST_OF}"), h_rest),
        Rule("en_rest_of_quarter", X("{REST_OF_QUARTER}"), h_rest_q),
        Rule("en_rest_of_x", X(rf"{{REST_PREFIX}}\s+(?P<x>{year_spec})"), h_rest_x),
        Rule("en_to_date", X("{TO_DATE}"), h_to_date),
        Rule("en_part", X(rf"(?P<p>{{PART_EARLY}}|{{PART_MID}}|{{PART_LATE}})[\s-]*(?P<x>"
                          rf"(?:the\s+|this\s+|next\s+)?(?:quarter|qtr|month)(?!s)|(?:the\s+)?year(?![\s-]*(?:end|'|’|s))|{{DECADE_THIS}}|{{DECADE_NEXT}}|{{CENTURY_THIS}}"
                          rf"|[1-4]Q\s*['’]?\d{{2}}(?![0-9])|Q[1-4]\s*['’]?\d{{2}}(?![0-9])"
                          rf"|(?:the\s+)?(?:(?:19|20|21)\d0|['’]?\d0)['’]?s\b"
                          rf"|(?:the\s+)?{ORD}[\s-]+(?:fiscal\s+)?(?:quarter|qtr)(?!s){YSPEC_SUFFIX.replace('P<y>', 'P<y2>')}"
                          rf"|Q[1-4](?:\s+(?:19|20|21)\d{{2}})?|(?:the\s+)?(?:{{HALF_FIRST}}|{{HALF_SECOND}})(?:\s+of\s+(?:the\s+)?(?:{year_spec}))?"
                          rf"|{MONTHS}(?:\s+(?:19|20|21)\d{{2}})?|{year_spec})"), h_part),
        # "beyond this year", "beyond 2027": after it, with no deadline (as "2027 and beyond")
        Rule("en_beyond", X(rf"\bbeyond\s+(?:{year_spec}|(?:the\s+)?{{NEXT}}\s+(?:{NUMP}[\s-]*)?{UNIT})"), vague),
        Rule("en_year", rf"(?P<y>{year_spec})", h_year),
        # "2023 and '24": a year cut to its apostrophe and two digits after another year
        Rule("en_year_clipped", r"(?:(?<=\d{4} and )|(?<=\d{4} to )|(?<=\d{4} or )|(?<=\d{4} through )|(?<=\d{4}-)|(?<=\d{4} - ))"
                                r"['’](?P<yy>\d{2})(?![0-9'’])",
             lambda m, f: c_period(cal.year(2000 + int(m.group("yy"))), "year")),
        # "in '22", "for '23 and '24": an apostrophe year after a preposition or another one ("'22%" is no year)
        Rule("en_year_apostrophe", r"(?:(?<=\bin )|(?<=\bfor )|(?<=\bby )|(?<=\bthrough )|(?<=\buntil )|(?<=\binto )"
                                   r"|(?<=\bbeyond )|(?<=['’]\d\d and )|(?<=['’]\d\d to )|(?<=['’]\d\d or ))"
                                   r"(?P<y>['’]\d{2})(?![0-9'’%])(?!\s*(?:s\b|percent|million|billion|bps))", h_year),
        # "'26 will be a transition year": an apostrophe year as the subject of a verb
        Rule("en_year_apostrophe_subject", X(r"(?<![\w'’$.,])(?P<y>['’]\d{2})(?=\s+(?:{YEAR_SUBJECT_VERB})\b)"), h_year),
        Rule("en_month", X(rf"(?:(?P<mod>this\s+coming|{{NEXT}}|{{LAST}}|this)\s+)?(?P<mo>{MONTHS})(?:\s+(?:the\s+)?(?P<d>\d{{1,2}})(?P<ord_sfx>st|nd|rd|th)?(?![0-9])|\s+(?:the\s+)?(?P<dw>{DAYORD})(?![\w-])"
                           rf"|(?P<an>\s+after\s+next\b))?"
                           rf"(?:,?\s*(?:of\s+)?(?P<y>(?:19|20|21)\d{{2}}(?![0-9])|{{YEAR_THIS|YEAR_NEXT|YEAR_LAST}})"
                           rf"|\s*(?P<ay>['’]\d{{2}})(?![0-9])"
                           rf"|\s+in\s+(?P<iny>{{NUM_1}}|1)\s+year\b)?"), h_month),
        Rule("en_day_month", rf"(?<![\w.])(?:the\s+)?(?:(?P<d>\d{{1,2}})(?P<ord_sfx>st|nd|rd|th)?\s*(?:of\s+)?|(?P<dw>{DAYORD})\s+of\s+)(?P<mo>{MONTHS})(?:,?\s+(?P<y>(?:19|20|21)\d{{2}}))?",
             h_month),
        # July 13-15, Aug 27th - 29th, July 13 through 15
        Rule("en_month_day_range", X(rf"(?P<mo>{MONTHS})\s*(?P<d>\d{{1,2}})(?P<ord_sfx>st|nd|rd|th)?\s*{DAY_SEP}\s*(?:the\s+)?"
                                     rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![0-9])(?:,?\s+(?P<y>(?:19|20|21)\d{{2}}(?![0-9])))?"),
             h_day_range),
        # 23rd to 26th Oct, 1-8 september, the 13th to the 15th of July
        Rule("en_day_range_month", X(rf"(?<![\w.])(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*{DAY_SEP}\s*(?:the\s+)?(?P<d2>\d{{1,2}})"
                                     rf"(?P<ord_sfx>st|nd|rd|th)?\s+(?:of\s+)?(?P<mo>{MONTHS})(?:,?\s+(?P<y>(?:19|20|21)\d{{2}}(?![0-9])))?"),
             h_day_range),
        # the third day of October, the last day of October 2015
        Rule("en_nth_day_of_month", X(rf"(?:the\s+)?(?P<o>{ORD}|{DAYORD}|\d{{1,2}}(?:st|nd|rd|th)|last|final)\s+(?:(?P<last>last)\s+)?day\s+(?:of|in)\s+(?P<mo>{MONTHS})"
                                      rf"(?:,?\s+(?P<y>(?:19|20|21)\d{{2}}(?![0-9])))?"), h_nth_day),
        # the 20th of next month, the 20th day of the current month
        Rule("en_day_of_month_deixis", X(r"(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:the\s+)?"
                                         r"(?P<dm>{NEXT}|{THIS}|{LAST})\s+month(?!s)"), h_day_of_month_deixis),
        # the first Tuesday of October 2014, the last Friday in October, the first Monday of last month
        Rule("en_nth_weekday", X(rf"(?:the\s+)?(?P<o>{ORD}|last|final)\s+(?P<wd>{{WEEKDAY_1|WEEKDAY_2|WEEKDAY_3|WEEKDAY_4|WEEKDAY_5|WEEKDAY_6|WEEKDAY_7}})"
                                 rf"\s+(?:of|in)\s+(?:(?P<mo>{MONTHS})(?:,?\s+(?P<y>(?:19|20|21)\d{{2}}(?![0-9])))?"
                                 rf"|(?:the\s+)?(?:(?P<dm>{{NEXT}}|{{THIS}}|{{LAST}})\s+)?month(?!s))"), h_nth_weekday),
        # EOY, BOY, EOM, BOM, EOQ (upper case only: "boy" is a word)
        Rule("en_part_abbrev", X(r"(?:the\s+)?(?P<ab>{PART_ABBREV_EOY|PART_ABBREV_BOY|PART_ABBREV_EOM|PART_ABBREV_BOM|PART_ABBREV_EOQ})\b"),
             h_part_abbrev),
        Rule("en_month_deixis", X(r"(?:the\s+)?(?P<d>{NEXT}|{THIS}|{LAST})\s+month(?!s)"), h_month_deixis),
        Rule("en_week", X(r"(?:the\s+)?(?P<d>{NEXT}|{THIS}|{LAST})\s+week(?P<we>end)?(?!s)"), h_week),
        Rule("en_weekend", r"(?:the\s+)weekend", h_weekend),
        Rule("en_weekday", X(rf"(?:(?P<up>{{UPCOMING}})\s+|(?P<d>{{NEXT}}|{{THIS}}|{{LAST}})\s+|(?P<wk2>{{NEXT}}|{{THIS}}|{{LAST}})\s+week['’]s\s+)?(?P<wd>{WEEKDAY})(?![a-z])"
                             r"(?:,?\s+(?:of\s+|from\s+)?(?P<wk>{NEXT}|{THIS}|{LAST})\s+week\b|(?P<an>\s+after\s+next\b))?"),
             h_weekday),
        # Tuesday the 19th, Fri, Jul 18, Jul 18, Fri (no year: the next date that is that weekday)
        Rule("en_weekday_date", X(rf"(?P<wd>{WEEKDAY})\.?,?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)(?![\w-])"), h_weekday_date),
        Rule("en_weekday_month_day", X(rf"(?P<wd>{WEEKDAY})\.?,?\s+(?P<mo>{MONTHS})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![0-9])(?!,?\s*\d)"),
             h_weekday_date),
        Rule("en_month_day_weekday", X(rf"(?P<mo>{MONTHS})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<wd>{WEEKDAY})(?![a-z])"), h_weekday_date),
        # 3 Fridays from now, 2 Thursdays ago
        # one rule for what may follow a number, so that the number is read once: 3 Fridays from now,
        # 2 Thursdays ago; two upcoming weeks; three days after Easter
        Rule("en_n_lead", X(rf"(?P<n1>{NUM})\s+(?:(?P<wd>{WEEKDAY})s\s+(?P<rel>{{AFTER}}|{{AGO}})\b|(?P<nx>{{NEXT}})\s+{UNIT}"
                            rf"|{UNIT.replace('P<u>', 'P<u2>')}\s+(?P<dir>after|before)\s+(?P<x>(?:{{THIS}}\s+|{{NEXT}}\s+|{{LAST}}\s+)?"
                            rf"(?:{{{'|'.join(holiday_keys)}}})(?![a-z])(?:\s+(?:19|20|21)\d{{2}}(?![0-9]))?))"), h_n_lead),
        # on the 15th, on the first
        Rule("en_on_day", X(rf"\bon\s+(?:the\s+)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)|(?P<dw>{DAYORD}))(?![\w-])"
                            r"(?!\s+(?:{ON_DAY_NOT_BEFORE})\b)"), h_on_day),
        # the beginning of this week (Mon-Wed), the end of next week (Fri-Sun)
        Rule("en_week_part", X(r"(?P<p>{PART_EARLY}|{PART_MID}|{PART_LATE})\s+(?:(?:the\s+)?(?:around\s+)?(?P<d>{NEXT}|{THIS}|{LAST})\s+|the\s+)?week(?![\w-])"),
             h_week_part),
        # the first week of October 2014, the 2nd last week of October 2018, the third last week of 2018
        Rule("en_nth_week", X(rf"(?:the\s+)?(?P<o>{ORD}|{DAYORD}|\d{{1,2}}(?:st|nd|rd|th)|last|final)\s+(?:(?P<last>last)\s+)?week\s+(?:of|in)\s+"
                              rf"(?:(?P<mo>{MONTHS})(?:,?\s+(?P<y>(?:19|20|21)\d{{2}}(?![0-9])))?|(?P<y2>(?:19|20|21)\d{{2}}(?![0-9])))"), h_nth_week),
        Rule("en_week_of", X(rf"week\s+of\s+(?P<x>{MONTHS}\s*\d{{1,2}}(?:st|nd|rd|th)?(?![0-9])(?:,?\s+(?:19|20|21)\d{{2}})?"
                             rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?:,?\s+(?:19|20|21)\d{{2}})?)"), h_week_of),
        # two upcoming weeks, 2 coming months
        Rule("en_week_after_next", X(r"{WEEK_AFTER_NEXT}"), lambda m, f: c_period(cal.week(f.ref, 2), "week")),
        Rule("en_day", X(r"\b{DAY_AFTER_TOMORROW|DAY_BEFORE_YESTERDAY|DAY_TOMORROW|DAY_TODAY|DAY_YESTERDAY}\b"), h_day),
        # a two-digit decade needs its apostrophe ("the '30s"): "in the mid-40s" in a call is a margin
        Rule("en_decade", X(r"(?:the\s+)?(?:(?P<dy>(?:19|20|21)\d0|['’][0-9]0)['’]?s\b|(?P<dd>{DECADE_NEXT}|{DECADE_THIS})\b)"),
             h_decade),
        Rule("en_next_n", X(rf"(?:(?P<prep>{{SPAN_PREP}})\s+)?(?:(?P<the>the)\s+)?(?P<nx>{{NEXT}})\s+(?:{NUMP}[\s-]*)?{UNIT}{YH}"),
             h_next),
        Rule("en_within", X(rf"(?<!year )(?<!quarter )(?<!month )(?<!week )(?P<w>{{WITHIN}})\s+(?:(?P<the>the)\s+)?{APPROX_W}(?:{NUMP}[\s-]*)?{UNIT}{YH}(?!\s+(?:{{AGO}})\b)"), h_within),
        # "for seven more years", "for another two quarters": a window from the statement; a bare
        # "for three years" is often a time already spent ("we have done this for 20 years")
        Rule("en_for_more", X(rf"\bfor\s+(?=(?:{{FOR_MORE}})\s|[\w.]+(?:[\s-]+[\w.]+)?\s+(?:{{FOR_MORE}})[\s-])(?:(?:{{FOR_MORE}})\s+)?{NUMP}"
                              rf"(?:\s+(?:{{FOR_MORE}}))?[\s-]+{UNIT}"), lambda m, f: duration(m, f, "within")),
        Rule("en_in_n", X(rf"\b(?:in|after|(?P<tk>{{TAKES}}))\s+{APPROX_W}{NUMP}[\s-]*{UNIT}{YH}(?:{{TIME_SUFFIX}})?"), h_in),
        Rule("en_n_rel", X(rf"{APPROX_W}{NUMP}[\s-]*{UNIT}{YH}\s+(?P<rel>{{AFTER}}|{{AGO}})\b"), h_rel),
        Rule("en_past_n", X(rf"(?:(?:over|in|during|for|across|throughout)\s+)?(?P<the>the\s+)?(?P<ls>{{LAST}})\s+(?:{NUMP}[\s-]*)?{UNIT}"),
             h_past),
        Rule("en_range_n", X(rf"{NUMP}[\s-]*{UNIT}{YH}"), h_range),
        Rule("en_span_period", X(rf"(?:(?:over|within|in|during|across)\s+)?(?:(?:a|the|our|its)\s+)?(?P<n1>{NUM})[\s-]+{UNIT}\s+"
                                 r"{SPAN_NOUN}"), h_span),
        Rule("en_season", X(rf"(?:(?:the\s+)?(?P<d>{{NEXT}}|{{THIS}}|{{LAST}})\s+|(?P<the>the\s+))?(?P<s>{{{'|'.join((HOLIDAY_SEASON, *SEASON_KEYS))}}})\b"
                            rf"(?:\s+(?:of\s+)?(?P<y>{year_spec}))?"), h_season),
        Rule("en_holiday", X(rf"(?:(?P<yp>{{YEAR_THIS|YEAR_NEXT|YEAR_LAST}}|(?:19|20|21)\d{{2}})(?:['’]s)?\s+|(?P<d>{{NEXT}}|{{THIS}}|{{LAST}})\s+)?(?P<hd>{{{'|'.join(holiday_keys)}}})(?![a-z])"
                             rf"(?:\s+(?:of\s+|in\s+)?(?P<y>(?:19|20|21)\d{{2}}(?![0-9])|{{YEAR_THIS|YEAR_NEXT|YEAR_LAST}})"
                             rf"|\s+(?:of\s+|in\s+)?(?P<yw>{{YEAR_2000}}(?:\s+and)?(?:\s+(?P<ywn>{NUM}))?)"
                             rf"|\s+(?P<sh>in\s+(?:(?P<n1>{NUM})\s+)?{UNIT}|(?P<n1b>{NUM})\s+{UNIT.replace('P<u>', 'P<u2>')}\s+(?P<rel>{{AFTER}}|{{AGO}})\b))?"), h_holiday),
        # the third Tuesday after Christmas 2014
        Rule("en_days_from_holiday", X(rf"(?P<o>{ORD}|{DAYORD}|\d{{1,2}}(?:st|nd|rd|th))\s+(?P<wd>{WEEKDAY})"
                                       rf"\s+(?P<dir>after|before)\s+(?P<x>(?:{{THIS}}\s+|{{NEXT}}\s+|{{LAST}}\s+)?(?:{{{'|'.join(holiday_keys)}}})(?![a-z])(?:\s+(?:19|20|21)\d{{2}}(?![0-9]))?)"),
             h_days_from_holiday),
        # the closest Monday to Oct 5th, the 3rd closest Christmas to today
        Rule("en_closest", X(rf"(?:(?P<o>{ORD}|{DAYORD}|\d{{1,2}}(?:st|nd|rd|th))\s+)?closest\s+(?:(?P<wd>{WEEKDAY})|(?P<hd>{{{'|'.join(holiday_keys)}}}))"
                             rf"\s+to\s+(?P<x>{{DAY_TODAY}}|{MONTHS}\s*\d{{1,2}}(?:st|nd|rd|th)?(?![0-9])(?:,?\s+(?:19|20|21)\d{{2}})?"
                             rf"|{MONTHS}\s+(?:the\s+)?{DAYORD}|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?:,?\s+(?:19|20|21)\d{{2}})?)"), h_closest),
        # for 10 days from 18th Dec, 18th Dec for 10 days
        Rule("en_for_days", X(rf"(?:for\s+(?P<n1>{NUM})\s+(?P<u>days?|weeks?)\s+from\s+(?P<x>{MONTHS}\s*\d{{1,2}}(?:st|nd|rd|th)?(?![0-9])|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS})"
                              rf"|(?:from\s+)?(?P<x2>{MONTHS}\s*\d{{1,2}}(?:st|nd|rd|th)?(?![0-9])|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS})"
                              rf"\s+for\s+(?P<n2>{NUM})\s+(?P<u2>days?|weeks?))\b"), h_for_days),
        Rule("en_this_next_years", X(r"{YEARS_THIS_NEXT}\b"), lambda m, f: this_and_next_year(f)),
        Rule("en_vague", X(r"\b{VAGUE}\b"), vague),
        Rule("en_past_vague", X(r"\b{PAST_VAGUE}\b"), past_vague),
    ]
    def range_amount(m: re.Match) -> tuple[float, str] | None:
        unit = unit_of(m.group("u"))
        if unit == "fiscal_year":
            return None
        if m.group("n"):
            n = nums.parse(m.group("n"))
            if n is None:
                return None
        elif m.group("yh"):
            n = 1  # "to year and a half"
        else:
            return None
        n += 0.5 if m.group("yh") else 0
        return in_counted_units(n, unit)

    ranges = DurationRanges(
        re.compile(fold_pattern(X(rf"\s*(?:to|or|-|–|—)\s*(?:(?P<n>{NUM})[\s-]*)?(?P<u>{{{'|'.join(_UNITS)}}})\b"
                                  r"(?P<yh>\s+and\s+a\s+half)?"))),
        None, range_amount, "to-–—")
    grammar = Grammar(rules, _widener(lx, ranges), start_guard=r"(?<![A-Za-z0-9])", fold=True, dispatch="chars",
                      analyse=analyse)
    return grammar


_HAS_YEAR = re.compile(r"\d{2}")
_YEAR_IN = re.compile(r"\d{4}|['’]\d{2}")


_BARE_QUARTER_RULES = ("en_quarter_q", "en_quarter_ord", "en_quarter_word_n")


def _roll_named_month(c: Cand, f: Frame, text: str, bare_quarter: re.Pattern, looks_back: re.Pattern) -> None:
    """"By December" said after December means next December (a bare month name is taken to be in
    the reported year, which a deadline already passed cannot mean). A month with a year, or the
    last month of a named quarter ("the end of 1Q25"), stays where it is."""
    if (c.rule == "en_month" and c.gran == "month" and c.e is not None and c.e < f.ref
            and c.e.month == c.s.month and not _HAS_YEAR.search(text)):
        while c.e < f.ref:
            c.s, c.e = cal.month(c.e.year + 1, c.e.month)
    elif (c.e is not None and c.e < f.ref and not _HAS_YEAR.search(text)
          and ((c.rule in _BARE_QUARTER_RULES and c.gran == "quarter")
               or (c.rule == "en_part" and bare_quarter.search(text) and not looks_back.search(text)))):
        while c.e < f.ref:  # "by the end of Q3" said after Q3: next year's
            c.s, c.e = cal.month(c.s.year + 1, c.s.month)[0], cal.month(c.e.year + 1, c.e.month)[1]


def _told_in_past(head: str, tail: str, past: re.Pattern, future: re.Pattern) -> bool:
    """The verb nearest before the weekday decides ("Nestle revealed on Thursday its plan to …"
    is past, "will report on Tuesday" future); with none before it, the first one after it."""
    last = max(((m.start(), True) for m in past.finditer(head)), default=None)
    fut = max(((m.start(), False) for m in future.finditer(head)), default=None)
    near = max((x for x in (last, fut) if x is not None), default=None)
    if near is not None:
        return near[1]
    after = [(m.start(), True) for m in [past.search(tail)] if m] + [(m.start(), False) for m in [future.search(tail)] if m]
    return min(after)[1] if after else False


def _bare_weekday(text: str) -> bool:
    """"Tuesday", not "next Tuesday" / "this coming Friday"."""
    return " " not in text.strip()


def _widener(lx, ranges: DurationRanges):
    X = lx.expand
    # "the end of Q3" / "the end of the third quarter" (a part of a quarter named without a year), and
    # the words that make it one gone by ("the end of last quarter")
    bare_quarter = re.compile(X(r"\bQ[1-4]\b|\b(?:{QUARTER})\s+[1-4]\b|\b(?:{ORD_1|ORD_2|ORD_3|ORD_4})\s+(?:{FISCAL_MARK}\s+)?(?:{QUARTER})\b"), re.I)
    looks_back = re.compile(X(r"\b(?:{LAST})\b"), re.I)
    by_pre = re.compile(X(r"\b(?:{BY})\s+(?:(?:{FILLER})\s+)?(?:our\s+)?$"), re.I)
    ends_suf = re.compile(X(r"\s+{PERIOD_ENDS}\b"), re.I)
    since_pre = re.compile(X(r"\b(?:{SINCE})\s+$"), re.I)
    # "since the new team joined in March": the start of a since-clause, a few words back
    since_clause = re.compile(X(r"\b(?:{SINCE})\s+[^.;,]{0,40}?\b(?:{SINCE_CLAUSE_PREP})\s+$"), re.I)
    past_verb = re.compile(X(r"\b(?:{PAST_VERB})\s+(?:{PAST_VERB_PREP})\s+(?:the\s+)?$"), re.I)
    # "will be completed in", "to be launched in": a participle after an auxiliary is not the past
    future_aux = re.compile(X(r"\b(?:{AUXILIARY})\s+$"), re.I)
    retro = re.compile(X(r"\b(?:{RETRO_PRE})\b[^.;]{0,40}$"), re.I)
    # "the 2027 operating budget": a year naming a thing, not the time of the event
    det_before = re.compile(X(r"\b(?:{DETERMINER})\s+$"), re.I)
    noun_after = re.compile(X(r"\s+(?!(?:{NOT_A_NOUN})\b)[a-z]"), re.I)
    from_pre = re.compile(X(r"\b(?:{FROM})\s+(?:in\s+|with\s+)?$"), re.I)
    from_lead = re.compile(r"\bfrom\b[^.;:!?]*$", re.I)
    from_to_mid = re.compile(r"[^.;:!?]{0,40}?\bto\b[^.;:!?]{0,40}", re.I)
    later_pre = re.compile(X(r"\b(?:{LATER_IN})\s+$"), re.I)
    # a bare weekday in a sentence told in the past ("shares fell … on Tuesday", "Nestle revealed on
    # Thursday"): the news day just gone, not the next one
    news_past = re.compile(X(r"\b(?:{PAST_VERB}|{NEWS_VERB})\b"), re.I)
    news_future = re.compile(X(r"\b(?:{FUTURE_MARK})\b"), re.I)
    # "for the three months ending October 31, 2023", "the quarter ended March 31": the period up to that day
    nums = EnNumbers(lx)
    months_ending = re.compile(rf"\b(?:(?P<n>{nums.pattern})[\s-]+months?|(?P<q>(?:fiscal\s+)?quarter))"
                               r"\s+(?:period\s+)?(?:end(?:ed|ing|s)\s+(?:on\s+)?|through\s+|thru\s+)$", re.I)
    between_pre = re.compile(r"\b(?:from|between)\s+$", re.I)
    onwards_suf = re.compile(X(r"\s+(?:{ONWARDS})\b"), re.I)
    range_mid = re.compile(X(r"\s*(?:{RANGE_SEP})\s*(?:the\s+)?$"), re.I)
    baseline_pre = re.compile(X(r"\b(?:{BASELINE_PRE})\s+(?:the\s+|in\s+|those\s+of\s+)?$"), re.I)
    baseline_suf = re.compile(X(r"(?:['’]s)?\s+(?:{BASELINE_POST})\b"), re.I)
    approx_pre = re.compile(X(r"\b(?:{APPROX})\s+$"), re.I)
    said_pre = re.compile(X(r"\b(?:{SAID})\s+(?:on\s+|late\s+|early\s+|earlier\s+|late\s+on\s+)?$"), re.I)

    def widen(s: str, cands: list[Cand], f: Frame) -> list[Cand]:
        if not cands:
            return cands
        out: list[Cand] = []
        for c in ranges.join(s, cands, f):
            if out and c.s and out[-1].s and out[-1].point and c.point and out[-1].kind != "range":
                prev = out[-1]
                mid = s[prev.end:c.start]
                if len(mid) <= 9 and range_mid.fullmatch(mid) and (
                        c.e >= prev.s or roll_far_bound(prev, c, c.rule in ("en_month", "en_day_month")
                                                        and not _YEAR_IN.search(s, c.start, c.end))):
                    word = mid.strip().lower()
                    pb = between_pre.search(s[max(0, prev.start - 9):prev.start])
                    if word != "and" or (pb and pb.group(0).lower().startswith("between")):
                        if pb:
                            prev.start -= len(pb.group(0))
                        prev.e, prev.end, prev.kind = c.e, c.end, "range"
                        continue
            out.append(c)
        for c in out:
            before = s[max(0, c.start - 24):c.start]
            pv = past_verb.search(before) if c.s else None
            if pv:
                verb_at = c.start - len(before) + pv.start()
                if future_aux.search(s, max(0, verb_at - 8), verb_at):
                    pv = None
            if pv or (c.s and c.rule == "en_in_n" and retro.search(s[max(0, c.start - 48):c.start])):
                c.past = True  # "the weakness we saw in the back half", "the fastest pace in eight quarters"
                continue
            if c.s and c.kind == "range" and (p := by_pre.search(before)):
                c.start -= len(p.group(0))  # "by March to April this year": from now until the later one ends
                c.s, c.kind = f.ref, "by"
                continue
            if c.point and c.s and c.kind != "range":
                p = since_pre.search(before)
                if p:
                    c.start -= len(p.group(0))
                    c.past = True
                    continue
                if since_clause.search(s[max(0, c.start - 60):c.start]):
                    c.past = True
                    continue
                p = months_ending.search(s[max(0, c.start - 40):c.start]) if c.gran in ("day", "month") else None
                if p:
                    n = 3 if p.group("q") else int(nums.parse(p.group("n")) or 3)
                    c.s = cal.add(c.e + cal.DAY, -n, "month")
                    c.start -= len(p.group(0))
                    continue
                p = by_pre.search(before)
                if p:
                    c.start -= len(p.group(0))
                    e_ = ends_suf.match(s, c.end)
                    if e_:
                        c.end = e_.end()
                    _roll_named_month(c, f, s[c.start:c.end], bare_quarter, looks_back)
                    c.s, c.kind = f.ref, "by"
                    continue
                p = later_pre.search(before)
                if p and c.s <= f.ref <= c.e:  # "later in 2022" said in 2022: the rest of it
                    c.start -= len(p.group(0))
                    c.s, c.kind = f.ref, "by"
                    continue
                p = from_pre.search(before)
                o = onwards_suf.match(s, c.end)
                if p or o:
                    if p:
                        c.start -= len(p.group(0))
                    if o:
                        c.end = o.end()
                        # "in Q4 and beyond", "from April 1 onwards": open-ended, no deadline (a bare "on"
                        # only after "from": "next quarter on the consumer side" is that quarter)
                        c.vague = bool(p) or o.group(0).strip().casefold() != "on"
                    c.role = 1
                    continue
            if c.s and c.rule == "en_weekday" and c.s > f.ref and _bare_weekday(s[c.start:c.end]):
                a = max(s.rfind(". ", 0, c.start), s.rfind("\n", 0, c.start), 0)
                b = min((i for i in (s.find(". ", c.end), s.find("\n", c.end)) if i >= 0), default=len(s))
                if _told_in_past(s[a:c.start], s[c.end:b], news_past, news_future):
                    c.s = c.e = c.s - dt.timedelta(days=7)
                    c.role, c.past = 2, True
                    continue
            if c.s:
                if c.rule == "en_year" and det_before.search(before) and noun_after.match(s, c.end):
                    c.role = max(c.role, 1)
                if baseline_pre.search(before) or baseline_suf.match(s, c.end):
                    c.role = 2
                elif c.gran == "day" and said_pre.search(before):
                    c.role = 2  # "the company said Tuesday": when it was said, not when it will happen
                if approx_pre.search(before):
                    c.approx = True
        for a, b in zip(out, out[1:]):
            # "from about $5 billion in 2016 to more than $6 billion in 2017": the first time is where
            # the change starts, the second where it ends
            if a.s and b.s and from_to_mid.fullmatch(s, a.end, b.start) and from_lead.search(s, max(0, a.start - 50), a.start):
                a.role = max(a.role, 1)
        return out

    return widen
