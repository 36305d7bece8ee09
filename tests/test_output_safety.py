"""Output safety (issue 17, items 5-8 and the output rows of 10): what a ledger holds is shown as
text, never run — not as Rich markup or terminal escapes, not as HTML, not as broken XML — and
output files are written whole, through files the command created itself."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.core.errors import BadInput
from claims.ledger import Ledger
from tests.factories import make_extraction

runner = CliRunner()

NASTY = [
    "Thanks [/inaudible] we will grow 10% next year",
    "Click [link=https://evil.example]here[/link] for 2026 guidance",
    "We will \x1b[2J\x1b]0;pwned\x07clear the screen by 2027",
]


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def nasty(tmp_path) -> Path:
    db = tmp_path / "l.db"
    with Ledger(db) as led:
        led.ingest(make_extraction("nasty-call", [
            {"text": t, "speaker": "[bold]Ann[/bold] \x1b[31mLee", "end": dt.date(2025, 1, 31)} for t in NASTY]))
    return db


# ------------------------------------------------------------------ 6. terminal tables
@pytest.mark.parametrize("command", [["list"], ["due", "--as-of", "2026-01-01"], ["upcoming", "--days", "3650", "--as-of", "2024-01-01"]])
def test_tables_print_rich_markup_as_plain_text(nasty, command):
    r = run(nasty, *command)
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.split())
    assert "[/inaudible]" in flat
    assert "[link=https://evil.example]here[/link]" in flat.replace(" ", "") or "[link=https://evil.example]" in flat
    assert "[bold]Ann[/bold]" in flat


@pytest.mark.parametrize("command", [["list"], ["show", "{id}", "--format", "table"], ["history", "{id}"]])
def test_tables_make_control_characters_visible(nasty, command):
    with Ledger(nasty) as led:
        cid = next(c.id for c in led.list_claims() if "\x1b" in c.text)
    r = run(nasty, *[a.replace("{id}", cid) for a in command])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b" in r.stdout.replace("\n", "").replace(" ", "").replace("│", "")


# ------------------------------------------------------------------ 5. HTML
def test_add_link_refuses_a_type_outside_the_closed_set(nasty):
    with Ledger(nasty) as led:
        a, b = [c.id for c in led.list_claims()][:2]
        with pytest.raises(BadInput, match="link type must be one of"):
            led.add_link(a, b, "<script>alert(1)</script>")


def test_report_escapes_a_link_type_stored_behind_the_ledgers_back(nasty, tmp_path):
    with Ledger(nasty) as led:
        a, b = [c.id for c in led.list_claims()][:2]
    with sqlite3.connect(nasty) as db:
        db.execute("INSERT INTO links (src, dst, type, score, seq) VALUES (?, ?, ?, 1.0, 1)",
                   (a, b, "<script>alert(1)</script>"))
    out = tmp_path / "report"
    r = run(nasty, "report", "-o", str(out))
    assert r.exit_code == 0, r.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ------------------------------------------------------------------ 7. GraphML
def test_graphml_with_control_characters_is_well_formed_and_reads_back(nasty, tmp_path):
    out = tmp_path / "g.graphml"
    r = run(nasty, "graph", "--format", "graphml", "-o", str(out))
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out)
    texts = [d.get("text", "") for _, d in g.nodes(data=True)]
    assert any("\\x1b[2J" in t for t in texts)
    assert not any("\x1b" in t for t in texts)


# ------------------------------------------------------------------ 8. symlinks in a report folder
def test_report_never_writes_through_a_planted_symlink(nasty, tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    victims = {}
    names = ["index.html", "report.json", "timeline.svg", "graph.svg", "timeline.png", "graph.png",
             "index.html.tmp", "calibration-1.svg"]
    for name in names:
        victim = tmp_path / f"victim-{name}"
        victim.write_text("precious", encoding="utf-8")
        (out / name).symlink_to(victim)
        victims[name] = victim
    r = run(nasty, "report", "-o", str(out))
    assert r.exit_code == 0, r.output
    for name, victim in victims.items():
        assert victim.read_text(encoding="utf-8") == "precious", name
    assert not (out / "index.html").is_symlink() and "<html" in (out / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 10. output files: one Error line, no leftovers
def test_report_onto_a_dangling_symlink_is_one_error_line(nasty, tmp_path):
    link = tmp_path / "gone"
    link.symlink_to(tmp_path / "nowhere")
    r = run(nasty, "report", "-o", str(link))
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and "symbolic link" in r.stderr


@pytest.mark.parametrize("where", ["missing-folder", "directory"])
def test_export_to_a_bad_path_is_one_error_line_and_leaves_nothing(nasty, tmp_path, where):
    folder = tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    target = folder / "missing" / "x.jsonl" if where == "missing-folder" else folder / "sub"
    r = run(nasty, "export", "-o", str(target))
    assert r.exit_code == 1 and r.stderr.startswith("Error: cannot write"), r.output
    assert os.listdir(folder) == ["sub"] and os.listdir(folder / "sub") == []


def _run_limited(args: list[str], cwd: Path, limit: int):
    """The CLI in a subprocess whose files cannot grow past `limit` bytes (a full disk, as the
    process sees it: writes fail with EFBIG)."""
    import resource
    import signal
    import subprocess
    import sys

    def limit_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    root = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-m", "claims", *args], cwd=cwd, capture_output=True, text=True,
                          preexec_fn=limit_files, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)


def test_export_onto_a_full_disk_is_one_error_line_and_leaves_no_file(tmp_path):
    db = tmp_path / "big.db"
    with Ledger(db) as led:
        led.ingest(make_extraction("big", [{"text": f"We will open {i} stores by 2027 " + "x" * 300, "speaker": "Ann"}
                                           for i in range(400)]))
    before = set(os.listdir(tmp_path))
    r = _run_limited(["--db", str(db), "export", "-o", str(tmp_path / "out.jsonl")], tmp_path, 64 * 1024)
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("Error: cannot write") and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert set(os.listdir(tmp_path)) - {"big.db-wal", "big.db-shm"} == before - {"big.db-wal", "big.db-shm"}
