"""Forward-looking clauses of executives in English transcripts.

A claim is a clause, spoken by someone from the company, that commits to or predicts something in the
future: a cue ("will", "expect", "plan to", "target", "guidance", "on track to"), or a vague modal
backed by a future time ("could ... next year"). Analysts, the operator, boilerplate paragraphs,
questions and talk about the call itself ("I'll turn the call over") are skipped; cues inside a past
frame ("as we expected") don't count. Each clause gets its kind, polarity and confidence here;
deadlines, amounts and topics are added by `en_candidates`.

Executives also state the future without a modal ("the surcharge takes effect in February", "20%
by fiscal '29 is the commitment"): a present-tense clause whose time expression ends after the call
date is a (tentative) claim unless it is past, a reason, a state of a period under way, or chatter.
A speaker's asides about their own talk ("I'll be honest", "let me give you") are never claims, and
a relative clause ("..., which should help") is a claim only together with the clause it hangs on,
unless it says a forecast of its own with its own forward time ("…, which will begin shipping next year").

Clauses are split at ";", at ", and/but <subject>" and inside guidance lists ("revenue of $X and
EPS of $Y"): gold answers and ledgers want one claim per statement, and a split-off list item
inherits the cue of the clause it continues.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from claims.horizon.lexicon import load_time_lexicon

from ..constants import (
    NONCLAIMS,
    BOILERPLATE,
    CLAIMS,
    CLAUSES,
    CUE_MATCHES,
    EXT_CLAIM_INFO,
    EXT_META,
    EXT_QUANTITY,
    EXT_TURN,
    HEADERS,
    QUANTITIES,
    TURNS,
    rejection,
)
from ..data import load_lexicon, load_patterns
from ..helpers.en_time import forward_horizon, speaks_fiscally
from ..helpers.guidance_tables import table_rows
from ..helpers.claim_features import asks, mostly_words
from ..helpers.timestamps import TIMESTAMP

_CUE_LABELS = ("FUTURE", "PREDICT", "GUIDE", "TARGET", "PLAN", "SURPRISE")
_PAST_FORMS = frozenset(load_lexicon("en", "clauses.yaml")["PAST_VERB"])


def _phrases(forms) -> list[tuple[str, ...]]:
    return [tuple(f.casefold().replace("’", "'").split()) for f in forms]


# Penn tags of finite verbs: a sentence without one is a list of noun phrases
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# ... and participles: before a noun they modify it ("diluted net income"), else they are the verb
_VERB_TAGS = _FINITE_TAGS | {"VBN"}


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    kinds = load_lexicon("en", "kinds.yaml")
    hedges = load_lexicon("en", "hedges.yaml")
    non = load_lexicon("en", "nonclaim.yaml")
    cl = load_lexicon("en", "clauses.yaml")
    return {
        "conj": {f.casefold() for f in cl["CONJ"]},
        "we": {f.casefold() for f in cl["COMPANY_SUBJECT"]},
        "company_noun": {f.casefold() for f in cl["COMPANY_NOUN"]},
        "reporting": {f.casefold() for f in load_lexicon("en", "reporting.yaml")["REPORTING_VERB"]},
        "opener": {f.casefold() for f in cl["SENTENCE_OPENER"]},
        "copula": {f.casefold() for f in cl["INTENT_COPULA"]},
        "link": {f.casefold() for f in cl["INTENT_LINK"]},
        "determiner": {f.casefold() for f in cl["NOUN_DETERMINER"]},
        "modal": {f.casefold() for f in cl["WEAK_MODAL"]},
        "subject_break": {f.casefold() for f in cl["SUBJECT_BREAK"]},
        "subject": {f.casefold() for f in cl["SUBJECT_START"]},
        "np_start": {f.casefold() for f in cl["SUBJECT_START"] + cl["NOUN_DETERMINER"]},
        "pronoun": {f.casefold() for f in cl["PRONOUN_SUBJECT"]},
        "line_item": frozenset(cl["LINE_ITEM"]),
        "modal_after_and": {f.casefold() for f in cl["MODAL_AFTER_AND"]},
        "run_on_subject": {f.casefold() for f in cl["RUN_ON_SUBJECT"]},
        "run_on_bound": {f.casefold() for f in cl["RUN_ON_BOUND_AFTER"] + cl["SUBJECT_START"] + cl["NOUN_DETERMINER"]},
        "subordinate": _phrases(cl["SUBORDINATE"]),
        "subordinate_bare": _phrases(cl["SUBORDINATE_BARE"]),
        "leading": _phrases(cl["LEADING_SUBORDINATE"]),
        "hypothetical": _phrases(cl["HYPOTHETICAL"]),
        "separator": set(cl["SEPARATOR"]),
        "list_separator": set(cl["LIST_SEPARATOR"]),
        "statement_verb": set(cl["STATEMENT_VERB"]),
        "verb_particle": set(cl["AFTER_PAST_VERB"]),
        "aside_dash": set(cl["ASIDE_DASH"]),
        "action": {f.casefold() for f in kinds["PLAN_ACTION"] if " " not in f},
        "metric": _phrases(kinds["GUIDANCE_METRIC"]),
        "guide": _phrases(kinds["GUIDANCE_WORD"]),
        "target": _phrases(kinds["TARGET_WORD"]),
        "plan": _phrases(kinds["PLAN_WORD"]),
        "conf": sorted(((int(k[5:]) / 100, _phrases(v)) for k, v in hedges.items()), key=lambda x: x[0]),
        "procedural": [f.casefold().replace("’", "'") for f in non["PROCEDURAL"]],
        "third_party": [f.casefold() for f in non["THIRD_PARTY"]],
        # compiled once: asked of every clause's opening, narration included
        "third_party_rx": _phrase_rx(tuple(f.casefold() for f in non["THIRD_PARTY"])),
        "third_party_verb_rx": _phrase_rx(tuple(f.casefold() for f in non["THIRD_PARTY_VERB"])),
        "self_rx": _phrase_rx(tuple(f.casefold() for f in non["SELF_BEFORE_PARTY"])),
        "past": [f.casefold().replace("’", "'") for f in non["PAST_FRAME"]],
        "past_comparison": _comparison_rx(tuple(f.casefold() for f in non["PAST_COMPARISON"]),
                                          tuple(f.casefold() for f in non["FORECAST_NOUN"]), FORECAST_GAP),
        "self_future": _phrases(non["SELF_FUTURE"]),
        "self_filler": {f.casefold() for f in non["SELF_FILLER"]},
        "self_lead": {f.casefold() for f in non["SELF_LEAD"]},
        "discourse": {f.casefold() for f in non["DISCOURSE_VERB"]},
        "relative": {f.casefold() for f in cl["RELATIVE_START"]},
        "passive_aux": {f.casefold() for f in cl["PASSIVE_AUX"]},
        "passive_adverb": {f.casefold() for f in cl["PASSIVE_ADVERB"]},
        "perfect_aux": {f.casefold() for f in cl["PERFECT_AUX"]},
        "progressive_aux": {f.casefold() for f in cl["PROGRESSIVE_AUX"]},
        "progressive_state": {f.casefold() for f in cl["PROGRESSIVE_STATE"]},
        "current_state": [f.casefold().replace("’", "'") for f in non["CURRENT_STATE"]],
        "unlicensed": [f.casefold().replace("’", "'") for f in non["UNLICENSED"]],
    }


def _has_phrase(words: list[str], phrases) -> bool:
    n = len(words)
    for ph in phrases:
        k = len(ph)
        for i in range(n - k + 1):
            if words[i] == ph[0] and tuple(words[i:i + k]) == ph:
                return True
    return False


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=8)
def _phrase_rx(forms: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<![a-z'])(?:{_alternation(forms)})(?![a-z])")


def _contains(low: str, forms) -> bool:
    return _phrase_rx(tuple(forms)).search(low) is not None


THIRD_PARTY_REACH = 6  # words from a clause's start within which a third party and its verb of expecting open it


def _third_party_opens(opening: str, lex) -> bool:
    """A third party, then its verb of expecting, open the clause, with no first person before them
    ("analysts surveyed by FactSet expect …"; not "we expect the market to grow")."""
    party = lex["third_party_rx"].search(opening)
    if party is None or lex["self_rx"].search(opening, 0, party.start()):
        return False
    return lex["third_party_verb_rx"].search(opening, party.end()) is not None


FORECAST_GAP = 4  # words between a comparison and the forecast it names ("in line with our revised full-year guidance")


def _comparison_rx(compare: tuple[str, ...], nouns: tuple[str, ...], gap: int) -> re.Pattern:
    """A result set against an earlier forecast: a comparison word, at most `gap` words, a forecast noun
    ("in line with our revised guidance", "compared with its earlier estimate", "above our target")."""
    return re.compile(rf"(?<![a-z'])(?:{_alternation(compare)})\s+(?:[^\s,;.]+\s+){{0,{gap}}}?"
                      rf"(?:{_alternation(nouns)})(?![a-z])")


def past_frames(low: str, lex) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where a clause (lower case) reports the past through a forecast word: (the past frames, "as we
    expected"; the results set against an earlier forecast, "in line with our revised guidance")."""
    return ([m.span() for m in _phrase_rx(tuple(lex["past"])).finditer(low)],
            [m.span() for m in lex["past_comparison"].finditer(low)])


