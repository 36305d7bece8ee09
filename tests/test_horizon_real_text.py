"""Time expressions as real call transcripts and reports word them (the fifth blind set: 200 clauses
cut from the real corpus's documents; the sixth to ninth: 193, 180, 185 and 180 from public
reports, news, minutes and transcripts outside it;
gold written from HORIZONS.md by someone who had not seen the rules), one behaviour per test."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims.core.fiscal import parse_period
from claims.core.models import Period
from claims.horizon import normalise

D = dt.date.fromisoformat
ROOT = Path(__file__).resolve().parent.parent
BLIND5 = ROOT / "tests" / "data" / "horizons_blind5.jsonl"
BLIND6 = ROOT / "tests" / "data" / "horizons_blind6.jsonl"
BLIND7 = ROOT / "tests" / "data" / "horizons_blind7.jsonl"
BLIND8 = ROOT / "tests" / "data" / "horizons_blind8.jsonl"
BLIND9 = ROOT / "tests" / "data" / "horizons_blind9.jsonl"
BLIND10 = ROOT / "tests" / "data" / "horizons_blind10.jsonl"
SCORER = ROOT.parent / "shared" / "tools" / "score_horizons.py"


def _h(text: str, ref: str, lang: str, fye: str = "12-31", period: Period | None = None):
    h = normalise(text, D(ref), lang=lang, fiscal_year_end=fye, period=period).horizon
    return None if h is None else (str(h.start), str(h.end))


def _fiscal(label: str, fye: str) -> Period:
    s, e, lab = parse_period(label, fye)
    return Period(start=s, end=e, label=lab)


def _scores_at_least(path: Path, rows_at_least: int, floor: int) -> None:
    """A blind set holds real rows of both languages, and the shared scorer counts at least `floor` right."""
    rows = [json.loads(r) for r in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= rows_at_least and {r["lang"] for r in rows} == {"zh", "en"}
    good, out = _rows_right(path)
    assert good >= floor, out


def _rows_right(path: Path) -> tuple[int, str]:
    """(rows the shared scorer counts right, its output) for one set through the real CLI."""
    out = subprocess.run([sys.executable, str(SCORER), str(path), "--cmd", f"{sys.executable} -m claims horizon --batch -"],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("horizon_accuracy="))
    return int(line.split("(")[1].split("/")[0]), out


@pytest.mark.parametrize("text, want", [
    ("預計將於 2026Q4 進行首次發射", ("2026-10-01", "2026-12-31")),
    ("我們預計在2028的Q2推出", ("2028-04-01", "2028-06-30")),
    ("营收2026 Q1将增长", ("2026-01-01", "2026-03-31")),
])
def test_a_year_run_into_its_quarter_names_that_quarter(text, want):
    assert _h(text, "2025-08-10", "zh") == want


@pytest.mark.parametrize("text", ["我们的目标是实现每月10亿活跃用户", "计划未来数月正式上线", "月活跃用户将继续增长"])
def test_a_bare_month_character_is_no_month(text):
    assert _h(text, "2024-07-15", "zh") is None


def test_a_year_before_a_word_opened_by_nei_is_that_year_not_within_it():
    assert _h("预计今年内容投资将回到增长", "2024-01-23", "zh") == ("2024-01-01", "2024-12-31")
    assert _h("预计今年内完成交割", "2024-01-23", "zh") == ("2024-01-23", "2024-12-31")


@pytest.mark.parametrize("text, lang", [
    ("预计第二季度发货", "zh"),
    ("we expect Q2 revenue of $1.2 billion", "en"),
])
def test_a_bare_quarter_is_fiscal_when_the_call_reports_a_fiscal_quarter(text, lang):
    # a January year end: fiscal Q2 of FY2025 runs May to July 2024
    assert _h(text, "2024-05-22", lang, "01-31", _fiscal("FY2025-Q1", "01-31")) == ("2024-05-01", "2024-07-31")
    # the same period given as a calendar quarter keeps the calendar reading
    assert _h(text, "2024-05-22", lang, "01-31", _fiscal("2024-Q1", "01-31")) == ("2024-04-01", "2024-06-30")


def test_later_in_the_current_year_runs_from_the_statement_to_its_end():
    assert _h("people will need a fourth shot later in 2022", "2022-03-16", "en") == ("2022-03-16", "2022-12-31")
    assert _h("the plant opens later in 2023", "2022-03-16", "en") == ("2023-01-01", "2023-12-31")


def test_a_year_after_following_is_a_starting_point_not_the_deadline():
    text = "Following 2019, we expect capital spending to return to 5% of revenue by 2022."
    assert _h(text, "2019-02-15", "en") == ("2019-02-15", "2022-12-31")


def test_a_year_before_full_year_is_that_year():
    assert _h("with our 2021 full year capex totaling approximately $800 million", "2022-01-24", "en") is None
    assert _h("we expect full year revenue growth of 5%", "2022-01-24", "en") == ("2022-01-01", "2022-12-31")
    # "fiscal 2026 full year" is one time, that fiscal year, not "fiscal 2026" and then the current year
    assert _h("We are raising our fiscal 2026 full year guidance", "2025-12-18", "en", "08-29") == ("2025-08-30", "2026-08-29")


@pytest.mark.parametrize("text, want", [
    ("a tax rate of 27% for the three months ended October 31, 2023", ("2023-08-01", "2023-10-31")),
    ("revenue for the quarter ending March 31, 2024 of $5 billion", ("2024-01-01", "2024-03-31")),
    ("for the six months ending June 30, 2024", ("2024-01-01", "2024-06-30")),
])
def test_months_ending_on_a_day_span_the_months_before_it(text, want):
    assert _h(text, "2023-08-30", "en") == want


def test_a_filler_between_by_and_its_year_keeps_the_deadline():
    assert _h("$15 per share by uh 2029", "2024-10-01", "en") == ("2024-10-01", "2029-12-31")


def test_the_fifth_blind_set_is_real_text_from_both_languages():
    rows = [json.loads(r) for r in BLIND5.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200
    assert {r["lang"] for r in rows} == {"zh", "en"}
    assert sum(r["start"] is None for r in rows) >= 20


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_horizons.py not present")
def test_the_fifth_blind_set_scores_at_least_its_floor():
    """First score 170/200 (172 once the fiscal companies' periods were given as FY labels, as the
    CLI contract reads them); 196, then 198 once a fiscal speaker's "Q1'24" and quarters of a named
    year near the statement were read fiscally. The two left: a machine-translated half
    ("第二半的2026年") and a clause whose H2 is only its outlook's subject."""
    good, out = _rows_right(BLIND5)
    assert good >= 198, out


