"""Suggestions over a ledger: for each due claim, the outcomes of later documents of the same
company (or said later by the same person) scored as evidence, best first.

A candidate is listed when it scores MIN_SCORE; the list is offered only when its best is
confident (`is_confident`: it clears CONFIDENT_SCORE and leads the next by CLEAR_MARGIN) — a
reviewer who sees "no suggestion" loses less than one shown a wrong outcome. Both are chosen by
leave-one-company-out cross-validation on the annotated pairs (`benchmarks/eval_suggest.py --cv`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from claims.core.models import Claim, Document, Outcome
from claims.ledger import Ledger, name_key

from ..graph import org_key
from .facts import Facts, claim_facts, outcome_facts
from .scoring import score
from .verdict import compare

MIN_SCORE = 45.0
CONFIDENT_SCORE = 55.0  # chosen by leave-one-company-out cross-validation (benchmarks/eval_suggest.py --cv)
CLEAR_MARGIN = 6.0      # ... as is the lead the best needs over the next


def is_confident(scores: list[float], min_score: float, min_margin: float) -> bool:
    """Whether the best of `scores` (best first) is offered: it scores `min_score` and leads the
    next candidate (or MIN_SCORE when there is none) by `min_margin` — several outcomes that fit
    nearly as well (the quarter's revenue and each segment's, for a guide that does not name the
    segment) make any one of them a guess."""
    if not scores or scores[0] < min_score:
        return False
    runner_up = scores[1] if len(scores) > 1 else MIN_SCORE
    return scores[0] - runner_up >= min_margin


@dataclass
class Suggestion:
    claim_id: str
    outcome: Outcome
    doc_id: str
    score: float
    verdict: str | None
    reasons: list[str]
    document_date: dt.date | None = None
    source: str | None = None

    def as_dict(self) -> dict:
        o = self.outcome
        return {"claim_id": self.claim_id, "verdict": self.verdict, "score": self.score, "reasons": self.reasons,
                "evidence": o.text, "doc_id": self.doc_id, "start": o.start, "end": o.end,
                "document_date": self.document_date.isoformat() if self.document_date else None,
                "source": self.source, "metric": o.metric, "direction": o.direction,
                "period": o.period.model_dump(mode="json") if o.period else None}


@dataclass
class _Later:
    doc: Document
    outcomes: list[tuple[Outcome, Facts | None]]


def _company(name: str | None) -> str | None:
    k = org_key(name)
    return k[0] if k else None


@lru_cache(maxsize=65536)
def _cached_company(name: str | None) -> str | None:
    return _company(name)


class Suggester:
    """Suggestions for many claims against one ledger's outcomes, read once."""

    def __init__(self, ledger: Ledger, docs: Iterable[Document] | None = None, outcomes: Iterable[Outcome] | None = None):
        self.docs = {d.id: d for d in (docs if docs is not None else ledger.documents())}
        by_doc: dict[str, list[Outcome]] = {}
        for o in (outcomes if outcomes is not None else ledger.outcomes()):
            by_doc.setdefault(o.doc_id or "", []).append(o)
        self.by_company: dict[str, list[_Later]] = {}
        self.by_person: dict[str, list[_Later]] = {}  # a person's later words elsewhere (an interview, another company's call)
        for did, os_ in by_doc.items():
            d = self.docs.get(did)
            if d is None:
                continue
            later = _Later(d, [(o, None) for o in os_])
            key = _cached_company(d.company)
            if key is not None:
                self.by_company.setdefault(key, []).append(later)
            for person in {name_key(o.speaker.name) for o in os_ if o.speaker and o.speaker.name}:
                self.by_person.setdefault(person, []).append(later)
        for bucket in (*self.by_company.values(), *self.by_person.values()):
            bucket.sort(key=lambda x: (x.doc.date or dt.date.max, x.doc.id))

    def _origin(self, c: Claim) -> Document | None:
        ids = [mn.doc_id for mn in c.mentions if mn.doc_id] + list(c.documents)
        docs = [self.docs[i] for i in ids if i in self.docs]
        return min(docs, key=lambda d: d.date or dt.date.max) if docs else None

    def for_claim(self, c: Claim, as_of: dt.date | None = None, top: int = 3,
                  focus: tuple[int, int] | None = None, confident: float | None = None,
                  margin: float | None = None) -> list[Suggestion]:
        """The best `top` suggestions for `c`, or none when the best is not confident (`is_confident`
        with `confident` and `margin`, by default CONFIDENT_SCORE and CLEAR_MARGIN; 0 and 0 list every
        candidate over MIN_SCORE, as the evaluation's cross-validation needs); `focus` marks the
        words of `c.text` the claim is about when its text is longer than the claim (a sentence
        around an annotated key)."""
        origin = self._origin(c)
        key = _cached_company(origin.company if origin else None) or _cached_company(c.speaker.org if c.speaker else None)
        person = name_key(c.speaker.name) if c.speaker else ""
        candidates = {id(x): x for x in [*self.by_company.get(key or "", []), *self.by_person.get(person, [])]}
        if not candidates:
            return []
        claim_date = origin.date if origin else None
        facts = claim_facts(c, focus)
        out: list[Suggestion] = []
        for later in candidates.values():
            d = later.doc
            if origin is not None and d.id == origin.id:
                continue
            if claim_date and (d.date is None or d.date <= claim_date):
                continue
            if as_of and d.date and d.date > as_of:
                continue
            for i, (o, ofacts) in enumerate(later.outcomes):
                if ofacts is None:  # facts of an outcome are read once, when a claim first needs them
                    ofacts = outcome_facts(o)
                    later.outcomes[i] = (o, ofacts)
                got = score(facts, ofacts, claim_date)
                if got is None or got[0] < MIN_SCORE:
                    continue
                verdict, why = compare(facts, ofacts)
                out.append(Suggestion(c.id, o, d.id, got[0], verdict, got[1] + why, d.date, d.source))
        out.sort(key=lambda s: (-s.score, s.document_date or dt.date.max, s.outcome.start))
        if not is_confident([s.score for s in out[:2]], CONFIDENT_SCORE if confident is None else confident,
                                       CLEAR_MARGIN if margin is None else margin):
            return []
        return out[:top]


