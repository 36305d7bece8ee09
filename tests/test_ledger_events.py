"""Typed, versioned events: old payloads are upcast when read, the fold is pure and reads only the log."""
from __future__ import annotations

import builtins
import datetime as dt
import io
import json

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from claims import migrations as m
from claims.core import registry
from claims.core.errors import DataFileError, LedgerError
from claims.core.models import Event, Speaker
from claims.ledger import Ledger, event_hash
from claims.ledger import events as ev_mod
from claims.ledger import fold as fold_mod
from claims.ledger.events import EVENT_TYPES, MODELS, SCHEMA_KEY, parse, upcast
from claims.ledger.fold import FOLDS, Delete, Insert, SessionState, Update, fold
from claims.ledger.store import dumps
from tests.factories import make_extraction, make_outcome_doc

D = dt.date
_real_open = builtins.open
AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def alibaba_call(key="zh-call"):
    """A document whose company the registry knows: its people link 吴泳铭 to Eddie Wu."""
    return make_extraction(key, [
        {"text": "三年內帶來萬億成交", "speaker": "吳泳銘", "end": D(2028, 11, 25), "topics": ["gmv"]},
        {"text": "雲收入將增長", "speaker": "吳泳銘", "end": D(2025, 12, 31)},
        {"text": "三年內萬億成交", "speaker": "吳泳銘", "end": D(2028, 11, 25), "claim": "三年內帶來萬億成交"},
    ], company="阿里巴巴集團", lang="zh",
        speakers=[Speaker(name="吳泳銘", aliases=["吴泳铭"], role="CEO", org="阿里巴巴集團")])


def tables(led: Ledger) -> dict[str, list[tuple]]:
    """Every query table, rows sorted: the state a fold produces."""
    with led.engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in fold_mod.PROJECTIONS}


def stored_events(led: Ledger) -> list[tuple]:
    with led.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(m.events).order_by(m.events.c.seq))]


def as_previous_code_stored(exported: str) -> list[str]:
    """The export of a ledger, with every payload as the code before typed events wrote it
    (`document_ingested` was `{"document": ...}` only) and the hash chain recomputed over those bytes."""
    out, prev = [], None
    for line in exported.splitlines():
        obj = json.loads(line)
        if obj["type"] == "document_ingested":
            obj["payload"] = {"document": obj["payload"]["document"]}
        if obj["type"] == "verdict_recorded":  # v1 verdicts had no `suggested` flag and no version key
            verdict = {k: v for k, v in obj["payload"]["verdict"].items() if k != "suggested"}
            obj["payload"] = {"verdict": verdict}
        at = dt.datetime.fromisoformat(obj["at"]).isoformat(timespec="microseconds")
        obj["prev_hash"] = prev
        obj["hash"] = prev = event_hash(prev, obj["type"], obj["claim_id"], obj["doc_id"], dumps(obj["payload"]),
                                        at, obj["actor"])
        out.append(json.dumps(obj, ensure_ascii=False))
    return out


@pytest.fixture
def filled(ledger_url):
    with Ledger(ledger_url) as led:
        led.ingest(alibaba_call())
        cid = led.list_claims(speaker="Eddie Wu", as_of=D(2026, 1, 1))[0].id
        led.verify(cid, "kept", "done", actor="ana")
        led.reopen(cid, "restated", actor="ana")
        led.edit(cid, {"topics": ["cloud"], "confidence": 0.9}, actor="ana")
        a, b = [c.id for c in led.list_claims()][:2]
        led.add_link(a, b, "reiterates", 0.8, actor="linker")
        led.ingest(make_outcome_doc("results-release", [
            {"text": "Revenue grew 12% in the quarter", "metric": "revenue", "direction": "up",
             "figures": [(12.0, "%")], "period": (D(2026, 1, 1), D(2026, 3, 31))}]))
        with Ledger(memory=True) as other:  # a foreign history appended: history_imported
            other.ingest(make_extraction("foreign-call", [{"text": "We will open 3 plants by 2027", "speaker": "Ann Lee"}]))
            foreign = io.StringIO()
            other.export_jsonl(foreign)
        led.import_jsonl(foreign.getvalue(), actor="ana")
        yield led