def test_over_n_years_is_a_span_from_the_statement_but_year_over_year_is_none():
    assert _h("savings of $1 billion over three years", "2025-11-25", "en") == ("2025-11-25", "2028-11-25")
    assert _h("revenue grew 9% year over year", "2025-11-25", "en") is None
    assert _h("over 3 years ago we started", "2025-11-25", "en") is None


def test_the_current_quarter_is_the_one_the_speaker_is_in():
    period = _fiscal("FY2025-Q4", "09-30")
    assert _h("sales will drive growth in the current quarter", "2025-10-30", "en", "09-30", period) == \
        ("2025-10-01", "2025-12-31")


def test_the_ongoing_fiscal_year_and_a_calendar_year_of_a_fiscal_company():
    assert _h("revenue of $600 million for the ongoing fiscal year", "2025-10-30", "en", "09-30") == \
        ("2025-10-01", "2026-09-30")
    assert _h("supply for the entire calendar year of 2026 is sold out", "2025-12-17", "en", "08-31") == \
        ("2026-01-01", "2026-12-31")


def test_a_weekday_the_news_was_said_on_is_not_the_deadline():
    assert _h("Orsted said late Wednesday it expects 50 GW by 2030", "2023-06-07", "en") == ("2023-06-07", "2030-12-31")


def test_a_year_ending_in_february_ends_on_the_29th_in_a_leap_year():
    assert _h("an adjusted loss for fiscal 2025", "2024-09-26", "en", "02-28") == ("2024-03-01", "2025-02-28")


@pytest.mark.parametrize("text, ref, want", [
    ("預期106年整體營運可望穩健成長", "2017-04-27", ("2017-01-01", "2017-12-31")),
    ("民國115年第一季營收將成長", "2025-11-12", ("2026-01-01", "2026-03-31")),
    ("公司已有100年的歷史", "2025-11-12", None),  # a count of years far from the statement's is no Minguo year
])
def test_a_minguo_year_is_read_in_taiwans_calendar(text, ref, want):
    assert _h(text, ref, "zh") == want


def test_an_ordinal_range_of_quarters_is_those_quarters_not_a_count_of_them():
    assert _h("現在還不知是第3～4季度實現", "2025-08-07", "zh") == ("2025-07-01", "2025-12-31")
    assert _h("未来3到4个季度", "2025-08-07", "zh") == ("2026-05-07", "2026-08-07")


