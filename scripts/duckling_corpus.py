#!/usr/bin/env python3
"""Turn Duckling's Time corpora (facebook/duckling, BSD) into rows for score_horizons.py.

    python scripts/duckling_corpus.py [--git-dir /work/.mirror/facebook+duckling/repo] [--rev HEAD]
        [--out tests/data] [--ref-check]

Reads `Duckling/Time/EN/Corpus.hs` and `Duckling/Time/ZH/Corpus.hs` (from a git directory, or
`--en FILE --zh FILE`), and writes tests/data/horizons_duckling_{en,zh}.jsonl: one row per example
with the reference time of Duckling's tests (2013-02-12, a Tuesday; 2013-02-15 for `diffCorpus`),
no reported quarter, a calendar fiscal year, and an inclusive interval per Duckling grain:

    Day -> that day; Week -> Monday..Sunday; Month / Quarter / Year -> the whole period;
    an interval -> its start .. the day before its (exclusive) end; the negative corpus -> null.

Each row also carries `section` (the Haskell list the example comes from: allExamples, custom of
defaultCorpus, latentCorpus, negativeCorpus, diffCorpus), `duckling` (Duckling's own value and
grain) and, where HORIZONS.md deliberately reads the words another way, `convention` (the name of
the rule below) with `start`/`end` set to HORIZONS.md's answer. Examples outside the scope of a
forecast's horizon (times of day, instants, open intervals, eras) are left out and counted.

Only the examples (test data) are taken from Duckling; none of its code.
"""
from __future__ import annotations

import argparse
import calendar
import collections
import datetime as dt
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
PATHS = {"en": "Duckling/Time/EN/Corpus.hs", "zh": "Duckling/Time/ZH/Corpus.hs"}
REF = dt.date(2013, 2, 12)
DIFF_REF = dt.date(2013, 2, 15)  # diffCorpus's reference time
SUB_DAY = {"Second", "Minute", "Hour"}
GRAINS = SUB_DAY | {"Day", "Week", "Month", "Quarter", "Year"}

# ---------------------------------------------------------------- reading the Haskell lists

_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')
_TUPLE = r"\(\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*\)"
_SECTION = re.compile(r"^(?:(\w+)\s*::|\s{2,6}(custom|xs|examples|diffExamples)\s*=)", re.M)
_SECTION_NAMES = {"custom": "defaultCorpus", "xs": "latentCorpus", "examples": "negativeCorpus",
                  "diffExamples": "diffCorpus"}


def _unescape(s: str) -> str:
    return re.sub(r"\\(\d+|.)", lambda m: chr(int(m.group(1))) if m.group(1).isdigit() else m.group(1), s)


def _balanced(text: str, i: int, open_: str, close: str) -> int:
    """Index just past the bracket that closes the one at text[i] (strings skipped)."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            i = _STR.match(text, i).end()
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced")


def read_examples(hs: str):
    """Yield (section, constructor expression or None, [example strings])."""
    marks = [(m.start(), m.group(1) or m.group(2)) for m in _SECTION.finditer(hs)]

    def section_at(pos: int) -> str:
        name = "?"
        for p, n in marks:
            if p > pos:
                break
            name = n
        return _SECTION_NAMES.get(name, name)

    for m in re.finditer(r"examples\s*\(", hs):
        i = m.end() - 1
        j = _balanced(hs, i, "(", ")")
        expr = " ".join(hs[i + 1:j - 1].split())
        k = hs.index("[", j)
        strings = [_unescape(s) for s in _STR.findall(hs[k:_balanced(hs, k, "[", "]")])]
        yield section_at(m.start()), expr, strings
    neg = re.search(r"negativeCorpus\s*=.*?examples\s*=\s*(\[)", hs, re.S)
    if neg:
        k = neg.start(1)
        yield "negativeCorpus", None, [_unescape(s) for s in _STR.findall(hs[k:_balanced(hs, k, "[", "]")])]


def parse_value(expr: str):
    """Duckling's expected value -> (kind, [datetimes], grain, extra)."""
    kind = expr.split()[0]
    tuples = [tuple(int(x) for x in t) for t in re.findall(_TUPLE, expr)]
    grain = re.search(r"\b(Second|Minute|Hour|Day|Week|Month|Quarter|Year)\b", expr).group(1)
    extra = re.search(r"\b(Before|After)\b", expr)
    return kind, tuples, grain, extra.group(1) if extra else None


# ---------------------------------------------------------------- Duckling value -> interval

def _date(t: tuple) -> dt.date:
    """Duckling's (year, month, day, ...) as a date; like Haskell's fromGregorian, a month or day
    of 0 is clipped to 1 (the Chinese corpus writes (2013, 0, 0, ...) for a year)."""
    return dt.date(t[0], max(1, t[1]), max(1, t[2]))


