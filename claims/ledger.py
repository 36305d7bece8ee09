"""The ledger: an append-only event log with query projections, on SQLite or PostgreSQL.

Every change — a document ingested, a claim created, a mention added, a verdict, an edit, a link —
is an event whose hash chains to the previous one. The `claims`, `mentions`, `documents` … tables
are projections folded from those events in the same transaction; `rebuild()` recomputes them from
the log alone, which is what makes the log, not the projections, the source of truth.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlalchemy import and_, create_engine, delete, func, insert, or_, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from claims.core.errors import BadInput, LedgerError, NotFound
from claims.core.models import (
    VERDICTS,
    Claim,
    Document,
    Event,
    Extraction,
    Mention,
    Speaker,
    Verdict,
)
from claims.core.registry import find_company
from claims.core.script import to_simplified

from . import migrations as m

DEFAULT_DB = "claims.db"
EVENT_TYPES = ("document_ingested", "claim_created", "mention_added", "verdict_recorded",
               "claim_reopened", "claim_edited", "link_added")
EDITABLE = ("text", "kind", "negated", "confidence", "horizon", "topics", "speaker", "quantities")
_PG_LOCK_KEY = 7_311_042


def name_key(name: str | None) -> str:
    """Script-, case- and space-insensitive key for names: 吳泳銘, 吴泳铭 and ' Eddie Wu ' collapse."""
    if not name:
        return ""

    return "".join(to_simplified(name).casefold().split())


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str | None, etype: str, claim_id: str | None, doc_id: str | None,
               payload_json: str, at: str, actor: str | None) -> str:
    body = _dumps([prev_hash or "", etype, claim_id or "", doc_id or "", payload_json, at, actor or ""])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def resolve_url(db: str | os.PathLike | None) -> str:
    """A path or URL -> SQLAlchemy URL. Paths become SQLite files; postgres:// is accepted too."""
    raw = str(db) if db is not None else (os.environ.get("CLAIMS_DB") or DEFAULT_DB)
    if raw.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        if raw.startswith("postgres://"):
            raw = "postgresql://" + raw[len("postgres://"):]
        if raw.startswith("postgresql://"):
            raw = "postgresql+psycopg://" + raw[len("postgresql://"):]
        return raw
    if raw.startswith("sqlite:"):
        return raw
    if "://" in raw:
        raise LedgerError(f"unsupported database URL {raw.split('://')[0]}://: use a SQLite path or postgresql://")
    p = Path(raw)
    if p.is_dir():
        raise LedgerError(f"cannot open ledger {raw}: it is a directory")
    if not p.parent.exists():
        raise LedgerError(f"cannot open ledger {raw}: folder {p.parent} does not exist")
    return f"sqlite:///{p}"


@dataclass
class IngestResult:
    doc_id: str
    source: str | None
    added: bool
    claims_added: int = 0
    mentions_added: int = 0


@dataclass
class AuditReport:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str | None = None


