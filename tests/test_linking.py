"""Cross-call linking: restatements reiterate, changed targets or deadlines revise, other claims stay apart."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.linking import REITERATE_THRESHOLD, decide, link_documents, normalise, revision_cues, similarity
from claims.core.models import Claim
from tests.claimfactory import doc, extraction, mention
from tests.graphfixtures import build

runner = CliRunner()


def claim(doc_id: str, text: str, end: str | None = None, horizon_text: str | None = None, *,
          qty: list[tuple[str, float, str | None]] | None = None, topics: list[str] | None = None,
          negated: bool = False) -> Claim:
    mn = mention(doc_id, text, end=end, horizon_text=horizon_text, quantities=qty, topics=topics)
    return Claim(id=mn.claim_id, text=text, speaker=mn.speaker, horizon=mn.horizon, quantities=mn.quantities,
                 topics=mn.topics, negated=negated, mentions=[mn])


OLD_DATE, NEW_DATE = dt.date(2025, 11, 25), dt.date(2026, 2, 20)

# (case, lang, earlier claim, later claim, expected link)
PAIRS = [
    ("zh-restated-other-script", "zh",
     claim("a", "未來三年，我們將投入3800億元用於雲和AI基礎設施建設", "2028-11-25", "未來三年", qty=[("3800億元", 3.8e11, "CNY")]),
     claim("b", "未来三年我们会投入3800亿元用于云和AI基础设施", "2029-02-20", "未来三年", qty=[("3800亿元", 3.8e11, "CNY")]),
     "reiterates"),
    ("zh-paraphrase", "zh",
     claim("a", "預計明年雲業務收入增速將保持在30%以上", "2026-12-31", "明年"),
     claim("b", "我們預計雲業務收入增長明年仍會超過30%", "2026-12-31", "明年"),
     "reiterates"),
    ("zh-different-claim", "zh",
     claim("a", "預計明年雲業務收入增速將保持在30%以上", "2026-12-31", "明年"),
     claim("b", "我們計劃在下個季度推出新的電商會員體系", "2026-06-30", "下個季度"),
     None),
    ("zh-target-revised-by-back-reference", "zh",
     claim("a", "未來三年投入3800億元用於AI基礎設施", "2028-11-25", "未來三年", qty=[("3800億元", 3.8e11, "CNY")], topics=["ai-capex"]),
     claim("b", "之前的3800億可能偏小了", qty=[("3800億", 3.8e11, "CNY")], topics=["ai-capex"]),
     "revises"),
    ("zh-target-lowered", "zh",
     claim("a", "預計今年經營利潤率達到15%", "2026-12-31", "今年", qty=[("15%", 15, "%")]),
     claim("b", "我們將今年經營利潤率目標下調至12%", "2026-12-31", "今年", qty=[("12%", 12, "%")]),
     "revises"),
    ("zh-deadline-moved", "zh",
     claim("a", "即時零售業務將在2026財年實現盈虧平衡", "2026-03-31", "2026財年"),
     claim("b", "即时零售业务预计在2027财年实现盈亏平衡", "2027-03-31", "2027财年"),
     "revises"),
    ("en-restated", "en",
     claim("a", "We expect cloud revenue to grow more than 30% in fiscal 2026", "2026-05-31", "in fiscal 2026"),
     claim("b", "We continue to expect cloud revenue growth above 30% in fiscal 2026", "2026-05-31", "in fiscal 2026"),
     "reiterates"),
    ("en-back-reference-is-not-revision", "en",
     claim("a", "We expect cloud revenue to grow more than 30% next year", "2026-12-31", "next year"),
     claim("b", "As we said last quarter, we expect cloud revenue to grow more than 30% next year", "2026-12-31", "next year"),
     "reiterates"),
    ("en-rolling-horizon-is-not-revision", "en",
     claim("a", "We will invest $10 billion in data centers over the next three years", "2028-11-25", "over the next three years",
           qty=[("$10 billion", 1e10, "USD")]),
     claim("b", "Over the next three years we will invest $10 billion in data centers", "2029-02-20", "Over the next three years",
           qty=[("$10 billion", 1e10, "USD")]),
     "reiterates"),
    ("en-target-and-deadline-revised", "en",
     claim("a", "We expect operating margin to reach 25% by fiscal 2027", "2027-05-31", "by fiscal 2027", qty=[("25%", 25, "%")]),
     claim("b", "We now expect operating margin to reach 23% by fiscal 2028", "2028-05-31", "by fiscal 2028", qty=[("23%", 23, "%")]),
     "revises"),
    ("en-different-subject-same-frame", "en",
     claim("a", "We expect subscription revenue to exceed $2 billion in fiscal 2027", "2027-05-31", "in fiscal 2027"),
     claim("b", "We expect free cash flow to exceed $2 billion in fiscal 2027", "2027-05-31", "in fiscal 2027"),
     None),
    ("en-different-claim", "en",
     claim("a", "We will invest $10 billion in data centers over the next three years", "2028-11-25", "over the next three years"),
     claim("b", "Our capex will be roughly flat next quarter", "2026-05-31", "next quarter"),
     None),
    ("en-opposite-polarity", "en",
     claim("a", "We expect to raise prices next year", "2026-12-31", "next year"),
     claim("b", "We do not expect to raise prices next year", "2026-12-31", "next year", negated=True),
     None),
]


@pytest.mark.parametrize("case, lang, old, new, expected", PAIRS, ids=[p[0] for p in PAIRS])
def test_linking_pairs(case, lang, old, new, expected):
    d = decide(new, old, lang, NEW_DATE, OLD_DATE)
    assert (d.type if d else None) == expected, (d, similarity(normalise(new.text), normalise(old.text)))


def test_linking_threshold_separates_restatements_from_other_claims():
    same = [similarity(normalise(o.text, [o.horizon.text]), normalise(n.text, [n.horizon.text]))
            for c, _, o, n, e in PAIRS if e == "reiterates"]
    other = [similarity(normalise(o.text, [o.horizon.text]), normalise(n.text, [n.horizon.text]))
             for c, _, o, n, e in PAIRS if e is None and o.negated == n.negated]
    assert min(same) >= REITERATE_THRESHOLD > max(other)


@pytest.mark.parametrize("lang, text, key", [
    ("zh", "之前的目標可能偏小了", "REVISE_UP"),
    ("zh", "我們把全年指引下調到百分之十", "REVISE_DOWN"),
    ("zh", "我们对节奏做了调整", "REVISE"),
    ("en", "We are raising our full-year outlook", "REVISE_UP"),
    ("en", "We raised our full-year outlook", "REVISE_UP"),
    ("en", "We now expect revenue of $4 billion", "REVISE"),
    ("en", "Sales in the lower tier grew", "REVISE_DOWN"),
    ("en", "Flower sales grew", None),
])
def test_linking_revision_cues_match_whole_words_in_both_scripts(lang, text, key):
    found = revision_cues(text, lang)
    assert (key in found) if key else not found


def test_linking_normalise_drops_horizon_words_punctuation_and_script():
    assert normalise("未來三年，我們將投入３８００億！", ["未來三年"]) == normalise("我们将投入3800亿", [])


@pytest.fixture
def linked(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    return path, ledger, build(ledger)


def test_linking_over_ledger_links_across_calls_only(linked):
    _, ledger, ids = linked
    links = {(l["src"], l["dst"], l["type"]) for c in ledger.list_claims() for l in c.links}
    assert links == {(ids["capex_again"], ids["capex"], "reiterates"), (ids["capex_revised"], ids["capex"], "revises")}


def test_linking_status_revised_lists_revised_claims(linked):
    path, ledger, ids = linked
    assert [c.id for c in ledger.list_claims(status="revised")] == [ids["capex"]]
    r = runner.invoke(app, ["--db", str(path), "list", "--status", "revised", "--format", "json"])
    assert r.exit_code == 0, r.output


def test_linking_cli_relink_all_is_idempotent(linked):
    path, ledger, _ = linked
    before = ledger.counts()
    r = runner.invoke(app, ["--db", str(path), "link", "--all", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "[]"
    assert ledger.counts() == before


def test_linking_cli_links_a_ledger_built_without_linking(tmp_path):
    path = tmp_path / "l.db"
    ids = build(Ledger(path), link=False)
    assert Ledger(path).counts()["links"] == 0
    r = runner.invoke(app, ["--db", str(path), "link", "--all"])
    assert r.exit_code == 0, r.output
    ledger = Ledger(path)
    assert ledger.counts()["links"] == 2
    ev = [e for e in ledger.history(ids["capex_revised"]) if e.type == "link_added"]
    assert ev and ev[0].actor == "claims-linker" and ev[0].payload["dst"] == ids["capex"]


def test_linking_never_links_other_speakers_or_companies(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    text = "We expect cloud revenue to grow more than 30% next year"
    ledger.ingest(extraction(doc("x1", company="Northwind"), mention("x1", text, speaker="Ada Lin", org="Northwind", end="2026-12-31")))
    ledger.ingest(extraction(doc("x2", company="Southwind", date="2026-02-01"),
                             mention("x2", text, speaker="Bo Chen", org="Southwind", end="2026-12-31")))
    assert link_documents(ledger) == []


def test_linking_unknown_document_is_an_error(linked):
    path, _, _ = linked
    r = runner.invoke(app, ["--db", str(path), "link", "no-such-doc"])
    assert r.exit_code == 1 and "no document" in r.stderr


@pytest.mark.parametrize("link, expected", [(True, 1), (False, 0)])
def test_linking_runs_after_ingest_files_unless_disabled(tmp_path, monkeypatch, link, expected):
    import claims.ingest as ingest

    text = "We expect cloud revenue to grow more than 30% next year"
    made = {
        "q1": extraction(doc("q1", company="Northwind"), mention("q1", text, org="Northwind", end="2026-12-31")),
        "q2": extraction(doc("q2", company="Northwind", date="2026-03-01"),
                         mention("q2", "We still expect cloud revenue to grow more than 30% next year", org="Northwind", end="2026-12-31")),
    }
    files = []
    for name in made:
        f = tmp_path / f"{name}.txt"
        f.write_text(f"{name} transcript\n", encoding="utf-8")
        files.append(f)
    monkeypatch.setattr(ingest, "extract_many", lambda docs, backend=None, workers=1: (made[d.source.path.stem] for d in docs))
    ledger = Ledger(tmp_path / "l.db")
    ingest.ingest_files(ledger, files, link=link, lang="en", date="2026-03-01")
    assert ledger.counts()["links"] == expected


def test_linking_back_filled_earlier_call_is_linked_from_later_ones(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    text = "We expect cloud revenue to grow more than 30% next year"
    later = extraction(doc("q2", company="Northwind", date="2026-03-01"),
                       mention("q2", "We still expect cloud revenue to grow more than 30% next year", org="Northwind", end="2026-12-31"))
    earlier = extraction(doc("q1", company="Northwind", date="2025-12-01"), mention("q1", text, org="Northwind", end="2026-12-31"))
    for e in (later, earlier):  # the older call arrives second
        ledger.ingest(e)
        link_documents(ledger, [e.doc.id])
    links = [(l["src"], l["dst"], l["type"]) for c in ledger.list_claims() for l in c.links if l["src"] == c.id]
    assert links == [(later.claims[0].claim_id, earlier.claims[0].claim_id, "reiterates")]


# Two calls of one made-up company, written for this test: the real pipelines extract the claims,
# `claims ingest` links them. (lang, meta company, first call, second call, expected links as
# (later text contains, earlier text contains, type))
CALL_PAIRS = [
    ("en", "Zephyr Data",
     "Prepared Remarks:\n\nAda Lin -- Chief Executive Officer\n\nThank you, operator. We expect cloud revenue to grow "
     "more than 30% in fiscal 2027. We will open 12 new data centers by the end of 2026.\n",
     "Prepared Remarks:\n\nAda Lin -- Chief Executive Officer\n\nThank you, operator. We continue to expect cloud revenue "
     "to grow more than 30% in fiscal 2027. We now expect to open 15 new data centers by the end of 2027.\n",
     {("continue to expect cloud", "expect cloud revenue", "reiterates"), ("15 new data centers", "12 new data centers", "revises")}),
    ("zh", "星河雲",
     "星河雲2025年第四季度業績電話會\n\n提問:請介紹一下資本開支計劃。\n\n林曉峰:未來三年，我們將投入500億元建設雲和AI基礎設施。"
     "我們預計明年雲業務收入增速將保持在30%以上。\n",
     "星河雲2026年第一季度業績電話會\n\n提問:資本開支計劃有變化嗎?\n\n林曉峰:之前的500億可能偏小了，我們會加大投入。"
     "未来三年我们会投入500亿元用于云和AI基础设施。\n",
     {("我们会投入500亿元", "投入500億元", "reiterates"), ("偏小", "投入500億元", "revises")}),
]


@pytest.mark.parametrize("lang, company, first, second, expected", CALL_PAIRS, ids=[p[0] for p in CALL_PAIRS])
def test_linking_through_real_ingest_of_two_calls(tmp_path, lang, company, first, second, expected):
    files = []
    for name, text, date, period in (("q1", first, "2025-12-10", "2025-Q4"), ("q2", second, "2026-03-10", "2026-Q1")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "text.txt").write_text(text, encoding="utf-8")
        (tmp_path / name / "meta.json").write_text(json.dumps({"lang": lang, "company": company, "date": date,
                                                               "fiscal_year_end": "12-31", "period": period}), encoding="utf-8")
        files.append(str(tmp_path / name / "text.txt"))
    db = tmp_path / "l.db"
    r = runner.invoke(app, ["--db", str(db), "ingest", *files])
    assert r.exit_code == 0, r.output
    ledger = Ledger(db)
    text = {c.id: c.text for c in ledger.list_claims()}
    links = {(text[l["src"]], text[l["dst"]], l["type"]) for c in ledger.list_claims() for l in c.links if l["src"] == c.id}
    for later, earlier, kind in expected:
        assert any(later in s and earlier in d and t == kind for s, d, t in links), (later, kind, links)
