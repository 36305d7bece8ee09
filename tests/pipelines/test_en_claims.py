"""Which English clauses are forward-looking claims, and their kind, polarity and confidence."""
from __future__ import annotations

import datetime as dt

import pytest

from claims.extract import extract_text
from claims.meta import DocMeta

HEAD = "Jane Roe -- Chief Financial Officer\n\n"


def claims(body: str, backend: str = "rules", **meta):
    m = DocMeta(lang="en", date=meta.pop("date", dt.date(2025, 11, 20)), company="Acme Widgets", **meta)
    return extract_text(HEAD + body + "\n", m, backend=backend).claims


def texts(body: str, **meta) -> list[str]:
    return [c.text for c in claims(body, **meta)]


@pytest.mark.parametrize("body, expected", [
    ("We will open 40 stores next year.", "We will open 40 stores next year"),
    ("We expect revenue to grow 8% in 2026.", "We expect revenue to grow 8% in 2026"),
    ("Revenue is expected to reach $2 billion by 2027.", "Revenue is expected to reach $2 billion by 2027"),
    ("We anticipate that margins will improve in the second half.", "We anticipate that margins will improve in the second half"),
    ("We plan to launch the new app in March.", "We plan to launch the new app in March"),
    ("We intend to retire the legacy product in 2027.", "We intend to retire the legacy product in 2027"),
    ("Our aim is to double cloud revenue within three years.", "Our aim is to double cloud revenue within three years"),
    ("We are targeting 10 million members by the end of 2027.", "We are targeting 10 million members by the end of 2027"),
    ("Our guidance calls for revenue of $5 billion, plus or minus 2%.", "Our guidance calls for revenue of $5 billion, plus or minus 2%"),
    ("Margins should improve next quarter.", "Margins should improve next quarter"),
    ("We're going to hold margins flat next year.", "We're going to hold margins flat next year"),
    ("We are on track to finish the plant by June.", "We are on track to finish the plant by June"),
    ("We remain confident that demand will stay strong through 2026.", "We remain confident that demand will stay strong through 2026"),
    ("Over time, we believe this business can reach 30% margins.", "Over time, we believe this business can reach 30% margins"),
    ("Once the plant is automated, we should hold unit costs flat.", "we should hold unit costs flat"),
    ("Even with capex at around $6 billion next fiscal year, the dividend is safe.", "Even with capex at around $6 billion next fiscal year"),
])
def test_en_claims_forward_cues_make_claims(body, expected):
    assert texts(body) == [expected]


@pytest.mark.parametrize("body", [
    "Revenue grew 12% year over year to $3.1 billion.",                 # the past
    "Results were better than we expected.",                             # a cue inside a past frame
    "As we anticipated, margins expanded last quarter.",
    "With that, I'll turn the call over to the operator.",               # talk about the call
    "I will now walk you through the numbers.",
    "Will margins keep expanding next year?",                            # a question, even from an executive
    "Now to guidance.",                                                  # a cue word, no forecast
    "The 30% target hasn't gone anywhere.",
    "You'll see in the slides that revenue grew 12%.",
    "Revenue grew 12% and we expected more, but we guided to 10% for the quarter.",
])
def test_en_claims_non_claims_are_skipped(body):
    assert texts(body) == []


def test_en_claims_analyst_question_and_operator_are_never_claims():
    body = ("We will grow.\n\nOperator\n\nWe will now take questions. Our first question comes from Bo Li with Kestrel Bank.\n\n"
            "Bo Li -- Kestrel Bank -- Analyst\n\nYou said revenue will grow 10% next year. We expect more.\n")
    assert texts(body) == ["We will grow"]


def test_en_claims_safe_harbor_paragraph_is_never_a_claim():
    body = ("Before we begin, our remarks contain forward-looking statements, including statements about expected "
            "revenue, which involve risks and uncertainties. We expect to provide updates.\n\nWe expect revenue to grow 5% next year.")
    assert texts(body) == ["We expect revenue to grow 5% next year"]


