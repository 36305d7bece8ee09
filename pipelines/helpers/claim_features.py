"""What the learned claim gate sees of a clause: its words, the clause before it (for Chinese also
its tokenizer words, the clause after it and its sentence), and what the rules and the layout
already know (a rule took it, whose turn it is, a question, an amount).

One feature string per clause, space-separated, read by a bag-of-n-grams text classifier: Chinese
as characters (simplified), English as lower-cased words, so character and word bigrams are the
features; flags are upper-case tokens that cannot collide with either. Used both to train the gate
(scripts/train_claim_gate.py) and to run it (components/claim_gate.py), so the two cannot drift.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.matcher import Matcher

from claims.horizon import normalise

from ..constants import (ANNOTATION_REASONS, CLAUSES, CUE_MATCHES, EXT_META, EXT_SPEAKERS, EXT_TURN, NONCLAIMS, QUANTITIES,
                         SENTENCES, TURNS, source_text)
from ..data import load_lexicon, load_patterns
from .zh_names import ANALYST, HOST, NARRATOR, UNKNOWN, name_tables
from .timestamps import TIMESTAMP
from .zh_text import SENT_END, norm_text, sentence_asks, to_simplified, token_cues

_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?%?|\$")
_ZH_KEEP = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9%]")
PREV_CHARS = 8   # the end of the clause before: where frames (預計, 我們相信) sit
NEXT_CHARS = 8   # the start of the clause after: what a bare frame ("我們希望說") goes on to say
PREV_WORDS = 6
# a clause shorter than this is a fragment (a heading, a time, a noun phrase), not a checkable claim
MIN_CHARS = {"zh": 6, "en": 20}
_LETTER = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z]")


@lru_cache(maxsize=1)
def _tag_question() -> re.Pattern:
    tags = "|".join(re.escape(t) for t in sorted(load_lexicon("en", "clauses.yaml")["TAG_QUESTION"], key=len, reverse=True))
    return re.compile(rf"(?i)[,.]\s*(?:{tags})\s*\?[\s\"”’)]*$")


def asks(sentence: str) -> bool:
    """An English sentence that asks: it ends with "?" that is not a statement's tag ("…, okay?")."""
    s = sentence.rstrip()
    return s.endswith("?") and _tag_question().search(s) is None


def mostly_words(text: str) -> bool:
    """At least half letters: a table row of figures ("資本支出 (80,886) (77,150") or a date and time
    ("2022-01-29 01:31:40") is not something a speaker claims."""
    body = "".join(TIMESTAMP.sub("", text).split())  # a subtitle's timestamps are no figures
    return len(_LETTER.findall(body)) * 2 >= len(body)


def long_enough(lang: str, text: str) -> bool:
    """At least MIN_CHARS: shorter is a fragment, whoever found it."""
    return len(text.strip()) >= MIN_CHARS[lang]


# a range of figures ("66.7～67.2 億美元", "$2.46 - $2.52", "4.5% to 5.5%"): what a guidance line states
# ("$2.325-$2.365 billion": a dash right before a currency sign joins a range too)
_FIGURE_RANGE = re.compile(r"\d[\d.,]*\s*(?:%|億|亿|萬|万|[A-Za-z]{0,8})?"
                           r"(?:\s*[～~〜至到]\s*|\s+(?:–|—|-|to)\s+|[–—-](?=(?:US)?\$))(?:US)?\$?\d")


def has_content(lang: str, text: str) -> bool:
    """Long enough, and mostly words (`mostly_words`) or a range of figures (a guidance line; a
    results table gives single figures)."""
    return long_enough(lang, text) and (mostly_words(text) or _FIGURE_RANGE.search(text) is not None)


@dataclass
class ClauseUnit:
    """A clause the gate decides on, with the speaker its turn gives (None: unnamed)."""

    start: int
    end: int
    sentence: tuple[int, int]
    role: str                 # PERSON | UNKNOWN | NARRATOR
    speaker: dict | None
    question: bool


