"""Within-document dedup: mentions of one statement share a claim id.

Language-neutral: each pipeline supplies `dedup_key`, the mention's content tokens with time words,
hedges and function words removed (normalised script, lower case). Two mentions are the same claim
when they have the same speaker and polarity, compatible deadlines and similar content.
"""
from __future__ import annotations

from typing import Any, Sequence

SIMILARITY_THRESHOLD = 0.5


def _sim(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _speaker(c: dict[str, Any]) -> str | None:
    sp = c.get("speaker") or {}
    return sp.get("name") if isinstance(sp, dict) else None


def _deadline(c: dict[str, Any]):
    h = c.get("horizon") or {}
    return h.get("end") if isinstance(h, dict) else None


def same_claim(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if _speaker(a) != _speaker(b) or bool(a.get("negated")) != bool(b.get("negated")):
        return False
    da, db = _deadline(a), _deadline(b)
    if da and db and str(da) != str(db):
        return False
    return _sim(a.get("dedup_key") or [], b.get("dedup_key") or []) >= SIMILARITY_THRESHOLD


def cluster_mentions(candidates: Sequence[dict[str, Any]]) -> list[int]:
    """Cluster index per candidate (single link, in document order)."""
    parent = list(range(len(candidates)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(candidates)):
        for j in range(i):
            if find(i) != find(j) and same_claim(candidates[i], candidates[j]):
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(candidates))]
