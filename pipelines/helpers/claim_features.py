"""What the learned claim gate sees of a clause: its words, the clause before it, and what the
rules and the layout already know (a rule took it, whose turn it is, a question, an amount).

One feature string per clause, space-separated, read by a bag-of-n-grams text classifier: Chinese
as characters (simplified), English as lower-cased words, so character and word bigrams are the
features; flags are upper-case tokens that cannot collide with either. Used both to train the gate
(scripts/train_claim_gate.py) and to run it (components/claim_gate.py), so the two cannot drift.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..constants import CLAUSES, EXT_TURN, QUANTITIES, TURNS, source_text
from .zh_names import ANALYST, HOST, NARRATOR, UNKNOWN, name_tables
from .zh_text import norm_text

_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?%?|\$")
_ZH_KEEP = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9%]")
PREV_CHARS = 8   # the end of the clause before: where frames (預計, 我們相信) sit
PREV_WORDS = 6
# a clause shorter than this is a fragment (a heading, a time, a noun phrase), not a checkable claim
MIN_CHARS = {"zh": 6, "en": 20}


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
    return [prefix + ch for ch in text if _ZH_KEEP.match(ch)]


def _en_tokens(text: str, prefix: str = "") -> list[str]:
    return [prefix + w for w in _EN_WORD.findall(text.lower())]


def features(lang: str, text: str, prev: str, unit: ClauseUnit, rule: bool, quantity: bool, first: bool) -> str:
    """The feature string of one clause (`text`, the simplified text for Chinese)."""
    if lang == "zh":
        toks = _zh_tokens(text) + _zh_tokens(prev[-PREV_CHARS:], "p")
    else:
        toks = _en_tokens(text) + _en_tokens(" ".join(prev.split()[-PREV_WORDS:]), "p_")
    flags = [f"ROLE{unit.role}", "RULE" if rule else "NORULE", "QTY" if quantity else "NOQTY",
             "QUESTION" if unit.question else "STATEMENT", "FIRST" if first else "LATER"]
    return " ".join(flags + toks)


def zh_units(doc) -> list[ClauseUnit]:
    """Clauses of `zh_clauses`, each with its sentence and the speaker its turn label names."""
    nt = norm_text(doc)
    sentences = list(doc.spans["sentences"]) if "sentences" in doc.spans else []
    speakers = {s["name"]: s for s in (doc._.get("speakers") or [])}
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
        q = nt[sent.start_char:sent.end_char + 1].rstrip().endswith("?")
        out.append(ClauseUnit(c.start_char, c.end_char, (sent.start_char, sent.end_char), role, speaker, q))
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
        role = "PERSON" if speaker else "NARRATOR" if kind == "narrator" else "UNKNOWN"
        sent = c.sent if c.doc.has_annotation("SENT_START") else c
        out.append(ClauseUnit(c.start_char, c.end_char, (sent.start_char, sent.end_char), role, speaker,
                              sent.text.rstrip().endswith("?")))
    return out


def unit_features(doc, lang: str, units: list[ClauseUnit], rule_spans: list[tuple[int, int]]) -> list[str]:
    """Feature strings of `units` in order; `rule_spans` are the rules' claim offsets."""
    text = norm_text(doc) if lang == "zh" else source_text(doc)
    qty = sorted((q.start_char, q.end_char) for q in doc.spans[QUANTITIES]) if QUANTITIES in doc.spans else []
    out, prev_sent, prev_end = [], None, 0
    for u in units:
        first = u.sentence != prev_sent
        prev = text[u.sentence[0]:u.start] if not first else ""
        rule = any(min(u.end, e) - max(u.start, s) > 0.5 * (u.end - u.start) or (s >= u.start and e <= u.end)
                   for s, e in rule_spans)
        quantity = any(u.start <= s < u.end for s, _ in qty)
        out.append(features(lang, text[u.start:u.end], prev, u, rule, quantity, first))
        prev_sent, prev_end = u.sentence, u.end
    del prev_end
    return out
