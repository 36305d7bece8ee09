"""Ledger behaviour on a real SQLite file: events, projections, idempotency, queries, integrity."""
from __future__ import annotations

import datetime as dt
import io
import sqlite3

import pytest

from claims.core.errors import BadInput, LedgerError, NotFound
from claims.ledger import Ledger
from claims.core.models import Speaker
from tests.factories import make_extraction

D = dt.date


@pytest.fixture
def ledger_path(tmp_path):
    return tmp_path / "ledger.db"


@pytest.fixture
def ledger(ledger_path):
    with Ledger(ledger_path) as led:
        yield led


def call(company="Acme Corp", key="call-1"):
    return make_extraction(key, [
        {"text": "Capex will shrink next quarter", "speaker": "Jane Roe", "end": D(2025, 12, 31), "topics": ["capex"]},
        {"text": "We will reach a trillion in GMV within three years", "speaker": "Jane Roe", "end": D(2028, 11, 25), "claim": "gmv"},
        {"text": "GMV of one trillion in three years", "speaker": "Jane Roe", "end": D(2028, 11, 25), "claim": "gmv"},
        {"text": "Margins will not fall", "speaker": "John Doe", "negated": True},
    ], company=company)


def test_ingest_stores_claims_and_merges_mentions(ledger):
    res = ledger.ingest(call())
    assert res.added and res.claims_added == 3 and res.mentions_added == 4
    gmv = [c for c in ledger.list_claims() if "trillion" in c.text][0]
    assert len(gmv.mentions) == 2
    assert ledger.counts()["claims"] == 3


def test_ingest_same_document_twice_adds_nothing(ledger):
    ledger.ingest(call())
    before = ledger.counts()
    again = ledger.ingest(call())
    assert not again.added
    assert ledger.counts() == before


def test_due_lists_passed_deadlines_without_verdict(ledger):
    ledger.ingest(call())
    due = ledger.due(D(2026, 11, 23))
    assert [c.text for c in due] == ["Capex will shrink next quarter"]
    assert due[0].status == "due"


def test_verdict_moves_claim_out_of_due_and_into_history(ledger):
    ledger.ingest(call())
    cid = ledger.due(D(2026, 11, 23))[0].id
    ledger.verify(cid, "kept", "capex fell 30% in Q4", source="https://example.com/q4", date=D(2026, 2, 20), actor="ana")
    assert ledger.due(D(2026, 11, 23)) == []
    claim = ledger.get_claim(cid)
    assert claim.status == "kept" and claim.verdicts[0].actor == "ana"
    assert [e.type for e in ledger.history(cid)] == ["claim_created", "verdict_recorded"]


def test_reopen_returns_claim_to_due(ledger):
    ledger.ingest(call())
    cid = ledger.due(D(2026, 11, 23))[0].id
    ledger.verify(cid, "broken", "capex rose")
    ledger.reopen(cid, "restated")
    assert [c.id for c in ledger.due(D(2026, 11, 23))] == [cid]


def test_verify_rejects_unknown_claim_and_bad_verdict(ledger):
    ledger.ingest(call())
    with pytest.raises(NotFound):
        ledger.verify("nope-not-an-id", "kept", "x")
    cid = ledger.list_claims()[0].id
    with pytest.raises(BadInput):
        ledger.verify(cid, "maybe", "x")
    assert ledger.counts()["events"] == 1 + 4


def test_upcoming_lists_deadlines_in_window(ledger):
    ledger.ingest(call())
    texts = {c.text for c in ledger.upcoming(1200, D(2025, 11, 26))}
    assert texts == {"Capex will shrink next quarter", "We will reach a trillion in GMV within three years"}
    assert {c.text for c in ledger.upcoming(30, D(2025, 11, 26))} == set()


def test_speaker_query_is_alias_aware_across_scripts(ledger):
    ext = make_extraction("zh-call", [{"text": "三年內帶來萬億成交", "speaker": "吳泳銘", "end": D(2028, 11, 25)}],
                          company="阿里巴巴集團", lang="zh",
                          speakers=[Speaker(name="吳泳銘", aliases=["吴泳铭"], role="CEO", org="阿里巴巴集團")])
    ledger.ingest(ext)
    assert len(ledger.list_claims(speaker="吴泳铭")) == 1
    assert len(ledger.list_claims(speaker="吳泳銘")) == 1
    # the company registry links the English name
    assert len(ledger.list_claims(speaker="Eddie Wu")) == 1
    assert ledger.list_claims(speaker="蔣凡") == []


