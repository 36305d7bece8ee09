"""Reported speech in English news, wrapped lines, and speakers of transcripts that start mid-call."""
from __future__ import annotations

from pipelines import get_nlp
from pipelines.constants import CLAIMS, EXT_CLAIM_INFO, EXT_META, EXT_TURN, TURNS


def run(text: str, company: str = "Acme Widgets", aliases=("Acme",)):
    nlp = get_nlp("en", "rules")
    doc = nlp.make_doc(text)
    doc._.set(EXT_META, {"lang": "en", "date": None, "company": company, "company_aliases": list(aliases),
                         "fiscal_year_end": "12-31", "period": None})
    return nlp(doc)


def speaker_of(doc, words: str):
    """The speaker name of the turn holding `words`."""
    at = doc.text.index(words)
    for t in doc.spans[TURNS]:
        if t.start_char <= at < t.end_char:
            return (t._.get(EXT_TURN)["speaker"] or {}).get("name"), t._.get(EXT_TURN)["kind"]
    raise AssertionError(words)


def claim_speakers(doc):
    return {c.text: ((c._.get(EXT_CLAIM_INFO) or {}).get("speaker") or {}).get("name") for c in doc.spans[CLAIMS]}


def test_a_quote_followed_by_said_and_a_titled_name_is_that_persons():
    doc = run("Acme Widgets reported higher sales on Tuesday.\n"
              "“We expect revenue to grow 10% next year,” said Acme CEO, Dana Whitfield.\n")
    assert speaker_of(doc, "We expect revenue") == ("Dana Whitfield", "exec")
    assert speaker_of(doc, "Acme Widgets reported") == (None, "narrator")


def test_the_next_quotation_without_attribution_keeps_the_speaker():
    doc = run("“Demand stayed strong,” said Dana Whitfield, Chief Financial Officer. "
              "“We expect margins to expand in 2026.”\n")
    assert speaker_of(doc, "We expect margins") == ("Dana Whitfield", "exec")


def test_a_name_said_that_gives_the_reported_clause_to_the_person():
    doc = run("Chief Executive Dana Whitfield met investors in May.\n"
              "Whitfield said the company will open 40 new stores next year.\n")
    assert speaker_of(doc, "the company will open") == ("Dana Whitfield", "exec")


def test_an_analysts_quoted_forecast_is_not_the_companys():
    doc = run("“Acme will miss its target next year,” said Lee Marsh, an analyst at Kestrel Bank.\n")
    assert speaker_of(doc, "Acme will miss") == ("Lee Marsh", "analyst")
    assert not [c for c in doc.spans[CLAIMS] if "miss its target" in c.text]


def test_unattributed_narration_still_speaks_for_the_company_beside_quotes():
    doc = run("Acme expects revenue of $5 billion to $6 billion in fiscal 2026.\n"
              "“We will keep investing,” said Dana Whitfield, Chief Executive Officer.\n")
    speakers = claim_speakers(doc)
    assert any("revenue of $5 billion" in t and s is None for t, s in speakers.items())
    assert any("keep investing" in t and s == "Dana Whitfield" for t, s in speakers.items())


def test_a_line_break_inside_a_wrapped_sentence_does_not_end_it():
    doc = run("Looking into the next year, after a long period of heavy investment, we anticipate\n"
              "positive flows into the fixed income business and further growth in 2026.\n")
    sents = [s.text for s in doc.sents]
    assert any("anticipate\npositive flows" in s for s in sents)


_WRAPPED = ("We delivered another strong quarter across all of our regions, and we\n"
            "Continue to invest in our brands while we manage costs very carefully this\n"
            "year and beyond, and we expect margins to expand further as volumes recover\n") * 4
