"""Every ledger command through the real CLI against a real SQLite file; state checked via the library."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from tests.factories import make_extraction

runner = CliRunner()


def run(db, *args, input=None):
    return runner.invoke(app, ["--db", str(db), *args], input=input)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ledger.db"
    with Ledger(path) as led:
        led.ingest(make_extraction("call", [
            {"text": "Capex will shrink next quarter", "speaker": "Jane Roe", "end": dt.date(2025, 12, 31), "topics": ["capex"]},
            {"text": "Cloud revenue will double within three years", "speaker": "Jane Roe", "end": dt.date(2028, 11, 25)},
        ]))
    return path


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_list_json_has_contract_fields(db):
    r = run(db, "list", "--format", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 2
    for key in ("id", "text", "speaker", "kind", "negated", "confidence", "horizon", "topics", "status", "mentions", "documents"):
        assert key in rows[0]
    assert {"doc_id", "text", "start", "end"} <= set(rows[0]["mentions"][0])


def test_list_jsonl_prints_one_claim_per_line(db):
    r = run(db, "list", "--format", "jsonl")
    assert [json.loads(line)["text"] for line in r.stdout.splitlines()] == [
        "Capex will shrink next quarter", "Cloud revenue will double within three years"]


def test_due_then_verify_then_history(db):
    r = run(db, "due", "--as-of", "2026-11-23", "--format", "json")
    due = json.loads(r.stdout)
    assert [c["text"] for c in due] == ["Capex will shrink next quarter"]
    cid = due[0]["id"]
    r = run(db, "verify", cid, "--verdict", "kept", "--evidence", "capex fell", "--source", "https://example.com", "--date", "2026-02-01")
    assert r.exit_code == 0, r.stderr
    assert json.loads(run(db, "due", "--as-of", "2026-11-23", "--format", "json").stdout) == []
    hist = json.loads(run(db, "history", cid, "--format", "json").stdout)
    assert [e["type"] for e in hist] == ["claim_created", "verdict_recorded"]
    assert Ledger(db).get_claim(cid).status == "kept"


def test_verify_unknown_id_is_one_error_line_and_changes_nothing(db):
    before = Ledger(db).counts()
    r = run(db, "verify", "deadbeefcafe", "--verdict", "kept", "--evidence", "x")
    assert r.exit_code == 1
    assert "no claim" in one_error_line(r)
    assert Ledger(db).counts() == before


def test_verify_rejects_unknown_verdict(db):
    cid = Ledger(db).list_claims()[0].id
    r = run(db, "verify", cid, "--verdict", "maybe", "--evidence", "x")
    assert r.exit_code == 1
    one_error_line(r)


def test_show_prints_one_claim(db):
    cid = Ledger(db).list_claims()[0].id
    r = run(db, "show", cid[:8])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["id"] == cid


def test_upcoming_window(db):
    r = run(db, "upcoming", "--days", "1200", "--as-of", "2025-11-26", "--format", "json")
    assert len(json.loads(r.stdout)) == 2
    r = run(db, "upcoming", "--days", "10", "--as-of", "2025-11-26", "--format", "json")
    assert json.loads(r.stdout) == []


def test_export_import_round_trip(db, tmp_path):
    out = tmp_path / "dump.jsonl"
    assert run(db, "export", "-o", str(out)).exit_code == 0
    copy = tmp_path / "copy.db"
    r = run(copy, "import", str(out))
    assert r.exit_code == 0, r.stderr
    r2 = run(copy, "export")
    assert r2.stdout == out.read_text(encoding="utf-8")


def test_audit_ok_and_tampered(db):
    assert run(db, "audit").exit_code == 0
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("UPDATE events SET actor = 'mallory' WHERE seq = 2")
    con.commit()
    con.close()
    r = run(db, "audit")
    assert r.exit_code == 1
    assert "event 2" in one_error_line(r)


@pytest.mark.parametrize("args, message", [
    (["list", "--due-before", "2025-13-45"], "--due-before"),
    (["due", "--as-of", "yesterday"], "--as-of"),
    (["list", "--status", "sleeping"], "--status"),
])
def test_bad_options_give_one_error_line(db, args, message):
    r = run(db, *args)
    assert r.exit_code == 1
    assert message in one_error_line(r)


def test_unopenable_db_is_one_error_line(tmp_path):
    r = run(tmp_path / "no" / "such" / "dir.db", "list")
    assert r.exit_code == 1
    assert "cannot open ledger" in one_error_line(r)


def test_ingest_rejects_bad_files_and_leaves_ledger_unchanged(db, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Jane Roe -- CEO\nWe will grow.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(b"We will grow \xff\xff\xff " * 30)
    before = Ledger(db).counts()
    for bad, needle in ((tmp_path / "missing.txt", "no such file"), (empty, "empty"), (binary, "binary"), (undecodable, "decode")):
        r = run(db, "ingest", str(good), str(bad))
        assert r.exit_code == 1, (bad, r.stdout)
        assert needle in one_error_line(r)
    for args in (["--lang", "fr"], ["--date", "2025-02-30"], ["--fiscal-year-end", "13-01"], ["--period", "2025-Q5"]):
        r = run(db, "ingest", str(good), *args)
        assert r.exit_code == 1, args
        one_error_line(r)
    assert Ledger(db).counts() == before


def test_schema_prints_json_schema():
    r = runner.invoke(app, ["schema", "Claim"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["title"] == "Claim"
    assert runner.invoke(app, ["schema", "Nope"]).exit_code == 1
