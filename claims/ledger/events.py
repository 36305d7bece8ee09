"""Typed, versioned ledger events, and the upcasters that read payloads older code stored.

One pydantic model per event type holds its payload; `SCHEMA_VERSION` says which shape it is. A
payload is stored as written and hashed as stored, so an old event is never rewritten: when it is
read, `upcast` walks it through the upcasters (`(type, from_version) -> next version`) until it has
the current shape, and `parse` validates that into the model (eventsourcing's `class_version` and
`upcast_v1_v2`).

The version travels in the payload under `schema_version`, written only from version 2 on: version
1 is every payload stored before versions existed, byte for byte what the code wrote then (and what
it still writes for types that never changed).

Adding a field: bump the model's `SCHEMA_VERSION`, write `@upcaster(type, old_version)` that turns
the old payload into the new one, and add a row for it in tests/test_ledger_events.py.
"""
from __future__ import annotations

from typing import Any, Callable, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from claims.core.errors import LedgerError
from claims.core.models import Claim, Document, Event, LinkType, Mention, Outcome, Speaker, Verdict
from claims.core.registry import find_company

SCHEMA_KEY = "schema_version"
EDITABLE = ("text", "kind", "negated", "confidence", "horizon", "topics", "speaker", "quantities")


class EventData(BaseModel):
    """The payload of one event type; subclasses name their `TYPE` and current `SCHEMA_VERSION`."""

    model_config = ConfigDict(extra="ignore")
    TYPE: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1
    EXCLUDE: ClassVar[dict[str, Any] | None] = None

    def payload(self) -> dict[str, Any]:
        """The JSON object to store (and hash) for this event."""
        out = self.model_dump(mode="json", exclude=self.EXCLUDE)
        if self.SCHEMA_VERSION > 1:
            out[SCHEMA_KEY] = self.SCHEMA_VERSION
        return out


class DocumentIngested(EventData):
    """A document was stored. v2 records the people the company registry lists for the document's
    company (`people`), so the fold links their names without reading the registry."""

    TYPE: ClassVar[str] = "document_ingested"
    SCHEMA_VERSION: ClassVar[int] = 2
    document: Document
    people: list[Speaker] = Field(default_factory=list)


class ClaimCreated(EventData):
    """A claim seen for the first time, with its first mention and the document's company."""

    TYPE: ClassVar[str] = "claim_created"
    EXCLUDE: ClassVar[dict[str, Any] | None] = {"claim": {"mentions", "documents", "status", "verdicts", "links"}}
    claim: Claim
    mention: Mention
    company: str | None = None


class MentionAdded(EventData):
    """Another mention of a known claim."""

    TYPE: ClassVar[str] = "mention_added"
    mention: Mention


class VerdictRecorded(EventData):
    """A reviewer's verdict. v2 says whether it was accepted from a suggestion (`verdict.suggested`)."""

    TYPE: ClassVar[str] = "verdict_recorded"
    SCHEMA_VERSION: ClassVar[int] = 2
    verdict: Verdict


class OutcomesReported(EventData):
    """The outcome statements found in a document (pipelines/components/outcome_detector.py): what
    it reports as having happened, stored with the document as its mentions are."""

    TYPE: ClassVar[str] = "outcomes_reported"
    outcomes: list[Outcome] = Field(default_factory=list)


class ClaimReopened(EventData):
    TYPE: ClassVar[str] = "claim_reopened"
    reason: str | None = None


class ClaimEdited(EventData):
    """Field changes to a claim (only the `EDITABLE` fields)."""

    TYPE: ClassVar[str] = "claim_edited"
    changes: dict[str, Any] = Field(default_factory=dict)


class LinkAdded(EventData):
    """`src reiterates|revises dst`."""

    TYPE: ClassVar[str] = "link_added"
    src: str
    dst: str
    type: LinkType  # a closed set: anything else is refused when written, imported or folded
    score: float | None = None


class HistoryImported(EventData):
    """Events from another ledger's export were appended here, re-chained (`claims import` into a
    non-empty ledger). It comes first, before the events it announces, and says where they came from:
    the source's head hash and event count (which the export's checkpoint also names), how many of
    its events were new here, and the source's own seq range. The source's hashes are not kept on the
    copied events (they are re-chained onto this ledger's head); this event is the link back."""

    TYPE: ClassVar[str] = "history_imported"
    source_head: str
    source_events: int
    added: int
    skipped: int
    signed: bool = False


MODELS: dict[str, type[EventData]] = {cls.TYPE: cls for cls in (
    DocumentIngested, ClaimCreated, MentionAdded, VerdictRecorded, ClaimReopened, ClaimEdited, LinkAdded,
    HistoryImported, OutcomesReported)}
EVENT_TYPES: tuple[str, ...] = tuple(MODELS)

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcaster(etype: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register `fn(payload at from_version) -> payload at from_version + 1`."""
    def register(fn: Upcaster) -> Upcaster:
        UPCASTERS[(etype, from_version)] = fn
        return fn
    return register


def company_people(company: str | None) -> list[Speaker]:
    """The people the company registry lists for `company`, as speakers of that company."""
    reg = find_company(company)
    return [Speaker(name=p["name"], aliases=p.get("aliases", []), role=p.get("role"), org=reg.name)
            for p in (reg.people if reg else [])]


@upcaster("document_ingested", 1)
def document_ingested_v1_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """v1 did not record the company's people: fill them in from the company registry
    (claims/core/data/companies.yaml) as it is when the event is read — which is what the fold did
    with every event before v2. This is the only place reading a ledger touches the registry, and
    only for documents ingested before v2; new events carry their people."""
    company = (payload.get("document") or {}).get("company")
    return {**payload, "people": [p.model_dump(mode="json") for p in company_people(company)], SCHEMA_KEY: 2}


@upcaster("verdict_recorded", 1)
def verdict_recorded_v1_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """v1 verdicts were all typed in by a reviewer: none was accepted from a suggestion."""
    return {**payload, "verdict": {**(payload.get("verdict") or {}), "suggested": False}, SCHEMA_KEY: 2}


def version_of(payload: dict[str, Any]) -> int:
    return int(payload.get(SCHEMA_KEY, 1))


def upcast(etype: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A stored payload in the current shape of its type (a new dict; the stored one is untouched)."""
    cls = model_for(etype)
    version = version_of(payload)
    if version > cls.SCHEMA_VERSION:
        raise LedgerError(f"event {etype} has schema version {version}; this claims-tracker reads up to "
                          f"{cls.SCHEMA_VERSION}: upgrade it to read this ledger")
    while version < cls.SCHEMA_VERSION:
        step = UPCASTERS.get((etype, version))
        if step is None:
            raise LedgerError(f"no upcaster for {etype} v{version}")
        payload = step(payload)
        version = version_of(payload)
    return payload


def model_for(etype: str) -> type[EventData]:
    try:
        return MODELS[etype]
    except KeyError:
        raise LedgerError(f"unknown event type {etype!r}") from None


def parse(ev: Event) -> EventData:
    """The typed payload of a stored or new event, upcast to the current version."""
    return model_for(ev.type).model_validate(upcast(ev.type, ev.payload))
