"""A claim's period named without a year ("下半年", "下半财年") is of the reported year (HORIZONS.md);
once that year is over — a fourth-quarter call held in the new year — a forecast for it means the
year the speaker is in. A half still ahead in the reported year keeps that reading."""
from __future__ import annotations

from tests.extraction_helpers import deadline_of


def _deadline(text: str, phrase: str, date: str, period: str, fiscal_year_end: str = "12-31"):
    return deadline_of(text, phrase, date=date, period=period, company="星河科技", fiscal_year_end=fiscal_year_end)


def test_a_fourth_quarter_calls_second_half_is_the_new_years():
    text = "星河科技第四季營收創新高。\n林董事長表示：當然我認為下半年還是會持續成長。\n"
    assert _deadline(text, "下半年還是", "2025-03-10", "2024-Q4") == ("2025-07-01", "2025-12-31")


def test_a_fiscal_fourth_quarter_calls_second_half_is_the_next_fiscal_years():
    text = "星河科技公布第四财季业绩。\n管理层认为，云业务的商业化收入将在下半财年恢复双位数增长。\n"
    assert _deadline(text, "将在下半财年", "2024-05-14", "FY2024-Q4", "03-31") == ("2024-10-01", "2025-03-31")


def test_a_second_half_still_ahead_in_the_reported_year_stays_there():
    text = "星河科技第二季營收創新高。\n林董事長表示：我認為下半年還是會持續成長。\n"
    assert _deadline(text, "下半年還是", "2025-08-10", "2025-Q2") == ("2025-07-01", "2025-12-31")
