"""Which English clauses are forward-looking claims, and their kind, polarity and confidence."""
from __future__ import annotations

import datetime as dt

import pytest

from claims.extract import extract_text
from claims.core.meta import DocMeta
from claims.core.models import Period

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
    # a release's bullet: the forecast without its "is"
    ("Net sales for the third quarter expected to increase by low double digits.", "Net sales for the third quarter expected to increase by low double digits"),
])
def test_en_claims_forward_cues_make_claims(body, expected):
    assert texts(body) == [expected]


@pytest.mark.parametrize("body", [
    "Revenue grew 12% year over year to $3.1 billion.",                 # the past
    "Results were better than we expected.",                             # a cue inside a past frame
    "Revenue grew 12%, as we expected to see last year.",
    "As we anticipated, margins expanded last quarter.",
    "With that, I'll turn the call over to the operator.",               # talk about the call
    "I will now walk you through the numbers.",
    "Will margins keep expanding next year?",                            # a question, even from an executive
    "Now to guidance.",                                                  # a cue word, no forecast
    "The 30% target hasn't gone anywhere.",
    "You'll see in the slides that revenue grew 12%.",
    "Revenue grew 12% and we expected more, but we guided to 10% for the quarter.",
    # "starting with" a segment opens a review of results, not a future
    "Starting with our completion division, revenue was $2.4 billion, an increase of 10%.",
    # a result set against an earlier forecast: the forecast word names the old forecast
    "Gross margin was 25.8%, in line with our revised guidance of 24.8% to 26.8%.",
    "Operating profit came to 6.7 trillion won, compared with its earlier estimate of 6.6 trillion won.",
    "Contribution profit totaled $69 million as content spending was lower than our forecast.",
    "On the first one, we'll turn to you, David.",                      # talk about the call
])
def test_en_claims_non_claims_are_skipped(body):
    assert texts(body) == []


def test_en_claims_relative_forecasts_after_a_list_take_in_the_noun_they_hang_on():
    got = texts("We are also raising our outlook for net revenue, which is now expected to range from $6.3 billion "
                "to $6.4 billion and cost of revenue, which is now expected to range from $2.6 billion to $2.7 billion.")
    assert len(got) == 2, got
    assert "net revenue" in got[0] and "$6.3 billion" in got[0], got
    assert got[1].startswith("and cost of revenue") and "$2.7 billion" in got[1], got


def test_en_claims_a_forecast_beside_a_comparison_with_an_earlier_one_is_still_a_claim():
    got = texts("We now expect organic growth of 2% to 5% this year, in line with our earlier expectations.")
    assert len(got) == 1 and "expect organic growth of 2% to 5%" in got[0], got


def test_en_claims_analyst_question_and_operator_are_never_claims():
    body = ("We will grow revenue next year.\n\nOperator\n\nWe will now take questions. Our first question comes from Bo Li with Kestrel Bank.\n\n"
            "Bo Li -- Kestrel Bank -- Analyst\n\nYou said revenue will grow 10% next year. We expect more.\n")
    assert texts(body) == ["We will grow revenue next year"]


def test_en_claims_safe_harbor_paragraph_is_never_a_claim():
    body = ("Before we begin, our remarks contain forward-looking statements, including statements about expected "
            "revenue, which involve risks and uncertainties. We expect to provide updates.\n\nWe expect revenue to grow 5% next year.")
    assert texts(body) == ["We expect revenue to grow 5% next year"]


@pytest.mark.parametrize("body", [
    "Wall Street was expecting a sales forecast of $9.3 billion for next year.",
    "Analysts surveyed by FactSet expect revenue of $693 million next quarter.",
])
def test_en_claims_third_party_expectations_are_not_claims(body):
    assert texts(body) == []


def test_en_claims_safe_harbor_ends_with_its_line_when_no_blank_line_follows():
    body = ("Before we begin, our remarks contain forward-looking statements, which involve risks and "
            "uncertainties. We undertake no obligation to update them.\n"
            "We expect revenue to grow 5% next year. We plan to open two plants in 2027.")
    assert texts(body) == ["We expect revenue to grow 5% next year", "We plan to open two plants in 2027"]


def test_en_claims_safe_harbor_ends_at_its_last_sentence_on_the_same_line():
    body = ("I'd like to review our outlook, which includes the type of forward-looking information we "
            "referred to earlier. We expect revenue to be between $85 billion and $89 billion. We expect "
            "gross margin to be between 37% and 38%.")
    assert texts(body) == ["We expect revenue to be between $85 billion and $89 billion",
                           "We expect gross margin to be between 37% and 38%"]


