"""The store: engines, write locks, retries and the hash-chained event log.

It knows how to open a ledger (SQLite path or PostgreSQL URL), run the schema migrations, serialise
writers across processes, append one event with its hash and verify the chain. It knows nothing of
what an event means: that is `events` (the models) and `fold` (what an event does to the tables).
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
from typing import Any, Callable, Iterator, Sequence

from sqlalchemy import create_engine, insert, select
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from claims import migrations as m
from claims.core.errors import LedgerError
from claims.core.models import Event

DEFAULT_DB = "claims.db"
PG_LOCK_KEY = 7_311_042


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def dumps(obj: Any) -> str:
    """The canonical JSON of a payload: these are the bytes stored and hashed."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str | None, etype: str, claim_id: str | None, doc_id: str | None,
               payload_json: str, at: str, actor: str | None) -> str:
    body = dumps([prev_hash or "", etype, claim_id or "", doc_id or "", payload_json, at, actor or ""])
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
    # a path is a file name, not a URL: `?` and `#` would start a query or fragment and `%` an escape
    # (`--db "what?.db"` wrote to a file named `what`); SQLAlchemy unquotes them back
    quoted = str(p).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return f"sqlite:///{quoted}"


def row_event(r: Any) -> Event:
    """A stored `events` row as an `Event`; the payload is the stored one, not upcast."""
    return Event(seq=r["seq"], claim_id=r["claim_id"], doc_id=r["doc_id"], type=r["type"],
                 payload=json.loads(r["payload"]), at=dt.datetime.fromisoformat(r["at"]), actor=r["actor"],
                 prev_hash=r["prev_hash"], hash=r["hash"])


def _rollback(trans: Any) -> None:
    try:
        trans.rollback()
    except (SQLAlchemyError, sqlite3.Error):
        pass  # the connection is gone (disk full, server away): the transaction is void anyway


