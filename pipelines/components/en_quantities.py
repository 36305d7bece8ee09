"""Amounts in English text: money, percentages, basis points, counts and vague rates.

Guidance is stated in amounts ("revenue of $37.5 billion, plus or minus 2%", "RMB 380 billion",
"mid-single-digit growth", "20% year over year"); the ledger needs their values to verify a claim.
A regex scanner built from `data/en/quantities.yaml` reads the raw text, so it works without a
model, and it refuses bare years and quarter labels, which are times, not amounts.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..constants import EXT_QUANTITY, QUANTITIES
from ..data import load_lexicon


def _alt(forms, word: bool = True) -> str:
    parts = []
    for f in sorted(set(forms), key=len, reverse=True):
        e = re.escape(f).replace(r"\ ", r"[\s\-]+")
        parts.append(rf"{e}(?![A-Za-z])" if word and f[-1].isalnum() else e)
    return "|".join(parts)


@lru_cache(maxsize=1)
def _grammar() -> dict[str, Any]:
    lex = load_lexicon("en", "quantities.yaml")
    _CURRENCIES = [k for k in lex if re.fullmatch(r"[A-Z]{3}", k)]  # ISO codes are the currency keys
    cur_of = {f.casefold(): k for k in _CURRENCIES for f in lex.get(k, ())}
    prefix_forms = [f for k in _CURRENCIES for f in lex.get(k, ()) if not f.isalpha() or f.isupper() or f in ("Rmb",)]
    word_forms = [f for k in _CURRENCIES for f in lex.get(k, ()) if f.isalpha() and f.islower() or " " in f]
    scale_of = {}
    for k, forms in lex.items():
        if k.startswith("SCALE_E"):
            for f in forms:
                scale_of[f] = 10 ** int(k[len("SCALE_E"):])
    numw = {f.casefold(): float(k[4:]) for k, forms in lex.items() if k.startswith("NUM_") for f in forms}
    approx = {re.sub(r"[\s\-]+", " ", f.casefold()): float(k[7:]) for k, forms in lex.items() if k.startswith("APPROX_") for f in forms}
    share = {re.sub(r"[\s\-]+", " ", f.casefold()): int(k[6:]) / 10 for k, forms in lex.items() if k.startswith("SHARE_") for f in forms}
    period_det, period_noun = _alt(lex["PERIOD_DETERMINER"], word=False), _alt(lex["PERIOD_NOUN"], word=False)
    num = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    wnum = _alt(sorted(numw, key=len, reverse=True))
    # case matters for one-letter scales ("$3.8B", "5m") but long words are matched in any case
    scale = "|".join(
        rf"{re.escape(f)}(?![A-Za-z])" if len(f) <= 3 else rf"(?i:{re.escape(f)})(?![A-Za-z])"
        for f in sorted(scale_of, key=len, reverse=True)
    )
    compound = _compound(numw, lex.get("NUMBER_JOINER", ()))
    amount = rf"(?:{num}|(?i:{compound}|{wnum}))(?:[\s\-]*(?:{scale}))?"
    pre = _alt(prefix_forms, word=True)
    post = rf"(?i:{_alt(word_forms)})"
    pct = rf"(?:%|(?i:{_alt(lex['PERCENT'])}))"
    pts = rf"(?i:{_alt(lex['POINTS'] + lex['BPS'])})"
    count = rf"(?i:{_alt(lex['COUNT_NOUN'])})"
    rng = r"(?:\s*(?:to|-|–)\s*)"
    q = (
        rf"(?P<pre>{pre})\s?(?P<a>{amount})(?:{rng}(?:{pre})?\s?(?P<b>{amount}))?(?:\s+(?P<post1>{post}))?"
        rf"|(?P<a2>{amount})(?:{rng}(?P<b2>{amount}))?[\s\-]*(?:(?P<pct>{pct})|(?P<pts>{pts})|(?P<post2>{post})|(?P<cnt>(?:new\s+|more\s+|additional\s+)?{count}))"
        rf"|(?P<a3>{num}\s?(?:{scale}))"
    )
    tol = rf"(?i:{_alt(lex['TOLERANCE'], word=False)})"
    basis = rf"(?i:{_alt(lex['BASIS'])})"
    return {
        "rx": re.compile(rf"(?<![\w.$€£¥])(?:{q})(?P<basis>,?\s+{basis})?"),
        "approx_rx": re.compile(rf"(?i)(?<![\w])(?:{_alt(sorted(approx, key=len, reverse=True))})(?:[\s\-]+(?:percent|%|growth|rate|range))?"),
        "share_rx": re.compile(rf"(?i)(?<![\w])(?:{_alt(sorted(share, key=len, reverse=True))})(?=\s+of\s)(?!\s+of\s+(?:(?:{period_det})\s+)*(?:{period_noun}|\d{{2,4}}|'\d\d)\b)"),
        "ordinal_before": re.compile(rf"(?i)\b(?:{_alt(lex['PERIOD_ORDINAL'], word=False)})[\s\-]+$"),
        "share": share,
        "tol_rx": re.compile(rf"(?P<tol>{tol})\s*(?P<v>{num})\s*(?P<pct>{pct})?"),
        "cur_of": cur_of, "scale_of": scale_of, "numw": numw, "approx": approx,
        "scale_rx": re.compile(rf"(?:{scale})$"), "num_rx": re.compile(num),
        "compound_rx": re.compile(rf"(?i:{compound})(?![A-Za-z])"),
        "count_rx": re.compile(rf"(?:new\s+|more\s+|additional\s+)?({count})", re.I),
    }


def _compound(numw: dict[str, float], joiners) -> str:
    """Spelled-out numbers of more than one word ("forty-five", "a hundred and fifty"), which
    executives use as often as digits when they speak loosely."""
    def alt(pred):
        return "|".join(sorted((re.escape(w) for w, v in numw.items() if " " not in w and pred(w, v)), key=len, reverse=True))
    units = alt(lambda w, v: 1 <= v <= 9 and w not in ("a", "an"))
    teens = alt(lambda w, v: 10 <= v <= 19)
    tens = alt(lambda w, v: 20 <= v <= 90 and v % 10 == 0)
    hundred = alt(lambda w, v: v == 100)
    join = "|".join(re.escape(j) for j in joiners) or "and"
    sep = r"[\s\-]+"
    small = rf"(?:(?:{tens})(?:{sep}(?:{units}))?|{teens}|{units})"
    return (rf"(?:(?:{units}|a){sep}(?:{hundred})(?:{sep}(?:(?:{join}){sep})?{small}(?![A-Za-z]))?"
            rf"|(?:{tens}){sep}(?:{units})(?![A-Za-z]))")


def _word_value(s: str, numw: dict[str, float]) -> float:
    total = 0.0
    for w in re.split(r"[\s\-]+", s.casefold()):
        v = numw.get(w)
        if v is None:
            continue  # a joiner ("and")
        total = (total or 1) * 100 if v == 100 else total + v
    return total


def _value(s: str, g: dict[str, Any]) -> float | None:
    s = s.strip()
    m = g["num_rx"].match(s)
    if m:
        v = float(m.group(0).replace(",", ""))
        rest = s[m.end():].strip(" -")
    elif (c := g["compound_rx"].match(s)) is not None:
        v = _word_value(c.group(0), g["numw"])
        rest = s[c.end():].strip(" -")
    else:
        word = next((w for w in sorted(g["numw"], key=len, reverse=True) if s.casefold().startswith(w)), None)
        if word is None:
            return None
        v = g["numw"][word]
        rest = s[len(word):].strip(" -")
    if rest:
        mult = g["scale_of"].get(rest) or next((x for f, x in g["scale_of"].items() if len(f) > 3 and f.casefold() == rest.casefold()), None)
        if mult:
            v *= mult
    return v


_RANGE_GAP = re.compile(r"\s*(?:to|-|–)\s*")


def find_quantities(text: str) -> list[dict[str, Any]]:
    """Every amount in `text` as {"text", "value", "unit", "start", "end"} (offsets into text)."""
    g = _grammar()
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for m in g["rx"].finditer(text):
        a = m.group("a") or m.group("a2") or m.group("a3")
        b = m.group("b") or m.group("b2")
        unit = None
        if m.group("pre") or m.group("post1") or m.group("post2"):
            unit = g["cur_of"].get((m.group("pre") or m.group("post1") or m.group("post2")).casefold())
        elif m.group("pct"):
            unit = "%"
        elif m.group("pts"):
            unit = "bp" if re.match(r"(?i)b", m.group("pts")) else "pp"
        elif m.group("cnt"):
            unit = g["count_rx"].fullmatch(m.group("cnt")).group(1).lower()
        va, vb = _value(a, g), (_value(b, g) if b else None)
        if vb is not None and va is not None and g["scale_rx"].search(b.strip()) and not g["scale_rx"].search(a.strip()):
            # "$1.5 to 2 billion": the scale written once applies to both ends
            sc = g["scale_rx"].search(b.strip()).group(0)
            va = _value(f"{a} {sc}", g)
        if unit is None and m.group("a3") is None:
            continue
        if unit is None and va is not None and 1900 <= va <= 2100 and "." not in a:
            continue
        value = va if vb is None or va is None else (va + vb) / 2
        start, end = m.start(), m.end()
        out.append({"text": text[start:end], "value": value, "unit": unit, "start": start, "end": end})
        taken.append((start, end))
    for m in g["approx_rx"].finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        key = re.sub(r"[\s\-]+", " ", m.group(0).casefold())
        v = next((val for form, val in g["approx"].items() if key.startswith(form)), None)
        out.append({"text": m.group(0), "value": v, "unit": "%", "start": m.start(), "end": m.end()})
    for m in g["share_rx"].finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or g["ordinal_before"].search(text, max(0, m.start() - 16), m.start()):
            continue  # "the second half of": a time, not a share
        key = re.sub(r"[\s\-]+", " ", m.group(0).casefold())
        out.append({"text": m.group(0), "value": g["share"].get(key), "unit": "%", "start": m.start(), "end": m.end(), "share": True})
    for m in g["tol_rx"].finditer(text):
        out.append({"text": m.group(0), "value": float(m.group("v").replace(",", "")),
                    "unit": "%" if m.group("pct") else None, "start": m.start(), "end": m.end(), "tolerance": True})
    out.sort(key=lambda q: (q["start"], -q["end"]))
    merged: list[dict[str, Any]] = []
    for q in out:
        if merged and q["start"] < merged[-1]["end"]:
            continue
        prev = merged[-1] if merged else None
        if (prev is not None and prev["unit"] == q["unit"] and not prev.get("tolerance") and not q.get("tolerance")
                and _RANGE_GAP.fullmatch(text[prev["end"]:q["start"]]) and prev["value"] is not None and q["value"] is not None):
            # "2% to 3%", "$2.42 billion to $2.46 billion": one range, valued at its midpoint
            merged[-1] = {"text": text[prev["start"]:q["end"]], "value": (prev["value"] + q["value"]) / 2,
                          "unit": q["unit"], "start": prev["start"], "end": q["end"]}
            continue
        merged.append(q)
    return merged


@Language.factory("en_quantities", assigns=["doc.spans"], requires=[], default_config={})
def make_en_quantities(nlp: Language, name: str) -> "EnQuantities":
    return EnQuantities()


class EnQuantities:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(doc.text):
            sp = doc.char_span(q["start"], q["end"], label="QUANTITY", alignment_mode="expand")
            if sp is None:
                continue
            sp._.set(EXT_QUANTITY, q)
            spans.append(sp)
        doc.spans[QUANTITIES] = spans
        return doc
