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

from ..constants import ENTITIES, EXT_META, EXT_QUANTITY, EXT_SPEAKERS, QUANTITIES
from claims.core.registry import load_companies
from ..data import load_patterns
from claims.core.script import to_simplified
from .zh_common import norm_text

# names in title marks or short quotations are products, games, platforms: 《山海行》, 「海晶」, “啟明雲玩”
TITLE_RE = re.compile(r"《([^《》\n]{1,20})》|「([^「」\n,。]{1,8})」|“([^“”\n,。:;!?]{2,10})”|\"([^\"\n,。:;!?]{2,10})\"")
SERIES_RE = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9]{0,3}系列")
BRACKET_RE = re.compile(r"[((]([^()()\n]{2,24})[))]")
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


@lru_cache(maxsize=1)
def _org_suffix_re() -> re.Pattern:
    from .zh_common import lexicon

    suffixes = lexicon("speakers.yaml")["ORG_SUFFIX"] + lexicon("speakers.yaml").get("ORG_SUFFIX_STRONG", ())
    return re.compile(rf"^[\u4e00-\u9fffA-Za-z]{{1,8}}(?:{'|'.join(re.escape(s) for s in suffixes)})$")


def find_names(nt: str) -> list[tuple[int, int, str]]:
    """Names findable from the simplified text alone: gazetteer forms, titled persons
    ("首席財務官周蔓"), analysts in turn prefixes, names in title marks or short quotations,
    bracketed affiliations ("(華鼎證券 羅一鳴)"). The tokenizer keeps these whole."""
    from .zh_turns import _person_at, _tables

    gaz = gazetteer()
    out: list[tuple[int, int, str]] = []
    for m in gazetteer_re().finditer(nt):
        if _ascii_boundary(nt, m.start(), m.end()):
            out.append((m.start(), m.end(), gaz[m.group(0)]))
    for m in TITLE_RE.finditer(nt):
        g = next(i for i in range(1, 5) if m.group(i))
        out.append((m.start(g), m.end(g), "PRODUCT"))
    for m in SERIES_RE.finditer(nt):
        out.append((m.start(), m.end(), "PRODUCT"))
    t = _tables()
    labels = sorted(t["question"] | t["host"] | {"记者"}, key=len, reverse=True)
    starts = [m.end() for m in t["title_re"].finditer(nt)]
    starts += [m.end() for m in re.finditer("|".join(re.escape(x) for x in labels if len(x) > 1), nt)]
    for at in starts:
        while at < len(nt) and nt[at] in " \t\u3000":
            at += 1
        name = _person_at(nt, at, tagged=False)
        if name and 2 <= len(name) <= 4:
            out.append((at, at + len(name), "PERSON"))
    org_re = _org_suffix_re()
    out.extend(_affiliations(nt, org_re))
    for m in BRACKET_RE.finditer(nt):
        off = m.start(1)
        for part in re.finditer(r"[^\s、,,]+", m.group(1)):
            w = part.group(0)
            s = off + part.start()
            if org_re.match(w):
                out.append((s, s + len(w), "ORG"))
            elif 2 <= len(w) <= 3 and _person_at(nt, s, tagged=False) == w:
                out.append((s, s + len(w), "PERSON"))
    return out


@lru_cache(maxsize=1)
def _affiliation_res() -> tuple[re.Pattern, re.Pattern]:
    from .zh_common import lexicon

    intro = "|".join(re.escape(f) for f in lexicon("speakers.yaml")["SELF_INTRO"])
    return (
        # "我是華泰證券的孫曉" / "我是中金公司的周立言": an analyst introduces firm and self
        re.compile(rf"(?:{intro})([\u4e00-\u9fffA-Za-z]{{2,10}}?)的([\u4e00-\u9fff]{{2,4}})"),
        # "凱基投顧 李宜蓉:" at the start of a line: firm, space, name, colon
        re.compile(r"(?m)^[ \t\u3000]*([\u4e00-\u9fffA-Za-z]{2,10})[ \t\u3000]+([\u4e00-\u9fff]{2,4})[ \t\u3000]*[:：]"),
    )


def _affiliations(nt: str, org_re: re.Pattern) -> list[tuple[int, int, str]]:
    """Firm and person from an analyst's self-introduction or a "FIRM NAME:" turn label."""
    from .zh_turns import _person_at

    out: list[tuple[int, int, str]] = []
    intro_re, label_re = _affiliation_res()
    for rx, needs_suffix in ((intro_re, False), (label_re, True)):
        for m in rx.finditer(nt):
            firm, (ps, pe) = m.group(1), m.span(2)
            person = _person_at(nt, ps, tagged=False)
            if not person or len(person) < 2:
                continue
            if needs_suffix:  # the colon ends the label, so the whole word is the name
                person = m.group(2)
            if needs_suffix and not org_re.match(firm) and firm not in gazetteer():
                continue
            out.append((m.start(1), m.end(1), "ORG"))
            out.append((ps, ps + len(person), "PERSON"))
    return out


def protected_spans(nt: str) -> list[tuple[int, int]]:
    """Non-overlapping name spans, longest first, for the tokenizer to keep as single tokens."""
    spans = sorted({(s, e) for s, e, _ in find_names(nt)}, key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: list[tuple[int, int]] = []
    for s, e in spans:
        if all(e <= a or s >= b for a, b in taken):
            taken.append((s, e))
    return sorted(taken)


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
                if _ascii_boundary(nt, m.start(), m.end()):
                    found.append((m.start(), m.end(), "ORG"))
        if own:  # "啟明國際": the company's short name plus an organisation ending
            rx = re.compile(rf"(?:{'|'.join(re.escape(f) for f in sorted(own | {to_simplified(a) for a in meta.get('company_aliases') or [] if len(a) >= 2}, key=len, reverse=True))})[\u4e00-\u9fff]{{1,4}}")
            org_re = _org_suffix_re()
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
