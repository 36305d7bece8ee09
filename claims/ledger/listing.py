"""Claims as the listings show them: claim rows -> `Claim`s, and the pre-rendered due listing.

`hydrate` turns rows of `claims` into `Claim`s with their mentions, documents and links; every
listing (list, due, show, the web app) goes through it.

`due_listing` (migration m005) holds every open claim that has a deadline as `claims due --format
json` prints it: hydrated here with status "due" and written by `claims.core.jsontext`, in listing
order (deadline, then age). The unpaged listing of a large ledger is then one range scan whose
bytes go straight to the output (`scan`), with no claim built (a million-claim ledger: 291,201
claims, 371 MB, in about a second instead of 29). The rows are derived from the other query tables
(claims, mentions, links): `fold.apply` refreshes the claims an event touches once the event is
folded, in the same transaction (`refresh`), so the table is a function of the log like the rest,
`rebuild` makes it again, and `audit` compares it with a fresh fold.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring as json_string  # str -> its JSON text
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.engine import Connection

from claims import migrations as m
from claims.core.cycle_collector import cycle_collection_paused
from claims.core.jsontext import listing_item
from claims.core.models import Claim

from .store import chunks

# a part of a claim's text, in bytes: with its key and claim id, a record stays under the ~1,000
# bytes SQLite keeps on a 4 KB index page. A constant, not a function of the page size, so a
# rebuild into any database gives the same rows (audit compares them).
PART_BYTES = 900


def hydrate(conn: Connection, rows: Sequence[Any], as_of: dt.date, with_mentions: bool,
            status: str | None = None) -> list[Claim]:
    """Claim rows -> `Claim`s with their mentions, documents and links; open claims past their
    deadline are `due` (every claim is `status` when given).

    Mentions are in (document, offset) order and links in the order they were recorded, sorted
    here rather than by the database, so that SQLite and PostgreSQL (whatever its collation) give
    the same claim."""
    ids = [r["id"] for r in rows]
    found: dict[str, list[tuple[str, int, int, str, str]]] = {i: [] for i in ids}
    links: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if with_mentions and ids:
        mc, lc = m.mentions.c, m.links.c
        for chunk in chunks(ids, 500):
            for cid, doc_id, start, end, mid, payload in conn.execute(
                    select(mc.claim_id, mc.doc_id, mc.start, mc.end, mc.id, mc.payload).where(mc.claim_id.in_(chunk))):
                found[cid].append((doc_id or "", start, end, mid, payload))
            for lr in conn.execute(select(m.links).where(or_(lc.src.in_(chunk), lc.dst.in_(chunk)))
                                   .order_by(lc.seq)).mappings():
                for cid in (lr["src"], lr["dst"]):
                    if cid in links:
                        links[cid].append({"src": lr["src"], "dst": lr["dst"], "type": lr["type"], "score": lr["score"]})
    out = []
    with cycle_collection_paused():
        for r in rows:
            cid = r["id"]
            state = status or r["status"]
            if state == "open" and r["horizon_end"] is not None and r["horizon_end"] < as_of:
                state = "due"
            mentions = sorted(found[cid]) if len(found[cid]) > 1 else found[cid]
            documents = dict.fromkeys(mn[0] for mn in mentions if mn[0])
            out.append(Claim.model_validate_json(claim_json(r["payload"], {
                "id": json_string(cid), "status": json_string(state),
                "mentions": "[" + ",".join(mn[4] for mn in mentions) + "]",
                "documents": "[" + ",".join(map(json_string, documents)) + "]",
                "links": json.dumps(links[cid]) if links[cid] else "[]"})))
    return out


def claim_json(payload: str, fields: dict[str, str]) -> str:
    """The stored claim payload (a JSON object) with `fields` (name -> JSON text) set, as JSON text.

    The fields are appended after the payload's own: pydantic reads a repeated key's last value, as
    `{**payload, **fields}` would, so one `Claim.model_validate_json` call parses and validates
    the claim and its mentions together, without building Python dicts for them first (a third
    of the cost of a long listing; `test_scale_hydrate_overrides_stale_payload_fields` pins the rule)."""
    body = payload.strip()[1:-1].strip()
    tail = ",".join(f'"{name}":{value}' for name, value in fields.items())
    return "{" + (body + "," + tail if body else tail) + "}"


# ------------------------------------------------------------------ the due listing
def render(claim: Claim) -> bytes:
    """A claim as the listing stores it: as `claims due` prints it (status "due"), in the form
    either output format is one translate away (`claims.core.jsontext.listing_item`)."""
    return listing_item(claim.model_dump(mode="json"))


_LISTED = (m.claims.c.id, m.claims.c.payload, m.claims.c.status, m.claims.c.horizon_end, m.claims.c.created_seq)


def _listed() -> Any:
    """The claims the listing holds: open, with a deadline."""
    c = m.claims.c
    return and_(c.status == "open", c.horizon_end.is_not(None))


def _rows(conn: Connection, claim_rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The listing's rows for these claims (rows of `claims`, open and dated)."""
    out = []
    for r, claim in zip(claim_rows, hydrate(conn, claim_rows, dt.date.max, True, status="due")):
        text = render(claim)
        for part, at in enumerate(range(0, len(text), PART_BYTES)):
            out.append({"horizon_end": r["horizon_end"], "created_seq": r["created_seq"], "part": part,
                        "claim_id": r["id"], "body": text[at:at + PART_BYTES]})
    return out