def chunks(seq: Sequence[str], n: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


@dataclass
class AuditReport:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str | None = None
    head: str | None = None  # the hash of the last event: write it down, and `audit --expect` it later


class Store:
    """The database behind a ledger: `Store(path_or_url)`, `Store(memory=True)` for in-memory SQLite."""

    def __init__(self, db: str | os.PathLike | None = None, *, memory: bool = False,
                 tracer: Callable[[str, Any], None] | None = None, busy_timeout_ms: int = 30_000,
                 migrated: Callable[[Connection, list[str]], None] | None = None):
        """`migrated(conn, names)` runs after the migrations that were pending, in their
        transaction: what a migration cannot do in SQL alone (filling a new query table)."""
        self.url = "sqlite://" if memory else resolve_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
            if memory:
                kwargs["poolclass"] = StaticPool
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise LedgerError(f"cannot open ledger {self.safe_url()}: {exc}") from None
        if self.is_sqlite:
            self._setup_sqlite(busy_timeout_ms, wal=not memory)
        if tracer is not None:
            sa_event.listen(self.engine, "before_cursor_execute",
                            lambda conn, cursor, statement, params, context, executemany: tracer(statement, params))
        try:
            # only a ledger that needs a migration is opened for writing: an up-to-date one (an archive
            # in a read-only folder, say) can be read and audited without write access
            with self.read() as conn:
                pending = m.pending_migrations(conn)
            if pending:
                with self.write() as conn:
                    ran = m.apply_migrations(conn)
                    if migrated is not None:
                        migrated(conn, ran)
        except LedgerError:
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise LedgerError(f"cannot open ledger {self.safe_url()}: {self.reason(exc)}") from None

    def safe_url(self) -> str:
        if "@" in self.url:
            scheme, rest = self.url.split("://", 1)
            return f"{scheme}://***@{rest.split('@', 1)[1]}"
        from urllib.parse import unquote

        return unquote(self.url.replace("sqlite:///", ""))

    @staticmethod
    def reason(exc: BaseException) -> str:
        orig = getattr(exc, "orig", None)
        return str(orig or exc).splitlines()[0]

    def _setup_sqlite(self, busy_timeout_ms: int, wal: bool) -> None:
        @sa_event.listens_for(self.engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (IMMEDIATE for writes)
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if wal:
                try:
                    cur.execute("PRAGMA journal_mode = WAL")
                    cur.execute("PRAGMA synchronous = NORMAL")
                except sqlite3.OperationalError:
                    pass  # a read-only file or folder: reading still works in its current mode
            cur.close()

        @sa_event.listens_for(self.engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    @contextmanager
    def write(self, retries: int = 8) -> Iterator[Connection]:
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
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")
                yield conn
                trans.commit()
                return
            except (SQLAlchemyError, sqlite3.Error) as exc:
                # a read-only file, a full disk, a constraint: one line, and nothing was written
                _rollback(trans)
                raise LedgerError(f"cannot write to ledger {self.safe_url()}: {self.reason(exc)}; "
                                  "nothing was changed") from None
            except BaseException:
                _rollback(trans)
                raise
            finally:
                conn.info.pop("write", None)
                conn.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ the chain
    @staticmethod
    def last_hash(conn: Connection) -> str | None:
        return conn.execute(select(m.events.c.hash).order_by(m.events.c.seq.desc()).limit(1)).scalar()

    def append(self, conn: Connection, etype: str, payload: dict[str, Any], *, claim_id: str | None = None,
               doc_id: str | None = None, actor: str | None = None, at: str | None = None,
               prev: list[str | None] | None = None) -> Event:
        """Store one event chained to the last one; `prev` carries the chain head through a batch."""
        payload_json = dumps(payload)
        at = at or now()
        prev_hash = prev[0] if prev is not None else self.last_hash(conn)
        h = event_hash(prev_hash, etype, claim_id, doc_id, payload_json, at, actor)
        seq = conn.execute(insert(m.events), dict(claim_id=claim_id, doc_id=doc_id, type=etype, payload=payload_json,
                                                   at=at, actor=actor, prev_hash=prev_hash, hash=h)).inserted_primary_key[0]
        if prev is not None:
            prev[0] = h
        return Event(seq=seq, claim_id=claim_id, doc_id=doc_id, type=etype, payload=payload,
                     at=dt.datetime.fromisoformat(at), actor=actor, prev_hash=prev_hash, hash=h)

    def rows(self, batch: int = 5000) -> Iterator[dict[str, Any]]:
        """Every stored event row as stored (payload text, `at` string), oldest first, in batches."""
        last = 0
        while True:
            with self.read() as conn:
                got = [dict(r) for r in conn.execute(select(m.events).where(m.events.c.seq > last)
                                                     .order_by(m.events.c.seq).limit(batch)).mappings()]
            if not got:
                return
            yield from got
            last = got[-1]["seq"]

    @staticmethod
    def insert_exact(conn: Connection, ev: Event, payload_json: str, at: str) -> None:
        """Store an exported event as it was (same seq, time and hash): a copy into an empty ledger."""
        conn.execute(insert(m.events).values(seq=ev.seq, claim_id=ev.claim_id, doc_id=ev.doc_id, type=ev.type,
                                             payload=payload_json, at=at, actor=ev.actor,
                                             prev_hash=ev.prev_hash, hash=ev.hash))

    def audit(self, expect: str | None = None, expect_events: int | None = None) -> AuditReport:
        """Recompute the hash chain over the bytes as stored; name the first event that does not verify.

        `expect` is a head hash written down earlier (printed by a previous audit, or an export's
        checkpoint): it must still be in the chain — at position `expect_events` when that is given —
        or events were deleted from the end (or the ledger replaced), which the chain alone cannot show.
        """
        prev: str | None = None
        n = 0
        found_at: int | None = None
        with self.read() as conn:
            for r in conn.execute(select(m.events).order_by(m.events.c.seq)).mappings():
                n += 1
                if (r["prev_hash"] or None) != prev:
                    return AuditReport(False, n, r["seq"], "prev_hash does not match the previous event's hash", prev)
                h = event_hash(r["prev_hash"], r["type"], r["claim_id"], r["doc_id"], r["payload"], r["at"], r["actor"])
                if h != r["hash"]:
                    return AuditReport(False, n, r["seq"], "content does not match its hash (the event was altered)", prev)
                prev = r["hash"]
                if expect is not None and prev == expect:
                    found_at = n
        if expect is not None:
            if found_at is None:
                return AuditReport(False, n, None, f"the expected head {expect[:16]}… is not in the chain: events "
                                   "were removed from the end, or this is another ledger", prev)
            if expect_events is not None and found_at != expect_events:
                return AuditReport(False, n, None, f"the expected head {expect[:16]}… is event {found_at} here, "
                                   f"not event {expect_events}", prev)
        return AuditReport(True, n, head=prev)
