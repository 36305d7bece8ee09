"""zh_clauses and zh_period: clause splitting and the reported quarter."""
import datetime as dt

import pytest

from pipelines.components.zh_clauses import split_clauses
from pipelines.components.zh_period import infer_period
from claims.core.script import to_simplified


@pytest.mark.parametrize("text,clauses", [
    ("供應鏈需兩年才能緩解,未來三年仍將緊張,我認為,泡沫不存在。", ["供應鏈需兩年才能緩解", "未來三年仍將緊張", "我認為", "泡沫不存在"]),
    ("新平台“蓝山财富+”下个月就会上线。", ["新平台“蓝山财富+”下个月就会上线"]),
    ("這個季度(九月季度,即旺季)會是高點;明年會回落", ["這個季度(九月季度,即旺季)會是高點", "明年會回落"]),
    ("產能將從每年 1,000 公噸提高至 6,229 公噸,明年投產", ["產能將從每年 1,000 公噸提高至 6,229 公噸", "明年投產"]),
    ("第1,2季度會增長,12,3456", ["第1", "2季度會增長", "12", "3456"]),
])
def test_clauses_split_on_punctuation_not_inside_names_brackets_or_digit_groups(text, clauses):
    nt = to_simplified(text)
    assert [text[s:e] for s, e, _ in split_clauses(nt, 0, len(nt))] == clauses


def test_clauses_sentence_numbers_follow_full_stops():
    nt = to_simplified("明年會增長,毛利率穩定。後年會放緩。")
    assert [n for _, _, n in split_clauses(nt, 0, len(nt))] == [0, 0, 1]


@pytest.mark.parametrize("text,fye,ref,start,end", [
    ("阿里發布2026財年第二季度財報", "03-31", dt.date(2025, 11, 25), dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    ("這個季度(九月季度)會是高點", "03-31", dt.date(2025, 11, 25), dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    ("公司公布截至3月31日止的季度業績", "09-30", dt.date(2026, 5, 7), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
])
def test_period_inferred_from_text(text, fye, ref, start, end):
    p = infer_period(to_simplified(text), fye, ref)
    assert p is not None and (p.start, p.end) == (start, end)


def test_period_none_without_a_quarter():
    assert infer_period(to_simplified("公司明年將推出新車"), "12-31", dt.date(2025, 1, 1)) is None


def test_clauses_never_start_with_a_speech_to_text_timestamp():
    text = "(04:45.260) 那這方面的話應該在今年下半年開始\n(04:48.520) 就會陸續有一些服務專案\n[00:01:23] 我們預計明年會成長\n"
    got = [text[s:e] for s, e, _ in split_clauses(text, 0, len(text))]
    assert got == ["那這方面的話應該在今年下半年開始", "就會陸續有一些服務專案", "我們預計明年會成長"]


@pytest.mark.parametrize("text,clause", [
    ("展望\nn3Q26 AI伺服器營收季增", "3Q26 AI伺服器營收季增"),        # a Wingdings ■ read as "n"
    ("展望\n• 2026年資本支出上修", "2026年資本支出上修"),
])
def test_a_list_lines_bullet_is_not_part_of_its_clause(text, clause):
    nt = to_simplified(text)
    assert clause in [text[s:e] for s, e, _ in split_clauses(nt, 0, len(nt))]


def test_a_bullet_glued_to_a_word_is_a_token_of_its_own_and_ordinary_words_stay_whole():
    from pipelines import build_nlp

    doc = build_nlp("zh").make_doc("展望\nn3Q26AI機櫃出貨\nnormal text")
    words = [t.text for t in doc]
    assert words[words.index("\n") + 1] == "n" and "normal" in words
