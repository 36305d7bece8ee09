"""Sentence starts for English transcripts.

Speaker lines, blank lines and the breaks after complete lines start a sentence: a speaker line has no
final punctuation and a statistical parser would glue it to the first sentence of the turn. A single
line break inside a sentence — PDF text and fixed-width scrapes wrap every ~70 characters — does not:
the line before ends without final punctuation and the next one goes on in lower case, or the line
before is a long one ending in a lower-case word. Splitting there cut "we anticipate / positive flows
into 2025" into two fragments, each without its cue or its time. With `punct = true` (the rules
backend) sentences also end at . ! ? followed by a capitalised word; with the model backend this
step only presets the hard boundaries and the parser, which respects them, decides the rest. Speech-to-text
that wrote no punctuation at all gets its breaks from a learned model (`helpers/sentence_breaks.py`),
preset as hard boundaries too.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..constants import BOILERPLATE, HEADERS
from ..data import load_lexicon
from ..helpers.sentence_breaks import chosen_breaks, load_breaker, unpunctuated_runs


def fixed_width(text: str, min_chars: int) -> bool:
    """Whether the text's lines were wrapped at a fixed width (PDF text, fixed-width scrapes): most
    lines of at least `min_chars` end near the longest ones. Lines of a sentence each (a dataset's
    layout) vary in length, and there a line ending in a lower-case word before a capital ends a
    sentence rather than wrapping one."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if len(line.strip()) >= min_chars)
    if len(lengths) < 10:
        return True  # too few lines to tell: keep reading breaks as wraps, as before
    top = lengths[int(0.9 * (len(lengths) - 1))]
    return sum(1 for n in lengths if n >= 0.8 * top) >= 0.5 * len(lengths)


@Language.factory(
    "en_sentences",
    assigns=["token.is_sent_start"],
    requires=["doc.spans"],
    default_config={"punct": True, "wrapped_line_min_chars": 40, "unpunctuated_min_words": 40,
                    "break_min_gap": 4},
)
def make_en_sentences(nlp: Language, name: str, punct: bool, wrapped_line_min_chars: int,
                      unpunctuated_min_words: int, break_min_gap: int) -> "EnSentences":
    """`wrapped_line_min_chars`: a line of a wrapped paragraph is at least this long; shorter lines
    without final punctuation are headings, and the break after them starts a sentence.
    `unpunctuated_min_words`: in a document with fewer full stops than one per this many words, a run
    of this many words without any punctuation is speech-to-text that never had any, where the
    learned sentence breaks (`helpers.sentence_breaks`) apply, at least `break_min_gap` words apart.
    (In punctuated documents such runs were tables and lists, and parting them lost claims.)"""
    return EnSentences(punct, wrapped_line_min_chars, unpunctuated_min_words, break_min_gap)


