"""What a sentence part says happened (or will): metrics, direction, bounds — from `outcomes.yaml`.

Shared by the outcome detector (pipelines/components/outcome_detector.py), which reads reports of
results, and by claims/suggest.py, which reads the same facts out of a claim to compare the two.
Both languages use one key space (`METRIC_*`, `UP`, `DOWN`, ...); the words are data. Text is compared
simplified and case-folded; forms written in Latin letters match whole words only.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claims.core.script import to_simplified

from ..data import load_lexicon

LEXICON = "outcomes.yaml"
DIRECTIONS = ("DELAYED", "MISSED", "LAUNCHED", "MET", "UP", "DOWN", "FLAT")  # most specific first
OPPOSITE = {"up": {"down"}, "down": {"up"}, "launched": {"delayed"}, "met": {"missed"}, "missed": {"met"},
            "flat": set(), "delayed": {"launched"}}


def _rx(forms) -> re.Pattern | None:
    """Longest form first. Forms in Latin letters share one whole-word guard around their group: a
    guard on each of a few hundred alternatives made the English metric pattern thirty times slower.
    A form mixing scripts that opens with a Latin letter could match where a Latin form does, so
    then every form keeps its own place in one order, as before."""
    ordered = sorted({to_simplified(f).casefold() for f in forms}, key=len, reverse=True)
    if not ordered:
        return None

    def body(f: str) -> str:
        return r"\s+".join(re.escape(w) for w in f.split(" "))  # a PDF line break inside a phrase still matches

    if any(not f.isascii() and f[:1].isascii() for f in ordered):
        return re.compile("|".join(rf"(?<![a-z0-9]){body(f)}(?![a-z0-9])" if f.isascii() else body(f) for f in ordered))
    latin = [body(f) for f in ordered if f.isascii()]
    alts = ([rf"(?<![a-z0-9])(?:{'|'.join(latin)})(?![a-z0-9])"] if latin else []) + [body(f) for f in ordered if not f.isascii()]
    return re.compile("|".join(alts))


@dataclass(frozen=True)
class Words:
    metrics: tuple[tuple[str, re.Pattern], ...]
    metric_rx: re.Pattern
    metric_of: dict[str, str]
    keys: dict[str, re.Pattern]


@lru_cache(maxsize=4)
def words(lang: str) -> Words:
    lex = load_lexicon(lang, LEXICON)
    metrics = tuple((k[len("METRIC_"):].lower().replace("_", " "), _rx(v)) for k, v in lex.items() if k.startswith("METRIC_"))
    metric_of = {to_simplified(f).casefold(): k[len("METRIC_"):].lower().replace("_", " ")
                 for k, v in lex.items() if k.startswith("METRIC_") for f in v}
    keys = {k: _rx(v) for k, v in lex.items() if not k.startswith("METRIC_")}
    return Words(metrics, _rx(metric_of), metric_of, keys)


def norm(text: str, lang: str) -> str:
    """Same-length simplified, case-folded text (the form the patterns match)."""
    return fold(to_simplified(text) if lang == "zh" else text)


def fold(t: str) -> str:
    """Case-folded `t` when that keeps its length, else lower-cased: `norm` of a text already
    simplified (a zh doc's `norm_text`, which spares converting the whole document again)."""
    low = t.casefold()
    return low if len(low) == len(t) else t.lower()


def metric_mentions(nt: str, lang: str) -> list[tuple[str, int, int]]:
    """(metric, start, end) of every metric word in normalised text, left to right, longest first."""
    w = words(lang)
    return [(w.metric_of.get(" ".join(m.group(0).split()), ""), m.start(), m.end()) for m in w.metric_rx.finditer(nt)]


def metrics_of(text: str, lang: str) -> list[str]:
    return list(dict.fromkeys(m for m, _, _ in metric_mentions(norm(text, lang), lang)))


@lru_cache(maxsize=32)
def forms(lang: str, key: str) -> tuple[str, ...]:
    return tuple(load_lexicon(lang, LEXICON).get(key, ()))


def has(nt: str, lang: str, key: str) -> bool:
    rx = words(lang).keys.get(key)
    return bool(rx and rx.search(nt))


def find(nt: str, lang: str, key: str) -> list[tuple[int, int]]:
    rx = words(lang).keys.get(key)
    return [m.span() for m in rx.finditer(nt)] if rx else []


def direction_of(nt: str, lang: str, figure_at: int | None = None) -> str | None:
    """The most specific direction word in normalised text: delayed / missed / launched / met, else
    of up / down / flat the last one before the first figure (`figure_at`: "revenue increased
    slightly and decreased 3%" -> down), else the first."""
    w = words(lang).keys
    for key in DIRECTIONS[:4]:
        if w.get(key) is not None and w[key].search(nt):
            return key.lower()
    found: list[tuple[int, str]] = []
    for key in DIRECTIONS[4:]:
        if w.get(key) is not None:
            found += [(m.start(), key.lower()) for m in w[key].finditer(nt)]
    if not found:
        return None
    found.sort()
    if figure_at is not None:
        before = [f for f in found if f[0] < figure_at]
        if before:
            return before[-1][1]
    return found[0][1]


def bound_before(nt: str, start: int, lang: str) -> str | None:
    """"min" when an AT_LEAST word ends right before offset `start` ("at least 10%", 超过10%), "max"
    for AT_MOST, else None. Trailing bounds (10%以上) are looked for right after the figure."""
    before = nt[max(0, start - 16):start].rstrip()
    for key, out in (("AT_LEAST", "min"), ("AT_MOST", "max")):
        rx = words(lang).keys.get(key)
        if rx is not None and any(m.end() == len(before) for m in rx.finditer(before)):
            return out
    return None


def starts_at(nt: str, pos: int, lang: str, key: str) -> int | None:
    """The end of a form of `key` written at offset `pos` (after spaces), else None: the unit after
    a bare number ("300 亿美元", "6.3 个百分点")."""
    rx = words(lang).keys.get(key)
    if rx is None:
        return None
    while pos < len(nt) and nt[pos] == " ":
        pos += 1
    m = rx.match(nt, pos)
    return m.end() if m else None


def ends_at(nt: str, pos: int, lang: str, key: str, reach: int = 16) -> bool:
    """A form of `key` ends right before offset `pos` (spaces between allowed): "plus or minus 2%"."""
    before = nt[max(0, pos - reach):pos].rstrip()
    rx = words(lang).keys.get(key)
    return rx is not None and any(m.end() == len(before) for m in rx.finditer(before))


def bound_after(nt: str, end: int, lang: str) -> str | None:
    after = nt[end:end + 4]
    for key, out in (("AT_LEAST", "min"), ("AT_MOST", "max")):
        rx = words(lang).keys.get(key)
        m = rx.match(after) if rx is not None else None
        if m and not m.group(0).isascii():
            return out
    return None


_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def figure_range(q: dict[str, Any]) -> tuple[float, float] | None:
    """(low, high) of a quantity: a range quantity ("5% to 7%", "$3.8-4 billion", 13萬至14萬) keeps its
    ends, which the quantity finders fold into one value; anything else is (value, value)."""
    v = q.get("value")
    if v is None:
        return None
    nums = [float(n.replace(",", "")) for n in _NUM.findall(q.get("text") or "")]
    if len(nums) == 2 and nums[0] < nums[1]:
        for ref in ((nums[0] + nums[1]) / 2, nums[0]):
            if ref:
                scale = v / ref
                if scale > 0 and abs(math.log10(scale) - round(math.log10(scale))) < 1e-6:
                    return nums[0] * scale, nums[1] * scale
    return float(v), float(v)


def unit_class(unit: str | None) -> str:
    """Units that compare with each other: percentages, money (any currency), counts, other."""
    u = (unit or "").casefold()
    if u.startswith("%") or u in ("pp", "points", "percentage points", "bps"):
        return "pct"
    if u in ("", "none"):
        return "none"  # a bare number: nothing says what it counts, so it is compared with nothing
    if u == "count":
        return "count"
    if len(u) == 3 and u.isalpha() or u in ("$", "usd", "cny", "twd", "rmb", "hkd", "元", "eur", "gbp", "jpy"):
        return "money"
    return u