@pytest.mark.parametrize("body, first, second", [
    # "and" + a content-word subject with its own cue
    ("Revenue is expected to be 3 points higher and operating profit is expected to be 5 points higher next year.",
     "Revenue is expected to be 3 points higher", "operating profit is expected to be 5 points higher"),
    # "and" + a list item of the guidance's own noun phrase with its own range
    ("We expect a tax rate in the range of 26% to 27% for fiscal 2021 and weighted average shares outstanding "
     "in the range of 62.2 million to 62.3 million.",
     "We expect a tax rate in the range of 26% to 27% for fiscal 2021", "weighted average shares outstanding"),
])
def test_en_claims_two_claims_joined_by_and_are_two(body, first, second):
    got = texts(body)
    assert len(got) == 2 and got[0].startswith(first) and got[1].removeprefix("and ").startswith(second), got


def test_en_claims_and_then_a_second_verb_of_the_same_subject_stays_one_claim():
    assert len(texts("We expect to open ten stores next year and then expand into Canada.")) == 1


def test_en_claims_speech_to_text_without_punctuation_splits_at_each_we_with_a_cue():
    body = ("um so growing at 20 percent from our asset management business we expect spread related "
            "earnings to grow at 10 percent from retirement services and over time we expect to create "
            "more than 20 billion dollars of capital to invest or return to shareholders uh and that "
            "is the plan we laid out for everyone here today")
    got = texts(body)
    assert any(t.startswith("we expect spread related earnings to grow at 10 percent") for t in got), got
    assert any(t.startswith("we expect to create more than 20 billion dollars") for t in got), got
    assert not any("spread related" in t and "create more than" in t for t in got), got


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
    ("The company said it will build fewer trucks next year.", "plan"),
    ("Acme said in a separate filing it will buy back $2 billion of its shares next year.", "plan"),
    ("The company said suppliers will build two more plants next year.", "prediction"),
])
def test_en_claims_kind(rules_en, body, kind):
    """The kind the rules give (the learned gate may re-read it: tests/pipelines/test_claim_gate.py)."""
    from pipelines.constants import CLAIMS, EXT_CLAIM_INFO, EXT_META

    doc = rules_en.make_doc(HEAD + body + "\n")
    doc._.set(EXT_META, {"date": dt.date(2025, 11, 20), "company": "Acme Widgets", "company_aliases": [],
                         "fiscal_year_end": "12-31", "period": None, "lang": "en"})
    (c,) = rules_en(doc).spans[CLAIMS]
    assert c._.get(EXT_CLAIM_INFO)["kind"] == kind


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


# --- loosely phrased forward-looking statements (no "will"/"expect") --------------------------------

@pytest.mark.parametrize("body", [
    # a future time + a present-tense predicate
    "The new distribution center opens in the spring of 2027.",
    "Our surcharge of 3% takes effect on March 1, 2026.",
    "The pilot line is still pencilled in for the second half of 2026.",
    "By 2028, a quarter of our volume comes from the automated plants.",
    "The remaining restructuring charges end in 2027.",
    # noun cues with a future time or an amount
    "Our planning assumption for 2026 is organic growth of three to five percent.",
    "A segment margin of 18% by 2028 is the commitment.",
    "Free cash flow of about a billion dollars next year is the working number.",
    # desire, estimates, and doubts that predict
    "Within five years, I'd like services to be a third of revenue.",
    "Honestly, we'd love for subscriptions to be half of sales by 2030.",
    "I'd like to see services at a third of revenue by 2028.",
    "We want software to be a quarter of the mix within four years.",
    "I'd put that headwind at about forty basis points in the first half of 2026.",
    "I'd peg interest expense at roughly sixty million dollars next year.",
    "I'd be surprised if we're not through the $2 billion mark before the end of 2026.",
    "We think a twenty-two percent margin is achievable.",
    "Frankly, that target looks very doable.",
    "The plan is that we get margins to at least 19% by 2028.",
    # "should" with the current year
    "Aerospace should grow double digits again this year.",
])
def test_en_claims_loose_future_statements_are_claims(body):
    assert len(texts(body)) == 1, texts(body)


