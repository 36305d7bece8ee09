"""Properties of the horizon normaliser on arbitrary input: it never raises, every interval is
ordered, and every offset points at the expression's own text."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.horizon import find_expressions, normalise
from claims.core.models import Period

# fragments that make the generated text reach the rules instead of being mere noise
FRAGMENTS = ["未來", "三", "年", "內", "後", "兩到", "季度", "下個", "財年", "2027", "FY26", "Q4", "明年", "上半年",
             "年底", "前", "起", "以來", "月", "日", "週", "next", "year", "quarter", "within", "by", "the end of",
             "fiscal", "2H26", "12 to 18 months", "ago", "since", " ", ",", "-", "/", "３", "廿", "二零二七"]

texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=10).map("".join),
)
refs = st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)))
fyes = st.sampled_from(["12-31", "03-31", "06-30", "09-30", "01-31", "02-29", None, "bad"])
langs = st.sampled_from(["auto", "zh", "en"])


@settings(max_examples=200, deadline=None)
@given(text=texts, ref=refs, fye=fyes, lang=langs)
def test_horizon_never_raises_and_intervals_are_ordered(text, ref, fye, lang):
    result = normalise(text, ref, fiscal_year_end=fye, lang=lang)
    h = result.horizon
    if ref is None:
        assert h is None
    if h is not None:
        assert h.start <= h.end
        assert not any(e.past for e in result.expressions if e.horizon == h and e.text == h.text)
    for e in result.expressions:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        if e.horizon is not None:
            assert e.horizon.start <= e.horizon.end


@settings(max_examples=60, deadline=None)
@given(text=texts, ref=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
       q=st.integers(1, 4), year=st.integers(1990, 2099))
def test_horizon_with_a_reported_quarter_never_raises(text, ref, q, year):
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
    exprs = find_expressions(text, ref, period=Period(start=start, end=end))
    assert all(text[e.start:e.end] == e.text for e in exprs)
    assert all(e.start < e.end for e in exprs)
    assert all(a.end <= b.start for a, b in zip(exprs, exprs[1:]))


@pytest.mark.parametrize("text", ["in 1" + " " * 3000 + "years", "未來" + "三" * 3000 + "年", "三" * 3000 + "年後",
                                  "within 2" + "-" * 3000 + "x", "1" * 3000 + " years", "the " * 2000 + "year",
                                  "未來三年 next year 2026年 " * 400])
def test_horizon_long_adversarial_input_stays_fast(text):
    normalise("warm up", dt.date(2025, 1, 1))
    normalise("預熱", dt.date(2025, 1, 1))
    t0 = time.perf_counter()
    normalise(text, dt.date(2025, 11, 25))
    assert time.perf_counter() - t0 < 2.0