def test_the_statements_own_day_opening_a_report_is_a_dateline():
    text = "11月18日，集团总裁在业绩电话会上透露，汽车业务预计将于本周完成全年交付目标"
    assert _h(text, "2025-11-18", "zh") == ("2025-11-17", "2025-11-23")


@pytest.mark.parametrize("text, lang, want", [
    ("若今年第1季表現和去年第3季差不多，今年上半年表現就會不錯", "zh", ("2016-01-01", "2016-06-30")),
    ("If demand recovers in the first quarter, we expect margins of 40% in 2016", "en", ("2016-01-01", "2016-12-31")),
])
def test_a_time_inside_a_condition_does_not_govern_the_forecast(text, lang, want):
    assert _h(text, "2016-01-15", lang) == want


def test_months_through_a_past_month_look_back():
    assert _h("For the three months through August, revenue was $150 million", "2024-09-26", "en") is None


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_horizons.py not present")
def test_the_sixth_blind_set_scores_at_least_its_floor():
    """Clauses from reports and transcripts the project never held. First score 171/193; 182 now. Most
    of the rest are times a clause describes as present or past without a past-tense cue a rule can
    see ("下半年出貨較淡", "laid off … in February")."""
    _scores_at_least(BLIND6, 190, 184)


@pytest.mark.parametrize("text, want", [
    ("Shares fell 6.7% to a two-year low on Tuesday after the results", None),   # said on a Tuesday: that day
    ("Nestle revealed on Thursday its plan to cut jobs over the next two years", ("2025-11-04", "2027-11-04")),
    ("The company will report results on Thursday", ("2025-11-06", "2025-11-06")),
])
def test_a_bare_weekday_in_a_sentence_told_in_the_past_is_the_day_just_gone(text, want):
    assert _h(text, "2025-11-04", "en") == want  # a Tuesday


def test_this_quarter_in_a_forecast_after_the_reported_quarter_closed_is_the_current_one():
    period = parse_period("2025-Q2", "12-31")
    p = Period(start=period[0], end=period[1], label=period[2])
    assert _h("雖匯率走升影響毛利，本季營收仍可望季增6%至8%", "2025-07-31", "zh", period=p) == ("2025-07-01", "2025-09-30")
    assert _h("its current-quarter revenue estimate is above consensus", "2025-07-31", "en", period=p) == \
        ("2025-07-01", "2025-09-30")


def test_a_month_after_or_takes_the_year_of_the_month_before_it():
    assert _h("YU7將于2025年6月或7月正式上市", "2024-12-27", "zh") == ("2025-06-01", "2025-07-31")


def test_starting_in_a_quarter_without_cong_is_when_it_starts():
    assert _h("預計今年第1季開始生產", "2026-01-20", "zh") == ("2026-01-01", "2026-03-31")
    assert _h("從今年第1季開始生產", "2026-01-20", "zh") is None  # a since-phrase: already under way


def test_a_year_run_into_its_ordinal_quarter_names_that_quarter():
    assert _h("預期2026第一季筆電出貨量將會面臨淡季效應", "2025-12-09", "zh") == ("2026-01-01", "2026-03-31")


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_horizons.py not present")
def test_the_seventh_blind_set_scores_at_least_its_floor():
    """News on results (wire stories, Taiwanese 法說會 reports, 财联社-style items) the project never
    held. First score 157/180; 170 now."""
    _scores_at_least(BLIND7, 175, 172)


@pytest.mark.parametrize("text", ["we anticipate the recovery will continue throughout the year",
                                  "margins should improve over the course of the year"])
def test_throughout_the_year_is_the_whole_year(text):
    assert _h(text, "2025-02-13", "en", period=_fiscal("2024-Q4", "12-31")) == ("2025-01-01", "2025-12-31")


def test_the_low_end_of_a_years_guidance_is_an_edge_of_a_range_not_a_time():
    assert _h("we raise the low end of our fiscal year revenue guidance", "2025-09-03", "en", "01-31") is None
    assert _h("by the end of our fiscal year we will have doubled capacity", "2025-09-03", "en", "01-31") == \
        ("2025-09-03", "2026-01-31")


