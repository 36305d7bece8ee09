"""Tamper evidence: altering or deleting an event row behind the ledger's back is named by `claims audit`."""
from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from tests.graphfixtures import build

runner = CliRunner()


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    ids = build(ledger)
    ledger.verify(ids["retail"], "kept", "spending fell", actor="tester")
    ledger.close()
    return path


def _audit(path):
    return runner.invoke(app, ["--db", str(path), "audit"])


def _seq_of(path, etype: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT seq FROM events WHERE type = ? ORDER BY seq LIMIT 1", (etype,)).fetchone()[0]


def test_audit_passes_on_untouched_ledger(built):
    r = _audit(built)
    assert r.exit_code == 0 and "hash chain intact" in r.stdout


@pytest.mark.parametrize("etype", ["claim_created", "verdict_recorded", "link_added"])
def test_audit_names_the_event_whose_payload_was_altered(built, etype):
    seq = _seq_of(built, etype)
    with sqlite3.connect(built) as db:
        payload = json.loads(db.execute("SELECT payload FROM events WHERE seq = ?", (seq,)).fetchone()[0])
        payload["tampered"] = True
        db.execute("UPDATE events SET payload = ? WHERE seq = ?", (json.dumps(payload, ensure_ascii=False), seq))
    r = _audit(built)
    assert r.exit_code == 1
    assert f"event {seq}" in r.stderr and "altered" in r.stderr
    rep = json.loads(runner.invoke(app, ["--db", str(built), "audit", "--format", "json"]).stdout)
    assert rep["ok"] is False and rep["first_bad_seq"] == seq


def test_audit_detects_a_changed_actor(built):
    seq = _seq_of(built, "verdict_recorded")
    with sqlite3.connect(built) as db:
        db.execute("UPDATE events SET actor = 'someone-else' WHERE seq = ?", (seq,))
    r = _audit(built)
    assert r.exit_code == 1 and f"event {seq}" in r.stderr


def test_audit_detects_a_deleted_event(built):
    seq = _seq_of(built, "mention_added")
    with sqlite3.connect(built) as db:
        db.execute("DELETE FROM events WHERE seq = ?", (seq,))
    r = _audit(built)
    assert r.exit_code == 1
    assert f"event {seq + 1}" in r.stderr  # the next event no longer chains to its predecessor


def test_audit_detects_an_event_rehashed_in_place(built):
    """Recomputing the altered row's own hash does not help: the next event's prev_hash breaks."""
    from claims.ledger import event_hash

    seq = _seq_of(built, "claim_created")
    with sqlite3.connect(built) as db:
        row = db.execute("SELECT type, claim_id, doc_id, payload, at, actor, prev_hash FROM events WHERE seq = ?", (seq,)).fetchone()
        payload = row[3].replace("3800", "9800")
        assert payload != row[3]
        h = event_hash(row[6], row[0], row[1], row[2], payload, row[4], row[5])
        db.execute("UPDATE events SET payload = ?, hash = ? WHERE seq = ?", (payload, h, seq))
    r = _audit(built)
    assert r.exit_code == 1 and f"event {seq + 1}" in r.stderr


def test_audit_of_ledger_library_matches_cli(built):
    rep = Ledger(built).audit()
    assert rep.ok and rep.events == Ledger(built).counts()["events"]


# ------------------------------------------------------------------ issue 17, item 4: tables and the head
def test_audit_prints_the_head_hash_and_event_count(built):
    r = _audit(built)
    with Ledger(built) as led:
        last = list(led.iter_events())[-1]
        n = led.counts()["events"]
    assert f"ok: {n} events" in r.stdout and f"head: {last.hash}" in r.stdout


def test_audit_names_a_query_table_row_changed_behind_the_ledgers_back(built):
    """`UPDATE claims SET status='withdrawn'` hides a due claim from `due`; the chain is intact but
    the table no longer matches a fold of the log."""
    with Ledger(built) as led:
        cid = next(c.id for c in led.list_claims() if c.status == "open")
    with sqlite3.connect(built) as db:
        db.execute("UPDATE claims SET status = 'withdrawn' WHERE id = ?", (cid,))
    r = _audit(built)
    assert r.exit_code == 1
    assert f"table claims, row (id='{cid}'): status is 'withdrawn', but the log gives 'open'" in r.stderr


@pytest.mark.parametrize("sql, says", [
    ("DELETE FROM mentions WHERE rowid = (SELECT MIN(rowid) FROM mentions)", "table mentions: row"),
    ("INSERT INTO links (src, dst, type, score, seq) VALUES ('a', 'b', 'revises', 1.0, 1)", "is not in the log"),
    ("UPDATE documents SET company = 'Globex' WHERE rowid = 1", "table documents, row"),
])
def test_audit_compares_every_query_table_with_a_rebuild(built, sql, says):
    with sqlite3.connect(built) as db:
        db.execute(sql)
    r = _audit(built)
    assert r.exit_code == 1 and says in r.stderr, r.stderr


def test_audit_expect_detects_the_last_event_deleted(built):
    head = json.loads(runner.invoke(app, ["--db", str(built), "audit", "--format", "json"]).stdout)["head"]
    assert runner.invoke(app, ["--db", str(built), "audit", "--expect", head]).exit_code == 0
    with sqlite3.connect(built) as db:
        db.execute("DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)")
    assert runner.invoke(app, ["--db", str(built), "audit", "--chain-only"]).exit_code == 0  # the chain alone cannot tell
    r = runner.invoke(app, ["--db", str(built), "audit", "--expect", head, "--chain-only"])
    assert r.exit_code == 1 and "is not in the chain" in r.stderr


def test_audit_checkpoint_written_by_export_detects_truncation(built, tmp_path):
    out = tmp_path / "backup.jsonl"
    assert runner.invoke(app, ["--db", str(built), "export", "-o", str(out)]).exit_code == 0
    checkpoint = tmp_path / "backup.jsonl.checkpoint.json"
    assert runner.invoke(app, ["--db", str(built), "audit", "--checkpoint", str(checkpoint)]).exit_code == 0
    with sqlite3.connect(built) as db:
        db.execute("DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)")
    r = runner.invoke(app, ["--db", str(built), "audit", "--checkpoint", str(checkpoint), "--chain-only"])
    assert r.exit_code == 1 and "is not in the chain" in r.stderr
