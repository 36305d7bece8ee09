"""Tag each claim with topics from a taxonomy kept as data (`data/<lang>/topics.yaml`).

Language-neutral: forms are compared with the claim's script-normalised, case-folded text; forms
written in Latin letters only match at word boundaries, so "AI" does not fire inside "maintain".
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claims.core.script import to_simplified

from ..constants import CLAIMS, EXT_CLAIM_INFO, EXT_NORM_TEXT
from ..data import load_lexicon


@lru_cache(maxsize=8)
def topic_patterns(lang: str, name: str) -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for topic, forms in load_lexicon(lang, name).items():
        alts = []
        for f in sorted(forms, key=len, reverse=True):
            f = to_simplified(f).casefold()
            alts.append(rf"(?<![a-z0-9]){re.escape(f)}(?![a-z0-9])" if f.isascii() else re.escape(f))
        out.append((topic, re.compile("|".join(alts))))
    return tuple(out)


def topics_of(text: str, lang: str, name: str = "topics.yaml", normalised: bool = False) -> list[str]:
    norm = (text if normalised else to_simplified(text)).casefold()
    return [topic for topic, rx in topic_patterns(lang, name) if rx.search(norm)]


@Language.factory(
    "topic_tagger",
    assigns=["span._.claim_info"],
    requires=["doc.spans"],
    default_config={"lang": "zh", "taxonomy": "topics.yaml"},
)
def make_topic_tagger(nlp: Language, name: str, lang: str, taxonomy: str):
    return TopicTagger(lang, taxonomy)


class TopicTagger:
    def __init__(self, lang: str, taxonomy: str):
        self.lang, self.taxonomy = lang, taxonomy
        topic_patterns(lang, taxonomy)  # fail at build time on a broken taxonomy file

    def __call__(self, doc: Doc) -> Doc:
        nt = doc._.get(EXT_NORM_TEXT)
        for span in doc.spans[CLAIMS] if CLAIMS in doc.spans else []:
            info = span._.get(EXT_CLAIM_INFO)
            if info is None:
                info = {}
                span._.set(EXT_CLAIM_INFO, info)
            if nt is not None:
                info["topics"] = topics_of(nt[span.start_char:span.end_char], self.lang, self.taxonomy, normalised=True)
            else:
                info["topics"] = topics_of(span.text, self.lang, self.taxonomy)
        return doc
