"""End to end through claims.extract.extract_text: our own texts, and the shared seed transcript
scored with the scorer's own score_doc (skipped when ../shared is absent)."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json

import pytest

from claims.extract import extract_text
from claims.core.meta import DocMeta

NEWS = (
    "11月20日訊,星河汽車發布第三季度財報。星河汽車CEO周明遠表示,明年交付量預計將增長40%,"
    "海外市場會成為新的增長點。他提到,公司將在2026年推出三款新車。\n"
    "財報顯示,第三季度營收同比增長了25%。\n"
    "提問：價格戰是否會持續？\n"
    "周明遠：我們認為價格戰不會持續到明年下半年。我們的目標是三年內海外銷量佔比達到30%。\n"
    "我们预计明年交付量将增长40%。\n"
)


def _extract(text, **kw):
    meta = DocMeta(lang="zh", date=dt.date(2025, 11, 20), company=kw.get("company"), fiscal_year_end="12-31")
    return extract_text(text, meta)


def test_extract_zh_finds_executive_claims_not_narration_or_questions():
    res = _extract(NEWS)
    texts = [m.text for m in res.claims]
    assert any("交付量預計將增長40%" in t for t in texts)
    assert any("三款新車" in t for t in texts)
    assert not any("價格戰是否" in t for t in texts)
    assert not any("營收同比增長" in t for t in texts)
    for m in res.claims:
        assert NEWS[m.start:m.end] == m.text
        assert m.speaker is not None and m.speaker.name == "周明遠"


def test_extract_zh_negation_horizon_and_role():
    res = _extract(NEWS)
    war = next(m for m in res.claims if "價格戰不會" in m.text)
    assert war.negated and war.horizon is not None and war.horizon.end == dt.date(2026, 12, 31)
    sp = {s.name: s for s in res.doc.speakers}
    assert sp["周明遠"].role == "CEO"
    assert "周明远" in sp["周明遠"].aliases


def test_extract_zh_restatement_shares_claim_id_across_scripts():
    res = _extract(NEWS)
    grow = [m for m in res.claims if "交付量" in m.text and "40%" in m.text]
    assert len(grow) == 2
    assert grow[0].claim_id == grow[1].claim_id
    others = {m.claim_id for m in res.claims if m not in grow}
    assert grow[0].claim_id not in others


def _scorer():
    from tests.conftest import SHARED

    path = SHARED / "tools" / "score_claims.py"
    spec = importlib.util.spec_from_file_location("score_claims", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_extract_zh_seed_meets_scorer_targets(seed_dir):
    from claims.extract import extract_file

    meta = json.loads((seed_dir / "meta.json").read_text(encoding="utf-8"))
    res, _ = extract_file(seed_dir / "text.txt", lang="zh", date=meta["date"], company=meta["company"],
                          fiscal_year_end=meta["fiscal_year_end"], period=meta.get("period_quarter"))
    r = _scorer().score_doc(seed_dir, json.loads(res.model_dump_json()))
    assert r["bad_offsets"] == 0 and r["negatives_hit"] == 0
    assert r["found_required"] / r["required"] >= 0.95
    # 0.85 before the learned gate (stop 10): it adds clauses the rules passed over, and on this
    # report costs precision (0.93 -> 0.83) while every held-out real set gains F1 (`make eval`)
    assert r["matched"] / r["predicted"] >= 0.80
    assert r["speaker_ok"] / r["found_required"] >= 0.95
    assert r["horizon_ok"] / r["horizon_scored"] >= 0.95
    assert r["negation_ok"] == r["found_required"]
    assert r["clusters_merged"] == r["clusters"] and r["clusters_distinct"]
    assert r["span_tightness_sum"] / r["matched"] >= 0.7
    assert r["entities_found"] / r["entities_gold"] >= 0.9


def _cand(key, speaker="甲", negated=False, end=None, start=None, values=()):
    h = {"text": "t", "start": start, "end": end} if end else None
    return {"dedup_key": key, "speaker": {"name": speaker}, "negated": negated, "horizon": h,
            "quantities": [{"value": v} for v in values]}


@pytest.mark.parametrize("a,b,same", [
    (_cand(["ai", "资源", "shortage"]), _cand(["ai", "资源", "处于", "shortage"]), True),
    (_cand(["供应链", "扩产", "relieve"], end="2028-11-25", start="2027-11-25"),
     _cand(["relieve"], end="2028-11-25", start="2027-11-25"), True),
    (_cand(["营收", "61", "亿元"], end="2025-12-31", values=(6.1e9, 6.4e9)),
     _cand(["区间", "61", "亿到"], end="2025-12-31", values=(6.1e9, 6.4e9)), True),
    (_cand(["ai", "资源", "shortage"]), _cand(["ai", "需求", "仍具"]), False),
    (_cand(["ai", "泡沫", "存在"], negated=True), _cand(["ai", "泡沫", "存在"]), False),
    (_cand(["销量", "increase"], speaker="甲"), _cand(["销量", "increase"], speaker="乙"), False),
    (_cand(["营收", "增长"], end="2025-12-31"), _cand(["营收", "增长"], end="2028-11-25"), False),
    (_cand(["营收", "达到"], values=(5e9,)), _cand(["营收", "达到"], values=(6e9,)), False),
])
def test_dedup_same_claim_rules(a, b, same):
    from claims.dedup import same_claim

    assert same_claim(a, b) is same


def test_dedup_cluster_never_chains_different_claims():
    from claims.dedup import cluster_mentions

    a = _cand(["甲", "乙", "丙", "丁"])
    b = _cand(["甲", "乙", "丙", "戊", "己", "庚"])
    c = _cand(["戊", "己", "庚", "辛"])
    ids = cluster_mentions([a, b, c])
    assert not (ids[0] == ids[2])


def test_dedup_speaker_names_compared_across_scripts():
    from claims.dedup import cluster_mentions

    ids = cluster_mentions([_cand(["净息差", "企稳"], speaker="韓嘉明"), _cand(["净息差", "企稳"], speaker="韩嘉明")])
    assert ids[0] == ids[1]


HK_NEWS = (
    "騰訊控股周三公布第三季業績。騰訊總裁劉熾平在業績會上表示，公司明年會繼續加大在AI方面的投入。"
    "他又指出，遊戲業務「下季度將迎來多款新品上線」，預計增長會加快。\n"
    "首席財務官羅碩瀚稱，公司暫時沒有大型併購計劃。\n"
    "記者注意到，有分析師預期，騰訊明年收入增長有望達到一成。\n"
    "Q: 請問管理層如何看待小遊戲的發展？\n"
    "A: 劉熾平：我們認為小遊戲在未來兩年仍然有很大的增長空間，但增速可能放緩。\n"
)


def test_extract_zh_traditional_news_with_q_and_a_labels():
    meta = DocMeta(lang="zh", date=dt.date(2025, 11, 12), company="騰訊控股", fiscal_year_end="12-31")
    res = extract_text(HK_NEWS, meta)
    by_text = {m.text: m for m in res.claims}
    nq = next(m for t, m in by_text.items() if "下季度將迎來多款新品上線" in t)
    assert nq.speaker.name == "劉熾平"
    assert nq.horizon is not None and nq.horizon.end == dt.date(2025, 12, 31)  # quarter after 第三季
    small = next(m for t, m in by_text.items() if "小遊戲" in t)
    assert small.speaker.name == "劉熾平" and small.horizon.end == dt.date(2027, 11, 12)
    assert any(m.negated and "併購" in m.text and m.speaker.name == "羅碩瀚" for m in res.claims)
    assert not any("一成" in m.text for m in res.claims)  # the analysts' view reported by the journalist
    hedged = next(m for t, m in by_text.items() if "可能放緩" in t)
    assert hedged.confidence < nq.confidence


def test_extract_zh_a_hypotheticals_outcome_is_no_claim_but_a_concessive_keeps_its_statement():
    text = ("11月20日訊,星河汽車CEO周明遠表示,假如審批延遲,對明年收入的影響都很有限。"
            "他指出,即使需求放緩,明年毛利率也可以維持在20%以上。\n")
    texts = [m.text for m in _extract(text).claims]
    assert not any("對明年收入的影響" in t for t in texts), texts
    assert any("明年毛利率也可以維持在20%以上" in t for t in texts), texts


def test_extract_zh_a_with_clause_in_traditional_script_frames_the_forecast_after_it():
    """隨著 stays 隨著 under OpenCC (著 is also simplified); the cue lexicons see 随着."""
    text = "11月20日訊,星河汽車CEO周明遠表示,隨著新車型放量,我們預計明年交付量將增長三成。\n"
    texts = [m.text for m in _extract(text).claims]
    assert texts and not any(t.startswith("隨著") for t in texts), texts
    assert any("明年交付量將增長三成" in t for t in texts), texts



def test_extract_zh_a_purpose_clause_belongs_to_the_plan_before_it():
    text = "11月20日訊,星河汽車CEO周明遠表示,公司會在未來18個月內新增12個服務中心,以支持海外的售後需求。\n"
    claims = _extract(text).claims
    assert not any(m.text.startswith("以") for m in claims), [m.text for m in claims]
    assert any("新增12個服務中心" in m.text and m.text.endswith("以支持海外的售後需求") for m in claims), [m.text for m in claims]


def test_extract_zh_an_open_ended_future_time_keeps_the_claim_with_no_deadline():
    """「需求…且會持續到 2026 年底以後」: a time with no end is no horizon (ANNOTATION.md), yet the
    clause still speaks of the future."""
    text = "周明遠：NAND 需求已經長期超過供應，且會持續到 2026 年底以後。\n"
    res = _extract(text)
    got = [m for m in res.claims if "2026 年底以後" in m.text]
    assert got and got[0].horizon is None, [(m.text, m.horizon) for m in res.claims]
