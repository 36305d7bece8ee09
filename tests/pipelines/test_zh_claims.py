"""zh_claims + claim_horizon: which clauses are claims, with kind, negation, confidence and horizon.

Our own sentences (carmaker, bank, game company), simplified and traditional."""
import datetime as dt

import pytest

REF = dt.date(2025, 11, 20)


def _claims(nlp, text):
    doc = nlp.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    return nlp(doc)._.claim_candidates


@pytest.mark.parametrize("text,expected", [
    ("李斌：我們預計明年交付量將增長五成。\n", "我們預計明年交付量將增長五成"),
    ("李斌：我们预计明年交付量将增长五成。\n", "我们预计明年交付量将增长五成"),
    ("王良：我們力爭在三年內把不良率降到1%以下。\n", "我們力爭在三年內把不良率降到1%以下"),
    ("丁磊：新游戏可能会推迟到明年上线。\n", "新游戏可能会推迟到明年上线"),
])
def test_claims_forward_statements_found(nlp_zh, text, expected):
    assert [c["text"] for c in _claims(nlp_zh, text)] == [expected]


@pytest.mark.parametrize("text", [
    "問：你們是否預計明年價格戰會加劇？\n",
    "李斌：上季度交付量同比增長了30%。\n",
    "記者了解到,該公司明年將推出新車。\n",
    "李斌：如果需求不足,\n",
    "王良：你們作為分析師也可能注意到這一點。\n",
])
def test_claims_questions_past_narration_rejected(nlp_zh, text):
    assert _claims(nlp_zh, text) == []


def test_claims_one_sentence_several_claims_with_own_horizons(nlp_zh):
    text = "丁磊：新工作室需要兩到三年才能成熟,未來三年海外收入仍將快速增長,我認為,手遊市場一年內不會萎縮。\n"
    cl = _claims(nlp_zh, text)
    assert len(cl) == 3, [c["text"] for c in cl]
    ends = [c["horizon"]["end"] if c["horizon"] else None for c in cl]
    assert ends == ["2028-11-20", "2028-11-20", "2026-11-20"]
    assert [c["negated"] for c in cl] == [False, False, True]


@pytest.mark.parametrize("text,kind", [
    ("王良：我們的目標是明年把成本收入比控制在30%以內。\n", "target"),
    ("王良：我行下個季度的營收預計會增長5%。\n", "guidance"),
    ("李斌：我們會進一步加大研發投入。\n", "plan"),
    ("李斌：電池價格將繼續下降。\n", "prediction"),
])
def test_claims_kind(nlp_zh, text, kind):
    cl = _claims(nlp_zh, text)
    assert cl and cl[0]["kind"] == kind, cl


@pytest.mark.parametrize("text,negated", [
    ("李斌：價格戰不會持續到明年。\n", True),
    ("李斌：這並非公司將要調整的方向。\n", True),
    ("李斌：需求不太可能在明年放緩。\n", True),
    ("李斌：新車型將不斷推出。\n", False),
])
def test_claims_negation(nlp_zh, text, negated):
    cl = _claims(nlp_zh, text)
    assert cl and cl[0]["negated"] is negated, cl


def test_claims_confidence_follows_hedges_and_boosters(nlp_zh):
    sure = _claims(nlp_zh, "李斌：明年銷量肯定會增長。\n")[0]["confidence"]
    plain = _claims(nlp_zh, "李斌：明年銷量會增長。\n")[0]["confidence"]
    hedged = _claims(nlp_zh, "李斌：明年銷量可能會增長。\n")[0]["confidence"]
    assert sure > plain > hedged


def test_claims_belief_frame_carries_horizon(nlp_zh):
    cl = _claims(nlp_zh, "王良：我們認為在未來兩年,資產質量仍然是穩定的。\n")
    assert len(cl) == 1 and cl[0]["horizon"]["end"] == "2027-11-20"


def test_claims_since_frame_is_not_a_horizon(nlp_zh):
    cl = _claims(nlp_zh, "李斌：從今年下半年起,芯片普遍缺貨,明年產能將會翻倍。\n")
    assert [c["text"] for c in cl] == ["明年產能將會翻倍"]
