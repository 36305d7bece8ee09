"""Where an English claim span may part into two claims, and what each such place looks like.

One sentence often carries two forecasts ("revenue of $60 million to $65 million from space systems
and $32 million to $33 million from launch services", "… to open 35 to 40 new restaurants and
accelerate its planned wage hikes"). The gold keys them apart, and a span covering both is matched to
one of them only. Rules had split a few such forms ("and will …", a metric with its own amount);
the rest is a learned decision over the places listed here, trained where gold keys part
(scripts/train_claim_split.py) and applied by `en_claim_split`. The same code lists the places and
describes them in training and at run time, on the span's text alone, so the rules backend and the
model backend see the same features.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..data import load_lexicon

_WORD = re.compile(r"[A-Za-z][A-Za-z'’&.-]*|\d[\d.,]*%?|[$€£¥]|[;,]")
_AMOUNT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _lex() -> dict[str, object]:
    lex = load_lexicon("en", "clause_cuts.yaml")
    boundary = sorted(lex["BOUNDARY"], key=len, reverse=True)
    words = [re.escape(b) for b in boundary if b[0].isalpha()]
    marks = [re.escape(b) for b in boundary if not b[0].isalpha()]
    return {
        # a word boundary opens the cut at the word; a mark (",", ";") cuts after itself and its spaces
        "rx": re.compile(rf"(?<![\w'’-])(?:{'|'.join(words)})(?![\w'’-])|(?:{'|'.join(marks)})\s*", re.I),
        "forward": frozenset(w.casefold() for w in lex["FORWARD"]),
        "subject": frozenset(w.casefold() for w in lex["SUBJECT"]),
        "time": re.compile(rf"\b(?:(?:19|20)\d\d|Q[1-4]|H[12]|{'|'.join(re.escape(w) for w in lex['TIME_WORD'])})\b|'\d\d\b", re.I),
    }


def cut_points(text: str, min_chars: int = 12) -> list[tuple[int, str]]:
    """(offset where the second part would start, the boundary word or mark) for every place in
    `text` that leaves at least `min_chars` on each side."""
    out = []
    for m in _lex()["rx"].finditer(text):
        if m.group(0)[0] == "," and m.start() and text[m.start() - 1].isdigit() and text[m.end():m.end() + 1].isdigit():
            continue  # "$1,706.4 million": a comma inside a figure
        at = m.end() if not m.group(0)[0].isalpha() else m.start()
        if min_chars <= at <= len(text) - min_chars:
            out.append((at, m.group(0).strip().casefold()))
    return out


_TRIM = " \t\n,;:—–-"


def parts_of(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """(start, end) in `text` of the parts between `cuts`, without the joining punctuation and
    spaces at their ends; empty parts dropped."""
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _bucket(n: int) -> str:
    return next(str(b) for b in (3, 6, 10, 16, 25, 40, 10**6) if n <= b)


@lru_cache(maxsize=64)
def _analysis(text: str) -> tuple[list[int], list[str], list[int], list[int]]:
    """Word starts and words, digit positions and time-word ends of `text`, read once for all of its
    places (a claim has a dozen; re-reading both sides at each was most of the splitter's time)."""
    words = list(_WORD.finditer(text))
    return ([m.start() for m in words], [m.group(0).casefold() for m in words],
            [m.start() for m in _AMOUNT.finditer(text)], [m.end() for m in _lex()["time"].finditer(text)])


def cut_features(text: str, at: int, boundary: str) -> dict[str, float]:
    """Features of cutting `text` at `at` (a cut point of `cut_points`)."""
    lex = _lex()
    starts, words, digits, time_ends = _analysis(text)
    k = bisect.bisect_left(starts, at)
    lw, rw = words[:k], words[k:]
    rw_after = rw[1:] if rw and rw[0] == boundary else rw  # the boundary word opens the right part: look past it
    f = {f"b={boundary}": 1.0, f"b_comma={bool(lw) and lw[-1] == ','}": 1.0}
    for i, w in enumerate(lw[-3:][::-1]):
        f[f"l{i}={w}"] = 1.0
    for i, w in enumerate(rw_after[:3]):
        f[f"r{i}={w}"] = 1.0
    f[f"b+r0={boundary}|{rw_after[0] if rw_after else ''}"] = 1.0
    f[f"llen={_bucket(len(lw))}"] = 1.0
    f[f"rlen={_bucket(len(rw))}"] = 1.0
    f[f"lamt={bool(digits) and digits[0] < at}"] = 1.0
    f[f"ramt={bool(digits) and digits[-1] >= at}"] = 1.0
    f[f"ltime={any(e <= at for e in time_ends)}"] = 1.0
    f[f"rtime={any(e > at for e in time_ends)}"] = 1.0
    lfw = any(w in lex["forward"] for w in lw)
    rfw = any(w in lex["forward"] for w in rw_after[:8])
    f[f"fw={lfw}|{rfw}"] = 1.0
    f[f"rsubj={bool(rw_after) and rw_after[0] in lex['subject']}"] = 1.0
    f[f"nbounds_left={min(3, sum(1 for w in lw if w in (',', 'and')))}"] = 1.0
    return f
