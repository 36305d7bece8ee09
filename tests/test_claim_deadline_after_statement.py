"""A forecast's deadline lies after the day it was made: the statement day itself ("today", 今天)
describes the present the speaker stands in, so a claim whose only time is that day has no
deadline, while a later time in the same clause still governs."""
from __future__ import annotations

import pytest

from claims.core.meta import resolve_meta
from claims.extract import extract_text

CASES = [
    ("en", "Operator: Welcome.\nJane Roe -- CEO\nWe talked today about our priorities, and we expect "
           "margins to improve meaningfully.\n", "margins to improve", None),
    ("en", "Operator: Welcome.\nJane Roe -- CEO\nAs I said today, we expect margins to improve "
           "meaningfully in 2027.\n", "margins to improve", ("2027-01-01", "2027-12-31")),
    ("zh", "张三（首席执行官）：今天我们讨论的这些新业务，预计毛利率会明显提升。\n", "毛利率会明显提升", None),
    ("zh", "张三（首席执行官）：今天我们讨论的这些新业务，预计2027年毛利率会明显提升。\n", "毛利率会明显提升",
     ("2027-01-01", "2027-12-31")),
    # a time heading the sentence governs the clause after it, the current year included
    ("zh", "张三（首席执行官）：去年我们做了试验，规模很小。今年，我们肯定会推出两款新车型。\n", "推出两款新车型",
     ("2026-01-01", "2026-12-31")),
]


@pytest.mark.parametrize("lang,text,phrase,deadline", CASES)
def test_a_claim_takes_no_deadline_from_the_day_it_is_made(lang, text, phrase, deadline):
    meta = resolve_meta(None, text, lang=lang, date="2026-03-10")
    res = extract_text(text, meta)
    at = text.index(phrase)
    hits = [c for c in res.claims if c.start <= at < c.end]
    assert hits, f"no claim holds {phrase!r}"
    h = hits[0].horizon
    assert ((str(h.start), str(h.end)) if h else None) == deadline
