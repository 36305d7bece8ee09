"""Chinese personal names, titles and organisations: the tables behind speaker turns, entities
and the tokenizer's protected spans.

Why one module: the turn finder, the entity finder and the tokenizer must agree on what a name is,
and a name found by one is relied on by the others.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from claims.core.registry import find_company, load_companies
from claims.core.script import to_simplified

from ..data import load_patterns
from .zh_text import common_words, lexicon, pos_words, script_variants

ANALYST, NARRATOR, HOST, UNKNOWN = "ANALYST", "NARRATOR", "HOST", "SPEAKER"
HEADLINE = "HEADLINE"  # a report's headline: it restates the item under it, whose words are the claim


NON_CLAIM_LABELS = frozenset({ANALYST, NARRATOR, HOST, HEADLINE})


CJK = "\u4e00-\u9fff\u3400-\u4dbf·"


def alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@lru_cache(maxsize=1)
def name_tables() -> dict[str, Any]:
    sp = lexicon("speakers.yaml")
    cues = lexicon("cues.yaml")
    roles = {f: k[len("ROLE_"):].replace("_", " ") for k, forms in sp.items() if k.startswith("ROLE_") for f in forms}
    role_alt = alternation(roles)
    attr_alt = alternation(cues["ATTRIBUTION"])
    return {
        "roles": roles,
        "title_re": re.compile(rf"(?:{role_alt})(?:兼(?:{role_alt}))*"),
        "attr_re": re.compile(rf"(?:{attr_alt})"),
        "question": set(sp["QUESTION_TURN"]), "answer": set(sp["ANSWER_TURN"]), "host": set(sp["HOST_TURN"]),
        "unnamed": tuple(sorted(sp["UNNAMED_TURN"], key=len, reverse=True)),
        "header": set(sp["HEADER_LABEL"]),
        "name_stop": tuple(sp["NAME_STOP"]), "org_lead": tuple(sp["ORG_LEAD"]), "org_self": set(sp["ORG_SELF"]),
        "not_given": set(sp["NAME_NOT_GIVEN"]), "not_a_name": tuple(sp["NOT_A_NAME_OPEN"]), "anaphor": set(cues["ANAPHOR"]), "person_anaphor": set(cues["PERSON_ANAPHOR"]), "org_suffix": tuple(sp["ORG_SUFFIX"]),
        "narration_open": tuple(sp["REPORTER_MARK"] + sp["NARRATION_OPEN"]),
        "reporter_mark": tuple(sp["REPORTER_MARK"]),
        "figure_source": tuple(sp["FIGURE_SOURCE"]),
        "third_party": tuple(sp["THIRD_PARTY_TITLE"]),
        # "向雷峰网表示": what follows the mark, up to the speech verb, is who is told
        "addressee_re": re.compile(rf"(?:{alternation(sp['ADDRESSEE_MARK'])})[^,;:]{{1,12}}$"),
        "connector_re": re.compile(rf"\s*(?:{alternation(cues['CONNECTOR'] + cues['COORDINATION'])})?\s*,?"),
        "broker": tuple(sp["BROKER_SUFFIX"]),
        "surnames": tuple(sorted(sp["SURNAME"], key=len, reverse=True)),
        "after_name": tuple(sp["NAME_STOP"]) + tuple(cues["ATTRIBUTION"]) + tuple(sp["HONORIFIC"]),
    }


class SpeakerBook:
    """The people of one document, keyed by simplified name, with aliases in both scripts."""

    def __init__(self, meta: dict[str, Any]):
        self.people: dict[str, dict[str, Any]] = {}
        self.alias: dict[str, str] = {}
        self.used: list[str] = []
        company = find_company(meta.get("company"))
        self.company = company.name if company else meta.get("company")
        # how the text may name the company itself ("欧莱雅表示": the company's voice, no person's)
        self.company_forms = {to_simplified(f).casefold() for f in [self.company or "", *(meta.get("company_aliases") or [])]
                              if f and len(f) >= 2}
        if company:
            for p in company.people:
                self.add(p["name"], role=p.get("role"), org=company.name, aliases=p.get("aliases", []), mentioned=False)

    def written_as(self, text: str) -> None:
        """Name each person the registry seeded as `text` writes them ("吴泳铭" in simplified text,
        not the registry's "吳泳銘"): a speaker is named in the document's own characters."""
        for p in self.people.values():
            if p["name"] not in text:
                form = next((v for v in script_variants(p["name"]) if v in text), None)
                if form:
                    p["name"] = form

    def key(self, name: str) -> str | None:
        return self.alias.get(to_simplified(name).casefold().strip())

    def add(self, name: str, role: str | None = None, org: str | None = None, aliases=(), mentioned: bool = True) -> str:
        k = self.key(name) or to_simplified(name).casefold()
        p = self.people.setdefault(k, {"name": name, "aliases": [], "role": None, "org": None, "mentioned": False})
        p["role"] = p["role"] or role
        p["org"] = p["org"] or org
        p["mentioned"] = p["mentioned"] or mentioned
        for a in [name, *aliases]:
            for v in script_variants(a):
                if v not in p["aliases"]:
                    p["aliases"].append(v)
                self.alias.setdefault(to_simplified(v).casefold().strip(), k)
        return k

    def use(self, k: str) -> str:
        self.people[k]["mentioned"] = True
        if k not in self.used:
            self.used.append(k)
        return self.people[k]["name"]

    def find_in(self, text: str) -> list[tuple[int, str]]:
        """(offset, key) of every known name or alias in simplified `text`."""
        out = []
        for form, k in self.alias.items():
            if len(form) < 2:
                continue
            i = text.casefold().find(form)
            while i >= 0:
                out.append((i, k))
                i = text.casefold().find(form, i + 1)
        return out

    def export(self) -> list[dict[str, Any]]:
        keys = self.used + [k for k, p in self.people.items() if p["mentioned"] and k not in self.used]
        out = []
        for k in keys:
            p = self.people[k]
            out.append({"name": p["name"], "aliases": [a for a in p["aliases"] if a != p["name"]] or [p["name"]],
                        "role": p["role"], "org": p["org"]})
        return out


# a transliterated name: given name · family name ("科莱特·克雷斯", "萨提亚·纳德拉"), with the
# original Latin form in brackets after it when the writer gives it ("（Colette Kress）")
_TRANSLIT = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・][\u4e00-\u9fff]{1,8}){1,2}")
_LATIN_AFTER = re.compile(r"[(（]\s*([A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'.\-]+){1,3})\s*[)）]")
_LATIN_NAME = re.compile(r"[A-Z][a-z'\-]+(?:\s+[A-Z][a-zA-Z'.\-]+){1,2}")


def transliterated_at(nt: str, start: int) -> tuple[str, list[str]] | None:
    """(name, aliases) of a transliterated or Latin name at `start`: the part after the last dot
    is how the text goes on to call the person ("克雷斯表示"), the bracketed Latin form another."""
    m = _TRANSLIT.match(nt, start)
    if m:
        name = m.group(0)
        aliases = [re.split(r"[·•・]", name)[-1]]
        latin = _LATIN_AFTER.match(nt, m.end())
        if latin:
            aliases.append(latin.group(1))
        return name, [a for a in aliases if len(a) >= 2]
    m = _LATIN_NAME.match(nt, start)
    # a Latin name ends where Latin letters do ("Vaibhav Taneja在…表示"; not "QQmusic")
    if m and (m.end() >= len(nt) or not (nt[m.end()].isascii() and nt[m.end()].isalpha())):
        return m.group(0), [m.group(0).split()[-1]]
    return None


def person_at(nt: str, start: int, tagged: bool = True) -> str | None:
    """A personal name starting exactly at `start` of simplified text, else None.

    A family name plus one or two characters, two unless the third begins a word that follows
    names (等, 表示, 先生 ...); otherwise jieba's nr tag.
    """
    t = name_tables()
    sur = next((f for f in t["surnames"] if nt.startswith(f, start)), None)
    if sur:
        i = start + len(sur)
        given = 0
        while given < 2 and i + given < len(nt) and re.match(rf"[{CJK}]", nt[i + given]) and nt[i + given] != "·":
            if given == 1 and nt.startswith(t["after_name"], i + given):
                break
            if given == 0 and nt.startswith(t["after_name"], i):
                break
            given += 1
        if given == 2 and nt[i + 1:i + 3] in common_words() and not nt.startswith(t["after_name"], i + 2) \
                and not t["title_re"].match(nt, i + 2):
            # "赵明最新表示": the third character opens a word of its own (最新) — unless a title or
            # honorific right after three characters closes the name ("赵海军博士")
            given = 1
        if given == 1 and nt[start:i + 1] in common_words():
            return None  # "陆续", "许多", "关心": a word that opens on a family name is no name
        if given:
            return nt[start:i + given]
    if not tagged:
        return None
    words = pos_words(nt[start:start + 8])
    if words and words[0][1].startswith("nr") and 2 <= len(words[0][0]) <= 4:
        name = words[0][0]
        stops = name_tables()["name_stop"]
        # "李詠" + "欣": jieba cuts a rarer given name short; a lone CJK character that is no
        # function word completes it
        if len(name) == 2 and len(words) > 1 and len(words[1][0]) == 1 and re.match(rf"[{CJK}]", words[1][0]) \
                and words[1][1][:1] in ("n", "a", "g", "j", "x", "z") and words[1][0] not in stops \
                and not words[1][1].startswith(("nz", "ns")):
            name += words[1][0]
        # "蔡" nr + "崇信" nrt: a surname split from its given name
        if len(name) == 1 and len(words) > 1 and words[1][1].startswith("nr"):
            name += words[1][0]
        return name
    if words and len(words[0][0]) == 1 and words[0][1].startswith("nr") and len(words) > 1 and words[1][1].startswith("nr"):
        return words[0][0] + words[1][0]
    return None


# names in title marks or short quotations are products, games, platforms: 《山海行》, 「海晶」, “啟明雲玩”
TITLE_RE = re.compile(r"《([^《》\n]{1,20})》|「([^「」\n,。]{1,8})」|“([^“”\n,。:;!?]{2,10})”|\"([^\"\n,。:;!?]{2,10})\"")


SERIES_RE = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9]{0,3}系列")


BRACKET_RE = re.compile(r"[((]([^()()\n]{2,24})[))]")


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


def ascii_boundary(nt: str, s: int, e: int) -> bool:
    """Latin names must not be pieces of longer Latin words (QQ in QQmusic, GPT in GPTs is fine)."""
    if not nt[s:e].isascii():
        return True
    return not (s > 0 and nt[s - 1].isalnum() and nt[s - 1].isascii()) and \
        not (e < len(nt) and nt[e].isalpha() and nt[e].isascii())


@lru_cache(maxsize=1)
def org_suffix_re() -> re.Pattern:
    suffixes = lexicon("speakers.yaml")["ORG_SUFFIX"] + lexicon("speakers.yaml").get("ORG_SUFFIX_STRONG", ())
    return re.compile(rf"^[\u4e00-\u9fffA-Za-z]{{1,8}}(?:{'|'.join(re.escape(s) for s in suffixes)})$")


def find_names(nt: str) -> list[tuple[int, int, str]]:
    """Names findable from the simplified text alone: gazetteer forms, titled persons
    ("首席財務官周蔓"), analysts in turn prefixes, names in title marks or short quotations,
    bracketed affiliations ("(華鼎證券 羅一鳴)"). The tokenizer keeps these whole."""
    gaz = gazetteer()
    out: list[tuple[int, int, str]] = []
    for m in gazetteer_re().finditer(nt):
        if ascii_boundary(nt, m.start(), m.end()):
            out.append((m.start(), m.end(), gaz[m.group(0)]))
    for m in TITLE_RE.finditer(nt):
        g = next(i for i in range(1, 5) if m.group(i))
        out.append((m.start(g), m.end(g), "PRODUCT"))
    for m in SERIES_RE.finditer(nt):
        out.append((m.start(), m.end(), "PRODUCT"))
    t = name_tables()
    labels = sorted(t["question"] | t["host"] | {"记者"}, key=len, reverse=True)
    starts = [m.end() for m in t["title_re"].finditer(nt)]
    starts += [m.end() for m in re.finditer("|".join(re.escape(x) for x in labels if len(x) > 1), nt)]
    for at in starts:
        while at < len(nt) and nt[at] in " \t\u3000":
            at += 1
        name = person_at(nt, at, tagged=False)
        if name and 2 <= len(name) <= 4:
            out.append((at, at + len(name), "PERSON"))
    org_re = org_suffix_re()
    out.extend(_affiliations(nt, org_re))
    for m in BRACKET_RE.finditer(nt):
        off = m.start(1)
        for part in re.finditer(r"[^\s、,,]+", m.group(1)):
            w = part.group(0)
            s = off + part.start()
            if org_re.match(w):
                out.append((s, s + len(w), "ORG"))
            elif 2 <= len(w) <= 3 and person_at(nt, s, tagged=False) == w:
                out.append((s, s + len(w), "PERSON"))
    return out


@lru_cache(maxsize=1)
def _affiliation_res() -> tuple[re.Pattern, re.Pattern]:
    intro = "|".join(re.escape(f) for f in lexicon("speakers.yaml")["SELF_INTRO"])
    return (
        # "我是華泰證券的孫曉" / "我是中金公司的周立言": an analyst introduces firm and self
        re.compile(rf"(?:{intro})([\u4e00-\u9fffA-Za-z]{{2,10}}?)的([\u4e00-\u9fff]{{2,4}})"),
        # "凱基投顧 李宜蓉:" at the start of a line: firm, space, name, colon
        re.compile(r"(?m)^[ \t\u3000]*([\u4e00-\u9fffA-Za-z]{2,10})[ \t\u3000]+([\u4e00-\u9fff]{2,4})[ \t\u3000]*[:：]"),
    )


def _affiliations(nt: str, org_re: re.Pattern) -> list[tuple[int, int, str]]:
    """Firm and person from an analyst's self-introduction or a "FIRM NAME:" turn label."""
    out: list[tuple[int, int, str]] = []
    intro_re, label_re = _affiliation_res()
    for rx, needs_suffix in ((intro_re, False), (label_re, True)):
        for m in rx.finditer(nt):
            firm, ps = m.group(1), m.start(2)
            person = person_at(nt, ps, tagged=False)
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
