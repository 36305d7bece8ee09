"""The ledger: an append-only event log with query tables, on SQLite or PostgreSQL.

Every change — a document ingested, a claim created, a mention added, a verdict, an edit, a link —
is an event whose hash chains to the previous one. The `claims`, `mentions`, `documents` … tables
are folded from those events in the same transaction; `rebuild()` recomputes them from the log
alone, which is what makes the log, not the tables, the source of truth.

One concern per module; `Ledger` below ties them together and is the API the rest of the code uses:

- `store`   — engines, write locks and retries, the hash chain, append, audit;
- `events`  — one versioned pydantic model per event type, and the upcasters for older payloads;
- `fold`    — one pure function per event type: (event, current tables) -> table changes;
- `queries` — reads of the tables: list, due, show, history, documents, speakers, counts;
- `listing` — claim rows to `Claim`s, and the due listing kept rendered (`due_text`);
- `transfer` — export lines, checkpoints and signatures, and the checks an import file passes;
- `compare` — the query tables against a fresh fold of the log (what `audit` adds to the chain).
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from claims import migrations as m
from claims.core.errors import BadInput, ClaimsError, LedgerError, NotFound
from claims.core.models import (
    LINK_TYPES,
    VERDICTS,
    Claim,
    Document,
    Event,
    Extraction,
    Outcome,
    Speaker,
    Verdict,
)

from claims.core.jsontext import listing_text
from claims.core.registry import find_company

from . import listing
from . import queries as q
from .events import (
    EDITABLE,
    EVENT_TYPES,
    ClaimCreated,
    ClaimEdited,
    ClaimReopened,
    DocumentIngested,
    EventData,
    HistoryImported,
    LinkAdded,
    MentionAdded,
    OutcomesReported,
    VerdictRecorded,
    company_people,
)
from .compare import first_difference
from .fold import PROJECTIONS, SessionState, apply, name_key
from .transfer import Checkpoint, Incoming, check_against, content_key, export_line, read_export, split_lines
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
    "Checkpoint",
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
        self.store = Store(db, memory=memory, tracer=tracer, busy_timeout_ms=busy_timeout_ms,
                           migrated=listing.after_migrations)

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
            if extraction.outcomes:
                self._record(conn, OutcomesReported(outcomes=extraction.outcomes), doc_id=doc.id, actor=actor, prev=prev)
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
               date: dt.date | None = None, actor: str | None = None, suggested: bool = False) -> Event:
        """Record a verdict with its evidence; `suggested` marks one a reviewer accepted from
        claims.suggest (the reviewer is still the actor: nothing is recorded without one)."""
        if verdict not in VERDICTS:
            raise BadInput(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
        if not evidence or not evidence.strip():
            raise BadInput("a verdict needs evidence text")
        v = Verdict(verdict=verdict, evidence=evidence.strip(), source=source, date=date,
                    recorded_at=dt.datetime.now(dt.timezone.utc), actor=actor or _default_actor(), suggested=suggested)
        with self._write() as conn:
            cid = resolve_claim(conn, claim_id)
            return self._record(conn, VerdictRecorded(verdict=v), claim_id=cid, actor=v.actor)

    def reopen(self, claim_id: str, reason: str = "", actor: str | None = None) -> Event:
        """Re-open a claim that has a verdict; one without a verdict (never judged, or already
        re-opened) has nothing to re-open and is refused."""
        with self._write() as conn:
            cid = resolve_claim(conn, claim_id)
            status = conn.execute(select(m.claims.c.status).where(m.claims.c.id == cid)).scalar()
            if status == "open":
                raise BadInput(f"claim {cid[:10]} has no verdict to reopen (it is open)")
            return self._record(conn, ClaimReopened(reason=reason), claim_id=cid, actor=actor or _default_actor())

    def edit(self, claim_id: str, changes: dict[str, Any], actor: str | None = None) -> Event:
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise BadInput(f"cannot edit {', '.join(sorted(bad))}: editable fields are {', '.join(EDITABLE)}")
        with self._write() as conn:
            cid = resolve_claim(conn, claim_id)
            current = SessionState(conn).claim_payload(cid)
            Claim.model_validate({**current, **changes, "id": cid})  # reject invalid edits before writing
            return self._record(conn, ClaimEdited(changes=changes), claim_id=cid, actor=actor or _default_actor())

    def add_link(self, src: str, dst: str, link_type: str, score: float | None = None, actor: str | None = None) -> Event | None:
        """Record `src reiterates|revises dst`; an existing identical link is not added twice."""
        if link_type not in LINK_TYPES:
            raise BadInput(f"link type must be one of {', '.join(LINK_TYPES)}, got {link_type!r}")
        with self._write() as conn:
            s, d = resolve_claim(conn, src), resolve_claim(conn, dst)
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
            if org and any(ch in org for ch in "%_\\"):
                # `--org %` must match a literal `%`, not every organisation: filter by the escaped
                # pattern here (a rare path: such names are unusual)
                found = q.list_claims(conn, as_of=as_of or dt.date.today(), speaker=speaker, topic=topic,
                                      status=status, due_before=due_before, due_after=due_after,
                                      with_mentions=with_mentions)
                keep = org_matches(conn, org)
                found = [c for c in found if c.id in keep]
                return found[:limit] if limit else found
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

    def iter_due(self, as_of: dt.date | None = None, *, speaker: str | None = None,
                 limit: int | None = None) -> Iterator[Claim]:
        """`due`, streamed: the same claims in the same order, read in keyset batches as the caller
        consumes them (`queries.iter_claims`), so a listing of every due claim in a large ledger
        starts at once and never holds all of them. The batches are read in one transaction: one
        snapshot of the ledger, as `due` would see."""
        as_of = as_of or dt.date.today()
        with self._read() as conn:
            if not self.is_sqlite:  # PostgreSQL's default gives each statement its own snapshot
                conn.execution_options(isolation_level="REPEATABLE READ")
            keys = q.speaker_keys(conn, speaker) if speaker else None
            claims = q.iter_claims(conn, as_of=as_of, status="due", speaker_keys_=keys)
            yield from (claims if limit is None else itertools.islice(claims, limit))

    def due_text(self, as_of: dt.date | None = None, *, fmt: str = "json", speaker: str | None = None,
                 limit: int | None = None) -> Iterator[bytes]:
        """What `claims due --format json|jsonl` prints: `iter_due`'s claims, in the same order,
        as `fmt` text (UTF-8), in pieces as they are read. From the listing the ledger keeps
        rendered (`listing`, migration m005): one range scan in listing order whose bytes are
        translated and handed on, with no claim object built, so every due claim of a
        million-claim ledger comes out in about a second."""
        if fmt not in ("json", "jsonl"):
            raise BadInput(f"due_text: format must be json or jsonl, got {fmt!r}")
        as_of = as_of or dt.date.today()
        with self._read() as conn:
            keys = q.speaker_keys(conn, speaker) if speaker else None
            yield from listing_text(listing.scan(conn, as_of, keys, limit), fmt)

    def upcoming(self, days: int, as_of: dt.date | None = None, **filters: Any) -> list[Claim]:
        as_of = as_of or dt.date.today()
        return self.list_claims(status="open", as_of=as_of, due_after=as_of,
                                due_before=as_of + dt.timedelta(days=days + 1), **filters)

    def get_claim(self, claim_id: str, as_of: dt.date | None = None) -> Claim:
        with self._read() as conn:
            return q.get_claim(conn, resolve_claim(conn, claim_id), as_of or dt.date.today())

    def history(self, claim_id: str) -> list[Event]:
        with self._read() as conn:
            return q.history(conn, resolve_claim(conn, claim_id))

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

    def outcomes(self, doc_ids: Iterable[str] | None = None) -> list[Outcome]:
        """Outcome statements of the given documents (default: all), in document order."""
        with self._read() as conn:
            return q.outcomes(conn, doc_ids)

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
    def audit(self, expect: str | None = None, expect_events: int | None = None, tables: bool = True) -> AuditReport:
        """Recompute the hash chain and name the first event whose stored hash does not verify; with
        `expect` (a head hash written down earlier, e.g. an export's checkpoint) also detect events
        removed from the end; with `tables`, compare every query table with a fold of the log and
        name the first row that differs."""
        rep = self.store.audit(expect, expect_events)
        if rep.ok and tables:
            try:
                diff = first_difference(self.store)
            except (ClaimsError, ValueError) as exc:
                diff = f"the log does not fold: {exc}"
            if diff:
                return AuditReport(False, rep.events, None, diff, rep.head)
        return rep

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
    def export(self, out, sign_key: bytes | None = None) -> Checkpoint:
        """Write every event as stored, oldest first, one JSON object per line (`transfer`); returns
        the checkpoint of what was written (event count and head hash, HMAC-signed given a key)."""
        n, head = 0, None
        for row in self.store.rows():
            out.write(export_line(row) + "\n")
            n, head = n + 1, row["hash"]
        cp = Checkpoint(n, head)
        return cp.signed(sign_key) if sign_key else cp

    def export_jsonl(self, out) -> int:
        """`export`, returning the number of events written."""
        return self.export(out).events

    def import_jsonl(self, lines: Iterable[str] | str, actor: str | None = None, *, checkpoint: Checkpoint | None = None,
                     sign_key: bytes | None = None, name: str = "import") -> int:
        """Replay an export, verified in full before anything is written (`transfer.read_export`):
        a broken file is refused whole with `line N: ...`; with a checkpoint the file must end at its
        head, and with a key the checkpoint's signature must verify.

        Into an empty ledger the copy is exact (same seq, times and hashes). Into a non-empty one,
        events already here — by content, whatever chain they sit in — are skipped, and the rest are
        appended, re-chained onto this ledger's head, after a `history_imported` event naming the
        source's head hash. Returns the number of events added (not counting that one)."""
        if isinstance(lines, str):
            lines = split_lines(lines)
        incoming = read_export(lines)
        if checkpoint is not None:
            check_against(incoming, checkpoint, sign_key, name)
        elif sign_key is not None:
            raise BadInput(f"{name}: no checkpoint to verify a signature against")
        with self._write() as conn:
            if q.event_count(conn) == 0:
                for inc in incoming:
                    self.store.insert_exact(conn, inc.event, inc.payload_json, inc.at)
                    _fold_line(conn, inc, inc.event)
                if incoming and not self.is_sqlite:
                    conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('events', 'seq'), (SELECT MAX(seq) FROM events))")
                return len(incoming)
            plan = _plan(conn, incoming)
            if not plan:
                return 0
            prev = [self.store.last_hash(conn)]
            self._record(conn, HistoryImported(source_head=incoming[-1].event.hash or "", source_events=len(incoming),
                                               added=len(plan), skipped=len(incoming) - len(plan),
                                               signed=sign_key is not None),
                         actor=actor or _default_actor(), prev=prev)
            for inc, etype, payload in plan:
                ev = inc.event
                try:
                    new = self.store.append(conn, etype, payload, claim_id=ev.claim_id, doc_id=ev.doc_id,
                                            actor=ev.actor, at=inc.at, prev=prev)
                except SQLAlchemyError as exc:
                    raise BadInput(f"line {inc.line}: {Store.reason(exc)}") from None
                _fold_line(conn, inc, new)
            return len(plan)