def test_the_half_of_the_calendar_year_is_calendar_for_a_fiscal_speaker():
    p = _fiscal("FY2026-Q3", "06-30")
    assert _h("we expect growth to accelerate in the second half of the calendar year", "2026-04-29", "en", "06-30",
              p) == ("2026-07-01", "2026-12-31")
    assert _h("we expect growth to accelerate in the second half", "2026-04-29", "en", "06-30", p) == \
        ("2026-01-01", "2026-06-30")  # the fiscal half


def test_a_change_from_one_years_figure_to_anothers_ends_in_the_later_year():
    assert _h("it expected to increase its spending from about $5 billion in 2016 to more than $6 billion in 2017",
              "2016-04-18", "en") == ("2017-01-01", "2017-12-31")


def test_a_weekday_before_a_past_verb_is_when_it_was_said():
    assert _h("Chief Executive Elon Musk on Wednesday promised investors that the car maker will start making money "
              "this year", "2016-02-10", "en") == ("2016-01-01", "2016-12-31")


@pytest.mark.parametrize("text, want", [
    ("二八年可能是六亿美金", ("2028-01-01", "2028-12-31")),
    ("我们判断可能在三零年的时候，家庭机器人会普及", ("2030-01-01", "2030-12-31")),
    ("未来三五年会翻倍", ("2029-07-24", "2031-07-24")),  # three to five years, not 2035
    ("三五年后会盈利", ("2029-07-24", "2031-07-24")),
])
def test_a_year_said_digit_by_digit_is_that_year_but_a_span_of_years_stays_a_span(text, want):
    assert _h(text, "2026-07-24", "zh") == want


@pytest.mark.parametrize("text", ["每年下半年是我们整个销售的旺季", "历年第四季度都是旺季"])
def test_a_period_that_comes_every_year_is_no_horizon(text):
    assert _h(text, "2021-08-27", "zh") is None


def test_a_time_in_the_clause_that_says_what_will_happen_governs_one_describing_the_present():
    assert _h("Q2 2026 合約價格仍大幅上漲，壓力將延伸至 2027 至 2028 年", "2026-05-26", "zh") == ("2026-05-26", "2028-12-31")
    assert _h("明年，我们会在第三季度推出新品", "2026-05-26", "zh") == ("2027-01-01", "2027-12-31")  # a frame keeps its place


@pytest.mark.parametrize("text, lang, want", [
    ("明年，我们会在第三季度推出新品", "zh", ("2027-07-01", "2027-09-30")),
    ("In 2027, we expect Q3 to be the strongest quarter", "en", ("2027-07-01", "2027-09-30")),
])
def test_a_quarter_without_a_year_after_a_year_in_the_same_sentence_is_that_years(text, lang, want):
    h = normalise(text, D("2026-05-26"), lang=lang).expressions[-1].horizon
    assert (str(h.start), str(h.end)) == want


def test_a_quarter_after_a_year_naming_a_thing_keeps_its_own_year():
    h = normalise("We expect to finalize the 2027 operating budget in late November", D("2026-10-05"),
                  lang="en").expressions[-1].horizon
    assert (str(h.start), str(h.end)) == ("2026-11-21", "2026-11-30")


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_horizons.py not present")
def test_the_eighth_blind_set_scores_at_least_its_floor():
    """Call transcripts of fiscal-year companies, 2016 wire stories, results-meeting minutes and
    Taiwanese posts the project never held. First score 154/185."""
    _scores_at_least(BLIND8, 180, 158)


@pytest.mark.parametrize("text, want", [
    ("I would like to see quarter 4 playing out", ("2025-01-01", "2025-03-31")),
    ("margins were a quarter 4 points higher", None),
])
def test_quarter_and_a_number_names_that_quarter(text, want):
    assert _h(text, "2025-01-31", "en", "03-31", _fiscal("FY2025-Q3", "03-31")) == want


def test_a_month_with_an_apostrophe_year_is_that_years():
    assert _h("by June '26, we should be completing the project", "2025-01-29", "en") == ("2025-01-29", "2026-06-30")


def test_ending_the_year_is_by_the_end_of_the_speakers_fiscal_year():
    assert _h("we should definitely end the year within that range", "2025-02-11", "en", "03-31",
              _fiscal("FY2025-Q3", "03-31")) == ("2025-02-11", "2025-03-31")


@pytest.mark.parametrize("text, lang", [
    ("We are likely to achieve a 7-8 percent EBITDA margin in Q4 and beyond", "en"),
    ("FSD已達2027年以後的水準", "zh"),
])
def test_a_period_and_everything_after_it_is_open_ended_no_deadline(text, lang):
    assert _h(text, "2025-02-14", lang) is None