def _last_day(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def grain_interval(t: tuple, grain: str) -> tuple[dt.date, dt.date]:
    d = _date(t)
    if grain == "Day":
        return d, d
    if grain == "Week":
        return d, d + dt.timedelta(days=6)
    if grain == "Month":
        return d, _last_day(d)
    if grain == "Quarter":
        return d, d + relativedelta(months=3, days=-1)
    if grain == "Year":
        return d, dt.date(d.year, 12, 31)
    raise ValueError(grain)


def duckling_interval(kind: str, tuples: list, grain: str, direction: str | None):
    """(start, end) or a reason the example is out of scope."""
    if any(t[0] < 1000 for t in tuples):
        return "era (BC, or a year before 1000)"
    if kind.startswith("datetimeOpenInterval"):
        return "open interval" if grain not in SUB_DAY else "time of day"
    if grain in SUB_DAY:
        return "time of day or instant (grain finer than a day)"
    if kind.startswith("datetimeInterval"):
        a, b = tuples
        if b[3:] != (0, 0, 0) or a[3:] != (0, 0, 0):
            return "time of day or instant (grain finer than a day)"
        return _date(a), _date(b) - dt.timedelta(days=1)
    return grain_interval(tuples[0], grain)


# ---------------------------------------------------------------- where HORIZONS.md differs

NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
       "eight": 8, "nine": 9, "ten": 10, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3,
       "一": 1, "两": 2, "兩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
UNIT = {"day": "days", "week": "weeks", "month": "months", "year": "years", "quarter": "quarter",
        "天": "days", "日": "days", "周": "weeks", "週": "weeks", "星期": "weeks", "礼拜": "weeks", "禮拜": "weeks",
        "月": "months", "年": "years"}
_N_EN = r"(\d+|a couple of|couple of|a few|few|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_N_ZH = r"(\d+|[一两兩二三四五六七八九十])"
_U_EN = r"(day|week|month|year)s?"
_U_ZH = r"(?:个|個)?(天|日|周|週|星期|礼拜|禮拜|月|年)"


def _n(s: str) -> int:
    return int(s) if s.isdigit() else NUM[s]


def _shift(ref: dt.date, n: int, unit: str) -> dt.date:
    if unit == "quarter":
        return ref + relativedelta(months=3 * n)
    return ref + relativedelta(**{unit: n})


def _month_of(d: dt.date, ref: dt.date) -> tuple[dt.date, dt.date]:
    s = d.replace(year=ref.year, day=1)
    return s, _last_day(s)


# (name, what HORIZONS.md says, test(row) -> new (start, end) or None)
CONVENTIONS = []


def convention(name: str, says: str):
    def deco(fn):
        CONVENTIONS.append((name, says, fn))
        return fn
    return deco


@convention("vague", "a few / several units, the coming quarters: no horizon (null)")
def _vague(text, ref, iv, grain):
    return (None, None) if re.search(r"\b(few|several)\b", text.lower()) else None


@convention("rolling-window", "next/last N days|weeks|months|years, 未來/過去N個月: a rolling window ref ± N units")
def _rolling(text, ref, iv, grain):
    t = text.lower()
    m = (re.fullmatch(rf"(?:the )?(next|last|past|previous|coming|upcoming|following) {_N_EN} {_U_EN}", t)
         or re.fullmatch(rf"(未来|未來|接下来|接下來|今后|今後|后|後|下|过去|過去|之前|上|前|最近|近){_N_ZH}{_U_ZH}", t))
    if not m:  # "two upcoming weeks": the words of "the next two weeks" in another order
        m2 = re.fullmatch(rf"{_N_EN} (next|coming|upcoming|following) {_U_EN}", t)
        if m2 and _n(m2.group(1)) >= 2:
            return ref, _shift(ref, _n(m2.group(1)), UNIT[m2.group(3)])
    if not m or _n(m.group(2)) < 2 and m.group(1) not in ("未来", "未來", "过去", "過去", "最近", "近"):
        return None
    n, unit = _n(m.group(2)), UNIT[m.group(3)]
    if unit == "quarter":
        return None
    back = m.group(1) in ("last", "past", "previous", "过去", "過去", "之前", "上", "前", "最近", "近")
    return (_shift(ref, -n, unit), ref) if back else (ref, _shift(ref, n, unit))


@convention("next-n-quarters", "next N quarters, 未來兩個季度: the N quarters after the reported (else current) quarter")
def _next_quarters(text, ref, iv, grain):
    t = text.lower()
    m = (re.fullmatch(rf"(?:the )?(?:next|coming|upcoming|following) {_N_EN} quarters?", t)
         or re.fullmatch(rf"{_N_EN} (?:next|coming|upcoming|following) quarters?", t))
    if not m or _n(m.group(1)) < 2:
        return None
    q0 = dt.date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1)  # no reported quarter: the current one
    return q0 + relativedelta(months=3), q0 + relativedelta(months=3 * (_n(m.group(1)) + 1), days=-1)


