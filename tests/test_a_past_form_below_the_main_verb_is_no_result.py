"""A past form is a result only when it is the clause's own verb. "We must accelerate the pace of our
openings to capture the demand we've driven" is a commitment: its past form sits in a relative clause,
and the English rules had vetoed the whole clause for the learned gate. Where the parse shows the verb
heading the clause, its form decides; without a parse (the rules backend) any past form still does."""
from __future__ import annotations

import pytest
import spacy

from pipelines.backends.en_model import installed_model
from pipelines.components.en_claims import _main_verb_past


@pytest.fixture(scope="module")
def parsed():
    package = installed_model()
    if package is None:
        pytest.skip("en_core_web_sm is not installed (the rules backend has no parse)")
    nlp = spacy.load(package)
    return lambda text: nlp(text)[:]


@pytest.mark.parametrize("text", [
    "We must accelerate the pace of our restaurant openings to capture the demand we've driven over the past few years",
    "Gross margins are expected to remain stable",
    "We will keep investing in the brands we acquired last year",
    "The Board wants to return the capital it raised",
])
def test_a_clause_whose_own_verb_looks_ahead_is_not_past(parsed, text):
    assert _main_verb_past(parsed(text)) is False


@pytest.mark.parametrize("text", [
    "Revenue grew 12% in the third quarter",
    "We have raised our dividend twice this year",
    "Operating expenses were up 3% from a year ago",
    "Margins expanded and cash flow improved",
])
def test_a_clause_whose_own_verb_is_past_is_a_result(parsed, text):
    assert _main_verb_past(parsed(text)) is True


def test_without_a_parse_the_verb_cannot_be_told():
    assert _main_verb_past(spacy.blank("en")("Revenue grew 12% in the third quarter")[:]) is None
