"""The queries: reads of the query tables (list, due, show, history, documents, speakers, counts).

Each is a function of an open connection; `Ledger` opens one and calls it. Nothing here writes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from claims import migrations as m
from claims.core.errors import BadInput, NotFound
from claims.core.models import Claim, Document, Event, Outcome, Speaker
from claims.core.registry import find_company

from .fold import name_key
from .listing import hydrate
from .store import chunks, row_event


def require_claim(conn: Connection, claim_id: str) -> str:
    """Accept a full id or an unambiguous prefix (as printed in tables)."""
    if conn.execute(select(m.claims.c.id).where(m.claims.c.id == claim_id)).first():
        return claim_id
    if len(claim_id) >= 4:
        rows = conn.execute(select(m.claims.c.id).where(m.claims.c.id.like(f"{claim_id}%")).limit(2)).all()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise BadInput(f"claim id prefix {claim_id!r} is ambiguous")
    raise NotFound(f"no claim with id {claim_id!r}")


def existing_claims(conn: Connection, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    return {r[0] for r in conn.execute(select(m.claims.c.id).where(m.claims.c.id.in_(list(ids))))}


def has_document(conn: Connection, sha256: str, doc_id: str | None = None) -> bool:
    d = m.documents.c
    cond = d.sha256 == sha256 if doc_id is None else or_(d.sha256 == sha256, d.id == doc_id)
    return conn.execute(select(d.id).where(cond)).first() is not None


def has_link(conn: Connection, src: str, dst: str, link_type: str) -> bool:
    lc = m.links.c
    return conn.execute(select(lc.seq).where(and_(lc.src == src, lc.dst == dst, lc.type == link_type))).first() is not None


def speaker_keys(conn: Connection, speaker: str) -> list[str]:
    key = name_key(speaker)
    keys = {key}
    keys |= {r[0] for r in conn.execute(select(m.speaker_aliases.c.speaker_key).where(m.speaker_aliases.c.alias_key == key))}
    # aliases of those speakers may themselves be other canonical names (Eddie Wu -> 吳泳銘 -> 吴泳铭)
    keys |= {r[0] for r in conn.execute(select(m.speaker_aliases.c.alias_key).where(m.speaker_aliases.c.speaker_key.in_(list(keys))))}
    return sorted(k for k in keys if k)


def list_claims(conn: Connection, *, as_of: dt.date, speaker: str | None = None, org: str | None = None,
                topic: str | None = None, status: str | None = None, due_before: dt.date | None = None,
                due_after: dt.date | None = None, limit: int | None = None, with_mentions: bool = True) -> list[Claim]:
    c = m.claims.c
    q = select(m.claims)
    if speaker:
        q = q.where(c.speaker_key.in_(speaker_keys(conn, speaker)))
    if org:
        okey = name_key(org)
        reg = find_company(org)
        forms = {okey} | ({name_key(f) for f in [reg.name, *reg.aliases]} if reg else set())
        q = q.where(or_(*[c.org_key.like(f"%{f}%") for f in forms if f]))
    if topic:
        q = q.where(c.id.in_(select(m.claim_topics.c.claim_id).where(m.claim_topics.c.topic == topic)))
    if status:
        if status == "due":
            q = q.where(and_(c.status == "open", c.horizon_end < as_of))
        elif status == "open":
            q = q.where(and_(c.status == "open", or_(c.horizon_end.is_(None), c.horizon_end >= as_of)))
        elif status == "resolved":
            q = q.where(c.status != "open")
        elif status == "revised":  # claims a later statement revises (dst of a `revises` link)
            q = q.where(c.id.in_(select(m.links.c.dst).where(m.links.c.type == "revises")))
        else:
            q = q.where(c.status == status)
    if due_before:
        q = q.where(c.horizon_end < due_before)
    if due_after:
        q = q.where(c.horizon_end >= due_after)
    if status == "due":  # every due claim has a deadline: index order, no sort before LIMIT
        q = q.order_by(c.horizon_end, c.created_seq)
    else:
        q = q.order_by(c.horizon_end.is_(None), c.horizon_end, c.created_seq)
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    return hydrate(conn, rows, as_of, with_mentions)


def claims_in_documents(conn: Connection, doc_ids: Iterable[str], as_of: dt.date) -> list[Claim]:
    """Claims with a mention in any of `doc_ids` (cross-call linking starts from these)."""
    ids = list(dict.fromkeys(doc_ids))
    out: list[Claim] = []
    for chunk in chunks(ids, 500):
        sub = select(m.mentions.c.claim_id).where(m.mentions.c.doc_id.in_(list(chunk)))
        rows = conn.execute(select(m.claims).where(m.claims.c.id.in_(sub)).order_by(m.claims.c.created_seq)).mappings().all()
        out += hydrate(conn, rows, as_of, True)
    return list({c.id: c for c in out}.values())


def get_claim(conn: Connection, claim_id: str, as_of: dt.date) -> Claim:
    cid = require_claim(conn, claim_id)
    rows = conn.execute(select(m.claims).where(m.claims.c.id == cid)).mappings().all()
    return hydrate(conn, rows, as_of, True)[0]


def history(conn: Connection, claim_id: str) -> list[Event]:
    cid = require_claim(conn, claim_id)
    rows = conn.execute(select(m.events).where(m.events.c.claim_id == cid).order_by(m.events.c.seq)).mappings().all()
    return [row_event(r) for r in rows]


def events_after(conn: Connection, seq: int, limit: int) -> list[Event]:
    rows = conn.execute(select(m.events).where(m.events.c.seq > seq).order_by(m.events.c.seq).limit(limit)).mappings().all()
    return [row_event(r) for r in rows]


def unlinked_documents(conn: Connection, doc_ids: Iterable[str]) -> list[str]:
    """Of `doc_ids`, those stored after the last recorded link."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return []
    e = m.events.c
    last = conn.execute(select(func.max(e.seq)).where(e.type == "link_added")).scalar() or 0
    return [r[0] for chunk in chunks(ids, 500) for r in conn.execute(
        select(e.doc_id).where(and_(e.type == "document_ingested", e.doc_id.in_(list(chunk)), e.seq > last)))]


