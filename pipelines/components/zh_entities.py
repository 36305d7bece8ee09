"""Named entities: people, organisations, products, money, percentages and dates.

Sources, cheapest first: the company registry and the gazetteer `data/zh/entities.jsonl` (one
alternation over the simplified text), the speakers found by `zh_turns` (PERSON, in both scripts),
the quantities (MONEY / PERCENT) and a date pattern. Overlaps are kept in `doc.spans["entities"]`;
`doc.ents` receives the longest non-overlapping ones.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..constants import ENTITIES, EXT_META, EXT_SPEAKERS, QUANTITIES
from ..data import load_companies, load_patterns
from ..script import to_simplified
from .zh_common import norm_text

# names in title marks or corner quotes are products, games, platforms: 《山海行》, 「海晶」
TITLE_RE = re.compile(r"《([^《》\n]{1,20})》|「([^「」\n,。]{1,12})」")
DATE_RE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{4}财年(?:第[一二三四1-4]季度)?"
    r"|(?:第[一二三四1-4]|[一二三四]|下个|下一|上个|这个|本)季度"
)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """simplified surface form -> label, from the registry and the pattern file."""
    out: dict[str, str] = {}
    for p in load_patterns("zh", "entities.jsonl"):
        if isinstance(p.pattern, str):
            out.setdefault(to_simplified(p.pattern), p.label)
    for c in load_companies():
        for form in (c.name, *c.aliases):
            out.setdefault(to_simplified(form), "ORG")
        for person in c.people:
            for form in (person["name"], *person.get("aliases", [])):
                if re.search(r"[\u4e00-\u9fff]", form):
                    out.setdefault(to_simplified(form), "PERSON")
    return out


@lru_cache(maxsize=1)
def gazetteer_re() -> re.Pattern:
    forms = sorted(gazetteer(), key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms))


def _ascii_boundary(nt: str, s: int, e: int) -> bool:
    """Latin names must not be pieces of longer Latin words (QQ in QQmusic, GPT in GPTs is fine)."""
    if not nt[s:e].isascii():
        return True
    return not (s > 0 and nt[s - 1].isalnum() and nt[s - 1].isascii()) and \
        not (e < len(nt) and nt[e].isalpha() and nt[e].isascii())


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
        found: list[tuple[int, int, str]] = []
        for m in gazetteer_re().finditer(nt):
            if _ascii_boundary(nt, m.start(), m.end()):
                found.append((m.start(), m.end(), gaz[m.group(0)]))
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
                if _ascii_boundary(nt, m.start(), m.end()):
                    found.append((m.start(), m.end(), "ORG"))
        for m in TITLE_RE.finditer(nt):
            g = 1 if m.group(1) else 2
            found.append((m.start(g), m.end(g), "PRODUCT"))
        for m in DATE_RE.finditer(nt):
            found.append((m.start(), m.end(), "DATE"))
        if QUANTITIES in doc.spans:
            for q in doc.spans[QUANTITIES]:
                if q.label_ in ("MONEY", "PERCENT"):
                    found.append((q.start_char, q.end_char, q.label_))
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
