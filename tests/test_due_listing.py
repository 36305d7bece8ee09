"""The pre-rendered due listing (`due_listing`, migration m005): what `claims due --format json|jsonl`
prints from it equals what printing the claims built the old way gives, on both backends, after
every kind of event, after a rebuild, an import and an upgrade; audit catches a tampered row.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import random
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from claims import migrations as m
from claims.cli import app
from claims.cli.app import print_utf8
from claims.core.jsontext import ITEM, listing_item, listing_text
from claims.core.models import VERDICTS
from claims.ledger import Ledger, listing
from tests.claimfactory import doc, extraction, mention
from tests.randomledger import AS_OF_DATES, build_random_ledger
from tests.test_ledger_scale import JSON_VALUES, _reference_due

runner = CliRunner()


def _printed(claims, fmt: str) -> bytes:
    """What `print_json_array` / `print_jsonl` printed for these claims before the listing was kept."""
    dumps = [c.model_dump(mode="json") for c in claims]
    if fmt == "json":
        return (json.dumps(dumps, ensure_ascii=False, indent=1) + "\n").encode()
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dumps).encode()


def _due_text(ledger: Ledger, as_of: dt.date, fmt: str, **kw) -> bytes:
    return b"".join(ledger.due_text(as_of, fmt=fmt, **kw))


def _assert_listing_matches(ledger: Ledger, as_of_dates=AS_OF_DATES) -> None:
    for as_of in as_of_dates:
        reference = _reference_due(ledger, as_of)
        for fmt in ("json", "jsonl"):
            assert _due_text(ledger, as_of, fmt) == _printed(reference, fmt), (as_of, fmt)


@pytest.fixture
def random_ledger(ledger_url: str) -> str:
    with Ledger(ledger_url) as led:
        build_random_ledger(led)
    return ledger_url


@pytest.mark.parametrize("as_of", AS_OF_DATES)
@pytest.mark.parametrize("speaker", [None, "陈明"])
@pytest.mark.parametrize("limit", [None, 1, 5])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_due_listing_prints_what_the_claims_built_one_by_one_print(random_ledger, as_of, speaker, limit, fmt):
    ledger = Ledger(random_ledger)
    reference = _reference_due(ledger, as_of, speaker)[:limit]
    assert _due_text(ledger, as_of, fmt, speaker=speaker, limit=limit) == _printed(reference, fmt)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_due_listing_cli_prints_the_old_bytes(random_ledger, fmt):
    ledger = Ledger(random_ledger)
    as_of = dt.date(2026, 1, 1)
    r = runner.invoke(app, ["--db", random_ledger, "due", "--as-of", as_of.isoformat(), "--format", fmt])
    assert r.exit_code == 0, r.stderr
    assert r.stdout_bytes == _printed(_reference_due(ledger, as_of), fmt)
    assert r.stdout.count('"status": "due"') > 3


def test_due_listing_follows_every_kind_of_event(new_ledger_url):
    """Random ingests, second mentions in later documents, verdicts, re-openings, edits (deadline
    moved, dropped, added; speaker, text, topics) and links: after each step the listing prints what
    the claims do, and it equals a rebuild from the log."""
    rng = random.Random(5)
    ledger = Ledger(new_ledger_url())
    ids: list[str] = []
    deadlines = (None, "2024-06-30", "2025-03-31", "2025-12-31", "2027-06-30")
    for step in range(14):
        doc_id = f"ev-{step}"
        mentions = [mention(doc_id, f"Claim {k} of step {step} will happen", speaker=rng.choice(("Ada Lin", "陈明", None)),
                            end=rng.choice(deadlines), offset=100 * k, confidence=rng.choice((0.3, 0.75)))
                    for k in range(3)]
        if ids:  # a later mention of an earlier claim
            mentions.append(mention(doc_id, f"Repeated in step {step}", offset=900).model_copy(
                update={"claim_id": rng.choice(ids)}))
        ledger.ingest(extraction(doc(doc_id, date=f"2023-0{1 + step % 9}-10"), *mentions))
        ids += [mn.claim_id for mn in mentions[:3]]
        cid = rng.choice(ids)
        action = step % 5
        status = ledger.get_claim(cid).status
        if action == 0 and status in ("open", "due"):
            ledger.verify(cid, rng.choice(VERDICTS), "checked", actor="t")
        elif action == 1 and status not in ("open", "due"):
            ledger.reopen(cid, "new facts", actor="t")
        elif action == 2:
            end = rng.choice(deadlines[1:])
            ledger.edit(cid, {"horizon": {"text": "by then", "start": None, "end": end} if step % 2 else None,
                              "text": f"Edited at step {step}", "topics": ["capex"]}, actor="t")
        elif action == 3:
            ledger.edit(cid, {"speaker": {"name": "Bo Chen", "role": "CEO", "org": None}}, actor="t")
        else:
            other = rng.choice(ids)
            if other != cid:
                ledger.add_link(cid, other, rng.choice(("reiterates", "revises")), score=0.5, actor="t")
        _assert_listing_matches(ledger, (dt.date(2026, 1, 1), dt.date(2030, 1, 1)))
    assert ledger.audit().ok
    ledger.rebuild()
    _assert_listing_matches(ledger)


def test_due_listing_keeps_open_dated_claims_only(random_ledger):
    ledger = Ledger(random_ledger)
    with ledger.store.read() as conn:
        listed = {r[0] for r in conn.execute(select(m.due_listing.c.claim_id))}
        c = m.claims.c
        open_dated = {r[0] for r in conn.execute(select(c.id).where(c.status == "open", c.horizon_end.is_not(None)))}
    assert listed == open_dated and listed


def test_due_listing_parts_fit_a_page_and_join_again(ledger_url):
    """A claim whose JSON is many times a part (a long text, CJK, many mentions) is cut into parts of
    at most PART_BYTES and prints whole."""
    ledger = Ledger(ledger_url)
    long = "營收預計將在明年顯著增長，" * 80 + " we expect growth"
    ledger.ingest(extraction(doc("long-0"), mention("long-0", long, end="2025-06-30")))
    cid = ledger.list_claims()[0].id
    for d in range(1, 6):
        ledger.ingest(extraction(doc(f"long-{d}"), mention(f"long-{d}", f"again {d}: {long}", offset=7).model_copy(
            update={"claim_id": cid})))
    with ledger.store.read() as conn:
        sizes = [len(r[0]) for r in conn.execute(select(m.due_listing.c.body).order_by(m.due_listing.c.part))]
    assert len(sizes) > 10 and max(sizes) <= listing.PART_BYTES
    _assert_listing_matches(ledger, (dt.date(2026, 1, 1),))


def test_due_listing_survives_export_and_import(random_ledger, new_ledger_url, tmp_path):
    source = Ledger(random_ledger)
    buf = io.StringIO()
    source.export(buf)
    copy = Ledger(new_ledger_url())
    copy.import_jsonl(buf.getvalue())
    _assert_listing_matches(copy)
    merged = Ledger(new_ledger_url())  # into a non-empty ledger: appended, re-chained
    merged.ingest(extraction(doc("other"), mention("other", "We will open ten stores", end="2025-01-31")))
    merged.import_jsonl(buf.getvalue(), actor="t")
    _assert_listing_matches(merged)
    assert merged.audit().ok


def test_due_listing_is_filled_when_an_existing_ledger_upgrades(tmp_path):
    """A ledger written before m005 (no listing) gets it filled when it is next opened."""
    path = tmp_path / "old.db"
    with Ledger(path) as led:
        build_random_ledger(led)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE due_listing")
        db.execute("DELETE FROM _migrations WHERE name = 'm005_due_listing'")
    ledger = Ledger(path)
    _assert_listing_matches(ledger)
    assert ledger.audit().ok


FIRST = "WHERE part = 0 AND created_seq = (SELECT MIN(created_seq) FROM due_listing)"


@pytest.mark.parametrize("sql, says", [
    (f"UPDATE due_listing SET body = CAST(REPLACE(CAST(body AS TEXT), 'Claim', 'Claym') AS BLOB) {FIRST}",
     "part=0): body is b"),
    (f"DELETE FROM due_listing {FIRST}", "is missing"),
    ("INSERT INTO due_listing (horizon_end, created_seq, part, claim_id, body) VALUES ('2020-01-01', 1, 0, 'x', X'00')",
     "is not in the log"),
])
def test_audit_detects_a_tampered_due_listing_row(tmp_path, sql, says):
    """The listing is printed as stored: a row changed behind the ledger's back would print a claim
    the log does not say, so audit compares the table with a rebuild like the other query tables."""
    path = tmp_path / "l.db"
    with Ledger(path) as led:
        build_random_ledger(led, docs=2)
        assert led.audit().ok
    with sqlite3.connect(path) as db:
        assert db.execute(sql).rowcount == 1
    rep = Ledger(path).audit()
    assert not rep.ok and "table due_listing" in rep.reason and says in rep.reason, rep.reason
    r = runner.invoke(app, ["--db", str(path), "audit"])
    assert r.exit_code == 1 and "table due_listing" in r.stderr


def test_due_listing_scan_is_one_range_scan_of_the_primary_key(tmp_path):
    path = tmp_path / "l.db"
    statements: list[str] = []
    ledger = Ledger(path, tracer=lambda sql, params: statements.append(sql))
    build_random_ledger(ledger)
    statements.clear()
    assert _due_text(ledger, dt.date(2026, 1, 1), "json")
    (scan,) = [s for s in statements if "due_listing" in s]
    with ledger.store.read() as conn:
        plan = " / ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + scan, ("2026-01-01",)))
    assert plan == "SEARCH due_listing USING PRIMARY KEY (horizon_end<?)"


def test_due_listing_is_read_as_it_is_printed(tmp_path):
    """The first claims come before the rest are read: the scan is a stream, not a list."""
    ledger = Ledger(tmp_path / "l.db")
    build_random_ledger(ledger)
    with ledger.store.read() as conn:
        runs = listing.scan(conn, dt.date(2030, 1, 1), fetch=3)
        first = next(runs)
        rest = list(runs)
        total = conn.execute(select(func.count()).select_from(m.due_listing)).scalar_one()
    assert first.startswith(ITEM) and len(rest) + 1 == -(-total // 3)


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON_VALUES, max_size=4))
def test_listing_items_print_as_json_dumps_would(values):
    items = [listing_item(v) for v in values]
    runs = [b"".join(items[:1]), b"", b"".join(items[1:])]
    assert b"".join(listing_text(runs, "json")) == (json.dumps(values, ensure_ascii=False, indent=1) + "\n").encode()
    assert b"".join(listing_text(runs, "jsonl")) == "".join(
        json.dumps(v, ensure_ascii=False) + "\n" for v in values).encode()


def test_print_utf8_writes_text_to_a_stream_without_a_byte_buffer():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print_utf8([b"[\n ", "\"陳明\"".encode(), b"\n]\n"])
    assert buf.getvalue() == '[\n "陳明"\n]\n'


def test_due_listing_table_is_clustered_without_rowid(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    eng = create_engine(f"sqlite:///{path}")
    with eng.connect() as conn:
        ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'due_listing'")).scalar_one()
    assert "WITHOUT ROWID" in ddl and "PRIMARY KEY (horizon_end, created_seq, part)" in ddl
