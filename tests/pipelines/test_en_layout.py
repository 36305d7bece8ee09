"""Speaker turns of English transcripts: who speaks, and whether it can be a claim at all."""
from __future__ import annotations

import pytest

from pipelines import get_nlp
from pipelines.components.en_layout import role_of
from pipelines.constants import BOILERPLATE, EXT_TURN
from pipelines.constants import EXT_META, TURNS


def run(text: str, company: str = "Acme Widgets", aliases=("Acme",)):
    nlp = get_nlp("en", "rules")
    doc = nlp.make_doc(text)
    doc._.set(EXT_META, {"lang": "en", "date": None, "company": company, "company_aliases": list(aliases),
                         "fiscal_year_end": "12-31", "period": None})
    return nlp(doc)


def said_by(text: str) -> dict[str | None, str]:
    """Speaker name (None: unnamed) -> the text of all their turns, joined."""
    doc = run(text)
    said: dict[str | None, list[str]] = {}
    for t in doc.spans[TURNS]:
        said.setdefault((t._.get(EXT_TURN)["speaker"] or {}).get("name"), []).append(t.text)
    return {name: " ".join(parts) for name, parts in said.items()}


def turns(doc):
    return [(t._.get(EXT_TURN)["kind"], (t._.get(EXT_TURN)["speaker"] or {}).get("name"), t.text.strip()[:20]) for t in doc.spans[TURNS]]


def kind_of_speaker(text):
    return {name: kind for kind, name, _ in turns(run(text))}


@pytest.mark.parametrize("text, expected", [
    # Motley Fool: "Name -- Title" and "Name -- Firm -- Analyst"
    ("Jane Roe -- Chief Executive Officer\n\nWe will grow.\n\nBo Li -- Kestrel Bank -- Analyst\n\nWill you grow?\n",
     [("exec", "Jane Roe", "We will grow."), ("analyst", "Bo Li", "Will you grow?")]),
    # Seeking Alpha body: "Name - Company - Title" lines
    ("Jane Roe - Acme Widgets - CFO\nMargins will expand.\nBo Li - Kestrel Bank - Analyst\nAnd costs?\n",
     [("exec", "Jane Roe", "Margins will expand."), ("analyst", "Bo Li", "And costs?")]),
    # "Name: text" with the operator introducing the analyst
    ("Operator: Our first question comes from Bo Li with Kestrel Bank.\n\nBo Li: Will margins expand?\n\n"
     "Jane Roe: Yes. We expect margins to expand.\n\nJane Roe: Thanks all.\n",
     [("operator", None, "Our first question c"), ("analyst", "Bo Li", "Will margins expand?"),
      ("exec", "Jane Roe", "Yes. We expect margi"), ("exec", "Jane Roe", "Thanks all.")]),
    # a bare "Operator" line
    ("Operator\nWelcome to the call.\nJane Roe -- CEO\nHello.\n",
     [("operator", None, "Welcome to the call."), ("exec", "Jane Roe", "Hello.")]),
])
def test_en_layout_reads_speaker_line_formats(text, expected):
    assert turns(run(text)) == expected


def test_en_layout_roster_names_bare_speaker_lines():
    text = ("Executives\nJane Roe - Chief Executive Officer\n\nAnalysts\nBo Li - Kestrel Bank\n\n"
            "Operator\nPlease go ahead.\n\nJane Roe\nWe will open ten stores.\n\nBo Li\nHow many next year?\n")
    doc = run(text)
    assert [t for t in turns(doc) if t[0] != "narrator"] == [("operator", None, "Please go ahead."), ("exec", "Jane Roe", "We will open ten sto"),
                          ("analyst", "Bo Li", "How many next year?")]
    roles = {s["name"]: (s["role"], s["org"]) for s in doc._.speakers}
    assert roles["Jane Roe"] == ("CEO", "Acme Widgets")
    assert roles["Bo Li"] == ("Analyst", "Kestrel Bank")


def test_en_layout_unknown_questioner_in_qa_is_an_analyst():
    text = ("Jane Roe: Revenue will grow.\n\nQuestion-and-Answer Session\n\nSam Park: What about margins next year?\n\n"
            "Jane Roe: They should expand.\n\nSam Park: Thanks, and what about tariffs?\n")
    kinds = [k for k, _, _ in turns(run(text))]
    assert kinds == ["exec", "analyst", "exec", "analyst"]


def test_en_layout_marks_safe_harbor_paragraph_as_boilerplate():
    text = ("Jane Roe -- Investor Relations\n\nToday's remarks include forward-looking statements that involve risks and "
            "uncertainties; actual results may differ materially.\n\nWe will also post slides.\n")
    doc = run(text)
    assert [s.text.split()[0] for s in doc.spans[BOILERPLATE]] == ["Today's"]


@pytest.mark.parametrize("title, role, kind", [
    ("Chief Executive Officer", "CEO", "exec"),
    ("Executive Vice President and Chief Financial Officer", "CFO", "exec"),
    ("Vice President, Investor Relations", "IR", "exec"),
    ("Senior Analyst", "Analyst", "analyst"),
    ("Operator", None, "operator"),
    ("Kestrel Bank", None, None),
])
def test_en_layout_role_of_title(title, role, kind):
    assert role_of(title) == (role, kind)


def test_en_layout_sentence_with_dash_is_not_a_speaker_line():
    text = "Jane Roe -- CEO\n\nRevenue grew 5% - a record - and we will keep investing.\n"
    assert [k for k, _, _ in turns(run(text))] == ["exec"]


def test_en_layout_reads_numbered_refinitiv_speaker_lines():
    text = ("-----\nOperator   [1]\n-----\n Welcome.\n\n-----\nJane Roe,  Acme Widgets - CEO   [2]\n-----\n We will grow.\n\n"
            "-----\nBo Li,  Kestrel Bank - Analyst   [3]\n-----\n Why?\n")
    got = [(k, n) for k, n, _ in turns(run(text)) if k != "narrator"]
    assert got == [("operator", None), ("exec", "Jane Roe"), ("analyst", "Bo Li")]


