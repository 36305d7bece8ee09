"""Shared by the crash-safety and concurrency tests: run the CLI in a subprocess, read a ledger raw."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from claims.extract import extract_file
from claims.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent


def claims_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "claims", "--db", str(db), *args]


def spawn(cmd: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def documents_committed(db: Path) -> int:
    """Committed documents, read without taking any lock the writer could wait on."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def assert_documents_complete(led: Ledger, paths: list[Path]) -> int:
    """Every stored document holds exactly the mentions a fresh extraction of its file gives."""
    by_source = {str(p): p for p in paths}
    stored = 0
    for doc in led.documents():
        fresh, _text = extract_file(by_source[doc.source])
        with led.engine.connect() as conn:
            from sqlalchemy import text

            rows = conn.execute(text('SELECT id, start, "end" FROM mentions WHERE doc_id = :d'), {"d": doc.id}).all()
        assert sorted(tuple(r) for r in rows) == sorted((mn.id, mn.start, mn.end) for mn in fresh.claims), doc.source
        stored += 1
    return stored
