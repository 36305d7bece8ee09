"""Named, idempotent schema migrations, recorded in `_migrations` (sqlite-utils' habit).

Each migration is a function of a SQLAlchemy connection; `apply_migrations` runs the ones not yet
recorded, in order, inside the caller's transaction. Adding a column or index means appending a
new migration, never editing an old one, so old ledgers upgrade in place.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
)
from sqlalchemy.engine import Connection

from claims.core.errors import LedgerError

metadata = MetaData()

migrations_table = Table(
    "_migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(128), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source", Text),
    Column("lang", String(8), nullable=False),
    Column("date", Date),
    Column("company", Text),
    Column("fiscal_year_end", String(5)),
    Column("period_label", String(16)),
    Column("payload", Text, nullable=False),  # the Document model as JSON
    Column("ingested_at", String(40), nullable=False),
)

events = Table(
    "events", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(64), index=True),
    Column("doc_id", String(128), index=True),
    Column("type", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(200)),
    Column("prev_hash", String(64)),
    Column("hash", String(64), nullable=False),
)

# --- projections: derived from events, rebuildable with Ledger.rebuild() ---
claims = Table(
    "claims", metadata,
    Column("id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("speaker_name", Text),
    Column("speaker_key", String(200)),
    Column("org_key", String(200)),
    Column("kind", String(20), nullable=False),
    Column("negated", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=False),
    Column("horizon_end", Date),
    Column("status", String(20), nullable=False),
    Column("created_seq", Integer, nullable=False),
    Column("updated_seq", Integer, nullable=False),
    Column("payload", Text, nullable=False),  # the Claim model as JSON (without mentions)
    Index("ix_claims_speaker", "speaker_key", "horizon_end"),
    Index("ix_claims_org", "org_key"),
    Index("ix_claims_status_end", "status", "horizon_end"),
)

claim_topics = Table(
    "claim_topics", metadata,
    Column("claim_id", String(64), primary_key=True),
    Column("topic", String(80), primary_key=True),
    Index("ix_claim_topics_topic", "topic", "claim_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", String(64), primary_key=True),
    Column("claim_id", String(64), nullable=False, index=True),
    Column("doc_id", String(128), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("payload", Text, nullable=False),
)

speaker_aliases = Table(
    "speaker_aliases", metadata,
    Column("alias_key", String(200), primary_key=True),
    Column("speaker_key", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", Text),
    Column("org", Text),
)

links = Table(
    "links", metadata,
    Column("src", String(64), primary_key=True),
    Column("dst", String(64), primary_key=True),
    Column("type", String(20), primary_key=True),
    Column("score", Float),
    Column("seq", Integer, nullable=False),
    Index("ix_links_dst", "dst"),
)

outcomes = Table(
    "outcomes", metadata,
    Column("id", String(64), primary_key=True),
    Column("doc_id", String(128), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("metric", String(80)),
    Column("period_end", Date),
    Column("seq", Integer, nullable=False),
    Column("payload", Text, nullable=False),  # the Outcome model as JSON
)

# Every open claim with a deadline, as `claims due --format json` prints it (status "due", its
# mentions, documents and links), kept by the ledger in the transaction of each event that changes
# it (`ledger.listing`). Clustered in listing order (deadline, age): on SQLite the table is its
# primary-key B-tree (WITHOUT ROWID), so the unpaged listing is one sequential range scan whose
# bytes are written out as they are. A claim's text is cut into parts of at most
# `ledger.listing.PART_BYTES` bytes so that each record fits on its B-tree page (a larger record
# spills onto an overflow page of its own: a 4 KB page read per claim).
due_listing = Table(
    "due_listing", metadata,
    Column("horizon_end", Date, primary_key=True, autoincrement=False),
    Column("created_seq", Integer, primary_key=True, autoincrement=False),
    Column("part", Integer, primary_key=True, autoincrement=False),
    Column("claim_id", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),  # UTF-8 JSON, indented as inside the listing's array
    Index("ix_due_listing_claim", "claim_id"),
    sqlite_with_rowid=False,
)

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial_schema(conn: Connection) -> None:
    for table in (documents, events, claims, claim_topics, mentions, speaker_aliases, links):
        table.create(conn, checkfirst=True)



@migration
def m002_query_indexes(conn: Connection) -> None:
    """Indexes for the queries that must stay fast at a million claims (benchmarks/bench_ledger.py):
    `due` pages through (status, deadline, seq) in index order instead of sorting every due claim;
    alias expansion looks speakers up by canonical key; the linker finds its last link by type."""
    for ddl in (
        "CREATE INDEX IF NOT EXISTS ix_claims_status_end_seq ON claims (status, horizon_end, created_seq)",
        "CREATE INDEX IF NOT EXISTS ix_speaker_aliases_speaker ON speaker_aliases (speaker_key)",
        "CREATE INDEX IF NOT EXISTS ix_events_type_seq ON events (type, seq)",
    ):
        conn.exec_driver_sql(ddl)


@migration
def m003_scorecard_index(conn: Connection) -> None:
    """A covering index for the scorecards of every speaker (`queries.scorecard_groups`): the
    grouped count reads these five columns of each claim from the index alone. Without it the
    count visits every table row (the payloads make the table 3 GB at a million claims: 4.8 s);
    with it the scan reads about 50 MB."""
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_claims_scorecard "
                         "ON claims (speaker_name, status, confidence, horizon_end, created_seq)")


@migration
def m004_outcomes(conn: Connection) -> None:
    """Outcome statements (what a later document reports as having happened), folded from
    `outcomes_reported` events; claims.suggest matches them to due claims."""
    outcomes.create(conn, checkfirst=True)


@migration
def m005_due_listing(conn: Connection) -> None:
    """The pre-rendered due listing (`due_listing`, above). Created empty: the ledger fills it from
    the claims already stored (`ledger.listing.fill`) when this migration runs on an existing ledger."""
    due_listing.create(conn, checkfirst=True)


def applied(conn: Connection) -> list[str]:
    if not inspect(conn).has_table("_migrations"):
        return []
    return [r[0] for r in conn.execute(select(migrations_table.c.name).order_by(migrations_table.c.name))]


def pending_migrations(conn: Connection) -> list[str]:
    """The migrations this ledger still needs; refuses a ledger written by a newer claims-tracker
    (one that recorded migrations this code does not know), which it could only misread."""
    done = set(applied(conn))
    known = [name for name, _ in MIGRATIONS]
    newer = sorted(done - set(known))
    if newer:
        raise LedgerError(f"this ledger has schema version {len(done)} ({newer[-1]}), newer than this "
                          f"claims-tracker reads (version {len(known)}, {known[-1]}): upgrade claims-tracker")
    return [name for name in known if name not in done]


def apply_migrations(conn: Connection) -> list[str]:
    """Run pending migrations; return the names that ran (empty when up to date)."""
    migrations_table.create(conn, checkfirst=True)
    pending_migrations(conn)
    done = set(applied(conn))
    ran = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        fn(conn)
        conn.execute(migrations_table.insert().values(name=name, applied_at=dt.datetime.now(dt.timezone.utc).isoformat()))
        ran.append(name)
    return ran
