"""Sentence starts for English transcripts.

Line breaks and speaker lines always start a sentence: a speaker line has no final punctuation and a
statistical parser would glue it to the first sentence of the turn. With `punct = true` (the rules
backend) sentences also end at . ! ? followed by a capitalised word; with the model backend this
step only presets the hard boundaries and the parser, which respects them, decides the rest.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..constants import HEADERS
from ..data import load_lexicon


@Language.factory(
    "en_sentences",
    assigns=["token.is_sent_start"],
    requires=["doc.spans"],
    default_config={"punct": True},
)
def make_en_sentences(nlp: Language, name: str, punct: bool) -> "EnSentences":
    return EnSentences(punct)


class EnSentences:
    def __init__(self, punct: bool):
        self.punct = punct
        lex = load_lexicon("en", "clauses.yaml")
        self.enders = frozenset(lex["SENTENCE_END"])
        self.closers = frozenset(lex["SENTENCE_CLOSER"])

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        hard = {0}
        if HEADERS in doc.spans:
            for sp in doc.spans[HEADERS]:
                hard.add(sp.start)
                hard.add(sp.end)
        for tok in doc:
            if tok.is_space and "\n" in tok.text and tok.i + 1 < len(doc):
                hard.add(tok.i + 1)
            elif "\n" in tok.whitespace_ and tok.i + 1 < len(doc):
                hard.add(tok.i + 1)
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
