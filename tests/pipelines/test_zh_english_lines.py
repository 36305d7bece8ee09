"""zh_english_lines: the English lines of a Chinese call are read by the English pipeline; their
claims carry the Chinese turn's speaker, one span per subtitle line, and an analyst's English line
gives none. The call is our own."""
import datetime as dt

import pytest

from pipelines import build_nlp, rules_only
from pipelines.constants import CLAIMS, EXT_CLAIM_INFO, EXT_META
from pipelines.helpers.latin_lines import blanked_outside, english_lines, line_parts

META = {"date": dt.date(2026, 8, 10), "company": None, "company_aliases": [], "fiscal_year_end": "12-31",
        "period": None, "lang": "zh"}
CALL = (
    "主持人：歡迎各位參加本公司2026年第二季法說會，現在請財務長報告。\n\n"
    "王大明：\n"
    "(00:01.000) 接下來跟大家報告第三季的展望\n"
    "(00:03.000) We expect revenue to be\n"
    "(00:05.000) approximately 13 billion dollars\n"
    "(00:09.000) and gross margin will improve to about 48% in the third quarter\n"
    "(00:11.000) 毛利率預計將維持在五成以上\n\n"
    "分析師提問：\n"
    "(00:14.000) Do you expect margins to improve next year and will pricing change\n"
    "(00:16.000) 謝謝\n"
)


def _claims(nlp, text):
    doc = nlp.make_doc(text)
    doc._.set(EXT_META, dict(META))
    doc = nlp(doc)
    return [(s.text, s._.get(EXT_CLAIM_INFO) or {}) for s in doc.spans[CLAIMS]]


@pytest.fixture(scope="module")
def both(nlp_zh):
    return nlp_zh, build_nlp("zh", overrides={"components.zh_english_lines.enabled": False})


def test_english_lines_skip_chinese_lines_and_start_after_the_timestamp():
    text = "(00:01.000) 我們預計\n(00:03.000) We expect revenue to grow\nOK\n"
    lines = english_lines(text)
    assert [text[s:e] for s, e in lines] == ["We expect revenue to grow"]


def test_blanking_keeps_offsets_and_line_breaks():
    text = "中文一行\nWe will grow\n中文\n"
    lines = english_lines(text)
    masked = blanked_outside(text, lines)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert masked.strip() == "We will grow"


def test_a_span_over_three_subtitle_lines_parts_into_one_piece_per_line():
    text = "(00:01.000) We expect revenue\n(00:02.000) to be about\n(00:03.000) 13 billion\n"
    lines = english_lines(text, min_words=1)
    parts = line_parts(text, lines[0][0], lines[-1][1], lines)
    assert [text[a:b] for a, b in parts] == ["We expect revenue", "to be about", "13 billion"]


def test_an_english_guidance_line_is_a_claim_of_the_turns_speaker_with_its_english_time(both):
    with_lines, without = both
    found = _claims(with_lines, CALL)
    english = [(t, i) for t, i in found if i.get("english")]
    assert any("gross margin will improve" in t for t, _ in english)
    assert all(i["speaker"]["name"] == "王大明" for _, i in english)
    assert all("\n" not in t and "(00:" not in t for t, _ in english)
    margin = next(i for t, i in english if "gross margin" in t)
    assert (str(margin["horizon"]["start"]), str(margin["horizon"]["end"])) == ("2026-07-01", "2026-09-30")
    assert not any(i.get("english") for _, i in _claims(without, CALL))


def test_an_analysts_english_question_gives_no_claim(both):
    with_lines, _ = both
    assert not any("pricing" in t for t, _ in _claims(with_lines, CALL))


def test_the_chinese_claims_beside_english_lines_stay(both):
    with_lines, _ = both
    assert any("毛利率預計將維持" in t for t, _ in _claims(with_lines, CALL))


def test_with_every_learned_part_off_the_english_rules_still_read_the_english_lines():
    rules = build_nlp("zh", overrides=rules_only("zh"))
    english = [t for t, i in _claims(rules, CALL) if i.get("english")]
    assert any("gross margin will improve" in t for t in english)
    assert not any("pricing" in t for t in english)
