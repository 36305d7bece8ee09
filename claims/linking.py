"""Cross-document linking: a later call that repeats a claim `reiterates` it; one that changes it `revises` it.

Claim ids are per document, so the same promise made on two calls is two claims; linking joins
them without merging, keeping each call's own wording, deadline and verdict. A pair is considered
only when the speaker is the same person (alias-aware) or the organisation is the same, and the
earlier claim comes from an earlier document.

Scoring (0-100, rapidfuzz) runs on a normalised form of the text: simplified script, lower case,
the horizon's own words ("未來三年", "by fiscal 2027") and punctuation removed, so a restatement
a quarter later — whose deadline words necessarily differ — still matches.

- score >= REITERATE_THRESHOLD -> the same claim. It `revises` the earlier one when its deadline
  moved (beyond the shift a rolling "next N years" gets from being said later), its figures
  changed, or it carries a revision cue (pipelines/data/<lang>/revision.yaml); else `reiterates`.
- below that, a revision cue plus a sign that the two are about the same thing -> `revises` the best
  such earlier claim. The signs: the same figure (value and unit), score >= RELATED_THRESHOLD, or a
  shared topic with score >= TOPIC_RELATED_THRESHOLD or a back-reference word (之前, previously).
  "之前的3800億可能偏小了" shares little wording with the plan it revises, but names its figure, its
  topic and a revision word.

The thresholds were set on the pairs in tests/test_linking.py (zh and en, same and different
claims, revised targets and horizons): restatements of one claim score 77-100, different claims
of one speaker 25-66.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz

from .graph import SpeakerIndex, org_key
from claims.core.models import Claim, Document
from claims.ledger import Ledger
from pipelines.data import load_lexicon
from claims.core.script import to_simplified
from pipelines.helpers.segmenters import USERDICT, jieba_tokenizer

REITERATE_THRESHOLD = 72.0
RELATED_THRESHOLD = 55.0
TOPIC_RELATED_THRESHOLD = 40.0
HORIZON_TOLERANCE_DAYS = 45
LINK_ACTOR = "claims-linker"


@dataclass
class LinkDecision:
    src: str
    dst: str
    type: str  # "reiterates" | "revises"
    score: float
    reasons: list[str]


# ---------------------------------------------------------------------------- text
@lru_cache(maxsize=None)
def _cues(lang: str) -> dict[str, tuple[str, ...]]:
    try:
        lex = load_lexicon(lang, "revision.yaml")
    except Exception:  # a language without a revision file simply has no cues
        return {}
    return {k: tuple(to_simplified(f).casefold() for f in forms) for k, forms in lex.items()}


def _has(text: str, form: str) -> bool:
    if form.isascii():
        return re.search(r"(?<![a-z0-9])" + re.escape(form) + r"(?![a-z0-9])", text) is not None
    return form in text


@lru_cache(maxsize=65536)
def revision_cues(text: str, lang: str) -> dict[str, list[str]]:
    """{cue key: forms found} for the revision lexicon of `lang` (both lexicons for mixed text)."""
    t = to_simplified(text).casefold()
    found: dict[str, list[str]] = {}
    for lg in dict.fromkeys([lang, "en"]):
        for key, forms in _cues(lg).items():
            hits = [f for f in forms if _has(t, f)]
            if hits:
                found.setdefault(key, []).extend(hits)
    return found


def normalise(text: str, drop: Iterable[str] = ()) -> str:
    """Simplified, case-folded text without the given phrases (horizon words), punctuation or spaces around CJK."""
    return _normalise(text, tuple(sorted({p for p in drop if p})))


@lru_cache(maxsize=65536)
def _normalise(text: str, drop: tuple[str, ...]) -> str:
    t = to_simplified(text).casefold()
    for phrase in sorted({to_simplified(p).casefold() for p in drop if p}, key=len, reverse=True):
        t = t.replace(phrase, " ")
    t = "".join(" " if unicodedata.category(ch)[0] in "PSZ" else ch for ch in t)
    # CJK has no word spaces: drop spaces next to CJK so "3800 亿" and "3800亿" compare equal
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", t)
    return t


_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=None)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.zh.stop_words import STOP_WORDS as ZH

    return frozenset(EN) | frozenset(ZH)


def content_tokens(text: str) -> list[str]:
    """Words without stop words: jieba words for CJK text, spaces otherwise."""
    return list(_content_tokens(text))


@lru_cache(maxsize=65536)
def _content_tokens(text: str) -> tuple[str, ...]:
    if _CJK.search(text):
        # the Chinese pipeline's own jieba instance: a second (global) dictionary would cost ~100 MB

        words = jieba_tokenizer(str(USERDICT)).lcut(text)
    else:
        words = text.split()
    stop = _stop_words()
    return tuple(w for w in words if w.strip() and w not in stop)


def similarity(a: str, b: str) -> float:
    """0-100: rapidfuzz token_sort_ratio over content words of two normalised texts.

    Sorted-token comparison forgives word order ("cloud revenue we expect" / "we expect cloud
    revenue") but, unlike token_set_ratio, is not fooled by a shared frame ("we expect ... to
    exceed 2 billion") around different subjects.
    """
    ta, tb = _sorted_words(a), _sorted_words(b)
    if not ta or not tb:
        return 0.0
    return float(fuzz.ratio(ta, tb))  # token_sort_ratio on pre-sorted, cached words


@lru_cache(maxsize=65536)
def _sorted_words(text: str) -> str:
    return " ".join(sorted(_content_tokens(text)))


def _texts(c: Claim) -> list[str]:
    drop = [c.horizon.text] if c.horizon else []
    drop += [mn.horizon.text for mn in c.mentions if mn.horizon]
    texts = list(dict.fromkeys([c.text, *(mn.text for mn in c.mentions)]))[:6]
    return [normalise(t, drop) for t in texts]


def claim_similarity(a: Claim, b: Claim, texts: dict[str, list[str]] | None = None) -> float:
    """Best similarity over the two claims' mention texts; `texts` caches `_texts` per claim id."""
    if texts is None:
        ta, tb = _texts(a), _texts(b)
    else:
        ta = texts[a.id] if a.id in texts else texts.setdefault(a.id, _texts(a))
        tb = texts[b.id] if b.id in texts else texts.setdefault(b.id, _texts(b))
    return max((similarity(x, y) for x in ta for y in tb), default=0.0)


# ---------------------------------------------------------------------------- decisions
def _values(c: Claim) -> set[tuple[float, str]]:
    vals = {(round(q.value, 6), (q.unit or "").casefold()) for q in c.quantities if q.value is not None}
    for mn in c.mentions:
        vals |= {(round(q.value, 6), (q.unit or "").casefold()) for q in mn.quantities if q.value is not None}
    return vals


def _horizon_moved(new: Claim, old: Claim, new_date: dt.date | None, old_date: dt.date | None) -> bool:
    """True when the deadline changed by more than a rolling relative horizon explains."""
    if not (new.horizon and old.horizon and new.horizon.end and old.horizon.end):
        return False
    shift = abs((new.horizon.end - old.horizon.end).days)
    if shift <= HORIZON_TOLERANCE_DAYS:
        return False
    if new_date and old_date and normalise(new.horizon.text) == normalise(old.horizon.text):
        # "next three years" said a quarter later ends a quarter later: same promise
        return abs(shift - abs((new_date - old_date).days)) > HORIZON_TOLERANCE_DAYS
    return True


def decide(new: Claim, old: Claim, lang: str = "zh", new_date: dt.date | None = None,
           old_date: dt.date | None = None, texts: dict[str, list[str]] | None = None) -> LinkDecision | None:
    """Whether `new` (from a later document) reiterates or revises `old`; None when unrelated."""
    if new.negated != old.negated:
        return None
    score = claim_similarity(new, old, texts)
    cues = {}
    for t in dict.fromkeys([new.text, *(mn.text for mn in new.mentions)]):
        for k, v in revision_cues(t, lang).items():
            cues.setdefault(k, []).extend(v)
    revise_cues = sorted({f for k in ("REVISE_UP", "REVISE_DOWN", "REVISE") for f in cues.get(k, [])})
    shared_topics = sorted(set(new.topics) & set(old.topics))
    new_vals, old_vals = _values(new), _values(old)
    shared_vals = new_vals & old_vals
    if score >= REITERATE_THRESHOLD:
        reasons = []
        if _horizon_moved(new, old, new_date, old_date):
            reasons.append(f"deadline {old.horizon.end} -> {new.horizon.end}")
        if new_vals and old_vals and new_vals != old_vals and not (new_vals <= old_vals):
            reasons.append("figures changed")
        if revise_cues:
            reasons.append("revision cue: " + ", ".join(revise_cues))
        return LinkDecision(new.id, old.id, "revises" if reasons else "reiterates", round(score, 1),
                            reasons or [f"similar text ({score:.0f})"])
    related = (shared_vals or score >= RELATED_THRESHOLD
               or (shared_topics and (score >= TOPIC_RELATED_THRESHOLD or cues.get("BACKREF"))))
    if revise_cues and related:
        reasons = ["revision cue: " + ", ".join(revise_cues)]
        if shared_vals:
            reasons.append("names the same figure")
        if shared_topics:
            reasons.append("topic " + ", ".join(shared_topics))
        return LinkDecision(new.id, old.id, "revises", round(score, 1), reasons)
    return None


def _rank(d: LinkDecision) -> tuple[int, float]:
    return (1 if d.type == "revises" and d.score < REITERATE_THRESHOLD else 2, d.score)


# ---------------------------------------------------------------------------- over a ledger
def _doc_order(docs: list[Document]) -> dict[str, tuple]:
    """Earlier means an earlier statement date; documents without a date keep ingestion order."""
    return {d.id: (d.date or dt.date.max, i) for i, d in enumerate(docs)}


def _origin(c: Claim) -> str | None:
    return c.mentions[0].doc_id if c.mentions else (c.documents[0] if c.documents else None)


def _candidates(ledger: "Ledger", wanted: set[str], by_id: dict[str, Document]) -> list[Claim]:
    """The claims that can take part: for a few documents, only their claims and those of the same
    people (any alias) or companies, so linking one call costs its company's history, not the ledger's."""
    if wanted >= set(by_id):
        return ledger.list_claims(as_of=dt.date.min)
    seeds = ledger.claims_in_documents(wanted, as_of=dt.date.min)
    pool = {c.id: c for c in seeds}
    names = {c.speaker.name for c in seeds if c.speaker}
    orgs = {c.speaker.org for c in seeds if c.speaker and c.speaker.org}
    orgs |= {by_id[d].company for d in wanted if d in by_id and by_id[d].company}
    for name in sorted(names):
        pool.update((c.id, c) for c in ledger.list_claims(speaker=name, as_of=dt.date.min))
    for org in sorted(orgs):
        pool.update((c.id, c) for c in ledger.list_claims(org=org, as_of=dt.date.min))
    return list(pool.values())


def plan_links(ledger: "Ledger", doc_ids: Iterable[str] | None = None) -> list[LinkDecision]:
    """Decisions for the claims first stated in `doc_ids` (default: every document), and in documents
    dated after them, against claims of earlier documents."""
    docs = ledger.documents()
    order = _doc_order(docs)
    by_id = {d.id: d for d in docs}
    speakers = SpeakerIndex.from_ledger(ledger)
    wanted = set(doc_ids) if doc_ids is not None else set(by_id)
    claims = _candidates(ledger, wanted, by_id)
    for c in claims:
        c.mentions.sort(key=lambda mn: order.get(mn.doc_id or "", (dt.date.max, 1 << 30)))
    origin = {c.id: _origin(c) for c in claims}
    # a call ingested after later calls (back-filling history) may be what those later calls repeat:
    # their claims are re-examined too, from the earliest wanted document on
    since = min((order[d] for d in wanted if d in order), default=None)

    def people(c: Claim) -> tuple[str | None, set[str]]:
        orgs = set()
        if c.speaker and c.speaker.org and org_key(c.speaker.org):
            orgs.add(org_key(c.speaker.org)[0])
        d = by_id.get(origin[c.id] or "")
        if d and d.company and org_key(d.company):
            orgs.add(org_key(d.company)[0])
        return (speakers.key(c.speaker.name) if c.speaker else None), orgs

    who = {c.id: people(c) for c in claims}
    by_claim = {c.id: c for c in claims}
    bucket: dict[tuple[str, str], list[str]] = {}  # ("s", speaker key) / ("o", org key) -> claim ids
    for c in claims:
        spk, orgs = who[c.id]
        for b in ([("s", spk)] if spk else []) + [("o", o) for o in orgs]:
            bucket.setdefault(b, []).append(c.id)
    far = (dt.date.max, 1 << 30)
    texts: dict[str, list[str]] = {}
    out: list[LinkDecision] = []
    for new in claims:
        nd = origin[new.id]
        if nd not in wanted and (since is None or nd not in order or order[nd] <= since):
            continue
        spk, orgs = who[new.id]
        candidates = dict.fromkeys(cid for b in ([("s", spk)] if spk else []) + [("o", o) for o in orgs]
                                   for cid in bucket.get(b, ()))
        best: LinkDecision | None = None
        for cid in candidates:
            old = by_claim[cid]
            od = origin[old.id]
            if old.id == new.id or od is None or od == nd or order.get(od, far) >= order.get(nd, far):
                continue
            d = decide(new, old, by_id[nd].lang if nd in by_id else "zh",
                       by_id[nd].date if nd in by_id else None, by_id[od].date if od in by_id else None, texts)
            if d and (best is None or _rank(d) > _rank(best)
                      or (_rank(d) == _rank(best) and order[od] > order[origin[best.dst]])):
                best = d
        if best:
            out.append(best)
    return out


def link_documents(ledger: "Ledger", doc_ids: Iterable[str] | None = None, actor: str | None = None) -> list[LinkDecision]:
    """Record the planned links as `link_added` events; links already in the ledger are not added again."""
    added = []
    for d in plan_links(ledger, doc_ids):
        if ledger.add_link(d.src, d.dst, d.type, d.score, actor=actor or LINK_ACTOR) is not None:
            added.append(d)
    return added
