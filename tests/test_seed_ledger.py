"""The foundation's acceptance path on the real seed transcript, through the real CLI and SQLite."""
from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger, name_key

runner = CliRunner()


def run(db, *args):
    r = runner.invoke(app, ["--db", str(db), *args])
    assert r.exit_code == 0, r.stderr
    return r


def test_seed_ingest_query_due_verify(seed_dir, tmp_path):
    db = tmp_path / "seed.db"
    text = seed_dir / "text.txt"
    run(db, "ingest", str(text))
    first = Ledger(db).counts()
    assert first["claims"] > 0
    run(db, "ingest", str(text))
    assert Ledger(db).counts() == first, "ingesting the same file again adds nothing"

    # alias-aware: a simplified-script query finds the traditional-script speaker
    mine = json.loads(run(db, "list", "--speaker", "吴泳铭", "--format", "json").stdout)
    assert mine and all(name_key(c["speaker"]["name"]) == name_key("吳泳銘") for c in mine)

    as_of = dt.date(2026, 11, 23)
    due = json.loads(run(db, "due", "--as-of", as_of.isoformat(), "--format", "json").stdout)
    everything = json.loads(run(db, "list", "--format", "json").stdout)
    expected = {c["id"] for c in everything
                if c["horizon"] and c["horizon"]["end"] and dt.date.fromisoformat(c["horizon"]["end"]) < as_of}
    assert {c["id"] for c in due} == expected and expected
    # the reported quarter is 2025-Q3, so a next-quarter claim is due and three-year claims are not
    assert any(c["horizon"]["end"] == "2025-12-31" for c in due)
    assert not any(c["horizon"]["end"] >= "2028-01-01" for c in due)

    target = due[0]["id"]
    run(db, "verify", target, "--verdict", "kept", "--evidence", "spend fell in the December quarter", "--date", "2026-02-20")
    hist = json.loads(run(db, "history", target, "--format", "json").stdout)
    assert hist[-1]["type"] == "verdict_recorded"
    due_after = json.loads(run(db, "due", "--as-of", as_of.isoformat(), "--format", "json").stdout)
    assert target not in {c["id"] for c in due_after}
