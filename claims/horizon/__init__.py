"""Time-horizon normaliser: the time expression governing a forecast, as inclusive dates.

    >>> normalise("供應鏈擴產需兩到三年才能緩解", dt.date(2025, 11, 25)).horizon
    Horizon(text='兩到三年', start=2027-11-25, end=2028-11-25, granularity='year', kind='range', ...)

Pure functions over (text, statement date, fiscal year end, reported quarter); semantics in
../shared/HORIZONS.md. Words live in pipelines/data/<lang>/time.yaml; the rules that combine them
in `zh.py` / `en.py`; date arithmetic in `cal.py`. Nothing here reads files after the first call.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from claims.core.models import Horizon, Period, TimeExpression, trusted
from .cal import Frame, current_quarter
from .core import PLACEHOLDER_REF, Cand, Grammar
from claims.core.fiscal import label_fy_offset, parse_fye
from claims.core.script import to_simplified_chars
from .en import build as build_en
from .lexicon import lex
from .zh import build as build_zh

__all__ = ["HorizonResult", "normalise", "find_expressions", "detect_lang"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FULLWIDTH = re.compile(r"[\uff01-\uff5e\u3000]")


class HorizonResult:
    """The governing horizon (None when there is none to check) and every expression found.

    The expressions are built when first asked for: most callers (the batch command, the claim
    pipeline) only read the horizon, and building objects for every expression is a fifth of the
    cost of a row."""

    __slots__ = ("horizon", "_text", "_cands", "_expressions", "_best", "_ref")

    def __init__(self, horizon: Horizon | None, expressions: list[TimeExpression] | None = None,
                 _text: str = "", _cands: list[Cand] | None = None, _best: Cand | None = None,
                 _ref: dt.date | None = None) -> None:
        self.horizon = horizon
        self._expressions = expressions
        self._text, self._cands, self._best, self._ref = _text, _cands, _best, _ref

    @property
    def expressions(self) -> list[TimeExpression]:
        if self._expressions is None:
            self._expressions = [_expression(self._text, c) for c in self._cands or ()]
        return self._expressions

    def expressions_json(self) -> list[dict]:
        """Every expression as a JSON-ready dict: its `text`, `offsets` [start, end) into the text,
        its interval `start`..`end` (ISO dates; null when vague or when ref is unknown),
        `granularity`, `kind`, and `status`: "horizon" (the one governing the forecast), "future"
        (another one ahead of ref), "past" (a time that looks back, resolved all the same: ref − N,
        a rolling window ending at ref, last year) or "vague" (no dates: 未來, going forward)."""
        text, best, ref, out = self._text, self._best, self._ref, []
        for c in self._cands or ():
            dated = c.s is not None and c.e is not None and not c.vague
            status = ("horizon" if c is best else "vague" if not dated
                      else "past" if c.past or (c.e <= ref and c.s < ref) else "future")
            out.append({"text": text[c.start:c.end], "offsets": [c.start, c.end],
                        "start": c.s.isoformat() if dated else None, "end": c.e.isoformat() if dated else None,
                        "granularity": c.gran, "kind": c.kind, "status": status})
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HorizonResult):
            return NotImplemented
        return self.horizon == other.horizon and self.expressions == other.expressions

    def __repr__(self) -> str:
        return f"HorizonResult(horizon={self.horizon!r}, expressions={self.expressions!r})"


@lru_cache(maxsize=None)
def _grammar(lang: str) -> Grammar:
    return build_zh() if lang == "zh" else build_en()


_LANGS: dict[str, tuple[Grammar, re.Pattern]] = {}


def _language(lang: str) -> tuple[Grammar, re.Pattern]:
    """A language's grammar and fiscal-talk pattern, built on first use and kept."""
    _LANGS[lang] = got = (_grammar(lang), _fiscal_re(lang))
    return got


@lru_cache(maxsize=None)
def _fiscal_re(lang: str) -> re.Pattern:
    lx = lex(lang)
    body = lx.alt("FISCAL_MARK") if lang == "zh" else r"\b" + lx.alt("FISCAL_MARK") + r"(?![a-z])"
    return re.compile(body + (r"|\bFY" if lang == "zh" else ""), re.I)


