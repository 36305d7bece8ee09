"""The scale paths give what the slow paths gave, on a random ledger, on SQLite and on PostgreSQL.

Scorecards are counted in SQL (`queries.scorecard_groups` over the covering index of migration
`m003_scorecard_index`); unpaged `due` is read in keyset batches and printed as it comes
(`Ledger.iter_due`, `print_json_array`). Each is compared with the computation it replaced: every
claim hydrated the old way (one pydantic call per mention, then one per claim) and scored or
printed in Python.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import and_, select
from typer.testing import CliRunner

from claims import migrations as m
from claims.cli import app
from claims.cli.app import print_json, print_json_array
from claims.core.jsontext import indented_json
from claims.core.models import Claim, Mention
from claims.ledger import Ledger
from claims.ledger import queries as q
from claims.review import scorecards
from tests.randomledger import AS_OF_DATES, build_random_ledger
from tests.test_scorecard import _reference_cards

runner = CliRunner()


@pytest.fixture
def random_ledger(ledger_url: str) -> str:
    with Ledger(ledger_url) as led:
        build_random_ledger(led)
    return ledger_url


def _reference_due(ledger: Ledger, as_of: dt.date, speaker: str | None = None) -> list[Claim]:
    """`due` as it was computed before streaming: one query sorted by (deadline, age), every mention
    validated on its own, then the claim from `{**payload, ...}`."""
    c, mc = m.claims.c, m.mentions.c
    with ledger.store.read() as conn:
        cond = and_(c.status == "open", c.horizon_end < as_of)
        if speaker:
            cond = and_(cond, c.speaker_key.in_(q.speaker_keys(conn, speaker)))
        rows = conn.execute(select(m.claims).where(cond).order_by(c.horizon_end, c.created_seq)).mappings().all()
        out = []
        for r in rows:
            ms = [Mention.model_validate_json(p) for (p,) in conn.execute(
                select(mc.payload).where(mc.claim_id == r["id"]).order_by(mc.doc_id, mc.start))]
            # links in the order they were recorded (before the due listing: the database's order)
            links = [{"src": lr["src"], "dst": lr["dst"], "type": lr["type"], "score": lr["score"]}
                     for lr in conn.execute(select(m.links).where((m.links.c.src == r["id"]) | (m.links.c.dst == r["id"]))
                                            .order_by(m.links.c.seq)).mappings()]
            out.append(Claim.model_validate({**json.loads(r["payload"]), "id": r["id"], "status": "due", "mentions": ms,
                                             "documents": list(dict.fromkeys(mn.doc_id for mn in ms if mn.doc_id)),
                                             "links": links}))
    return out


def _dumps(claims) -> list[dict]:
    return [c.model_dump(mode="json") for c in claims]


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_scale_scorecards_counted_in_sql_match_scoring_every_claim(random_ledger, as_of):
    ledger = Ledger(random_ledger)
    got = scorecards(ledger, as_of=as_of, include_total=True)
    assert [c.model_dump() for c in got] == [c.model_dump() for c in _reference_cards(ledger, as_of)]


def _naive_card(claims: list[Claim]) -> dict:
    """A card as `score_claims` computed it before exact means: running float sums, rounded."""
    outcome = {"kept": 1.0, "partial": 0.5, "broken": 0.0}
    scored = [(c.confidence, outcome[c.status]) for c in claims if c.status in outcome]
    card = {"claims": len(claims), "open": sum(c.status == "open" for c in claims),
            "due": sum(c.status == "due" for c in claims), "scored": len(scored), "hit_rate": None, "brier": None}
    if scored:
        card["hit_rate"] = round(sum(o for _, o in scored) / len(scored), 4)
        card["brier"] = round(sum((p - o) ** 2 for p, o in scored) / len(scored), 4)
    card["bands"] = []
    for i in range(5):
        inside = [(p, o) for p, o in scored if min(int(p * 5 + 1e-9), 4) == i]
        card["bands"].append((len(inside), round(sum(p for p, _ in inside) / len(inside), 4) if inside else None,
                              round(sum(o for _, o in inside) / len(inside), 4) if inside else None))
    return card


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_scale_scorecards_agree_with_the_running_sums_they_replaced(random_ledger, as_of):
    """Against an independent, pre-change computation: counts equal, means within the 0.0001 a
    rounding edge can move them."""
    ledger = Ledger(random_ledger)
    total = scorecards(ledger, as_of=as_of, include_total=True)[-1]
    ref = _naive_card(ledger.list_claims(as_of=as_of, with_mentions=False))
    assert (total.claims, total.open, total.due, total.scored) == (ref["claims"], ref["open"], ref["due"], ref["scored"])
    assert [b.count for b in total.calibration] == [n for n, _, _ in ref["bands"]]
    pairs = [(total.hit_rate, ref["hit_rate"]), (total.brier, ref["brier"])]
    pairs += [(b.mean_confidence, m_) for b, (_, m_, _) in zip(total.calibration, ref["bands"])]
    pairs += [(b.hit_rate, h) for b, (_, _, h) in zip(total.calibration, ref["bands"])]
    assert all((a is None and b is None) or abs(a - b) <= 1.0001e-4 for a, b in pairs), pairs


def test_scale_scorecard_for_one_person_matches_scoring_their_claims(random_ledger):
    from claims.review import score_claims

    ledger = Ledger(random_ledger)
    as_of = dt.date(2026, 1, 1)
    (card,) = scorecards(ledger, speaker="Chen Ming", as_of=as_of)
    claims = ledger.list_claims(speaker="Chen Ming", as_of=as_of, with_mentions=False)
    ref = score_claims(claims, card.speaker, card.key)
    assert card.model_dump(exclude={"names"}) == ref.model_dump(exclude={"names"})
    assert set(card.names) == {"陳明", "陈明", "Chen Ming"} & {c.speaker.name for c in claims}


@pytest.mark.parametrize("as_of", AS_OF_DATES)
@pytest.mark.parametrize("speaker", [None, "陈明"])
def test_scale_iter_due_streams_what_due_listed(random_ledger, as_of, speaker):
    ledger = Ledger(random_ledger)
    expected = _dumps(_reference_due(ledger, as_of, speaker))
    assert _dumps(ledger.iter_due(as_of, speaker=speaker)) == expected
    assert _dumps(ledger.due(as_of, speaker=speaker)) == expected
    assert _dumps(ledger.iter_due(as_of, speaker=speaker, limit=5)) == expected[:5]


def test_scale_keyset_batches_break_deadline_ties_by_age(random_ledger):
    """Batches of 3 over claims that share deadlines: nothing skipped, nothing repeated."""
    ledger = Ledger(random_ledger)
    as_of = dt.date(2030, 1, 1)
    with ledger.store.read() as conn:
        streamed = [c.id for c in q.iter_claims(conn, as_of=as_of, status="due", batch=3)]
        everything = [c.id for c in q.iter_claims(conn, as_of=as_of, batch=3)]
    assert streamed == [c.id for c in _reference_due(ledger, as_of)]
    assert len(streamed) > 10 and len(set(streamed)) == len(streamed)
    assert everything == [c.id for c in ledger.list_claims(as_of=as_of)]


def test_scale_hydrate_overrides_stale_payload_fields(ledger_url):
    """A stored payload may carry `id`, `status`, `links`, `mentions` of its own (an old export, an
    edit): the row and the mention and link tables win, as `{**payload, ...}` did."""
    with Ledger(ledger_url) as led:
        build_random_ledger(led, docs=1, per_doc=4)
        cid = led.list_claims(as_of=dt.date(2030, 1, 1))[0].id
        with led.store.write() as conn:
            payload = json.loads(conn.execute(select(m.claims.c.payload).where(m.claims.c.id == cid)).scalar_one())
            payload.update(id="stale", status="kept", mentions=[], documents=["nowhere"],
                           links=[{"src": "x", "dst": "y", "type": "revises", "score": 1.0}])
            conn.execute(m.claims.update().where(m.claims.c.id == cid).values(payload=json.dumps(payload)))
        claim = led.get_claim(cid)
    assert claim.id == cid and claim.status != "kept" and claim.mentions
    assert claim.documents == ["rand-17-0"] and all(link["src"] != "x" for link in claim.links)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table"])
def test_scale_due_cli_prints_what_the_listing_prints(random_ledger, fmt):
    """`claims due` streams; `claims list --status due` prints a list: the same bytes (tables after
    their titles, which differ)."""
    args = ["--as-of", "2026-01-01", "--format", fmt]
    streamed = runner.invoke(app, ["--db", random_ledger, "due", *args])
    listed = runner.invoke(app, ["--db", random_ledger, "list", "--status", "due", *args])
    assert streamed.exit_code == 0 and listed.exit_code == 0, (streamed.stderr, listed.stderr)
    if fmt == "table":
        assert streamed.stdout.split("\n", 1)[1] == listed.stdout.split("\n", 1)[1]
    else:
        assert streamed.stdout == listed.stdout and streamed.stdout.count('"due"') > 3


def _printed(fn, value) -> str:
    buf = io.StringIO()
    with redirect_stdout(buf):
        fn(value)
    return buf.getvalue()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    | st.tuples(inner) | st.dictionaries(st.integers(), inner, max_size=2),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON_VALUES, max_size=5))
def test_scale_print_json_array_writes_json_dumps_bytes(items):
    expected = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    assert _printed(lambda v: print_json_array(iter(v)), items) == expected
    assert _printed(print_json, items) == expected


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.integers(0, 3))
def test_scale_indented_json_is_json_dumps(value, depth):
    text = json.dumps(value, ensure_ascii=False, indent=1)
    assert indented_json(value, depth) == text.replace("\n", "\n" + " " * depth)


def test_scale_indented_json_hands_deep_nesting_to_json_dumps():
    deep: list = []
    for _ in range(100):
        deep = [deep, {"k": 1.5}]
    assert indented_json(deep) == json.dumps(deep, ensure_ascii=False, indent=1)


def test_scale_due_is_read_lazily_batch_by_batch(tmp_path):
    """Taking the first claims reads the first batch only, not every due claim."""
    statements: list[str] = []
    ledger = Ledger(tmp_path / "l.db", tracer=lambda sql, params: statements.append(sql))
    build_random_ledger(ledger)
    as_of = dt.date(2030, 1, 1)
    with ledger.store.read() as conn:
        statements.clear()
        stream = q.iter_claims(conn, as_of=as_of, status="due", batch=3)
        first = [next(stream) for _ in range(3)]
        batches = [s for s in statements if "FROM claims" in s and "ORDER BY claims.horizon_end" in s]
        stream.close()
    assert len(first) == 3 and len(batches) == 1


def test_scale_print_json_array_writes_each_item_as_it_comes():
    def items():
        yield {"id": "first"}
        raise RuntimeError("the ledger went away")

    buf = io.StringIO()
    with redirect_stdout(buf), pytest.raises(RuntimeError):
        print_json_array(items())
    assert buf.getvalue() == '[\n {\n  "id": "first"\n }'
