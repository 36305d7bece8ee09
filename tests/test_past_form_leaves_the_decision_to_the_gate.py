"""A past form in a clause without a forecast cue is no rule claim. With a time still ahead it is only
a hint: "we reaffirmed full year EPS growth at the high end of our range for 2026" states the
company's outlook, and the learned gate decides it, where the rules' veto had hidden it. With no
time ahead it is a result, decided by the rules: results stay out."""
from __future__ import annotations

import pytest

from tests.extraction_helpers import claims_of


def _claims(sentence: str):
    text = "Operator: Welcome.\nJane Roe -- Chief Executive Officer\nThank you. " + sentence + "\n"
    return claims_of(text, date="2025-11-05", period="2025-Q3", company="Acme")


@pytest.mark.parametrize("sentence", [
    "And we reaffirmed full year EPS growth at the high end of our 7% to 9% range for 2026.",
    "Based on our positive outlook, we are raising our full year guidance for net operating income growth in 2026.",
    "So we decided to keep the share count flat and increase our dividend in 2026.",
])
def test_an_outlook_with_a_past_form_is_still_found(sentence):
    assert _claims(sentence)


@pytest.mark.parametrize("sentence", [
    "Revenue grew 12% in the third quarter of 2025, driven by services.",
    "We opened 40 new stores in the first half of 2025.",
    "Revenue rose 8% to $3 billion, and operating margin was 31%.",
])
def test_a_result_already_reported_is_no_claim(sentence):
    assert _claims(sentence) == []
