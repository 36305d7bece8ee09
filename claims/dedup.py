"""Within-document dedup: mentions of one statement share a claim id.

Language-neutral: each pipeline supplies `dedup_key`, the mention's content tokens with time words,
hedges, function words and punctuation removed and synonyms folded (normalised script, lower case).
Two mentions are the same claim when all of these hold:
- the same speaker (names compared across scripts and case) and the same polarity;
- compatible deadlines: when both have one, their ends lie within `DEADLINE_TOLERANCE_DAYS`
  ("三年內" and "三年後" share a deadline; "下個季度" and "未來三年" do not);
- compatible quantities: when both state numbers, at least one value agrees (within 1 %);
- similar content, any of:
  * word-set Jaccard >= `JACCARD_THRESHOLD` (0.5);
  * overlap coefficient of character bigrams >= `BIGRAM_THRESHOLD` (0.7), which tolerates rewording
    and differing segmentation ("處于供不應求狀態" / "供不應求");
  * the same explicit horizon (start and end) and word containment >= `CONTAINMENT_THRESHOLD`
    (0.55): a restatement that drops words ("供應鏈擴產需兩到三年才能緩解" / "需要兩到三年才能緩解");
  * the same figures (every number of one recurs in the other) for the same deadline, or two or
    more figures repeated where one mention leaves the period implicit.
The thresholds were set on the seed transcript and our own texts: restatements score >= 0.6
Jaccard or >= 0.75 bigram overlap, while different statements by one speaker reach 0.43 Jaccard and
0.6 bigram overlap (two share-of-market plans), and those with the same horizon 0.5 containment (restatements with the same horizon: 0.57 and up).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Sequence

from claims.core.script import to_simplified

JACCARD_THRESHOLD = 0.5
BIGRAM_THRESHOLD = 0.7
CONTAINMENT_THRESHOLD = 0.55
DEADLINE_TOLERANCE_DAYS = 31
MIN_BIGRAMS = 3
QUANTITY_REL_TOL = 0.01
MAX_COMPARED_MEMBERS = 6  # complete link against a cluster's first mentions: long documents stay linear


def _units(key: Sequence[str]) -> list[str]:
    """Characters of CJK words, whole Latin/number words (letters of "invest" are no evidence)."""
    out: list[str] = []
    for w in key:
        if w.isascii():
            out.append(w)
        else:
            out.extend(w)
    return out


def _bigrams(key: Sequence[str]) -> frozenset[str]:
    return _key_bigrams(tuple(key))


@lru_cache(maxsize=16384)
def _key_bigrams(key: tuple[str, ...]) -> frozenset[str]:
    """Held per key: clustering compares each mention with many others, and building its bigrams
    again for every pair was most of the cost."""
    # bigrams run across word boundaries: segmentation differs between two wordings
    u = _units(key)
    if len(u) == 1:
        return frozenset(u)
    return frozenset(u[i] + "\x1f" + u[i + 1] for i in range(len(u) - 1))


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def containment(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def bigram_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    ba, bb = _bigrams(a), _bigrams(b)
    if min(len(ba), len(bb)) < MIN_BIGRAMS:
        return 0.0
    return len(ba & bb) / min(len(ba), len(bb))


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """A single score for ranking clusters (the decision itself is `similar`)."""
    return max(jaccard(a, b), bigram_overlap(a, b) * JACCARD_THRESHOLD / BIGRAM_THRESHOLD)


def _same_horizon(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ha, hb = a.get("horizon") or {}, b.get("horizon") or {}
    if not isinstance(ha, dict) or not isinstance(hb, dict) or not ha.get("end") or not hb.get("end"):
        return False
    return str(ha.get("start")) == str(hb.get("start")) and str(ha["end"]) == str(hb["end"])


def _same_numbers(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Every number of the mention with fewer numbers recurs in the other (a restated range)."""
    va, vb = _values(a), _values(b)
    if not va or not vb:
        return False
    small, big = (va, vb) if len(va) <= len(vb) else (vb, va)
    return all(any(abs(x - y) <= QUANTITY_REL_TOL * max(abs(x), abs(y), 1e-9) for y in big) for x in small)


