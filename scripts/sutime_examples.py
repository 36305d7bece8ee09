#!/usr/bin/env python3
"""Turn SUTime's English test examples (stanfordnlp/CoreNLP, GPL) into rows for score_horizons.py.

    python scripts/sutime_examples.py [--git-dir /work/.mirror/stanfordnlp+CoreNLP/repo] [--rev HEAD]
        [--java FILE] [--out tests/data/horizons_sutime_en.jsonl]

Reads `itest/src/edu/stanford/nlp/time/SUTimeITest.java` and takes the expected TIMEX3 values
that SUTime's tests check *with a document date* (the `expectedTimexesResolved` lists of the
block tests, `testResolve1`, the generated last/this/next/this coming x 35 expressions x 3
reference dates of `testResolve2`, and the absolute seasons of `testSeasons`). One row per expected
TIMEX3: `text` is the TIMEX3's own words, `ref` the document date, and the value becomes an
inclusive interval:

    YYYY-MM-DD -> that day; YYYY-Www -> Monday..Sunday; YYYY-Www-WE -> Saturday..Sunday;
    YYYY-MM / YYYY-Qn / YYYY-Hn / YYYY -> the whole period; YYYX -> the decade, YYXX -> the century;
    YYYY-SP/SU/FA/WI -> the meteorological season (HORIZONS: spring = Mar-May ... winter = Dec of
    YYYY .. Feb of YYYY+1); A/B (a range value) -> A .. B.

Kept: type DATE with a fully resolved value. Left out and counted: TIME (times of day), DURATION
(durations without anchor), SET (frequencies), values still holding X beyond a decade/century,
values with a mod (EARLY/LATE/...: SUTime gives no interval for them), eras (years before 1000),
and expressions whose value is a temporal function left unresolved (alt_value only).

Rows carry `section` (the test method), `sutime` (SUTime's expected value) and, where HORIZONS.md
deliberately reads the words another way, `convention` with HORIZONS.md's answer; the conventions
are those of scripts/duckling_corpus.py (the same functions are applied), plus one reading of
docs/horizons.md where HORIZONS.md is silent (`weekday-next-to-come`, see project_reading()).

Only the examples (test data) are taken from CoreNLP; none of its code.
"""
from __future__ import annotations

import argparse
import calendar
import collections
import datetime as dt
import html
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
PATH = "itest/src/edu/stanford/nlp/time/SUTimeITest.java"
SEASONS_REF = dt.date(2010, 2, 17)  # testSeasons has no document date; its values are absolute

_spec = importlib.util.spec_from_file_location("duckling_corpus", ROOT / "scripts" / "duckling_corpus.py")
duckling_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(duckling_corpus)

# ---------------------------------------------------------------- reading the Java test class

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/', re.S)
_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')


def strip_comments(java: str) -> str:
    return _TOKENS.sub(lambda m: m.group(0) if m.group(0).startswith('"') else " ", java)


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def methods(java: str) -> dict[str, str]:
    """Test method name -> body (comments removed)."""
    java = strip_comments(java)
    heads = list(re.finditer(r"public void (test\w+)\s*\(\s*\)[^{]*\{", java))
    return {m.group(1): java[m.end():(heads[i + 1].start() if i + 1 < len(heads) else len(java))]
            for i, m in enumerate(heads)}


def _block(body: str, start: int, open_: str = "{", close: str = "}") -> str:
    depth, i = 0, body.index(open_, start)
    j = i
    while j < len(body):
        c = body[j]
        if c == '"':
            j = _STR.match(body, j).end()
            continue
        depth += (c == open_) - (c == close)
        if depth == 0:
            return body[i:j + 1]
        j += 1
    raise ValueError("unbalanced")


def string_array(body: str, name: str):
    """A Java String[] or String[][] initialiser -> list (of lists) of strings."""
    m = re.search(rf"String(\[\])+\s+{name}\s*=", body)
    blk = _block(body, m.end())
    if m.group(0).count("[]") == 1:
        return [_unescape(s) for s in _STR.findall(blk)]
    inner = blk[1:-1]
    out, pos = [], 0
    while "{" in inner[pos:]:
        b = _block(inner, pos)
        out.append([_unescape(s) for s in _STR.findall(b)])
        pos = inner.index(b, pos) + len(b)
    return out


