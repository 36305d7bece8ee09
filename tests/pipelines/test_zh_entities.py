"""zh_entities (+ the tokenizer's protected names): entity texts and labels on our own texts."""
import pytest


def _ents(nlp, text, company=None, aliases=()):
    doc = nlp.make_doc(text)
    doc._.meta = {"lang": "zh", "date": None, "company": company, "company_aliases": list(aliases),
                  "fiscal_year_end": "12-31", "period": None}
    doc = nlp(doc)
    return {(s.text, s.label_) for s in doc.spans["entities"]}


@pytest.mark.parametrize("text,entity", [
    ("首席財務官周蔓在會上給出了指引。", ("周蔓", "PERSON")),
    ("比亚迪董事长王传福表示,明年将扩大出口。", ("王传福", "PERSON")),
    ("分析師 張浩然（恒昇證券）：請問毛利率會改善嗎？\n", ("恒昇證券", "ORG")),
    ("分析师(华鼎证券 罗一鸣): 请问息差走势?\n", ("罗一鸣", "PERSON")),
    ("新作《山海行》將於明年上線。", ("山海行", "PRODUCT")),
    ("新平台“蓝山财富”下个月上线。", ("蓝山财富", "PRODUCT")),
    ("S系列車主下個月可以升級。", ("S系列", "PRODUCT")),
    ("淘寶閃購的訂單份額穩定增長。", ("淘寶閃購", "PRODUCT")),
    ("盈利增长主要来自腾讯云。", ("腾讯云", "PRODUCT")),
])
def test_entities_found_with_exact_text(nlp_zh, text, entity):
    assert entity in _ents(nlp_zh, text)


def test_entities_company_subsidiary_from_metadata(nlp_zh):
    ents = _ents(nlp_zh, "負責海外發行的啟明國際總裁孫立峰表示,明年會開設迪拜辦公室。", company="啟明遊戲", aliases=["啟明"])
    assert ("啟明國際", "ORG") in ents
    assert ("孫立峰", "PERSON") in ents


def test_entities_offsets_point_into_original_text(nlp_zh):
    text = "阿里集團CEO吳泳銘表示,盒馬和高德將加強協同。"
    doc = nlp_zh(text)
    for s in doc.spans["entities"]:
        assert text[s.start_char:s.end_char] == s.text


@pytest.mark.parametrize("text,expected", [
    ("問：我是國信證券的韓子墨，想問一下明年的資本開支。\n", {("國信證券", "ORG"), ("韓子墨", "PERSON")}),
    ("问：我是东方资本的许嘉，关于出口想再问一下。\n", {("东方资本", "ORG"), ("许嘉", "PERSON")}),
    ("統一投顧 葉柏均：\n請問明年的價格策略？\n", {("統一投顧", "ORG"), ("葉柏均", "PERSON")}),
    ("北辰证券 何雨桐:\n想了解一下海外的节奏。\n", {("北辰证券", "ORG"), ("何雨桐", "PERSON")}),
])
def test_entities_analyst_firm_and_name_from_introductions_and_turn_labels(nlp_zh, text, expected):
    assert expected <= _ents(nlp_zh, text)


def test_entities_turn_label_without_a_firm_ending_is_not_an_org(nlp_zh):
    ents = _ents(nlp_zh, "今天天氣 很好：\n我們明年會擴產。\n")
    assert not any(label == "ORG" for _, label in ents)
