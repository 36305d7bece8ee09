"""Sentences and clauses of the speakers' turns: the units a claim is found in.

One sentence often carries several claims, each with its own horizon ("擴產需兩到三年才能緩解,未來
三年資源仍將緊張"), so claims are found per clause: sentences are split on commas, semicolons,
colons and quotation marks. Only text that can hold a claim (an executive's turn or reported
speech) is split, which keeps the cost proportional to what is examined further.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..constants import CLAUSES, SENTENCES, TURNS
from ..helpers.zh_names import NARRATOR, NON_CLAIM_LABELS
from ..helpers.wrapped_lines import soft_breaks
from ..helpers.zh_text import QUOTE_CLOSE, QUOTE_OPEN, TIMESTAMP, norm_text, strip_span

SENT_BREAK = "。!?\n\r"
_CLOSE = {'"': '"', "“": "”", "「": "」", "『": "』"}
CLAUSE_BREAK = ",;:" + QUOTE_OPEN + QUOTE_CLOSE


def _thousands_comma(nt: str, i: int, end: int) -> bool:
    """A comma between digits that groups thousands ("6,229", "100,000") rather than listing numbers."""
    return (i > 0 and nt[i - 1].isdigit() and i + 4 <= end and nt[i + 1:i + 4].isdigit()
            and (i + 4 == end or not nt[i + 4].isdigit()))


def split_clauses(nt: str, start: int, end: int, soft: frozenset[int] = frozenset()) -> list[tuple[int, int, int]]:
    """(start, end, sentence number) of each clause in [start, end), trimmed of punctuation; the line
    breaks at `soft` offsets (a PDF's margin, `wrapped_lines`) break nothing."""
    out: list[tuple[int, int, int]] = []
    sent, cs, i, depth = 0, start, start, 0
    while i < end:
        c = nt[i]
        if (i == start or nt[i - 1] == "\n") and (stamp := TIMESTAMP.match(nt, i, end)) is not None and stamp.end() > i:
            i = cs = stamp.end()  # a subtitle line's timestamp: its colons are no clause breaks
            continue
        if c in "((":
            depth += 1
        elif c in "))" and depth:
            depth -= 1
        if c in QUOTE_OPEN:
            # a short quoted name ("藍山財富+", 「海晶」) stays inside its clause
            close = nt.find(_CLOSE.get(c, c), i + 1, min(end, i + 10))
            if close > 0 and not any(ch in ",;。!?\n" for ch in nt[i + 1:close]):
                i = close + 1
                continue
        if c == "\n" and i in soft:
            i += 1  # the page's margin, inside a sentence
            continue
        if c == "," and _thousands_comma(nt, i, end):
            i += 1  # "1,000 公噸": a digit group, no clause break
            continue
        is_sent = c in SENT_BREAK
        if (is_sent or (c in CLAUSE_BREAK and not depth)) and i >= cs:
            s, e = strip_span(nt, cs, i)
            if e > s:
                out.append((s, e, sent))
            cs = i + 1
            if is_sent:
                sent += 1
                depth = 0
        i += 1
    s, e = strip_span(nt, cs, end)
    if e > s:
        out.append((s, e, sent))
    return out


def _joined_at_margin(turns, soft: frozenset[int]) -> list[tuple[str, int, int]]:
    """(label, start, end) of the turns, where two of one voice that meet at a soft line break (one
    line each, as unlabelled text is read) are one: the sentence the margin cut runs on."""
    out: list[tuple[str, int, int]] = []
    for t in sorted(turns, key=lambda t: t.start_char):
        if out and out[-1][0] == t.label_ and out[-1][2] in soft and t.start_char == out[-1][2] + 1:
            out[-1] = (t.label_, out[-1][1], t.end_char)
        else:
            out.append((t.label_, t.start_char, t.end_char))
    return out


@Language.factory(
    "zh_clauses",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={},
)
def make_zh_clauses(nlp: Language, name: str):
    return ZhClauses()


class ZhClauses:
    def __call__(self, doc: Doc) -> Doc:
        nt = norm_text(doc)
        soft = soft_breaks(nt)
        clauses, sentences = [], []
        for label, start, end in _joined_at_margin(doc.spans[TURNS] if TURNS in doc.spans else [], soft):
            # the narration is split too: the learned gate may find the company's own voice in it
            if label in NON_CLAIM_LABELS and label != NARRATOR:
                continue
            parts = split_clauses(nt, start, end, soft)
            by_sent: dict[int, list[tuple[int, int]]] = {}
            for s, e, n in parts:
                by_sent.setdefault(n, []).append((s, e))
            for n, cl in by_sent.items():
                sp = doc.char_span(cl[0][0], cl[-1][1], label=label, alignment_mode="expand")
                if sp is not None:
                    sentences.append(sp)
                for s, e in cl:
                    c = doc.char_span(s, e, label=str(len(sentences) - 1), alignment_mode="expand")
                    if c is not None:
                        clauses.append(c)
        doc.spans[SENTENCES] = sentences
        doc.spans[CLAUSES] = clauses
        return doc
