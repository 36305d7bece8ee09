"""The items of an English guidance list are each a guidance claim: after a semicolon as after the
colon of their lead ("we are targeting: revenue of …; subscription revenue of …"), and in a sentence
of metrics and amounts alone right after a guidance sentence ("We expect net sales of $10 billion to
$11 billion. GAAP diluted EPS of $0.37 to $0.45 …"). A results sentence after the guidance is none,
and nothing after a semicolon inherits from an item that was no claim."""
from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from claims.core.meta import resolve_meta
from claims.extract import run_pipeline
from pipelines import build_nlp, rules_only
from tests.extraction_helpers import claims_of

META = {"date": "2025-12-10", "period": "2025-Q4", "company": "Northwind Software", "fiscal_year_end": "11-27"}


def _claims(text: str):
    return claims_of(text, **META)


@lru_cache(maxsize=1)
def _rules_nlp():
    return build_nlp("en", overrides=rules_only("en"))


def _rule_claims(text: str):
    """What the rules alone take: the claims the learned gate keeps or drops, and learns from."""
    meta = resolve_meta(None, text, lang="en", **META)
    return [SimpleNamespace(**c) for c in run_pipeline(_rules_nlp(), text, meta)]


def _holding(claims, phrase: str, text: str):
    at = text.index(phrase)
    return [c for c in claims if c.start <= at < c.end]


def test_every_item_after_a_semicolon_of_a_targeted_list_is_guidance():
    text = ("For FY '26, we are targeting: total revenue of $12.9 to $13.1 billion; consumer subscription "
            "revenue of $3.35 billion to $3.4 billion; enterprise subscription revenue of $8.75 billion to "
            "$8.9 billion; and GAAP EPS of $7.90 to $8.10.\n")
    claims = _rule_claims(text)
    for phrase in ("total revenue of", "consumer subscription", "enterprise subscription", "GAAP EPS of"):
        hits = _holding(claims, phrase, text)
        assert hits, phrase
        assert hits[0].kind == "guidance", phrase
        assert "; " not in hits[0].text, phrase  # one item each, not the list


def test_a_sentence_of_metrics_and_amounts_after_guidance_is_guidance_too():
    text = ("Now turning to the outlook for the second quarter. We expect net sales in the range of $10 billion "
            "to $11 billion. GAAP diluted net income per share of $0.37 to $0.45 and non-GAAP diluted net income "
            "per share of $0.46 to $0.54.\n")
    for claims in (_claims(text), _rule_claims(text)):
        hits = _holding(claims, "GAAP diluted net income", text)
        assert hits and hits[0].kind == "guidance"


def test_a_results_sentence_after_guidance_is_no_claim():
    text = ("We expect net sales in the range of $10 billion to $11 billion next quarter. Gross margin was 62.6%, "
            "60 basis points above the midpoint of our guidance. Core earnings declined to $1.60 per share. "
            "We expect operating expenses of about $800 million. Segment profit margins expanded by 100 basis "
            "points in Software and 180 basis points in Consulting.\n")
    claims = _rule_claims(text)
    assert _holding(claims, "net sales in the range", text)
    assert _holding(claims, "operating expenses of about", text)
    for phrase in ("Gross margin was", "Core earnings declined", "Segment profit margins"):
        assert not _holding(claims, phrase, text), phrase
