"""How likely an outcome statement is the report on a claim: a score 0-100 with its reasons.

Points, scaled to 0-100 by the most they can add up to (RAW_MAX):

- the same metric: +METRIC (the claim's own metric, the one nearest its key words) or +OTHER_METRIC
  (another metric its sentence names); else, for a claim naming no metric, a shared topic: +TOPIC;
  neither: no candidate;
- the same measure within the metric: + TERM_BONUS × the overlap of the metric's words ("PCLs" and
  "PCL rate" share pcl; impaired loans do not; a net loss is not earnings);
- the business the figures are for (the words before the metric: "Dynamics 365 revenue"): shared ->
  up to +QUALIFIER_BONUS; named on both sides but different -> -QUALIFIER_PENALTY; named on one side
  only (a segment against the whole) -> half that;
- wording: + similarity / 5 (claims.linking's content-word similarity, 0-100 -> 0-20);
- period: + PERIOD_BONUS × the overlap of the claim's horizon and the reported period (intersection
  over union: a full-year guide is answered by the full year before any one quarter); a horizon the
  period misses: no candidate;
- basis: a year-over-year claim against a sequential report (or the reverse), neither with a figure
  to compare: -BASIS_PENALTY;
- something to compare: figures of one kind +FIGURE_BONUS (on another basis half), and up to
  +CLOSENESS_BONUS more the nearer the reported figure is to the guided one (none from
  CLOSENESS_SPAN away: a segment's $13 billion is not the $81 billion total); else a direction +5.
"""
from __future__ import annotations

import datetime as dt

from ..linking import similarity
from .facts import Facts
from .verdict import HARD_BASES, closest

METRIC = 50.0
OTHER_METRIC = 40.0
TOPIC = 25.0
TERM_BONUS = 10.0
QUALIFIER_BONUS = 15.0   # the outcome is about the business the claim names ("Azure", 雲端運算)
QUALIFIER_PENALTY = 10.0  # it names another business than the claim does
PERIOD_BONUS = 15.0
BASIS_PENALTY = 10.0
FIGURE_BONUS = 10.0
CLOSENESS_BONUS = 10.0   # a reported figure at the guided one; none from CLOSENESS_SPAN (relative) away
CLOSENESS_SPAN = 0.3
DIRECTION_BONUS = 5.0
# the most the points above add up to: scores are scaled by it to 0-100 (a cap would tie the best)
RAW_MAX = METRIC + TERM_BONUS + PERIOD_BONUS + QUALIFIER_BONUS + 20.0 + FIGURE_BONUS + CLOSENESS_BONUS
OPEN_HORIZON_DAYS = 400  # a claim without a horizon: reports of periods starting within this after it
NEXT_REPORT_DAYS = 120   # ... and the one starting within this is the next report


def _overlap(a: tuple, b: tuple) -> bool:
    return None not in (a[0], a[1], b[0], b[1]) and a[0] <= b[1] and b[0] <= a[1]


def period_overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> float:
    """Intersection over union of two date ranges (inclusive), 0-1."""
    inter = (min(a[1], b[1]) - max(a[0], b[0])).days + 1
    union = (max(a[1], b[1]) - min(a[0], b[0])).days + 1
    return max(0.0, inter / union) if union > 0 else 0.0


def _coverage(claimed: frozenset, reported: frozenset) -> float:
    """The share of the claim's metric words the outcome names."""
    return len(claimed & reported) / len(claimed) if claimed else 0.0


def score(claim: Facts, outcome: Facts, claim_date: dt.date | None) -> tuple[float, list[str]] | None:
    """(score, reasons) of an outcome as evidence for a claim; None when it cannot be."""
    reasons: list[str] = []
    shared = claim.metrics & outcome.metrics
    if shared:
        s = METRIC if claim.primary in shared or not claim.primary else OTHER_METRIC
        reasons.append("metric " + ", ".join(sorted(shared)))
        if claim.primary in shared and (j := _coverage(claim.terms, outcome.terms)):
            s += TERM_BONUS * j
            reasons.append("same measure (" + ", ".join(sorted(claim.terms & outcome.terms)) + ")")
    elif not claim.metrics and (topics := claim.topic_set() & outcome.topic_set()):
        s = TOPIC
        reasons.append("topic " + ", ".join(sorted(topics)))
    else:
        return None
    cs, ce = claim.period
    os_, oe = outcome.period
    if ce is not None:
        window = (cs or claim_date or ce, ce)
        if not _overlap(window, (os_, oe)):
            return None
        iou = period_overlap(window, (os_, oe))
        s += PERIOD_BONUS * iou
        reasons.append(f"period {os_}..{oe} {'inside' if os_ >= window[0] and oe <= window[1] else 'overlaps'} the horizon ({iou:.0%})")
    else:
        if os_ is None or claim_date is None or oe < claim_date or os_ > claim_date + dt.timedelta(days=OPEN_HORIZON_DAYS):
            return None
        if os_ <= claim_date + dt.timedelta(days=NEXT_REPORT_DAYS):
            s += PERIOD_BONUS / 2  # a claim without a horizon speaks of the near term: the next report
        reasons.append(f"period {os_}..{oe} after the claim (it has no horizon)")
    qc, qo = claim.qualifiers, outcome.qualifiers
    if qc and qo:
        shared_q = qc & qo
        if shared_q:
            s += QUALIFIER_BONUS * len(shared_q) / min(len(qc), len(qo))
            reasons.append("about " + ", ".join(sorted(shared_q)))
        else:
            s -= QUALIFIER_PENALTY
            reasons.append(f"about {', '.join(sorted(qo))}, not {', '.join(sorted(qc))}")
    elif qo or qc:  # a part of the business against the whole ("our international business ... revenue")
        s -= QUALIFIER_PENALTY / 2
    sim = similarity(claim.words, outcome.words)
    s += sim / 5
    if sim >= 30:
        reasons.append(f"similar wording ({sim:.0f})")
    near = closest(claim, outcome)
    if near is not None:
        # a figure of the claim's kind: and the nearer the guided one, the likelier the same measure
        bonus = FIGURE_BONUS + CLOSENESS_BONUS * max(0.0, 1 - near.rel / CLOSENESS_SPAN)
        s += bonus if near.on_basis else bonus / 2
    else:
        cb, ob = claim.basis & HARD_BASES, outcome.basis & HARD_BASES
        if cb and ob and not cb & ob:
            s -= BASIS_PENALTY
            reasons.append(f"measured {'/'.join(sorted(ob))}, claimed {'/'.join(sorted(cb))}")
        elif claim.figures:
            s -= DIRECTION_BONUS  # a guided figure is answered by a reported one
        elif outcome.direction:
            s += DIRECTION_BONUS
    return round(max(0.0, min(100.0, s * 100 / RAW_MAX)), 1), reasons
