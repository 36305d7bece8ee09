"""Speech-to-text that wrote no punctuation at all: a whole answer is one run of words, and one
sentence of hundreds of words gave one claim span over many claims. Inside such runs, and only there,
a model learned from the corpus's punctuated English places the sentence breaks."""
from __future__ import annotations

from tests.extraction_helpers import claims_of
from pipelines import blank
from pipelines.components.en_sentences import EnSentences
from pipelines.helpers.sentence_breaks import load_breaker, unpunctuated_runs

UNPUNCTUATED = (
    "so let's go with our financial results for the third quarter total revenue was one point four billion "
    "dollars primarily on broad based strength in the industrial markets and gross margins were seventy percent "
    "we expect revenue in the fourth quarter to be in the range of one point five billion to one point six "
    "billion dollars we plan to reinstate our share buyback program in the first quarter of next year "
    "and we believe the automotive market will grow from the third quarter levels thank you very much "
    "for your questions and we look forward to talking with you again next quarter operator please go ahead"
)


def test_a_run_is_words_without_punctuation_and_a_known_sentence_start_begins_a_new_one():
    tokens = [("a", False)] * 5 + [(".", True)] + [("b", False)] * 6 + [(" ", False)] + [("c", False)] * 3
    assert unpunctuated_runs(tokens, 3) == [(0, 5), (6, 16)]
    assert unpunctuated_runs(tokens, 6) == [(6, 16)]  # a space is no word
    assert unpunctuated_runs(tokens, 3, starts={8}) == [(0, 5), (8, 16)]


def _sentences(text: str) -> list[str]:
    nlp = blank("en")
    doc = EnSentences(punct=True)(nlp.make_doc(text))
    return [s.text for s in doc.sents]


def test_an_unpunctuated_answer_is_parted_into_sentences():
    assert load_breaker() is not None, "pipelines/models/sentence_break_en is missing: run scripts/train_sentence_break.py"
    sentences = _sentences(UNPUNCTUATED)
    assert len(sentences) >= 4
    # the guidance and the plan end up in different sentences
    assert not any("we expect revenue" in s and "share buyback" in s for s in sentences)


def test_punctuated_text_is_not_reparted():
    text = ("Revenue was $1.4 billion in the quarter. We expect revenue of $1.5 billion to $1.6 billion in the fourth "
            "quarter. We plan to reinstate our share buyback program next year.")
    assert len(_sentences(text)) == 3
    # in a punctuated document a long run without punctuation is a table or a list: left whole
    mixed = "Thank you. We had a good quarter. Margins rose. Cash grew. Costs fell. " + UNPUNCTUATED + "."
    assert any("we expect revenue" in s and "share buyback" in s for s in _sentences(mixed))


def test_each_claim_of_unpunctuated_speech_gets_its_own_span():
    text = "Jane Roe -- Chief Executive Officer\n" + UNPUNCTUATED + "\n"
    claims = [c.text for c in claims_of(text, date="2025-11-05", period="2025-Q3", company="Acme")]
    assert any("share buyback" in c for c in claims)
    assert not any("we expect revenue" in c and "share buyback" in c for c in claims)
    assert all(len(c.split()) < 40 for c in claims)