def fiscal_mentions(text: str, lang: str) -> int:
    """How often `text` (simplified, for Chinese) names a fiscal period (財年, 财季, fiscal, FY): a
    document off the calendar year that does so is read fiscally throughout, since a clause cut
    from it (第四季度, "next quarter") may not repeat the word."""
    return len(_fiscal_re(lang).findall(text))


def detect_lang(text: str, lang: str | None = "auto") -> str:
    """zh when the text has Chinese characters, else en; an explicit language is kept unless the
    text plainly cannot be in it."""
    has_cjk = bool(_CJK.search(text))
    if lang in ("zh", "en"):
        if lang == "zh" and not has_cjk:
            return "en"
        if lang == "en" and has_cjk and len(_CJK.findall(text)) * 3 > len(text):
            return "zh"
        return lang
    return "zh" if has_cjk else "en"


def _normal_form(text: str, lang: str) -> str:
    if lang == "zh" or _FULLWIDTH.search(text):
        return to_simplified_chars(text)
    return text


def _as_date(v) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def _as_period(period) -> tuple[dt.date, dt.date] | None:
    """A Period, a {"start", "end"} dict or a (start, end) pair -> dates; anything else -> None."""
    if period is None:
        return None
    if isinstance(period, Period):
        s, e = period.start, period.end
    elif isinstance(period, dict):
        s, e = _as_date(period.get("start")), _as_date(period.get("end"))
    elif isinstance(period, (tuple, list)) and len(period) >= 2:
        s, e = _as_date(period[0]), _as_date(period[1])
    else:
        return None
    if s is None or e is None or s > e:
        return None
    return s, e


def _horizon(text: str, c: Cand) -> Horizon | None:
    if c.s is None or c.e is None or c.vague:
        return None
    # every field is built here with the right type, and validating thousands of rows a second
    # would cost more than finding them
    return trusted(Horizon, {"text": text[c.start:c.end], "start": c.s, "end": c.e, "granularity": c.gran,
                             "kind": c.kind, "approximate": c.approx})


def _expression(text: str, c: Cand) -> TimeExpression:
    return trusted(TimeExpression, {"text": text[c.start:c.end], "start": c.start, "end": c.end,
                                    "horizon": _horizon(text, c), "past": c.past})


@lru_cache(maxsize=64)
def _validate_fye(fiscal_year_end: str | None) -> str:
    try:
        parse_fye(fiscal_year_end)
    except Exception:
        return "12-31"
    return fiscal_year_end or "12-31"


@lru_cache(maxsize=4)
def _condition_re(lang: str) -> re.Pattern:
    """A condition opening the clause that holds a time: 若 / 如果 / if, back to the clause's start."""
    words = "|".join(re.escape(w) for w in sorted(lex(lang).entries.get("CONDITION_OPEN", ()), key=len, reverse=True))
    left = r"(?:^|(?<=[\s,，;；:：。(（]))" if lang == "en" else ""
    return re.compile(rf"{left}(?:{words})[^,，;；。!?！？\n]*$", re.I) if words else re.compile(r"(?!)")


def _quarter_holding(ref: dt.date, frame: Frame) -> tuple[dt.date, dt.date]:
    """The quarter the statement is made in (fiscal when the frame is), whatever quarter the call reports."""
    return current_quarter(Frame(ref, frame.fye, None, frame.fiscal))


def _in_condition(text: str, start: int, lang: str) -> bool:
    return _condition_re(lang).search(text, max(0, start - 40), start) is not None


