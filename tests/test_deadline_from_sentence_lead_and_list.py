"""A claim with no time of its own takes the time that governs it: the short lead of its written
sentence before the speaker's words ("展望第三季度，X预计…"), or the heading of the numbered list it is
an item of ("全年財測⏎1、營收：…⏎2、手續費收入：…"). A long stretch of a reporter's sentence before the
speaker's words is other statements, whose times are not the claim's."""
from __future__ import annotations

from tests.extraction_helpers import deadline_of


def _deadline(text: str, phrase: str, date: str, period: str):
    return deadline_of(text, phrase, date=date, period=period, company="星河科技")


def test_a_time_leading_the_sentence_before_the_company_name_governs_its_forecast():
    text = "星河科技第二季營收創新高。\n展望第三季度，星河科技预计营收将在 30 亿至 32 亿元之间，同比增长约 20%。\n"
    assert _deadline(text, "营收将在", "2025-08-20", "2025-Q2") == ("2025-07-01", "2025-09-30")


def test_a_time_in_a_long_stretch_before_the_speaker_is_not_the_claims():
    text = ("此外，星河科技参与了海外数据中心的标案，近期已取得订单，产品最快第三季出货，总经理张英华表示，"
            "此案竞争压力很大，星河科技将凭借新品的持续推出，协助客户达成目标。\n")
    assert _deadline(text, "凭借新品", "2025-08-20", "2025-Q2") is None


def test_every_item_of_a_numbered_list_takes_the_time_of_its_heading():
    text = ("星河科技 2026 年 Q1 財報\n\n1、營收：3.08 億美元；年增 +44%\n2、每股盈餘：-0.03 美元\n\n"
            "🔹 全年財測（FY Guide）\n1、營收：約 14 億美元\n2、手續費收入：約 13 億美元\n3、調整後 EBITDA：約 2.94 億美元\n")
    for phrase in ("約 14 億美元", "約 13 億美元", "約 2.94 億美元"):
        assert _deadline(text, phrase, "2026-05-06", "2026-Q1") == ("2026-01-01", "2026-12-31"), phrase


def test_the_year_a_forecast_is_compared_with_is_not_its_own_time():
    # "同比去年" / "優於上半年" name the base of a comparison: the lead's time still governs the forecast
    text = "星河科技第一季營收創新高。\n展望全年，国内需求同比去年会有较大幅度增长。\n展望 2H25，營運將優於上半年。\n"
    assert _deadline(text, "国内需求", "2025-04-20", "2025-Q1") == ("2025-01-01", "2025-12-31")
    assert _deadline(text, "營運將", "2025-04-20", "2025-Q1") == ("2025-07-01", "2025-12-31")
