"""The learned claim decision: a text classifier trained on the real annotated corpus decides,
clause by clause, what is a claim — keeping or dropping what the rules found and adding what they
missed.

Why learned: rules written on a few transcripts missed most claims of real text in layouts they had
never seen (speech-to-text calls, decks, digests). The gate sees the clause's words, the end of the
clause before it (where frames such as 預計 / "we expect" sit) and what the pipeline already knows
(a rule took it, whose turn it is, a question, an amount), and gives P(claim). Trained by
`scripts/train_claim_gate.py` on the corpus's train split only; thresholds chosen by
cross-validation over those documents; shipped in `pipelines/models/claim_gate_<lang>/`.

Fails open: without a model for the language the rules' decision stands unchanged.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..constants import CLAIMS, EXT_CLAIM_INFO, FORM_REASONS, source_text
from ..data import load_lexicon, load_patterns
from ..helpers.claim_features import (SpanIndex, en_units, has_content, long_enough, rejections, rule_taken,
                                      specific, unit_features, vetoed, zh_units)
from ..helpers.gate_model import CLAIM, classify, load_gate
from ..helpers.zh_text import norm_text

# ANNOTATION.md decides some kinds by a word: an explicit target noun (目标, "target", "goal") makes a
# stated level a `target`, and the company's "plans to" / 计划 its `plan`, whatever a model trained on
# fewer such sentences reads
_EXPLICIT_KIND = {"target": frozenset({"CUETARGET_NOUN", "PCUETARGET_NOUN"}), "plan": frozenset({"CUEPLAN"})}


def _explicit(kind: str | None, features: str) -> bool:
    """Whether the rule's `kind` rests on a word the annotation rules make decisive."""
    flags = _EXPLICIT_KIND.get(kind or "")
    return bool(flags) and not flags.isdisjoint(features.split())


def _overlapping_most(span, units, taken: list[int], starts: list[int]) -> int | None:
    """The index (among `taken`, sorted by start; `starts` their starts) of the unit a rule's claim
    overlaps most: the clause the claim is judged by, as the training rows were labelled."""
    k = bisect.bisect_right(starts, span.end_char)
    best, bi = 0, None
    for j in range(max(0, k - 8), k):
        u = units[taken[j]]
        ov = min(u.end, span.end_char) - max(u.start, span.start_char)
        if ov > best:
            best, bi = ov, taken[j]
    return bi


def _kind_of(span) -> str | None:
    info = span._.get(EXT_CLAIM_INFO)
    return info.get("kind") if info is not None else None


def _led(span) -> bool:
    """A list item under a forecast lead ("Q2 業績展望" over "EPS：1.16～1.17 美元，優於預期的 1.15
    美元"): the lead said what the items forecast, and the gate, which reads the item alone, does not
    overrule it ("優於預期" reads as a result to the Chinese gate)."""
    return bool((span._.get(EXT_CLAIM_INFO) or {}).get("list_item"))


def _rule_taken(features: str) -> bool:
    """Whether a feature string is of a clause a rule took (its second flag: claim_features.features)."""
    return features.split(" ", 2)[1] == "RULE"


@lru_cache(maxsize=1)
def _en_negations() -> frozenset[str]:
    out: set[str] = set()
    for p in load_patterns("en", "cues.jsonl"):
        if p.label == "NEG" and isinstance(p.pattern, list) and len(p.pattern) == 1:
            out.update(p.pattern[0].get("LOWER", {}).get("IN", []))
    return frozenset(out)


def _negated(lang: str, text: str) -> bool:
    if lang == "zh":
        return any(f in text for f in load_lexicon("zh", "cues.yaml")["NEGATION"])
    words = set(text.lower().replace("n't", " n't").split())
    return bool(words & _en_negations())


def _overrulable(settings: dict) -> dict[str, float]:
    """The add threshold of a clause the rules rejected, per reason (settings.json `add_rejected`,
    chosen out of fold by the trainer; absent: the rejection stands). Only a reading of form
    (a past tense, a condition, an aside) may be overruled, never what ANNOTATION.md decides
    (another party's view, a question, a frame): those reasons are not the gate's to weigh."""
    return {r: t for r, t in settings.get("add_rejected", {}).items() if r in FORM_REASONS and t <= 1.0}


@Language.factory(
    "claim_gate",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"lang": "zh", "model": "claim_gate", "enabled": True},
)
def make_claim_gate(nlp: Language, name: str, lang: str, model: str, enabled: bool):
    return ClaimGate(lang, model, enabled)