def doc_lower(span: Span, i: int) -> str:
    return span.doc[i].lower_


def discourse_end(words: list[str]) -> int:
    """Index just past a speaker's announcement of their own next move on the call ("I'll be
    honest", "let me just give you"), or 0 when the clause holds none."""
    lex = _lex()
    n = len(words)
    for i in range(n):
        if i and words[i - 1] not in lex["self_lead"]:
            continue
        for ph in lex["self_future"]:
            k = len(ph)
            if tuple(words[i:i + k]) != ph:
                continue
            j = i + k
            while j < n and j < i + k + 2 and words[j] in lex["self_filler"] and words[j] not in lex["discourse"]:
                j += 1
            if j < n and words[j] in lex["discourse"]:
                return j + 1
    return 0


def confidence_of(words: list[str]) -> float:
    """The lowest hedge wins over boosters: "will likely" is likely, not certain."""
    conf = _lex()["conf"]
    found = [level for level, forms in conf if _has_phrase(words, forms)]
    if not found:
        return 0.7
    low = min(found)
    if low <= 0.35:
        return 0.4
    if low <= 0.6:
        return 0.6
    return max(found)


RUN_ON_TOKENS = 40  # a "sentence" this long with under one punctuation mark per this many tokens
ASIDE_TOKENS = 10  # the most tokens between two dashes that set off an aside rather than end a clause each


@Language.factory(
    "en_claims",
    assigns=["doc.spans", f"span._.{EXT_CLAIM_INFO}"],
    requires=["doc.spans", "token.is_sent_start"],
    default_config={"patterns": "cues.jsonl"},
)
def make_en_claims(nlp: Language, name: str, patterns: str) -> "EnClaims":
    return EnClaims(nlp, patterns)


