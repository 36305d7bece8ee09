"""The Dask scale-out example (scripts/dask_extract.py) on a real local cluster of worker processes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from claims.ingest import ingest_files
from claims.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent

if not os.environ.get("CI"):
    pytest.importorskip("dask.distributed")


def _claims(db: Path) -> list[tuple]:
    with Ledger(db) as led:
        return sorted((c.id, c.text, tuple((mn.doc_id, mn.start, mn.end) for mn in c.mentions))
                      for c in led.list_claims())


def test_distributed_dask_extract_stores_what_claims_ingest_stores(tmp_path):
    paths = write_corpus(tmp_path / "calls", 3, langs=("en", "zh"), paragraphs=3, seed=5)
    via_dask = tmp_path / "dask.db"
    r = subprocess.run([sys.executable, "scripts/dask_extract.py", "--db", str(via_dask), "--workers", "2",
                        *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=180,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count("\tadded\t") == 3

    direct = tmp_path / "direct.db"
    with Ledger(direct) as led:
        ingest_files(led, paths)
    assert _claims(via_dask) == _claims(direct)
    with Ledger(via_dask) as led:
        assert led.audit().ok and led.counts()["documents"] == 3


def test_distributed_dask_extract_rejects_a_bad_file_before_starting(tmp_path):
    good = write_corpus(tmp_path / "calls", 1, langs=("en",), paragraphs=2)[0]
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import dask_extract
    finally:
        sys.path.pop(0)
    db = tmp_path / "l.db"
    assert dask_extract.main(["--db", str(db), str(good), str(bad)]) == 1
    with Ledger(db) as led:
        assert led.counts()["documents"] == 0


def test_ingest_with_two_workers_stores_what_one_worker_stores(tmp_path):
    from typer.testing import CliRunner

    from claims.cli import app

    paths = write_corpus(tmp_path / "calls", 4, langs=("en", "zh"), paragraphs=3, seed=9)
    dbs = {}
    for workers in (1, 2):
        dbs[workers] = tmp_path / f"w{workers}.db"
        r = CliRunner().invoke(app, ["--db", str(dbs[workers]), "ingest", *map(str, paths), "--workers", str(workers)])
        assert r.exit_code == 0, r.output
    assert _claims(dbs[2]) == _claims(dbs[1]) and len(_claims(dbs[1])) > 0
    with Ledger(dbs[2]) as led:
        assert led.audit().ok and [d.source for d in led.documents()] == list(map(str, paths))
