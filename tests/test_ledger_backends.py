"""The ledger's core behaviours, through the real CLI, on SQLite and on PostgreSQL alike.

`ledger_url` (tests/conftest.py) is a fresh SQLite file or a fresh PostgreSQL database; every test
here runs once per backend, so a dialect difference shows up as a failing postgres variant.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text as sql
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.core.models import Speaker
from tests.factories import make_extraction

runner = CliRunner()
CALL = "Jane Roe, Chief Executive Officer: We will open 40 new stores by the end of 2026.\n"


def run(url: str, *args: str, ok: bool = True):
    r = runner.invoke(app, ["--db", url, *args])
    if ok:
        assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    return r


def listing(url: str, *args: str) -> list[dict]:
    return json.loads(run(url, *args, "--format", "json").stdout)


def error_line(r) -> str:
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), (r.exit_code, r.stderr)
    return lines[0]


@pytest.fixture
def seeded(ledger_url: str) -> str:
    """Two calls by a speaker known under three names (陳明 / 陈明 / Chen Ming)."""
    chen = Speaker(name="陳明", aliases=["Chen Ming"], role="CFO", org="Acme Corp")
    with Ledger(ledger_url) as led:
        led.ingest(make_extraction("q3-call", [
            {"text": "Capex will shrink next quarter", "speaker": "陳明", "end": dt.date(2025, 12, 31), "topics": ["capex"]},
            {"text": "Cloud revenue will double within three years", "speaker": "Jane Roe", "end": dt.date(2028, 11, 25)},
            {"text": "We will keep hiring engineers", "speaker": "Jane Roe"},
            {"text": "capex is going to shrink next quarter", "claim": "Capex will shrink next quarter",
             "speaker": "陳明", "end": dt.date(2025, 12, 31)},
        ], speakers=[chen]))
        led.ingest(make_extraction("q4-call", [
            {"text": "Margins will recover by mid 2026", "speaker": "陈明", "end": dt.date(2026, 6, 30)},
        ], date=dt.date(2026, 2, 20), speakers=[chen]))
    return ledger_url


def test_ledger_ingest_is_idempotent(ledger_url, tmp_path):
    f = tmp_path / "call.txt"
    f.write_text(CALL, encoding="utf-8")
    opts = ["--lang", "en", "--date", "2025-11-20", "--company", "Acme Corp", "--format", "json"]
    first = json.loads(run(ledger_url, "ingest", str(f), *opts).stdout)
    with Ledger(ledger_url) as led:
        counts = led.counts()
    second = json.loads(run(ledger_url, "ingest", str(f), *opts).stdout)
    assert [r["added"] for r in first] == [True] and [r["added"] for r in second] == [False]
    with Ledger(ledger_url) as led:
        assert led.counts() == counts and counts["documents"] == 1


def test_ledger_verify_changes_status_and_leaves_due(seeded):
    due = listing(seeded, "due", "--as-of", "2026-03-01")
    assert [c["text"] for c in due] == ["Capex will shrink next quarter"]
    cid = due[0]["id"]
    run(seeded, "verify", cid[:10], "--verdict", "broken", "--evidence", "capex rose 5%", "--date", "2026-02-25")
    assert listing(seeded, "show", cid)["status"] == "broken"
    assert listing(seeded, "due", "--as-of", "2026-03-01") == []
    assert [c["id"] for c in listing(seeded, "list", "--status", "broken")] == [cid]


def test_ledger_history_lists_every_event_of_a_claim(seeded):
    cid = listing(seeded, "due", "--as-of", "2026-03-01")[0]["id"]
    run(seeded, "verify", cid, "--verdict", "kept", "--evidence", "capex fell")
    run(seeded, "reopen", cid, "--reason", "restated")
    events = listing(seeded, "history", cid)
    assert [e["type"] for e in events] == ["claim_created", "mention_added", "verdict_recorded", "claim_reopened"]
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    assert listing(seeded, "show", cid)["status"] == "due"


def test_ledger_due_and_upcoming_split_on_the_deadline(seeded):
    assert [c["text"] for c in listing(seeded, "due", "--as-of", "2026-07-01")] == [
        "Capex will shrink next quarter", "Margins will recover by mid 2026"]
    assert [c["text"] for c in listing(seeded, "upcoming", "--days", "200", "--as-of", "2026-01-01")] == [
        "Margins will recover by mid 2026"]
    assert listing(seeded, "upcoming", "--days", "10", "--as-of", "2026-01-01") == []


@pytest.mark.parametrize("name", ["陳明", "陈明", "Chen Ming", " chen  ming "])
def test_ledger_speaker_query_matches_every_alias(seeded, name):
    texts = sorted(c["text"] for c in listing(seeded, "list", "--speaker", name))
    assert texts == ["Capex will shrink next quarter", "Margins will recover by mid 2026"]


def test_ledger_export_import_round_trip_is_identical(seeded, new_ledger_url, tmp_path):
    dump = tmp_path / "ledger.jsonl"
    run(seeded, "export", "-o", str(dump))
    copy = new_ledger_url()
    run(copy, "import", str(dump))
    dump2 = tmp_path / "copy.jsonl"
    run(copy, "export", "-o", str(dump2))
    assert dump2.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8")
    assert listing(copy, "list") == listing(seeded, "list")
    assert json.loads(run(copy, "audit", "--format", "json").stdout)["ok"] is True
    # the copy keeps working: new events chain on after the imported ones
    cid = listing(copy, "list")[0]["id"]
    run(copy, "verify", cid, "--verdict", "kept", "--evidence", "done")
    assert json.loads(run(copy, "audit", "--format", "json").stdout)["ok"] is True


def test_ledger_audit_detects_tampering(seeded):
    assert "hash chain intact" in run(seeded, "audit").stdout
    with Ledger(seeded) as led, led.engine.begin() as conn:
        seq = conn.execute(sql("SELECT seq FROM events WHERE type = 'claim_created' ORDER BY seq LIMIT 1")).scalar_one()
        conn.execute(sql("UPDATE events SET payload = REPLACE(payload, 'shrink', 'grow') WHERE seq = :s"), {"s": seq})
    line = error_line(run(seeded, "audit", ok=False))
    assert f"event {seq}" in line and "altered" in line


def test_ledger_rebuild_reproduces_projections(seeded):
    cid = listing(seeded, "list")[0]["id"]
    run(seeded, "verify", cid, "--verdict", "partial", "--evidence", "half done")
    before = listing(seeded, "list", "--as-of", "2026-01-01")
    with Ledger(seeded) as led:
        counts = led.counts()
        with led.engine.begin() as conn:  # damage a projection; the event log is untouched
            conn.execute(sql("UPDATE claims SET status = 'open', text = 'garbage'"))
        assert led.rebuild() == counts["events"]
        assert led.counts() == counts
    assert listing(seeded, "list", "--as-of", "2026-01-01") == before


def test_ledger_failed_ingest_leaves_nothing(seeded, monkeypatch, tmp_path):
    with Ledger(seeded) as led:
        counts = led.counts()
    # a bad file in the batch: refused before anything is written
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(CALL, encoding="utf-8")
    bad.write_bytes(b"")
    error_line(run(seeded, "ingest", str(good), str(bad), "--lang", "en", ok=False))
    # a failure halfway through storing a document: its transaction rolls back entirely
    from claims import ledger as ledger_mod

    real_append = ledger_mod.Ledger._append

    def failing_append(self, conn, etype, *a, **kw):
        if etype == "claim_created":
            raise ledger_mod.LedgerError("disk full (simulated)")
        return real_append(self, conn, etype, *a, **kw)

    monkeypatch.setattr(ledger_mod.Ledger, "_append", failing_append)
    with Ledger(seeded) as led:
        with pytest.raises(ledger_mod.LedgerError):
            led.ingest(make_extraction("q1-call", [{"text": "Sales will rise", "speaker": "Jane Roe"}]))
        assert led.counts() == counts
        assert led.audit().ok
