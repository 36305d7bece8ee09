"""Evidence suggestions: for a claim whose deadline has passed, what the company later reported,
and the verdict that report suggests.

Outcome statements (pipelines/components/outcome_detector.py) are stored with each document. For a
due claim the candidates are the outcomes of documents of the same company (or stated by the same
person) dated after the claim was made, whose reported period overlaps the claim's horizon (a claim without a horizon takes reports of
the following year). Each candidate is scored 0-100 with reasons, as `claims link` scores a pair:

- the same metric (pipelines/data/<lang>/outcomes.yaml `METRIC_*`): +50; else, for a claim that
  names no metric, a shared topic (topics.yaml): +25; neither: no suggestion;
- the business the figures are for (the words before the metric: "Dynamics 365 revenue", 雲端運算營收):
  shared -> up to +QUALIFIER_BONUS; named on both sides but different -> -QUALIFIER_PENALTY; named
  by the outcome only (a part of the business, the claim being about the whole) -> half that;
- wording: + similarity / 5 (claims.linking's content-word similarity, 0-100 -> 0-20);
- period: inside the horizon +10, overlapping it +5; ending with it +5 more;
- something to compare: figures of one kind +10, and up to +CLOSENESS_BONUS more the nearer the
  reported figure is to the guided one (none from CLOSENESS_SPAN away: a segment's $13 billion is
  not the $81 billion total the company guided); else a direction +5.

The suggested verdict compares figures when both sides have one of a kind (percentages with
percentages, money with money): inside the claim's range (a bound "at least", "不超过" opens it on one
side; a word range such as "high single digits" spans ±1 point) -> kept; within NEAR_PCT points or
NEAR_REL of it -> partial; else broken. Opposite directions (grew / fell, launched / delayed) are
broken before any figure is read, since figures are written unsigned ("down 5%"). Without figures,
the directions decide: the same -> kept, opposite -> broken; an outcome that went up, launched or
met, against a claim that names no direction -> kept. Nothing to compare -> no verdict, the evidence
only.

Suggestions are never recorded by themselves: a reviewer accepts one (`Ledger.verify(...,
suggested=True)`, the web claim page's accept button), which records an ordinary verdict by that
reviewer.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from claims.core.models import Claim, Document, Outcome
from claims.ledger import Ledger, name_key
from pipelines.components.topic_tagger import topics_of
from pipelines.helpers import outcome_facts as of

from .graph import org_key
from .linking import content_tokens, normalise, similarity

MIN_SCORE = 60.0
CLOSENESS_BONUS = 10.0  # a reported figure at the guided one; none from CLOSENESS_SPAN (relative) away
CLOSENESS_SPAN = 0.3
QUALIFIER_BONUS = 15.0   # the outcome is about the business the claim names ("Azure", 雲端運算)
QUALIFIER_PENALTY = 10.0  # it names another business than the claim does
NEAR_PCT = 1.0          # percentage points
NEAR_REL = 0.10         # of the range's nearer end, for money and counts
WORD_RANGE_PCT = 1.0    # "high single digits" = 8 ± 1
OPEN_HORIZON_DAYS = 400  # a claim without a horizon: reports of periods starting within this after it
_CJK = re.compile(r"[\u3400-\u9fff]")


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


# ---------------------------------------------------------------------------- facts
@dataclass(frozen=True)
class Figure:
    low: float
    high: float
    kind: str       # of.unit_class
    text: str


@dataclass
class Facts:
    """What one side says: metrics, topics, figures, direction, normalised wording."""

    lang: str
    metrics: frozenset[str]
    topics: frozenset[str] | None  # None: read from `text` when first needed (an outcome's, rarely needed)
    figures: tuple[Figure, ...]
    direction: str | None
    words: str
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    extra: dict = field(default_factory=dict)
    text: str = ""

    def topic_set(self) -> frozenset[str]:
        if self.topics is None:
            self.topics = _topics(self.text, self.lang)
        return self.topics


@lru_cache(maxsize=65536)
def _topics(text: str, lang: str) -> frozenset[str]:
    return frozenset(topics_of(text, lang))


@lru_cache(maxsize=4)
def _generic(lang: str) -> frozenset[str]:
    words = set()
    for lg in dict.fromkeys([lang, "en"]):
        for key in ("GENERIC", "FUTURE"):
            for f in of.forms(lg, key):
                words.update(of.norm(f, lg).split())
    return frozenset(words)


_DIGIT = re.compile(r"(?<![a-z])\d")  # a figure, not the 3 of "Q3"


@lru_cache(maxsize=65536)
def qualifiers(text: str, lang: str) -> frozenset[str]:
    """The words naming which business a figure is for: those before the metric word the figures
    follow ("Dynamics 365 revenue increased 22%" -> {dynamics, 365}; 雲端運算營收年成長倍增 -> {云端,
    运算}), without generic ones ("total", "adjusted", 全年, outcomes.yaml GENERIC) or forward words."""
    nt = of.norm(text, lang)
    found = of.metric_mentions(nt, lang)
    if not found:
        return frozenset()
    d = _DIGIT.search(nt)
    first = d.start() if d else len(nt)
    before = [m for m in found if m[1] < first] or found[:1]
    anchor = before[-1]
    generic = _generic(lang)
    # the clause the metric word is in ("..., Dynamics 365 revenue"), else the one before it ("In Azure, we expect revenue")
    cuts = [m.end() for m in _CLAUSE.finditer(nt, 0, anchor[1])]
    start = cuts[-1] if cuts else 0
    words = _words(nt[start:anchor[1]], generic)
    if not words and cuts:
        words = _words(nt[cuts[-2] if len(cuts) > 1 else 0:cuts[-1]], generic)
    return words


_STAMP = re.compile(r"\d[:.,]\d|^\$")  # time stamps (13:22.600), figures ($30.9)
_CLAUSE = re.compile(r"[,，;；:：。.!?！？]\s|[，；：。！？]|\n")


def _words(text: str, generic: frozenset[str]) -> frozenset[str]:
    words = {w.strip("-.,;:'&()\"") for w in content_tokens(text)}
    return frozenset(w for w in words if w and w not in generic and not _STAMP.search(w)
                     and (not w.isdigit() or len(w) == 3))


def lang_of(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


def _figures(text: str, quantities, lang: str, claim: bool) -> tuple[Figure, ...]:
    nt = of.norm(text, lang)
    out = []
    for q in quantities:
        if q.value is None:
            continue
        rng = of.figure_range({"value": q.value, "text": q.text})
        if rng is None:
            continue
        lo, hi = rng
        kind = of.unit_class(q.unit)
        if kind == "none":
            continue
        if claim:
            pos = nt.find(of.norm(q.text, lang)) if q.text else -1
            bound = None
            if pos >= 0:
                digit = _DIGIT.search(nt, pos)
                at = digit.start() if digit and digit.start() < pos + len(q.text) else pos  # "above 30%" as one quantity
                bound = (of.bound_before(nt, pos, lang) or of.bound_before(nt, at, lang)  # "more than $300 million"
                         or of.bound_after(nt, pos + len(q.text), lang))
            if bound == "min":
                hi = float("inf")
            elif bound == "max":
                lo = float("-inf")
            elif kind == "pct" and not any(ch.isdigit() for ch in q.text):
                lo, hi = lo - WORD_RANGE_PCT, hi + WORD_RANGE_PCT
        out.append(Figure(lo, hi, kind, q.text))
    return tuple(out)


def claim_facts(c: Claim, focus: tuple[int, int] | None = None) -> Facts:
    texts = list(dict.fromkeys([c.text, *(mn.text for mn in c.mentions)]))
    joined = " ".join(texts)
    lang = lang_of(joined)
    quantities = list(c.quantities) + [q for mn in c.mentions for q in mn.quantities]
    seen, qs = set(), []
    for q in quantities:
        if (q.text, q.value) not in seen:
            seen.add((q.text, q.value))
            qs.append(q)
    drop = [c.horizon.text] if c.horizon else []
    h = c.horizon
    return Facts(lang, frozenset(of.metrics_of(joined, lang)), frozenset(c.topics) | frozenset(topics_of(joined, lang)),
                 _figures(joined, qs, lang, claim=True), of.direction_of(of.norm(joined, lang), lang),
                 normalise(c.text, drop), (h.start if h else None, h.end if h else None),
                 {"primary": primary_metric(c.text, lang, focus), "qualifiers": qualifiers(c.text, lang)})


def primary_metric(text: str, lang: str, focus: tuple[int, int] | None = None) -> str | None:
    """The metric a claim is about: the one nearest `focus` (offsets in `text` of its key words), else
    the first it names."""
    found = of.metric_mentions(of.norm(text, lang), lang)
    if not found:
        return None
    if focus is None:
        return found[0][0]
    mid = (focus[0] + focus[1]) / 2
    return min(found, key=lambda m: (0 if focus[0] <= m[1] < focus[1] else 1, abs((m[1] + m[2]) / 2 - mid)))[0]


def outcome_facts(o: Outcome) -> Facts:
    lang = lang_of(o.text)
    metrics = frozenset(o.metrics or ([o.metric] if o.metric else []))
    p = o.period
    return Facts(lang, metrics, None, _figures(o.text, o.quantities, lang, claim=False),
                 o.direction, normalise(o.text), (p.start if p else None, p.end if p else None),
                 {"qualifiers": qualifiers(o.text, lang)}, o.text)


# ---------------------------------------------------------------------------- verdict
def _distance(x: float, f: Figure) -> float:
    return 0.0 if f.low <= x <= f.high else min(abs(x - f.low), abs(x - f.high))


def _near(x: float, f: Figure) -> bool:
    d = _distance(x, f)
    if f.kind == "pct":
        return d <= NEAR_PCT
    ends = [abs(v) for v in (f.low, f.high) if v not in (float("inf"), float("-inf"))]
    return bool(ends) and d <= NEAR_REL * min(ends)


def closest(claim: Facts, outcome: Facts) -> tuple[float, float, Figure, Figure] | None:
    """(relative distance, distance, claim figure, outcome figure) of the closest pair of figures of
    one kind (percentages with percentages, money with money), or None."""
    best: tuple[float, float, Figure, Figure] | None = None
    for cf in claim.figures:
        for ofig in outcome.figures:
            if cf.kind != ofig.kind:
                continue
            d = _distance(ofig.low, cf)
            rel = d / max([abs(v) for v in (cf.low, cf.high) if abs(v) != float("inf")] + [1.0])
            if best is None or rel < best[0]:
                best = (rel, d, cf, ofig)
    return best


def compare(claim: Facts, outcome: Facts) -> tuple[str | None, list[str]]:
    """(suggested verdict or None, why)."""
    cd, od = claim.direction, outcome.direction
    if cd and od and od in of.OPPOSITE.get(cd, set()):
        return "broken", [f"direction: claimed {cd}, reported {od}"]
    best = closest(claim, outcome)
    if best is not None:
        _, d, cf, ofig = best
        x = ofig.low
        if d == 0:
            return "kept", [f"figure {ofig.text} inside {cf.text}"]
        if _near(x, cf):
            return "partial", [f"figure {ofig.text} near {cf.text}"]
        return "broken", [f"figure {ofig.text} outside {cf.text}"]
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


# ---------------------------------------------------------------------------- scoring
def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] is not None and a[1] is not None and b[0] is not None and b[1] is not None and a[0] <= b[1] and b[0] <= a[1]


def score(claim: Facts, outcome: Facts, claim_date: dt.date | None) -> tuple[float, list[str]] | None:
    """(score, reasons) of an outcome as evidence for a claim; None when it cannot be."""
    reasons: list[str] = []
    shared = claim.metrics & outcome.metrics
    if shared:
        # the claim's own metric (the one nearest its key words) over others its sentence names
        s = 50.0 if claim.extra.get("primary") in shared or not claim.extra.get("primary") else 40.0
        reasons.append("metric " + ", ".join(sorted(shared)))
    elif not claim.metrics and (topics := claim.topic_set() & outcome.topic_set()):
        s = 25.0
        reasons.append("topic " + ", ".join(sorted(topics)))
    else:
        return None
    cs, ce = claim.period
    os_, oe = outcome.period
    if ce is not None:
        window = (cs or claim_date or ce, ce)
        if not _overlap(window, (os_, oe)):
            return None
        if os_ >= window[0] and oe <= window[1]:
            s += 10
            reasons.append(f"period {os_}..{oe} inside the horizon")
        else:
            s += 5
            reasons.append(f"period {os_}..{oe} overlaps the horizon")
        if oe == ce:
            s += 5
    else:
        if os_ is None or claim_date is None or oe < claim_date or os_ > claim_date + dt.timedelta(days=OPEN_HORIZON_DAYS):
            return None
        reasons.append(f"period {os_}..{oe} after the claim (it has no horizon)")
    qc, qo = claim.extra.get("qualifiers") or frozenset(), outcome.extra.get("qualifiers") or frozenset()
    if qc and qo:
        shared_q = qc & qo
        if shared_q:
            s += QUALIFIER_BONUS * len(shared_q) / min(len(qc), len(qo))
            reasons.append("about " + ", ".join(sorted(shared_q)))
        else:
            s -= QUALIFIER_PENALTY
            reasons.append(f"about {', '.join(sorted(qo))}, not {', '.join(sorted(qc))}")
    elif qo:  # a part of the business ("our international business ... revenue"), the claim is about the whole
        s -= QUALIFIER_PENALTY / 2
    sim = similarity(claim.words, outcome.words)
    s += sim / 5
    if sim >= 30:
        reasons.append(f"similar wording ({sim:.0f})")
    near = closest(claim, outcome)
    if near is not None:
        # a figure of the claim's kind: and the nearer the guided one, the likelier the same measure
        # (a segment's $13 billion is not the $81 billion total a company guided)
        s += 10 + CLOSENESS_BONUS * max(0.0, 1 - near[0] / CLOSENESS_SPAN)
    elif outcome.direction:
        s += 5
    return round(min(s, 100.0), 1), reasons


# ---------------------------------------------------------------------------- over a ledger
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
                  focus: tuple[int, int] | None = None) -> list[Suggestion]:
        """The best `top` suggestions for `c`; `focus` marks the words of `c.text` the claim is about
        when its text is longer than the claim (a sentence around an annotated key)."""
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