def documents(conn: Connection) -> list[Document]:
    return [Document.model_validate_json(r[0]) for r in conn.execute(select(m.documents.c.payload).order_by(m.documents.c.ingested_at))]


def speakers(conn: Connection) -> list[Speaker]:
    rows = conn.execute(select(m.speaker_aliases).order_by(m.speaker_aliases.c.speaker_key)).mappings().all()
    by_key: dict[str, Speaker] = {}
    for r in rows:
        sp = by_key.setdefault(r["speaker_key"], Speaker(name=r["name"], role=r["role"], org=r["org"], aliases=[]))
        if r["alias_key"] != r["speaker_key"] and r["alias_key"] not in sp.aliases:
            sp.aliases.append(r["alias_key"])
    return list(by_key.values())


def counts(conn: Connection) -> dict[str, int]:
    return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for name, t in (("documents", m.documents), ("claims", m.claims), ("mentions", m.mentions),
                            ("events", m.events), ("links", m.links))}


def event_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(m.events)).scalar_one()


def event_hashes(conn: Connection) -> set[str]:
    return {r[0] for r in conn.execute(select(m.events.c.hash))}


def document_ids(conn: Connection) -> set[str]:
    return {r[0] for r in conn.execute(select(m.documents.c.id))}


def band_index(confidence: float, bands: Sequence[tuple[float, float]]) -> int:
    """Index of the band holding `confidence`: the first with lo <= confidence < hi; anything
    outside every band (1.0 itself) counts in the top one."""
    for i, (lo, hi) in enumerate(bands):
        if lo <= confidence < hi:
            return i
    return len(bands) - 1