def _safe_scan(text, ref, fiscal_year_end, period, lang, fiscal=None) -> list[Cand]:
    """Every expression in `text`, resolved against the frame; never raises on odd input (a bad
    fiscal year end is read as 12-31, a non-date ref as unknown, an unexpected value as nothing)."""
    if not isinstance(text, str) or not text:
        return []
    if ref is not None and not isinstance(ref, dt.date):
        ref = None
    try:
        fye = _validate_fye(fiscal_year_end if isinstance(fiscal_year_end, str) else None)
        lang = detect_lang(text, lang)
        norm = _normal_form(text, lang)
        g, fiscal_re = _LANGS.get(lang) or _language(lang)
        if fiscal is None and fye != "12-31" and str(getattr(period, "label", None) or "").startswith("FY"):
            fiscal = True  # the call reports a fiscal quarter ("FY2025-Q1"): its bare "Q2" is the fiscal one
        span = None if period is None else _as_period(period)
        offset = label_fy_offset(getattr(period, "label", None), span[0], fye) if span is not None else 0
        frame = Frame(ref or PLACEHOLDER_REF, fye, span, None if fiscal is None else bool(fiscal), norm, fiscal_re, offset)
        if g.fold:
            norm = g.prepare(norm)
        cands: list[Cand] = []
        for c in g.widen(norm, g.scan(norm, frame), frame):
            if cands and c.start < cands[-1].end:
                continue  # swallowed by a neighbour's widening ("2030年之前")
            _inherit_year(norm, cands, c, ref)
            cands.append(c)
            if ref is None:
                c.s = c.e = None
            elif c.s is not None and c.e is not None:
                if c.s > c.e:  # "by" a day already past ("截至今年9月底" said in November): as of then
                    c.s = c.e
                if c.s == c.e == ref and c.gran == "day":
                    c.role = max(c.role, 1)  # the statement's own day ("11月18日，…透露"): a dateline, not the event's time
                if _in_condition(norm, c.start, lang):
                    c.role = max(c.role, 1)  # "若今年第1季…，上半年就會不錯": the condition's time, not the outcome's
                if c.e < ref and c.reported and c.gran == "quarter" and frame.period is not None:
                    # "本季營收仍可望季增6%", "this quarter will": a forecast's "this quarter" after the reported
                    # one has closed is the quarter the speaker is in
                    c.s, c.e = _quarter_holding(ref, frame)
                if c.e < ref:
                    if c.reported:
                        c.role = max(c.role, 1)  # "this quarter" = the reported one, already over: not the event's time
                    else:
                        c.past = True
        _prefer_forecast_clause(norm, cands, lang)
        return cands
    except (ValueError, OverflowError, KeyError, IndexError, TypeError, AssertionError, RecursionError):
        return []


_SENTENCE_END = re.compile(r"[。.!?！？\n]")
_YEAR_NAMED = re.compile(r"\d{4}|['’]\d{2}|\b(?:FY|F)\s?\d{2}|年|\byear|\bfiscal", re.I)


def _inherit_year(text: str, before: list[Cand], c: Cand, ref: dt.date | None) -> None:
    """"今年将恢复线下展会，9 月底或 10 月初在上海举办", "In 2027, Q3 will …": a quarter, half or month
    named without a year, after a whole year named earlier in the same sentence, is that year's (a
    year still to come or under way, told as the event's time: not "the 2027 budget", not "last year")."""
    if c.s is None or c.kind != "period" or c.gran not in ("quarter", "half", "month", "day") \
            or _YEAR_NAMED.search(text, c.start, c.end):
        return
    yr = next((b for b in reversed(before) if b.gran == "year" and b.kind == "period" and b.s is not None), None)
    if yr is None or yr.role or ref is None or yr.e < ref or _SENTENCE_END.search(text, yr.end, c.start):
        return
    if yr.s <= c.s <= yr.e:
        return
    shift = yr.s.year - c.s.year
    s_, e_ = _years_later(c.s, shift), _years_later(c.e, shift)
    if s_ < yr.s:  # a fiscal year that starts mid-year: its later months are in the next calendar year
        s_, e_ = _years_later(s_, 1), _years_later(e_, 1)
    if s_ <= yr.e:
        c.s, c.e = s_, e_


def _years_later(d: dt.date, n: int) -> dt.date:
    """`d` moved n years, a month's last day staying its last day (Feb 28 -> Feb 29 in a leap year)."""
    y = d.year + n
    last = calendar.monthrange(y, d.month)[1]
    return dt.date(y, d.month, last if d.day == calendar.monthrange(d.year, d.month)[1] else min(d.day, last))


_CLAUSE_END = re.compile(r"[,，;；。!?！？\n]")


