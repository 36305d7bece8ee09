"""The domain model validates what it should and its JSON Schema is printable."""
from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from claims.core.fiscal import fiscal_quarter_bounds, fiscal_year_bounds, fiscal_year_of, parse_period
from claims.core.models import SCHEMA_MODELS, Horizon, Mention, Verdict
from claims.core.errors import BadInput


def test_every_schema_model_has_a_json_schema():
    for name, model in SCHEMA_MODELS.items():
        assert model.model_json_schema()["title"] == name


def test_mention_confidence_must_be_a_probability():
    with pytest.raises(ValidationError):
        Mention(id="m", claim_id="c", text="x", start=0, end=1, confidence=1.5)


def test_verdict_values_are_closed():
    with pytest.raises(ValidationError):
        Verdict(verdict="maybe", evidence="x")


def test_horizon_dates_parse_from_iso():
    h = Horizon.model_validate({"text": "next quarter", "start": "2025-10-01", "end": "2025-12-31", "granularity": "quarter"})
    assert h.end == dt.date(2025, 12, 31)


@pytest.mark.parametrize("fy, fye, start, end", [
    (2028, "03-31", "2027-04-01", "2028-03-31"),
    (2027, "06-30", "2026-07-01", "2027-06-30"),
    (2025, "01-31", "2024-02-01", "2025-01-31"),
    (2026, "12-31", "2026-01-01", "2026-12-31"),
    (2025, "09-30", "2024-10-01", "2025-09-30"),
])
def test_fiscal_year_bounds(fy, fye, start, end):
    assert fiscal_year_bounds(fy, fye) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize("day, fye, fy", [("2025-05-15", "03-31", 2026), ("2025-03-31", "03-31", 2025), ("2025-07-30", "06-30", 2026)])
def test_fiscal_year_of(day, fye, fy):
    assert fiscal_year_of(dt.date.fromisoformat(day), fye) == fy


@pytest.mark.parametrize("label, fye, start, end", [
    ("2025-Q3", "03-31", "2025-07-01", "2025-09-30"),
    ("FY2026-Q2", "03-31", "2025-07-01", "2025-09-30"),
    ("FY2025-Q4", "05-31", "2025-03-01", "2025-05-31"),
])
def test_parse_period(label, fye, start, end):
    s, e, _ = parse_period(label, fye)
    assert (s.isoformat(), e.isoformat()) == (start, end)


@pytest.mark.parametrize("label, ref, start, end", [
    # Chewy's and Macy's fiscal 2025 ends on 2026-01-31: their calls name quarters by the starting year
    ("FY2025-Q3", "2025-12-10", "2025-08-01", "2025-10-31"),
    ("FY2025-Q4", "2026-03-18", "2025-11-01", "2026-01-31"),
    # Walmart's and Best Buy's FY2019 ends on 2019-01-31: the usual convention, reported weeks later
    ("FY2019-Q4", "2019-02-19", "2018-11-01", "2019-01-31"),
    ("FY2024-Q2", "2023-08-29", "2023-05-01", "2023-07-31"),
])
def test_a_fiscal_label_is_read_by_the_convention_the_call_date_allows(label, ref, start, end):
    s, e, normalised = parse_period(label, "01-31", dt.date.fromisoformat(ref))
    assert (s.isoformat(), e.isoformat(), normalised) == (start, end, label)


def test_without_a_date_a_fiscal_label_names_the_year_it_ends_in():
    assert parse_period("FY2025-Q3", "01-31")[:2] == (dt.date(2024, 8, 1), dt.date(2024, 10, 31))


def test_a_year_ending_after_june_keeps_the_usual_convention_for_an_old_label():
    # an October fiscal year's FY2025-Q4 cited in a letter a year on is still Aug-Oct 2025
    assert parse_period("FY2025-Q4", "10-31", dt.date(2026, 12, 1))[:2] == (dt.date(2025, 8, 1), dt.date(2025, 10, 31))


def test_fiscal_quarter_bounds_walmart():
    assert fiscal_quarter_bounds(2026, 1, "01-31") == (dt.date(2025, 2, 1), dt.date(2025, 4, 30))


@pytest.mark.parametrize("bad", ["2025-Q5", "Q3", "FY26", "next quarter"])
def test_bad_periods_are_rejected(bad):
    with pytest.raises(BadInput):
        parse_period(bad, "12-31")
