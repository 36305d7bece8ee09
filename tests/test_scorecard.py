"""Scorecards: hit rate, Brier score and calibration bands per person, aliases merged."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.review import BANDS, band_of, scorecards
from tests.claimfactory import claim_id, doc, extraction, mention

runner = CliRunner()

# (text, confidence, verdict or None)
RECORD = [
    ("Revenue will grow 20% next year", 0.9, "kept"),
    ("Margins will expand next year", 0.7, "partial"),
    ("We will open 40 stores next year", 0.3, "broken"),
    ("Churn will fall below 2% next year", 0.1, "unverifiable"),
    ("We will list in Hong Kong next year", 0.5, "withdrawn"),
    ("Capex will peak next year", 0.6, None),
]


@pytest.fixture
def ledger_path(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    ledger.ingest(extraction(doc("d1", company="Northwind"),
                             *[mention("d1", t, speaker="Ada Lin", org="Northwind", end="2026-12-31", confidence=p, offset=i * 100)
                               for i, (t, p, _) in enumerate(RECORD)],
                             mention("d1", "Prices will rise next year", speaker="Bo Chen", org="Northwind", end="2026-12-31",
                                     confidence=0.8, offset=900)))
    for t, _, v in RECORD:
        if v:
            ledger.verify(claim_id("d1", t), v, f"checked: {v}", actor="tester")
    return path


def test_scorecard_counts_hit_rate_and_brier(ledger_path):
    card = next(c for c in scorecards(Ledger(ledger_path), as_of=None) if c.speaker == "Ada Lin")
    assert (card.claims, card.resolved, card.scored) == (6, 5, 3)
    assert card.verdicts == {"kept": 1, "broken": 1, "partial": 1, "unverifiable": 1, "withdrawn": 1}
    assert card.hit_rate == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert card.brier == pytest.approx(((0.9 - 1) ** 2 + (0.7 - 0.5) ** 2 + (0.3 - 0) ** 2) / 3, abs=1e-4)


def test_scorecard_calibration_bands_hold_scored_claims(ledger_path):
    card = next(c for c in scorecards(Ledger(ledger_path)) if c.speaker == "Ada Lin")
    bands = {b.band: b for b in card.calibration}
    assert [b.band for b in card.calibration] == [f"{lo:.1f}-{hi:.1f}" for lo, hi in BANDS]
    assert (bands["0.8-1.0"].count, bands["0.8-1.0"].hit_rate, bands["0.8-1.0"].mean_confidence) == (1, 1.0, 0.9)
    assert (bands["0.6-0.8"].count, bands["0.6-0.8"].hit_rate) == (1, 0.5)
    assert (bands["0.2-0.4"].count, bands["0.2-0.4"].hit_rate) == (1, 0.0)
    assert bands["0.0-0.2"].count == 0 and bands["0.0-0.2"].hit_rate is None  # unverifiable is not scored


@pytest.mark.parametrize("confidence, band", [(0.0, 0), (0.19, 0), (0.2, 1), (0.59, 2), (0.8, 4), (1.0, 4)])
def test_scorecard_band_edges(confidence, band):
    assert band_of(confidence) == band


def test_scorecard_without_verdicts_has_no_rates(ledger_path):
    card = next(c for c in scorecards(Ledger(ledger_path)) if c.speaker == "Bo Chen")
    assert card.claims == 1 and card.resolved == 0 and card.hit_rate is None and card.brier is None


def test_scorecard_cli_json_twin_filters_by_speaker(ledger_path):
    r = runner.invoke(app, ["--db", str(ledger_path), "scorecard", "--speaker", "ada lin", "--format", "json"])
    assert r.exit_code == 0, r.output
    cards = json.loads(r.stdout)
    assert [c["speaker"] for c in cards] == ["Ada Lin"] and cards[0]["scored"] == 3
    table = runner.invoke(app, ["--db", str(ledger_path), "scorecard"])
    assert table.exit_code == 0 and "Bo Chen" in table.stdout and "1/1/1" in table.stdout


def test_scorecard_merges_aliases_across_scripts(tmp_path):
    from tests.graphfixtures import build

    ledger = Ledger(tmp_path / "l.db")
    ids = build(ledger)
    ledger.verify(ids["en_cloud"], "kept", "cloud grew 34%", actor="tester")  # said as Eddie Wu
    ledger.verify(ids["retail"], "broken", "spending rose", actor="tester")  # said as 吴泳铭
    cards = scorecards(ledger, speaker="吳泳銘")
    assert len(cards) == 1 and cards[0].claims == 5 and cards[0].scored == 2 and cards[0].hit_rate == 0.5


def _reference_cards(ledger: Ledger, as_of):
    """Scorecards the slow way: every claim hydrated and scored in Python, grouped by person."""
    from claims.graph import SpeakerIndex
    from claims.review import UNKNOWN_SPEAKER, score_claims

    index = SpeakerIndex.from_ledger(ledger)
    claims = ledger.list_claims(as_of=as_of, with_mentions=False)
    groups: dict = {}
    for c in claims:
        groups.setdefault(index.key(c.speaker.name) if c.speaker else None, []).append(c)
    cards = [score_claims(cs, (index.display(cs[0].speaker.name) if key and cs[0].speaker else None) or UNKNOWN_SPEAKER, key)
             for key, cs in groups.items()]
    cards.sort(key=lambda c: (-c.claims, c.speaker))
    return cards + [score_claims(claims, "(all speakers)")]


def test_scorecard_counted_in_sql_matches_scoring_every_claim(tmp_path):
    import datetime as dt

    from tests.graphfixtures import build

    ledger = Ledger(tmp_path / "l.db")
    ids = build(ledger)
    ledger.ingest(extraction(doc("d9"), mention("d9", "Nobody knows who said this will happen", speaker=None, end="2025-06-30"),
                             mention("d9", "Undated forecast will come true", speaker="Bo Chen")))
    ledger.verify(ids["en_cloud"], "kept", "cloud grew 34%", actor="tester")
    ledger.verify(ids["retail"], "partial", "half of it", actor="tester")
    for as_of in (dt.date(2026, 1, 1), dt.date(2030, 1, 1)):
        got = scorecards(ledger, as_of=as_of, include_total=True)
        assert [c.model_dump() for c in got] == [c.model_dump() for c in _reference_cards(ledger, as_of)]