def _prefer_forecast_clause(text: str, cands: list[Cand], lang: str) -> None:
    """"Q2 2026 合約價格仍大幅上漲，壓力將延伸至 2027 至 2028 年": of times in several clauses, one in a
    clause that says what will happen (將, 預計: CLAUSE_FUTURE) governs before one in a clause that
    describes the present. A clause that is only its time ("明年，…") frames the next and keeps its place."""
    marks = tuple(lex(lang).entries.get("CLAUSE_FUTURE", ()))
    live = [c for c in cands if c.s is not None and not c.past and not c.vague]
    if not marks or len(live) < 2:
        return
    bounds = [0] + [m.end() for m in _CLAUSE_END.finditer(text)] + [len(text) + 1]
    # words that hold a mark's character without saying anything of the future (会议, 机会)
    nots = sorted(lex(lang).entries.get("CLAUSE_FUTURE_NOT", ()), key=len, reverse=True)
    frame_words = lex(lang).entries.get("CLAUSE_FRAME_FILLER", ())  # 在明年的…: still only a time

    def clause(c: Cand) -> str:
        k = bisect.bisect_right(bounds, c.start) - 1
        return text[bounds[k]:max(bounds[k + 1] - 1, c.end)]

    def says_future(t: str) -> bool:
        for w in nots:
            t = t.replace(w, " ")
        return any(w in t for w in marks)

    marked = {id(c): says_future(clause(c)) for c in live}
    if len({bisect.bisect_right(bounds, c.start) for c in live}) < 2 or not any(marked.values()):
        return
    for c in live:
        own = clause(c)
        rest = own.replace(text[c.start:c.end], "")
        if not marked[id(c)] and len(rest.strip(" ,，" + "".join(frame_words))) > 2:
            c.role = max(c.role, 1)


def find_expressions(text: str, ref: dt.date | None, *, fiscal_year_end: str | None = "12-31",
                     period: Period | None = None, lang: str = "auto",
                     fiscal: bool | None = None) -> list[TimeExpression]:
    """Every time expression in `text`, with offsets into it, resolved when `ref` is known."""
    return [_expression(text, c) for c in _safe_scan(text, ref, fiscal_year_end, period, lang, fiscal)]


def normalise(text: str, ref: dt.date | None, *, fiscal_year_end: str | None = "12-31",
              period: Period | None = None, lang: str = "auto", fiscal: bool | None = None) -> HorizonResult:
    """The horizon governing a forecast in `text`, plus every time expression found.

    The governing one is never past and never vague; among the rest, the time of the predicted
    event wins over a starting point ("from next year") and over a baseline ("than 2024"), then the
    first in the text. `fiscal` says whether quarters and halves are fiscal ones; None reads it from
    the text (財年 / fiscal / FY), which a clause cut from a fiscal speaker's answer may not repeat.
    """
    cands = _safe_scan(text, ref, fiscal_year_end, period, lang, fiscal)
    best = None
    for c in cands:
        if (not c.past and not c.vague and c.s is not None and c.e is not None
                and (best is None or c.role < best.role)):
            best = c
    governing = _joined(text, cands, best, lang) if best is not None else None
    return HorizonResult(_horizon(text, governing) if governing is not None else None, None, text, cands, best, ref)


@lru_cache(maxsize=4)
def _join_re(lang: str) -> re.Pattern:
    return re.compile(r"\s*" + lex(lang).alt("PERIOD_JOIN") + r"\s*", re.I)


def _joined(text: str, cands: list[Cand], best: Cand, lang: str | None) -> Cand:
    """`best`, or `best` through the next periods when they are joined as one time ("在Q3跟Q4",
    "in 2024 and 2025", "in 2025, 2026 and 2027"): a forecast for all is checked when the last ends.
    A stretch up to a time joins the periods after it too ("the rest of 2017 and 2018", "later this
    year into early 2027", "年底前及明年"): from now until the last one ends."""
    join = _join_re(detect_lang(text, lang))
    while True:
        after = next((c for c in cands if c.start >= best.end), None)
        # periods of different sizes join too ("今年與明年上半年", "this year and the first half of next")
        if (after is None or best.kind not in ("period", "by") or after.kind != "period"
                or after.past or after.vague or after.s is None or after.e is None or best.e is None
                or after.s <= best.e or not join.fullmatch(text, best.end, after.start)):
            return best
        best = replace(best, end=after.end, e=after.e)
