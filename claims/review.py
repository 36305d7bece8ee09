"""Scorecards: how often each executive's resolved claims came true, and how well their confidence fit.

Outcomes: kept = 1, partial = 0.5, broken = 0. `unverifiable` and `withdrawn` claims are resolved
but carry no outcome, so they count in `resolved` and nowhere else. The hit rate is the mean
outcome; the Brier score is the mean of (confidence - outcome)^2 over claims with an outcome, where
confidence is the extractor's (or an editor's) confidence that the statement is a firm forecast —
0 is perfect, 0.25 is what always saying 0.5 earns. Calibration bands put claims into five equal
confidence ranges so a reader can see whether 0.8-confidence claims come true about 80% of the time.
"""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from .graph import SpeakerIndex
from claims.core.models import VERDICTS, Claim
from claims.ledger import Ledger

OUTCOME = {"kept": 1.0, "partial": 0.5, "broken": 0.0}
BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0))
UNKNOWN_SPEAKER = "(unknown speaker)"


class Band(BaseModel):
    band: str
    low: float
    high: float
    count: int = 0
    mean_confidence: float | None = None
    hit_rate: float | None = None


class Scorecard(BaseModel):
    speaker: str
    key: str | None = None
    names: list[str] = Field(default_factory=list)
    claims: int = 0
    open: int = 0
    due: int = 0
    resolved: int = 0
    verdicts: dict[str, int] = Field(default_factory=lambda: {v: 0 for v in VERDICTS})
    scored: int = 0
    hit_rate: float | None = None
    brier: float | None = None
    calibration: list[Band] = Field(default_factory=list)


def band_of(confidence: float) -> int:
    """Index of the band holding `confidence`; the top band includes 1.0."""
    for i, (lo, hi) in enumerate(BANDS):
        if lo <= confidence < hi:
            return i
    return len(BANDS) - 1


def score_claims(claims: list[Claim], speaker: str, key: str | None = None) -> Scorecard:
    card = Scorecard(speaker=speaker, key=key)
    names: dict[str, None] = {}
    scored: list[tuple[float, float]] = []
    for c in claims:
        card.claims += 1
        if c.speaker:
            names[c.speaker.name] = None
        if c.status == "open":
            card.open += 1
        elif c.status == "due":
            card.due += 1
        else:
            card.resolved += 1
            card.verdicts[c.status] = card.verdicts.get(c.status, 0) + 1
            if c.status in OUTCOME:
                scored.append((c.confidence, OUTCOME[c.status]))
    card.names = list(names)
    card.scored = len(scored)
    if scored:
        card.hit_rate = round(sum(o for _, o in scored) / len(scored), 4)
        card.brier = round(sum((p - o) ** 2 for p, o in scored) / len(scored), 4)
    for i, (lo, hi) in enumerate(BANDS):
        inside = [(p, o) for p, o in scored if band_of(p) == i]
        band = Band(band=f"{lo:.1f}-{hi:.1f}", low=lo, high=hi, count=len(inside))
        if inside:
            band.mean_confidence = round(sum(p for p, _ in inside) / len(inside), 4)
            band.hit_rate = round(sum(o for _, o in inside) / len(inside), 4)
        card.calibration.append(band)
    return card


def scorecards(ledger: "Ledger", speaker: str | None = None, as_of: dt.date | None = None,
               include_total: bool = False) -> list[Scorecard]:
    """One scorecard per person (aliases merged), most claims first; `speaker` narrows to one person."""
    claims = ledger.list_claims(speaker=speaker, as_of=as_of, with_mentions=False)
    index = SpeakerIndex.from_ledger(ledger)
    groups: dict[str | None, list[Claim]] = {}
    for c in claims:
        groups.setdefault(index.key(c.speaker.name) if c.speaker else None, []).append(c)
    cards = []
    for key, cs in groups.items():
        name = index.display(cs[0].speaker.name) if key and cs[0].speaker else UNKNOWN_SPEAKER
        cards.append(score_claims(cs, name or UNKNOWN_SPEAKER, key))
    cards.sort(key=lambda c: (-c.claims, c.speaker))
    if include_total and len(cards) > 1:
        cards.append(score_claims(claims, "(all speakers)"))
    return cards
