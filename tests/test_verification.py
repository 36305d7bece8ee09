"""The verification workflow through the CLI: due -> verdict -> scorecard; re-opening; who and when."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.review import scorecards
from tests.graphfixtures import build

runner = CliRunner()


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "l.db"
    return path, build(Ledger(path))


def _ids(path, *args):
    r = runner.invoke(app, ["--db", str(path), *args, "--format", "json"])
    assert r.exit_code == 0, r.output
    return {c["id"] for c in json.loads(r.stdout)}


def test_verification_due_and_upcoming_return_the_right_claims(built):
    path, ids = built
    assert _ids(path, "due", "--as-of", "2026-11-23") == {ids["retail"]}
    assert _ids(path, "upcoming", "--days", "1200", "--as-of", "2025-11-26") == {
        ids[k] for k in ("retail", "users", "other", "en_cloud", "capex", "capex_again")}
    assert _ids(path, "due", "--as-of", "2027-01-01", "--speaker", "Eddie Wu") == {ids["retail"]}


def test_verification_verdict_moves_claim_from_due_into_scorecard(built):
    path, ids = built
    r = runner.invoke(app, ["--db", str(path), "verify", ids["retail"][:8], "--verdict", "kept", "--evidence",
                            "instant-retail spending fell 40% in the quarter", "--source", "https://example.com/q4",
                            "--date", "2026-02-20", "--by", "analyst-1"])
    assert r.exit_code == 0, r.output
    assert ids["retail"] not in _ids(path, "due", "--as-of", "2026-11-23")
    card = scorecards(Ledger(path), speaker="吳泳銘", as_of=dt.date(2026, 11, 23))[0]
    assert card.verdicts["kept"] == 1 and card.hit_rate == 1.0
    v = Ledger(path).get_claim(ids["retail"]).verdicts[0]
    assert (v.verdict, v.source, v.date, v.actor) == ("kept", "https://example.com/q4", dt.date(2026, 2, 20), "analyst-1")


def test_verification_reopen_returns_claim_to_due_and_keeps_history(built):
    path, ids = built
    cid = ids["retail"]
    runner.invoke(app, ["--db", str(path), "verify", cid, "--verdict", "broken", "--evidence", "spending rose", "--by", "a"])
    r = runner.invoke(app, ["--db", str(path), "reopen", cid, "--reason", "restated figures", "--by", "b"])
    assert r.exit_code == 0, r.output
    assert cid in _ids(path, "due", "--as-of", "2026-11-23")
    card = scorecards(Ledger(path), speaker="吳泳銘")[0]
    assert card.resolved == 0 and card.scored == 0
    hist = Ledger(path).history(cid)
    steps = [(e.type, e.actor) for e in hist]
    assert steps[-2:] == [("verdict_recorded", "a"), ("claim_reopened", "b")]
    assert all(e.at.tzinfo is not None for e in hist)
    table = runner.invoke(app, ["--db", str(path), "history", cid])
    assert "verdict_recorded" in table.stdout and "claim_reopened" in table.stdout


@pytest.mark.parametrize("verdict", ["kept", "broken", "partial", "unverifiable", "withdrawn"])
def test_verification_every_verdict_leaves_due(built, verdict):
    path, ids = built
    r = runner.invoke(app, ["--db", str(path), "verify", ids["retail"], "--verdict", verdict, "--evidence", "x"])
    assert r.exit_code == 0, r.output
    assert Ledger(path).get_claim(ids["retail"], as_of=dt.date(2026, 11, 23)).status == verdict
    assert not _ids(path, "due", "--as-of", "2026-11-23")


@pytest.mark.parametrize("args, message", [
    (["--verdict", "maybe", "--evidence", "x"], "verdict must be one of"),
    (["--verdict", "kept", "--evidence", "  "], "evidence"),
])
def test_verification_rejects_bad_verdicts_without_writing(built, args, message):
    path, ids = built
    before = Ledger(path).counts()["events"]
    r = runner.invoke(app, ["--db", str(path), "verify", ids["retail"], *args])
    assert r.exit_code == 1 and message in r.stderr
    assert Ledger(path).counts()["events"] == before
