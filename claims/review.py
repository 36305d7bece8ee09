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


def _add_group(card: Scorecard, g: dict, totals: list[list[float]]) -> None:
    """Fold one counted (name, status, band) group into a card; `totals[band]` = [n, conf, outcome, brier]."""
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
            t = totals[g["band"]]
            t[0] += n
            t[1] += g["conf_sum"] or 0.0
            t[2] += g["outcome_sum"] or 0.0
            t[3] += g["brier_sum"] or 0.0


def _finish(card: Scorecard, totals: list[list[float]]) -> Scorecard:
    n = sum(int(t[0]) for t in totals)
    card.scored = n
    if n:
        card.hit_rate = round(sum(t[2] for t in totals) / n, 4)
        card.brier = round(sum(t[3] for t in totals) / n, 4)
    for i, (lo, hi) in enumerate(BANDS):
        k = int(totals[i][0])
        band = Band(band=f"{lo:.1f}-{hi:.1f}", low=lo, high=hi, count=k)
        if k:
            band.mean_confidence = round(totals[i][1] / k, 4)
            band.hit_rate = round(totals[i][2] / k, 4)
        card.calibration.append(band)
    return card


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

    The claims are counted in SQL by (name, status, confidence band), so the cost is one grouped
    scan of the claims table whatever the ledger's size; people are then merged by alias here."""
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
    all_totals = [[0, 0.0, 0.0, 0.0] for _ in BANDS]
    total = Scorecard(speaker="(all speakers)")
    rows_by_name: dict[str | None, list[dict]] = {}
    for g in groups:
        rows_by_name.setdefault(g["speaker_name"], []).append(g)
    for key, names in by_key.items():
        display = (index.display(names[0]) if key else None) or UNKNOWN_SPEAKER
        card = Scorecard(speaker=display, key=key, names=[n for n in names if n])
        totals = [[0, 0.0, 0.0, 0.0] for _ in BANDS]
        for name in names:
            for g in rows_by_name[name]:
                _add_group(card, g, totals)
                _add_group(total, g, all_totals)
        cards.append(_finish(card, totals))
    cards.sort(key=lambda c: (-c.claims, c.speaker))
    if include_total and len(cards) > 1:
        total.names = [n for n in sorted(first, key=lambda n: first[n]) if n]
        cards.append(_finish(total, all_totals))
    return cards
