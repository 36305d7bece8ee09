"""kill -9 in the middle of a large ingest: whole documents or nothing, and a re-run completes it."""
from __future__ import annotations

import signal
import time

from typer.testing import CliRunner

from benchmarks.corpus import write_corpus
from claims.cli import app
from claims.ledger import Ledger
from tests.reliability_helpers import assert_documents_complete, claims_cmd, documents_committed, spawn

N_DOCS = 10


def test_crash_kill_9_mid_ingest_keeps_whole_documents_and_rerun_completes(tmp_path):
    # one language keeps the test quick (one pipeline to build per process); crash safety is language-blind
    paths = write_corpus(tmp_path / "calls", N_DOCS, langs=("zh",), paragraphs=6, seed=7)
    db = tmp_path / "ledger.db"
    proc = spawn(claims_cmd(db, "ingest", *map(str, paths)))
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None and documents_committed(db) < 2:
            time.sleep(0.01)
        finished_early = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        _, stderr = proc.communicate()
    assert not finished_early, f"ingest ended before it could be killed: {stderr[-2000:]}"
    assert proc.returncode == -signal.SIGKILL

    with Ledger(db) as led:
        assert led.audit().ok
        stored = assert_documents_complete(led, paths)
        assert 2 <= stored < N_DOCS
        interrupted = led.counts()

    rerun = CliRunner().invoke(app, ["--db", str(db), "ingest", *map(str, paths), "--format", "json"])
    assert rerun.exit_code == 0, rerun.output
    with Ledger(db) as led:
        assert led.audit().ok
        counts = led.counts()
        assert counts["documents"] == N_DOCS
        assert len({d.sha256 for d in led.documents()}) == N_DOCS  # no document twice
        assert assert_documents_complete(led, paths) == N_DOCS
        assert counts["events"] > interrupted["events"]
