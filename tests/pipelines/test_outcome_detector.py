"""The outcome detector: what a document reports as having happened, with metric, direction,
figures and period; forecasts are not outcomes. One row per behaviour and language."""
from __future__ import annotations

import datetime as dt

import pytest

from claims.core.models import Period
from pipelines.constants import EXT_META, EXT_OUTCOME, OUTCOMES

REF = dt.date(2026, 1, 28)
Q4 = Period(start=dt.date(2025, 10, 1), end=dt.date(2025, 12, 31), label="2025-Q4")


def outcomes(nlp, text: str, lang: str) -> list[dict]:
    doc = nlp.make_doc(text)
    doc._.set(EXT_META, {"lang": lang, "date": REF, "fiscal_year_end": "12-31", "period": Q4})
    doc = nlp(doc)
    return [dict(s._.get(EXT_OUTCOME), text=text[s._.get(EXT_OUTCOME)["start"]:s._.get(EXT_OUTCOME)["end"]])
            for s in doc.spans[OUTCOMES]]


EN_HEAD = "Jane Roe -- Chief Financial Officer\n\n"
ZH_HEAD = "财务长李四：\n"

# (lang, sentence, metric, direction, first figure)
ROWS = [
    ("en", "Revenue grew 12% to $5.2 billion.", "revenue", "up", 12.0),
    ("en", "Gross margin was 41.5%, down 80 basis points.", "gross margin", "down", 41.5),
    ("en", "Operating expenses were flat year over year.", "expenses", "flat", None),
    ("en", "The new platform launched on schedule in November.", "product", "launched", None),
    ("en", "Server revenue increased slightly and decreased 3% in constant currency.", "revenue", "down", 3.0),
    ("en", "Sequentially, that was up 6% on strong demand.", None, "up", 6.0),
    ("zh", "第四季营收年增15%，达到120亿元。", "revenue", "up", 15.0),
    ("zh", "这部分大概衰退3%。", None, "down", 3.0),
    ("zh", "毛利率为38.2%，较上季下降1.1个百分点。", "gross margin", "down", 38.2),
    ("zh", "新平台已如期上线。", "product", "launched", None),
    ("zh", "新工厂投产推迟到明年第二季。", "product", "delayed", None),
]


@pytest.mark.parametrize("lang,sentence,metric,direction,figure", ROWS, ids=[f"{r[0]}-{r[2]}-{r[3]}-{i}" for i, r in enumerate(ROWS)])
def test_outcome_detector_reads_metric_direction_and_figure(request, lang, sentence, metric, direction, figure):
    nlp = request.getfixturevalue(f"nlp_{lang}")
    found = outcomes(nlp, (EN_HEAD if lang == "en" else ZH_HEAD) + sentence, lang)
    assert len(found) == 1, found
    o = found[0]
    assert o["metric"] == metric and o["direction"] == direction
    assert (o["quantities"][0]["value"] if o["quantities"] else None) == figure
    assert o["text"] in sentence


@pytest.mark.parametrize("lang,sentence", [
    ("en", "We expect revenue to grow 10% next year."),
    ("en", "Next quarter, gross margin should be around 40%."),
    ("zh", "我们预计明年营收将增长20%。"),
    ("zh", "公司计划明年毛利率提升到40%。"),
])
def test_outcome_detector_ignores_forecasts(request, lang, sentence):
    nlp = request.getfixturevalue(f"nlp_{lang}")
    assert outcomes(nlp, (EN_HEAD if lang == "en" else ZH_HEAD) + sentence, lang) == []


def test_outcome_detector_splits_a_sentence_at_each_metric(nlp_en):
    found = outcomes(nlp_en, EN_HEAD + "Revenue rose 8% to $3 billion, and operating margin was 31%.", "en")
    assert [(o["metric"], o["quantities"][0]["value"]) for o in found] == [("revenue", 8.0), ("operating margin", 31.0)]


def test_outcome_period_is_the_named_past_period_else_the_reported_one(nlp_en):
    found = outcomes(nlp_en, EN_HEAD + "Net income was $2 billion in fiscal 2024. Revenue grew 5%.", "en")
    assert found[0]["period"]["end"] == "2024-12-31"
    assert (found[1]["period"]["start"], found[1]["period"]["end"]) == ("2025-10-01", "2025-12-31")


def test_outcome_speaker_is_the_turns_speaker(nlp_en):
    found = outcomes(nlp_en, EN_HEAD + "Revenue grew 12% to $5.2 billion.", "en")
    assert found[0]["speaker"]["name"] == "Jane Roe"


def test_extraction_returns_outcomes_with_offsets_into_the_text(tmp_path):
    from claims.extract import extract_text
    from claims.core.meta import DocMeta

    text = EN_HEAD + "Revenue grew 12% to $5.2 billion. We expect revenue to grow 10% next year."
    meta = DocMeta(lang="en", date=REF, period=Q4)
    result = extract_text(text, meta)
    assert [text[o.start:o.end] for o in result.outcomes] == [o.text for o in result.outcomes]
    assert [o.metric for o in result.outcomes] == ["revenue"]
    assert result.outcomes[0].period.end == dt.date(2025, 12, 31)


def test_outcome_detector_keeps_a_sentence_whole_across_a_line_break(nlp_en):
    """Text extracted from a PDF breaks lines inside sentences: the metric before the break and the
    figure after it are one statement."""
    found = outcomes(nlp_en, EN_HEAD + "Net interest\nmargin was 2.80%, down 1 basis point.", "en")
    assert [(o["metric"], o["direction"], o["quantities"][0]["value"]) for o in found] == [("net interest margin", "down", 2.8)]


def test_outcome_detector_reads_a_table_row_of_figures(nlp_zh):
    found = outcomes(nlp_zh, ZH_HEAD + "營業收入淨額\n846,303\n720,941\n17.4%\n", "zh")
    assert [o["metric"] for o in found] == ["revenue"] and len(found[0]["quantities"]) >= 2


@pytest.mark.parametrize("lang,sentence", [
    ("en", "We have about 1,200 people in Austin."),  # a figure, no metric word, no direction
    ("zh", "量產落地：\n電子電氣架構進入整合測試。"),  # a heading
])
def test_outcome_detector_skips_what_reports_no_result(request, lang, sentence):
    nlp = request.getfixturevalue(f"nlp_{lang}")
    assert outcomes(nlp, (EN_HEAD if lang == "en" else ZH_HEAD) + sentence, lang) == []


def test_outcome_period_is_not_the_comparison_base(nlp_en):
    """"against a prior year": the year compared with ended before the reported period began."""
    found = outcomes(nlp_en, EN_HEAD + "Cloud revenue grew 40%, against a prior year that included accelerating growth.", "en")
    assert (found[0]["period"]["start"], found[0]["period"]["end"]) == ("2025-10-01", "2025-12-31")
