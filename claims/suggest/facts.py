"""What one side of a (claim, outcome) pair says: metrics, the words naming them, the business the
figures are for, topics, figures, direction, basis, period and wording — read once per side."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from claims.core.models import Claim, Outcome
from pipelines.components.topic_tagger import topics_of
from pipelines.helpers import outcome_facts as of

from ..linking import content_tokens, normalise
from .figures import Figure, bases_in, read_figures

_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"(?<![a-z])\d")  # a figure, not the 3 of "Q3"
_STAMP = re.compile(r"\d[:.,]\d|^\$")  # time stamps (13:22.600), figures ($30.9)
_CLAUSE = re.compile(r"[,，;；:：。.!?！？]\s|[，；：。！？]|\n")
_TERM_SPLIT = re.compile(r"[^\w]+")


@dataclass
class Facts:
    lang: str
    metrics: frozenset[str]
    topics: frozenset[str] | None  # None: read from `text` when first needed (an outcome's, rarely needed)
    figures: tuple[Figure, ...]
    direction: str | None
    words: str
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    qualifiers: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()   # the words of the metric named ("pcl", "expense growth")
    basis: frozenset[str] = frozenset()   # yoy / qoq / cc named anywhere
    primary: str | None = None            # a claim's own metric (the one nearest its key words)
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


def lang_of(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


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


def _words(text: str, generic: frozenset[str]) -> frozenset[str]:
    words = {w.strip("-.,;:'&()\"") for w in content_tokens(text)}
    return frozenset(w for w in words if w and w not in generic and not _STAMP.search(w)
                     and (not w.isdigit() or len(w) == 3))


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def metric_terms(nt: str, lang: str, mentions: list[tuple[str, int, int]]) -> frozenset[str]:
    """The words of the metric phrases named ("PCL rate" -> {pcl, rate}; "net losses" -> {net, loss}):
    one metric key covers several measures (PCLs and impaired loans are both credit; a net loss and
    earnings both net income), and the words tell which one was meant. Chinese forms count whole."""
    generic = _generic(lang)
    out = set()
    for _, s, e in mentions:
        form = nt[s:e]
        if lang == "zh":
            out.add(form)
            continue
        out.update(_stem(w) for w in _TERM_SPLIT.split(form) if w and w not in generic)
    return frozenset(out)


def primary_metric(text: str, lang: str, focus: tuple[int, int] | None = None) -> str | None:
    """The metric a claim is about: the one its key words (`focus`, offsets in `text`) name or follow,
    else the first it names."""
    found = of.metric_mentions(of.norm(text, lang), lang)
    if not found:
        return None
    return _nearest(found, focus)[0]


def _nearest(found: list[tuple[str, int, int]], focus: tuple[int, int] | None) -> tuple[str, int, int]:
    """The metric mention inside `focus`, else the last before it (a figure follows its metric:
    "income from operations to be in the range of $105 to $109 million", 营收280亿美元), else the
    first after it."""
    if focus is None:
        return found[0]
    inside = [m for m in found if focus[0] <= m[1] < focus[1]]
    before = [m for m in found if m[1] < focus[0]]
    return inside[0] if inside else before[-1] if before else found[0]


def _in_focus(figures: tuple[Figure, ...], focus: tuple[int, int] | None) -> tuple[Figure, ...]:
    """A claim sentence may guide several figures ("operating income of $105-109 million for an
    operating margin of 16.5%"): those inside its key words are the claim's, when there are any."""
    if focus is None:
        return figures
    inside = tuple(f for f in figures if f.start >= 0 and f.start < focus[1] and f.end > focus[0])
    return inside or figures


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
    nt = of.norm(joined, lang)
    own = of.metric_mentions(of.norm(c.text, lang), lang)
    primary = _nearest(own, focus) if own else None
    return Facts(lang, frozenset(of.metrics_of(joined, lang)), frozenset(c.topics) | frozenset(topics_of(joined, lang)),
                 _in_focus(read_figures(joined, qs, lang, claim=True), focus), of.direction_of(nt, lang),
                 normalise(c.text, drop), (h.start if h else None, h.end if h else None),
                 qualifiers(c.text, lang), metric_terms(of.norm(c.text, lang), lang, [primary] if primary else []),
                 bases_in(nt, lang), primary[0] if primary else None)


def outcome_facts(o: Outcome) -> Facts:
    lang = lang_of(o.text)
    metrics = frozenset(o.metrics or ([o.metric] if o.metric else []))
    p = o.period
    nt = of.norm(o.text, lang)
    return Facts(lang, metrics, None, read_figures(o.text, o.quantities, lang, claim=False),
                 o.direction, normalise(o.text), (p.start if p else None, p.end if p else None),
                 qualifiers(o.text, lang), metric_terms(nt, lang, of.metric_mentions(nt, lang)),
                 bases_in(nt, lang), None, o.text)
