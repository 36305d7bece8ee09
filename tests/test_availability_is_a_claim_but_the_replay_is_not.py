"""A product that "will be available" later is a forecast of the company's; the call's replay,
webcast or transcript that "will be available" is talk about the call itself, never a claim."""
from __future__ import annotations

import pytest

from tests.extraction_helpers import claims_of


def _claims(text: str):
    return claims_of(text, date="2016-07-18", period="2016-Q2", company="Netflix")


def test_a_product_that_will_be_available_later_this_year_is_a_claim():
    text = "In the US, we are excited that Netflix will be available on the Comcast X1 set-top box later this year.\n"
    claims = _claims(text)
    assert any("Comcast X1" in c.text for c in claims)
    assert claims[0].horizon is not None and str(claims[0].horizon.end) == "2016-12-31"


@pytest.mark.parametrize("text", [
    "A replay of the audio webcast will also be available on our investor relations website for 90 days.\n",
    "Audio archive and a transcript will be available on the Investor Relations website next week.\n",
    "This call is being recorded and will be made available for replay later today.\n",
])
def test_the_calls_own_replay_or_transcript_is_no_claim(text):
    assert _claims(text) == []