_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_timex(xml: str) -> dict:
    m = re.match(r"<TIMEX3\s+([^>]*)>(.*)</TIMEX3>", xml, re.S)
    attrs = dict(_ATTR.findall(m.group(1)))
    attrs["text"] = html.unescape(m.group(2))
    return attrs


def _ref(s: str | None) -> dt.date | None:
    digits = re.sub(r"\D", "", (s or "").split("T")[0])
    return dt.datetime.strptime(digits, "%Y%m%d").date() if len(digits) == 8 else None


def read_examples(java: str):
    """Yield (section, ref date or None, SUTime's ref string, timex attrs)."""
    for name, body in methods(java).items():
        lists = [(m.group(1), _block(body, m.end(), "(", ")"))
                 for m in re.finditer(r"Iterator<Timex>\s+(expectedTimexesResolved\w*)\s*=\s*Arrays\.asList", body)]
        refs = re.findall(r'createDocument\(testText,\s*"([^"]*)"\)', body)
        if lists and refs:  # block tests: the n-th document with a date is checked with the n-th list
            for (lname, blk), ref in zip(lists, refs):
                for xml in _STR.findall(" ".join(re.findall(r"Timex\.fromXml\((\"(?:[^\"\\]|\\.)*\")\)", blk))):
                    yield name, _ref(ref), ref, parse_timex(_unescape(xml))
        elif name == "testResolve1":
            for ref, xml in zip(string_array(body, "refTimes"), string_array(body, "expectedTimexStrsResolved")):
                yield name, _ref(ref), ref, parse_timex(xml)
        elif name == "testResolve2":
            ref_times, mods, exprs = (string_array(body, n) for n in ("refTimes", "refModifiers", "refExprs"))
            all_names = re.search(r"expectedValuesAll\s*=\s*\{([^}]*)\}", body).group(1).split(",")
            tables = [string_array(body, n.strip()) for n in all_names]
            for j, mod in enumerate(mods):
                for i, ref in enumerate(ref_times):
                    for k, expr in enumerate(exprs):
                        v = tables[j][i][k]
                        attrs = dict(_ATTR.findall(v)) if "=" in v else {"value": v}
                        yield name, _ref(ref), ref, attrs | {"type": "DATE", "text": f"{mod} {expr}"}
        elif name == "testSeasons":
            mods, seasons, years = (string_array(body, n) for n in ("refModifiers", "refExprs1", "refExprs2"))
            codes, ys = string_array(body, "expected1"), string_array(body, "expected2")
            for mod in mods:
                for s, code in zip(seasons, codes):
                    for y, yv in zip(years, ys):
                        for text in (f"{mod}{s} {y}", f"{mod}{s} of {y}", f"{mod}{y} {s}"):
                            yield name, SEASONS_REF, None, {"type": "DATE", "value": f"{yv}-{code}", "text": text}


# ---------------------------------------------------------------- TIMEX3 value -> interval

def _last_day(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


SEASON = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def value_interval(v: str):
    """(start, end, grain) or a reason the value is out of scope."""
    if "/" in v:
        a, b = v.split(",")[0].split("/")
        ga, gb = value_interval(a), value_interval(b)
        if isinstance(ga, str) or isinstance(gb, str):
            return ga if isinstance(ga, str) else gb
        return ga[0], gb[1], "Range"
    if v.startswith("-") or re.match(r"0\d", v):
        return "era (BC, or a year before 1000)"
    if "T" in v:
        return "time of day"
    if m := re.fullmatch(r"(\d\d\d)X", v):
        y = int(m.group(1)) * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "Decade"
    if m := re.fullmatch(r"(\d\d)XX", v):
        y = int(m.group(1)) * 100
        return dt.date(y, 1, 1), dt.date(y + 99, 12, 31), "Century"
    if "X" in v:
        return "value not resolved (X)"
    if m := re.fullmatch(r"(\d{4})", v):
        y = int(m.group(1))
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "Year"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
        y, mo = int(m.group(1)), int(m.group(2))
        return dt.date(y, mo, 1), _last_day(y, mo), "Month"
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
        d = dt.date(*map(int, m.groups()))
        return d, d, "Day"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
        s = dt.date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
        return s, s + relativedelta(months=3, days=-1), "Quarter"
    if m := re.fullmatch(r"(\d{4})-H([12])", v):
        s = dt.date(int(m.group(1)), 6 * int(m.group(2)) - 5, 1)
        return s, s + relativedelta(months=6, days=-1), "Half"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v):
        mon = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            return mon + dt.timedelta(days=5), mon + dt.timedelta(days=6), "Weekend"
        return mon, mon + dt.timedelta(days=6), "Week"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
        a, b = SEASON[m.group(2)]
        s = dt.date(int(m.group(1)), a, 1)
        return s, s + relativedelta(months=b - a + 1, days=-1), "Season"
    return f"value not handled ({v})"


