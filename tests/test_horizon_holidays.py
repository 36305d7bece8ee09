"""Holidays as horizons: the date rules of pipelines/data/base/holidays.yaml, the words of both
languages, and how a named holiday is placed in time (the next one, unless a year says otherwise)."""
from __future__ import annotations

import datetime as dt

import pytest

from claims.horizon import normalise
from claims.horizon.holidays import HOLIDAY_PREFIX, holiday, holiday_id, upcoming
from claims.core.errors import DataFileError
from claims.horizon.holidays import load_holidays
from claims.horizon.lexicon import load_time_lexicon

REF = dt.date(2025, 11, 20)


@pytest.mark.parametrize("name, year, want", [
    ("thanksgiving_us", 2025, dt.date(2025, 11, 27)),  # fourth Thursday
    ("thanksgiving_us", 2026, dt.date(2026, 11, 26)),
    ("black_friday", 2025, dt.date(2025, 11, 28)),
    ("cyber_monday", 2025, dt.date(2025, 12, 1)),  # offset across a month end
    ("memorial_day_us", 2025, dt.date(2025, 5, 26)),  # last Monday
    ("memorial_day_us", 2026, dt.date(2026, 5, 25)),
    ("labor_day_us", 2026, dt.date(2026, 9, 7)),  # first Monday
    ("easter", 2025, dt.date(2025, 4, 20)),
    ("easter", 2026, dt.date(2026, 4, 5)),
    ("easter", 2038, dt.date(2038, 4, 25)),  # the latest possible date
    ("spring_festival", 2025, dt.date(2025, 1, 29)),
    ("spring_festival", 2026, dt.date(2026, 2, 17)),
    ("mid_autumn", 2026, dt.date(2026, 9, 25)),
    ("christmas", 2030, dt.date(2030, 12, 25)),
])
def test_holiday_dates_follow_their_rules(name, year, want):
    assert holiday(name, year)[0] == want


def test_a_multi_day_holiday_spans_its_days():
    assert holiday("golden_week_cn", 2026) == (dt.date(2026, 10, 1), dt.date(2026, 10, 7))


def test_lunar_festival_outside_its_table_is_unknown_not_guessed():
    assert holiday("spring_festival", 1950) is None
    assert holiday("no_such_holiday", 2026) is None


def test_a_holiday_without_a_year_is_the_next_one_not_yet_over():
    assert upcoming("christmas", dt.date(2025, 12, 25)) == (dt.date(2025, 12, 25),) * 2
    assert upcoming("christmas", dt.date(2025, 12, 26)) == (dt.date(2026, 12, 25),) * 2


def test_every_holiday_word_in_both_languages_names_a_holiday_with_dates():
    known = load_holidays()
    for lang in ("zh", "en"):
        for key in load_time_lexicon(lang):
            if key.startswith(HOLIDAY_PREFIX) and key != "HOLIDAY_SUFFIX":
                assert holiday_id(key) in known, (lang, key)
                # tables of lunar-calendar festivals cover the years their source covers
                assert any(holiday(holiday_id(key), y) is not None for y in (2030, 2025, 2018)), key


def test_holiday_file_with_two_rules_for_one_holiday_is_rejected(tmp_path, monkeypatch):
    bad = tmp_path / "holidays.yaml"
    bad.write_text('x: {fixed: "12-25", easter: true}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="exactly one"):
        load_holidays(bad)


@pytest.mark.parametrize("text, start, end, kind", [
    ("We expect to ship before Christmas", REF, dt.date(2025, 12, 25), "by"),
    ("by Thanksgiving the new stores will be open", REF, dt.date(2025, 11, 27), "by"),
    ("Christmas 2026 should be our biggest season", dt.date(2026, 12, 25), dt.date(2026, 12, 25), "period"),
    ("next Christmas", dt.date(2026, 12, 25), dt.date(2026, 12, 25), "period"),
    ("ahead of Lunar New Year", REF, dt.date(2026, 2, 17), "by"),
    ("春节前完成交付", REF, dt.date(2026, 2, 17), "by"),
    ("預計明年春節前完成交付", REF, dt.date(2026, 2, 17), "by"),
    ("2027年中秋节推出新品", dt.date(2027, 9, 15), dt.date(2027, 9, 15), "period"),
    ("預計雙十一期間銷量翻倍", dt.date(2026, 11, 11), dt.date(2026, 11, 11), "period"),
    ("十一黄金周客流将创新高", dt.date(2026, 10, 1), dt.date(2026, 10, 7), "period"),
])
def test_holiday_horizons(text, start, end, kind):
    h = normalise(text, REF).horizon
    assert (h.start, h.end, h.kind) == (start, end, kind)


@pytest.mark.parametrize("text", ["营收618亿元", "第五一二号文件", "今年双十一销量创新高"])
def test_numbers_and_past_holidays_are_not_horizons(text):
    assert normalise(text, REF).horizon is None