class Ledger:
    """`Ledger(path_or_url)`; `Ledger(memory=True)` for an in-memory SQLite ledger."""

    def __init__(self, db: str | os.PathLike | None = None, *, memory: bool = False,
                 tracer: Callable[[str, Any], None] | None = None, busy_timeout_ms: int = 30_000):
        self.url = "sqlite://" if memory else resolve_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
            if memory:
                from sqlalchemy.pool import StaticPool

                kwargs["poolclass"] = StaticPool
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise LedgerError(f"cannot open ledger {self._safe_url()}: {exc}") from None
        if self.is_sqlite:
            self._setup_sqlite(busy_timeout_ms, wal=not memory)
        if tracer is not None:
            sa_event.listen(self.engine, "before_cursor_execute",
                            lambda conn, cursor, statement, params, context, executemany: tracer(statement, params))
        try:
            with self._write() as conn:
                m.apply_migrations(conn)
        except LedgerError:
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise LedgerError(f"cannot open ledger {self._safe_url()}: {self._reason(exc)}") from None

    # ------------------------------------------------------------------ plumbing
    def _safe_url(self) -> str:
        if "@" in self.url:
            scheme, rest = self.url.split("://", 1)
            return f"{scheme}://***@{rest.split('@', 1)[1]}"
        return self.url.replace("sqlite:///", "")

    @staticmethod
    def _reason(exc: BaseException) -> str:
        orig = getattr(exc, "orig", None)
        return str(orig or exc).splitlines()[0]

    def _setup_sqlite(self, busy_timeout_ms: int, wal: bool) -> None:
        @sa_event.listens_for(self.engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (IMMEDIATE for writes)
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if wal:
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
            cur.close()

        @sa_event.listens_for(self.engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    @contextmanager
    def _write(self, retries: int = 8) -> Iterator[Connection]:
        """One write transaction, serialised across processes (SQLite: BEGIN IMMEDIATE; PG: advisory lock).

        "database is locked" after the busy timeout is retried a bounded number of times with
        jittered back-off; anything else rolls back and propagates, leaving the ledger unchanged.
        """
        attempt = 0
        while True:
            conn = self.engine.connect()
            conn.info["write"] = True
            try:
                trans = conn.begin()
            except OperationalError as exc:
                conn.close()
                if "locked" in str(exc).lower() and attempt < retries:
                    attempt += 1
                    time.sleep(min(2.0, 0.05 * 2 ** attempt) * random.uniform(0.5, 1.5))
                    continue
                raise
            try:
                if not self.is_sqlite:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
                yield conn
                trans.commit()
                return
            except BaseException:
                trans.rollback()
                raise
            finally:
                conn.info.pop("write", None)
                conn.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ events
    def _last_hash(self, conn: Connection) -> str | None:
        return conn.execute(select(m.events.c.hash).order_by(m.events.c.seq.desc()).limit(1)).scalar()

    def _append(self, conn: Connection, etype: str, payload: dict[str, Any], *, claim_id: str | None = None,
                doc_id: str | None = None, actor: str | None = None, at: str | None = None,
                prev: list[str | None] | None = None) -> Event:
        """Append one event and fold it into the projections. `prev` carries the chain head in a batch."""
        assert etype in EVENT_TYPES, etype
        payload_json = _dumps(payload)
        at = at or _now()
        prev_hash = prev[0] if prev is not None else self._last_hash(conn)
        h = event_hash(prev_hash, etype, claim_id, doc_id, payload_json, at, actor)
        seq = conn.execute(insert(m.events), dict(claim_id=claim_id, doc_id=doc_id, type=etype, payload=payload_json,
                                                   at=at, actor=actor, prev_hash=prev_hash, hash=h)).inserted_primary_key[0]
        if prev is not None:
            prev[0] = h
        ev = Event(seq=seq, claim_id=claim_id, doc_id=doc_id, type=etype, payload=payload,
                   at=dt.datetime.fromisoformat(at), actor=actor, prev_hash=prev_hash, hash=h)
        self._apply(conn, ev)
        return ev

    def _apply(self, conn: Connection, ev: Event) -> None:
        """Fold one event into the projections (used live and by `rebuild`)."""
        p = ev.payload
        if ev.type == "document_ingested":
            doc = Document.model_validate(p["document"])
            conn.execute(insert(m.documents), dict(
                id=doc.id, sha256=doc.sha256 or doc.id, source=doc.source, lang=doc.lang, date=doc.date,
                company=doc.company, fiscal_year_end=doc.fiscal_year_end,
                period_label=doc.period.label if doc.period else None,
                payload=_dumps(doc.model_dump(mode="json")), ingested_at=ev.at.isoformat()))
            for sp in doc.speakers:
                self._upsert_speaker(conn, sp)
            self._register_company_people(conn, doc.company)
        elif ev.type == "claim_created":
            claim = Claim.model_validate(p["claim"])
            org_key = "|".join(k for k in (name_key(p.get("company")), name_key(claim.speaker.org if claim.speaker else None)) if k)
            conn.execute(insert(m.claims), dict(
                id=claim.id, text=claim.text, speaker_name=claim.speaker.name if claim.speaker else None,
                speaker_key=name_key(claim.speaker.name) if claim.speaker else None, org_key=org_key or None,
                kind=claim.kind, negated=claim.negated, confidence=claim.confidence,
                horizon_end=claim.horizon.end if claim.horizon else None, status="open",
                created_seq=ev.seq, updated_seq=ev.seq,
                payload=_dumps(claim.model_dump(mode="json", exclude={"mentions", "documents", "status"}))))
            if claim.topics:
                conn.execute(insert(m.claim_topics), [{"claim_id": claim.id, "topic": t} for t in dict.fromkeys(claim.topics)])
            if claim.speaker:
                self._upsert_speaker(conn, Speaker(**claim.speaker.model_dump(), aliases=[]))
            self._insert_mention(conn, Mention.model_validate(p["mention"]))
        elif ev.type == "mention_added":
            self._insert_mention(conn, Mention.model_validate(p["mention"]))
            self._touch(conn, ev)
        elif ev.type == "verdict_recorded":
            verdict = Verdict.model_validate(p["verdict"])
            payload = self._payload(conn, ev.claim_id)
            payload.setdefault("verdicts", []).append(verdict.model_dump(mode="json"))
            conn.execute(update(m.claims).where(m.claims.c.id == ev.claim_id).values(
                status=verdict.verdict, updated_seq=ev.seq, payload=_dumps(payload)))
        elif ev.type == "claim_reopened":
            payload = self._payload(conn, ev.claim_id)
            payload.setdefault("reopened", []).append({"reason": p.get("reason"), "at": ev.at.isoformat()})
            conn.execute(update(m.claims).where(m.claims.c.id == ev.claim_id).values(
                status="open", updated_seq=ev.seq, payload=_dumps(payload)))
        elif ev.type == "claim_edited":
            self._apply_edit(conn, ev)
        elif ev.type == "link_added":
            conn.execute(insert(m.links), dict(src=p["src"], dst=p["dst"], type=p["type"], score=p.get("score"), seq=ev.seq))

    def _payload(self, conn: Connection, claim_id: str | None) -> dict[str, Any]:
        raw = conn.execute(select(m.claims.c.payload).where(m.claims.c.id == claim_id)).scalar()
        if raw is None:
            raise NotFound(f"no claim with id {claim_id}")
        return json.loads(raw)

    def _touch(self, conn: Connection, ev: Event) -> None:
        conn.execute(update(m.claims).where(m.claims.c.id == ev.claim_id).values(updated_seq=ev.seq))

    def _apply_edit(self, conn: Connection, ev: Event) -> None:
        payload = self._payload(conn, ev.claim_id)
        changes = ev.payload.get("changes", {})
        payload.update(changes)
        claim = Claim.model_validate({**payload, "id": ev.claim_id})
        values: dict[str, Any] = {"updated_seq": ev.seq, "payload": _dumps(payload), "text": claim.text,
                                  "kind": claim.kind, "negated": claim.negated, "confidence": claim.confidence,
                                  "horizon_end": claim.horizon.end if claim.horizon else None}
        if "speaker" in changes:
            values["speaker_name"] = claim.speaker.name if claim.speaker else None
            values["speaker_key"] = name_key(claim.speaker.name) if claim.speaker else None
        conn.execute(update(m.claims).where(m.claims.c.id == ev.claim_id).values(**values))
        if "topics" in changes:
            conn.execute(delete(m.claim_topics).where(m.claim_topics.c.claim_id == ev.claim_id))
            if claim.topics:
                conn.execute(insert(m.claim_topics), [{"claim_id": ev.claim_id, "topic": t} for t in dict.fromkeys(claim.topics)])

    def _insert_mention(self, conn: Connection, mention: Mention) -> None:
        conn.execute(insert(m.mentions), dict(id=mention.id, claim_id=mention.claim_id, doc_id=mention.doc_id or "",
                                               start=mention.start, end=mention.end,
                                               payload=_dumps(mention.model_dump(mode="json"))))

    def _upsert_speaker(self, conn: Connection, sp: Speaker) -> None:
        skey = name_key(sp.name)
        if not skey:
            return
        for alias in dict.fromkeys([sp.name, *sp.aliases]):
            akey = name_key(alias)
            if not akey:
                continue
            exists = conn.execute(select(m.speaker_aliases.c.alias_key).where(and_(
                m.speaker_aliases.c.alias_key == akey, m.speaker_aliases.c.speaker_key == skey))).first()
            if exists is None:
                conn.execute(insert(m.speaker_aliases), dict(alias_key=akey, speaker_key=skey, name=sp.name,
                                                              role=sp.role, org=sp.org))

    def _register_company_people(self, conn: Connection, company: str | None) -> None:
        """People listed for the company in the registry link names across languages (吴泳铭 / Eddie Wu)."""
        reg = find_company(company)
        for person in (reg.people if reg else []):
            self._upsert_speaker(conn, Speaker(name=person["name"], aliases=person.get("aliases", []),
                                               role=person.get("role"), org=reg.name))

    # ------------------------------------------------------------------ writing
    def has_document(self, sha256: str) -> bool:
        with self._read() as conn:
            return conn.execute(select(m.documents.c.id).where(m.documents.c.sha256 == sha256)).first() is not None

    def ingest(self, extraction: Extraction, actor: str | None = None) -> IngestResult:
        """Store a document and its claims in one transaction; a document already stored adds nothing."""
        doc = extraction.doc
        sha = doc.sha256 or doc.id
        with self._write() as conn:
            if conn.execute(select(m.documents.c.id).where(or_(m.documents.c.sha256 == sha, m.documents.c.id == doc.id))).first():
                return IngestResult(doc_id=doc.id, source=doc.source, added=False)
            prev = [self._last_hash(conn)]
            self._append(conn, "document_ingested", {"document": doc.model_dump(mode="json")}, doc_id=doc.id,
                         actor=actor, prev=prev)
            claims_added = mentions_added = 0
            seen: set[str] = set()
            existing = self._existing_claims(conn, {mn.claim_id for mn in extraction.claims})
            for mention in extraction.claims:
                mention_json = mention.model_dump(mode="json")
                if mention.claim_id in seen or mention.claim_id in existing:
                    self._append(conn, "mention_added", {"mention": mention_json}, claim_id=mention.claim_id,
                                 doc_id=doc.id, actor=actor, prev=prev)
                else:
                    seen.add(mention.claim_id)
                    claim = Claim(id=mention.claim_id, text=mention.text, speaker=mention.speaker, kind=mention.kind,
                                  negated=mention.negated, confidence=mention.confidence, horizon=mention.horizon,
                                  quantities=mention.quantities, topics=mention.topics)
                    self._append(conn, "claim_created", {"claim": claim.model_dump(mode="json", exclude={"mentions", "documents", "status", "verdicts", "links"}),
                                                         "mention": mention_json, "company": doc.company},
                                 claim_id=mention.claim_id, doc_id=doc.id, actor=actor, prev=prev)
                    claims_added += 1
                mentions_added += 1
            return IngestResult(doc_id=doc.id, source=doc.source, added=True, claims_added=claims_added,
                                mentions_added=mentions_added)

    def unlinked_documents(self, doc_ids: Iterable[str]) -> list[str]:
        """Of `doc_ids`, those stored after the last recorded link: an ingest killed between storing
        documents and its linking pass leaves such documents, and a re-run links them (claims.ingest)."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return []
        e = m.events.c
        with self._read() as conn:
            last = conn.execute(select(func.max(e.seq)).where(e.type == "link_added")).scalar() or 0
            return [r[0] for chunk in _chunks(ids, 500) for r in conn.execute(
                select(e.doc_id).where(and_(e.type == "document_ingested", e.doc_id.in_(list(chunk)), e.seq > last)))]

    def _existing_claims(self, conn: Connection, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        return {r[0] for r in conn.execute(select(m.claims.c.id).where(m.claims.c.id.in_(list(ids))))}

    def _require_claim(self, conn: Connection, claim_id: str) -> str:
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

    def verify(self, claim_id: str, verdict: str, evidence: str, source: str | None = None,
               date: dt.date | None = None, actor: str | None = None) -> Event:
        if verdict not in VERDICTS:
            raise BadInput(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
        if not evidence or not evidence.strip():
            raise BadInput("a verdict needs evidence text")
        v = Verdict(verdict=verdict, evidence=evidence.strip(), source=source, date=date,
                    recorded_at=dt.datetime.now(dt.timezone.utc), actor=actor or _default_actor())
        with self._write() as conn:
            cid = self._require_claim(conn, claim_id)
            return self._append(conn, "verdict_recorded", {"verdict": v.model_dump(mode="json")}, claim_id=cid,
                                actor=v.actor)

    def reopen(self, claim_id: str, reason: str = "", actor: str | None = None) -> Event:
        with self._write() as conn:
            cid = self._require_claim(conn, claim_id)
            return self._append(conn, "claim_reopened", {"reason": reason}, claim_id=cid, actor=actor or _default_actor())

    def edit(self, claim_id: str, changes: dict[str, Any], actor: str | None = None) -> Event:
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise BadInput(f"cannot edit {', '.join(sorted(bad))}: editable fields are {', '.join(EDITABLE)}")
        with self._write() as conn:
            cid = self._require_claim(conn, claim_id)
            current = self._payload(conn, cid)
            Claim.model_validate({**current, **changes, "id": cid})  # reject invalid edits before writing
            return self._append(conn, "claim_edited", {"changes": changes}, claim_id=cid, actor=actor or _default_actor())

    def add_link(self, src: str, dst: str, link_type: str, score: float | None = None, actor: str | None = None) -> Event | None:
        """Record `src reiterates|revises dst`; an existing identical link is not added twice."""
        with self._write() as conn:
            s, d = self._require_claim(conn, src), self._require_claim(conn, dst)
            if conn.execute(select(m.links.c.seq).where(and_(m.links.c.src == s, m.links.c.dst == d, m.links.c.type == link_type))).first():
                return None
            return self._append(conn, "link_added", {"src": s, "dst": d, "type": link_type, "score": score},
                                claim_id=s, actor=actor or _default_actor())

    # ------------------------------------------------------------------ reading
    def speaker_keys(self, conn: Connection, speaker: str) -> list[str]:
        key = name_key(speaker)
        keys = {key}
        keys |= {r[0] for r in conn.execute(select(m.speaker_aliases.c.speaker_key).where(m.speaker_aliases.c.alias_key == key))}
        # aliases of those speakers may themselves be other canonical names (Eddie Wu -> 吳泳銘 -> 吴泳铭)
        keys |= {r[0] for r in conn.execute(select(m.speaker_aliases.c.alias_key).where(m.speaker_aliases.c.speaker_key.in_(list(keys))))}
        return sorted(k for k in keys if k)

    def list_claims(self, *, speaker: str | None = None, org: str | None = None, topic: str | None = None,
                    status: str | None = None, due_before: dt.date | None = None, as_of: dt.date | None = None,
                    due_after: dt.date | None = None, limit: int | None = None, with_mentions: bool = True) -> list[Claim]:
        as_of = as_of or dt.date.today()
        c = m.claims.c
        q = select(m.claims)
        with self._read() as conn:
            if speaker:
                q = q.where(c.speaker_key.in_(self.speaker_keys(conn, speaker)))
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
            return self._hydrate(conn, rows, as_of, with_mentions)

    def claims_in_documents(self, doc_ids: Iterable[str], as_of: dt.date | None = None) -> list[Claim]:
        """Claims with a mention in any of `doc_ids` (cross-call linking starts from these)."""
        ids = list(dict.fromkeys(doc_ids))
        out: list[Claim] = []
        with self._read() as conn:
            for chunk in _chunks(ids, 500):
                sub = select(m.mentions.c.claim_id).where(m.mentions.c.doc_id.in_(list(chunk)))
                rows = conn.execute(select(m.claims).where(m.claims.c.id.in_(sub)).order_by(m.claims.c.created_seq)).mappings().all()
                out += self._hydrate(conn, rows, as_of or dt.date.today(), True)
        return list({c.id: c for c in out}.values())

    def due(self, as_of: dt.date | None = None, **filters: Any) -> list[Claim]:
        """Claims whose deadline has passed (end < as_of) and that have no verdict."""
        return self.list_claims(status="due", as_of=as_of, **filters)

    def upcoming(self, days: int, as_of: dt.date | None = None, **filters: Any) -> list[Claim]:
        as_of = as_of or dt.date.today()
        return self.list_claims(status="open", as_of=as_of, due_after=as_of,
                                due_before=as_of + dt.timedelta(days=days + 1), **filters)

    def get_claim(self, claim_id: str, as_of: dt.date | None = None) -> Claim:
        with self._read() as conn:
            cid = self._require_claim(conn, claim_id)
            rows = conn.execute(select(m.claims).where(m.claims.c.id == cid)).mappings().all()
            return self._hydrate(conn, rows, as_of or dt.date.today(), True)[0]

    def _hydrate(self, conn: Connection, rows: Sequence[Any], as_of: dt.date, with_mentions: bool) -> list[Claim]:
        ids = [r["id"] for r in rows]
        mentions: dict[str, list[Mention]] = {i: [] for i in ids}
        links: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if with_mentions and ids:
            for chunk in _chunks(ids, 500):
                for mr in conn.execute(select(m.mentions.c.claim_id, m.mentions.c.payload).where(m.mentions.c.claim_id.in_(chunk)).order_by(m.mentions.c.doc_id, m.mentions.c.start)):
                    mentions[mr[0]].append(Mention.model_validate_json(mr[1]))
                for lr in conn.execute(select(m.links).where(or_(m.links.c.src.in_(chunk), m.links.c.dst.in_(chunk)))).mappings():
                    for cid in (lr["src"], lr["dst"]):
                        if cid in links:
                            links[cid].append({"src": lr["src"], "dst": lr["dst"], "type": lr["type"], "score": lr["score"]})
        out = []
        for r in rows:
            payload = json.loads(r["payload"])
            status = r["status"]
            if status == "open" and r["horizon_end"] is not None and r["horizon_end"] < as_of:
                status = "due"
            ms = mentions.get(r["id"], [])
            claim = Claim.model_validate({**payload, "id": r["id"], "status": status, "mentions": ms,
                                          "documents": list(dict.fromkeys(mn.doc_id for mn in ms if mn.doc_id)),
                                          "links": links.get(r["id"], [])})
            out.append(claim)
        return out

    def history(self, claim_id: str) -> list[Event]:
        with self._read() as conn:
            cid = self._require_claim(conn, claim_id)
            rows = conn.execute(select(m.events).where(m.events.c.claim_id == cid).order_by(m.events.c.seq)).mappings().all()
            return [_event(r) for r in rows]

    def iter_events(self, batch: int = 5000) -> Iterator[Event]:
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(select(m.events).where(m.events.c.seq > last).order_by(m.events.c.seq).limit(batch)).mappings().all()
            if not rows:
                return
            for r in rows:
                yield _event(r)
            last = rows[-1]["seq"]

    def documents(self) -> list[Document]:
        with self._read() as conn:
            return [Document.model_validate_json(r[0]) for r in conn.execute(select(m.documents.c.payload).order_by(m.documents.c.ingested_at))]

    def speakers(self) -> list[Speaker]:
        with self._read() as conn:
            rows = conn.execute(select(m.speaker_aliases).order_by(m.speaker_aliases.c.speaker_key)).mappings().all()
        by_key: dict[str, Speaker] = {}
        for r in rows:
            sp = by_key.setdefault(r["speaker_key"], Speaker(name=r["name"], role=r["role"], org=r["org"], aliases=[]))
            if r["alias_key"] != r["speaker_key"] and r["alias_key"] not in sp.aliases:
                sp.aliases.append(r["alias_key"])
        return list(by_key.values())

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in (("documents", m.documents), ("claims", m.claims), ("mentions", m.mentions),
                                    ("events", m.events), ("links", m.links))}

    # ------------------------------------------------------------------ integrity
    def audit(self) -> AuditReport:
        """Recompute the hash chain; name the first event whose stored hash does not verify."""
        prev: str | None = None
        n = 0
        with self._read() as conn:
            for r in conn.execute(select(m.events).order_by(m.events.c.seq)).mappings():
                n += 1
                if (r["prev_hash"] or None) != prev:
                    return AuditReport(False, n, r["seq"], "prev_hash does not match the previous event's hash")
                h = event_hash(r["prev_hash"], r["type"], r["claim_id"], r["doc_id"], r["payload"], r["at"], r["actor"])
                if h != r["hash"]:
                    return AuditReport(False, n, r["seq"], "content does not match its hash (the event was altered)")
                prev = r["hash"]
        return AuditReport(True, n)

    def rebuild(self) -> int:
        """Drop the projections and fold every event again; returns the number of events replayed."""
        with self._write() as conn:
            for t in (m.links, m.speaker_aliases, m.mentions, m.claim_topics, m.claims, m.documents):
                conn.execute(delete(t))
            n = 0
            for r in conn.execute(select(m.events).order_by(m.events.c.seq)).mappings().all():
                self._apply(conn, _event(r))
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
            empty = conn.execute(select(func.count()).select_from(m.events)).scalar_one() == 0
            known = set() if empty else {r[0] for r in conn.execute(select(m.events.c.hash))}
            known_docs = {r[0] for r in conn.execute(select(m.documents.c.id))}
            prev = [self._last_hash(conn)]
            skipped_claims: set[str] = set()
            for ev in parsed:
                if ev.hash in known:
                    continue
                if ev.type == "document_ingested" and ev.doc_id in known_docs:
                    skipped_claims.add(ev.doc_id or "")
                    continue
                if ev.doc_id in skipped_claims:
                    continue
                payload_json = _dumps(ev.payload)
                at = ev.at.isoformat(timespec="microseconds")
                if empty:
                    conn.execute(insert(m.events).values(seq=ev.seq, claim_id=ev.claim_id, doc_id=ev.doc_id, type=ev.type,
                                                         payload=payload_json, at=at, actor=ev.actor,
                                                         prev_hash=ev.prev_hash, hash=ev.hash))
                    self._apply(conn, ev)
                else:
                    self._append(conn, ev.type, ev.payload, claim_id=ev.claim_id, doc_id=ev.doc_id,
                                 actor=ev.actor or actor, at=at, prev=prev)
                added += 1
            if empty and added and not self.is_sqlite:
                conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('events', 'seq'), (SELECT MAX(seq) FROM events))")
        return added


def _event(r: Any) -> Event:
    return Event(seq=r["seq"], claim_id=r["claim_id"], doc_id=r["doc_id"], type=r["type"],
                 payload=json.loads(r["payload"]), at=dt.datetime.fromisoformat(r["at"]), actor=r["actor"],
                 prev_hash=r["prev_hash"], hash=r["hash"])


def _chunks(seq: Sequence[str], n: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _default_actor() -> str:
    return os.environ.get("CLAIMS_ACTOR") or os.environ.get("USER") or "unknown"