@pytest.mark.parametrize("body, negated", [
    ("We don't expect tariffs to hurt margins next year.", True),
    ("We do not anticipate any layoffs in 2026.", True),
    ("We will not raise prices this holiday season.", True),
    ("We won't need more capital next year.", True),
    ("No new licenses will be sold after this year.", True),
    ("We have no plans to pursue a large acquisition over the next 12 months.", True),
    ("I don't think we'll see a slowdown next year.", True),
    ("Not only will margins expand next year, revenue will also grow.", False),
    ("We expect margins to expand next year.", False),
])
def test_en_claims_negation(body, negated):
    found = claims(body)
    assert found and found[0].negated is negated


@pytest.mark.parametrize("body, low, high", [
    ("Revenue will certainly grow next year.", 0.9, 1.0),
    ("Revenue will grow next year.", 0.8, 0.9),
    ("We expect revenue to grow next year.", 0.7, 0.8),
    ("Revenue will likely grow next year.", 0.55, 0.65),
    ("Revenue may grow next year.", 0.3, 0.45),
    ("Revenue could decline next year.", 0.3, 0.45),
])
def test_en_claims_hedges_set_confidence(body, low, high):
    (c,) = claims(body)
    assert low <= c.confidence <= high


@pytest.mark.parametrize("body, kind", [
    ("For the fourth quarter, we expect revenue of $2.4 billion to $2.5 billion.", "guidance"),
    ("We are raising our full-year outlook to $9.3 billion.", "guidance"),
    ("We aim to double data center revenue by 2028.", "target"),
    ("We plan to open four new regions over the next 12 months.", "plan"),
    ("We'll remodel 120 stores next year.", "plan"),
    ("We expect demand to stay strong through 2026.", "prediction"),
])
def test_en_claims_kind(body, kind):
    (c,) = claims(body)
    assert c.kind == kind


def test_en_claims_split_guidance_list_into_one_claim_per_metric():
    body = "For the fourth quarter, we expect comparable sales growth of 2% to 3% and adjusted EPS of $1.62 to $1.70."
    found = claims(body)
    assert [c.text for c in found] == ["For the fourth quarter, we expect comparable sales growth of 2% to 3%",
                                       "and adjusted EPS of $1.62 to $1.70"]
    assert {c.kind for c in found} == {"guidance"}


def test_en_claims_split_coordinated_commitments():
    body = "We are targeting 10 million members by 2027, and starting in January every member will get free delivery."
    assert len(claims(body)) == 2


def test_en_claims_speaker_and_quantities_attached():
    (c,) = claims("We expect capex of RMB 380 billion over the next three years.")
    assert c.speaker.name == "Jane Roe" and c.speaker.role == "CFO"
    assert [(q.text, q.value, q.unit) for q in c.quantities] == [("RMB 380 billion", 380e9, "CNY")]
    assert "investment" in c.topics


def test_en_claims_offsets_are_exact():
    body = "Thanks. We’ll open 40 stores next year — and we expect margins to rise in 2026."
    text = HEAD + body + "\n"
    m = DocMeta(lang="en", date=dt.date(2025, 11, 20), company="Acme Widgets")
    for c in extract_text(text, m, backend="rules").claims:
        assert text[c.start:c.end] == c.text


def test_en_claims_same_statement_in_other_words_shares_claim_id():
    body = ("We expect Atlas to be a $1 billion business by the end of 2028.\n\n"
            "So yes, Atlas gets to a billion dollars by the end of 2028, we expect.")
    found = claims(body)
    assert len(found) == 2 and found[0].claim_id == found[1].claim_id


def test_en_claims_different_metrics_same_period_stay_apart():
    body = "For the fourth quarter, we expect revenue of $2.4 billion. Operating margin should be about 26%."
    found = claims(body)
    assert len(found) == 2 and found[0].claim_id != found[1].claim_id


def test_en_claims_text_without_speaker_lines_has_unattributed_claims():
    m = DocMeta(lang="en", date=dt.date(2025, 11, 20), company="Acme Widgets")
    found = extract_text("We expect revenue to grow 8% next year. Revenue grew 5% this year.\n", m, backend="rules").claims
    assert [(c.text, c.speaker) for c in found] == [("We expect revenue to grow 8% next year", None)]
