"""Issue 14's second round, one row per phrasing (ref 2025-11-25, a Q3 call, calendar fiscal year):
abbreviations, ranges of days and months, exact dates and parts, "May" the month against "may" the
verb, and times that look back (their dates are in `expressions`, never the horizon)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from claims.horizon import normalise

D = dt.date.fromisoformat
R = "2025-11-25"
ROOT = Path(__file__).resolve().parent.parent

# (lang, text, start, end); start/end None = no horizon
ROWS = [
    # abbreviations
    ("en", "We expect a recovery next qtr.", "2026-01-01", "2026-03-31"),
    ("en", "Shipments slip into the 4th qtr of 2026.", "2026-10-01", "2026-12-31"),
    ("en", "Costs should ease next yr.", "2026-01-01", "2026-12-31"),
    ("en", "We will close the deal by EOY.", "2025-11-25", "2025-12-31"),
    ("en", "Pricing resets at EOY 2025.", "2025-09-01", "2025-12-31"),
    ("en", "Deliveries ramp in 4Q26.", "2026-10-01", "2026-12-31"),
    ("en", "Deliveries ramp in 26q4.", "2026-10-01", "2026-12-31"),
    ("en", "Deliveries ramp in 2026Q4.", "2026-10-01", "2026-12-31"),
    ("en", "Margins improve in 1H26.", "2026-01-01", "2026-06-30"),
    ("en", "We see the plant running by FY-end.", "2025-11-25", "2025-12-31"),
    ("en", "The boy said it would rain.", None, None),
    # ranges of days and months
    ("en", "The conference runs December 13-15.", "2025-12-13", "2025-12-15"),
    ("en", "The roadshow is from the 13th to the 15th of December.", "2025-12-13", "2025-12-15"),
    ("en", "Trials run Dec 27th - 29th.", "2025-12-27", "2025-12-29"),
    ("en", "The offer runs 23rd to 26th Oct 2026.", "2026-10-23", "2026-10-26"),
    ("en", "Sales peak December to January.", "2025-12-01", "2026-01-31"),
    ("zh", "促銷期為十二月一號至一月一號", "2025-12-01", "2026-01-01"),
    ("zh", "旺季在十二月至一月", "2025-12-01", "2026-01-31"),
    # exact dates and parts
    ("en", "The product ships march 3 2026.", "2026-03-03", "2026-03-03"),
    ("en", "Completion is due 3/2026.", "2026-03-01", "2026-03-31"),
    ("en", "The note matures 2026-10.", "2026-10-01", "2026-10-31"),
    ("en", "Payment is due the third day of December.", "2025-12-03", "2025-12-03"),
    ("en", "The option lapses the last day of October 2026.", "2026-10-31", "2026-10-31"),
    ("en", "We will know more at the beginning of next year.", "2026-01-01", "2026-03-31"),
    ("en", "The fleet arrives March in a year.", "2026-03-01", "2026-03-31"),
    ("zh", "後三個月訂單飽滿", "2025-11-25", "2026-02-25"),
    ("zh", "这一年收入會翻倍", "2025-01-01", "2025-12-31"),
    ("zh", "落后三年的產能", None, None),
    # "May" the month, "may" the verb
    ("en", "Deliveries start in May 2026.", "2026-05-01", "2026-05-31"),
    ("en", "Deliveries start may 3rd 2026.", "2026-05-03", "2026-05-03"),
    ("en", "Prices may 3 times over.", None, None),
    ("en", "The product may march 3 steps ahead.", None, None),
]


@pytest.mark.parametrize("lang,text,start,end", ROWS, ids=[r[1][:40] for r in ROWS])
def test_horizon_round2_table(lang, text, start, end):
    h = normalise(text, D(R), lang=lang).horizon
    if start is None:
        assert h is None, h
    else:
        assert h is not None and (str(h.start), str(h.end)) == (start, end), h


@pytest.mark.parametrize("lang,text,start,end", [
    ("en", "Sales fell over the last 2 weeks.", "2025-11-11", "2025-11-25"),
    ("en", "Revenue grew last yr.", "2024-01-01", "2024-12-31"),
    ("zh", "上兩個月銷量下滑", "2025-09-25", "2025-11-25"),
    ("zh", "兩天前公佈了業績", "2025-11-23", "2025-11-23"),
    # a month without a year is the current one, here already past
    ("en", "The conference ran July 13-15.", "2025-07-13", "2025-07-15"),
    ("en", "Deliveries started in May.", "2025-05-01", "2025-05-31"),
    ("en", "Deliveries started may 3rd.", "2025-05-03", "2025-05-03"),
    ("en", "We knew more at the beginning of the year.", "2025-01-01", "2025-03-31"),
])
def test_horizon_a_past_time_keeps_its_dates_in_expressions(lang, text, start, end):
    result = normalise(text, D(R), lang=lang)
    assert result.horizon is None
    assert [(e["start"], e["end"], e["status"]) for e in result.expressions_json()] == [(start, end, "past")]


def test_horizon_expressions_json_marks_the_horizon_and_the_rest():
    got = normalise("Since last year we have grown; next year we expect 10% more.", D(R)).expressions_json()
    assert [(e["text"], e["status"]) for e in got] == [("Since last year", "past"), ("next year", "horizon")]
    assert got[1]["offsets"] == [31, 40] and (got[1]["start"], got[1]["end"]) == ("2026-01-01", "2026-12-31")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_duckling_corpus_rows_are_well_formed(lang):
    """The converted Duckling rows (scripts/duckling_corpus.py) load, say where they come from, and
    mark every row HORIZONS.md overrides with the name of its convention."""
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / f"horizons_duckling_{lang}.jsonl").open(encoding="utf-8")]
    assert len(rows) > 400
    for r in rows:
        assert r["lang"] == lang and r["section"] and r["duckling"]
        assert (r["start"] is None) == (r["end"] is None)
        assert r.get("convention") in (None, "rolling-window", "n-units-later", "within-n-units",
                                       "month-without-year", "by-x", "vague", "next-n-quarters",
                                       "weekday-of-named-week")
