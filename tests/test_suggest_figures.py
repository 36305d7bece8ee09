"""Evidence suggestions compare like with like: figures read with their kind, scale, basis and
direction (claims/suggest/figures.py), and the verdict they imply (claims/suggest/verdict.py).
Rows are (language, text, expected); the texts are written for the behaviour, not taken from a corpus."""
from __future__ import annotations

import pytest

from claims.core.models import Quantity
from claims.core.script import to_simplified
from claims.suggest import Facts, Figure, closest, compare, is_confident, read_figures
from pipelines.components.en_quantities import find_quantities as en_quantities
from pipelines.components.zh_quantities import find_quantities as zh_quantities


def figures(lang: str, text: str, claim: bool = False) -> tuple[Figure, ...]:
    found = zh_quantities(to_simplified(text)) if lang == "zh" else en_quantities(text)
    qs = [Quantity(text=text[q["start"]:q["end"]], value=q.get("value"), unit=q.get("unit")) for q in found]
    return read_figures(text, qs, lang, claim=claim)


def facts(*figs: Figure, direction: str | None = None, basis: frozenset = frozenset()) -> Facts:
    return Facts("en", frozenset(), frozenset(), tuple(figs), direction, "", basis=basis)


def fig(low: float, high: float | None = None, kind: str = "pct", basis=(), direction=None) -> Figure:
    return Figure(low, low if high is None else high, kind, f"{low:g}", frozenset(basis), direction)


# (lang, text, [(kind, low, high)])
KIND_ROWS = [
    ("zh", "营收 300 亿美元", [("money", 3e10, 3e10)]),                    # the scale after a bare number
    ("zh", "營收 NT$527 億元", [("money", 5.27e10, 5.27e10)]),             # and the scale word not a figure of its own
    ("zh", "毛利率年增 6.3 个百分点", [("points", 6.3, 6.3)]),
    ("zh", "较上季增加50个基点", [("points", 0.5, 0.5)]),
    ("en", "Net interest margin was 2.81%, down 3 basis points", [("pct", 2.81, 2.81), ("points", 0.03, 0.03)]),
    ("en", "increase revenue growth by four points", [("points", 4.0, 4.0)]),
]


@pytest.mark.parametrize("lang,text,want", KIND_ROWS, ids=[r[1] for r in KIND_ROWS])
def test_figures_read_kind_and_scale(lang, text, want):
    got = [(f.kind, round(f.low, 6), round(f.high, 6)) for f in figures(lang, text)]
    assert got == [(k, round(lo, 6), round(hi, 6)) for k, lo, hi in want]


def test_figures_read_a_tolerance_band_around_the_figure_before_it():
    (band,) = figures("en", "We expect revenue of $28 billion, plus or minus 2%", claim=True)
    assert band.kind == "money" and band.low == pytest.approx(27.44e9) and band.high == pytest.approx(28.56e9)


# (lang, text, [(value, basis, direction)])
BASIS_ROWS = [
    ("en", "Revenue grew 17% and 13% in constant currency", [(17, set(), "up"), (13, {"cc"}, "up")]),
    ("en", "Revenue increased 1% and decreased 3% in constant currency", [(1, set(), "up"), (3, {"cc"}, "down")]),
    ("en", "Revenue grew 1713% in constant currency", [(17, set(), "up"), (13, {"cc"}, "up")]),  # run together by a scrape
    ("en", "AI revenue grew 123% year over year", [(123, {"yoy"}, "up")]),                       # a real three-digit rate
    ("zh", "营收年增 30%，季增 21%", [(30, {"yoy"}, "up"), (21, {"qoq"}, "up")]),
]


@pytest.mark.parametrize("lang,text,want", BASIS_ROWS, ids=[r[1] for r in BASIS_ROWS])
def test_figures_read_basis_and_direction(lang, text, want):
    got = [(f.low, set(f.basis), f.direction) for f in figures(lang, text)]
    assert got == [(float(v), b, d) for v, b, d in want]


# (claim facts, outcome facts, verdict)
VERDICT_ROWS = [
    ("a guide in dollars: reported figure inside", facts(fig(9, 13)), facts(fig(12, direction="up"), fig(9, basis={"cc"})), "kept"),
    ("reported above, constant currency inside", facts(fig(24, 30)), facts(fig(33, direction="up"), fig(29, basis={"cc"})), "partial"),
    ("a constant-currency guide is read on that basis", facts(fig(37, 38), basis=frozenset({"cc"})),
     facts(fig(40, direction="up"), fig(45, basis={"cc"})), "broken"),
    ("the reported figure moved the other way, constant currency agrees", facts(fig(0, 4), direction="down"),
     facts(fig(1, direction="up"), fig(3, basis={"cc"}, direction="down")), "partial"),
    ("a beat of 5% is outside the range", facts(fig(315e6, 317e6, "money")), facts(fig(333e6, kind="money")), "broken"),
    ("a beat of 3.6% is near", facts(fig(659e6, 664e6, "money")), facts(fig(688e6, kind="money")), "partial"),
    ("15 bp guided, 17 bp reported", facts(fig(0.15, kind="points")), facts(fig(0.17, kind="points")), "partial"),
    ("54 bp guided, 35 bp reported", facts(fig(0.54, kind="points")), facts(fig(0.35, kind="points")), "broken"),
]


@pytest.mark.parametrize("why,claim,outcome,verdict", VERDICT_ROWS, ids=[r[0] for r in VERDICT_ROWS])
def test_verdict_compares_on_the_claims_basis(why, claim, outcome, verdict):
    assert compare(claim, outcome)[0] == verdict


def test_points_and_percentages_are_not_compared():
    assert closest(facts(fig(4, kind="points")), facts(fig(17), fig(13, basis={"cc"}))) is None


def test_a_sequential_guide_is_not_answered_by_a_year_over_year_figure():
    claim = facts(fig(10, 12, basis={"qoq"}), direction="up")
    assert closest(claim, facts(fig(11, basis={"yoy"}, direction="up"))) is None
    assert closest(claim, facts(fig(11, basis={"qoq"}, direction="up"))) is not None


# (scores best first, offered)
CONFIDENCE_ROWS = [
    ([80.0, 60.0], True),    # clear
    ([80.0, 79.0], False),   # two outcomes fit nearly as well: a guess
    ([50.0], False),         # too weak
    ([70.0], True),          # alone, well over the listing floor
    ([], False),
]


@pytest.mark.parametrize("scores,offered", CONFIDENCE_ROWS, ids=[str(r[0]) for r in CONFIDENCE_ROWS])
def test_suggestion_is_offered_only_when_confident(scores, offered):
    assert is_confident(scores, 55.0, 6.0) is offered