def scorecard_groups(conn: Connection, as_of: dt.date, bands: Sequence[tuple[float, float]],
                     speaker_keys_: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """What scorecards need, counted in SQL: how many claims each speaker name has per status and
    confidence, as rows (speaker_name, status, confidence, band, n, first_end, first_undated_seq).

    `status` is "due" for an open claim past its deadline; `band` indexes `bands` (`band_index`);
    `first_end` and `first_undated_seq` place the name's first claims in listing order.

    SQL groups by (name, status, confidence), the order of the covering index
    `ix_claims_scorecard`, so the count is one pass over the index with no sort (a million claims:
    0.6 s, against 1.4 s grouping by band, which sorts every row); confidences are few (the
    extractor's are in hundredths), and they are put into bands here."""
    c = m.claims.c
    is_due = and_(c.status == "open", c.horizon_end.is_not(None), c.horizon_end < as_of)
    q = select(c.speaker_name, c.status, c.confidence, func.count().label("n"),
               func.sum(case((is_due, 1), else_=0)).label("n_due"),
               func.min(c.horizon_end).label("first_end"),
               func.min(case((c.horizon_end.is_(None), c.created_seq), else_=None)).label("first_undated_seq"))
    if speaker_keys_ is not None:
        q = q.where(c.speaker_key.in_(list(speaker_keys_)))
    out = []
    for r in conn.execute(q.group_by(c.speaker_name, c.status, c.confidence)).mappings():
        n, n_due = int(r["n"]), int(r["n_due"])
        parts = [("open", n - n_due), ("due", n_due)] if r["status"] == "open" else [(r["status"], n)]
        out += [dict(speaker_name=r["speaker_name"], status=status, confidence=r["confidence"],
                     band=band_index(r["confidence"], bands), n=k, first_end=r["first_end"],
                     first_undated_seq=r["first_undated_seq"]) for status, k in parts if k]
    return out


def _growing(limit: int) -> Iterator[int]:
    n = min(100, limit)
    while True:
        yield n
        n = min(n * 4, limit)


def _after(last: tuple[Any, int]):
    """Keyset condition: listing order strictly after (deadline, created_seq). Written as a range on
    the deadline plus a tie-break, not a bare OR, so both SQLite and PostgreSQL start each batch at
    the key in the index instead of re-reading every row before it."""
    c = m.claims.c
    return and_(c.horizon_end >= last[0], or_(c.horizon_end > last[0], c.created_seq > last[1]))


def iter_claims(conn: Connection, *, as_of: dt.date, status: str | None = None,
                speaker_keys_: Sequence[str] | None = None, with_mentions: bool = True,
                batch: int = 2000) -> Iterator[Claim]:
    """Claims in listing order (`list_claims`' order, unpaged), read and hydrated by keyset in
    batches that grow to `batch` rows: memory stays flat however many claims the ledger holds, and
    the first ones arrive at once. `status` is None (every claim) or "due"; `speaker_keys_` narrows
    to those speakers (`speaker_keys`)."""
    sizes = _growing(batch)
    c = m.claims.c
    # only the columns `hydrate` reads: the rest of the row is in the payload
    columns = (c.id, c.payload, c.status, c.horizon_end, c.created_seq)
    conds = [] if speaker_keys_ is None else [c.speaker_key.in_(list(speaker_keys_))]
    if status == "due":
        conds.append(and_(c.status == "open", c.horizon_end < as_of))
    elif status is not None:
        raise BadInput(f"iter_claims: unsupported status {status!r}")
    else:
        conds.append(c.horizon_end.is_not(None))
    last: tuple[Any, int] | None = None
    while True:
        q = select(*columns).where(*conds)
        if last is not None:
            q = q.where(_after(last))
        rows = conn.execute(q.order_by(c.horizon_end, c.created_seq).limit(next(sizes))).mappings().all()
        if not rows:
            break
        yield from hydrate(conn, rows, as_of, with_mentions)
        last = (rows[-1]["horizon_end"], rows[-1]["created_seq"])
    if status is None:  # undated claims come last, by age
        conds[-1] = c.horizon_end.is_(None)
        seq = -1
        while True:
            rows = conn.execute(select(*columns).where(*conds, c.created_seq > seq)
                                .order_by(c.created_seq).limit(next(sizes))).mappings().all()
            if not rows:
                break
            yield from hydrate(conn, rows, as_of, with_mentions)
            seq = rows[-1]["created_seq"]


def first_claim_order(conn: Connection, speaker_keys_: Sequence[str] | None = None) -> dict[str | None, tuple]:
    """Per speaker name, where its first claim stands in listing order (deadline, undated last, then
    age): (undated, deadline, created_seq)."""
    c = m.claims.c
    cond = c.speaker_key.in_(list(speaker_keys_)) if speaker_keys_ is not None else None
    first_end = select(c.speaker_name, func.min(c.horizon_end).label("mh")).group_by(c.speaker_name)
    if cond is not None:
        first_end = first_end.where(cond)
    f = first_end.subquery()
    q = (select(c.speaker_name, f.c.mh, func.min(c.created_seq))
         .join(f, and_(c.speaker_name.is_not_distinct_from(f.c.speaker_name),
                       or_(c.horizon_end == f.c.mh, and_(f.c.mh.is_(None), c.horizon_end.is_(None)))))
         .group_by(c.speaker_name, f.c.mh))
    if cond is not None:
        q = q.where(cond)
    return {name: (mh is None, mh or dt.date.max, seq) for name, mh, seq in conn.execute(q)}


def outcomes(conn: Connection, doc_ids: Iterable[str] | None = None) -> list[Outcome]:
    """Outcome statements, by document and offset; only those of `doc_ids` when given."""
    o = m.outcomes.c
    stmt = select(o.payload).order_by(o.doc_id, o.start, o.end)
    if doc_ids is None:
        return [Outcome.model_validate_json(r[0]) for r in conn.execute(stmt)]
    out: list[Outcome] = []
    for part in chunks(sorted(set(doc_ids)), 500):
        out += [Outcome.model_validate_json(r[0]) for r in conn.execute(stmt.where(o.doc_id.in_(part)))]
    return sorted(out, key=lambda x: (x.doc_id or "", x.start, x.end))
