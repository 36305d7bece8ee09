"""The query tables against the log: fold every event into a scratch database and compare.

The tables are a function of the log alone (`fold`), so a row that differs from a fresh fold was
changed behind the ledger's back — `UPDATE claims SET status = 'withdrawn'` leaves the chain intact
but makes a due claim vanish from `due`. `first_difference` names the first such row.
"""
from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Connection
from sqlalchemy.pool import StaticPool

from claims import migrations as m

from .fold import PROJECTIONS, apply
from .store import Store, row_event

# parents first, so a message names the claim before its mentions
ORDER = (m.documents, m.claims, m.claim_topics, m.mentions, m.speaker_aliases, m.links, m.outcomes, m.due_listing)
assert set(ORDER) == set(PROJECTIONS)


def _pk(table, row: Any) -> tuple:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _digest(values: tuple) -> bytes:
    return hashlib.sha1(repr(values).encode("utf-8", "surrogatepass")).digest()


def _show(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "…"


def first_difference(store: Store) -> str | None:
    """None when every query table equals a fold of the log; else one sentence naming the first
    differing row (table, key, column, both values)."""
    scratch = create_engine("sqlite://", poolclass=StaticPool, future=True)
    try:
        with scratch.begin() as mem:
            for t in reversed(ORDER):
                t.create(mem)
            with store.read() as conn:
                for r in conn.execute(select(m.events).order_by(m.events.c.seq)).mappings():
                    apply(mem, row_event(r))
        with store.read() as conn, scratch.connect() as mem:
            for table in ORDER:
                diff = _compare(table, conn, mem)
                if diff:
                    return diff
        return None
    finally:
        scratch.dispose()


def _compare(table, live: Connection, rebuilt: Connection) -> str | None:
    cols = [c.name for c in table.columns]
    mine = {_pk(table, r): _digest(tuple(r[c] for c in cols)) for r in live.execute(select(table)).mappings()}
    theirs = {_pk(table, r): _digest(tuple(r[c] for c in cols)) for r in rebuilt.execute(select(table)).mappings()}
    bad = sorted((k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)), key=repr)
    if not bad:
        return None
    key = bad[0]
    where = ", ".join(f"{c.name}={_show(v)}" for c, v in zip(table.primary_key.columns, key))
    if key not in theirs:
        return f"table {table.name}: row ({where}) is not in the log (added behind the ledger's back)"
    if key not in mine:
        return f"table {table.name}: row ({where}) is missing (the log has it: deleted behind the ledger's back)"
    cond = [c == v for c, v in zip(table.primary_key.columns, key)]
    a = live.execute(select(table).where(*cond)).mappings().one()
    b = rebuilt.execute(select(table).where(*cond)).mappings().one()
    col = next((c for c in cols if a[c] != b[c]), cols[0])
    return (f"table {table.name}, row ({where}): {col} is {_show(a[col])}, but the log gives {_show(b[col])} "
            "(changed behind the ledger's back)")
