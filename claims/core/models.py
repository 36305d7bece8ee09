"""Domain model shared by the extractor, the ledger and the CLI.

Every object a user can see is one of these pydantic types, so the JSON a script reads
(`claims extract --format json`, `claims list --format json`) and the JSON Schema printed by
`claims schema` come from the same definitions.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal["prediction", "target", "guidance", "plan"]
VerdictValue = Literal["kept", "broken", "partial", "unverifiable", "withdrawn"]
ClaimStatus = Literal["open", "due", "kept", "broken", "partial", "unverifiable", "withdrawn"]
HorizonKind = Literal["within", "by", "in", "range", "period"]
Granularity = Literal["day", "week", "month", "quarter", "half", "year", "decade", "duration"]

LinkType = Literal["reiterates", "revises"]
OutcomeDirection = Literal["up", "down", "flat", "launched", "delayed", "met", "missed"]

VERDICTS: tuple[str, ...] = ("kept", "broken", "partial", "unverifiable", "withdrawn")
LINK_TYPES: tuple[str, ...] = ("reiterates", "revises")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


_set_attr = object.__setattr__


def trusted(cls: type[BaseModel], values: dict[str, Any]) -> Any:
    """An instance of `cls` from a dict of values the caller has already typed, every field given
    (the dict becomes the instance's own).

    For hot paths (the horizon normaliser builds objects per expression, thousands of rows a
    second): pydantic's `model_construct` still walks the fields for defaults and aliases, which
    costs more than the parse itself. What it sets is what this sets.
    """
    obj = cls.__new__(cls)
    _set_attr(obj, "__dict__", values)
    _set_attr(obj, "__pydantic_fields_set__", set(values))
    _set_attr(obj, "__pydantic_extra__", None)
    _set_attr(obj, "__pydantic_private__", None)
    return obj


class Period(_Model):
    """The period a call reports on, as inclusive calendar dates (a fiscal label is kept too)."""

    start: dt.date
    end: dt.date
    label: str | None = None


class Horizon(_Model):
    """The deadline window of a forecast; `end` is the day after which it can be checked."""

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    granularity: Granularity | None = None
    kind: HorizonKind | None = None
    approximate: bool = False


class TimeExpression(_Model):
    """A time expression found in a text, with character offsets into that text."""

    text: str
    start: int
    end: int
    horizon: Horizon | None = None
    past: bool = False


class Quantity(_Model):
    text: str
    value: float | None = None
    unit: str | None = None
    start: int | None = None
    end: int | None = None


class Entity(_Model):
    text: str
    label: str
    start: int
    end: int


class SpeakerRef(_Model):
    """The speaker as attached to a mention: enough to display and to match."""

    name: str
    role: str | None = None
    org: str | None = None


class Speaker(SpeakerRef):
    aliases: list[str] = Field(default_factory=list)


class Mention(_Model):
    """One verbatim occurrence of a claim: `text == source_text[start:end]`."""

    id: str
    claim_id: str
    doc_id: str | None = None
    text: str
    start: int
    end: int
    speaker: SpeakerRef | None = None
    kind: ClaimKind = "prediction"
    negated: bool = False
    confidence: float = Field(0.6, ge=0.0, le=1.0)
    horizon: Horizon | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)


class Outcome(_Model):
    """An outcome statement: what a document reports as having happened for a period (the
    complement of a claim), verbatim at `start:end` of its document."""

    id: str
    doc_id: str | None = None
    text: str
    start: int
    end: int
    speaker: SpeakerRef | None = None
    metric: str | None = None
    metrics: list[str] = Field(default_factory=list)
    direction: OutcomeDirection | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    period: Horizon | None = None


class Document(_Model):
    id: str
    lang: Literal["zh", "en"]
    date: dt.date | None = None
    company: str | None = None
    company_aliases: list[str] = Field(default_factory=list)
    fiscal_year_end: str = "12-31"
    period: Period | None = None
    source: str | None = None
    sha256: str | None = None
    speakers: list[Speaker] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)


class Verdict(_Model):
    verdict: VerdictValue
    evidence: str
    source: str | None = None
    date: dt.date | None = None
    recorded_at: dt.datetime | None = None
    actor: str | None = None
    suggested: bool = False  # accepted from a suggestion (claims.suggest), still recorded by a named reviewer


class Claim(_Model):
    """One underlying statement, with every mention of it the ledger has seen."""

    id: str
    text: str
    speaker: SpeakerRef | None = None
    kind: ClaimKind = "prediction"
    negated: bool = False
    confidence: float = 0.6
    horizon: Horizon | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    status: ClaimStatus = "open"
    mentions: list[Mention] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)
    links: list[dict[str, Any]] = Field(default_factory=list)
    created_at: dt.datetime | None = None


class Event(_Model):
    """An append-only ledger event; current state is a fold over these."""

    seq: int | None = None
    claim_id: str | None = None
    doc_id: str | None = None
    type: str
    payload: dict[str, Any] = Field(default_factory=dict)
    at: dt.datetime
    actor: str | None = None
    prev_hash: str | None = None
    hash: str | None = None


class Extraction(_Model):
    """What `claims extract` prints: the document and its claim mentions."""

    doc: Document
    claims: list[Mention]
    outcomes: list[Outcome] = Field(default_factory=list)


SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    m.__name__: m
    for m in (Document, Speaker, Mention, Outcome, Claim, Horizon, Quantity, Entity, Verdict, Event, Extraction)
}