@convention("weekday-of-named-week", "下週三, 這週一: that weekday of the Monday..Sunday week named (下週 = next week)")
def _weekday_of_week(text, ref, iv, grain):
    m = re.fullmatch(r"(下|这|這|本|今个|今個|上)(?:个|個)?(?:周|週|星期|礼拜|禮拜)([一二三四五六日天])", text)
    if not m:
        return None
    k = {"下": 1, "上": -1}.get(m.group(1), 0)
    d = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=7 * k + "一二三四五六日".index(m.group(2).replace("天", "日")))
    return d, d


@convention("n-units-later", "in N units / N units from now / N年後, and N units ago / N年前: the single day ref ± N")
def _later(text, ref, iv, grain):
    t = text.lower()
    m = (re.fullmatch(rf"(?:in|within)? ?{_N_EN} {_U_EN}( from now| hence| later| ago)?", t)
         or re.fullmatch(rf"{_N_ZH}{_U_ZH}(后|後|以后|以後|之后|之後|前|以前|之前)", t))
    if not m or (t.startswith("within")) or (m.group(3) is None and not t.startswith("in ")):
        return None
    n, unit = _n(m.group(1)), UNIT[m.group(2)]
    back = m.group(3) in (" ago", "前", "以前", "之前")
    d = _shift(ref, -n if back else n, unit)
    return d, d


@convention("within-n-units", "within N units / N年內: ref .. ref + N units")
def _within(text, ref, iv, grain):
    t = text.lower()
    m = (re.fullmatch(rf"within {_N_EN} {_U_EN}", t) or re.fullmatch(rf"{_N_ZH}{_U_ZH}(内|內|之内|之內|以内|以內)", t))
    if not m:
        return None
    return ref, _shift(ref, _n(m.group(1)), UNIT[m.group(2)])


@convention("month-without-year", "a month (or a day of a month) named without a year: the reported, else current, year")
def _month_no_year(text, ref, iv, grain):
    if iv[0].year == ref.year or iv[0].year != iv[1].year or iv[0].month != iv[1].month:
        return None  # already the current year, or not within one month
    t = text.lower()
    if any(int(n) > 31 for n in re.findall(r"\d+", t)):
        return None  # a year written out ("31-Oct-74")
    if re.search(r"\d{4}|'\d\d|\b(next|last|after|following|this|year|ago|from now|in \w+ (month|week|day)s?)\b"
                 r"|年|下|上|\d+/\d+/\d+"
                 r"|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|星期|周|週|礼拜|禮拜", t):
        return None
    if not re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d+/\d+|[一二三四五六七八九十\d]+月", t):
        return None
    return iv[0].replace(year=ref.year), iv[1].replace(year=ref.year)


@convention("by-x", "by X / through X / 到X: ref .. the end of X")
def _by(text, ref, iv, grain):
    return None  # applied to open intervals ("through 2014"), see convert()


def apply_conventions(row: dict, ref: dt.date, iv, grain: str) -> None:
    for name, _, fn in CONVENTIONS:
        got = fn(row["text"], ref, iv, grain)
        if got is not None:
            new = tuple(d.isoformat() if d else None for d in got)
            if new != (row["start"], row["end"]):
                row["start"], row["end"], row["convention"] = *new, name
            return


# ---------------------------------------------------------------- conversion

def convert(hs: str, lang: str):
    rows, skipped = [], collections.Counter()
    for section, expr, strings in read_examples(hs):
        ref = DIFF_REF if section == "diffCorpus" else REF
        for text in strings:
            row = {"text": text, "ref": ref.isoformat(), "fiscal_year_end": "12-31", "period": None,
                   "lang": lang, "start": None, "end": None, "section": section}
            if expr is None:
                rows.append(row | {"duckling": "negative"})
                continue
            kind, tuples, grain, direction = parse_value(expr)
            row["duckling"] = f"{kind} {' '.join('-'.join(map(str, t[:3])) for t in tuples)} {grain}" + (
                f" {direction}" if direction else "")
            got = duckling_interval(kind, tuples, grain, direction)
            if isinstance(got, str):
                # "through 2014" / "by the end of 2014": HORIZONS.md's ref .. end of X
                if (got == "open interval" and direction == "Before"
                        and re.match(r"(through|by|until|till|到|直到)\s*", text, re.I)):
                    end = grain_interval(tuples[0], grain)[1]  # the end of X itself
                    rows.append(row | {"start": ref.isoformat(), "end": end.isoformat(), "convention": "by-x"})
                    continue
                skipped[got] += 1
                continue
            row["start"], row["end"] = got[0].isoformat(), got[1].isoformat()
            row["tol_days"] = 0
            apply_conventions(row, ref, got, grain)
            if row.get("convention") in ("rolling-window", "n-units-later", "within-n-units"):
                row["tol_days"] = 1  # HORIZONS.md: one day for within / next N / in N / N ago
            rows.append(row)
    return rows, skipped