def similar(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ka, kb = a.get("dedup_key") or [], b.get("dedup_key") or []
    if jaccard(ka, kb) >= JACCARD_THRESHOLD or bigram_overlap(ka, kb) >= BIGRAM_THRESHOLD:
        return True
    if _same_numbers(a, b):
        # the same figures for the same deadline ("61億元至64億元" / "區間是61億到64億元"), or two
        # figures repeated even where one mention leaves the period implicit
        da, db = _deadline(a), _deadline(b)
        if (da is not None and da == db) or (min(len(_values(a)), len(_values(b))) >= 2 and (da is None or db is None)):
            return True
    return _same_horizon(a, b) and containment(ka, kb) >= CONTAINMENT_THRESHOLD


def _name(c: dict[str, Any]) -> str | None:
    sp = c.get("speaker") or {}
    name = sp.get("name") if isinstance(sp, dict) else None
    return _fold(name) if name else None


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    try:
        name = to_simplified(name)
    except Exception:  # noqa: BLE001 - script folding is a nicety, never a requirement
        pass
    return name.replace(" ", "").casefold()


def _deadline(c: dict[str, Any]) -> dt.date | None:
    h = c.get("horizon") or {}
    end = h.get("end") if isinstance(h, dict) else getattr(h, "end", None)
    if end is None:
        return None
    if isinstance(end, dt.date):
        return end
    try:
        return dt.date.fromisoformat(str(end))
    except ValueError:
        return None


def _values(c: dict[str, Any]) -> list[float]:
    out = []
    for q in c.get("quantities") or []:
        v = q.get("value") if isinstance(q, dict) else getattr(q, "value", None)
        if isinstance(v, (int, float)):
            out.append(float(v))
    return out


def deadlines_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    da, db = _deadline(a), _deadline(b)
    return da is None or db is None or abs((da - db).days) <= DEADLINE_TOLERANCE_DAYS


def quantities_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    va, vb = _values(a), _values(b)
    if not va or not vb:
        return True
    return any(abs(x - y) <= QUANTITY_REL_TOL * max(abs(x), abs(y), 1e-9) for x in va for y in vb)


def same_claim(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if _name(a) != _name(b) or bool(a.get("negated")) != bool(b.get("negated")):
        return False
    if not deadlines_compatible(a, b) or not quantities_compatible(a, b):
        return False
    return similar(a, b)


def cluster_mentions(candidates: Sequence[dict[str, Any]]) -> list[int]:
    """Cluster index per candidate (the index of the cluster's first mention).

    Single link would chain A~B~C into one claim even when A and C are different statements, so a
    mention joins a cluster only when it is the same claim as every mention already in it
    (complete link), choosing the most similar such cluster. Only clusters of the same speaker and
    polarity that share a key word or bigram are compared, which keeps long documents fast.
    """
    clusters: list[list[int]] = []
    index: dict[tuple, dict[str, set[int]]] = {}
    out = [0] * len(candidates)
    for i, c in enumerate(candidates):
        key = c.get("dedup_key") or []
        block = index.setdefault((_name(c), bool(c.get("negated"))), {})
        feats = set(key) | _bigrams(key)
        near: set[int] = set()
        for f in feats:
            near |= block.get(f, set())
        best, best_sim = None, -1.0
        for ci in sorted(near):
            members = clusters[ci][:MAX_COMPARED_MEMBERS]
            if all(same_claim(c, candidates[j]) for j in members):
                sim = max(similarity(key, candidates[j].get("dedup_key") or []) for j in members)
                if sim > best_sim:
                    best, best_sim = ci, sim
        if best is None:
            best = len(clusters)
            clusters.append([])
        clusters[best].append(i)
        out[i] = clusters[best][0]
        for f in feats:
            block.setdefault(f, set()).add(best)
    return out