def _zh_tokens(text: str, prefix: str = "") -> list[str]:
    return [prefix + ch for ch in _ZH_KEEP.findall(text)]


def _en_tokens(text: str, prefix: str = "") -> list[str]:
    # "we’ll" and "we'll" are one word to the model (transcripts write either apostrophe)
    return [prefix + w for w in _EN_WORD.findall(text.lower().replace("’", "'"))]


@dataclass
class ZhContext:
    """What a Chinese clause's neighbourhood adds: the clause after it, its words as the tokenizer
    cut them, and the characters of its whole sentence (as a set). Out of fold on the zh train split
    they lift unit F1 0.527 -> 0.536 (real zh dev F1 0.572 -> 0.590, 2026-12-05); English gained
    nothing from the same context, so it has none."""

    following: str
    words: list[str]
    sentence: str


@lru_cache(maxsize=256)
def _sentence_bag(sentence: str) -> tuple[str, ...]:
    # sorted, so that a feature string is the same run to run (a set's order follows string hashing);
    # cached: a sentence's clauses share it
    return tuple(_zh_tokens("".join(sorted(set(sentence))), "s"))


def _zh_context_tokens(ctx: ZhContext) -> list[str]:
    words = ["w" + w for w in ctx.words if _ZH_KEEP.search(w)]
    return words + _zh_tokens(ctx.following[:NEXT_CHARS], "n") + list(_sentence_bag(ctx.sentence))


# the flags of a clause that states a figure or a forward time: ANNOTATION.md requires "a clear
# forecast with a direction, an event, a figure or a named market" and leaves vague intentions optional
SPECIFIC_FLAGS = frozenset({"QTY", "TIMEFUT", "RANGE"})


def specific(features_of_clause: str) -> bool:
    """Whether a clause's feature string says it states an amount, a range of figures or a forward
    time (flags are upper case; the clause's own words never are)."""
    return not SPECIFIC_FLAGS.isdisjoint(features_of_clause.split())


def features(lang: str, text: str, prev: str, unit: ClauseUnit, rule: bool, quantity: bool, first: bool,
             extra: tuple[str, ...] = (), context: ZhContext | None = None) -> str:
    """The feature string of one clause (`text`, the simplified text for Chinese); `extra` holds
    flags of what the lexicons and the normaliser see in it (cue keys, a future or past time)."""
    if lang == "zh":
        toks = _zh_tokens(text) + _zh_tokens(prev[-PREV_CHARS:], "p")
        if context is not None:
            toks += _zh_context_tokens(context)
    else:
        toks = _en_tokens(text) + _en_tokens(" ".join(prev.split()[-PREV_WORDS:]), "p_")
    flags = [f"ROLE{unit.role}", "RULE" if rule else "NORULE", "QTY" if quantity else "NOQTY",
             "QUESTION" if unit.question else "STATEMENT", "FIRST" if first else "LATER", *extra]
    return " ".join(flags + toks)


@lru_cache(maxsize=4)
def _en_cue_matcher(vocab) -> Matcher:
    """The English cue patterns (data/en/cues.jsonl) as one Matcher: labels become features."""
    m = Matcher(vocab)
    by_label: dict[str, list] = {}
    for p in load_patterns("en", "cues.jsonl"):
        if isinstance(p.pattern, list):
            by_label.setdefault(p.label, []).append(p.pattern)
    for label, pats in by_label.items():
        m.add(label, pats)
    return m