_LIKE_ESCAPES = str.maketrans({"%": "\\%", "_": "\\_", "\\": "\\\\"})


def like_literal(text: str) -> str:
    """`text` with LIKE's wildcards escaped (use with `escape="\\"`)."""
    return text.translate(_LIKE_ESCAPES)


def resolve_claim(conn: Connection, claim_id: str) -> str:
    """A full claim id or an unambiguous prefix of at least 4 characters, matched literally
    (`____` is four underscores, not any four characters)."""
    c = m.claims.c
    if conn.execute(select(c.id).where(c.id == claim_id)).first():
        return claim_id
    if len(claim_id) >= 4:
        rows = conn.execute(select(c.id).where(c.id.like(like_literal(claim_id) + "%", escape="\\")).limit(2)).all()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise BadInput(f"claim id prefix {claim_id!r} is ambiguous")
    raise NotFound(f"no claim with id {claim_id!r}")


def org_matches(conn: Connection, org: str) -> set[str]:
    """Ids of claims whose organisation key contains `org` (or its registry names) literally."""
    reg = find_company(org)
    forms = {name_key(org)} | ({name_key(f) for f in [reg.name, *reg.aliases]} if reg else set())
    c = m.claims.c
    out: set[str] = set()
    for f in filter(None, forms):
        out |= {r[0] for r in conn.execute(select(c.id).where(c.org_key.like(f"%{like_literal(f)}%", escape="\\")))}
    return out