@pytest.mark.parametrize("body", [
    "I'll keep the prepared part short this morning.",
    "I'll be careful here, because the tariff picture keeps moving.",
    "I'll be honest, the quarter was noisy.",
    "Sure, I'll take that one.",
    "Let me give you some color on orders.",
    "I'd like to thank the whole team for a strong 2025.",
    "I'd like to be clear about one thing.",
    "I'm going to be brief and then we'll go to questions.",
    "So let me just walk you through the segments.",
    "We're heading into next year with a healthy backlog.",                 # how things stand now
    "Revenue is up 4% so far this year.",
    "Shipments rose eleven percent in the quarter, because demand recovered in 2026.",
    "Our fiscal year ends on September 30.",                                # a definition, not a forecast
    "Backlog stood at $3 billion, which gives us good visibility into 2026.",  # a result and its comfort
    "In January we closed the acquisition of Midland Pumps.",
    "That's really a 2026 question.",                                       # chatter that names a year
    "Sorry, I meant fiscal 2027.",
    "The stock trades at twelve times 2026 earnings.",
    "I'd say about 60% of that came in the quarter.",                      # an estimate of the past
])
def test_en_claims_discourse_asides_and_present_states_are_not_claims(body):
    assert texts(body) == []


def test_en_claims_discourse_aside_keeps_the_claim_it_introduces():
    (c,) = claims("Let me be clear that we plan to keep raising the dividend.")
    assert c.kind == "plan" and not c.negated


@pytest.mark.parametrize("body, negated", [
    ("I'd be surprised if we're not past $1 billion in backlog by the end of 2026.", False),
    ("I'd be surprised if volumes grew faster than two percent next year.", True),
    ("We don't plan one unless input costs move meaningfully.", True),
    ("We do not plan another price increase in 2026.", True),
    ("We don't plan on another raise unless demand weakens.", True),
    ("We have no plans for another restructuring.", True),
])
def test_en_claims_doubt_and_negated_plans_polarity(body, negated):
    (c,) = claims(body)
    assert c.negated is negated


@pytest.mark.parametrize("body, expected", [
    # a relative clause takes in the clause it hangs on
    ("Steel costs came down sharply, which should help offset the wage increases.",
     ["Steel costs came down sharply, which should help offset the wage increases"]),
    # unless it says a forecast in words with a time of its own: then it is a claim of its own
    ("Steel costs came down sharply, which should help offset the wage increases next year.",
     ["which should help offset the wage increases next year"]),
    ("We received strong feedback on the new battery, which will begin shipping next year out of Houston.",
     ["which will begin shipping next year out of Houston"]),
    # and is dropped when that clause is already a claim of its own
    ("A new billing system goes live in the second quarter of 2026, which should help working capital.",
     ["A new billing system goes live in the second quarter of 2026"]),
    # beside a claim, a time of its own is enough
    ("We see growing demand for this score, which will launch with Plaid in the first half of 2026.",
     ["We see growing demand for this score", "which will launch with Plaid in the first half of 2026"]),
])
def test_en_claims_relative_fragments_are_not_claims_alone(body, expected):
    assert texts(body) == expected


def test_en_claims_two_years_joined_are_one_horizon():
    # the same rule as the claim horizon component's: "2026 and 2027" is one time, not its first year
    (c,) = claims("We plan to reduce SKUs by double-digit percentages in 2026 and 2027 through line optimization.")
    assert c.horizon is not None
    assert (c.horizon.start.isoformat(), c.horizon.end.isoformat()) == ("2026-01-01", "2027-12-31")


def test_en_claims_spelled_out_amounts_reach_the_claim():
    (c,) = claims("Our planning assumption for 2026 is organic growth of four to six percent.")
    assert [(q.text, q.value, q.unit) for q in c.quantities] == [("four to six percent", 5.0, "%")]
    assert c.horizon is not None and c.horizon.end.isoformat() == "2026-12-31"


@pytest.mark.parametrize("body, expected", [
    ("Aerospace grew fourteen percent in 2025, and aerospace should grow double digits again next year.",
     ["and aerospace should grow double digits again next year"]),
    ("Orders rose 6% last quarter, and bookings will stay strong in 2026.",
     ["and bookings will stay strong in 2026"]),
    ("Pricing held up well, and pricing should add two points in 2026.",
     ["and pricing should add two points in 2026"]),
])
def test_en_claims_result_then_forecast_split_at_and(body, expected):
    assert texts(body) == expected


@pytest.mark.parametrize("body, low, high", [
    ("The surcharge of 3% takes effect in March 2026.", 0.65, 0.75),          # said as a fact
    ("The new plant probably opens in the second half of 2026.", 0.55, 0.65),  # its own hedge
])
def test_en_claims_time_licensed_statement_confidence(body, low, high):
    (c,) = claims(body)
    assert low <= c.confidence <= high


