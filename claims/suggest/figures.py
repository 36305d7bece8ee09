"""The figures of a claim or an outcome, read so that like is compared with like.

A quantity finder gives a value and a unit; comparing a guided figure with a reported one needs more,
and every word for it is data (`outcomes.yaml`):

- the kind: a percentage (growth, a margin) is not a change in percentage points or basis points
  ("down 25 basis points", 增加 6.3 个百分点: `points`, basis points as hundredths), and money is
  money at any scale, also when the scale is written after a bare number the finder left unitless
  ("300 亿美元", "NT$527 億元": `SCALE_E<n>`, `UNIT_MONEY`);
- the basis: year over year, sequential, constant currency (`BASIS_*`), read after the figure up to
  the next one or the clause end, else before it (年增 30%): a sequential guide is not answered by a
  year-over-year figure, and a guide in dollars is answered first by the reported, not the
  constant-currency, figure;
- its direction: the direction word before it ("increased 1% and decreased 3% in constant currency");
  figures are written unsigned;
- a band: "plus or minus 2%", 上下浮动 (`TOLERANCE`) widens the figure before it; a claim's bound
  ("at least", 以上) opens it on one side; a word range ("high single digits") spans ±1 point;
- two figures a transcript scrape ran together: "grew 1713% in constant currency" (17% reported, 13%
  in constant currency; superscripts lost). Read as two only when a three- or four-digit percentage
  stands right before a constant-currency word and splits into two rates within FUSED_GAP points of
  each other (a real "123% year over year" has no such word after it).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipelines.helpers import outcome_facts as of

WORD_RANGE_PCT = 1.0  # "high single digits" = 8 ± 1
FUSED_GAP = 10.0       # points between a run-together reported and constant-currency rate
BASES = {"BASIS_YOY": "yoy", "BASIS_QOQ": "qoq", "BASIS_CC": "cc"}
SCALES = ("SCALE_E12", "SCALE_E9", "SCALE_E8", "SCALE_E6", "SCALE_E4")
_DIGIT = re.compile(r"(?<![a-z])\d")  # a figure, not the 3 of "Q3"
_CLAUSE_END = re.compile(r"[,，;；。!?！？\n]")
_FUSED = re.compile(r"\d{3,4}%(?=\s|$)")


@dataclass(frozen=True)
class Figure:
    low: float
    high: float
    kind: str                         # pct | points | money | count | another unit
    text: str
    basis: frozenset[str] = frozenset()  # yoy, qoq, cc
    direction: str | None = None
    start: int = -1                   # in the text read (-1: not found there)
    end: int = -1

    def widened(self, by: float, relative: bool) -> Figure:
        lo, hi = (self.low * (1 - by), self.high * (1 + by)) if relative else (self.low - by, self.high + by)
        return Figure(lo, hi, self.kind, self.text, self.basis, self.direction, self.start, self.end)


def bases_in(nt: str, lang: str) -> frozenset[str]:
    """The bases (yoy, qoq, cc) named anywhere in normalised text."""
    return frozenset(b for key, b in BASES.items() if of.has(nt, lang, key))


def _kind(unit: str | None, nt: str, end: int, lang: str) -> tuple[str, float, int]:
    """(kind, multiplier, end of the unit words) of a quantity ending at `end`."""
    u = (unit or "").casefold()
    if u in ("bp", "bps", "basis points"):
        return "points", 0.01, end
    if u in ("pp", "points", "percentage points"):
        return "points", 1.0, end
    if u == "fraction":
        return "pct", 100.0, end
    if u and u != "none":
        return of.unit_class(unit), 1.0, end
    # a bare number: the unit words after it ("50个基点", "300 亿美元"), which the zh finder leaves
    if (after := of.starts_at(nt, end, lang, "UNIT_BPS")) is not None:
        return "points", 0.01, after
    if (after := of.starts_at(nt, end, lang, "UNIT_POINTS")) is not None:
        return "points", 1.0, after
    for key in SCALES:
        if (after := of.starts_at(nt, end, lang, key)) is not None:
            money = of.starts_at(nt, after, lang, "UNIT_MONEY")
            return "money", 10.0 ** int(key[len("SCALE_E"):]), money or after
    if (after := of.starts_at(nt, end, lang, "UNIT_MONEY")) is not None:
        return "money", 1.0, after
    return "none", 1.0, end


def _only_scale(qt: str, lang: str) -> bool:
    """A quantity that is a scale word alone ("億" after "527 "): the number before it holds it."""
    return not any(ch.isdigit() for ch in qt) and any(of.starts_at(qt, 0, lang, k) == len(qt) for k in SCALES)


def _basis(nt: str, lang: str, a: int, b: int) -> frozenset[str]:
    return bases_in(nt[a:b], lang) if b > a else frozenset()


def _split_fused(f: Figure, qt: str) -> list[Figure]:
    digits = qt.rstrip("%")
    best = None
    for i in range(1, len(digits)):
        if digits[i] == "0":
            continue
        a, b = float(digits[:i]), float(digits[i:])
        if 1 <= a <= 100 and 1 <= b <= 100 and abs(a - b) <= FUSED_GAP and (best is None or abs(a - b) < abs(best[0] - best[1])):
            best = (a, b)
    if best is None:
        return [f]
    reported = Figure(best[0], best[0], f.kind, f"{best[0]:g}%", f.basis - {"cc"}, f.direction, f.start, f.end)
    constant = Figure(best[1], best[1], f.kind, f"{best[1]:g}% in constant currency", f.basis, f.direction, f.start, f.end)
    return [reported, constant]


def read_figures(text: str, quantities: Iterable, lang: str, claim: bool) -> tuple[Figure, ...]:
    """The comparable figures of `text` from its quantities (objects with text, value, unit)."""
    nt = of.norm(text, lang)
    located = []
    cursor = 0
    for q in quantities:
        if q.value is None:
            continue
        qt = of.norm(q.text or "", lang)
        pos = nt.find(qt, cursor) if qt else -1
        if pos < 0 and qt:
            pos = nt.find(qt)
        if pos >= 0:
            cursor = pos + len(qt)
        located.append((pos, q, qt))
    out: list[Figure] = []
    for i, (pos, q, qt) in enumerate(located):
        if pos >= 0 and _only_scale(qt, lang):
            continue
        end = pos + len(qt) if pos >= 0 else -1
        kind, mult, unit_end = _kind(q.unit, nt, end, lang) if pos >= 0 else (of.unit_class(q.unit), 1.0, -1)
        if kind == "none":
            continue
        rng = of.figure_range({"value": q.value, "text": q.text})
        if rng is None:
            continue
        lo, hi = rng[0] * mult, rng[1] * mult
        basis, direction = frozenset(), None
        if pos >= 0:
            nxt = next((p for p, _, _ in located[i + 1:] if p > pos), len(nt))
            stop = _CLAUSE_END.search(nt, unit_end, nxt)
            basis = _basis(nt, lang, pos, stop.start() if stop else nxt)  # "129% in constant currency" is one quantity
            prev_end = max([p + len(t) for p, _, t in located[:i] if 0 <= p < pos] + [0])
            cuts = [m.end() for m in _CLAUSE_END.finditer(nt, prev_end, pos)]
            seg_start = cuts[-1] if cuts else prev_end
            basis = basis or _basis(nt, lang, seg_start, pos)
            before = nt[seg_start:pos]
            direction = of.direction_of(before, lang, len(before)) if before.strip() else None
            if direction is None and out and not cuts and out[-1].end >= 0:
                direction = out[-1].direction  # "declined 1% and 3% in constant currency"
            if out and (of.ends_at(nt, pos, lang, "TOLERANCE") or of.starts_at(qt, 0, lang, "TOLERANCE") is not None):
                prev = out[-1]
                if kind == "pct" and prev.kind != "pct":
                    out[-1] = prev.widened(hi / 100, relative=True)
                elif kind == prev.kind or (kind == "points" and prev.kind == "pct"):
                    out[-1] = prev.widened(hi, relative=False)
                continue
            if claim:
                digit = _DIGIT.search(nt, pos)
                at = digit.start() if digit and digit.start() < end else pos  # "above 30%" as one quantity
                bound = (of.bound_before(nt, pos, lang) or of.bound_before(nt, at, lang)  # "more than $300 million"
                         or of.bound_after(nt, end, lang))
                if bound == "min":
                    hi = float("inf")
                elif bound == "max":
                    lo = float("-inf")
                elif kind == "pct" and not any(ch.isdigit() for ch in q.text):
                    lo, hi = lo - WORD_RANGE_PCT, hi + WORD_RANGE_PCT
        elif claim and kind == "pct" and not any(ch.isdigit() for ch in (q.text or "")):
            lo, hi = lo - WORD_RANGE_PCT, hi + WORD_RANGE_PCT
        f = Figure(lo, hi, kind, q.text or f"{q.value:g}", basis, direction, pos, end)
        fused = _FUSED.match(qt) if kind == "pct" and "cc" in basis else None
        if fused:
            out.extend(_split_fused(f, fused.group(0)))
        else:
            out.append(f)
    return tuple(out)