# ------------------------------------------------------------------ the models
def test_every_event_type_has_a_model_and_a_fold():
    assert set(EVENT_TYPES) == set(MODELS) == set(FOLDS)
    assert {"document_ingested", "claim_created", "mention_added", "verdict_recorded", "claim_reopened",
            "claim_edited", "link_added"} <= set(EVENT_TYPES)


def test_new_document_event_records_the_registry_people_and_its_version(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        led.ingest(alibaba_call())
        payload = json.loads(stored_events(led)[0][4])
    assert payload[SCHEMA_KEY] == MODELS["document_ingested"].SCHEMA_VERSION == 2
    people = {p["name"]: p for p in payload["people"]}
    assert "Eddie Wu" in people["吳泳銘"]["aliases"] and people["吳泳銘"]["org"] == "阿里巴巴集團"


def test_unchanged_event_types_store_the_same_bytes_as_before(tmp_path):
    """Version 1 payloads carry no version key: what the code wrote before versions existed."""
    with Ledger(tmp_path / "l.db") as led:
        led.ingest(alibaba_call())
        for row in stored_events(led)[1:]:
            payload = json.loads(row[4])
            assert SCHEMA_KEY not in payload
            assert set(payload) <= {"claim", "mention", "company"}


# (type, payload as stored by older code, what the current model holds)
UPCAST_ROWS = [
    ("document_ingested", {"document": {"id": "d1", "lang": "en", "company": "Acme Corp"}},
     {"people": [], SCHEMA_KEY: 2}),
    ("document_ingested", {"document": {"id": "d2", "lang": "zh", "company": "阿里巴巴集團"}},
     {SCHEMA_KEY: 2}),
    ("claim_reopened", {"reason": "restated"}, {"reason": "restated"}),
    ("link_added", {"src": "a", "dst": "b", "type": "revises", "score": None}, {"type": "revises"}),
    ("claim_edited", {"changes": {"text": "x"}}, {"changes": {"text": "x"}}),
    ("verdict_recorded", {"verdict": {"verdict": "kept", "evidence": "done"}},
     {"verdict": {"verdict": "kept", "evidence": "done", "suggested": False}, SCHEMA_KEY: 2}),
]


@pytest.mark.parametrize("etype,stored,expected", UPCAST_ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(UPCAST_ROWS)])
def test_upcast_turns_a_stored_payload_into_the_current_one(etype, stored, expected):
    before = json.dumps(stored, sort_keys=True)
    current = upcast(etype, stored)
    assert json.dumps(stored, sort_keys=True) == before  # the stored payload is never rewritten
    assert {k: current[k] for k in expected} == expected
    data = parse(Event(type=etype, payload=stored, at=AT))
    assert isinstance(data, MODELS[etype])


def test_upcast_of_old_document_event_fills_people_from_the_registry():
    data = parse(Event(type="document_ingested", at=AT,
                       payload={"document": {"id": "d2", "lang": "zh", "company": "阿里巴巴集團"}}))
    assert any("Eddie Wu" in p.aliases for p in data.people)


def test_event_from_a_newer_schema_is_refused():
    with pytest.raises(LedgerError, match="schema version 3"):
        upcast("document_ingested", {"document": {"id": "d", "lang": "en"}, SCHEMA_KEY: 3})


def test_unknown_event_type_is_refused():
    with pytest.raises(LedgerError, match="unknown event type"):
        parse(Event(type="claim_deleted", payload={}, at=AT))