def _cue_keys(doc, lang: str, units: list["ClauseUnit"], need: set[int] | None = None) -> list[set[str]]:
    """The lexicon cue keys inside each unit (those in `need`; empty elsewhere): the rules' words,
    given to the learned decision."""
    out: list[set[str]] = []
    if lang == "zh":
        nt = norm_text(doc)
        for i, u in enumerate(units):
            span = doc.char_span(u.start, u.end, alignment_mode="expand") if need is None or i in need else None
            out.append({h.key for h in token_cues(span, nt=nt)} if span is not None else set())
        return out
    found = doc.user_data.get(CUE_MATCHES)
    if found is None:
        found = [(doc.vocab.strings[mid], s, e) for mid, s, e in _en_cue_matcher(doc.vocab)(doc)]
    hits = sorted((doc[s].idx, label) for label, s, _ in found)
    starts = [at for at, _ in hits]
    for u in units:
        lo, hi = bisect.bisect_left(starts, u.start), bisect.bisect_left(starts, u.end)
        out.append({label for _, label in hits[lo:hi]})
    return out


def _time_flags(doc, lang: str, text: str) -> tuple[str, ...]:
    """TIMEFUT when the normaliser finds a forward horizon in the clause, TIMEPAST for a past time."""
    meta = doc._.get(EXT_META) or {}
    ref = meta.get("date")
    if ref is None:
        return ()
    period = meta.get("period")
    r = normalise(text, ref, fiscal_year_end=meta.get("fiscal_year_end") or "12-31",
                  period=period, lang=lang)
    if r is None:
        return ()
    flags = ["TIMEFUT"] if r.horizon is not None else []
    if any(getattr(e, "past", False) for e in (r.expressions or [])):
        flags.append("TIMEPAST")
    return tuple(flags)


_VOICE_KEY = "claim_features.company_voice"


