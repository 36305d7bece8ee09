"""People, firms and products named in an English transcript.

Speaker lines and the operator's introductions name every person and firm on the call, and the
company registry names the company; products are the capitalised names the speakers keep using
mid-sentence ("Atlas", "Data Fabric"). With the statistical model its NER adds to these; without it
the gazetteer and the capitalisation rule still find the names a ledger needs to link claims.
Entities go to `doc.spans["entities"]` (doc.ents stays the model's, which must not overlap).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..constants import BOILERPLATE, ENTITIES, EXT_META, EXT_SPEAKERS, HEADERS
from ..data import load_lexicon


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    lex = load_lexicon("en", "entities.yaml")
    return frozenset(w.casefold() for forms in lex.values() for w in forms)


@Language.factory("en_entities", assigns=["doc.spans"], requires=[f"doc._.{EXT_SPEAKERS}"],
                  default_config={"min_count": 2})
def make_en_entities(nlp: Language, name: str, min_count: int) -> "EnEntities":
    return EnEntities(min_count)


class EnEntities:
    def __init__(self, min_count: int):
        self.min_count = min_count
        self.keep_labels = frozenset(load_lexicon("en", "ner.yaml")["KEEP"])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        meta = doc._.get(EXT_META) or {}
        names: dict[str, str] = {}
        for sp in doc._.get(EXT_SPEAKERS) or []:
            for n in [sp.get("name"), *(sp.get("aliases") or [])]:
                if n and len(n) > 2:
                    names[n] = "PERSON"
            if sp.get("org"):
                names[sp["org"]] = "ORG"
        for n in [meta.get("company"), *(meta.get("company_aliases") or [])]:
            if n and len(n) > 1:
                names[re.sub(r",?\s+(Inc|Corp|Ltd|plc|LLC)\.?$", "", n)] = "ORG"
        spans: list[Span] = []
        taken: set[int] = set()
        for n, label in sorted(names.items(), key=lambda x: -len(x[0])):
            for m in re.finditer(rf"(?<![\w]){re.escape(n)}(?![\w])", text):
                sp = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if sp is not None and not taken.intersection(range(sp.start, sp.end)):
                    spans.append(sp)
                    taken.update(range(sp.start, sp.end))
        skip = set(taken)
        for key in (BOILERPLATE, HEADERS):
            for sp in doc.spans[key] if key in doc.spans else []:
                skip.update(range(sp.start, sp.end))
        for ent in doc.ents:
            if ent.label_ in self.keep_labels and not skip.intersection(range(ent.start, ent.end)):
                spans.append(Span(doc, ent.start, ent.end, label=ent.label_))
                taken.update(range(ent.start, ent.end))
        spans.extend(self._capitalised(doc, skip | taken))
        doc.spans[ENTITIES] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def _capitalised(self, doc: Doc, skip: set[int]) -> list[Span]:
        """Capitalised runs used mid-sentence at least `min_count` times: product and firm names."""
        stop = _stop()
        runs: list[tuple[int, int]] = []
        i = 0
        n = len(doc)
        while i < n:
            t = doc[i]
            if (t.text[:1].isupper() and t.is_alpha and not t.is_sent_start and i not in skip
                    and t.lower_ not in stop and doc[i - 1].text not in {".", ":", "\n", "\"", "“"}):
                j = i + 1
                while j < n and j not in skip and ((doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].lower_ not in stop)
                                                   or (doc[j].text == "&" and j + 1 < n and doc[j + 1].text[:1].isupper())):
                    j += 1
                runs.append((i, j))
                i = j
            else:
                i += 1
        counts = Counter(doc[s:e].text for s, e in runs)
        out = []
        for s, e in runs:
            if counts[doc[s:e].text] >= self.min_count or e - s >= 2:
                out.append(Span(doc, s, e, label="PRODUCT" if e - s == 1 else "ORG"))
        return out
