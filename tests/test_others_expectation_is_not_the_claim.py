"""Wall Street's number is not the company's: a digest's guidance line that sets the company's figure
against the consensus ("營收：34～36 億美元 v.s. 34.3 億") keeps only the company's figure in the claim's
span, and a clause that states the consensus ("華爾街則預期 33.5%") is no claim."""
from __future__ import annotations

import pytest

from claims.core.meta import resolve_meta
from claims.core.script import to_simplified
from claims.extract import extract_text
from pipelines.data import load_lexicon
from pipelines.helpers.span_edges import comparison_tail, without_comparison_tail

DIGEST = ("星河科技公布第一季財報，營收優於預期。\n\n🎯Q2 業績展望\n🟢營收：34～36 億美元 v.s. 34.3 億\n"
          "🟢EPS：1.16～1.17 美元，優於預期的 1.15 美元\n🔴毛利率：約 24.1%（預期 25%）\n\n"
          "星河科技預期全年營業利益率將達到 31.5%，華爾街則預期 33.5%。\n")


@pytest.fixture(scope="module")
def claims():
    meta = resolve_meta(None, DIGEST, lang="zh", date="2026-05-06", period="2026-Q1", company="星河科技")
    return extract_text(DIGEST, meta).claims


@pytest.mark.parametrize("figure,market", [("34～36 億美元", "34.3 億"), ("1.16～1.17 美元", "1.15 美元"),
                                           ("約 24.1%", "25%")])
def test_a_guidance_line_keeps_the_companys_figure_and_drops_the_consensus(claims, figure, market):
    at = DIGEST.index(figure)
    hit = next((c for c in claims if c.start <= at < c.end), None)
    assert hit is not None, figure
    assert hit.text.endswith(figure) and market not in hit.text
    assert DIGEST[hit.start:hit.end] == hit.text


def test_a_clause_stating_wall_streets_number_is_no_claim(claims):
    assert any("31.5%" in c.text for c in claims)
    assert not any("33.5%" in c.text for c in claims)


@pytest.fixture(scope="module")
def tail():
    lex = load_lexicon("zh", "expectations.yaml")
    return comparison_tail(*[[to_simplified(w) for w in lex[k]] for k in ("VERSUS", "COMPARED", "EXPECTATION")])


@pytest.mark.parametrize("span", ["EPS 預估 0.086～0.103 美元", "營收將優於預期", "我們預期明年營收會超過去年",
                                  "預計營收將季增 10%～13%，毛利率提升至約 32%"])
def test_a_span_without_a_comparison_tail_keeps_its_end(tail, span):
    norm = to_simplified(span)
    assert without_comparison_tail(norm, 0, len(norm), tail) == len(span)


def test_a_tail_after_a_closing_bracket_is_cut(tail):
    span = "營收：34～38 億美元（YoY +80%）v.s. 32.4 億"
    norm = to_simplified(span)
    assert span[:without_comparison_tail(norm, 0, len(norm), tail)] == "營收：34～38 億美元（YoY +80%）"