def test_topic_and_org_filters(ledger):
    ledger.ingest(call())
    assert [c.text for c in ledger.list_claims(topic="capex")] == ["Capex will shrink next quarter"]
    assert len(ledger.list_claims(org="acme corp")) == 3
    assert ledger.list_claims(org="Globex") == []


def test_export_import_round_trip_is_lossless(ledger, tmp_path):
    ledger.ingest(call())
    cid = ledger.list_claims()[0].id
    ledger.verify(cid, "partial", "half done")
    buf = io.StringIO()
    ledger.export_jsonl(buf)
    with Ledger(tmp_path / "copy.db") as copy:
        copy.import_jsonl(buf.getvalue().splitlines())
        again = io.StringIO()
        copy.export_jsonl(again)
        assert again.getvalue() == buf.getvalue()
        assert copy.audit().ok
        assert [c.model_dump() for c in copy.list_claims()] == [c.model_dump() for c in ledger.list_claims()]


def test_import_into_nonempty_ledger_skips_known_events(ledger, tmp_path):
    ledger.ingest(call())
    buf = io.StringIO()
    ledger.export_jsonl(buf)
    before = ledger.counts()
    assert ledger.import_jsonl(buf.getvalue().splitlines()) == 0
    assert ledger.counts() == before


def test_audit_names_first_altered_event(ledger, ledger_path):
    ledger.ingest(call())
    assert ledger.audit().ok
    con = sqlite3.connect(ledger_path)
    con.execute("UPDATE events SET payload = replace(payload, 'shrink', 'grow') WHERE seq = 2")
    con.commit()
    con.close()
    rep = ledger.audit()
    assert not rep.ok and rep.first_bad_seq == 2


def test_rebuild_reproduces_projections_from_events(ledger):
    ledger.ingest(call())
    cid = ledger.list_claims()[0].id
    ledger.verify(cid, "kept", "done")
    ledger.edit(cid, {"confidence": 0.9})
    before = [c.model_dump() for c in ledger.list_claims()]
    ledger.rebuild()
    assert [c.model_dump() for c in ledger.list_claims()] == before
    assert ledger.get_claim(cid).confidence == 0.9


def test_edit_rejects_unknown_fields_without_writing(ledger):
    ledger.ingest(call())
    cid = ledger.list_claims()[0].id
    n = ledger.counts()["events"]
    with pytest.raises(BadInput):
        ledger.edit(cid, {"status": "kept"})
    assert ledger.counts()["events"] == n


def test_failed_ingest_leaves_ledger_unchanged(ledger):
    ext = call()
    ext.claims[1].claim_id = ext.claims[0].claim_id  # fine
    ext.claims[2].id = ext.claims[0].id  # duplicate mention id -> integrity error mid-transaction
    before = ledger.counts()
    with pytest.raises(Exception):
        ledger.ingest(ext)
    assert ledger.counts() == before


def test_unopenable_database_is_a_ledger_error(tmp_path):
    with pytest.raises(LedgerError):
        Ledger(tmp_path / "missing-dir" / "x.db")
    with pytest.raises(LedgerError):
        Ledger(tmp_path)
    with pytest.raises(LedgerError):
        Ledger("mysql://localhost/db")


def test_in_memory_ledger_works():
    with Ledger(memory=True) as led:
        led.ingest(call())
        assert led.counts()["claims"] == 3


def test_iter_claims_streams_unpaged_listings_in_listing_order(tmp_path):
    import datetime as dt

    from claims.ledger import queries as q
    from tests.claimfactory import doc, extraction, mention

    ledger = Ledger(tmp_path / "l.db")
    ledger.ingest(extraction(doc("s1"), *[mention("s1", f"Claim {i} will happen", end=f"202{i % 7}-0{1 + i % 9}-15", offset=i * 40)
                                          for i in range(23)],
                             mention("s1", "An undated one will happen too", offset=2000)))
    as_of = dt.date(2024, 6, 1)
    with ledger.store.read() as conn:
        streamed = list(q.iter_claims(conn, as_of=as_of, batch=4))
        due = list(q.iter_claims(conn, as_of=as_of, status="due", batch=4))
    assert [c.id for c in streamed] == [c.id for c in ledger.list_claims(as_of=as_of)]
    assert [c.id for c in due] == [c.id for c in ledger.due(as_of)]
    assert due and all(c.status == "due" for c in due)
