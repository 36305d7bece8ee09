"""Refusals with one `Error:` line (issue 17, items 9, 10 and 13): inputs and ledgers a command
cannot use are named in one line with exit status 1, never a traceback, a hang or a wrong write."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.core.errors import BadInput
from claims.core.textio import read_source
from claims.ledger import Ledger
from tests.factories import make_extraction

runner = CliRunner()


def run(db, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def one_error(r, pattern: str) -> None:
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    assert pattern in lines[0], lines[0]


@pytest.fixture
def ledger_path(tmp_path) -> Path:
    db = tmp_path / "l.db"
    with Ledger(db) as led:
        led.ingest(make_extraction("acme-call", [
            {"text": "We will open 40 stores by 2026", "speaker": "Ann Lee", "end": dt.date(2026, 12, 31)},
            {"text": "Margins will recover next year", "speaker": "Bo Chan", "end": dt.date(2026, 6, 30)}]))
    return db


# ------------------------------------------------------------------ 9. FIFOs, devices, sizes
def test_a_fifo_is_refused_up_front_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read():
        try:
            read_source(fifo)
            outcome.append(None)
        except BadInput as exc:
            outcome.append(exc)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(10)
    if t.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO hung")
    assert isinstance(outcome[0], BadInput) and "not a regular file" in str(outcome[0])


def test_a_device_is_refused_up_front(tmp_path):
    with pytest.raises(BadInput, match="not a regular file"):
        read_source("/dev/zero")


def test_the_size_limit_reads_at_most_the_limit_when_the_size_is_not_reported(monkeypatch):
    """/proc files report a size of 0 but have content: the limit is enforced on what is read."""
    monkeypatch.setenv("CLAIMS_MAX_BYTES", "64")
    with pytest.raises(BadInput, match="larger than the 64 bytes limit"):
        read_source("/proc/self/maps")


# ------------------------------------------------------------------ 10. ledgers that cannot be written
def test_a_read_only_ledger_refuses_a_write_with_one_error_line(ledger_path):
    ro = f"sqlite:///file:{ledger_path}?mode=ro&uri=true"
    with Ledger(ledger_path) as led:
        cid = led.list_claims()[0].id
    r = runner.invoke(app, ["--db", ro, "verify", cid, "--verdict", "kept", "--evidence", "done"])
    one_error(r, "readonly database")
    assert runner.invoke(app, ["--db", ro, "audit"]).exit_code == 0  # reading (and auditing) still works


def test_a_ledger_on_a_full_disk_refuses_ingest_with_one_error_line(tmp_path):
    import resource
    import signal
    import subprocess
    import sys

    text = tmp_path / "call.txt"
    text.write_text("".join(f"Ann Lee, Chief Executive Officer: We will open {i} new stores in 2026 and grow "
                            f"revenue {i}% next year.\n" for i in range(200)), encoding="utf-8")
    db = tmp_path / "l.db"
    with Ledger(db):
        pass

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (96 * 1024, 96 * 1024))

    root = Path(__file__).resolve().parent.parent
    r = subprocess.run([sys.executable, "-m", "claims", "--db", str(db), "ingest", str(text), "--lang", "en",
                        "--date", "2025-11-20"], capture_output=True, text=True, preexec_fn=limit, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(root)})
    assert r.returncode == 1, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write to ledger"), r.stderr
    with Ledger(db) as led:
        assert led.counts()["documents"] == 0 and led.audit().ok


# ------------------------------------------------------------------ 13. the smaller ones
def test_a_ledger_from_a_newer_schema_is_refused_with_its_version(ledger_path):
    with sqlite3.connect(ledger_path) as db:
        db.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m999_from_the_future', '2030-01-01')")
    from claims.migrations import MIGRATIONS

    one_error(run(ledger_path, "list"), f"schema version {len(MIGRATIONS) + 1} (m999_from_the_future)")


@pytest.mark.parametrize("org", ["%", "_", "acme%"])
def test_org_filter_matches_like_wildcards_literally(ledger_path, org):
    r = run(ledger_path, "list", "--org", org, "--format", "json")
    assert r.exit_code == 0 and r.stdout.strip() == "[]", r.output


def test_claim_prefix_matches_underscores_literally(ledger_path):
    one_error(run(ledger_path, "show", "____"), "no claim with id '____'")
    with Ledger(ledger_path) as led:
        cid = led.list_claims()[0].id
    assert run(ledger_path, "show", cid[:6]).exit_code == 0


def test_reopen_of_a_claim_without_a_verdict_is_refused(ledger_path):
    with Ledger(ledger_path) as led:
        cid = led.list_claims()[0].id
    one_error(run(ledger_path, "reopen", cid), "has no verdict to reopen")
    assert run(ledger_path, "verify", cid, "--verdict", "kept", "--evidence", "done").exit_code == 0
    assert run(ledger_path, "reopen", cid).exit_code == 0
    one_error(run(ledger_path, "reopen", cid), "has no verdict to reopen")


@pytest.mark.parametrize("what", ["missing", "directory"])
def test_an_unreadable_batch_file_is_one_error_line(tmp_path, what):
    path = tmp_path / "nope.jsonl" if what == "missing" else tmp_path
    r = runner.invoke(app, ["horizon", "--batch", str(path)])
    one_error(r, "cannot read")


def test_an_unreadable_transcript_is_one_error_line(tmp_path, monkeypatch):
    f = tmp_path / "call.txt"
    f.write_text("We will grow 10% next year.\n", encoding="utf-8")
    real_open = os.open

    def denied(path, *a, **k):
        if str(path) == str(f):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", denied)
    r = runner.invoke(app, ["extract", str(f), "--lang", "en"])
    one_error(r, "Permission denied")


def test_a_db_path_with_a_question_mark_is_a_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["--db", "what?.db", "audit"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["what?.db"]