def test_en_layout_long_roster_entries_give_roles_to_colon_turns():
    text = ("Company Participants\n\n"
            "Jane Roe - Acme Widgets - Executive Vice President, Chief Financial Officer and Treasurer of the Company\n"
            "Sam Poe - Acme Widgets - Senior Director, Investor Relations and Corporate Communications Department\n\n"
            "Conference Call Participants\n\nBo Li - Kestrel Bank\n\n"
            "Sam Poe: Welcome, everyone, to the call.\n\nJane Roe: We expect margins to expand next year.\n")
    doc = run(text)
    roles = {s["name"]: s["role"] for s in doc._.speakers}
    assert roles == {"Jane Roe": "CFO", "Sam Poe": "IR", "Bo Li": "Analyst"}
    assert [(k, n) for k, n, _ in turns(doc) if k != "narrator"] == [("exec", "Sam Poe"), ("exec", "Jane Roe")]


def test_en_layout_lower_case_titles():
    text = "Jane Roe -- chief financial officer\n\nMargins will expand.\n\nBo Li -- Kestrel Bank -- analyst\n\nWhy?\n"
    assert [(k, n) for k, n, _ in turns(run(text))] == [("exec", "Jane Roe"), ("analyst", "Bo Li")]


@pytest.mark.parametrize("text", ["", "   ", "Operator", "\n\n\n"])
def test_en_layout_degenerate_texts_have_no_speaker_turns(text):
    assert [t for t in turns(run(text)) if t[0] not in ("narrator", "operator")] == []


def test_en_layout_crlf_line_endings():
    text = "Executives\r\nJane Roe - CEO\r\n\r\nOperator\r\nWelcome.\r\n\r\nJane Roe\r\nWe will grow.\r\n"
    assert [(k, n) for k, n, _ in turns(run(text)) if k != "narrator"] == [("operator", None), ("exec", "Jane Roe")]


@pytest.mark.parametrize("text, expected", [
    # a "Name: text" turn seen once, whose speaker the call names elsewhere, is a turn of its own
    ("Dana Kim: Thanks. Joining me is Paul Brandt, our CEO. I'll hand it to Paul.\n\n"
     "Paul Brandt: Thanks, Dana. Orders will grow next year.\n",
     [("exec", "Dana Kim", "Thanks. Joining me i"), ("exec", "Paul Brandt", "Thanks, Dana. Orders")]),
    ("Operator: Welcome. I'd like to hand the call to Ines Duarte.\n\nInes Duarte: We plan to open two plants.\n",
     [("operator", None, "Welcome. I'd like to"), ("exec", "Ines Duarte", "We plan to open two ")]),
    # an excerpt of a call: the operator, a questioner and the one who answers, each seen once
    ("Operator: Our next question is from the line of Sam Ortiz with Bellwood.\n\n"
     "Sam Ortiz: Good morning. What happens to margins?\n\n"
     "Ana Maria Ruiz: Sure, Sam. Margins will expand next year.\n",
     [("operator", None, "Our next question is"), ("analyst", "Sam Ortiz", "Good morning. What h"),
      ("exec", "Ana Maria Ruiz", "Sure, Sam. Margins w")]),
])
def test_en_layout_one_off_colon_turn_of_a_named_speaker(text, expected):
    assert turns(run(text)) == expected


@pytest.mark.parametrize("text", [
    # a capitalised phrase before a colon, never mentioned again, stays part of the text
    "Jane Roe: We will grow.\n\nJane Roe: Thanks.\nBottom Line: margins will expand.\n",
    "Jane Roe: We will grow.\n\nJane Roe: Thanks.\nNext Steps: we open two plants.\n",
    "Jane Roe: We will grow.\n\nJane Roe: Net margin rose.\nNet Sales: up 5% to $2 billion.\n",
])
def test_en_layout_one_off_colon_phrase_is_not_a_speaker(text):
    assert [name for _, name, _ in turns(run(text))] == ["Jane Roe", "Jane Roe"]


@pytest.mark.parametrize("text, expected", [
    # the operator introduces the questioner in a loose form
    ("Jane Roe: We will grow.\n\nOperator: Next up, Sam Ortiz, Bellwood.\n\nSam Ortiz: You said costs will fall. Why?\n\n"
     "Jane Roe: They will. Does that help?\n",
     [("exec", "Jane Roe"), ("operator", None), ("analyst", "Sam Ortiz"), ("exec", "Jane Roe")]),
    # no Q&A heading and no introduction: the operator's return opens the questions; a presenter
    # who ends an answer with a question is still the company's
    ("Jane Roe: We will grow.\n\nJane Roe: Margins will expand.\n\nOperator: Please go ahead.\n\n"
     "Kim Wu: You said margins will expand. By how much?\n\nKim Wu: Thanks.\n\nJane Roe: Fifty basis points. Fair?\n",
     [("exec", "Jane Roe"), ("exec", "Jane Roe"), ("operator", None), ("analyst", "Kim Wu"), ("analyst", "Kim Wu"),
      ("exec", "Jane Roe")]),
])
def test_en_layout_questioners_without_a_qa_heading(text, expected):
    assert [(k, n) for k, n, _ in turns(run(text))] == expected


def test_en_layout_operator_intro_reads_initials_and_stops_at_the_sentence_end():
    from pipelines.components.en_layout import _analyst_intros

    assert _analyst_intros("Our next question comes from the line of Jane Doe with Morgan Stanley. "
                           "Please proceed.") == [("Jane Doe", "Morgan Stanley")]
    assert _analyst_intros("Our first question is from C.J. Smith of Goldman Sachs.") == [("C.J. Smith", "Goldman Sachs")]


