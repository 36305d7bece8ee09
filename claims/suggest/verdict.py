"""The verdict an outcome suggests for a claim: kept, partial, broken, or none (evidence only).

Figures decide when both sides have one of a kind (claims/suggest/figures.py: percentages with
percentages, points with points, money with money), on the claim's basis first: a guide in
constant currency is answered by the constant-currency figure, one in dollars by the reported
figure; a year-over-year guide is never answered by a sequential figure. Then:

- the reported figure moved the other way than claimed (its own direction word: "increased 1% and
  decreased 3% in constant currency") -> broken, unless the figure on the other basis moved the
  claimed way within reach -> partial;
- inside the claim's range -> kept (inside only on the other basis -> partial);
- within NEAR_PCT points (percentages), NEAR_REL of the range's nearer end (money, counts) or,
  for changes in points, the larger of that and NEAR_POINTS -> partial; the other basis inside ->
  partial;
- else broken.

Without comparable figures the directions decide: opposite -> broken; the same -> kept; reported
met / launched -> kept, missed / delayed -> broken; an outcome that went up against a claim naming no
direction -> kept. Nothing to compare -> no verdict.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipelines.helpers import outcome_facts as of

from .facts import Facts
from .figures import Figure

NEAR_PCT = 1.0   # percentage points, for percentages
NEAR_POINTS = 0.05  # percentage points (5 basis points), for changes in points
NEAR_REL = 0.04  # of the range's nearer end, for money and counts: chosen by leave-one-company-out
INF = float("inf")
HARD_BASES = frozenset({"yoy", "qoq"})


@dataclass(frozen=True)
class Match:
    """The closest comparable pair of figures."""

    rel: float          # distance relative to the claim figure's size
    distance: float
    claim: Figure
    outcome: Figure
    on_basis: bool      # the outcome figure is on the claim's basis (reported vs constant currency)


def _distance(x: float, f: Figure) -> float:
    return 0.0 if f.low <= x <= f.high else min(abs(x - f.low), abs(x - f.high))


def _near(x: float, f: Figure) -> bool:
    d = _distance(x, f)
    if f.kind == "pct":
        return d <= NEAR_PCT
    ends = [abs(v) for v in (f.low, f.high) if v not in (INF, -INF)]
    if f.kind == "points":  # a change of a rate: 15 bp against 17 bp is near, 35 bp against 54 bp is not
        return bool(ends) and d <= max(NEAR_REL * min(ends), NEAR_POINTS)
    return bool(ends) and d <= NEAR_REL * min(ends)


def _claim_basis(claim: Facts, cf: Figure) -> frozenset[str]:
    return cf.basis or claim.basis


def comparable(claim: Facts, outcome: Facts) -> list[Match]:
    """Every pair of figures of one kind whose bases do not conflict, closest first, those on the
    claim's basis before the others."""
    out = []
    for cf in claim.figures:
        cb = _claim_basis(claim, cf) & (HARD_BASES | {"cc"})
        for ofig in outcome.figures:
            if cf.kind != ofig.kind:
                continue
            hard_c, hard_o = cb & HARD_BASES, ofig.basis & HARD_BASES
            if hard_c and hard_o and not hard_c & hard_o:
                continue  # a sequential guide, a year-over-year figure
            d = _distance(ofig.low, cf)
            rel = d / max([abs(v) for v in (cf.low, cf.high) if abs(v) != INF] + [1.0])
            out.append(Match(rel, d, cf, ofig, ("cc" in cb) == ("cc" in ofig.basis)))
    out.sort(key=lambda m: (not m.on_basis, m.rel))
    return out


def closest(claim: Facts, outcome: Facts) -> Match | None:
    pairs = comparable(claim, outcome)
    return pairs[0] if pairs else None


def _other_basis_agrees(pairs: list[Match], best: Match, direction: str | None) -> Match | None:
    """A figure on the other basis that is inside or near the same claim figure and moved the
    claimed way."""
    for m in pairs:
        if m.on_basis == best.on_basis or m.claim != best.claim:
            continue
        if direction and m.outcome.direction and m.outcome.direction in of.OPPOSITE.get(direction, set()):
            continue
        if m.distance == 0 or _near(m.outcome.low, m.claim):
            return m
    return None


def compare(claim: Facts, outcome: Facts) -> tuple[str | None, list[str]]:
    """(suggested verdict or None, why)."""
    cd, od = claim.direction, outcome.direction
    pairs = comparable(claim, outcome)
    if pairs:
        best = pairs[0]
        cf, ofig = best.claim, best.outcome
        fd = ofig.direction or od
        other = _other_basis_agrees(pairs, best, cd)
        if cd and fd and fd in of.OPPOSITE.get(cd, set()):
            if other is not None:
                return "partial", [f"direction: claimed {cd}, reported {fd}; {other.outcome.text} agrees on another basis"]
            return "broken", [f"direction: claimed {cd}, reported {fd}"]
        if best.distance == 0:
            if best.on_basis:
                return "kept", [f"figure {ofig.text} inside {cf.text}"]
            return "partial", [f"figure {ofig.text} inside {cf.text} only on another basis"]
        if other is not None and other.distance == 0:
            return "partial", [f"figure {ofig.text} outside {cf.text}; {other.outcome.text} inside"]
        if _near(ofig.low, cf):
            return "partial", [f"figure {ofig.text} near {cf.text}"]
        return "broken", [f"figure {ofig.text} outside {cf.text}"]
    if cd and od and od in of.OPPOSITE.get(cd, set()):
        return "broken", [f"direction: claimed {cd}, reported {od}"]
    if od in ("missed", "delayed"):
        return "broken", [f"reported {od}"]
    if od in ("met", "launched"):
        return "kept", [f"reported {od}"]
    if cd and od:
        if cd == od:
            return "kept", [f"direction: claimed and reported {od}"]
        if od == "flat" or cd == "flat":
            return "broken", [f"direction: claimed {cd}, reported {od}"]
    if od == "up" and not cd:
        return "kept", ["reported up; the claim names no direction"]
    return None, ["nothing to compare: evidence only"]