def _verb_past(v, lex) -> bool:
    """A verb with its auxiliaries in a past form: "grew", "was expected", "have raised", "compared";
    not "will grow", "is expected", "must accelerate"."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes):
        return False
    if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return True
    # a participle is past unless a present auxiliary makes it a present passive ("is expected");
    # a bare one heads a result ("Net revenues of $8.4 billion … compared to …", "driven by …")
    return v.tag_ == "VBN" and (any(a.lower_ in lex["perfect_aux"] for a in auxes)
                                or not any(a.lower_ in lex["passive_aux"] for a in auxes))


def _main_verb_past(clause: Span) -> bool | None:
    """Whether every verb heading the clause (its top verb and the verbs coordinated with it) is in a
    past form; None without a dependency parse or a verb heading the clause."""
    if not clause.doc.has_annotation("DEP"):
        return None
    tops = [t for t in clause if (t.head.i == t.i or not clause.start <= t.head.i < clause.end)
            and t.pos_ in ("VERB", "AUX")]
    verbs = tops + [c for t in tops for c in t.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                    and clause.start <= c.i < clause.end]
    if not verbs:
        return None
    lex = _lex()
    return all(_verb_past(v, lex) for v in verbs)


class EnClaims:
    def __init__(self, nlp: Language, patterns: str):
        self.matcher = Matcher(nlp.vocab)
        by_label: dict[str, list] = {}
        for p in load_patterns("en", patterns):
            if isinstance(p.pattern, list):
                by_label.setdefault(p.label, []).append(p.pattern)
        for label, pats in by_label.items():
            self.matcher.add(label, pats)
        self.vocab = nlp.vocab
        self.shared = patterns == "cues.jsonl"  # the gate's features match the same file: reuse these matches
        self._horizon_of = None
        self._ref = None
        time_lex = load_time_lexicon("en")
        self._time_words = frozenset(w.casefold() for k, forms in time_lex.items() if not k.startswith("NUM")
                                     for f in forms for w in f.split() if w.isalpha() and len(w) > 2)

    # --- clauses ------------------------------------------------------------------------------
    def _clauses(self, sent: Span, quantity_tokens: set[int], cue_starts: list[int]) -> list[tuple[int, int, bool]]:
        """(start, end, continues_previous) token ranges of the clauses of one sentence; `cue_starts`
        is the sorted token indices where a cue starts."""
        doc = sent.doc
        lex = _lex()
        metric = lex["metric"]
        cuts: list[tuple[int, bool]] = []
        toks = list(sent)

        def has_cue(a: int, b: int) -> bool:
            k = bisect.bisect_left(cue_starts, a)
            return k < len(cue_starts) and cue_starts[k] < b

        # speech-to-text without punctuation runs many sentences into one: there a first-person
        # subject with its own cue ("… from our business we expect revenue to …") opens a clause
        run_on = len(toks) > RUN_ON_TOKENS and sum(x.is_punct for x in toks) * RUN_ON_TOKENS < len(toks)
        last = sent.start
        aside = self._dash_asides(toks)
        for k, t in enumerate(toks):
            i = t.i
            nxt = doc[i + 1] if i + 1 < sent.end else None
            if nxt is None or k in aside:
                continue
            if run_on and t.lower_ in lex["run_on_subject"] and i - last >= 8 and has_cue(i, min(sent.end, i + 4)) \
                    and toks[k - 1].lower_ not in lex["run_on_bound"]:
                cuts.append((i, False))
                last = i
                continue
            if t.text in lex["separator"] and k > 2:
                # "we are raising our guidance as follows: net revenues of …, EPS of …": the items of an
                # inline list carry its lead's forecast, as the lines of a list under a lead do (_led_items);
                # so do the items after a semicolon ("…: revenue of $X to $Y; subscription revenue of …"),
                # which inherit only from an item before them that was a claim
                cuts.append((i + 1, t.text in lex["list_separator"] and has_cue(sent.start, i)
                             and self._starts_list_item(doc, i + 1, sent.end, metric, quantity_tokens)))
            elif k > 3 and any(tuple(w.lower_ for w in doc[i:min(sent.end, i + len(ph))]) == ph for ph in lex["subordinate_bare"]):
                cuts.append((i, False))
            elif t.text == ",":
                words = [doc[j].lower_ for j in range(i + 1, min(sent.end, i + 4))]
                if any(tuple(words[:len(ph)]) == ph for ph in lex["subordinate"]):
                    cuts.append((i + 1, False))
                elif any(j in quantity_tokens for j in range(sent.start, i)) and \
                        self._starts_list_item(doc, i + 1, sent.end, metric, quantity_tokens):
                    cuts.append((i + 1, True))  # "… $7.35 to $7.60 in EPS, total sales between $9.55 and …"
                elif nxt.lower_ in lex["conj"] and i + 2 < sent.end:
                    after = doc[i + 2]
                    item = self._starts_list_item(doc, i + 2, sent.end, metric, quantity_tokens)
                    if after.lower_ in lex["subject"] or after.text[:1].isupper() or item or \
                            (has_cue(i + 2, sent.end) and (has_cue(sent.start, i) or self._past_verb(doc[sent.start:i]))):
                        cuts.append((i + 1, item))
            elif t.lower_ == "and" and k > 3 and toks[k - 1].text != ",":
                if nxt.lower_ in lex["pronoun"] or nxt.lower_.startswith("we'"):
                    cuts.append((i, False))
                elif nxt.lower_ in lex["modal_after_and"] and has_cue(sent.start, i):
                    cuts.append((i, False))  # "… will surpass $4.6 billion and will account for …"
                elif i in quantity_tokens:
                    continue  # "between $65 million and $75 million": one amount
                elif any(j in quantity_tokens for j in range(sent.start, i)) and self._starts_list_item(doc, i + 1, sent.end, metric, quantity_tokens):
                    cuts.append((i, True))
                elif has_cue(sent.start, i) and self._subject_then_cue(doc, i + 1, sent.end, cue_starts, lex):
                    cuts.append((i, False))  # "prices will go up and production volume will go down"
        first = sent.start + (1 if doc[sent.start].lower_ in lex["opener"] else 0)
        head = [doc[j].lower_ for j in range(first, min(sent.end, first + 3))]
        if any(tuple(head[:len(ph)]) == ph for ph in lex["leading"]):
            comma = next((t.i for t in sent if t.text == "," and t.i > first + 2), None)
            if comma is not None:
                cuts.append((comma + 1, False))
                cuts.sort()
        out = []
        start, cont = sent.start, False
        for c, is_cont in cuts:
            if c - start >= 3:
                out.append((start, c, cont))
                start, cont = c, is_cont
        out.append((start, sent.end, cont))
        return out

    @staticmethod
    def _past_stamp(doc: Doc, text: str, cs: int, ce: int) -> int:
        """The clause's first token after a speech-to-text timestamp opening its line ("[12:40.8 -
        12:46.3] Now let's turn to our guidance …"): a claim's span is the words said, not when.
        `text` is the document's text (`doc.text` rebuilds it from the tokens at every call)."""
        at = doc[cs].idx
        m = TIMESTAMP.match(text, at)
        if m is None or m.end() == at or text[text.rfind("\n", 0, at) + 1:at].strip(" \t"):
            return cs
        while cs < ce and (doc[cs].idx < m.end() or doc[cs].is_space):
            cs += 1
        return cs

    @staticmethod
    def _dash_asides(toks: list) -> set[int]:
        """Positions of dashes that open and close an aside ("our total cloud growth rate – applications
        plus infrastructure – will increase …"): the sentence goes on through them, so neither cuts."""
        dashes = [k for k, t in enumerate(toks) if t.text in _lex()["aside_dash"]]
        out: set[int] = set()
        for a, b in zip(dashes, dashes[1:]):
            if a not in out and b - a <= ASIDE_TOKENS and toks[a].text == toks[b].text:
                out.update((a, b))
        return out

    @staticmethod
    def _starts_list_item(doc: Doc, i: int, end: int, metric, quantity_tokens: set[int]) -> bool:
        """A metric noun phrase with its own amount: the next item of a guidance list. (An item that
        opens on a bare amount, "… and 21% in fiscal 2027", was tried: more false claims than found.)"""
        words = [doc[j].lower_ for j in range(i, min(end, i + 5))]
        # the metric opens the item, after at most three modifiers ("same-restaurant sales", "total sales")
        if any(tuple(words[k:k + len(m)]) == m for m in metric for k in range(min(4, len(words)))):
            return any(j in quantity_tokens for j in range(i, min(end, i + 14)))
        # or a noun phrase of the list's own ("weighted average shares outstanding", "net catastrophe
        # losses before taxes") with its own range: content words, then the amount within a few words
        first = next((j for j in range(i, min(end, i + 9)) if j in quantity_tokens), None)
        return first is not None and first - i >= 2 and doc[i].is_alpha and not doc[i].is_stop \
            and all(doc[j].is_alpha for j in range(i, first))

    def _on_its_own(self, found: dict, clause: Span, beside_claim: bool) -> bool:
        """Whether a relative clause is a forecast of its own: it names a forward time of its own,
        and either hangs on a claim or says its forecast in words ("…, which will begin shipping next
        year out of Houston"), not only by a time or a hedge (tentative, licensed), and not in the past
        ("which was due to the longer than anticipated September remediation")."""
        if not self._own_time(clause):
            return False
        return beside_claim or not (found.get("tentative") or found.get("licensed") or self._past_verb(clause))

    def _own_time(self, clause: Span) -> bool:
        """Whether the clause names a forward time of its own."""
        return self._horizon_of is not None and self._horizon_of(clause.text) is not None

    @staticmethod
    def _verbless_item(doc: Doc, sent: Span, quantity_tokens: set[int], lex) -> bool:
        """A sentence that only lists metrics with their amounts ("GAAP diluted net income per share of
        $0.37 to $0.45 and non-GAAP … of $0.46 to $0.54"), opening on a metric noun phrase with its own
        amount, without a finite verb (tagged) or, untagged, a verb of `STATEMENT_VERB` after it."""
        if not EnClaims._starts_list_item(doc, sent.start, sent.end, lex["metric"], quantity_tokens):
            return False
        # the words before the first amount name the metric, whatever the tagger makes of "diluted" or
        # "adjusted" before a noun; a verb after it makes the sentence a statement ("… of $2 billion grew 5%")
        first = next(t.i for t in sent if t.i in quantity_tokens)
        if doc[sent.start].tag_.startswith("VB") or any(
                t.lower_ in lex["statement_verb"] or t.lower_ in _PAST_FORMS
                or (t.tag_ in _VERB_TAGS and not doc[t.i + 1].tag_.startswith(("NN", "JJ")))
                or (not t.tag_ and t.lower_.endswith("ed") and doc[t.i + 1].lower_ in lex["verb_particle"])
                for t in doc[sent.start:first]):
            return False  # "Gross margin was 62.6%", "margins expanded by 100 basis points", "translating into …"
        rest = doc[first:sent.end]
        if any(t.tag_ for t in rest):
            return not any(t.tag_ in _FINITE_TAGS for t in rest)
        return not any(t.lower_ in lex["statement_verb"] or t.lower_ in _PAST_FORMS for t in rest)

    @staticmethod
    def _metric_amount(span: Span, quantity_tokens: set[int], lex) -> bool:
        """A metric of the company's with an amount ("GAAP EPS of $17.90 to $18.10"): guidance."""
        return any(t.i in quantity_tokens for t in span) and _has_phrase([t.lower_ for t in span], lex["metric"])

    @staticmethod
    def _subject_then_cue(doc: Doc, i: int, end: int, cue_starts: list[int], lex) -> bool:
        """A clause of its own after "and": a short noun phrase, then its own cue ("and the higher
        voltage rack would also enter …"), not a second verb of the same subject ("and expect …")."""
        k = bisect.bisect_left(cue_starts, i + 1)
        if k == len(cue_starts) or cue_starts[k] >= min(end, i + 6):
            return False
        between = doc[i:cue_starts[k]]
        if not between or not all(t.is_alpha for t in between):
            return False
        # a determiner or pronoun opens the subject ("and the higher voltage rack would"), or content
        # words alone make it ("and operating profit is expected to"), never "and then expect"
        return doc[i].lower_ in lex["np_start"] or not any(t.is_stop for t in between)

    # --- detection ----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        lex = _lex()
        text = doc.text  # Doc.text joins every token: read it once
        matches: dict[int, list[tuple[str, int, int]]] = {}
        found = [(self.vocab.strings[mid], s, e) for mid, s, e in self.matcher(doc)]
        if self.shared:
            doc.user_data[CUE_MATCHES] = found
        for label, s, e in found:
            matches.setdefault(s, []).append((label, s, e))
        excluded = set()
        for key in (BOILERPLATE, HEADERS):
            for sp in doc.spans[key] if key in doc.spans else []:
                excluded.update(range(sp.start, sp.end))
        qtoks: set[int] = set()
        for q in doc.spans[QUANTITIES] if QUANTITIES in doc.spans else []:
            if not (q._.get(EXT_QUANTITY) or {}).get("share"):  # "half of our orders" is a mix, not an amount guided
                qtoks.update(range(q.start, q.end))
        cue_starts = sorted(s for s, ms in matches.items() if any(m[0] in _CUE_LABELS for m in ms))
        # line starts, for each claim's paragraph (a backwards search per claim is quadratic on one long line)
        newlines = [m.start() for m in re.finditer("\n", text)]
        self._set_clock(doc, text)
        claims: list[Span] = []
        clauses: list[Span] = []
        self._rejected: list[Span] = []
        turns = list(doc.spans[TURNS]) if TURNS in doc.spans else []
        # a text without any speaker line (an excerpt, a statement) still holds claims, by no one known
        # (a news report's quoted executives do not make its narration anyone else's)
        unattributed = all((t._.get(EXT_TURN) or {}).get("kind") == "narrator" or (t._.get(EXT_TURN) or {}).get("reported")
                           for t in turns)
        for turn in turns:
            info = turn._.get(EXT_TURN) or {}
            detect = info.get("kind") == "exec" or (unattributed and info.get("kind") == "narrator")
            if not detect and info.get("kind") != "narrator":
                continue  # analysts and the operator: never claims
            speaker = info.get("speaker")
            guided: dict[str, Any] | None = None  # the guidance the sentence before ended on
            for sent in turn.sents:
                s0, s1 = max(sent.start, turn.start), min(sent.end, turn.end)
                while s0 < s1 and (doc[s0].is_space or s0 in excluded):
                    s0 += 1
                while s1 > s0 and doc[s1 - 1].is_space:
                    s1 -= 1
                if s1 - s0 < 3:
                    continue
                sent = doc[s0:s1]
                if asks(sent.text):
                    continue
                prev: dict[str, Any] | None = None
                carried, guided = guided, None
                before: tuple[int, bool, bool] | None = None   # (start, is a claim, only carried) of the clause before
                lead: dict[str, Any] | None = None  # what a clause before a colon leads ("guidance as follows:")
                for cs, ce, cont in self._clauses(sent, qtoks, cue_starts):
                    cs = self._past_stamp(doc, text, cs, ce)
                    while ce > cs and (doc[ce - 1].is_punct or doc[ce - 1].is_space) and doc[ce - 1].text not in ")%":
                        ce -= 1
                    if ce - cs < 2:
                        continue
                    clause = doc[cs:ce]
                    clauses.append(clause)
                    if not detect:  # a reporter's narration: a unit for the learned gate, no rule claim
                        if _third_party_opens(doc[cs:min(ce, cs + THIRD_PARTY_REACH)].text.casefold(), lex):
                            self._reject(clause, "third_party")  # "Analysts expect …": not for the gate either
                        continue
                    found = self._detect(doc, clause, sent, matches, lex, qtoks) if mostly_words(clause.text) else None
                    if found is None and carried is not None and cs == sent.start and \
                            self._verbless_item(doc, sent, qtoks, lex):
                        # "We expect net sales of $10 billion to $11 billion. GAAP EPS of $0.37 to $0.45 and …":
                        # a sentence of metrics and amounts alone goes on with the guidance before it
                        found = dict(carried, inherited=True)
                    if found is None and cont and (prev or lead) is not None:
                        found = dict(prev or lead, inherited=True)
                        if self._metric_amount(clause, qtoks, lex):
                            found["kind"] = "guidance"  # a list item states the company's metric, as under a lead line
                        if self._rejected and (self._rejected[-1].start, self._rejected[-1].end) == (clause.start, clause.end):
                            self._rejected.pop()  # decided after all: it carries the forecast before it
                    if ce < sent.end and doc[ce].text == ":":
                        lead = self._colon_lead(doc, clause, matches, lex, qtoks)
                    elif found is None:
                        lead = None  # the list has ended
                    beside_claim = before is not None and before[1] and not before[2]
                    if found is not None and doc[cs].lower_ in lex["relative"] and not self._on_its_own(found, clause, beside_claim):
                        # "..., which should help offset it" says nothing alone: it takes in the clause
                        # it hangs on, or is dropped when that clause is already a claim of its own --
                        # unless it is a forecast of its own (`_on_its_own`: a time of its own beside a
                        # claim, "We see growing demand for this score, which will launch … in the first
                        # half of 2026"; or a time and a forecast word of its own beside anything)
                        if before is None or beside_claim:
                            found = None
                            # decided, for a reason: the learned gate must not add it alone either
                            self._reject(clause, "relative")
                        else:
                            if before[1] and claims and claims[-1].start == before[0]:
                                claims.pop()  # "and cost of revenue" only carried the clause before it: the relative is its forecast
                            cs = before[0]
                            found["cue"] = [found["cue"][0], found["cue"][1] + clause.start - cs]
                            clause = doc[cs:ce]
                            if (found.get("tentative") or found.get("licensed")) and self._past_verb(clause):
                                found = None  # "backlog stood at $3 billion, which gives us visibility into 2027"
                    before = (cs, found is not None, bool(found and found.get("inherited")))
                    if found is None:
                        prev = None
                        continue
                    found["speaker"] = speaker
                    found["sentence"] = (sent.start_char, sent.end_char)
                    k = bisect.bisect_left(newlines, sent.start_char)
                    found["paragraph_start"] = newlines[k - 1] + 1 if k else 0
                    span = Span(doc, cs, ce, label=found["kind"])
                    span._.set(EXT_CLAIM_INFO, found)
                    claims.append(span)
                    prev = found
                    guided = found if found["kind"] == "guidance" and ce >= sent.end - 1 else None
        claims += self._guidance_rows(doc, text, turns, claims, lex)
        claims = self._led_items(doc, text, turns, claims, [m for ms in matches.values() for m in ms], qtoks, lex)
        doc.spans[CLAUSES] = clauses
        doc.spans[CLAIMS] = claims
        doc.spans[NONCLAIMS] = self._rejected
        return doc

    def _reject(self, clause: Span, reason: str) -> None:
        self._rejected.append(rejection(clause, reason))

    def _led_items(self, doc: Doc, text: str, turns: list[Span], claims: list[Span], found, qtoks: set[int],
                   lex) -> list[Span]:
        """The items of a list under a forecast lead ("For the second quarter, the Company expects:" over
        "• Revenue of $1.2 billion to $1.3 billion"): each item is a claim of the lead's kind (guidance
        for a metric with its amount), timed by the lead, in its voice; the lead itself, a frame, is none."""
        if ":" not in text:
            return claims
        cue_at = sorted(s for label, s, _ in found if label in _CUE_LABELS)
        starts = [t.start_char for t in turns]
        lead: Span | None = None
        items: list[Span] = []
        used: dict[int, Span] = {}  # leads with items under them, by start
        pos = 0
        for line in text.split("\n"):
            ls, le = pos, pos + len(line)
            pos = le + 1
            body = line.strip()
            if not body:
                continue
            if lead is not None and body[0] in lex["line_item"] and body[1:2].isspace():
                k = bisect.bisect_right(starts, ls) - 1
                info = (turns[k]._.get(EXT_TURN) or {}) if k >= 0 else {}
                words_at = ls + len(line) - len(line.lstrip()) + 1  # past the bullet
                words_at += len(text[words_at:le]) - len(text[words_at:le].lstrip())
                span = doc.char_span(words_at, ls + len(line.rstrip(" \t.;,")), alignment_mode="contract")
                if span is not None and len(span) >= 2 and info.get("kind") in ("exec", "narrator"):
                    span._.set(EXT_CLAIM_INFO, {
                        "kind": "guidance" if self._metric_amount(span, qtoks, lex) else lead.label_, "negated": False,
                        "confidence": 0.7, "tentative": False, "speaker": info.get("speaker"),
                        "frame": (lead.start_char, lead.end_char), "sentence": (span.start_char, span.end_char),
                        "paragraph_start": ls})
                    items.append(span)
                    used[lead.start] = lead
                continue
            lead = None
            if body.endswith(":") and len(body) < 300:
                span = doc.char_span(ls, le, alignment_mode="contract")
                k = bisect.bisect_left(cue_at, span.start) if span is not None else len(cue_at)
                if k < len(cue_at) and cue_at[k] < span.end:
                    cues = [(label, s, e) for label, s, e in found if span.start <= s < span.end and label in _CUE_LABELS]
                    span.label_ = self._kind(doc, span, [t.lower_ for t in span], cues, False, lex, False)
                    lead = span
        if not items:
            return claims
        taken = [(x.start_char, x.end_char) for x in [*items, *used.values()]]
        kept = [c for c in claims if not any(a < c.end_char and c.start_char < b for a, b in taken)]
        for frame in used.values():
            self._reject(frame, "frame")  # a lead is a frame: the learned gate must not take it either
        return sorted(kept + items, key=lambda c: c.start_char)

    def _guidance_rows(self, doc: Doc, text: str, turns: list[Span], claims: list[Span], lex) -> list[Span]:
        """The rows of an outlook table ("|  | Q1 2025 Guidance |" over "| GMV | $484 - $492 million |"):
        each the company's guidance for the header's period (never a table of past results)."""
        if self._horizon_of is None or "|" not in text:
            return []
        taken = sorted((c.start_char, c.end_char) for c in claims)
        starts = [t.start_char for t in turns]
        out: list[Span] = []
        headers: dict[tuple[int, int], bool] = {}
        for row in table_rows(text):
            if row.header not in headers:
                head = text[row.header[0]:row.header[1]]
                words = re.findall(r"[a-z][a-z'-]*", head.casefold())
                headers[row.header] = _has_phrase(words, lex["guide"]) and self._horizon_of(head) is not None
            if not headers[row.header] or any(a < row.end and row.start < b for a, b in taken):
                continue
            k = bisect.bisect_right(starts, row.start) - 1
            info = (turns[k]._.get(EXT_TURN) or {}) if k >= 0 and row.start < turns[k].end_char else {}
            if info.get("kind") not in ("exec", "narrator"):
                continue  # (a narrator's outlook table is the company's own: reporters do not guide)
            span = doc.char_span(row.start, row.end, label="guidance", alignment_mode="expand")
            if span is None:
                continue
            span._.set(EXT_CLAIM_INFO, {"kind": "guidance", "negated": False, "confidence": 0.8,
                                        "speaker": info.get("speaker"), "sentence": (row.start, row.end),
                                        "paragraph_start": row.header[0], "tentative": False})
            out.append(span)
        return out

    @staticmethod
    def _past_verb(clause: Span) -> bool:
        """A past-tense verb ("grew", "was", "delivered"): the amount is a result, not a forecast.
        A participle after a present auxiliary ("is still pencilled in") is a present passive."""
        lex = _lex()
        doc = clause.doc

        def present_passive(t) -> bool:
            j = t.i - 1
            if j >= clause.start and doc[j].lower_ in lex["passive_adverb"]:
                j -= 1
            return j >= clause.start and doc[j].lower_ in lex["passive_aux"]

        if any(t.tag_ for t in clause):
            return any(t.tag_ == "VBD" or (t.tag_ == "VBN" and not present_passive(t)) for t in clause)
        def adjective(t) -> bool:  # "our automated plants", "the expanded line"
            return t.i > clause.start and doc[t.i - 1].lower_ in lex["determiner"] and t.lower_ not in _PAST_FORMS

        return any((t.lower_ in _PAST_FORMS or (t.lower_.endswith("ed") and len(t) > 4))
                   and not present_passive(t) and not adjective(t) for t in clause)

    @classmethod
    def _past_clause(cls, clause: Span) -> bool:
        """Whether the clause itself speaks of the past: its own verb, where the parse shows it, else
        any past form. A past form in a relative clause or an adjective is no result of the clause
        ("We must accelerate the pace of our openings to capture the increased demand we've driven")."""
        main = _main_verb_past(clause)
        return cls._past_verb(clause) if main is None else main

    @staticmethod
    def _noun_cue(doc: Doc, cue: tuple[str, int, int]) -> bool:
        """A cue that is only a noun ("guidance", "outlook", "target", "goal"), not a verb of intent."""
        label, s, e = cue
        if label not in ("GUIDE", "TARGET") or e - s != 1:
            return False
        tok = doc[s]
        after = [doc[j].lower_ for j in range(e, min(e + 2, len(doc)))]
        lex = _lex()
        if len(after) == 2 and after[0] in lex["copula"] and after[1] in lex["link"]:
            return False  # "our aim is to ...": a stated intention
        if tok.pos_:
            return tok.pos_ in ("NOUN", "PROPN")
        prev = doc[s - 1] if s > 0 else None
        return prev is None or prev.lower_ in lex["determiner"] or prev.like_num or prev.text.endswith("-quarter")

    def _detect(self, doc: Doc, clause: Span, sent: Span, matches, lex, qtoks: set[int]) -> dict[str, Any] | None:
        labels: dict[str, list[tuple[int, int]]] = {}
        for i in range(clause.start, clause.end):
            for label, s, e in matches.get(i, ()):
                if e <= clause.end:
                    labels.setdefault(label, []).append((s, e))
        low = clause.text.casefold().replace("’", "'")
        if _contains(low, lex["procedural"]):
            self._reject(clause, "procedure")
            return None
        cues = [(label, s, e) for label in _CUE_LABELS for s, e in labels.get(label, ())]
        if _third_party_opens(doc[clause.start:min(clause.end, clause.start + THIRD_PARTY_REACH)].text.casefold(), lex):
            # "Analysts expect even more growth", "FactSet analysts see revenue rising": their view,
            # cue or none (with none the rules would pass it over and leave it to the gate)
            self._reject(clause, "third_party")
            return None
        if cues and _contains(doc[clause.start:min(s for _, s, _ in cues)].text.casefold(), lex["third_party"]):
            # "Wall Street was expecting …", "analysts surveyed by FactSet expect …": someone else's forecast
            self._reject(clause, "third_party")
            return None
        words = [t.lower_.replace("’", "'") for t in clause]
        talk = discourse_end(words)
        if talk:
            # "I'll be honest, ...", "let me be clear that we plan to ...": only cues after the aside count
            cues = [c for c in cues if c[1] >= clause.start + talk]
            if not cues:
                self._reject(clause, "procedure")
                return None
        # a cue inside a past frame ("as we expected", "we guided to") is not a forecast; one after it
        # is ("As guided in February, we are committed to keeping costs below $12 billion in 2026")
        said, compared = past_frames(low, lex)
        if cues and said:
            last = max(e for _, e in said)
            cues = [c for c in cues if (c[0] == "FUTURE" and not re.search(r"\b(would|had)\b", low))
                    or (doc[c[1]].idx - clause.start_char >= last and "," in low[last:doc[c[1]].idx - clause.start_char])]
        if cues and compared:
            # only the forecast word the comparison names is void: "we now expect growth of 2% to 5%,
            # in line with our earlier expectations" keeps its "expect"
            cues = [c for c in cues if not any(s <= doc[c[1]].idx - clause.start_char < e for s, e in compared)]
        frames = said + compared
        weak = labels.get("WEAK", [])
        future_time = labels.get("FUTURE_TIME", [])
        negs = labels.get("NEG", [])
        has_qty = any(j in qtoks for j in range(clause.start, clause.end))
        if cues and all(self._noun_cue(doc, c) for c in cues) and (negs or not has_qty):
            # "Turning to the outlook", "the 30% target hasn't gone anywhere": a word, not a forecast
            cues = []
            if talk:
                self._reject(clause, "procedure")  # "I'll finish with our guidance for Q2": the talk's next topic
                return None
        tentative = licensed = False
        if not cues:
            if weak and (future_time or (has_qty and not self._past_verb(clause))):
                cues = [("WEAK", *weak[0])]
                tentative = True
            elif future_time and has_qty and not frames and not self._past_verb(clause):
                # "capex at around RMB 60 billion next fiscal year": an amount set in the future
                cues = [("WEAK", *future_time[0])]
                tentative = True
            elif future_time and any(t.lower_ in lex["modal"] for t in clause):
                modal = next(t.i for t in clause if t.lower_ in lex["modal"])
                cues = [("WEAK", modal, modal + 1)]
                tentative = True
            elif self._future_licensed(clause, low, lex, bool(frames)):
                # "the surcharge takes effect in February", "the plant is pencilled in for fiscal 2027":
                # said as a fact, so as sure as a plain "will" without hedges
                cues = [("WEAK", clause.start, clause.start + 1)]
                licensed = True
            else:
                return None
        first_cue = min(s for _, s, _ in cues)
        negated = self._negated(doc, clause, first_cue, labels)
        surprise = [s for label, s, _ in cues if label == "SURPRISE"]
        if surprise:
            # "I'd be surprised if we're not past $1 billion": the doubt turns the polarity around
            negated = not any(s > surprise[0] for s, _ in labels.get("NEG", ()))
        kind = self._kind(doc, clause, words, cues, negated, lex, has_qty)
        conf = 0.4 if tentative else confidence_of(words)
        return {"kind": kind, "negated": negated, "confidence": conf, "tentative": tentative, "licensed": licensed,
                "cue": [doc[first_cue].text, first_cue - clause.start]}

    def _colon_lead(self, doc: Doc, clause: Span, matches, lex, qtoks: set[int]) -> dict[str, Any] | None:
        """What the items after "We are raising our fiscal 2026 guidance as follows:" carry, when the
        lead names a forecast even though it states none (its cue may be a bare noun): its kind,
        guidance for the company's metrics, as the lines under a lead ending in a colon (_led_items)."""
        cues = [(label, s, e) for i in range(clause.start, clause.end) for label, s, e in matches.get(i, ())
                if label in _CUE_LABELS and e <= clause.end]
        if not cues:
            return None
        words = [t.lower_ for t in clause]
        kind = self._kind(doc, clause, words, cues, False, lex, any(j in qtoks for j in range(clause.start, clause.end)))
        return {"kind": kind, "negated": False, "confidence": 0.7, "tentative": False, "licensed": False,
                "cue": [doc[cues[0][1]].text, cues[0][1] - clause.start]}

    def _set_clock(self, doc: Doc, text: str) -> None:
        """The call date and the document's fiscal habit, for times that license a claim."""

        meta = doc._.get(EXT_META) or {}
        self._ref = meta.get("date")
        if isinstance(self._ref, str):
            try:
                self._ref = dt.date.fromisoformat(self._ref)
            except ValueError:
                self._ref = None
        if self._ref is None:
            self._horizon_of = None
            return
        fiscal = speaks_fiscally(text, meta)
        self._horizon_of = lambda t: forward_horizon(t, self._ref, meta, fiscal)[0]

    def _future_licensed(self, clause: Span, low: str, lex, past_frame: bool) -> bool:
        """A present-tense statement set at a time still ahead ("X goes into effect next quarter",
        "margin of 20% by fiscal '29 is the commitment"): management stating the future without a modal.
        `past_frame`: the clause holds a past frame or a past comparison (`past_frames`)."""
        if self._horizon_of is None or len(clause) < 5:
            return False
        if past_frame or _contains(low, lex["unlicensed"]):
            # a result set against a forecast, or talk about the call, the stock, the calendar: decided
            self._reject(clause, "past" if past_frame else "procedure")
            return False
        if self._past_clause(clause):
            # a past form is no rule claim; with no time ahead it is a result, decided ("Revenue rose 8%"),
            # but with one it is only a hint ("we reaffirmed full year EPS growth … for 2026", "this
            # translates to an adjusted EPS of $4.75 for 2026"), and the learned gate decides
            if not self._horizon_of(clause.text):
                self._reject(clause, "past")
            return False
        if not any(t.like_num or t.lower_ in self._time_words for t in clause):
            return False
        skip = 1 if clause[0].lower_ in lex["opener"] else 0
        head = tuple(t.lower_ for t in clause[skip:skip + 3])
        if any(head[:len(ph)] == ph for group in ("subordinate", "subordinate_bare", "hypothetical") for ph in lex[group]):
            self._reject(clause, "condition")
            return False  # a reason or a condition ("because merit increases start in December")
        progressive_event = False
        for t in clause:
            if t.lower_ in lex["progressive_aux"]:
                j = t.i + 1
                if j < clause.end and doc_lower(clause, j) in lex["passive_adverb"]:
                    j += 1
                if j < clause.end and doc_lower(clause, j).endswith("ing"):
                    if doc_lower(clause, j) in lex["progressive_state"]:
                        self._reject(clause, "present")
                        return False  # "we're heading into next year with momentum": the present
                    progressive_event = True
        h = self._horizon_of(clause.text)
        if not h or not h.get("end") or not h.get("start"):
            return False
        ref = self._ref.isoformat()
        if progressive_event:  # "we're launching it in the first quarter of fiscal 2028": only a time wholly ahead
            return h["start"] > ref
        if h["start"] > ref or (h.get("kind") in ("by", "within") and h["end"] > ref):
            return True
        # a period already under way ("in the fourth quarter", "this year"): an event verb is still
        # ahead ("the line starts up in the fourth quarter"); a state or a tally is the present
        ahead = (dt.date.fromisoformat(h["end"]) - self._ref).days > 30
        return ahead and not _contains(low, lex["current_state"])

    @staticmethod
    def _negated(doc: Doc, clause: Span, cue: int, labels) -> bool:
        excepted = {s for s, e in labels.get("NEG_EXCEPT", ())} | {s + 1 for s, e in labels.get("NEG_EXCEPT", ())}
        for s, e in labels.get("NEG", ()):
            # negators near the cue: "we don't expect", "will not", "no new licenses will", "have no plans to"
            if s in excepted or s - 1 in excepted:
                continue
            if cue - 6 <= s <= cue + 3:
                return True
        return False

    def _kind(self, doc: Doc, clause: Span, words: list[str], cues, negated: bool, lex, has_qty: bool) -> str:
        labels = {c[0] for c in cues}
        company = self._company_forms(doc)
        # the company acts: "we'll give guidance in March", "Pingfeng Cloud will not build", "the dividend
        # will not be cut", "we expect to close"; but not "we think the freeze will pay" (the freeze acts)
        for label, s, e in cues:
            if label not in ("FUTURE", "PLAN", "PREDICT"):
                continue
            if label == "PREDICT" and not (e < clause.end and doc[e].lower_ == "to"):
                continue
            if not self._company_subject(doc, clause, s, company, lex):
                continue
            after = [doc[j].lower_ for j in range(e, min(e + 4, clause.end))]
            if any(w in lex["action"] for w in after) or (negated and "be" in after[:3] and label == "FUTURE"):
                return "plan"
        if "GUIDE" in labels or _has_phrase(words, lex["guide"]):
            return "guidance"
        if "TARGET" in labels or _has_phrase(words, lex["target"]):
            return "target"
        has_metric = _has_phrase(words, lex["metric"])
        if has_metric and has_qty and not negated:
            return "guidance"
        if "PLAN" in labels or _has_phrase(words, lex["plan"]):
            return "plan"
        return "prediction"

    @staticmethod
    def _company_forms(doc: Doc) -> set[str]:
        meta = doc._.get(EXT_META) or {}
        forms = {(meta.get("company") or "").casefold()} | {a.casefold() for a in meta.get("company_aliases") or []}
        return {f.split()[0] for f in forms if f}

    @staticmethod
    def _company_said(doc: Doc, clause: Span, it: int, company: set[str], lex) -> bool:
        """"The company said (in a filing) it …", "Nintendo said it …": the company reports its own act."""
        for j in range(it - 1, max(clause.start - 1, it - 8), -1):
            if doc[j].lower_ in lex["reporting"]:
                return any(doc[k].lower_ in company or doc[k].lower_ in lex["company_noun"]
                           for k in range(max(clause.start, j - 4), j))
        return False

    @staticmethod
    def _company_subject(doc: Doc, clause: Span, cue: int, company: set[str], lex) -> bool:
        """The words just before the cue name the company: we, our X, the company's name, "the
        company", or "it" after the company said ("Nintendo said it would release …")."""
        for j in range(cue - 1, max(clause.start - 1, cue - 6), -1):
            w = doc[j].lower_
            if w in lex["we"] or w in company:
                return True
            if w in lex["company_noun"] and j > clause.start and doc[j - 1].lower_ in ("the", "our"):
                return True
            if w == "it" and EnClaims._company_said(doc, clause, j, company, lex):
                return True
            if w in lex["reporting"]:
                return False  # "the company said demand will …": demand is the subject
            if doc[j].is_punct or w in lex["conj"] or w in lex["subject_break"]:
                return False
        return False