_SENTENCE_PER_LINE = (
    "We delivered a strong quarter and our strength in e-commerce underpins our success\n"
    "China is a benchmark for the impact of our strategy\n"
    "We plan to trim our launches for next year by another 20% to sharpen our focus on our biggest brands\n"
    "Our pipeline is strong\n"
    "We expect gross margin to recover in the second half as the cost savings from our transformation program "
    "come through and as the supply chain issues of the last two quarters are resolved with our partners\n"
    "Inventory is down year over year in every region\n"
    "We are reshaping the incentive system to better align it with our strategy\n"
    "Sales in Europe grew in the quarter\n"
    "We will open our first center in the first half of next year in partnership with a leading retailer in "
    "the region, which gives us a direct line to millions of families who buy our products\n"
    "Thank you all for joining us today\n"
    "Our retail partners responded well to the new line and reorders came in faster than we had planned for\n"
    "We see momentum building in our digital business\n"
    "Costs came in line with what we told you at our investor day in the spring\n"
    "We continue to focus on superior product design with all of our partners around the world, from design "
    "to manufacturing and distribution, and on the quality that our customers expect from us\n")


def test_lines_of_a_sentence_each_end_their_sentences_though_unpunctuated():
    # a dataset's layout: one sentence per line, no full stops, line lengths all over the place
    doc = run(_SENTENCE_PER_LINE)
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert "We plan to trim our launches for next year by another 20% to sharpen our focus on our biggest brands" in sents
    assert not any("success\nChina" in s for s in sents)


def test_a_fixed_width_wrap_before_a_capital_still_goes_on():
    doc = run(_WRAPPED)
    assert any("and we\nContinue to invest" in s.text for s in doc.sents)


def test_a_heading_line_and_bullets_still_start_sentences():
    doc = run("Outlook\nWe expect revenue to grow in 2026.\n- Margins will expand\n- Costs will fall\n")
    starts = [s.text.split()[0] for s in doc.sents if s.text.strip()]
    assert starts[:2] == ["Outlook", "We"]
    assert starts.count("-") == 2


# a call that opens mid-way: a question, an answer that names the asker, the next question
MID_CALL_QUESTIONS = ("Lee Marsh: Okay. I wonder if you could quantify the training cost.\n\n"
                      "Sam Ortiz: Hey Lee, I'll take that. We expect training costs to fall next year.\n\n"
                      "Rae Kim: Thanks. Next, on fuel.\n\nSam Ortiz: Fuel will be flat.\n")


def test_every_full_name_of_a_name_colon_transcript_is_a_speaker_even_if_seen_once():
    doc = run("Dana Whitfield: Well, Lee, we will add capacity next year.\n\n" + MID_CALL_QUESTIONS)
    assert speaker_of(doc, "we will add capacity")[0] == "Dana Whitfield"


def test_an_unknown_speaker_answered_by_first_name_after_asking_is_an_analyst():
    doc = run("Dana Whitfield: We will add capacity next year.\n\n" + MID_CALL_QUESTIONS)
    assert speaker_of(doc, "I wonder if") == ("Lee Marsh", "analyst")
    assert speaker_of(doc, "We expect training")[1] == "exec"


def test_each_item_of_a_guidance_list_after_commas_is_its_own_claim():
    doc = run("For fiscal 2026, Acme is forecasting $2.10 to $2.30 in earnings per share, total sales between "
              "$4.1 and $4.3 billion, same-store sales growth of 2% to 3% and capital expenditures of $300 million.\n")
    texts = [c.text for c in doc.spans[CLAIMS]]
    assert any(t.startswith("total sales between") for t in texts)
    assert any(t.startswith("same-store sales growth") for t in texts)
    assert len(texts) >= 4


def test_a_slide_title_read_out_is_no_claim_and_no_speaker_line():
    doc = run("Dana Whitfield: Thank you.\nSlide 4 – Growth will accelerate across all segments\n"
              "We expect revenue to grow 8% in 2026.\n\nLee Marsh: Thanks.\n\nDana Whitfield: Sure, Lee.\n")
    texts = [c.text for c in doc.spans[CLAIMS]]
    assert not [t for t in texts if "accelerate" in t]
    assert any("revenue to grow 8%" in t for t in texts)
    assert speaker_of(doc, "We expect revenue")[0] == "Dana Whitfield"


