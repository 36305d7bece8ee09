"""Part an English claim span that holds two claims, where the learned splitter says so.

A sentence often states two forecasts joined by "and", "with", "as well as" or a comma; the gold keys
each, and one span covering both finds only one of them (on the real English train split the pipeline's
spans covered two or more required keys about a tenth of the time). Which joins part two claims and
which join two halves of one ("between $65 million and $75 million", "grow and expand margins") is a
learned decision (`pipelines/models/claim_split_en`, `scripts/train_claim_split.py`) over the places
`pipelines.helpers.clause_cuts` lists. A later part keeps the claim's speaker and kind and is marked
inherited, so it takes the time its sentence set earlier ("For 2030, TPG aims to … with a GMV of …").

Fails open: without a model the spans stand as the rules and the gate left them.
"""
from __future__ import annotations

import json
from functools import lru_cache

import joblib
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..constants import CLAIMS, EXT_CLAIM_INFO
from ..data import MODELS_DIR
from ..helpers.clause_cuts import cut_features, cut_points, parts_of


@lru_cache(maxsize=2)
def load_splitter(name: str):
    """(classifier, settings) of a trained splitter, or None if absent."""
    root = MODELS_DIR / name
    if not (root / "settings.json").exists():
        return None
    return joblib.load(root / "split.joblib"), json.loads((root / "settings.json").read_text(encoding="utf-8"))


def chosen_cuts_all(texts: list[str], model, threshold: float, min_chars: int) -> list[list[int]]:
    """For each text, the offsets where it parts: places scored at or above `threshold`, most
    probable first, each at least `min_chars` from the ends and from another cut. One call to the
    model for all of a document's spans (a call per span cost more than the scoring itself)."""
    points = [cut_points(t, min_chars) for t in texts]
    feats = [cut_features(t, at, b) for t, ps in zip(texts, points) for at, b in ps]
    probs = iter(model.predict_proba(feats)[:, 1] if feats else [])
    out = []
    for ps in points:
        scored = sorted(((next(probs), at) for at, _ in ps), key=lambda x: -x[0])
        cuts: list[int] = []
        for p, at in scored:
            if p >= threshold and all(abs(at - c) >= min_chars for c in cuts):
                cuts.append(at)
        out.append(sorted(cuts))
    return out


@Language.factory(
    "en_claim_split",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"model": "claim_split_en", "enabled": True},
)
def make_en_claim_split(nlp: Language, name: str, model: str, enabled: bool) -> "EnClaimSplit":
    return EnClaimSplit(model, enabled)


class EnClaimSplit:
    def __init__(self, model: str, enabled: bool):
        self.model, self.enabled = model, enabled

    def __call__(self, doc: Doc) -> Doc:
        loaded = load_splitter(self.model) if self.enabled else None
        if loaded is None or CLAIMS not in doc.spans:
            return doc
        model, settings = loaded
        spans = list(doc.spans[CLAIMS])
        out: list[Span] = []
        for span, cuts in zip(spans, chosen_cuts_all([s.text for s in spans], model, settings["threshold"],
                                                     settings["min_chars"])):
            out.extend(self._parts(doc, span, cuts) if cuts else [span])
        doc.spans[CLAIMS] = sorted(out, key=lambda s: (s.start_char, s.end_char))
        return doc

    @staticmethod
    def _parts(doc: Doc, span: Span, cuts: list[int]) -> list[Span]:
        info = span._.get(EXT_CLAIM_INFO) or {}
        base = span.start_char
        parts: list[Span] = []
        for a, b in parts_of(span.text, cuts):
            part = doc.char_span(base + a, base + b, label=span.label_, alignment_mode="contract")
            if part is None or not len(part):
                continue
            part._.set(EXT_CLAIM_INFO, dict(info, inherited=True) if parts else info)
            parts.append(part)
        return parts or [span]