def refresh(conn: Connection, claim_ids: Iterable[str | None]) -> None:
    """Make these claims' listing rows what the claims, mentions and links tables now say."""
    ids = sorted({i for i in claim_ids if i})
    d = m.due_listing.c
    for chunk in chunks(ids, 500):
        conn.execute(delete(m.due_listing).where(d.claim_id.in_(chunk)))
        rows = conn.execute(select(*_LISTED).where(m.claims.c.id.in_(chunk), _listed())).mappings().all()
        if rows:
            conn.execute(insert(m.due_listing), _rows(conn, rows))


def fill(conn: Connection, batch: int = 2000) -> int:
    """Write the whole listing from the claims stored (migration m005 on an existing ledger, and
    bulk loads), in listing order; returns the number of claims listed."""
    c = m.claims.c
    conn.execute(delete(m.due_listing))
    n, last = 0, None
    while True:
        q = select(*_LISTED).where(_listed())
        if last is not None:
            q = q.where(c.horizon_end >= last[0], or_(c.horizon_end > last[0], c.created_seq > last[1]))
        rows = conn.execute(q.order_by(c.horizon_end, c.created_seq).limit(batch)).mappings().all()
        if not rows:
            return n
        conn.execute(insert(m.due_listing), _rows(conn, rows))
        n += len(rows)
        last = (rows[-1]["horizon_end"], rows[-1]["created_seq"])


def after_migrations(conn: Connection, ran: Sequence[str]) -> None:
    """Fill the listing when m005 has just created it in a ledger that already holds claims."""
    if "m005_due_listing" in ran:
        fill(conn)


def scan(conn: Connection, as_of: dt.date, speaker_keys: Sequence[str] | None = None,
         limit: int | None = None, fetch: int = 4000) -> Iterator[bytes]:
    """The due claims (open, deadline before `as_of`) in listing order, as runs of stored items
    (`render`), `fetch` rows a run; only those of `speaker_keys` when given, the first `limit` when
    given. One statement, so one snapshot, read as it is consumed (on PostgreSQL through a
    server-side cursor), so memory stays flat."""
    d, c = m.due_listing.c, m.claims.c
    q = select(d.part, d.body).where(d.horizon_end < as_of)
    if speaker_keys is not None:
        q = q.where(d.claim_id.in_(select(c.id).where(c.speaker_key.in_(list(speaker_keys)), c.status == "open",
                                                      c.horizon_end < as_of)))
    q = q.order_by(d.horizon_end, d.created_seq, d.part)
    if conn.dialect.name == "sqlite":
        # SQLite's cursor reads lazily, and SQLAlchemy fetches nothing ahead of a plain result:
        # take the driver's rows straight (two plain columns need no processing; a Row per part
        # doubled the read at a million claims)
        result = conn.execute(q)
        fetchmany = result.cursor.fetchmany
    else:  # a server-side cursor
        result = conn.execution_options(stream_results=True).execute(q)
        fetchmany = result.fetchmany
    left = limit
    while rows := fetchmany(fetch):
        if left is not None:  # stop before the part that opens claim `limit` + 1
            starts = [i for i, row in enumerate(rows) if not row[0]]
            if len(starts) > left:
                rows = rows[:starts[left]]
                left = 0
            else:
                left -= len(starts)
        yield b"".join([row[1] for row in rows])
        if left == 0:
            break
    result.close()