def test_table_row_labels_of_a_release_are_not_speakers():
    doc = run("Adjusted EPS: $1.20 compared to $0.80 in the prior year quarter.\n"
              "Regional Operations: adjusted revenue rose and operations improved.\n"
              "Dana Whitfield: We expect adjusted revenue to grow in 2026.\n"
              "Adjusted EPS: $4.10 for the full year.\n")
    names = {(t._.get(EXT_TURN)["speaker"] or {}).get("name") for t in doc.spans[TURNS]}
    assert "Adjusted EPS" not in names and "Regional Operations" not in names


def test_hoping_an_answer_helped_is_no_target():
    doc = run("Dana Whitfield: We expect margins to widen in 2026. Lee, I hope that answers your question.\n")
    assert [c.text for c in doc.spans[CLAIMS] if "hope" in c.text] == []


def test_a_name_and_title_run_together_with_a_double_hyphen_split_at_it():
    doc = run("Dana Whitfield--Executive Vice President, Chief Financial Officer\n\n"
              "Thank you. We expect sales growth of 5% to 7% in 2026.\n")
    assert speaker_of(doc, "We expect sales")[0] == "Dana Whitfield"


def test_an_excerpt_opening_on_a_bare_full_name_opens_on_its_speaker():
    doc = run("Dana Whitfield \nThank you, Lee. We expect net interest income to grow next quarter.\n"
              "Deposits rose in the quarter.\n")
    assert speaker_of(doc, "We expect net interest")[0] == "Dana Whitfield"


def test_a_heading_made_of_the_texts_own_words_opening_it_is_no_speaker():
    doc = run("Financial Highlights\nRevenue rose 5%, among other financial highlights, and we expect further "
              "growth in 2026 as demand holds.\n")
    assert speaker_of(doc, "we expect further")[0] is None


def test_a_report_that_the_company_called_for_revenue_is_guidance_and_a_call_for_resignation_is_not():
    doc = run("As a result, the company called for fiscal second-quarter revenue between $610 million and "
              "$650 million.\nCritics called for the resignation of the board.\n")
    texts = [c.text for c in doc.spans[CLAIMS]]
    assert any("called for fiscal second-quarter revenue" in t for t in texts)
    assert not any("resignation" in t for t in texts)


def test_a_speaker_restating_what_the_company_said_and_asking_is_an_analyst():
    doc = run("Dana Whitfield: Yes.\n"
              "Lee Marsh: Okay. Dana, you mentioned margins and you guided to growth in the fourth quarter. "
              "If I could just ask a follow up on volumes.\n"
              "Sam Ortiz: Volumes will grow next year.\n"
              "Lee Marsh: Okay. And I think you had said that you don't expect improvement next year.\n")
    assert speaker_of(doc, "you guided to growth") == ("Lee Marsh", "analyst")
    assert not [c for c in doc.spans[CLAIMS] if "don't expect improvement" in c.text]


def test_a_quotation_opening_a_paragraph_with_a_straight_mark_is_the_persons_named_after_it():
    doc = run("Acme Widgets (\"Acme\") reported results today.\n\n"
              "\"Sales fell this quarter. We expect margins to recover through the balance of the year,\" "
              "said Dana Whitfield, President and Chief Executive Officer of Acme Widgets.\n\nNet sales were $5 million.\n")
    assert speaker_of(doc, "We expect margins")[0] == "Dana Whitfield"
    assert speaker_of(doc, "Net sales were")[0] is None


def test_a_straight_quotation_running_over_paragraphs_keeps_its_speaker():
    doc = run("\"Demand stayed strong,\" said Dana Whitfield, Chief Executive Officer. \"Our margins improved.\n\n"
              "1\n\n"
              "\"We expect to open 40 stores next year. We will keep investing in automation.\n\n"
              "\"We plan to expand our distribution center in 2027,\" Whitfield added.\n\n"
              "Net sales for the quarter were $5 million.\n")
    assert speaker_of(doc, "We expect to open")[0] == "Dana Whitfield"
    assert speaker_of(doc, "We plan to expand")[0] == "Dana Whitfield"
    assert speaker_of(doc, "Net sales for the quarter")[0] is None