# ------------------------------------------------------------------ old ledgers
def test_old_format_events_are_upcast_and_fold_to_the_same_state(filled, new_ledger_url):
    buf = io.StringIO()
    filled.export_jsonl(buf)
    old_lines = as_previous_code_stored(buf.getvalue())
    assert "people" not in old_lines[0] and SCHEMA_KEY not in old_lines[0]
    with Ledger(new_ledger_url()) as old:
        old.import_jsonl(old_lines)  # into an empty ledger: stored exactly, folded through the upcasters
        stored = stored_events(old)
        assert old.audit().ok
        assert tables(old) == tables(filled)
        assert old.rebuild() == len(stored)
        assert tables(old) == tables(filled)
        assert stored_events(old) == stored  # reading never rewrites an event
        assert old.audit().ok
        assert len(old.list_claims(speaker="Eddie Wu")) == len(filled.list_claims(speaker="Eddie Wu")) > 0


# ------------------------------------------------------------------ rebuild reads only the log
def _registry_unavailable(*_a, **_k):
    raise DataFileError("companies.yaml is unavailable (test)")


def test_rebuild_gives_the_same_tables_with_the_registry_unavailable(filled, monkeypatch):
    before = tables(filled)
    monkeypatch.setattr(registry, "load_companies", _registry_unavailable)
    monkeypatch.setattr(ev_mod, "find_company", _registry_unavailable)
    filled.rebuild()
    assert tables(filled) == before
    assert filled.audit().ok


# ------------------------------------------------------------------ the fold is pure
class DictState:
    """`State` with no database behind it."""

    def __init__(self, claims: dict[str, dict], aliases: set[tuple[str, str]]):
        self.claims, self.aliases = claims, aliases

    def claim_payload(self, claim_id):
        return json.loads(json.dumps(self.claims[claim_id]))

    def has_alias(self, alias_key, speaker_key):
        return (alias_key, speaker_key) in self.aliases


def _events_of(led: Ledger) -> list[Event]:
    return list(led.iter_events())


def test_each_event_type_occurs_in_the_purity_fixture(filled):
    assert {e.type for e in _events_of(filled)} == set(EVENT_TYPES)


@pytest.mark.parametrize("etype", EVENT_TYPES)
def test_fold_is_pure_same_input_same_output_no_writes(filled, etype, monkeypatch):
    """Folding reads the session it is given and nothing else (no registry, no files) and writes
    nothing: the changes it returns are all it does."""
    events = [e for e in _events_of(filled) if e.type == etype]
    before_tables, before_events = tables(filled), stored_events(filled)
    monkeypatch.setattr(registry, "load_companies", _registry_unavailable)
    monkeypatch.setattr(ev_mod, "find_company", _registry_unavailable)
    statements: list[str] = []

    def no_files(*a, **k):
        raise AssertionError(f"the fold opened a file: {a!r}")

    def record(conn, cursor, statement, *rest):
        statements.append(statement)

    sa_event.listen(filled.engine, "before_cursor_execute", record)
    try:
        with filled.engine.connect() as conn:
            state = SessionState(conn)
            monkeypatch.setattr(builtins, "open", no_files)
            outputs = [(fold(e, state), fold(e, state)) for e in events]
            monkeypatch.setattr(builtins, "open", _real_open)
    finally:
        sa_event.remove(filled.engine, "before_cursor_execute", record)
    for first, second in outputs:
        assert first == second and (first or etype == "history_imported")  # provenance only: no table change
        assert all(isinstance(ch, (Insert, Update, Delete)) for ch in first)
    assert all(s.lstrip().upper().startswith(("SELECT", "BEGIN")) for s in statements), statements
    assert tables(filled) == before_tables and stored_events(filled) == before_events


@pytest.mark.parametrize("etype", EVENT_TYPES)
def test_fold_needs_no_database(filled, etype):
    """Given a state as plain data, a fold returns the same changes as against the tables."""
    with filled.engine.connect() as conn:
        rows = conn.execute(select(m.claims.c.id, m.claims.c.payload)).all()
        aliases = {tuple(r) for r in conn.execute(select(m.speaker_aliases.c.alias_key, m.speaker_aliases.c.speaker_key))}
        state = DictState({r[0]: json.loads(r[1]) for r in rows}, aliases)
        for e in (e for e in _events_of(filled) if e.type == etype):
            assert fold(e, state) == fold(e, SessionState(conn))
