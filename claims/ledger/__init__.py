"""The ledger: an append-only event log with query tables, on SQLite or PostgreSQL.

Every change — a document ingested, a claim created, a mention added, a verdict, an edit, a link —
is an event whose hash chains to the previous one. The `claims`, `mentions`, `documents` … tables
are folded from those events in the same transaction; `rebuild()` recomputes them from the log
alone, which is what makes the log, not the tables, the source of truth.

One concern per module; `Ledger` below ties them together and is the API the rest of the code uses:

- `store`   — engines, write locks and retries, the hash chain, append, audit;
- `events`  — one versioned pydantic model per event type, and the upcasters for older payloads;
- `fold`    — one pure function per event type: (event, current tables) -> table changes;
- `queries` — reads of the tables: list, due, show, history, documents, speakers, counts.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from claims import migrations as m
from claims.core.errors import BadInput, LedgerError, NotFound
from claims.core.models import (
    VERDICTS,
    Claim,
    Document,
    Event,
    Extraction,
    Speaker,
    Verdict,
)

from . import queries as q
from .events import (
    EDITABLE,
    EVENT_TYPES,
    ClaimCreated,
    ClaimEdited,
    ClaimReopened,
    DocumentIngested,
    EventData,
    LinkAdded,
    MentionAdded,
    VerdictRecorded,
    company_people,
)
from .fold import PROJECTIONS, SessionState, apply, name_key
from .store import (
    DEFAULT_DB,
    AuditReport,
    Store,
    dumps,
    event_hash,
    resolve_url,
    row_event,
)

_dumps = dumps  # the name benchmarks/bench_ledger.py imports

__all__ = [
    "DEFAULT_DB",
    "EDITABLE",
    "EVENT_TYPES",
    "AuditReport",
    "BadInput",
    "IngestResult",
    "Ledger",
    "LedgerError",
    "NotFound",
    "event_hash",
    "name_key",
    "resolve_url",
]


@dataclass
class IngestResult:
    doc_id: str
    source: str | None
    added: bool
    claims_added: int = 0
    mentions_added: int = 0


class Ledger:
    """`Ledger(path_or_url)`; `Ledger(memory=True)` for an in-memory SQLite ledger."""

    def __init__(self, db: str | os.PathLike | None = None, *, memory: bool = False,
                 tracer: Callable[[str, Any], None] | None = None, busy_timeout_ms: int = 30_000):
        self.store = Store(db, memory=memory, tracer=tracer, busy_timeout_ms=busy_timeout_ms)

    @property
    def url(self) -> str:
        return self.store.url

    @property
    def is_sqlite(self) -> bool:
        return self.store.is_sqlite

    @property
    def engine(self) -> Engine:
        return self.store.engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.store.write() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.store.read() as conn:
            yield conn

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ events
    def _append(self, conn: Connection, etype: str, payload: dict[str, Any], *, claim_id: str | None = None,
                doc_id: str | None = None, actor: str | None = None, at: str | None = None,
                prev: list[str | None] | None = None) -> Event:
        """Append one event and fold it into the tables. `prev` carries the chain head in a batch."""
        assert etype in EVENT_TYPES, etype
        ev = self.store.append(conn, etype, payload, claim_id=claim_id, doc_id=doc_id, actor=actor, at=at, prev=prev)
        apply(conn, ev)
        return ev

    def _record(self, conn: Connection, data: EventData, **envelope: Any) -> Event:
        return self._append(conn, data.TYPE, data.payload(), **envelope)

    # ------------------------------------------------------------------ writing
    def has_document(self, sha256: str) -> bool:
        with self._read() as conn:
            return q.has_document(conn, sha256)

    def ingest(self, extraction: Extraction, actor: str | None = None) -> IngestResult:
        """Store a document and its claims in one transaction; a document already stored adds nothing.

        The `document_ingested` event records the people the company registry lists for the
        document's company, so folding it later never reads the registry."""
        doc = extraction.doc
        with self._write() as conn:
            if q.has_document(conn, doc.sha256 or doc.id, doc.id):
                return IngestResult(doc_id=doc.id, source=doc.source, added=False)
            prev = [self.store.last_hash(conn)]
            self._record(conn, DocumentIngested(document=doc, people=company_people(doc.company)),
                         doc_id=doc.id, actor=actor, prev=prev)
            claims_added = mentions_added = 0
            seen: set[str] = set()
            existing = q.existing_claims(conn, {mn.claim_id for mn in extraction.claims})
            for mention in extraction.claims:
                if mention.claim_id in seen or mention.claim_id in existing:
                    self._record(conn, MentionAdded(mention=mention), claim_id=mention.claim_id,
                                 doc_id=doc.id, actor=actor, prev=prev)
                else:
                    seen.add(mention.claim_id)
                    claim = Claim(id=mention.claim_id, text=mention.text, speaker=mention.speaker, kind=mention.kind,
                                  negated=mention.negated, confidence=mention.confidence, horizon=mention.horizon,
                                  quantities=mention.quantities, topics=mention.topics)
                    self._record(conn, ClaimCreated(claim=claim, mention=mention, company=doc.company),
                                 claim_id=mention.claim_id, doc_id=doc.id, actor=actor, prev=prev)
                    claims_added += 1
                mentions_added += 1
            return IngestResult(doc_id=doc.id, source=doc.source, added=True, claims_added=claims_added,
                                mentions_added=mentions_added)

    def unlinked_documents(self, doc_ids: Iterable[str]) -> list[str]:
        """Of `doc_ids`, those stored after the last recorded link: an ingest killed between storing
        documents and its linking pass leaves such documents, and a re-run links them (claims.ingest)."""
        with self._read() as conn:
            return q.unlinked_documents(conn, doc_ids)

    def verify(self, claim_id: str, verdict: str, evidence: str, source: str | None = None,
               date: dt.date | None = None, actor: str | None = None) -> Event:
        if verdict not in VERDICTS:
            raise BadInput(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
        if not evidence or not evidence.strip():
            raise BadInput("a verdict needs evidence text")
        v = Verdict(verdict=verdict, evidence=evidence.strip(), source=source, date=date,
                    recorded_at=dt.datetime.now(dt.timezone.utc), actor=actor or _default_actor())
        with self._write() as conn:
            cid = q.require_claim(conn, claim_id)
            return self._record(conn, VerdictRecorded(verdict=v), claim_id=cid, actor=v.actor)

    def reopen(self, claim_id: str, reason: str = "", actor: str | None = None) -> Event:
        with self._write() as conn:
            cid = q.require_claim(conn, claim_id)
            return self._record(conn, ClaimReopened(reason=reason), claim_id=cid, actor=actor or _default_actor())

    def edit(self, claim_id: str, changes: dict[str, Any], actor: str | None = None) -> Event:
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise BadInput(f"cannot edit {', '.join(sorted(bad))}: editable fields are {', '.join(EDITABLE)}")
        with self._write() as conn:
            cid = q.require_claim(conn, claim_id)
            current = SessionState(conn).claim_payload(cid)
            Claim.model_validate({**current, **changes, "id": cid})  # reject invalid edits before writing
            return self._record(conn, ClaimEdited(changes=changes), claim_id=cid, actor=actor or _default_actor())

    def add_link(self, src: str, dst: str, link_type: str, score: float | None = None, actor: str | None = None) -> Event | None:
        """Record `src reiterates|revises dst`; an existing identical link is not added twice."""
        with self._write() as conn:
            s, d = q.require_claim(conn, src), q.require_claim(conn, dst)
            if q.has_link(conn, s, d, link_type):
                return None
            return self._record(conn, LinkAdded(src=s, dst=d, type=link_type, score=score),
                                claim_id=s, actor=actor or _default_actor())

    # ------------------------------------------------------------------ reading
    def speaker_keys(self, conn: Connection, speaker: str) -> list[str]:
        return q.speaker_keys(conn, speaker)

    def list_claims(self, *, speaker: str | None = None, org: str | None = None, topic: str | None = None,
                    status: str | None = None, due_before: dt.date | None = None, as_of: dt.date | None = None,
                    due_after: dt.date | None = None, limit: int | None = None, with_mentions: bool = True) -> list[Claim]:
        with self._read() as conn:
            return q.list_claims(conn, as_of=as_of or dt.date.today(), speaker=speaker, org=org, topic=topic,
                                 status=status, due_before=due_before, due_after=due_after, limit=limit,
                                 with_mentions=with_mentions)

    def claims_in_documents(self, doc_ids: Iterable[str], as_of: dt.date | None = None) -> list[Claim]:
        """Claims with a mention in any of `doc_ids` (cross-call linking starts from these)."""
        with self._read() as conn:
            return q.claims_in_documents(conn, doc_ids, as_of or dt.date.today())

    def due(self, as_of: dt.date | None = None, **filters: Any) -> list[Claim]:
        """Claims whose deadline has passed (end < as_of) and that have no verdict."""
        return self.list_claims(status="due", as_of=as_of, **filters)

    def upcoming(self, days: int, as_of: dt.date | None = None, **filters: Any) -> list[Claim]:
        as_of = as_of or dt.date.today()
        return self.list_claims(status="open", as_of=as_of, due_after=as_of,
                                due_before=as_of + dt.timedelta(days=days + 1), **filters)

    def get_claim(self, claim_id: str, as_of: dt.date | None = None) -> Claim:
        with self._read() as conn:
            return q.get_claim(conn, claim_id, as_of or dt.date.today())

    def history(self, claim_id: str) -> list[Event]:
        with self._read() as conn:
            return q.history(conn, claim_id)

    def iter_events(self, batch: int = 5000) -> Iterator[Event]:
        """Every event as stored (payloads are not upcast), oldest first, read in batches."""
        last = 0
        while True:
            with self._read() as conn:
                events = q.events_after(conn, last, batch)
            if not events:
                return
            yield from events
            last = events[-1].seq or last

    def documents(self) -> list[Document]:
        with self._read() as conn:
            return q.documents(conn)

    def speakers(self) -> list[Speaker]:
        with self._read() as conn:
            return q.speakers(conn)

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            return q.counts(conn)

    # ------------------------------------------------------------------ integrity
    def audit(self) -> AuditReport:
        """Recompute the hash chain; name the first event whose stored hash does not verify."""
        return self.store.audit()

    def rebuild(self) -> int:
        """Drop the query tables and fold every event again, from the log alone; returns the number
        of events replayed."""
        with self._write() as conn:
            for t in PROJECTIONS:
                conn.execute(delete(t))
            n = 0
            for r in conn.execute(select(m.events).order_by(m.events.c.seq)).mappings().all():
                apply(conn, row_event(r))
                n += 1
            return n

    # ------------------------------------------------------------------ export / import
    def export_jsonl(self, out) -> int:
        """Write every event, oldest first, one JSON object per line; `import_jsonl` restores them."""
        n = 0
        for ev in self.iter_events():
            out.write(json.dumps({"record": "event", **ev.model_dump(mode="json")}, ensure_ascii=False) + "\n")
            n += 1
        return n

    def import_jsonl(self, lines: Iterable[str], actor: str | None = None) -> int:
        """Replay exported events. Into an empty ledger the copy is exact (same seq, times and hashes);
        into a non-empty one, events already present (by hash) are skipped and the rest are re-chained."""
        parsed: list[Event] = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                obj.pop("record", None)
                parsed.append(Event.model_validate(obj))
            except (json.JSONDecodeError, ValueError) as exc:
                raise BadInput(f"import line {n}: not a ledger event: {str(exc).splitlines()[0]}") from None
        for ev in parsed:
            if ev.type not in EVENT_TYPES:
                raise BadInput(f"import: unknown event type {ev.type!r} (seq {ev.seq})")
        added = 0
        with self._write() as conn:
            empty = q.event_count(conn) == 0
            known = set() if empty else q.event_hashes(conn)
            known_docs = q.document_ids(conn)
            prev = [self.store.last_hash(conn)]
            skipped_claims: set[str] = set()
            for ev in parsed:
                if ev.hash in known:
                    continue
                if ev.type == DocumentIngested.TYPE and ev.doc_id in known_docs:
                    skipped_claims.add(ev.doc_id or "")
                    continue
                if ev.doc_id in skipped_claims:
                    continue
                at = ev.at.isoformat(timespec="microseconds")
                if empty:
                    self.store.insert_exact(conn, ev, dumps(ev.payload), at)
                    apply(conn, ev)
                else:
                    self._append(conn, ev.type, ev.payload, claim_id=ev.claim_id, doc_id=ev.doc_id,
                                 actor=ev.actor or actor, at=at, prev=prev)
                added += 1
            if empty and added and not self.is_sqlite:
                conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('events', 'seq'), (SELECT MAX(seq) FROM events))")
        return added


def _default_actor() -> str:
    return os.environ.get("CLAIMS_ACTOR") or os.environ.get("USER") or "unknown"
