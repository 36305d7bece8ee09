"""The grammars try at each position only the rules whose first two characters can be there
(`first_chars`, `first_pairs`), and open each Chinese rule with a lookahead for a character every
match contains (`must_guard`); all three are read from the rule's pattern by `triggers.parse`.
They are optimisations and must never change a result: scanning with them and with none of them
(every rule tried at every position) gives the same expressions, on real text and on random
text."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.horizon import _normal_form
from claims.horizon.cal import Frame
from claims.horizon.core import Cand, Grammar, Rule
from claims.horizon.en import build as build_en
from claims.horizon.triggers import first_chars, first_pairs, must_guard, parse
from claims.horizon.zh import build

ROOT = Path(__file__).resolve().parent.parent
FRAME = Frame(dt.date(2025, 11, 20), "03-31", (dt.date(2025, 7, 1), dt.date(2025, 9, 30)), None, "")


def _grammars(make):
    """(the grammar as used, the same rules with no analysis: every rule tried everywhere)."""
    with_pairs, without = make(), make(analyse=False)
    assert any(p is not None for p in with_pairs.pairs) and with_pairs.starts is not None
    assert all(f is None for f in without.first) and all(p is None for p in without.pairs)
    assert all(not r.regex.pattern.startswith("(?=") for r in without.rules)  # no must guards
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


def test_dispatch_finds_what_trying_every_rule_finds_on_real_text():
    texts = _texts()
    assert len(texts) > 500
    assert [t for t in texts if _found(WITH_PAIRS, t) != _found(WITHOUT, t)] == []
    assert [t for t in texts if _found(EN_WITH_PAIRS, t) != _found(EN_WITHOUT, t)] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["next", "the", "year", "quarter", "fiscal", "by", "end", "of", "in", "two", "to",
                                 "2027", "Q3", "FY28", "first", "half", "within", "months", " ", "-", ","]),
                min_size=1, max_size=10))
def test_dispatch_finds_what_trying_every_rule_finds_on_random_english(words):
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
def test_dispatch_finds_what_trying_every_rule_finds_on_random_text(text):
    assert _found(WITH_PAIRS, text) == _found(WITHOUT, text)


@pytest.mark.parametrize("pattern, first, second", [
    ("下(?:个|一)?季", "下", {"个", "一", "季"}),
    ("x?yz", "x", {"y"}),
    ("ab|a", "a", None),  # a match may end after one character: any second character
    (r"(?P<d>下|本)\s*个?月", "下", set(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002"
                                         "\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029"
                                         "\u202f\u205f\u3000个月")),
    (r"(?<![0-9])[1-4]Q", "3", {"Q"}),
])
def test_first_pairs_reads_the_second_character(pattern, first, second):
    pairs = first_pairs(parse(pattern))
    assert (pairs[first] if pairs[first] is None else set(pairs[first])) == second


@pytest.mark.parametrize("pattern, first", [
    ("(?:明|今)年", {"明", "今"}),
    (r"(?:the\s+)?next", {"t", "T", "n", "N"}),
    (r"\b(?=x)ab", {"a", "A"}),  # assertions take no character
    ("a?", None),  # may match nothing: may start anywhere
    (".bc", None),
    ("[^a]b", None),  # a negated class: any character
    (r"(a)\1", None),  # a back-reference is outside the subset: no analysis
    (r"\w+", None),
])
def test_first_chars_is_a_superset(pattern, first):
    assert first_chars(parse(pattern, ignore_case=True)) == (None if first is None else frozenset(first))


@pytest.mark.parametrize("pattern, guard_chars", [
    (r"(?:下|本)?\s{0,4}个?月", "月"),
    ("(?:上|下)半年", "年"),  # ties go to the later character: a word's content
    ("年|月", "年月"),
    ("a*", None),  # nothing every match contains
    (r"x\s+月", None),  # unbounded: no reach to look within
])
def test_must_guard_looks_for_a_character_every_match_contains(pattern, guard_chars):
    guard = must_guard(parse(pattern))
    if guard_chars is None:
        assert guard == ""
    else:
        assert guard.startswith("(?=") and all(c in guard for c in guard_chars)


def test_the_rules_are_all_read_by_the_template_parser():
    """Every rule's pattern is inside the subset `triggers.parse` reads (else it would be tried
    at every position: correct, but slow)."""
    unread = [r.name for g in (WITH_PAIRS, EN_WITH_PAIRS) for r in g.rules
              if parse(r.pattern, ignore_case=True) is None]
    assert unread == []
