"""Assemble `doc._.claim_candidates`: one dict per claim span, in the shape claims.extract reads.

Language-neutral. The dedup key is the claim's content words (normalised script, case-folded)
without punctuation, time expressions, hedges, boosters, modal and belief words or function words,
so that two wordings of one statement ("X仍將供不應求" / "預計X仍將處于供不應求狀態") compare on what
they say, not on how sure or when.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claims.core.script import to_simplified

from ..constants import (
    CLAIMS,
    ENTITIES,
    EXT_CANDIDATES,
    EXT_CLAIM_INFO,
    EXT_SPEAKERS,
    HANDOFFS,
    source_text,
)
from ..data import DATA_DIR, load_lexicon
from ..helpers.quantity_index import sorted_quantities
from ..helpers.span_edges import comparison_tail, without_comparison_tail, word_edges
from ..helpers.zh_text import norm_text

_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
DEFAULT_KEY_DROP = ["STOP", "HEDGE", "BOOST", "FUTURE", "MODAL", "PREDICT", "BELIEF", "NEGATION",
                    "CONNECTOR", "COORDINATION", "FIRST_PERSON", "FUTURE_TIME", "TARGET", "PLAN"]


@lru_cache(maxsize=8)
def drop_words(lang: str, files: tuple[str, ...], keys: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for name in files:
        lex = load_lexicon(lang, name)
        for k in keys:
            out.update(to_simplified(f).casefold() for f in lex.get(k, ()))
    return frozenset(out)


@lru_cache(maxsize=8)
def synonym_map(lang: str, name: str | None) -> dict[str, str]:
    if not name:
        return {}
    if not (DATA_DIR / lang / name).exists():
        return {}
    return {to_simplified(f).casefold(): key.lower() for key, forms in load_lexicon(lang, name).items() for f in forms}


def dedup_key(span, drop: frozenset[str], time_spans, synonyms: dict[str, str] | None = None) -> list[str]:
    out = []
    for tok in span:
        if any(s <= tok.idx < e or s < tok.idx + len(tok) <= e for s, e in time_spans):
            continue
        w = (tok.norm_ or tok.text).casefold()
        if not _WORDY.search(w) or w in drop:
            continue
        out.append(synonyms.get(w, w) if synonyms else w)
    return out


@Language.factory(
    "claim_candidates",
    assigns=[f"doc._.{EXT_CANDIDATES}"],
    requires=["doc.spans"],
    default_config={"lang": "zh", "key_files": ["stopwords.yaml", "cues.yaml"], "key_drop": DEFAULT_KEY_DROP,
                    "synonyms": "synonyms.yaml", "comparison": "expectations.yaml"},
)
def make_claim_candidates(nlp: Language, name: str, lang: str, key_files: list[str], key_drop: list[str],
                          synonyms: str, comparison: str):
    return ClaimCandidates(lang, tuple(key_files), tuple(key_drop), synonyms, comparison)


class ClaimCandidates:
    def __init__(self, lang: str, key_files: tuple[str, ...], key_drop: tuple[str, ...], synonyms: str = "",
                 comparison: str = ""):
        self.drop = drop_words(lang, key_files, key_drop)
        self.synonyms = synonym_map(lang, synonyms or None)
        self.lang = lang
        lex = load_lexicon(lang, comparison) if comparison and (DATA_DIR / lang / comparison).exists() else {}
        words = [[to_simplified(w) for w in lex.get(k, ())] for k in ("VERSUS", "COMPARED", "EXPECTATION")]
        self.tail = comparison_tail(*words) if all(words) else None

    def __call__(self, doc: Doc) -> Doc:
        quantities, q_starts = sorted_quantities(doc)
        entities = sorted(doc.spans[ENTITIES] if ENTITIES in doc.spans else [], key=lambda x: x.start_char)
        e_starts = [x.start_char for x in entities]
        out = []
        text = source_text(doc)
        norm = norm_text(doc) if self.lang == "zh" and self.tail is not None else text  # the simplified twin: same offsets
        handoffs = sorted((h.start_char, h.end_char, h.label_) for h in doc.spans[HANDOFFS]) if HANDOFFS in doc.spans else []
        people = {p["name"]: p for p in doc._.get(EXT_SPEAKERS) or []}
        for span in doc.spans[CLAIMS] if CLAIMS in doc.spans else []:
            info = span._.get(EXT_CLAIM_INFO) or {}
            speaker = info.get("speaker")
            if speaker is None and handoffs:
                k = bisect.bisect_right(handoffs, (span.start_char, float("inf"), "")) - 1
                if k >= 0 and handoffs[k][0] <= span.start_char < handoffs[k][1]:
                    p = people.get(handoffs[k][2]) or {}
                    speaker = {"name": handoffs[k][2], "role": p.get("role"), "org": p.get("org")}
            s, e = word_edges(text, span.start_char, span.end_char)
            if self.tail is not None:
                e = word_edges(text, s, without_comparison_tail(norm, s, e, self.tail))[1]
            qs = []
            for qs_, qe_, qi in quantities[bisect.bisect_left(q_starts, s):bisect.bisect_left(q_starts, e)]:
                if qe_ <= e:
                    qs.append({"text": text[qs_:qe_], "value": qi.get("value"), "unit": qi.get("unit"),
                               "start": qs_, "end": qe_})
            ents = [{"text": x.text, "label": x.label_, "start": x.start_char, "end": x.end_char}
                    for x in entities[bisect.bisect_left(e_starts, s):bisect.bisect_left(e_starts, e)]
                    if x.end_char <= e]
            out.append({
                "text": text[s:e], "start": s, "end": e,
                "speaker": speaker, "kind": info.get("kind", "prediction"),
                "negated": bool(info.get("negated")), "confidence": info.get("confidence", 0.6),
                "horizon": info.get("horizon"), "quantities": qs, "entities": ents,
                "topics": info.get("topics", []),
                "dedup_key": dedup_key(span, self.drop, info.get("time_spans") or [], self.synonyms),
            })
        doc._.set(EXT_CANDIDATES, out)
        return doc