def test_en_claims_a_date_and_time_alone_is_no_claim():
    # a scraped page's timestamp cell: a future date, no words
    assert texts("2027-01-29 01:31:40\n\nWe will open 40 stores next year.") == ["We will open 40 stores next year"]



def test_en_claims_an_outlook_tables_rows_are_guidance_for_the_headers_period_a_results_table_none():
    """A release's outlook table ("|  | Q1 2025 Guidance |") states guidance in rows with no verb; the
    table beside it of this quarter's results and the prior guidance holds no claim."""
    text = ("Acme Reports Fourth Quarter Results\n\n"
            "|  | Q4 2024 Results | Prior Q4 2024 Guidance |\n| --- | --- | --- |\n"
            "| Revenue | $503.5 million | $484.0 - $500.0 million |\n\n"
            "Acme is providing the following outlook.\n\n"
            "|  | Q1 2025 Guidance |\n| --- | --- |\n"
            "| Revenue | $484 - $492 million |\n| Adjusted EBITDA | $3.0 - $4.5 million |\n")
    m = DocMeta(lang="en", date=dt.date(2025, 2, 10), company="Acme Widgets", fiscal_year_end="12-31",
                period=Period(start=dt.date(2024, 10, 1), end=dt.date(2024, 12, 31), label="2024-Q4"))
    got = [(c.text, c.kind, c.horizon and str(c.horizon.end)) for c in extract_text(text, m, backend="rules").claims]
    assert ("Revenue | $484 - $492 million", "guidance", "2025-03-31") in got, got
    assert ("Adjusted EBITDA | $3.0 - $4.5 million", "guidance", "2025-03-31") in got, got
    assert not any("503.5" in t for t, _, _ in got), got


def test_the_items_of_a_list_under_a_forecast_lead_are_claims_timed_by_the_lead():
    """"For the second quarter of 2026, we expect:" over bullets: each item is a guidance claim with
    the lead's period; the lead itself is a frame, no claim; a list under a plain lead is none."""
    body = ("For the second quarter of 2026, we expect:\n\n• Revenue of $1.2 billion to $1.3 billion\n"
            "• Gross margin of approximately 45%\n\nIn the first quarter we saw:\n\n• Revenue of $1.1 billion\n")
    got = claims(body, date=dt.date(2026, 5, 1))
    assert [c.text for c in got] == ["Revenue of $1.2 billion to $1.3 billion", "Gross margin of approximately 45%"], got
    assert {c.kind for c in got} == {"guidance"}
    assert {(str(c.horizon.start), str(c.horizon.end)) for c in got} == {("2026-04-01", "2026-06-30")}


def test_the_items_of_an_inline_list_after_a_forecast_lead_and_a_colon_are_claims():
    """"We are raising our guidance as follows: net revenues of …, EPS of … and …": one claim per item,
    each the lead's guidance, timed by the sentence."""
    body = ("We are raising our fiscal 2026 full year guidance as follows: consolidated net revenues in the range "
            "of $2.8 billion to $3.0 billion, reported earnings per diluted share in the range of $1.40 to $2.10 "
            "and adjusted earnings per diluted share in the range of $2.10 to $2.80.")
    got = [c for c in claims(body) if "$" in c.text]
    assert len(got) == 3 and {c.kind for c in got} == {"guidance"}, got
    assert all(c.horizon is not None and str(c.horizon.end) == "2026-12-31" for c in got), got


def test_a_colon_after_a_plain_statement_leads_no_list():
    assert texts("Our results were strong: net revenues of $2.8 billion and earnings per share of $1.40.") == []


@pytest.mark.parametrize("notice", [
    "Copyright (c) 2025 Dow Jones & Company, Inc.\n\n© 2026 Acme Widgets. All Rights Reserved.",   # the year it names
    "[source](https://example.com/news/acme-targets-5-percent-growth-in-fiscal-2026)\n\n"          # a link alone
    "https://example.com/acme-expects-record-2027",
])
def test_copyright_lines_and_lines_that_are_only_a_link_are_never_claims(notice):
    assert texts("We expect revenue to grow 5% in 2026.\n\n" + notice + "\n") == ["We expect revenue to grow 5% in 2026"]


