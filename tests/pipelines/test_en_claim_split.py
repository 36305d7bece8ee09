"""en_claim_split: a claim span holding two forecasts parts into two claims where the shipped model
says so, one forecast stays whole, and without a model nothing changes. Sentences are our own."""
import datetime as dt

import pytest

from pipelines import build_nlp
from pipelines.components.en_claim_split import load_splitter
from pipelines.constants import CLAIMS, EXT_META
from pipelines.helpers.clause_cuts import cut_features, cut_points

META = {"date": dt.date(2025, 11, 20), "company": None, "company_aliases": [], "fiscal_year_end": "12-31",
        "period": None, "lang": "en"}
TWO = "Jane Doe, CFO: We continue to expect to run around breakeven in 2026 and to generate material profits in 2027.\n"
WITH = "Jane Doe, CFO: For 2030, we aim to achieve revenue of at least $3 billion with an operating margin of over 20%.\n"
ONE = "Jane Doe, CFO: We expect revenue between $410 million and $430 million in 2026.\n"


def _claims(nlp, text):
    doc = nlp.make_doc(text)
    doc._.set(EXT_META, dict(META))
    doc = nlp(doc)
    return [s.text for s in doc.spans[CLAIMS]]


@pytest.fixture(scope="module")
def pair():
    return build_nlp("en"), build_nlp("en", overrides={"components.en_claim_split.enabled": False})


def test_the_splitter_ships_with_a_threshold_chosen_out_of_fold():
    loaded = load_splitter("claim_split_en")
    assert loaded is not None
    _, settings = loaded
    assert 0 < settings["threshold"] < 1 and settings["out_of_fold_f1"] >= settings["without_f1"]


def test_two_forecasts_joined_by_and_become_two_claims(pair):
    split, whole = pair
    assert len(_claims(whole, TWO)) == 1
    parts = _claims(split, TWO)
    assert len(parts) == 2
    assert "breakeven" in parts[0] and "profits in 2027" in parts[1] and "breakeven" not in parts[1]


def test_one_range_joined_by_and_stays_one_claim(pair):
    split, _ = pair
    assert len(_claims(split, ONE)) == 1


def test_a_later_part_keeps_the_sentences_time(tmp_path):
    from claims.extract import extract_file

    path = tmp_path / "call.txt"
    path.write_text(WITH, encoding="utf-8")
    result, _ = extract_file(path, lang="en", date="2025-11-20")
    horizons = [(str(c.horizon.start), str(c.horizon.end)) for c in result.claims if c.horizon]
    assert len(result.claims) == 2 and horizons == [("2030-01-01", "2030-12-31")] * 2


def test_cut_points_leave_room_on_both_sides_and_cut_after_a_comma():
    text = "we expect sales to grow, and margins to widen as well"
    points = cut_points(text, min_chars=10)
    assert (text.index("and"), "and") in points
    assert (text.index(", and") + 2, ",") in points
    assert all(10 <= at <= len(text) - 10 for at, _ in points)
    assert cut_points("and we grow", min_chars=10) == []


def test_features_see_an_amount_and_a_forward_word_on_each_side():
    text = "revenue of $5 million to $6 million and we expect margins of 20%"
    at = text.index("and")
    f = cut_features(text, at, "and")
    assert f["lamt=True"] == f["ramt=True"] == 1.0 and f["fw=False|True"] == 1.0 and f["rsubj=True"] == 1.0


def test_without_a_model_the_spans_stand():
    nlp = build_nlp("en", overrides={"components.en_claim_split.model": "no_such_model"})
    assert len(_claims(nlp, TWO)) == 1


def test_parts_drop_the_joining_punctuation_and_empty_parts():
    from pipelines.helpers.clause_cuts import parts_of

    text = "revenue will grow, and margins will widen"
    cut = text.index("and")
    assert [text[a:b] for a, b in parts_of(text, [cut])] == ["revenue will grow", "and margins will widen"]
    assert parts_of(" , ", [1]) == []


def test_rules_only_switches_every_learned_part_off():
    from pipelines import rules_only

    nlp = build_nlp("en", overrides=rules_only("en"))
    assert len(_claims(nlp, TWO)) == 1
    assert rules_only("zh") == {"components.claim_gate.enabled": False, "components.zh_english_lines.learned": False}