def test_a_titled_name_stating_a_quotation_speaks_only_until_the_quotation_closes():
    doc = run("Acme Reports Second-Quarter Results\n\n"
              "Dana Whitfield, Chief Financial Officer, stated: “We expect revenue of $5 billion next year.”\n\n"
              "Results for the quarter are summarized below. The company expects to repurchase $1 billion "
              "of shares in 2027.\n")
    assert speaker_of(doc, "We expect revenue")[0] == "Dana Whitfield"
    assert speaker_of(doc, "The company expects to repurchase")[0] is None


def test_a_greeting_after_an_excerpts_unlabelled_opening_names_the_opening_voice():
    doc = run("So we expect to start sampling customers in the second half of this year.\n\n"
              "I'm delighted to take your questions.\n\n"
              "**Lee Marsh:** Hi Dana, it's Lee. What milestones should we watch for?\n\n"
              "**Dana Whitfield:** We expect production to ramp in 2027.\n\n"
              "**Lee Marsh:** Okay. And the capacity?\n\n"
              "**Dana Whitfield:** We will add another line next year.\n\n"
              "**Lee Marsh:** Last one: will you raise prices?\n\n"
              "**Dana Whitfield:** We will not raise prices this year.\n")
    # the opening is that voice's speech, not a reporter's narration
    assert speaker_of(doc, "we expect to start sampling") == ("Dana Whitfield", "exec")
    assert any("start sampling" in t and s == "Dana Whitfield" for t, s in claim_speakers(doc).items())


def test_a_named_voice_asking_in_most_of_its_turns_is_the_questioner_not_the_company():
    doc = run("**Lee Marsh:** What milestones should we watch for?\n\n"
              "**Dana Whitfield:** We expect production to ramp in 2027.\n\n"
              "**Lee Marsh:** Okay. Will the new plant open next year?\n\n"
              "**Dana Whitfield:** We will add another line next year.\n\n"
              "**Lee Marsh:** Last one: will you raise prices next year?\n\n"
              "**Dana Whitfield:** We will not raise prices this year.\n")
    assert speaker_of(doc, "Will the new plant")[1] == "analyst"
    assert speaker_of(doc, "We will add another line") == ("Dana Whitfield", "exec")
    assert not [c for c in doc.spans[CLAIMS] if "new plant" in c.text]


def test_a_section_heading_whose_first_word_follows_a_lower_case_word_is_no_speaker_line():
    doc = run("Acme Reports Results for the Second Quarter of Fiscal 2026\n\n"
              "Acme Widgets reported net sales of $5 million for the second quarter.\n\n"
              "Second Quarter Operating Results\n\n"
              "Operating results improved. Acme expects operating margins to expand in fiscal 2027.\n")
    assert speaker_of(doc, "Acme expects operating margins")[0] is None


def test_a_name_over_a_brokers_research_division_line_is_the_analysts_turn():
    doc = run("Lee Marsh\nKestrel Securities, Research Division\n\nWill demand hold up next year?\n\n"
              "Dana Whitfield\nExecutive VP & CFO\n\nWe expect demand to grow next year.\n\n"
              "Lee Marsh\nKestrel Securities, Research Division\n\nAnd margins? Will they expand next year?\n\n"
              "Dana Whitfield\nExecutive VP & CFO\n\nWe will keep margins stable in 2027.\n")
    assert speaker_of(doc, "And margins?")[1] == "analyst"
    assert speaker_of(doc, "We will keep margins")[0] == "Dana Whitfield"


