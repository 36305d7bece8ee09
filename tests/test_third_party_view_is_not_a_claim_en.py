"""A report's sentence that opens on a third party and its verb of expecting ("Analysts expect …",
"FactSet analysts see …") is their view, not the company's, even when none of the company's cues
fires in it; the company expecting something of the market is still its own claim."""
from __future__ import annotations

import pytest

from tests.extraction_helpers import claims_of

REPORT = ("Flutter Entertainment reported third-quarter results on Tuesday. The company said it expects revenue "
          "of $14 billion for the full year. Analysts expect even more explosive growth in the next few years. "
          "FactSet analysts see full-year revenue rising about 20% to $14.13 billion.\n")
CALL = ("Operator: Welcome.\nJane Roe -- Chief Executive Officer\nWe expect the market to grow about 5% next year, "
        "and analysts expect us to gain share.\n")


def _claims(text: str, company: str):
    return claims_of(text, date="2024-11-12", period="2024-Q3", company=company)


@pytest.mark.parametrize("view", ["explosive growth", "rising about 20%"])
def test_a_sentence_opening_on_analysts_expecting_is_no_claim(view):
    claims = _claims(REPORT, "Flutter Entertainment")
    assert any("$14 billion" in c.text for c in claims)
    assert not any(view in c.text for c in claims)


def test_the_company_expecting_something_of_the_market_stays_its_claim():
    claims = _claims(CALL, "Acme")
    assert any("market to grow" in c.text for c in claims)