def test_by_the_end_of_a_quarter_already_reported_is_next_years():
    p = _fiscal("FY2025-Q3", "03-31")
    assert _h("By the end of Q3, our recalibrated cost model will be ready", "2025-02-11", "en", "03-31", p) == \
        ("2025-02-11", "2025-12-31")
    assert _h("by the end of last quarter we had 40 stores", "2025-02-11", "en", "03-31", p) is None


def test_by_a_range_of_months_runs_from_the_statement_to_the_later_month():
    assert _h("we aim to reach 3,000 charging points by March to April this year", "2025-01-27", "en") == \
        ("2025-01-27", "2025-04-30")


@pytest.mark.parametrize("text, want", [
    ("九建表示，部署今季推出西營盤新盤", ("2025-01-01", "2025-03-31")),
    ("电动化上半场是打好基座，未来将是智能化下半场的换挡提速", None),
])
def test_this_quarter_in_cantonese_and_a_games_second_half(text, want):
    assert _h(text, "2025-02-08", "zh") == want


def test_a_meeting_is_no_future_mark_for_the_clause_that_names_it():
    assert _h("马斯克在一月份的一次财报电话会议上告诉投资者，付费的自动驾驶出租车服务将于今年六月在奥斯汀推出",
              "2025-01-29", "zh") == ("2025-06-01", "2025-06-30")


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_horizons.py not present")
def test_the_ninth_blind_set_scores_at_least_its_floor():
    """Speech-to-text 法說會 calls, Indian calls of a March fiscal year, A-share investor answers, Hong
    Kong and mainland results news. First score 140/180; most of the rest read a range of durations
    ("next 3 to 4 years") from the statement where HORIZONS.md's table starts it at the inner bound."""
    _scores_at_least(BLIND9, 175, 154)


def test_on_after_a_period_is_open_ended_only_after_from():
    p = _fiscal("2025-Q1", "12-31")
    assert _h("net charge-offs could be a touch lower next quarter on the consumer side", "2025-04-15", "en", period=p) == \
        ("2025-04-01", "2025-06-30")
    assert _h("from 2026 on we will grow faster", "2025-04-15", "en") is None


@pytest.mark.parametrize("text, want", [
    ("Leverage is expected to remain around 3.5 times in '22", ("2022-01-01", "2022-12-31")),
    ("we are going to take a firmer position in '23 and '24", ("2023-01-01", "2024-12-31")),
    ("same-store sales grew 22% in '21 and margins 30 bps", None),
])
def test_an_apostrophe_year_after_a_preposition_is_that_year(text, want):
    assert _h(text, "2022-03-01", "en") == want


@pytest.mark.parametrize("text, want", [
    ("there will be startup losses incurred in the third and fourth quarters", ("2021-04-01", "2021-09-30")),
    ("Reinstatement premiums will be charged over the first and second quarters of 2025", ("2025-01-01", "2025-06-30")),
])
def test_two_quarters_named_together_run_from_the_first_to_the_last(text, want):
    assert _h(text, "2021-05-06", "en", "09-30", _fiscal("FY2021-Q2", "09-30")) == want


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_horizons.py not present")
def test_the_tenth_blind_set_scores_at_least_its_floor():
    """Long calls' loose times (Sony, Infosys, Nike, Coty), CEO podcasts in Chinese and English, Taiwan
    news of order visibility, Toyota's fiscal-year forecasts. First score 134/185; of what is left, most
    read "next N or M years" from the statement where HORIZONS.md's table starts it at the inner bound,
    or name a fiscal year by the calendar year it starts in (HORIZONS.md: fiscal year N ends in N)."""
    _scores_at_least(BLIND10, 180, 141)


@pytest.mark.parametrize("text, want", [
    ("So we believe it's going to be a good holiday season.", ("2025-11-01", "2025-12-31")),
    ("The jacket will debut at the Winter Olympics.", None),
    ("maybe 7 years down the line, some of these segments could become meaningful", ("2032-11-06", "2032-11-06")),
])
def test_the_holiday_season_a_season_in_a_name_and_years_down_the_line(text, want):
    assert _h(text, "2025-11-06", "en") == want


@pytest.mark.parametrize("text", [
    "We plan on providing more details of our growth beyond this year at our Investor Day.",
    "we will keep growing beyond 2027",
])
def test_beyond_a_period_sets_no_deadline(text):
    assert _h(text, "2026-01-28", "en") is None
