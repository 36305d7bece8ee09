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
from collections import Counter
from typing import Iterable

from pydantic import BaseModel, Field

from .graph import SpeakerIndex
from claims.core.models import VERDICTS, Claim
from claims.ledger import Ledger
from claims.ledger import queries as q

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
    """Index of the band holding `confidence`; the top band includes 1.0 (as the SQL count bands it)."""
    return q.band_index(confidence, BANDS)


Scored = list[Counter]  # per band: (confidence, outcome) -> how many scored claims


def exact_mean(weighted: Iterable[tuple[float, int]]) -> float:
    """The mean of values given as (value, count), from their exact sum, rounded once.

    A running float sum depends on the order it adds in (SQLite, PostgreSQL and a listing each have
    their own), and a mean that lies on a rounding edge (0.69625 to four places) then goes either
    way; the exact sum of the binary values (integers over a common power of two, where Python's
    int division rounds correctly) gives one answer, however the claims were counted."""
    pairs = [(v.as_integer_ratio(), k) for v, k in weighted if k]
    scale = max(den for (_, den), _ in pairs)  # every float's denominator is a power of two
    total = sum(num * (scale // den) * k for (num, den), k in pairs)
    return total / (scale * sum(k for _, k in pairs))


def _finish(card: Scorecard, scored: Scored) -> Scorecard:
    """Hit rate, Brier score and calibration bands from the scored claims, counted by band."""
    everything = sum(scored, Counter())
    card.scored = sum(everything.values())
    if card.scored:
        card.hit_rate = round(exact_mean((o, k) for (_, o), k in everything.items()), 4)
        card.brier = round(exact_mean(((p - o) ** 2, k) for (p, o), k in everything.items()), 4)
    for (lo, hi), inside in zip(BANDS, scored):
        band = Band(band=f"{lo:.1f}-{hi:.1f}", low=lo, high=hi, count=sum(inside.values()))
        if inside:
            band.mean_confidence = round(exact_mean((p, k) for (p, _), k in inside.items()), 4)
            band.hit_rate = round(exact_mean((o, k) for (_, o), k in inside.items()), 4)
        card.calibration.append(band)
    return card


def score_claims(claims: list[Claim], speaker: str, key: str | None = None) -> Scorecard:
    card = Scorecard(speaker=speaker, key=key)
    names: dict[str, None] = {}
    scored: Scored = [Counter() for _ in BANDS]
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
                scored[band_of(c.confidence)][(c.confidence, OUTCOME[c.status])] += 1
    card.names = list(names)
    return _finish(card, scored)


def _add_group(card: Scorecard, g: dict, scored: Scored) -> None:
    """Fold one counted (name, status, confidence) group into a card."""
    n, st = g["n"], g["status"]
    card.claims += n
    if st == "open":
        card.open += n
    elif st == "due":
        card.due += n
    else:
        card.resolved += n
        card.verdicts[st] = card.verdicts.get(st, 0) + n
        if st in OUTCOME:
            scored[g["band"]][(g["confidence"], OUTCOME[st])] += n


def _first_order(groups: list[dict]) -> dict[str | None, tuple]:
    """Per name, (undated, first deadline, age of its first undated claim) from the counted groups;
    names whose first claims share a deadline still need their ages (`first_claim_order`)."""
    out: dict[str | None, tuple] = {}
    for g in groups:
        end, seq = g["first_end"], g["first_undated_seq"]
        k = (False, end, 0) if end is not None else (True, dt.date.max, seq)
        name = g["speaker_name"]
        out[name] = min(out.get(name, k), k)
    return out


def scorecards(ledger: "Ledger", speaker: str | None = None, as_of: dt.date | None = None,
               include_total: bool = False) -> list[Scorecard]:
    """One scorecard per person (aliases merged), most claims first; `speaker` narrows to one person.

    The claims are counted in SQL by (name, status, confidence) — one pass over a covering index,
    whatever the ledger's size (`queries.scorecard_groups`); people are then merged by alias and
    confidences put into bands here."""
    as_of = as_of or dt.date.today()
    index = SpeakerIndex.from_ledger(ledger)
    with ledger.store.read() as conn:
        keys = q.speaker_keys(conn, speaker) if speaker else None
        groups = q.scorecard_groups(conn, as_of, BANDS, keys)
        first = _first_order(groups)  # names in the order a listing of the claims shows them
        ties = {}
        for name, k in first.items():
            ties.setdefault((index.key(name) if name and not include_total else None, k), []).append(name)
        if any(len(v) > 1 for v in ties.values()):
            first = q.first_claim_order(conn, keys)  # same first deadline: the claims' age decides
    by_key: dict[str | None, list[str | None]] = {}
    for name in sorted(first, key=lambda n: first[n]):
        by_key.setdefault(index.key(name) if name else None, []).append(name)
    cards: list[Scorecard] = []
    all_scored: Scored = [Counter() for _ in BANDS]
    total = Scorecard(speaker="(all speakers)")
    rows_by_name: dict[str | None, list[dict]] = {}
    for g in groups:
        rows_by_name.setdefault(g["speaker_name"], []).append(g)
    for key, names in by_key.items():
        display = (index.display(names[0]) if key else None) or UNKNOWN_SPEAKER
        card = Scorecard(speaker=display, key=key, names=[n for n in names if n])
        scored: Scored = [Counter() for _ in BANDS]
        for name in names:
            for g in rows_by_name[name]:
                _add_group(card, g, scored)
                _add_group(total, g, all_scored)
        cards.append(_finish(card, scored))
    cards.sort(key=lambda c: (-c.claims, c.speaker))
    if include_total and len(cards) > 1:
        total.names = [n for n in sorted(first, key=lambda n: first[n]) if n]
        cards.append(_finish(total, all_scored))
    return cards