class ClaimGate:
    def __init__(self, lang: str, model: str, enabled: bool):
        self.lang, self.model, self.enabled = lang, model, enabled

    def __call__(self, doc: Doc) -> Doc:
        loaded = load_gate(self.model, self.lang) if self.enabled else None
        if loaded is None:
            return doc
        gate, kind_model, settings = loaded
        units = zh_units(doc) if self.lang == "zh" else en_units(doc)
        source = norm_text(doc) if self.lang == "zh" else source_text(doc)
        # the rules' claims stand unless the gate scores their clause below their speaker role's keep
        # threshold (_kept; settings.json) or they are fragments ("接下来", "We plan to"), as short as
        # the clauses the gate never adds: on the real corpus 53 such rule claims matched one required
        # gold claim; what the rules rejected for a reason stays out, unless the reason is a reading of
        # form the gate may overrule (_overrulable)
        rules = [s for s in (doc.spans[CLAIMS] if CLAIMS in doc.spans else [])
                 if long_enough(self.lang, source[s.start_char:s.end_char]) or _led(s)]
        th = settings["thresholds"]
        veto = vetoed(units, rejections(doc))
        overrulable = _overrulable(settings)
        wanted = {i for i, u in enumerate(units)
                  if (veto[i] is None or veto[i] in overrulable) and has_content(self.lang, source[u.start:u.end])}
        override = {k: t for k, t in settings.get("kind_override", {}).items() if t <= 1.0}
        # (keep, keep_vague) per role: a rule's clause that states no figure and no forward time needs
        # the higher `keep_vague` (settings.json; absent: the role's keep)
        keeps = {role: (t.get("keep", 0.0), t.get("keep_vague", t.get("keep", 0.0))) for role, t in th.items()
                 if max(t.get("keep", 0.0), t.get("keep_vague", 0.0)) > 0}
        # each rule claim is judged by the clause it overlaps most (as the training rows were
        # labelled): only those clauses are scored, to keep it or re-read its kind
        rule_spans = [(s.start_char, s.end_char) for s in rules]
        is_rule = rule_taken(units, rule_spans)
        taken = [i for i, r in enumerate(is_rule) if r]
        starts = [units[i].start for i in taken]
        judged_by = [_overlapping_most(sp, units, taken, starts) for sp in rules]
        reread = kind_model is not None and bool(override)
        asked_rules = {bi for sp, bi in zip(rules, judged_by) if bi is not None and (
            units[bi].role in keeps or (reread and _kind_of(sp) in override))}
        feats = unit_features(doc, self.lang, units, rule_spans, wanted, rules_asked=asked_rules, is_rule=is_rule)
        if keeps:
            rules, judged_by = self._kept(rules, judged_by, units, feats, gate, keeps)
        if reread:
            self._reread_kinds(rules, judged_by, feats, kind_model, override)
        feats = [f if f is not None and i in wanted and not _rule_taken(f) else None for i, f in enumerate(feats)]
        asked = [i for i, f in enumerate(feats) if f is not None]
        probs = dict(zip(asked, (c.get(CLAIM, 0.0) for c in classify(gate, [feats[i] for i in asked]))))
        covered = SpanIndex([(s.start_char, s.end_char) for s in rules])
        added_units = []
        for i in asked:
            u = units[i]
            add = th[u.role]["add"] if veto[i] is None else overrulable[veto[i]]
            if probs[i] >= add and not covered.overlapping(u.start, u.end):
                added_units.append((u, probs[i], feats[i]))
        kept = list(rules)
        kinds = [max(c, key=c.get) for c in classify(kind_model, [f for _, _, f in added_units])] \
            if kind_model is not None else ["prediction"] * len(added_units)
        text = source
        newlines = [i for i, ch in enumerate(text) if ch == "\n"] if added_units else []
        for (u, p, _), kind in zip(added_units, kinds):
            span = doc.char_span(u.start, u.end, alignment_mode="contract")
            if span is None or not span.text.strip():
                continue
            k = bisect.bisect_left(newlines, u.sentence[0])
            para = newlines[k - 1] + 1 if k else 0
            span._.set(EXT_CLAIM_INFO, {
                "speaker": u.speaker, "kind": kind, "negated": _negated(self.lang, text[u.start:u.end]),
                "confidence": round(float(p), 2), "tentative": False, "belief": False, "frame": None,
                "sentence": u.sentence, "paragraph_start": para, "cues": [], "learned": True,
            })
            kept.append(span)
        doc.spans[CLAIMS] = sorted(kept, key=lambda s: (s.start_char, s.end_char))
        return doc

    @staticmethod
    def _kept(rules, judged_by, units, feats, gate, keeps: dict[str, tuple[float, float]]) -> tuple[list, list]:
        """The rules' claims (and the clause each is judged by) without those the gate scores below
        the keep threshold of their clause's speaker role (settings.json; a role with 0 keeps all),
        the higher `keep_vague` for a clause with no figure and no forward time (`specific`: what
        ANNOTATION.md leaves optional as a vague intention); a list item under a forecast lead
        always stays (`_led`)."""
        judged = sorted({bi for bi in judged_by if bi is not None and units[bi].role in keeps})
        if not judged:
            return rules, judged_by
        probs = dict(zip(judged, (c.get(CLAIM, 0.0) for c in classify(gate, [feats[i] for i in judged]))))

        def below(bi: int) -> bool:
            keep, keep_vague = keeps[units[bi].role]
            return probs[bi] < (keep if specific(feats[bi]) else keep_vague)

        kept = [(sp, bi) for sp, bi in zip(rules, judged_by) if _led(sp) or not (bi in probs and below(bi))]
        return [sp for sp, _ in kept], [bi for _, bi in kept]

    @staticmethod
    def _reread_kinds(rules, judged_by, feats, kind_model, override: dict[str, float]) -> None:
        """The kind model's answer replaces a rule's kind when it is sure enough: out of fold on the
        real train split the rules' kinds were right 52 % (zh) / 58 % (en) of the time, with the
        model 67 % / 76 %. Thresholds per kind the rule gave (settings.json, kind_override), absent
        where the rule's kind was the better one."""
        asked = [(sp, bi) for sp, bi in zip(rules, judged_by) if bi is not None and _kind_of(sp) in override
                 and not _explicit(_kind_of(sp), feats[bi])]
        units = sorted({bi for _, bi in asked})
        scores = dict(zip(units, classify(kind_model, [feats[i] for i in units])))
        for sp, bi in asked:
            c = scores[bi]
            kind = max(c, key=c.get)
            if c[kind] >= override[_kind_of(sp)]:
                sp._.get(EXT_CLAIM_INFO)["kind"] = kind