def _read(args, lang: str) -> str:
    path = getattr(args, lang)
    if path:
        return Path(path).read_text(encoding="utf-8")
    return subprocess.run(["git", f"--git-dir={args.git_dir}", "show", f"{args.rev}:{PATHS[lang]}"],
                          check=True, capture_output=True, text=True).stdout


def _ok(row: dict, got: dict | None) -> bool:
    """score_horizons.py's rule for one row and one interval."""
    tol = row.get("tol_days", 0)
    if row["start"] is None and row["end"] is None:
        return got is None or (not got.get("start") and not got.get("end"))
    if not got or not got.get("start") or not got.get("end"):
        return False
    gs, ge = dt.date.fromisoformat(got["start"]), dt.date.fromisoformat(got["end"])
    return (abs((gs - dt.date.fromisoformat(row["start"])).days) <= tol
            and abs((ge - dt.date.fromisoformat(row["end"])).days) <= tol)


def score(files: list[str], cmd: str, show: int) -> None:
    """The shared scorer's rule, broken down by Duckling section, grain and convention."""
    for f in files:
        rows = [json.loads(line) for line in open(f, encoding="utf-8") if line.strip()]
        inp = "".join(json.dumps({k: r.get(k) for k in ("text", "ref", "fiscal_year_end", "period", "lang")},
                                 ensure_ascii=False) + "\n" for r in rows)
        outs = [json.loads(line) for line in subprocess.run(
            shlex.split(cmd), input=inp, capture_output=True, text=True, check=True).stdout.splitlines()]
        by = collections.defaultdict(lambda: [0, 0])
        misses = []
        for r, o in zip(rows, outs):
            back = r["end"] is not None and r["end"] <= r["ref"] and (r["start"] or r["end"]) < r["ref"]
            good = _ok(r, o.get("horizon")) or (back and any(_ok(r, e) for e in o.get("expressions") or []))
            words = r["duckling"].split()
            grain = next((w for w in words if w in GRAINS), "negative")
            holiday = "holiday" if "Holiday" in words[0] else "not a holiday"
            for key in ("all", f"section {r['section']}", f"grain {grain}", holiday,
                        "HORIZONS.md convention" if r.get("convention") else "Duckling's answer",
                        "looks back" if back else "not back"):
                by[key][0] += good
                by[key][1] += 1
            if not good:
                misses.append((r, o.get("horizon")))
        print(f"{f}")
        for key, (g, n) in sorted(by.items(), key=lambda kv: (kv[0] != "all", kv[0])):
            print(f"  {key:32s} {g:4d}/{n:<4d} = {g / n:.3f}")
        for r, h in misses[:show]:
            print(f"   {r['text']!r} [{r['section']}] want {r['start']}..{r['end']} "
                  f"got {(h or {}).get('start')}..{(h or {}).get('end')}  ({r['duckling']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--git-dir", default="/work/.mirror/facebook+duckling/repo")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--en", help="Corpus.hs file instead of the git directory")
    ap.add_argument("--zh", help="Corpus.hs file instead of the git directory")
    ap.add_argument("--out", default=str(ROOT / "tests" / "data"))
    ap.add_argument("--score", nargs="*", metavar="ROWS", help="score these rows files (default: the two written) "
                    "by section, grain and convention instead of converting")
    ap.add_argument("--cmd", default=f"{ROOT / '.venv' / 'bin' / 'claims'} horizon --batch -")
    ap.add_argument("--show", type=int, default=0, help="misses to print with --score")
    args = ap.parse_args()
    if args.score is not None:
        score(args.score or [str(Path(args.out) / f"horizons_duckling_{x}.jsonl") for x in ("en", "zh")],
              args.cmd, args.show)
        return
    for lang in ("en", "zh"):
        rows, skipped = convert(_read(args, lang), lang)
        out = Path(args.out) / f"horizons_duckling_{lang}.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        conv = collections.Counter(r.get("convention") for r in rows if r.get("convention"))
        print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {len(rows)} rows "
              f"({sum(conv.values())} set by a HORIZONS.md convention: {dict(conv)}); "
              f"left out {sum(skipped.values())}: {dict(skipped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