def test_en_layout_bare_name_line_is_a_turn_when_the_call_addresses_that_person(nlp_en):
    from pipelines.constants import EXT_TURN, TURNS

    text = ("CHRISTIAN SEWING\nSlide 2 – A strong quarter\nThank you, Ioana. We expect revenue to grow next year.\n\n"
            "JANE ROE\nThank you, Christian. We plan to cut costs by 2026.\n")
    doc = nlp_en.make_doc(text)
    doc._.meta = {"lang": "en", "date": None, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    doc = nlp_en(doc)
    speakers = [(t._.get(EXT_TURN) or {}).get("speaker") for t in doc.spans[TURNS]]
    assert {"name": "CHRISTIAN SEWING"}.items() <= (speakers[0] or {}).items()
    # JANE ROE is never addressed: her line stays text, in Christian's turn
    assert len([s for s in speakers if s]) == 1


def test_en_layout_a_signed_letter_is_its_signatorys(nlp_en):
    from pipelines.constants import EXT_TURN, TURNS

    text = ("Dear Shareholders,\n\nThis year we grew. We expect to open ten stores in 2026 and to raise the "
            "dividend next year.\n\nSincerely,\n\nMARY ROE\n\nPresident and Chief Executive Officer\n")
    doc = nlp_en.make_doc(text)
    doc._.meta = {"lang": "en", "date": None, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    doc = nlp_en(doc)
    infos = [t._.get(EXT_TURN) for t in doc.spans[TURNS]]
    assert infos and all(i["speaker"]["name"] == "MARY ROE" and i["kind"] == "exec" for i in infos)


def test_en_layout_a_signature_taken_for_a_name_line_still_signs_the_letter(nlp_en):
    # the signer is named in the letter ("…, said Michael"), so the signature line reads as a speaker line
    text = ("Our strategy\nWe aim to grow our business. Michael and the board met investors in May.\n"
            "We expect production to rise in 2026, and we plan to cut costs by $2 billion by 2026.\n"
            "We look ahead with optimism.\nSincerely,\nMichael K. Wirth\nChairman of the Board\n"
            "and Chief Executive Officer\n")
    doc = nlp_en.make_doc(text)
    doc._.meta = {"lang": "en", "date": None, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    doc = nlp_en(doc)
    named = [t._.get(EXT_TURN)["speaker"] for t in doc.spans[TURNS] if "production to rise" in t.text]
    assert named and named[0] and named[0]["name"] == "Michael K. Wirth"


def test_en_layout_a_caption_with_an_acronym_is_no_speaker():
    from pipelines.components.en_layout import Layout

    lay = Layout("first oil from Anchor, our newest platform.\nAnchor FPU\nGulf of America\n", {})
    assert not lay.addressed_name("Anchor FPU")


def test_en_layout_an_all_caps_slogan_is_no_speaker():
    from pipelines.components.en_layout import Layout

    lay = Layout("DRIVING WHAT'S NEXT.\nWe are driving growth.\n", {})
    assert not lay.addressed_name("DRIVING WHAT'S NEXT.")


@pytest.mark.parametrize("exec_line, analyst_line", [
    ("**Jane Roe:** ", "**Bo Li:** "),             # markdown bold around the name and colon
    ("**Jane Roe**\n", "**Bo Li**\n"),             # a bold name alone on its line
    ("### Jane Roe\n", "### Bo Li\n"),             # a markdown heading
    ("[Jane Roe]: ", "[Bo Li]: "),                 # brackets
    ("A - Jane Roe\n", "Q - Bo Li\n"),             # Q/A side markers with names
    ("Jane Roe (Acme Widgets): ", "Bo Li (Kestrel Bank): "),  # the firm in brackets
    ("Jane Roe (CFO): ", "Bo Li (Analyst): "),     # the title in brackets
])
def test_en_layout_reads_marked_up_and_side_marked_speaker_lines(exec_line, analyst_line):
    text = (f"Operator: Our first question comes from Bo Li with Kestrel Bank.\n\n{analyst_line}Thanks, Jane. Will margins expand?\n\n"
            f"{exec_line}Yes. We expect margins to expand next year.\n\n{analyst_line}And costs?\n\n"
            f"{exec_line}Costs will fall.\n")
    doc = run(text)
    got = [(k, n) for k, n, _ in turns(doc)]
    assert got == [("operator", None), ("analyst", "Bo Li"), ("exec", "Jane Roe"), ("analyst", "Bo Li"), ("exec", "Jane Roe")]
    # the masks leave offsets alone: a turn's text is the user's own characters
    assert doc.spans[TURNS][2].text.strip().startswith("Yes. We expect")


def test_en_layout_unnamed_q_and_a_lines_are_questioner_and_unnamed_company():
    doc = run("Q: Will margins expand next year?\nA: We expect margins to expand next year.\n"
              "Q: And costs?\nA: Costs will fall.\n")
    got = [(k, n) for k, n, _ in turns(doc)]
    assert got == [("analyst", "Unidentified Participant"), ("exec", None)] * 2


def test_en_layout_reads_name_title_and_speech_run_together_on_one_line():
    # an automatic transcript: no separator between name, title and the first words of speech
    text = ("Jane Roe Senior Executive Vice President and Chief Financial Officer Thanks, Bob. We expect margins to expand.\n"
            "Operator Conference Operator Our first question comes from Bo Li with Kestrel Bank.\n"
            "Bo Li Analyst, Kestrel Bank Thanks. Will costs fall?\n"
            "Bob Hale Chairman and Chief Executive Officer Costs will fall next year.\n")
    got = [(k, n, t[:12]) for k, n, t in turns(run(text))]
    assert got == [("exec", "Jane Roe", "Thanks, Bob."), ("operator", None, "Our first qu"),
                   ("analyst", "Bo Li", "Thanks. Will"), ("exec", "Bob Hale", "Costs will f")]


def test_en_layout_one_sentence_opening_on_a_name_and_title_is_no_layout():
    text = "Jane Roe Chief Executive Officer of Acme Widgets said margins would expand.\n\nWe expect growth.\n"
    assert all(k == "narrator" for k, _, _ in turns(run(text)))


def test_en_layout_unlabelled_transcript_follows_self_introductions_and_hand_offs():
    text = ("good morning I'm Martin Kelly the CFO and I'm joined today by Susan kandall who runs finance "
            "we expect earnings to grow 10 percent next year and I'll pass over to Susan to cover the "
            "asset manager we expect inflows to double over five years and with that I'll turn it back "
            "to Martin so we will buy back shares next year")
    said = said_by(text)
    assert "earnings to grow 10 percent" in said["Martin Kelly"]
    assert "inflows to double" in said["Susan kandall"]
    assert "buy back shares" in said["Martin Kelly"]


def test_en_layout_a_lower_case_word_after_a_first_name_is_no_surname():
    text = ("we expect growth next year and Inge will now cover the outlook so I'll turn it over to Inge "
            "and margins will rise next year as the plants will be finished\n")
    doc = run(text)
    names = {(t._.get(EXT_TURN)["speaker"] or {}).get("name") for t in doc.spans[TURNS]}
    assert "Inge will" not in names and names == {None, "Inge"}


def test_en_layout_a_hand_off_to_a_first_name_and_the_thanks_after_it_name_both_voices():
    text = ("[13:16.0 - 13:19.0] Turning to our guidance, third quarter revenue is expected to grow 17%.\n"
            "[15:12.0 - 15:19.0] I'll now turn the call back over to Rob for a discussion of our markets.\n"
            "[15:21.0 - 15:22.0] Thank you, Mandeep.\n"
            "[15:23.0 - 15:30.0] We now expect our full-year margin to reach 6.8%.\n")
    said = said_by(text)
    assert "expected to grow 17%" in said["Mandeep"]
    assert "full-year margin" in said["Rob"]


def test_en_layout_an_excerpt_opening_mid_turn_is_the_voice_the_next_speaker_thanks():
    text = ("Revenue was $11 billion. We expect margins to expand next quarter. With that, Mike, let's go to Q&A.\n\n"
            "Mike Spencer -- General Manager of Investor Relations\n\nThanks, Amy. We'll now move over to Q&A.\n\n"
            "Operator\n\nOur first question comes from Bo Li with Kestrel Bank.\n\n"
            "Bo Li -- Kestrel Bank -- Analyst\n\nWill margins expand?\n\n"
            "Amy Hood -- Chief Financial Officer\n\nYes. We expect margins to expand.\n")
    doc = run(text)
    first = doc.spans[TURNS][0]
    assert first.text.startswith("Revenue was") and first._.get(EXT_TURN)["speaker"]["name"] == "Amy Hood"


def test_en_layout_reads_speakers_of_a_json_dump_of_turns():
    text = ('[\n  {\n    "speaker": "Jane Roe",\n    "title": "Chief Financial Officer",\n'
            '    "speech": "Thanks. We expect revenue to grow 5% next year."\n  },\n'
            '  {\n    "speaker": "Operator",\n    "speech": "Our first question comes from Bo Li."\n  },\n'
            '  {\n    "speaker": "Bo Li",\n    "speech": "Thanks. Will margins expand next year?"\n  },\n'
            '  {\n    "speaker": "Jane Roe",\n    "speech": "Yes. Margins will expand."\n  }\n]\n')
    got = turns(run(text))
    assert [(k, n) for k, n, _ in got if k != "narrator"] == [
        ("exec", "Jane Roe"), ("operator", None), ("analyst", "Bo Li"), ("exec", "Jane Roe")]
    assert got[next(i for i, t in enumerate(got) if t[1] == "Jane Roe")][2].startswith("Thanks. We expect")


def test_en_layout_reads_the_speaker_column_of_a_csv_dump():
    rows = [("Jane Roe", "Chief Executive Officer, Acme", "We will open ten stores next year."),
            ("Jane Roe", "Chief Executive Officer, Acme", "Margins should expand."),
            ("Operator", "", "Our first question comes from Bo Li."),
            ("Bo Li", "Analyst, Kestrel Bank", "How many stores next year?"),
            ("Jane Roe", "Chief Executive Officer, Acme", "Ten, as we said."),
            ("Sam Park", "Chief Financial Officer, Acme", "And capex will be about $5 million.")]
    text = "".join(f'ACME,2026,1,{i}.5,Pre,{i},{n},"{t}","{s}",0.5,1\n' for i, (n, t, s) in enumerate(rows))
    doc = run(text)
    got = turns(doc)
    assert [(k, n) for k, n, _ in got] == [("exec", "Jane Roe"), ("exec", "Jane Roe"), ("operator", None),
                                          ("analyst", "Bo Li"), ("exec", "Jane Roe"), ("exec", "Sam Park")]
    first = doc.spans[TURNS][0].text
    assert "We will open ten stores next year." in first and "Margins" not in first
    # the row's fields after the speech are no one's words
    assert any(b.text.lstrip('"').startswith(',0.5,1') for b in doc.spans[BOILERPLATE])


def test_en_layout_a_table_without_a_name_column_is_no_csv_transcript():
    text = "".join(f"Widgets,{y},{y * 3},growth of {y % 7} percent over the year\n" for y in range(2016, 2026))
    assert all(k == "narrator" for k, _, _ in turns(run(text)))


@pytest.mark.parametrize("head, speaker", [
    ("*Dr. Jane Roe, 2024-06-21, presentation at Acme's AGM*", "Jane Roe"),
    ("Remarks by Jane Roe, Chief Executive Officer, at the annual meeting", "Jane Roe"),
    ("By Sam Ortiz, Reuters", None),  # a reporter's byline: the article is no one's speech
])
def test_en_layout_a_speech_printed_with_its_presenter_is_theirs(head, speaker):
    doc = run(f"{head}\n\nLast year we grew. We will open ten stores next year.\n")
    assert {(t._.get(EXT_TURN)["speaker"] or {}).get("name") for t in doc.spans[TURNS]} == {speaker}


def test_en_layout_diarized_voices_are_unnamed_until_the_next_voice_thanks_them_by_name():
    text = ("~Speaker_121~\n\nbefore we start please note our safe harbor statement\n\n"
            "~Speaker_104~\n\nthanks Ali and good morning we expect revenue to grow next quarter\n\n"
            "SPEAKER_7: our first question comes from Bo Li with Kestrel\n\n"
            "[Speaker 9]\n\nthanks what is the outlook for margins next year?\n\n"
            "~Speaker_104~\n\nyes margins will expand next year\n")
    got = [(k, n) for k, n, _ in turns(run(text))]
    assert got[0] == ("exec", "Ali") and got[1] == ("exec", None)
    assert got[2:] == [("operator", None), ("analyst", None), ("exec", None)]


def test_en_layout_an_excerpt_opening_mid_turn_without_thanks_is_the_cfos():
    """Prepared remarks cut into mid-review are most often the CFO's; the CEO may answer first in Q&A."""
    text = ("Revenue was $14 billion. We expect expenses of about $65 billion next year.\n\n"
            "Questions & Answers:\n\nOperator\n\nOur first question is from Bo Li of Kestrel Bank.\n\n"
            "Bo Li -- Kestrel Bank -- Analyst\n\nWill rates fall?\n\n"
            "Jamie Dimon -- Chairman and Chief Executive Officer\n\nWe don't know.\n\n"
            "Jennifer Piepszak -- Chief Financial Officer\n\nAnd expenses will be flat.\n")
    doc = run(text)
    first = doc.spans[TURNS][0]
    assert first._.get(EXT_TURN)["speaker"]["name"] == "Jennifer Piepszak"


def test_en_layout_a_hand_off_broken_over_subtitle_lines_still_names_the_next_voice():
    text = ("[13:16.0 - 13:19.0] Third quarter revenue is expected to grow 17%. With that, I will now turn the call\n"
            "[13:19.0 - 13:24.0] back over to\n"
            "[13:24.6 - 13:30.3] Rob for an update on our outlook.\n"
            "[13:30.3 - 13:35.7] Thank you, Mandy. We now expect our full-year margin to reach 6.8%.\n")
    said = said_by(text)
    assert "full-year margin" in said["Rob"]
    assert "expected to grow 17%" in said["Mandy"]


def test_en_layout_a_long_turn_opened_by_name_title_and_company_is_that_persons():
    """Investing.com's layout: "Name, Title, Company: speech" on one long line."""
    speech = "Thank you. " + "We had another active quarter with strong originations. " * 4
    text = ("Jane Roe, Chief Financial Officer, Acme Widgets: " + speech + "We expect margins to widen next year.\n\n"
            "Bo Li, President and Chief Executive Officer, Acme Widgets: " + speech + "We will open two plants.\n")
    said = said_by(text)
    assert "margins to widen" in said["Jane Roe"]
    assert "two plants" in said["Bo Li"]


def test_en_layout_a_roster_that_gives_the_title_first_names_the_person_after_it():
    text = ("CALL PARTICIPANTS\nChief Executive Officer — Jane von Roe\nChief Financial Officer — Bo Li\n\n"
            "Jane von Roe: We will launch three new courses next year.\n\n"
            "Bo Li: We expect bookings of $1.2 billion.\n")
    doc = run(text)
    kinds = {name: kind for kind, name, _ in turns(doc)}
    assert kinds.get("Jane von Roe") == "exec" and kinds.get("Bo Li") == "exec"
    assert "Chief Executive Officer" not in kinds and "Chief Financial Officer" not in kinds


def test_en_layout_a_one_word_heading_after_a_roster_is_no_speaker():
    text = ("CALL PARTICIPANTS\nChief Executive Officer — Jane Roe\n\nTAKEAWAYS\n"
            "Bookings Guidance -- Full-year bookings forecast raised to $1.2 billion.\n\n"
            "Jane Roe: We will launch three new courses next year.\n")
    assert "TAKEAWAYS" not in said_by(text)


def test_en_layout_a_glossary_label_opened_by_the_company_name_is_no_speaker():
    text = ("Acme Max: The company's highest-tier subscription.\n"
            "Jane Roe: We will launch three new courses next year.\n"
            "Bo Li: We expect bookings of $1.2 billion.\n"
            "Cy Ng: And how will Max grow?\n")
    assert "Acme Max" not in said_by(text)


def test_en_layout_a_news_summary_quoting_the_ceo_before_the_transcript_stays_the_reporters():
    """An opening whose only first-person words are inside quotation marks is narration, not the
    first executive's speech cut mid-turn."""
    text = ("Acme Widgets reported its third-quarter results. CEO Jane Roe said, \"We are very pleased.\" "
            "The company expects margins to widen.\n\n"
            "Operator: Welcome to the call.\n\n"
            "Bo Li, Chief Financial Officer, Acme Widgets: Thank you. We expect revenue to grow next year.\n\n"
            "Jane Roe, Chief Executive Officer, Acme Widgets: Thanks, Bo. We will open two plants.\n")
    doc = run(text)
    first = doc.spans[TURNS][0]
    assert first.start_char == 0 and (first._.get(EXT_TURN)["speaker"] or {}).get("name") != "Bo Li"


def test_en_layout_an_unlabelled_call_hands_over_by_time_phrase_and_a_bare_first_name_line():
    """A dataset's call without speaker lines (names masked): "I will turn the time over to Chip"
    hands over, and a line holding only "Rob." hands over to the Rob who introduced himself."""
    text = ("Good morning, this is Rob <UNK>, our Chief Financial Officer.\n"
            "I will turn the time over to Chip for some comments.\n"
            "Thanks, Rob.\n"
            "We anticipate an additional 34 aircraft next year.\n"
            "Rob.\n"
            "Thanks, Chip.\n"
            "We continue to expect our tax rate to be 25% for the year.\n")
    said = said_by(text)
    assert "34 aircraft" in said.get("Chip", ""), said
    assert "tax rate" in said.get("Rob", ""), said


def test_en_layout_a_wire_storys_dateline_is_no_speaker():
    """"TOKYO--(BUSINESS WIRE)--February 13, 2025--" reads like "Name -- Firm": a title never holds a
    date, so the release stays the company's own voice (its claims count) and no analyst speaks."""
    text = ("Acme Reports Fourth Quarter Results\n\n"
            "TOKYO--(BUSINESS WIRE)--February 13, 2025--\n\n"
            "Acme Widgets today announced results for its fourth quarter.\n\n"
            "Acme expects revenue to grow 10% in 2025.\n")
    got = turns(run(text))
    assert "analyst" not in {k for k, _, _ in got}, got


def test_en_layout_a_name_line_is_a_speaker_when_the_call_uses_a_short_form_of_the_name():
    text = ("Operator\nYour first question comes from the line of Craig Kent with Baird. Please go ahead.\n"
            "Craig Kent\nGood morning. Matt, I wanted to ask about the data project. How big is it?\n"
            "Matthew Lerner\nThanks, Craig. We expect it to double next year.\n")
    said = said_by(text)
    assert "double next year" in said.get("Matthew Lerner", ""), said


def test_en_layout_in_a_call_of_name_lines_a_full_name_alone_on_a_line_is_one_more_speaker():
    """Nobody need say "John" for "John Olin" on a line of its own to head his answer, once the
    call's speakers are seen to stand on lines of their own."""
    text = ("Operator\nYour first question comes from the line of Craig Kent with Baird. Please go ahead.\n"
            "Craig Kent\nGood morning. How big is the project?\n"
            "Operator\nYour next question comes from the line of Joe Alto with Raymond James. Please go ahead.\n"
            "Joe Alto\nThanks, guys. What about shipments in the second quarter?\n"
            "John Olin\nGreat, Joe. We expect shipments to be down 11% to 18% in the second quarter.\n")
    said = said_by(text)
    assert "down 11% to 18%" in said.get("John Olin", ""), said


def test_en_layout_a_name_and_a_firm_alone_on_a_line_label_the_analysts_turn():
    text = ("Operator:\nThe next question is from Izabel Dobreva at Morgan Stanley. Please unmute yourself.\n"
            "Simon Roberts:\nIzabel, good morning.\n"
            "Izabel Dobreva, Morgan Stanley:\nCould you comment on competition in grocery?\n"
            "Simon Roberts:\nThank you. We expect grocery volumes to keep growing this year.\n")
    doc = run(text)
    kinds = {name: kind for kind, name, _ in turns(doc)}
    assert kinds.get("Izabel Dobreva") == "analyst" and kinds.get("Simon Roberts") == "exec", turns(doc)


def test_en_layout_an_answer_opening_on_a_question_is_still_an_answer():
    """"Why don't I take that?" opens an executive's reply: a turn asks when it ends on a question."""
    text = ("Question-and-Answer Session\n"
            "Operator:\nThe first question is from Rob Joyce at Exane. Please go ahead.\n"
            "Rob Joyce:\nGood morning. How do you see margins?\n"
            "Jane Byrne:\nWhy don't I take that? We expect margins to improve by 50 basis points next year, "
            "helped by lower freight costs and by the savings programme we announced in the spring.\n")
    doc = run(text)
    assert any(t._.get(EXT_TURN)["kind"] == "exec" and "50 basis points" in t.text for t in doc.spans[TURNS]), turns(doc)


def test_en_layout_an_acronym_heading_a_table_is_no_speaker():
    text = ("Acme Reports Second Quarter Results\n\nAcme expects revenue of $2.5 billion in the third quarter.\n\n"
            "Non-GAAP - Continuing Operations\nNet income\n\nAcme expects margins to rise next year.\n")
    assert "analyst" not in {k for k, _, _ in turns(run(text))}, turns(run(text))


def test_en_layout_an_operators_turn_too_long_to_be_one_fails_open_to_an_unnamed_voice():
    """Speaker names piled on lines of their own above a page's text leave the operator's label over
    pages of executives' speech: past MODERATOR_MAX_CHARS it is an unnamed voice, whose claims count."""
    speech = "We expect revenue to grow 20% next year as the new plant comes on stream. " * 50
    text = "Operator\nGood day and welcome to the call.\n\nJane Roe\n\n\nJohn Doe\n\n\n" + speech + "\n"
    doc = run(text)
    kinds = [(t._.get(EXT_TURN)["kind"], len(t.text)) for t in doc.spans[TURNS]]
    assert any(k == "exec" and n > 3000 for k, n in kinds), kinds


def test_en_layout_a_label_of_title_then_name_names_the_person_and_a_firm_after_from_the_questioner():
    text = ("Chief Executive Sun Yu: We will focus on risk management in the second half.\n"
            "Gary Lam from HSBC: Will the dividend be increased?\n"
            "Deputy Chief Executive and Chief Risk Officer Xu Haifeng: Asset quality will remain stable next year.\n")
    who = kind_of_speaker(text)
    assert who.get("Sun Yu") == "exec" and who.get("Xu Haifeng") == "exec", who
    assert who.get("Gary Lam") == "analyst", who


def test_en_layout_names_run_into_the_first_line_of_speech_open_turns_once_the_layout_is_seen():
    """A PDF's "Name  text" (a wide gap, no colon) and "Name (Firm) text": once two names open lines
    so, a known one opens a turn even with a single space after it."""
    text = ("Edited transcript of the first-quarter call\n"
            "Nicholas Teh  Good morning and welcome. We can go straight to Q&A.\n"
            "Tan Yong Hong (Citi) I have two questions. Will loan growth pick up?\n"
            "Piyush Gupta  I think it is too early to say so. We expect loans to grow 5% this year.\n"
            "Tan Yong Hong My second question is on costs. Will they rise?\n"
            "Piyush Gupta  We expect expenses to grow at a high single digit rate this year.\n"
            "Nicholas Teh  Thank you all for joining.\n")
    said = said_by(text)
    assert "loans to grow 5%" in said.get("Piyush Gupta", "") and "high single digit" in said.get("Piyush Gupta", ""), said
    assert "second question" not in said.get("Piyush Gupta", ""), said


def test_en_layout_a_capitalised_line_opening_is_no_run_in_name_without_the_layout():
    text = ("Acme Widgets  Quarterly Report\n\nNet Income  We expect net income to rise next year.\n\n"
            "Acme expects revenue to grow 10% next year.\n")
    doc = run(text)
    assert not any((t._.get(EXT_TURN)["speaker"] or {}).get("name") == "Net Income" for t in doc.spans[TURNS]), turns(doc)


def test_en_layout_a_speaker_line_in_angle_brackets_names_its_turn():
    text = ("<<Operator>>\nOur first question comes from Joseph Dickerson of Jefferies.\n"
            "<<Joseph Dickerson - Analyst, Jefferies LLC>>\nWill costs rise?\n"
            "<<Bill Winters – Group Chief Executive, Acme Widgets>>\nWe expect costs to stay below $12 billion in 2026.\n")
    who = kind_of_speaker(text)
    assert who.get("Bill Winters") == "exec" and who.get("Joseph Dickerson") == "analyst", who


def test_en_layout_reads_a_name_with_an_initial_as_a_speaker_label():
    # "M. Balakrishnan:" — an initial is not a word in capitals (a table row such as "ADJUSTED EPS:")
    text = ("Bo Li: What about margins next year?\nM. Krishnan: We expect margins to expand next year.\n"
            "Bo Li: And costs?\nM. Krishnan: Costs will fall.\nC.J. Smith: Cash flow will grow.\n"
            "Bo Li: Thanks.\nC.J. Smith: Thank you.\n")
    speakers = [(kind, name) for kind, name, _ in turns(run(text))]
    assert ("exec", "M. Krishnan") in speakers and ("exec", "C.J. Smith") in speakers
    assert speakers[0][1] == "Bo Li" and speakers[1][1] == "M. Krishnan"


def test_en_layout_joins_a_name_in_capitals_broken_over_two_lines():
    text = ("JANE ROE: \nWe expect revenue to grow next year. \nJOSHUA \nBUCHALTER: \nWill margins expand next year? \n"
            "JANE ROE: \nYes, margins will expand next year. \nBO LI: \nThanks.\n")
    speakers = [name for _, name, _ in turns(run(text))]
    assert "JOSHUA BUCHALTER" in speakers and "JOSHUA" not in speakers


def test_en_layout_page_furniture_repeated_between_the_same_lines_is_no_speaker():
    header = "Acme Corp (ACME) \nQ1 2027 Earnings Call \nCorrected Transcript \n29-Jul-2026 \n"
    text = ("We expect revenue to grow next year. \n" + header + "Operator: Our first question comes from Bo Li.\n"
            "Bo Li \nAnalyst, Kestrel Bank  Q \nWill margins expand next year? \n" + header +
            "Jane Roe \nChief Financial Officer, Acme Corp  A \nYes, margins will expand next year. \n"
            "Bo Li \nAnalyst, Kestrel Bank  Q \nAnd costs? \n" + header +
            "Jane Roe \nChief Financial Officer, Acme Corp  A \nCosts will fall. \n")
    speakers = {name for _, name, _ in turns(run(text))}
    assert "Corrected Transcript" not in speakers and "Jane Roe" in speakers


def test_a_report_heading_before_a_colon_names_no_speaker():
    """A news summary opening "Earnings Call Insights: Acme Widgets Q1 2025" is a heading, even in a
    text too short to use those words in lower case anywhere else."""
    text = ("Earnings Call Insights: Acme Widgets Q1 2025\n\n### Outlook\n\n"
            "- Acme expects revenue growth of 3% to 5% in fiscal 2025.\n")
    assert set(said_by(text)) == {None}


def test_a_founders_name_line_with_a_suffix_opens_the_turn_of_the_family_company():
    # no title line, a generational suffix, and the family name is the company's: still a person
    text = ("Operator\n\nYour first question comes from the line of Bo Li with Kestrel Bank.\n\n"
            "Bo Li\nKestrel Bank, Research Division\n\nHow do you see premium growth next year, Rob?\n\n"
            "W. Robert Roe, Jr.\n\nWe expect premium growth to accelerate next year.\n")
    doc = run(text, company="W. R. Roe Corporation", aliases=("W. R. Roe", "Roe"))
    answer = [(kind, name) for kind, name, said in turns(doc) if said.startswith("We expect")]
    assert answer and answer[0][0] != "analyst" and (answer[0][1] or "").startswith("W. Robert Roe"), turns(doc)


def test_en_layout_an_executive_handing_over_in_every_answer_stays_the_companys():
    """Where an operator introduces the questioners, a titled voice that ends each answer passing
    the word on ("Mike, anything to add?") is no questioner: its forecasts stay the company's."""
    text = ("Question-and-Answer Session\n\nOperator\n\nOur first question comes from the line of Sam Ortiz with "
            "Bellwood Capital.\n\nSam Ortiz\nBellwood Capital, Research Division\n\nWill margins expand?\n\n"
            "Jane Roe\nPresident, CEO & Chairman\n\nThey will expand next year. Mike, anything to add?\n\n"
            "Mike Lee\nVP & Head of Investor Relations\n\nNo. Sam, do you have a follow-up?\n\n"
            "Sam Ortiz\nBellwood Capital, Research Division\n\nYes. What about costs?\n\n"
            "Jane Roe\nPresident, CEO & Chairman\n\nCosts will fall in 2026. Ann, anything to add?\n\n"
            "Ann Park\nChief Financial Officer\n\nYes. Freight costs will ease in the second half.\n\n"
            "Mike Lee\nVP & Head of Investor Relations\n\nNo. Sam, do you have a follow-up?\n\n"
            "Jane Roe\nPresident, CEO & Chairman\n\nAnd capex will stay flat. Mike, should we take the next one?\n")
    kinds = {(k, n) for k, n, _ in turns(run(text))}
    assert ("exec", "Jane Roe") in kinds and not any(k == "analyst" and n == "Jane Roe" for k, n in kinds)
    assert ("analyst", "Sam Ortiz") in kinds or ("analyst", None) in kinds


def test_en_layout_a_voice_that_gave_a_long_answer_stays_the_companys_after_asking_back():
    """Bare name lines, no titles: once a voice has given an answer as long as an analyst never
    asks, one later answer ending on a question back ("… is what you're asking?") does not make it
    an analyst, nor its answers after that."""
    answer = "We expect demand to grow next year and we are adding capacity. " * 26
    text = ("Question-and-Answer Session\n\nOperator\n\nOur first question comes from the line of Sam Ortiz with "
            "Bellwood.\n\nSam Ortiz\n\nWhat will revenue be next year?\n\nLee Chen\n\n" + answer + "\n\n"
            "Operator\n\nOur next question comes from the line of Kim Wu with Harbor.\n\nKim Wu\n\n"
            "And supply?\n\nLee Chen\n\nLead times run six months. On supply, is that what you are asking?\n\n"
            "Kim Wu\n\nYes.\n\nLee Chen\n\nSupply will be in line with demand in 2026.\n")
    kinds = [(k, n) for k, n, _ in turns(run(text))]
    assert [k for k, n in kinds if n == "Lee Chen"] == ["exec", "exec", "exec"], kinds


def test_en_layout_one_answer_asking_back_does_not_make_an_answering_voice_an_analyst_for_good():
    """Short answers only: the answer that ends on a question back may read as an analyst's, but
    the voice's later answers are guessed afresh and stay the company's."""
    text = ("Question-and-Answer Session\n\nOperator\n\nOur first question comes from the line of Sam Ortiz with "
            "Bellwood.\n\nSam Ortiz\n\nWhat will revenue be next year?\n\nLee Chen\n\n"
            "We expect revenue to grow 5% next year.\n\n"
            "Operator\n\nOur next question comes from the line of Kim Wu with Harbor.\n\nKim Wu\n\n"
            "And supply?\n\nLee Chen\n\nLead times run six months. On supply, is that what you are asking?\n\n"
            "Kim Wu\n\nYes.\n\nLee Chen\n\nSupply will be in line with demand in 2026.\n")
    lee = [k for k, n, _ in turns(run(text)) if n == "Lee Chen"]
    assert lee[0] == "exec" and lee[-1] == "exec", lee


def test_en_layout_reads_speaker_lines_behind_a_subtitle_timestamp_as_without_it():
    plain = ("Operator: Our first question comes from Bo Li with Kestrel Bank.\n\nBo Li: Will costs rise?\n\n"
             "Jane Roe: We do not expect that. Margins will expand.\n")
    stamps = ["[00:00:05] ", "(00:01:40.250) ", "00:02:03 "]
    stamped = "\n\n".join(stamp + line for stamp, line in zip(stamps, plain.split("\n\n")))
    assert [(k, n) for k, n, _ in turns(run(stamped))] == [(k, n) for k, n, _ in turns(run(plain))] == \
        [("operator", None), ("analyst", "Bo Li"), ("exec", "Jane Roe")]


def test_en_layout_a_role_line_set_apart_by_a_blank_line_still_titles_the_name_above_it():
    text = "Jane Roe\n\nChief Financial Officer\n\nThanks. We expect margins to expand next year.\n"
    doc = run(text)
    (turn,) = doc.spans[TURNS]
    info = turn._.get(EXT_TURN)
    assert (info["kind"], info["speaker"]["name"], info["speaker"]["role"]) == ("exec", "Jane Roe", "CFO")
    assert turn.text.strip().startswith("Thanks.")


def test_en_layout_a_heading_underlined_on_the_next_line_names_no_speaker():
    text = ("Within the U.S., Zephyr's sportsbook saw users increase 28%. Zephyr's U.S. revenue rose 51%.\n\n\n"
            "Zephyr Lifts Outlook\n--------------------\n\n\nZephyr raised its full-year revenue guidance by 1% and is "
            "now forecasting 22% growth at the midpoint.\n")
    assert all(name is None for _, name, _ in turns(run(text)))


def test_en_layout_a_pages_front_matter_is_no_speech_but_what_follows_is():
    text = ("---\nlayout: page\ntitle: >-\n  Acme Expects Revenue To Double\nimage: /img/acme-2025.jpg\n---\n\n"
            "Acme Widgets expects revenue to grow 5% next year, its chief executive said.\n")
    doc = run(text)
    spans = [(s.start_char, s.end_char) for s in doc.spans[BOILERPLATE]]
    assert spans == [(0, text.index("---\n\n") + 3)]