def test_announcing_the_guidance_one_will_give_is_no_claim():
    assert texts("I'll finish with our guidance for Q2 2027 and the full year.") == []
    assert texts("Let me reiterate our guidance of $5 in earnings per share for 2026.") != []


@pytest.mark.parametrize("body, found", [
    ("And as guided in February, we are committed to keeping costs below $12 billion in 2026.", True),
    ("Revenue grew faster than we had expected, reaching $2 billion.", False),
    ("As we guided last quarter, revenue grew 5%.", False),
])
def test_a_cue_after_a_past_frame_still_counts_one_inside_it_does_not(body, found):
    assert bool(texts(body)) == found, texts(body)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_typographic_apostrophe_cues_like_a_straight_one(apostrophe):
    body = f"We{apostrophe}ll invest in technology, and we{apostrophe}re going to open two plants in 2026."
    assert len(texts(body)) == 2


def test_an_aside_between_two_dashes_does_not_cut_the_claim():
    """"our total cloud growth rate – applications plus infrastructure – will increase …": the claim
    runs through the aside to its figures; one dash alone still ends a clause."""
    got = texts("We expect our total cloud growth rate – applications plus infrastructure – will increase "
                "from 24 percent in FY25 to over 40 percent in FY26.")
    assert len(got) == 1 and got[0].startswith("We expect our total cloud") and got[0].endswith("in FY26"), got


@pytest.mark.parametrize("stamp", ["[12:40.8 - 12:46.3] ", "(10:41.400) ", "[00:01:23] "])
def test_a_claim_span_never_opens_on_a_speech_to_text_timestamp(stamp):
    body = f"{stamp}Revenue grew 4% last year.\n{stamp}We expect revenue to grow 8% in 2026.\n"
    assert texts(body) == ["We expect revenue to grow 8% in 2026"]


def test_a_news_pages_related_headline_line_is_no_speaker():
    """"Related: <headline>" opens no turn: the company's guidance after it stays the company's."""
    text = ("Acme Widgets said Tuesday it expects revenue of $1 billion in 2026.\n\n"
            "Related: Acme's stock soars after it beats estimates\n\n"
            "The company also expects adjusted Ebitda of $80 million to $90 million in 2026.\n")
    got = extract_text(text, DocMeta(lang="en", date=dt.date(2025, 11, 20), company="Acme Widgets"), backend="rules").claims
    assert got and all(c.speaker is None or "Related" not in (c.speaker.name or "") for c in got), got


def test_a_relative_clause_dropped_beside_its_claim_is_a_decided_nonclaim():
    # the learned gate never adds what the rules rejected for a reason: "which should help working
    # capital" says nothing alone once the clause it hangs on is a claim of its own
    from pipelines import build_nlp, rules_only
    from pipelines.constants import CLAIMS, EXT_META, NONCLAIMS

    nlp = build_nlp("en", overrides=rules_only("en"))
    doc = nlp.make_doc(HEAD + "A new billing system goes live in the second quarter of 2026, which should help working capital.\n")
    doc._.set(EXT_META, {"lang": "en", "date": dt.date(2025, 11, 20), "company": None, "company_aliases": [],
                         "fiscal_year_end": "12-31", "period": None})
    doc = nlp(doc)
    assert [s.text for s in doc.spans[CLAIMS]] == ["A new billing system goes live in the second quarter of 2026"]
    assert [s.label_ for s in doc.spans[NONCLAIMS] if s.text.startswith("which should help")] == ["relative"]


@pytest.mark.parametrize("sentence,reason", [
    ("Analysts expect revenue to grow 10% next year.", "third_party"),
    ("Revenue rose 8% to $3 billion in the third quarter.", "past"),
    ("If demand holds up in 2026, margins could widen.", "condition"),
])
def test_a_rejected_clause_records_why_the_rules_rejected_it(sentence, reason):
    # the learned gate may overrule a reading of form (a past tense, a condition), never another
    # party's view: it needs the reason, not only the rejection
    from pipelines import build_nlp, rules_only
    from pipelines.constants import EXT_META, NONCLAIMS

    nlp = build_nlp("en", overrides=rules_only("en"))
    doc = nlp.make_doc(HEAD + sentence + " We expect revenue to grow 12% next year.\n")
    doc._.set(EXT_META, {"lang": "en", "date": dt.date(2025, 11, 20), "company": None, "company_aliases": [],
                         "fiscal_year_end": "12-31", "period": None})
    doc = nlp(doc)
    assert [s.label_ for s in doc.spans[NONCLAIMS] if sentence.startswith(s.text)] == [reason]