# ---------------------------------------------------------------- the project's own readings

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def project_reading(text: str, ref: dt.date):
    """docs/horizons.md's reading where HORIZONS.md is silent and SUTime reads otherwise, as
    (name, start, end), or None. Only "a weekday on its own is the next one to come; said on that
    weekday, it is next week's; "this Tuesday" is today" (SUTime: the weekday of the current week,
    which may be past)."""
    m = re.fullmatch(r"(this )?(%s)" % "|".join(WEEKDAYS), text.strip().lower())
    if not m:
        return None
    ahead = (WEEKDAYS.index(m.group(2)) - ref.weekday()) % 7
    if ahead == 0 and not m.group(1):
        ahead = 7
    d = ref + dt.timedelta(days=ahead)
    return "weekday-next-to-come", d, d


# ---------------------------------------------------------------- conversion

def convert(java: str):
    rows, skipped, seen = [], collections.Counter(), set()
    for section, ref, ref_str, t in read_examples(java):
        typ, value = t.get("type"), t.get("value")
        if typ == "TIME":
            skipped["time of day (TIME)"] += 1
            continue
        if typ == "DURATION":
            skipped["duration without anchor (DURATION)"] += 1
            continue
        if typ == "SET":
            skipped["set / frequency (SET)"] += 1
            continue
        if ref is None:
            skipped["document date not a full date"] += 1
            continue
        if not value:
            skipped["temporal function left unresolved (alt_value only)"] += 1
            continue
        if t.get("mod"):
            skipped[f"value with a modifier (mod={t['mod']})"] += 1
            continue
        got = value_interval(value)
        if isinstance(got, str):
            skipped[got] += 1
            continue
        text = t["text"].strip()
        key = (text.lower(), ref, value)
        if key in seen:  # the same words, date and value twice (testSeasons' two spellings of a year)
            skipped["duplicate"] += 1
            continue
        seen.add(key)
        start, end, grain = got
        row = {"text": text, "ref": ref.isoformat(), "fiscal_year_end": "12-31", "period": None, "lang": "en",
               "start": start.isoformat(), "end": end.isoformat(), "section": section,
               "sutime": value, "tol_days": 0}
        duckling_corpus.apply_conventions(row, ref, (start, end), grain)
        if not row.get("convention") and (own := project_reading(text, ref)):
            if (own[1].isoformat(), own[2].isoformat()) != (row["start"], row["end"]):
                row["start"], row["end"], row["convention"] = own[1].isoformat(), own[2].isoformat(), own[0]
        if row.get("convention") in ("rolling-window", "n-units-later", "within-n-units"):
            row["tol_days"] = 1
        rows.append(row)
    return rows, skipped


def _read(args) -> str:
    if args.java:
        return Path(args.java).read_text(encoding="utf-8")
    return subprocess.run(["git", f"--git-dir={args.git_dir}", "show", f"{args.rev}:{PATH}"],
                          check=True, capture_output=True, text=True).stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--git-dir", default="/work/.mirror/stanfordnlp+CoreNLP/repo")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--java", help="SUTimeITest.java file instead of the git directory")
    ap.add_argument("--out", default=str(ROOT / "tests" / "data" / "horizons_sutime_en.jsonl"))
    args = ap.parse_args()
    rows, skipped = convert(_read(args))
    out = Path(args.out)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    conv = collections.Counter(r.get("convention") for r in rows if r.get("convention"))
    print(f"{out}: {len(rows)} rows ({sum(conv.values())} set by a convention (HORIZONS.md, docs/horizons.md): {dict(conv)}); "
          f"left out {sum(skipped.values())}: {dict(skipped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
