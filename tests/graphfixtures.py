"""A small two-company, three-call ledger shared by the graph, linking, review and report tests.

Names, companies and statements are made up (the registry's Alibaba people are used only because the
registry links 吳泳銘 / 吴泳铭 / Eddie Wu, which is what alias-aware queries must follow).
"""
from __future__ import annotations

from tests.claimfactory import claim_id, doc, extraction, mention

from claims.ledger import Ledger

ALI = "阿里巴巴集團"
D1, D2, D3, D4 = "call-2025q3-zh", "call-2025q4-zh", "call-2026q1-en", "other-co-en"

CAPEX = "未來三年投入3800億元建設雲和AI基礎設施"
RETAIL = "預計下個季度即時零售的投入會顯著收縮"
USERS = "明年淘寶的活躍用戶數將繼續增長"
CAPEX_AGAIN = "未來三年我们会投入3800亿元用于云和AI基础设施"
CAPEX_REVISED = "之前的3800億可能偏小了"
EN_CLOUD = "We expect cloud revenue growth to stay above 30% next year"
OTHER = "We plan to open 40 new stores by the end of 2026"


def build(ledger: Ledger, *, link: bool = True) -> dict[str, str]:
    """Ingest the calls; returns {name: claim id}."""
    e1 = extraction(
        doc(D1, lang="zh", date="2025-11-25", company=ALI),
        mention(D1, CAPEX, speaker="吳泳銘", org=ALI, role="CEO", start="2025-11-25", end="2028-11-25",
                horizon_text="未來三年", kind="plan", confidence=0.9, topics=["ai-capex", "cloud"],
                quantities=[("3800億元", 3.8e11, "CNY")], claim_key="capex"),
        mention(D1, "未來三年會投入3800億元在AI基礎設施", speaker="吳泳銘", org=ALI, end="2028-11-25",
                horizon_text="未來三年", kind="plan", confidence=0.9, topics=["ai-capex", "cloud"],
                quantities=[("3800億元", 3.8e11, "CNY")], claim_key="capex", offset=200),
        mention(D1, RETAIL, speaker="吴泳铭", org=ALI, start="2025-10-01", end="2025-12-31", horizon_text="下個季度",
                confidence=0.7, topics=["instant-retail"], offset=400),
        mention(D1, USERS, speaker="蔣凡", org=ALI, role="CEO", start="2026-01-01", end="2026-12-31",
                horizon_text="明年", confidence=0.5, topics=["ecommerce"], offset=600),
    )
    e2 = extraction(
        doc(D2, lang="zh", date="2026-02-20", company=ALI),
        mention(D2, CAPEX_AGAIN, speaker="吳泳銘", org=ALI, start="2026-02-20", end="2029-02-20",
                horizon_text="未来三年", kind="plan", confidence=0.9, topics=["ai-capex"],
                quantities=[("3800亿元", 3.8e11, "CNY")]),
        mention(D2, CAPEX_REVISED, speaker="吳泳銘", org=ALI, confidence=0.6, topics=["ai-capex"],
                quantities=[("3800億", 3.8e11, "CNY")], offset=300),
    )
    e3 = extraction(
        doc(D3, lang="en", date="2026-05-15", company="Alibaba"),
        mention(D3, EN_CLOUD, speaker="Eddie Wu", org="Alibaba Group", start="2027-01-01", end="2027-12-31",
                horizon_text="next year", confidence=0.3, topics=["cloud"]),
    )
    e4 = extraction(
        doc(D4, lang="en", date="2025-12-01", company="Harborline Retail"),
        mention(D4, OTHER, speaker="Maya Ortiz", org="Harborline Retail", role="CFO", end="2026-12-31",
                horizon_text="by the end of 2026", kind="plan", confidence=0.8, topics=["stores"]),
    )
    from claims.linking import link_documents

    for e in (e1, e4, e2, e3):
        r = ledger.ingest(e)
        if link and r.added:
            link_documents(ledger, [r.doc_id])
    return {"capex": claim_id(D1, "capex"), "retail": claim_id(D1, RETAIL), "users": claim_id(D1, USERS),
            "capex_again": claim_id(D2, CAPEX_AGAIN), "capex_revised": claim_id(D2, CAPEX_REVISED),
            "en_cloud": claim_id(D3, EN_CLOUD), "other": claim_id(D4, OTHER)}
