"""`claims import` verifies before it writes (issue 17, items 1-3 and the import rows of 10).

A file is checked in full — JSON objects, the typed event models, the closed sets of verdicts and
link types, the file's own hash chain, a whole history, its checkpoint and signature — and a broken
one is refused whole with `Error: line N: ...`, the ledger unchanged. Events already present are
skipped by content, so a second import adds nothing; a foreign history appended to a non-empty
ledger is announced by a `history_imported` event naming the source's head.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger, event_hash
from claims.ledger.store import dumps
from tests.factories import make_extraction
from tests.graphfixtures import build

runner = CliRunner()


def run(db: Path, *args: str, input: str | None = None):
    return runner.invoke(app, ["--db", str(db), *args], input=input)


def snapshot(db: Path) -> tuple[dict[str, int], str]:
    with Ledger(db) as led:
        buf = io.StringIO()
        led.export_jsonl(buf)
        return led.counts(), buf.getvalue()


@pytest.fixture
def source(tmp_path) -> Path:
    """A ledger with documents, claims, mentions, a verdict and links."""
    path = tmp_path / "source.db"
    with Ledger(path) as led:
        ids = build(led)
        led.verify(ids["retail"], "kept", "spending fell", actor="tester")
    return path


@pytest.fixture
def export(source, tmp_path) -> Path:
    out = tmp_path / "ledger.jsonl"
    r = run(source, "export", "-o", str(out))
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture
def target(tmp_path) -> Path:
    """A non-empty ledger of its own (another company's call)."""
    path = tmp_path / "target.db"
    with Ledger(path) as led:
        led.ingest(make_extraction("target-call", [{"text": "We will hire 200 engineers in 2026",
                                                     "speaker": "Ann Lee", "end": dt.date(2026, 12, 31)}]))
    return path


def lines_of(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]


def write_lines(path: Path, objs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return path


def rehash(objs: list[dict]) -> list[dict]:
    """Recompute the whole chain, as a forger without a key can."""
    prev = None
    for o in objs:
        o["prev_hash"] = prev
        o["hash"] = prev = event_hash(prev, o["type"], o["claim_id"], o["doc_id"], dumps(o["payload"]), o["at"], o["actor"])
    return objs


def assert_refused(r, pattern: str):
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    assert pattern in lines[0], lines[0]


# ------------------------------------------------------------------ 1. tampering is refused
@pytest.mark.parametrize("into", ["empty", "non-empty"])
def test_import_refuses_an_export_with_an_edited_verdict(export, target, tmp_path, into):
    objs = lines_of(export)
    n = next(i for i, o in enumerate(objs, 1) if o["type"] == "verdict_recorded")
    objs[n - 1]["payload"]["verdict"]["verdict"] = "broken"
    bad = write_lines(tmp_path / "edited.jsonl", objs)
    db = tmp_path / "empty.db" if into == "empty" else target
    before = snapshot(db) if db.exists() else None
    r = run(db, "import", str(bad))
    assert_refused(r, f"line {n}: the hash does not match")
    if before:
        assert snapshot(db) == before


def test_import_refuses_an_export_with_an_edited_claim_text(export, target, tmp_path):
    objs = lines_of(export)
    n = next(i for i, o in enumerate(objs, 1) if o["type"] == "claim_created")
    objs[n - 1]["payload"]["claim"]["text"] = "something else entirely"
    before = snapshot(target)
    assert_refused(run(target, "import", str(write_lines(tmp_path / "e.jsonl", objs))), f"line {n}:")
    assert snapshot(target) == before


def test_import_refuses_a_hand_written_one_line_verdict(source, target, tmp_path):
    """A back-dated verdict by anyone, with a correct hash: not an export (no claim it refers to)."""
    with Ledger(source) as led:
        cid = led.list_claims()[0].id
    forged = rehash([{"seq": 1, "claim_id": cid, "doc_id": None, "type": "verdict_recorded",
                      "payload": {"verdict": {"verdict": "broken", "evidence": "made up", "source": None, "date": None,
                                              "recorded_at": "2020-01-01T00:00:00Z", "actor": "ceo"}},
                      "at": "2020-01-01T00:00:00.000000+00:00", "actor": "ceo"}])
    before = snapshot(target)
    assert_refused(run(target, "import", str(write_lines(tmp_path / "v.jsonl", forged))), "line 1: verdict_recorded refers to claim")
    assert snapshot(target) == before


def test_import_refuses_a_removed_event(export, target, tmp_path):
    objs = lines_of(export)
    del objs[2]
    assert_refused(run(target, "import", str(write_lines(tmp_path / "cut.jsonl", objs))), "line 3: prev_hash")


@pytest.mark.parametrize("field, value, message", [
    ("verdict", "mostly-kept", "verdict_recorded: verdict.verdict"),
    ("link", "<script>alert(1)</script>", "link_added: type"),
])
def test_import_refuses_values_outside_the_closed_sets_even_rehashed(export, target, tmp_path, field, value, message):
    objs = lines_of(export)
    etype = "verdict_recorded" if field == "verdict" else "link_added"
    n = next(i for i, o in enumerate(objs, 1) if o["type"] == etype)
    if field == "verdict":
        objs[n - 1]["payload"]["verdict"]["verdict"] = value
    else:
        objs[n - 1]["payload"]["type"] = value
    assert_refused(run(target, "import", str(write_lines(tmp_path / "x.jsonl", rehash(objs)))), f"line {n}: {message}")


def test_rehashed_export_is_refused_by_its_signature(source, target, tmp_path):
    key = tmp_path / "key"
    key.write_text("a-secret-of-32-characters-or-so!\n", encoding="utf-8")
    out = tmp_path / "signed.jsonl"
    assert run(source, "export", "-o", str(out), "--sign-key", str(key)).exit_code == 0
    assert run(tmp_path / "copy.db", "import", str(out), "--sign-key", str(key)).exit_code == 0
    objs = lines_of(out)
    objs[-1]["actor"] = "someone-else"
    write_lines(out, rehash(objs))  # a consistent chain, and the checkpoint's head patched to match
    cp = json.loads((tmp_path / "signed.jsonl.checkpoint.json").read_text(encoding="utf-8"))
    cp["head"] = objs[-1]["hash"]
    (tmp_path / "signed.jsonl.checkpoint.json").write_text(json.dumps(cp), encoding="utf-8")
    assert_refused(run(target, "import", str(out), "--sign-key", str(key)), "signature does not verify")


def test_import_refuses_a_file_cut_short_against_its_checkpoint(export, target):
    text = export.read_text(encoding="utf-8").split("\n")
    export.write_text("\n".join(text[:-3]) + "\n", encoding="utf-8")
    assert_refused(run(target, "import", str(export)), "the file was cut short")


# ------------------------------------------------------------------ 2. duplicates by content
def test_importing_the_same_export_twice_adds_nothing_the_second_time(export, target):
    r1 = run(target, "import", str(export))
    assert r1.exit_code == 0, r1.output
    after_first = snapshot(target)
    r2 = run(target, "import", str(export))
    assert r2.exit_code == 0, r2.output
    assert "imported 0 events" in r2.stdout
    assert snapshot(target) == after_first
    assert json.loads(run(target, "audit", "--format", "json").stdout)["ok"] is True


def test_foreign_history_is_recorded_with_its_source_head(export, target):
    head = lines_of(export)[-1]["hash"]
    assert run(target, "import", str(export)).exit_code == 0
    with Ledger(target) as led:
        marks = [e for e in led.iter_events() if e.type == "history_imported"]
    assert len(marks) == 1
    assert marks[0].payload["source_head"] == head
    assert marks[0].payload["source_events"] == len(lines_of(export))
    assert marks[0].payload["added"] == len(lines_of(export))


def test_import_into_an_empty_ledger_is_an_exact_copy_without_a_marker(export, tmp_path):
    copy = tmp_path / "copy.db"
    assert run(copy, "import", str(export)).exit_code == 0
    with Ledger(copy) as led:
        assert not [e for e in led.iter_events() if e.type == "history_imported"]
    assert snapshot(copy)[1] == export.read_text(encoding="utf-8")


# ------------------------------------------------------------------ 10. malformed lines and files
@pytest.mark.parametrize("line, message", [
    ("[1,2]", "line 1: not a ledger event (a JSON object was expected, got an array)"),
    ("null", "line 1: not a ledger event (a JSON object was expected, got null)"),
    ('{"type": "claim_created"}', "line 1: not a ledger event: seq, payload, at, hash missing"),
    ("{not json", "line 1: not JSON"),
])
def test_malformed_import_lines_are_one_error_line(target, tmp_path, line, message):
    f = tmp_path / "bad.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    assert_refused(run(target, "import", str(f)), message)


def test_import_line_missing_payload_keys_names_the_line(export, target, tmp_path):
    objs = lines_of(export)
    del objs[1]["payload"]["mention"]
    assert_refused(run(target, "import", str(write_lines(tmp_path / "m.jsonl", rehash(objs)))), "line 2: claim_created: mention")


def test_import_of_a_directory_is_one_error_line(target, tmp_path):
    assert_refused(run(target, "import", str(tmp_path)), "is a directory")


# ------------------------------------------------------------------ 3. any text round-trips
def test_export_escapes_unicode_line_separators(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as led:
        led.ingest(make_extraction("c", [{"text": "Capex\u2028will\u2029shrink\x85soon", "speaker": "Ann"}]))
        cid = led.list_claims()[0].id
        led.verify(cid, "kept", "line\u2028separator")
        buf = io.StringIO()
        led.export_jsonl(buf)
    assert len(buf.getvalue().splitlines()) == 3  # Unicode-aware splitting sees 3 lines, not more
    out = tmp_path / "x.jsonl"
    assert run(db, "export", "-o", str(out)).exit_code == 0
    r = run(tmp_path / "copy.db", "import", str(out))
    assert r.exit_code == 0, r.output
    with Ledger(tmp_path / "copy.db") as copy:
        assert copy.get_claim(cid).text == "Capex\u2028will\u2029shrink\x85soon"


ANY_TEXT = st.text(alphabet=st.one_of(st.sampled_from("\u2028\u2029\x85\x0b\x0c\x1c\r\n\"\\[]"),
                                      st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
                   min_size=1, max_size=40).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT, evidence=ANY_TEXT)
@example(text="Capex\u2028will\x85shrink", evidence="done\u2029ok")
def test_export_import_round_trips_any_text(tmp_path_factory, text, evidence):
    """Through the real commands: `claims export -o` then `claims import` into a new ledger."""
    base = tmp_path_factory.mktemp("rt")
    with Ledger(base / "a.db") as led:
        led.ingest(make_extraction("doc", [{"text": text, "speaker": "Ann"}]))
        cid = led.list_claims()[0].id
        led.verify(cid, "partial", evidence)
    dump = base / "a.jsonl"
    assert run(base / "a.db", "export", "-o", str(dump)).exit_code == 0
    r = run(base / "b.db", "import", str(dump))
    assert r.exit_code == 0, r.output
    with Ledger(base / "b.db") as copy:
        again = io.StringIO()
        copy.export_jsonl(again)
        claim = copy.get_claim(cid)
        assert copy.audit().ok
    assert again.getvalue() == dump.read_text(encoding="utf-8")
    assert claim.text == text and claim.verdicts[0].evidence == evidence.strip()
