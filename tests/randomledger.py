"""A seeded random ledger for tests that compare a fast path with the slow one it replaced.

What makes listings and scorecards hard is all in it: one person under three names in two scripts
(陳明 / 陈明 / Chen Ming), claims with no speaker, many claims sharing a deadline (keyset batches
must break their ties by age), undated claims, confidences on the calibration bands' edges, claims
with several mentions, every verdict, re-opened claims and links.
"""
from __future__ import annotations

import datetime as dt
import random

from claims.core.models import VERDICTS, Speaker
from claims.ledger import Ledger
from tests.claimfactory import doc, extraction, mention

NAMES = ("陳明", "陈明", "Chen Ming", "Ada Lin", "Bo Chen", None)
CONFIDENCES = (0.0, 0.1, 0.2, 0.35, 0.4, 0.6, 0.79, 0.8, 0.95, 1.0)
DEADLINES = (None, "2024-03-31", "2024-12-31", "2025-06-30", "2025-12-31", "2026-06-30", "2027-12-31")
AS_OF_DATES = (dt.date(2024, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1), dt.date(2030, 1, 1))


def build_random_ledger(ledger: Ledger, seed: int = 17, docs: int = 6, per_doc: int = 12) -> list[str]:
    """Fill `ledger`; returns the claim ids, oldest first."""
    rng = random.Random(seed)
    chen = Speaker(name="陳明", aliases=["Chen Ming"], role="CFO", org="Acme Corp")
    ids: list[str] = []
    for d in range(docs):
        doc_id = f"rand-{seed}-{d}"
        mentions = []
        for k in range(per_doc):
            key = f"claim {k % (per_doc - 2)}"  # the last two repeat earlier claims: second mentions
            mentions.append(mention(doc_id, f"Claim {k} of call {d} will happen", speaker=rng.choice(NAMES),
                                    org="Acme Corp", end=rng.choice(DEADLINES), confidence=rng.choice(CONFIDENCES),
                                    topics=[rng.choice(("capex", "cloud"))], claim_key=key, offset=k * 100))
        ledger.ingest(extraction(doc(doc_id, date=f"202{3 + d % 3}-0{1 + d % 9}-15", speakers=[chen]), *mentions))
        ids += list(dict.fromkeys(m.claim_id for m in mentions))
    for cid in ids:
        roll = rng.random()
        if roll < 0.45:
            ledger.verify(cid, rng.choice(VERDICTS), "checked", actor="tester")
            if roll < 0.08:
                ledger.reopen(cid, "restated", actor="tester")
    for src, dst in zip(ids[5::7], ids[1::7]):
        ledger.add_link(src, dst, rng.choice(("reiterates", "revises")), score=0.5, actor="tester")
    return ids