def test_an_exchange_ticker_and_a_table_label_before_a_colon_are_no_speakers():
    doc = run("Nasdaq: ACME Q3 results overview\n\nAdjustments: restructuring charges were excluded from the adjustments.\n\n"
              "Nasdaq: ACME Outlook\n\nAdjustments: we expect restructuring savings in fiscal 2027.\n\n"
              "Acme expects revenue to grow in fiscal 2027.\n")
    assert speaker_of(doc, "we expect restructuring savings")[0] is None
    assert speaker_of(doc, "Acme expects revenue")[0] is None


def test_run_together_slide_bullets_split_at_a_capitalised_forward_verb():
    doc = run("Revenue Near-term sales expected to track production volumes Expect Q4 revenue to be down 3% to 4% "
              "reflecting program cancellations Gross Margin Continuing to target 18% to 20% margins over the next few years\n")
    texts = [c.text for c in doc.spans[CLAIMS]]
    assert any(t.startswith("Expect Q4 revenue") for t in texts), texts
    assert any(t.startswith("Continuing to target 18%") for t in texts), texts


def test_a_quotation_closed_by_name_concluded_is_that_persons():
    doc = run("Acme Widgets reported results.\n\n“Looking ahead, we expect margins to expand next year. "
              "We plan to open two plants in 2027,” Whitfield concluded.\n\n"
              "Dana Whitfield, Chief Executive Officer, joined Acme in 2020.\n")
    assert speaker_of(doc, "We plan to open two plants")[0] == "Dana Whitfield"


def test_quoted_paragraphs_go_on_after_a_quotation_that_ran_over_several_paragraphs():
    doc = run("“Our results improved,” said Dana Whitfield, Chief Executive Officer. “Demand held up.\n\n"
              "“We kept costs flat and cut debt again.\n\n"
              "“Our margins improved in every region.”\n\n"
              "\"Separately, we expect to open a plant in Texas next year.\n\n"
              "“Looking ahead, we will keep investing in automation in 2027,” Whitfield said.\n")
    assert speaker_of(doc, "we expect to open a plant")[0] == "Dana Whitfield"
    assert speaker_of(doc, "we will keep investing")[0] == "Dana Whitfield"


def test_a_statement_ending_in_a_tag_question_is_no_question():
    doc = run("Dana Whitfield: We're in production with the new chip, and we'll ship it in the second half, okay? "
              "Will you ship it sooner?\n")
    texts = [c.text for c in doc.spans[CLAIMS]]
    assert any("ship it in the second half" in t for t in texts), texts
    assert not any("sooner" in t for t in texts), texts


def test_a_memos_sender_line_names_who_writes_what_follows():
    doc = run("Item 8.01. Other Events.\n\nThe company issued an employee communication.\n\n"
              "Exhibit 99.1\n\nFROM: Dana Whitfield\nTO: Global Employees\n\n"
              "We will open 40 new stores in 2027 and we expect to hire 2,000 people.\n")
    assert speaker_of(doc, "We will open 40 new stores")[0] == "Dana Whitfield"


def test_a_name_with_letters_beyond_ascii_attributes_a_release_quotation():
    doc = run("Acme raised its outlook today.\n\nAsoka Wöhrmann, CEO of Acme SE, comments: “We have integrated "
              "our platforms. At the same time, we aim to double our client base by 2028.”\n")
    assert any("double our client base" in t and s == "Asoka Wöhrmann" for t, s in claim_speakers(doc).items())


def test_a_release_speaker_line_over_a_quotation_speaks_only_the_quotation():
    doc = run("Acme reported results today.\n\nJane Miller, CFO of Acme AG:\n\n“We plan to strengthen the "
              "profitability of our group. Operating cash flow will continue to increase in the coming years.”\n\n"
              "Acme expects revenue of EUR 1 billion in 2026.\n")
    speakers = claim_speakers(doc)
    assert any("cash flow will continue" in t and s == "Jane Miller" for t, s in speakers.items())
    assert any("revenue of EUR 1 billion" in t and s is None for t, s in speakers.items())
