"""The Chinese grammar tries at each position only the rules whose first two characters can be
there (`first_pairs`). That analysis is an optimisation and must never change a result: scanning
with it and without it gives the same expressions, on real text and on random text."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.horizon import _normal_form
from claims.horizon.cal import Frame
from claims.horizon.core import Cand, Grammar, Rule, first_pairs
from claims.horizon.en import build as build_en
from claims.horizon.zh import build

ROOT = Path(__file__).resolve().parent.parent
FRAME = Frame(dt.date(2025, 11, 20), "03-31", (dt.date(2025, 7, 1), dt.date(2025, 9, 30)), None, "")


def _grammars(make):
    with_pairs, without = make(), make()
    without.pairs = [None] * len(without.pairs)
    return with_pairs, without


WITH_PAIRS, WITHOUT = _grammars(build)
EN_WITH_PAIRS, EN_WITHOUT = _grammars(build_en)


def _found(g, text: str) -> list[tuple]:
    norm = g.prepare(_normal_form(text, "zh" if g in (WITH_PAIRS, WITHOUT) else "en"))
    return [(c.start, c.end, c.rule, c.s, c.e, c.kind) for c in g.scan(norm, FRAME)]


def _texts() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "data").glob("horizons_*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((ROOT / "corpora").glob("*/text.txt")):
        out += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def test_pair_dispatch_finds_what_trying_every_rule_finds_on_real_text():
    texts = _texts()
    assert len(texts) > 500
    assert [t for t in texts if _found(WITH_PAIRS, t) != _found(WITHOUT, t)] == []
    assert [t for t in texts if _found(EN_WITH_PAIRS, t) != _found(EN_WITHOUT, t)] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["next", "the", "year", "quarter", "fiscal", "by", "end", "of", "in", "two", "to",
                                 "2027", "Q3", "FY28", "first", "half", "within", "months", " ", "-", ","]),
                min_size=1, max_size=10))
def test_pair_dispatch_finds_what_trying_every_rule_finds_on_random_english(words):
    text = " ".join(words)
    assert _found(EN_WITH_PAIRS, text) == _found(EN_WITHOUT, text)


def test_a_rule_that_can_start_anywhere_falls_back_to_one_combined_search():
    """Where one rule's first characters are unknown (it opens with "."), no first-character
    dispatch is possible; the grammar then searches all rules combined and still finds the
    longest match."""
    def hit(m, f):
        return Cand(s=f.ref, e=f.ref, kind="period", gran="day")

    g = Grammar([Rule("short", r"ab", hit), Rule("long", r".bc", hit)], widen=lambda s, c, f: c, dispatch="chars")
    assert g.starts is None and g.any is not None
    found = g.scan("xx abc", FRAME)
    assert [(c.start, c.end, c.rule) for c in found] == [(3, 6, "long")]


_CHARS = "年月日季度周天半上下本今明后前去这个一二三四五六七八九十两零0123456789财内底初末至到QH -"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS, min_size=1, max_size=24))
def test_pair_dispatch_finds_what_trying_every_rule_finds_on_random_text(text):
    assert _found(WITH_PAIRS, text) == _found(WITHOUT, text)


@pytest.mark.parametrize("pattern, first, second", [
    ("下(?:个|一)?季", "下", {"个", "一", "季"}),
    ("x?yz", "x", {"y"}),
    ("ab|a", "a", None),  # a match may end after one character: any second character
])
def test_first_pairs_reads_the_second_character(pattern, first, second):
    pairs = first_pairs(pattern, 0)
    assert (pairs[first] if pairs[first] is None else set(pairs[first])) == second
