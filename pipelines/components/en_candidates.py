"""Turn English claim clauses into the candidates `claims.extract` reads.

Deadlines come from the time normaliser (`claims.horizon.normalise`). A clause without its own time
takes the frame its sentence opens with ("For the fourth quarter, we expect X and Y"): a time
expression before the first comma or colon. A frame set in an earlier sentence is not a horizon
(ANNOTATION.md; on the real corpus it gave wrong deadlines more often than right ones) except for
anaphoric times ("in the same period"); it still keeps a tentative forecast as a claim.
Executives who report on a non-calendar year talk fiscally ("next year" is next fiscal year); the
document decides that once ("fiscal 2026", "fiscal '27", "this fiscal year" appear in it) and the
normaliser is told so.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.horizon.lexicon import load_time_lexicon

from ..constants import (
    CLAIMS,
    ENTITIES,
    EXT_CANDIDATES,
    EXT_CLAIM_INFO,
    EXT_META,
    EXT_QUANTITY,
    QUANTITIES,
    TURNS,
)
from ..data import load_lexicon
from ..helpers.en_time import forward_horizon, speaks_fiscally
from ..helpers.headings import headings_before, voice_start


def _alt(forms) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"[\s-]+") for f in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _frames() -> dict[str, re.Pattern]:
    lex = load_lexicon("en", "clauses.yaml")
    return {
        "open": re.compile(rf"^\s*(?:(?:{_alt(lex['SENTENCE_OPENER'])})\s*,?\s+)?(?:{_alt(lex['FRAME_OPENER'])})\b", re.I),
        "anaphoric": re.compile(rf"\b(?:{_alt(lex['ANAPHORIC_TIME'])})\b", re.I),
    }












@Language.factory(
    "en_candidates",
    assigns=[f"doc._.{EXT_CANDIDATES}"],
    requires=["doc.spans"],
    default_config={"topics": "topics.yaml"},
)
def make_en_candidates(nlp: Language, name: str, topics: str) -> "EnCandidates":
    return EnCandidates(topics)


class EnCandidates:
    def __init__(self, topics: str):
        self._t = ""
        self._quantity_starts: list[int] = []  # sorted
        self.topics = [(key, re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w])", re.I))
                       for key, forms in load_lexicon("en", topics).items()]
        metrics = load_lexicon("en", "kinds.yaml")["GUIDANCE_METRIC"]
        self.metric_rx = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(m.casefold()) for m in sorted(metrics, key=len, reverse=True)) + r")(?![\w])")
        self.generic = {f.casefold() for forms in load_lexicon("en", "dedup.yaml").values() for f in forms}
        hedges = load_lexicon("en", "hedges.yaml")
        self.hedge_words = {w.casefold() for forms in hedges.values() for f in forms for w in f.split()}
        time_words = load_time_lexicon("en")
        self.time_words = {w.casefold() for forms in time_words.values() for f in forms for w in f.split() if w.isalpha()}

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.get(EXT_META) or {}
        ref = meta.get("date")
        self._t = doc.text  # Doc.text joins every token: read it once
        fiscal = speaks_fiscally(self._t, meta)
        cache: dict[tuple[int, int], tuple[dict | None, list]] = {}

        def horizon_of(s: int, e: int):
            if (s, e) not in cache:
                cache[(s, e)] = forward_horizon(self._t[s:e], ref, meta, fiscal)
            return cache[(s, e)]

        quantities = _ByStart(doc.spans[QUANTITIES] if QUANTITIES in doc.spans else [])
        self._quantity_starts = quantities.starts
        entities = _ByStart(doc.spans[ENTITIES] if ENTITIES in doc.spans else [])
        sents = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else []
        turns = sorted(doc.spans[TURNS], key=lambda t: t.start_char) if TURNS in doc.spans else []
        out: list[dict[str, Any]] = []
        last_h: dict[int, dict | None] = {}    # paragraph start -> horizon of the latest claim
        for span in doc.spans[CLAIMS] if CLAIMS in doc.spans else []:
            info = span._.get(EXT_CLAIM_INFO) or {}
            para = info.get("paragraph_start", 0)
            sent_s, sent_e = info.get("sentence", (span.start_char, span.end_char))
            h, _ = horizon_of(span.start_char, span.end_char)
            if h is None and info.get("frame"):  # a list item's lead ("For fiscal 2026, we expect:")
                h, _ = horizon_of(*info["frame"])
            if h is None:
                # a time earlier in the sentence governs a list item or an amount; other clauses only
                # take the sentence's opening frame ("we believe the next three years ..., and X intends")
                loose = bool(info.get("inherited")) or self._scoped(span, info)
                h = self._frame_horizon(doc, sent_s, span.start_char, horizon_of, loose)
            if h is None and self._scoped(span, info):
                # a guidance list's heading states the period its figures share ("First Quarter 2025
                # Outlook:" above "* Expect revenue in the range of …")
                h = self._heading_horizon(span, turns, horizon_of)
            if h is None and _frames()["anaphoric"].search(span.text):
                h = last_h.get(para) or self._scope(doc, sents, para, sent_s, horizon_of)
            # a time an earlier sentence set ("For Q3, … Margin should be 26%") keeps a tentative
            # forecast as a claim, but is not its horizon: a horizon is stated in the claim's own
            # sentence (ANNOTATION.md), and a year three sentences back may no longer be the one meant
            if h is None and info.get("tentative") and not (self._scoped(span, info)
                                                            and self._scope(doc, sents, para, sent_s, horizon_of)):
                continue
            last_h[para] = h
            out.append(self._candidate(doc, span, info, h, quantities, entities))
        doc._.set(EXT_CANDIDATES, out)
        return doc

    def _heading_horizon(self, span: Span, turns: list[Span], horizon_of):
        """The time of the nearest heading above the claim's line, within its own voice."""
        for hs, he in headings_before(self._t, span.start_char, voice_start(turns, span.start_char), "en"):
            h, _ = horizon_of(hs, he)
            if h is not None:
                return h
        return None

    def _scoped(self, span: Span, info: dict[str, Any]) -> bool:
        """Only amounts and metrics take a time set up earlier ("For Q3, ... Margin should be 26%")."""
        if info.get("negated"):
            return False
        low = span.text.casefold()
        amounts = self._quantity_starts
        i = bisect.bisect_left(amounts, span.start_char)
        return (i < len(amounts) and amounts[i] < span.end_char) or bool(self.metric_rx.search(low))

    def _scope(self, doc: Doc, sents, para: int, sent_s: int, horizon_of):
        """The time the paragraph set before this sentence: an opening frame ("For fiscal '27,"),
        else the forward time of the nearest earlier sentence that has one."""
        i = bisect.bisect_right(sents, (sent_s, 10**12)) - 1
        j = bisect.bisect_left(sents, (para, -1))  # sentences are in text order: those from `para` on
        earlier = sents[j:max(i, 0)][::-1]
        for s, e in earlier:
            op = self._opening(doc, s, e)
            if op is not None:
                h, _ = horizon_of(*op)
                if h is not None:
                    return h
        for s, e in earlier:
            h, _ = horizon_of(s, e)
            if h is not None:
                return h
        return None

    def _opening(self, doc: Doc, sent_s: int, limit: int) -> tuple[int, int] | None:
        """The sentence's opening frame: text up to the first comma or colon, if it opens like one."""
        head = self._t[sent_s:limit]
        m = re.search(r"[,:]", head)
        if not m or not _frames()["open"].match(head[:m.start()]):
            return None
        return sent_s, sent_s + m.start()

    def _frame_horizon(self, doc: Doc, sent_s: int, claim_s: int, horizon_of, loose: bool):
        """A time stated earlier in the same sentence, before the claim clause."""
        if claim_s <= sent_s:
            return None
        op = self._opening(doc, sent_s, claim_s)
        if op is not None:
            h, _ = horizon_of(*op)
            if h is not None:
                return h
        if not loose:
            return None
        h, _ = horizon_of(sent_s, claim_s)
        return h

    def _candidate(self, doc: Doc, span: Span, info: dict[str, Any], h, quantities: "_ByStart",
                   entities: "_ByStart") -> dict[str, Any]:
        s, e = span.start_char, span.end_char
        qs = []
        for q in quantities.within(s, e):
            if q.start_char >= s and q.end_char <= e:
                d = q._.get(EXT_QUANTITY) or {"text": q.text, "value": None, "unit": None}
                qs.append({"text": d["text"], "value": d.get("value"), "unit": d.get("unit"),
                           "start": q.start_char, "end": q.end_char})
        ents, seen = [], set()
        for ent in entities.within(s, e):
            if ent.start_char >= s and ent.end_char <= e and (ent.start_char, ent.end_char) not in seen:
                seen.add((ent.start_char, ent.end_char))
                ents.append({"text": ent.text, "label": ent.label_, "start": ent.start_char, "end": ent.end_char})
        topics = [key for key, rx in self.topics if rx.search(span.text)]
        return {
            "text": self._t[s:e], "start": s, "end": e,
            "speaker": info.get("speaker"), "kind": info.get("kind", "prediction"),
            "negated": bool(info.get("negated")), "confidence": float(info.get("confidence", 0.6)),
            "horizon": h, "quantities": qs, "entities": ents, "topics": topics,
            "dedup_key": self._dedup_key(span, qs),
        }

    def _dedup_key(self, span: Span, quantities: list[dict[str, Any]]) -> list[str]:
        """Content words (one lemma form whatever the backend) plus amounts by value, so that "$1 billion"
        and "a billion dollars" count as the same word; cue verbs, hedges and times say nothing about
        which statement it is."""
        inside = set()
        out = []
        for q in quantities:
            if q.get("value") is not None:
                out.append(f"#{q['value']:g}")
                inside.update(range(q["start"], q["end"]))
        for t in span:
            if t.is_punct or t.is_space or t.is_stop or t.like_num or t.idx in inside:
                continue
            w = _crude_lemma(t.lower_)
            if w in self.generic or t.lower_ in self.generic or t.lower_ in self.hedge_words or t.lower_ in self.time_words:
                continue
            out.append(w)
        return out


class _ByStart:
    """Spans looked up by where they start, in their original order: a claim's amounts and names
    without scanning every span of the document for every claim."""

    def __init__(self, spans):
        self.spans = list(spans)
        self._order = sorted(range(len(self.spans)), key=lambda k: self.spans[k].start_char)
        self.starts = [self.spans[k].start_char for k in self._order]

    def within(self, s: int, e: int) -> list[Span]:
        """The spans starting in [s, e], in the order they were given."""
        lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_right(self.starts, e)
        return [self.spans[k] for k in sorted(self._order[lo:hi])]


def _crude_lemma(w: str) -> str:
    """Without a lemmatizer: fold the plural and verb endings that matter for overlap."""
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)] + rep
    return w