def _fold_line(conn: Connection, inc: Incoming, ev: Event) -> None:
    """Fold an imported event; a problem names the file's line."""
    try:
        apply(conn, ev)
    except ClaimsError as exc:
        raise BadInput(f"line {inc.line}: {exc}") from None
    except SQLAlchemyError as exc:
        raise BadInput(f"line {inc.line}: {Store.reason(exc)}") from None


def _plan(conn: Connection, incoming: list[Incoming]) -> list[tuple[Incoming, str, dict[str, Any]]]:
    """What of a verified export is new to a non-empty ledger: (line, type, payload) to append.

    Skipped: events whose content is already here (in any chain: a second import of one file adds
    nothing); documents already stored and everything of theirs; links and mentions already here.
    A `claim_created` for a claim this ledger already has becomes a `mention_added`, as ingesting
    that document here would have made it."""
    e = m.events.c
    known = {content_key(r.type, r.claim_id, r.doc_id, r.payload, r.at, r.actor)
             for r in conn.execute(select(e.type, e.claim_id, e.doc_id, e.payload, e.at, e.actor))}
    docs = q.document_ids(conn)
    links = {tuple(r) for r in conn.execute(select(m.links.c.src, m.links.c.dst, m.links.c.type))}
    skipped_docs: set[str] = set()
    new_mentions: set[str] = set()
    plan: list[tuple[Incoming, str, dict[str, Any]]] = []
    for inc in incoming:
        ev, etype, payload = inc.event, inc.event.type, inc.event.payload
        if inc.content in known:
            continue
        if etype == DocumentIngested.TYPE:
            if ev.doc_id in docs:
                skipped_docs.add(ev.doc_id or "")
                continue
            docs.add(ev.doc_id or "")
        elif ev.doc_id and ev.doc_id in skipped_docs:
            continue
        if etype == LinkAdded.TYPE:
            key = (payload["src"], payload["dst"], payload["type"])
            if key in links:
                continue
            links.add(key)
        if etype in (ClaimCreated.TYPE, MentionAdded.TYPE):
            mid = payload["mention"]["id"]
            if mid in new_mentions or conn.execute(select(m.mentions.c.id).where(m.mentions.c.id == mid)).first():
                continue
            new_mentions.add(mid)
        if etype == ClaimCreated.TYPE and q.existing_claims(conn, {ev.claim_id or ""}):
            etype, payload = MentionAdded.TYPE, {"mention": payload["mention"]}
        known.add(inc.content)
        plan.append((inc, etype, payload))
    return plan


def _default_actor() -> str:
    return os.environ.get("CLAIMS_ACTOR") or os.environ.get("USER") or "unknown"
