"""Named entities: people, organisations, products, money, percentages and dates.

Sources, cheapest first: the company registry and the gazetteer `data/zh/entities.jsonl` (one
alternation over the simplified text), the speakers found by `zh_turns` (PERSON, in both scripts),
the quantities (MONEY / PERCENT) and a date pattern. Overlaps are kept in `doc.spans["entities"]`;
`doc.ents` receives the longest non-overlapping ones.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from claims.core.script import to_simplified

from ..constants import ENTITIES, EXT_META, EXT_QUANTITY, EXT_SPEAKERS, QUANTITIES
from ..helpers.zh_names import ascii_boundary, find_names, gazetteer, org_suffix_re
from ..helpers.zh_text import norm_text

DATE_RE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{4}财年(?:第[一二三四1-4]季度)?"
    r"|(?:第[一二三四1-4]|[一二三四]|下个|下一|上个|这个|本)季度"
)


















@Language.factory(
    "zh_entities",
    assigns=["doc.ents", "doc.spans"],
    requires=[f"doc._.{EXT_SPEAKERS}"],
    default_config={},
)
def make_zh_entities(nlp: Language, name: str):
    return ZhEntities()


class ZhEntities:
    def __call__(self, doc: Doc) -> Doc:
        nt = norm_text(doc)
        gaz = gazetteer()
        found: list[tuple[int, int, str]] = find_names(nt)
        people = {to_simplified(a) for s in doc._.get(EXT_SPEAKERS) or [] for a in [s["name"], *s.get("aliases", [])]
                  if re.search(r"[\u4e00-\u9fff]", a)}
        for form in people - set(gaz):
            for m in re.finditer(re.escape(form), nt):
                found.append((m.start(), m.end(), "PERSON"))
        meta = doc._.get(EXT_META) or {}
        own = {to_simplified(f) for f in [meta.get("company"), *(meta.get("company_aliases") or [])]
               if f and len(f) >= 2 and not f.isdigit()} - set(gaz)
        if own:
            rx = re.compile("|".join(re.escape(f) for f in sorted(own, key=len, reverse=True)))
            for m in rx.finditer(nt):
                if ascii_boundary(nt, m.start(), m.end()):
                    found.append((m.start(), m.end(), "ORG"))
        if own:  # "啟明國際": the company's short name plus an organisation ending
            rx = re.compile(rf"(?:{'|'.join(re.escape(f) for f in sorted(own | {to_simplified(a) for a in meta.get('company_aliases') or [] if len(a) >= 2}, key=len, reverse=True))})[\u4e00-\u9fff]{{1,4}}")
            org_re = org_suffix_re()
            for m in rx.finditer(nt):
                for e in range(m.end(), m.start() + 1, -1):
                    if org_re.match(nt[m.start():e]):
                        found.append((m.start(), e, "ORG"))
                        break
        for m in DATE_RE.finditer(nt):
            found.append((m.start(), m.end(), "DATE"))
        if QUANTITIES in doc.spans:
            for q in doc.spans[QUANTITIES]:
                if q.label_ in ("MONEY", "PERCENT"):
                    qi = q._.get(EXT_QUANTITY) or {}
                    found.append((qi.get("start", q.start_char), qi.get("end", q.end_char), q.label_))
        # a backend that tags entities itself (HanLP) has set doc.ents already: keep them as candidates
        found.extend((e.start_char, e.end_char, e.label_) for e in doc.ents)
        spans = []
        for s, e, label in sorted(set(found)):
            # only spans on token boundaries: the user dictionary keeps gazetteer names whole
            sp = doc.char_span(s, e, label=label)
            if sp is None and label in ("PRODUCT", "ORG"):
                # a name the segmenter glued to a neighbour: widen to whole tokens only when the
                # name sits in title marks, else drop it rather than report a wrong text
                inner = doc.char_span(s, e, label=label, alignment_mode="contract")
                sp = inner if inner is not None and inner.start_char == s and inner.end_char == e else None
            if sp is not None:
                spans.append(sp)
        doc.spans[ENTITIES] = spans
        doc.ents = filter_spans(spans)
        return doc
