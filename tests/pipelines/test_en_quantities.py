"""Amounts in English guidance: values and units a ledger can check later."""
from __future__ import annotations

import pytest

from pipelines.components.en_quantities import find_quantities


@pytest.mark.parametrize("text, expected", [
    ("revenue of $37.5 billion, plus or minus 2%", [("$37.5 billion", 37.5e9, "USD"), ("plus or minus 2%", 2.0, "%")]),
    ("capex of RMB 380 billion over three years", [("RMB 380 billion", 380e9, "CNY")]),
    ("a 1 trillion GMV goal", [("1 trillion", 1e12, None)]),
    ("sales of 1.2 trillion yuan", [("1.2 trillion yuan", 1.2e12, "CNY")]),
    ("growth in the mid-single digits", [("mid-single digits", 5.0, "%")]),
    ("up 20% year over year", [("20% year over year", 20.0, "%")]),
    ("EPS of $1.45 to $1.49", [("$1.45 to $1.49", 1.47, "USD")]),
    ("$1.5 to 2 billion", [("$1.5 to 2 billion", 1.75e9, "USD")]),
    ("open 150 new stores", [("150 new stores", 150.0, "stores")]),
    ("expand margin by 50 basis points", [("50 basis points", 50.0, "bp")]),
    ("$3.8B and 5 million users", [("$3.8B", 3.8e9, "USD"), ("5 million users", 5e6, "users")]),
    ("HK$2.5 billion", [("HK$2.5 billion", 2.5e9, "HKD")]),
    ("in the high teens", [("high teens", 18.0, "%")]),
    ("growth of 2% to 3%", [("2% to 3%", 2.5, "%")]),
    ("revenue of $2.42 billion to $2.46 billion", [("$2.42 billion to $2.46 billion", 2.44e9, "USD")]),
])
def test_en_quantities_values_and_units(text, expected):
    got = [(q["text"], pytest.approx(q["value"]), q["unit"]) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize("text", [
    "in fiscal 2026 and in 2027",
    "in Q4 and the first half",
    "over the next three years",
])
def test_en_quantities_years_and_periods_are_not_amounts(text):
    assert find_quantities(text) == []


def test_en_quantities_offsets_point_into_text():
    text = "We now see margin at 27%, plus or minus 50 basis points, and capex of $9 billion."
    for q in find_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]


@pytest.mark.parametrize("text, expected", [
    ("organic growth of three to five percent", [("three to five percent", 4.0, "%")]),
    ("a segment margin of nineteen percent", [("nineteen percent", 19.0, "%")]),
    ("conversion above ninety-five percent", [("ninety-five percent", 95.0, "%")]),
    ("capex near a hundred and fifty million dollars", [("a hundred and fifty million dollars", 150e6, "USD")]),
    ("a drag of roughly forty basis points", [("forty basis points", 40.0, "bp")]),
    ("two hundred twenty new stores", [("two hundred twenty new stores", 220.0, "stores")]),
    ("past the three-billion-dollar mark", [("three-billion-dollar", 3e9, "USD")]),
    ("sixty-two million euros of savings", [("sixty-two million euros", 62e6, "EUR")]),
])
def test_en_quantities_spelled_out_numbers_have_values(text, expected):
    got = [(q["text"], pytest.approx(q["value"]), q["unit"]) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("services at a third of revenue", [("a third", 33.3, "%")]),
    ("more than half of our online orders", [("half", 50.0, "%")]),
    ("two-thirds of sales from outside Europe", [("two-thirds", 66.7, "%")]),
])
def test_en_quantities_fraction_shares_are_percentages(text, expected):
    got = [(q["text"], pytest.approx(q["value"]), q["unit"]) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize("text", [
    "in the second half of 2026",
    "over the back half of the year",
    "within a quarter of a year",
    "half of fiscal 2027",
])
def test_en_quantities_fractions_of_periods_are_times(text):
    assert find_quantities(text) == []