def company_voice(doc, lang: str) -> re.Pattern:
    """The company's names (its name and aliases from the document's metadata) and the words of its
    own voice (COMPANY_VOICE: 公司, 管理层, "the company", guidance) as one pattern, held per document:
    in a report, a forecast in a sentence naming none of them is the writer's or an analyst's
    ("下季度的订阅收入可能就会出现增长降速的情况"), not the company's."""
    held = doc.user_data.get(_VOICE_KEY)
    if held is not None:
        return held
    meta = doc._.get(EXT_META) or {}
    names = [meta.get("company") or "", *(meta.get("company_aliases") or [])]
    if lang == "zh":
        words = [to_simplified(n) for n in names] + list(load_lexicon("zh", "cues.yaml")["COMPANY_VOICE"])
    else:
        words = [n.casefold() for n in names] + [w.casefold() for w in load_lexicon("en", "reporting.yaml")["COMPANY_VOICE"]]
    words = sorted({w for w in words if len(w) >= 2}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    held = doc.user_data[_VOICE_KEY] = re.compile(body if lang == "zh" else rf"(?i)\b(?:{body})\b")
    return held


def zh_units(doc) -> list[ClauseUnit]:
    """Clauses of `zh_clauses`, each with its sentence and the speaker its turn label names."""
    nt = norm_text(doc)
    sentences = list(doc.spans[SENTENCES]) if SENTENCES in doc.spans else []
    speakers = {s["name"]: s for s in (doc._.get(EXT_SPEAKERS) or [])}
    out = []
    for c in doc.spans[CLAUSES] if CLAUSES in doc.spans else []:
        sent = sentences[int(c.label_)]
        label = sent.label_
        if label in (ANALYST, HOST):
            continue
        role = "NARRATOR" if label == NARRATOR else "UNKNOWN" if label == UNKNOWN else "PERSON"
        if role == "NARRATOR" and nt[sent.start_char:c.end_char].lstrip().startswith(name_tables()["narration_open"]):
            continue  # "记者了解到…", "据悉…": the reporter's or others' knowledge, never the company's word
        sp = speakers.get(label)
        speaker = None if role != "PERSON" else {"name": label, "role": sp.get("role") if sp else None,
                                                 "org": sp.get("org") if sp else None}
        out.append(ClauseUnit(c.start_char, c.end_char, (sent.start_char, sent.end_char), role, speaker,
                              sentence_asks(nt, sent.start_char, sent.end_char)))
    return out


def en_units(doc) -> list[ClauseUnit]:
    """Clauses of `en_claims`, each with the speaker of the turn holding it."""
    turns = sorted(((t.start_char, t.end_char, t._.get(EXT_TURN) or {}) for t in doc.spans[TURNS]),
                   key=lambda x: x[0]) if TURNS in doc.spans else []
    out, ti = [], 0
    for c in sorted(doc.spans[CLAUSES], key=lambda s: s.start_char) if CLAUSES in doc.spans else []:
        while ti + 1 < len(turns) and turns[ti][1] <= c.start_char:
            ti += 1
        info = turns[ti][2] if turns and turns[ti][0] <= c.start_char < turns[ti][1] else {}
        kind = info.get("kind")
        if kind in ("analyst", "operator"):
            continue
        speaker = info.get("speaker")
        # an executive's turn is a person's even unnamed ("A:" of a Q&A with no names)
        role = "NARRATOR" if kind == "narrator" else "PERSON" if speaker or kind == "exec" else "UNKNOWN"
        sent = c.sent if c.doc.has_annotation("SENT_START") else c
        out.append(ClauseUnit(c.start_char, c.end_char, (sent.start_char, sent.end_char), role, speaker,
                              asks(sent.text)))
    return out


class SpanIndex:
    """Character spans sorted by start, for "which of them overlap [s, e)" in logarithmic time
    (a document holds thousands of clauses: pairwise checks were most of the gate's cost)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.widest = max((e - s for s, e in self.spans), default=0)

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self.starts, s - self.widest)
        hi = bisect.bisect_left(self.starts, e)
        return [(a, b) for a, b in self.spans[lo:hi] if a < e and s < b]

    def any_start_in(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, s)
        return i < len(self.starts) and self.starts[i] < e


def vetoed(units: list[ClauseUnit], veto_spans: list[tuple[int, int, str]]) -> list[str | None]:
    """Why the rules rejected each unit (the reason, a NONCLAIMS span label; None: not rejected).
    A unit overlapping several rejections takes an annotation rule's reason before a reading of form
    (constants.ANNOTATION_REASONS): the gate may overrule only the latter, and only where the others
    agree."""
    reasons: dict[tuple[int, int], list[str]] = {}
    for s, e, reason in veto_spans:
        reasons.setdefault((s, e), []).append(reason)
    index = SpanIndex(reasons)
    out: list[str | None] = []
    for u in units:
        found = [r for sp in index.overlapping(u.start, u.end) for r in reasons[sp]]
        out.append(next((r for r in found if r in ANNOTATION_REASONS), found[0]) if found else None)
    return out


def rejections(doc) -> list[tuple[int, int, str]]:
    """The rules' rejected clauses of `doc` as (start char, end char, reason)."""
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans[NONCLAIMS]] if NONCLAIMS in doc.spans else []


def _token_bounds(doc) -> tuple[list[int], list[int]]:
    """Start and end offsets of every token, read as one array (no Token objects)."""
    if not len(doc):
        return [], []
    idx, length = doc.to_array([IDX, LENGTH]).T.tolist()
    return idx, [a + n for a, n in zip(idx, length)]


def _zh_context(text: str, tokens: tuple[list[int], list[int]], units: list[ClauseUnit], i: int) -> ZhContext:
    """The unit's neighbourhood; its words are the tokens it touches, found by a bisect over the
    tokens' offsets (building a spaCy Token for each was most of this step's cost)."""
    u = units[i]
    following = text[units[i + 1].start:units[i + 1].end] if i + 1 < len(units) else ""
    starts, ends = tokens
    lo = bisect.bisect_right(ends, u.start)  # the first token ending after the unit starts
    hi = bisect.bisect_left(starts, u.end)   # the tokens starting before it ends
    return ZhContext(following, [text[starts[k]:ends[k]] for k in range(lo, hi)], text[u.sentence[0]:u.sentence[1]])


