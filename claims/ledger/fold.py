"""The fold: what each event does to the query tables, one pure function per event type.

`fold_<type>(event, data, state) -> [changes]` takes the event's envelope (seq, time, claim id),
its typed payload (`events`) and a read-only view of the query tables as they are (`State`), and
returns the rows to insert, update or delete. It reads nothing else — no files, no registry, no
clock — so the tables are a function of the log alone: `apply` runs it live, in the transaction
that appends the event, and `Ledger.rebuild` runs it over the whole log.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from claims import migrations as m
from claims.core.errors import NotFound
from claims.core.models import Claim, Event, Mention, Speaker
from claims.core.script import to_simplified

from . import listing
from .events import (
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
    parse,
)
from .store import dumps

# the query tables, children first (the order `rebuild` clears them in)
PROJECTIONS: tuple[Table, ...] = (m.due_listing, m.outcomes, m.links, m.speaker_aliases, m.mentions, m.claim_topics, m.claims, m.documents)


def name_key(name: str | None) -> str:
    """Script-, case- and space-insensitive key for names: 吳泳銘, 吴泳铭 and ' Eddie Wu ' collapse."""
    if not name:
        return ""

    return "".join(to_simplified(name).casefold().split())


# ------------------------------------------------------------------ changes
@dataclass
class Insert:
    table: Table
    rows: list[dict[str, Any]]


@dataclass
class Update:
    table: Table
    key: dict[str, Any]
    values: dict[str, Any]


@dataclass
class Delete:
    table: Table
    key: dict[str, Any]


Change = Insert | Update | Delete


def execute(conn: Connection, changes: list[Change]) -> None:
    """Write changes through the session they are for."""
    for ch in changes:
        if isinstance(ch, Insert):
            if ch.rows:
                conn.execute(insert(ch.table), ch.rows)
            continue
        where = and_(*[ch.table.c[k] == v for k, v in ch.key.items()])
        if isinstance(ch, Update):
            conn.execute(update(ch.table).where(where).values(**ch.values))
        else:
            conn.execute(delete(ch.table).where(where))


# ------------------------------------------------------------------ state
class State(Protocol):
    """What a fold may know of the query tables (reads only)."""

    def claim_payload(self, claim_id: str | None) -> dict[str, Any]: ...

    def has_alias(self, alias_key: str, speaker_key: str) -> bool: ...


class SessionState:
    """`State` read through the session the changes will be written with."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def claim_payload(self, claim_id: str | None) -> dict[str, Any]:
        raw = self.conn.execute(select(m.claims.c.payload).where(m.claims.c.id == claim_id)).scalar()
        if raw is None:
            raise NotFound(f"no claim with id {claim_id}")
        return json.loads(raw)

    def has_alias(self, alias_key: str, speaker_key: str) -> bool:
        a = m.speaker_aliases.c
        return self.conn.execute(select(a.alias_key).where(and_(
            a.alias_key == alias_key, a.speaker_key == speaker_key))).first() is not None


# ------------------------------------------------------------------ helpers
def speaker_changes(speakers: list[Speaker], state: State) -> list[Change]:
    """Alias rows linking each name (and alias) to its speaker's canonical key; the first row wins."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for sp in speakers:
        skey = name_key(sp.name)
        if not skey:
            continue
        for alias in dict.fromkeys([sp.name, *sp.aliases]):
            akey = name_key(alias)
            if not akey or (akey, skey) in seen:
                continue
            seen.add((akey, skey))
            if not state.has_alias(akey, skey):
                rows.append(dict(alias_key=akey, speaker_key=skey, name=sp.name, role=sp.role, org=sp.org))
    return [Insert(m.speaker_aliases, rows)] if rows else []


def mention_row(mention: Mention) -> dict[str, Any]:
    return dict(id=mention.id, claim_id=mention.claim_id, doc_id=mention.doc_id or "", start=mention.start,
                end=mention.end, payload=dumps(mention.model_dump(mode="json")))


def topic_rows(claim_id: str, topics: list[str]) -> list[dict[str, Any]]:
    return [{"claim_id": claim_id, "topic": t} for t in dict.fromkeys(topics)]


# ------------------------------------------------------------------ one fold per event type
def fold_document_ingested(ev: Event, data: DocumentIngested, state: State) -> list[Change]:
    """The document row; its speakers and its company's people (recorded in the event) as aliases."""
    doc = data.document
    row = dict(id=doc.id, sha256=doc.sha256 or doc.id, source=doc.source, lang=doc.lang, date=doc.date,
               company=doc.company, fiscal_year_end=doc.fiscal_year_end,
               period_label=doc.period.label if doc.period else None,
               payload=dumps(doc.model_dump(mode="json")), ingested_at=ev.at.isoformat())
    return [Insert(m.documents, [row]), *speaker_changes([*doc.speakers, *data.people], state)]