class EnSentences:
    def __init__(self, punct: bool, wrapped_line_min_chars: int = 40, unpunctuated_min_words: int = 40,
                 break_min_gap: int = 4):
        self.punct = punct
        self.wrapped_min = wrapped_line_min_chars
        self.run_min, self.break_gap = unpunctuated_min_words, break_min_gap
        lex = load_lexicon("en", "clauses.yaml")
        self.enders = frozenset(lex["SENTENCE_END"])
        self.closers = frozenset(lex["SENTENCE_CLOSER"])
        self.line_end = tuple(lex["LINE_END"])
        self.line_item = frozenset(lex["LINE_ITEM"])
        self.bullet_opener = re.compile(r"(?<=[^\s.!?;:,%)\]\"“'(])[ \t]+(?:" + "|".join(map(re.escape, lex["BULLET_OPENER"])) + r")\b")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        hard = {0}
        for key in (HEADERS, BOILERPLATE):
            for sp in doc.spans[key] if key in doc.spans else []:
                hard.add(sp.start)
                hard.add(sp.end)
        text = doc.text
        fixed = fixed_width(text, self.wrapped_min)
        for tok in doc:
            if tok.i + 1 < len(doc) and ("\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text)):
                if not self._wraps(doc, text, tok.i + 1, hard, fixed):
                    hard.add(tok.i + 1)
        for m in self.bullet_opener.finditer(text):
            # a run-together slide bullet ("… volumes Expect Q4 revenue …"); a regex over the text,
            # as visiting every token costs more than the rest of this step
            at = doc.char_span(m.end() - len(m.group().strip()), m.end())
            if at is not None:
                hard.add(at.start)
        hard |= self._learned_breaks(doc, hard)
        soft: set[int] = set()
        if self.punct:
            for tok in doc:
                if tok.text in self.enders or (tok.text.endswith(".") and tok.text[:-1].isalpha() and tok.text[:-1].islower() and len(tok.text) > 3):
                    j = tok.i + 1
                    while j < len(doc) and doc[j].text in self.closers:
                        j += 1
                    while j < len(doc) and doc[j].is_space:
                        j += 1
                    if j < len(doc) and (doc[j].text[:1].isupper() or doc[j].text[:1].isdigit() or doc[j].text[:1] in "\"“'$"):
                        soft.add(j)
        # one array write: setting token.is_sent_start one by one re-checks the whole doc each time
        flags = numpy.zeros((len(doc), 1), dtype="int32")  # 1 start, -1 not a start, 0 unknown (parser decides)
        for tok in doc:
            if tok.i in hard:
                # whitespace-only tokens belong to the sentence before them
                if tok.is_space and tok.i > 0:
                    flags[tok.i, 0] = -1
                    if tok.i + 1 < len(doc):
                        hard.add(tok.i + 1)
                else:
                    flags[tok.i, 0] = 1
            elif self.punct:
                flags[tok.i, 0] = 1 if tok.i in soft else -1
            elif tok.is_space:
                flags[tok.i, 0] = -1
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
        return doc

    def _learned_breaks(self, doc: Doc, hard: set[int]) -> set[int]:
        """Sentence starts inside runs of words that have no punctuation at all (speech-to-text
        that wrote none), where the learned model places them; none without the model. A line that
        starts a sentence (`hard`: a sentence per line) ends a run as punctuation does."""
        loaded = load_breaker()
        if loaded is None:
            return set()
        model, settings = loaded
        tokens = [(t.text, t.is_punct) for t in doc]
        n_words = sum(1 for text, punct in tokens if not punct and text.strip())
        if n_words <= self.run_min * sum(1 for text, _ in tokens if text in self.enders):
            return set()  # a punctuated document: a long run in it is a table or a list, not speech
        out: set[int] = set()
        for start, end in unpunctuated_runs(tokens, self.run_min, hard):
            at = [t.i for t in doc[start:end] if not t.is_space]
            words = [doc[i].lower_ for i in at]
            out.update(at[k] for k in chosen_breaks(words, model, settings["threshold"], self.break_gap))
        return out

    def _wraps(self, doc: Doc, text: str, after: int, hard: set[int], fixed: bool = True) -> bool:
        """Whether the line break before token `after` only wraps a sentence that goes on; in text
        not wrapped at a fixed width (`fixed_width`) only a next line in lower case goes on."""
        b = after - 1
        while b >= 0 and doc[b].is_space:
            b -= 1
        n = after
        while n < len(doc) and doc[n].is_space:
            n += 1
        if b < 0 or n >= len(doc) or n in hard:
            return False
        gap = text[doc[b].idx + len(doc[b].text):doc[n].idx]
        if gap.count("\n") != 1:
            return False  # a blank line ends a paragraph
        last, first = doc[b].text, doc[n].text
        if last.endswith(self.line_end) or first in self.line_item or first[:1] in self.line_item:
            return False
        if first[:1].islower():
            return True
        if not fixed:
            return False  # a sentence per line, unpunctuated (a dataset's or a speech-to-text layout)
        line_start = text.rfind("\n", 0, doc[b].idx) + 1
        return last.isalpha() and last.islower() and doc[b].idx + len(last) - line_start >= self.wrapped_min