def goes_on(text: str, before: ClauseUnit, unit: ClauseUnit) -> bool:
    """Whether `unit` opens a line that carries on the sentence of the line before: a subtitle (or a
    wrapped PDF line) breaks one sentence into lines, each of which the clause splitter reads as a
    sentence, so the frame that leads it ("所以我們還是認為" before "今年一整年的營收") sat out of sight.
    Only a line break and a timestamp lie between, and the line before ends with no sentence mark."""
    gap = TIMESTAMP.sub("", text[before.end:unit.start])
    return "\n" in gap and not gap.strip() and text[before.start:before.end].rstrip()[-1:] not in SENT_END


def rule_taken(units: list[ClauseUnit], rule_spans: list[tuple[int, int]]) -> list[bool]:
    """Whether a rule took each unit: a rule's claim covers most of it, or lies inside it."""
    rules = SpanIndex(rule_spans)
    return [any(min(u.end, e) - max(u.start, s) > 0.5 * (u.end - u.start) or (s >= u.start and e <= u.end)
                for s, e in rules.overlapping(u.start, u.end)) for u in units]


def unit_features(doc, lang: str, units: list[ClauseUnit], rule_spans: list[tuple[int, int]],
                  wanted: set[int] | None = None, rules_asked: set[int] = frozenset(),
                  is_rule: list[bool] | None = None) -> list[str | None]:
    """Feature strings of `units` in order; `rule_spans` are the rules' claim offsets.

    With `wanted` (indices), only those units that no rule took get a string (None elsewhere): at
    run time the gate decides only about clauses it could add, and the features cost most of it;
    `rules_asked` adds units a rule took that the gate is asked about (to keep a claim, to re-read
    its kind); `is_rule`, when the caller has it, is `rule_taken` of the units."""
    text = norm_text(doc) if lang == "zh" else source_text(doc)
    qty = SpanIndex((q.start_char, q.end_char) for q in doc.spans[QUANTITIES]) if QUANTITIES in doc.spans \
        else SpanIndex([])
    is_rule = rule_taken(units, rule_spans) if is_rule is None else is_rule
    todo = set(range(len(units))) if wanted is None else \
        {i for i in wanted if not is_rule[i]} | {i for i in rules_asked if is_rule[i]}
    need = todo | {i - 1 for i in todo if i > 0}
    cues = _cue_keys(doc, lang, units, need)
    tokens = _token_bounds(doc) if lang == "zh" else ([], [])
    voice = company_voice(doc, lang)
    out: list[str | None] = []
    for i, u in enumerate(units):
        if i not in todo:
            out.append(None)
            continue
        first = i == 0 or units[i - 1].sentence != u.sentence
        carried = first and i > 0 and lang == "zh" and goes_on(text, units[i - 1], u)
        if not first:
            prev = text[u.sentence[0]:u.start]
        else:
            prev = text[units[i - 1].start:units[i - 1].end] if carried else ""
        quantity = qty.any_start_in(u.start, u.end)
        extra = tuple(sorted(f"CUE{k}" for k in cues[i])) + \
            tuple(sorted(f"PCUE{k}" for k in (cues[i - 1] if not first or carried else set())))
        if carried:
            extra += ("CARRIED",)
        extra += _time_flags(doc, lang, text[u.start:u.end])
        if _FIGURE_RANGE.search(text, u.start, u.end):
            extra += ("RANGE",)
        # its sentence up to it, or the clause before (a Latin name may stand as a sentence of its own)
        if voice.search(text, min(u.sentence[0], units[i - 1].start) if i else u.sentence[0], u.end):
            extra += ("COVOICE",)
        context = _zh_context(text, tokens, units, i) if lang == "zh" else None
        out.append(features(lang, text[u.start:u.end], prev, u, is_rule[i], quantity, first, extra, context))
    return out