def fold_claim_created(ev: Event, data: ClaimCreated, state: State) -> list[Change]:
    """The claim row (open), its topics, its speaker and its first mention."""
    claim = data.claim
    speaker = claim.speaker
    org_key = "|".join(k for k in (name_key(data.company), name_key(speaker.org if speaker else None)) if k)
    row = dict(id=claim.id, text=claim.text, speaker_name=speaker.name if speaker else None,
               speaker_key=name_key(speaker.name) if speaker else None, org_key=org_key or None,
               kind=claim.kind, negated=claim.negated, confidence=claim.confidence,
               horizon_end=claim.horizon.end if claim.horizon else None, status="open",
               created_seq=ev.seq, updated_seq=ev.seq,
               payload=dumps(claim.model_dump(mode="json", exclude={"mentions", "documents", "status"})))
    changes: list[Change] = [Insert(m.claims, [row])]
    if claim.topics:
        changes.append(Insert(m.claim_topics, topic_rows(claim.id, claim.topics)))
    if speaker:
        changes += speaker_changes([Speaker(**speaker.model_dump(), aliases=[])], state)
    changes.append(Insert(m.mentions, [mention_row(data.mention)]))
    return changes


def fold_mention_added(ev: Event, data: MentionAdded, state: State) -> list[Change]:
    return [Insert(m.mentions, [mention_row(data.mention)]),
            Update(m.claims, {"id": ev.claim_id}, {"updated_seq": ev.seq})]


def fold_verdict_recorded(ev: Event, data: VerdictRecorded, state: State) -> list[Change]:
    payload = state.claim_payload(ev.claim_id)
    payload = {**payload, "verdicts": [*payload.get("verdicts", []), data.verdict.model_dump(mode="json")]}
    return [Update(m.claims, {"id": ev.claim_id},
                   {"status": data.verdict.verdict, "updated_seq": ev.seq, "payload": dumps(payload)})]


def fold_claim_reopened(ev: Event, data: ClaimReopened, state: State) -> list[Change]:
    payload = state.claim_payload(ev.claim_id)
    payload = {**payload, "reopened": [*payload.get("reopened", []), {"reason": data.reason, "at": ev.at.isoformat()}]}
    return [Update(m.claims, {"id": ev.claim_id}, {"status": "open", "updated_seq": ev.seq, "payload": dumps(payload)})]


def fold_claim_edited(ev: Event, data: ClaimEdited, state: State) -> list[Change]:
    changes = data.changes
    payload = {**state.claim_payload(ev.claim_id), **changes}
    claim = Claim.model_validate({**payload, "id": ev.claim_id})
    values: dict[str, Any] = {"updated_seq": ev.seq, "payload": dumps(payload), "text": claim.text,
                              "kind": claim.kind, "negated": claim.negated, "confidence": claim.confidence,
                              "horizon_end": claim.horizon.end if claim.horizon else None}
    if "speaker" in changes:
        values["speaker_name"] = claim.speaker.name if claim.speaker else None
        values["speaker_key"] = name_key(claim.speaker.name) if claim.speaker else None
    out: list[Change] = [Update(m.claims, {"id": ev.claim_id}, values)]
    if "topics" in changes:
        out.append(Delete(m.claim_topics, {"claim_id": ev.claim_id}))
        if claim.topics:
            out.append(Insert(m.claim_topics, topic_rows(ev.claim_id or "", claim.topics)))
    return out


def fold_link_added(ev: Event, data: LinkAdded, state: State) -> list[Change]:
    return [Insert(m.links, [dict(src=data.src, dst=data.dst, type=data.type, score=data.score, seq=ev.seq)])]


def fold_outcomes_reported(ev: Event, data: OutcomesReported, state: State) -> list[Change]:
    """One row per outcome statement of the document."""
    rows = [dict(id=o.id, doc_id=o.doc_id or ev.doc_id or "", start=o.start, end=o.end, metric=o.metric,
                 period_end=o.period.end if o.period else None, seq=ev.seq,
                 payload=dumps(o.model_dump(mode="json"))) for o in data.outcomes]
    return [Insert(m.outcomes, rows)] if rows else []


def fold_history_imported(ev: Event, data: HistoryImported, state: State) -> list[Change]:
    """Provenance only: the events it announces change the tables themselves."""
    return []


Fold = Callable[[Event, Any, State], list[Change]]
FOLDS: dict[str, Fold] = {
    DocumentIngested.TYPE: fold_document_ingested,
    ClaimCreated.TYPE: fold_claim_created,
    MentionAdded.TYPE: fold_mention_added,
    VerdictRecorded.TYPE: fold_verdict_recorded,
    ClaimReopened.TYPE: fold_claim_reopened,
    ClaimEdited.TYPE: fold_claim_edited,
    LinkAdded.TYPE: fold_link_added,
    HistoryImported.TYPE: fold_history_imported,
    OutcomesReported.TYPE: fold_outcomes_reported,
}


def fold(ev: Event, state: State, data: EventData | None = None) -> list[Change]:
    """The changes one event makes, given the tables as they are."""
    return FOLDS[ev.type](ev, data if data is not None else parse(ev), state)


def listed_claims(ev: Event, data: EventData) -> list[str | None]:
    """The claims whose due-listing rows an event can change: the claim it is about, or both ends
    of a link (a claim lists its links)."""
    if isinstance(data, LinkAdded):
        return [data.src, data.dst]
    if isinstance(data, (ClaimCreated, MentionAdded, VerdictRecorded, ClaimReopened, ClaimEdited)):
        return [ev.claim_id]
    return []


def apply(conn: Connection, ev: Event) -> None:
    """Fold one event into the query tables through `conn` (live, and by `Ledger.rebuild`); then
    re-render the due-listing rows of the claims it touched from the tables it changed
    (`listing.refresh`)."""
    data = parse(ev)
    execute(conn, fold(ev, SessionState(conn), data))
    listing.refresh(conn, listed_claims(ev, data))
