"""Chinese time expressions as decks, digests and headlines write them: a year without 年 glued to
the words after it, a span of months with one 月, "later this year" — and the amounts that look like
them but are not times."""
from __future__ import annotations

import datetime as dt

import pytest

from claims.horizon import normalise

REF = dt.date(2024, 8, 29)


def _h(text: str):
    h = normalise(text, REF, lang="zh").horizon
    return None if h is None else (str(h.start), str(h.end))


@pytest.mark.parametrize("text", ["2026AI機櫃出貨倍數以上成長", "2026 AI營收占比超過30%", "預計2027營收成長"])
def test_a_year_without_nian_before_words_is_that_year(text):
    year = next(t for t in ("2026", "2027") if t in text)
    assert _h(text) == (f"{year}-01-01", f"{year}-12-31")


@pytest.mark.parametrize("text", ["营收2026万元", "出货2026台", "ISO 2026認證", "型号X2026上市"])
def test_a_four_digit_amount_or_code_is_no_year(text):
    assert _h(text) is None


def test_a_span_of_months_written_with_one_yue_covers_every_month():
    assert _h("9-11月全球产量计划同比下降6.5%") == ("2024-09-01", "2024-11-30")
    assert _h("2025年3至5月交付") == ("2025-03-01", "2025-05-31")


def test_later_this_year_runs_from_the_statement_to_the_year_end():
    assert _h("将于今年晚些时候向客户提供") == ("2024-08-29", "2024-12-31")
    assert _h("今年稍後推出") == ("2024-08-29", "2024-12-31")


def test_later_next_year_is_next_year_and_later_alone_is_no_date():
    assert _h("明年晚些时候上市") == ("2025-01-01", "2025-12-31")
    assert _h("晚些时候推出") is None


@pytest.mark.parametrize("text, end", [("目前訂單能見度達年底", "2024-12-31"), ("訂單能見度直達明年上半年", "2025-06-30"),
                                       ("能見度直達明年第一季", "2025-03-31")])
def test_visibility_reaching_a_time_runs_from_now_to_its_end(text, end):
    assert _h(text) == (str(REF), end)


def test_a_name_ending_in_da_before_a_month_is_no_deadline():
    assert _h("大家可以期待輝達10月舉行的GTC大會") == ("2024-10-01", "2024-10-31")


def test_visibility_of_a_duration_is_the_window_from_now():
    assert _h("目前訂單能見度約三個月") == (str(REF), "2024-11-29")


def test_two_periods_said_together_span_both():
    assert _h("今年與明年上半年整體供給增加有限") == ("2024-01-01", "2025-06-30")
    assert _h("今年和明年营收都会增长") == ("2024-01-01", "2025-12-31")