def suggestions_for(ledger: Ledger, claim: Claim, docs: dict[str, Document] | None = None,
                    as_of: dt.date | None = None, top: int = 3) -> list[Suggestion]:
    """Suggestions for one claim, reading only the outcomes of its company's documents (the web
    claim page: one claim, a ledger of any size)."""
    docs = docs if docs is not None else {d.id: d for d in ledger.documents()}
    ids = [mn.doc_id for mn in claim.mentions if mn.doc_id] + list(claim.documents)
    keys = {_cached_company(docs[i].company) for i in ids if i in docs} - {None}
    if claim.speaker and claim.speaker.org:
        keys.add(_cached_company(claim.speaker.org))
    same = [d for d in docs.values() if _cached_company(d.company) in keys]
    s = Suggester(ledger, docs=docs.values(), outcomes=ledger.outcomes([d.id for d in same]))
    return s.for_claim(claim, as_of=as_of, top=top)


def find_suggestion(ledger: Ledger, claim: Claim, outcome_id: str, docs: dict[str, Document] | None = None,
                    as_of: dt.date | None = None) -> Suggestion | None:
    """The suggestion of `claim` whose evidence is outcome `outcome_id`, recomputed (what a browser
    posts back is an id, never the evidence or verdict to record)."""
    for sg in suggestions_for(ledger, claim, docs, as_of=as_of, top=10):
        if sg.outcome.id == outcome_id:
            return sg
    return None


def suggest(ledger: Ledger, claim_id: str | None = None, as_of: dt.date | None = None, top: int = 3,
            **filters) -> list[tuple[Claim, list[Suggestion]]]:
    """Each due claim (or the one named) with its best suggestions, best first."""
    claims = [ledger.get_claim(claim_id, as_of=as_of)] if claim_id else ledger.due(as_of=as_of, **filters)
    s = Suggester(ledger)
    return [(c, s.for_claim(c, as_of=as_of, top=top)) for c in claims]
