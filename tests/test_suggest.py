"""Evidence suggestions through the real CLI and ledger: for a due claim, what the company later
reported, with the verdict the figures or directions imply; nothing is ever recorded by itself."""
from __future__ import annotations

import datetime as D
import json

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.suggest import Suggester
from tests.factories import make_extraction, make_outcome_doc

Q1 = (D.date(2026, 1, 1), D.date(2026, 3, 31))
GUIDE = {"text": "We expect revenue growth of 10% to 12% in the first quarter", "speaker": "Ann Lee",
         "end": D.date(2026, 3, 31), "quantities": [("10% to 12%", 11.0, "%")]}


def _ledger(path, claims, outcomes, *, company="Acme Corp", later_company=None, period=Q1):
    with Ledger(path) as led:
        led.ingest(make_extraction("call-q4", claims, company=company, date=D.date(2025, 11, 20)))
        led.ingest(make_outcome_doc("release-q1", [dict(o, period=o.get("period", period)) for o in outcomes],
                                    company=later_company or company, date=D.date(2026, 4, 28)))


def _suggest(path, *args):
    r = CliRunner().invoke(app, ["--db", str(path), "suggest", "--as-of", "2026-05-01", "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# (reported outcome, expected verdict)
FIGURE_ROWS = [
    ({"text": "Revenue grew 11% in the quarter", "metric": "revenue", "direction": "up", "figures": [(11.0, "%")]}, "kept"),
    ({"text": "Revenue grew 12.8% in the quarter", "metric": "revenue", "direction": "up", "figures": [(12.8, "%")]}, "partial"),
    ({"text": "Revenue grew 4% in the quarter", "metric": "revenue", "direction": "up", "figures": [(4.0, "%")]}, "broken"),
    ({"text": "Revenue fell 11% in the quarter", "metric": "revenue", "direction": "down", "figures": [(11.0, "%")]}, "broken"),
]


@pytest.mark.parametrize("outcome,verdict", FIGURE_ROWS, ids=[r[1] + "-" + r[0]["text"][:20] for r in FIGURE_ROWS])
def test_suggest_compares_the_reported_figure_with_the_guided_range(tmp_path, outcome, verdict):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [outcome])
    rows = _suggest(db)
    assert len(rows) == 1
    s = rows[0]["suggestions"][0]
    assert s["verdict"] == verdict
    assert s["evidence"] == outcome["text"] and s["end"] - s["start"] == len(outcome["text"])
    assert any("metric revenue" in r for r in s["reasons"]) and s["score"] >= 50


def test_suggest_records_nothing(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [FIGURE_ROWS[0][0]])
    with Ledger(db) as led:
        before = led.counts()
    _suggest(db)
    with Ledger(db) as led:
        assert led.counts() == before
        assert [c.status for c in led.list_claims(as_of=D.date(2026, 5, 1))] == ["due"]


def test_suggest_ignores_other_companies_and_other_periods(tmp_path):
    other = tmp_path / "other.db"
    _ledger(other, [GUIDE], [FIGURE_ROWS[0][0]], later_company="Other Inc")
    assert _suggest(other)[0]["suggestions"] == []
    late = tmp_path / "late.db"
    _ledger(late, [GUIDE], [FIGURE_ROWS[0][0]], period=(D.date(2026, 7, 1), D.date(2026, 9, 30)))
    assert _suggest(late)[0]["suggestions"] == []


def test_suggest_ignores_an_outcome_about_another_metric(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [{"text": "Gross margin was 11%", "metric": "gross margin", "figures": [(11.0, "%")]}])
    assert _suggest(db)[0]["suggestions"] == []


def test_suggest_reads_directions_when_there_are_no_figures(tmp_path):
    db = tmp_path / "l.db"
    claim = {"text": "We expect operating expenses to decline next quarter", "speaker": "Ann Lee", "end": D.date(2026, 3, 31)}
    _ledger(db, [claim], [{"text": "Operating expenses rose in the quarter", "metric": "expenses", "direction": "up"}])
    assert _suggest(db)[0]["suggestions"][0]["verdict"] == "broken"


def test_suggest_for_one_claim_and_due_with_suggestions(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE, {"text": "We will open 3 plants by 2030", "speaker": "Ann Lee", "end": D.date(2030, 12, 31)}],
            [FIGURE_ROWS[0][0]])
    with Ledger(db) as led:
        cid = led.due(D.date(2026, 5, 1))[0].id
    one = _suggest(db, cid[:8])
    assert [r["claim_id"] for r in one] == [cid] and one[0]["suggestions"][0]["verdict"] == "kept"
    r = CliRunner().invoke(app, ["--db", str(db), "due", "--as-of", "2026-05-01", "--suggest", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["claim_id"] for row in rows] == [cid]  # the 2030 plan is not due
    table = CliRunner().invoke(app, ["--db", str(db), "due", "--as-of", "2026-05-01", "--suggest"])
    assert table.exit_code == 0 and "kept" in table.stdout


def test_suggest_unknown_claim_is_one_error_line(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [])
    r = CliRunner().invoke(app, ["--db", str(db), "suggest", "zzzzzzzz"])
    assert r.exit_code == 1 and "Error:" in r.output


def test_accepted_suggestion_is_an_ordinary_verdict_by_the_reviewer_with_the_suggested_flag(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [FIGURE_ROWS[0][0]])
    with Ledger(db) as led:
        claim = led.due(D.date(2026, 5, 1))[0]
        s = Suggester(led).for_claim(claim)[0]
        led.verify(claim.id, s.verdict, s.outcome.text, source=s.doc_id, actor="reviewer-1", suggested=True)
        got = led.get_claim(claim.id)
        assert got.status == "kept"
        assert got.verdicts[-1].suggested and got.verdicts[-1].actor == "reviewer-1"
        assert got.verdicts[-1].evidence == FIGURE_ROWS[0][0]["text"]
        assert led.audit().ok


def test_outcomes_survive_export_and_import(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [FIGURE_ROWS[0][0]])
    out = tmp_path / "x.jsonl"
    with Ledger(db) as led:
        with out.open("w", encoding="utf-8") as f:
            led.export(f)
        want = [o.model_dump() for o in led.outcomes()]
    with Ledger(tmp_path / "copy.db") as copy:
        copy.import_jsonl(out.read_text(encoding="utf-8"))
        assert [o.model_dump() for o in copy.outcomes()] == want
        assert copy.audit().ok


# ---------------------------------------------------------------------------- the web claim page
def _client(db):
    from starlette.testclient import TestClient

    from claims.serve import create_app

    led = Ledger(db)
    return TestClient(create_app(led, as_of=D.date(2026, 5, 1)), base_url="http://127.0.0.1"), led


def _claim_page(tmp_path, outcome: dict):
    """The web client, the ledger, the due guidance claim's id and its page, with one later outcome."""
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [outcome])
    client, led = _client(db)
    cid = led.due(D.date(2026, 5, 1))[0].id
    return client, led, cid, client.get(f"/claims/{cid}").text


def _csrf(html: str) -> str:
    import re

    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_claim_page_shows_suggestions_and_one_click_records_a_suggested_verdict(tmp_path):
    client, led, cid, page = _claim_page(tmp_path, FIGURE_ROWS[1][0])
    assert 'id="suggestions"' in page and FIGURE_ROWS[1][0]["text"] in page
    oid = led.outcomes()[0].id
    api = client.get(f"/api/claims/{cid}/suggestions").json()
    assert [s["verdict"] for s in api] == ["partial"]
    # no reviewer: nothing is recorded
    r = client.post(f"/claims/{cid}/suggestion", data={"csrf": _csrf(page), "outcome": oid, "reviewer": " "})
    assert r.status_code == 400 and led.get_claim(cid).verdicts == []
    # evidence and verdict come from the suggestion, not from what the form posts
    r = client.post(f"/claims/{cid}/suggestion", data={"csrf": _csrf(page), "outcome": oid, "reviewer": "rev-1",
                                                        "evidence": "forged"}, follow_redirects=False)
    assert r.status_code == 303
    got = led.get_claim(cid)
    v = got.verdicts[-1]
    assert (got.status, v.verdict, v.actor, v.suggested, v.evidence) == ("partial", "partial", "rev-1", True, FIGURE_ROWS[1][0]["text"])
    assert led.history(cid)[-1].type == "verdict_recorded" and led.audit().ok
    assert 'id="suggestions"' not in client.get(f"/claims/{cid}").text  # judged: nothing more to suggest


def test_claim_page_suggestion_post_needs_the_csrf_token_and_a_known_outcome(tmp_path):
    client, led, cid, page = _claim_page(tmp_path, FIGURE_ROWS[0][0])
    assert client.post(f"/claims/{cid}/suggestion", data={"outcome": led.outcomes()[0].id, "reviewer": "x"}).status_code == 403
    r = client.post(f"/claims/{cid}/suggestion", data={"csrf": _csrf(page), "outcome": "nope", "reviewer": "x"})
    assert r.status_code == 400 and "no longer offered" in r.text
    assert led.get_claim(cid).verdicts == []


@pytest.mark.parametrize("claim_text,quantity,reported,verdict", [
    ("We expect claims costs of more than $300 million in the quarter", ("$300 million", 3e8, "USD"), 3.88e8, "kept"),
    ("We expect claims costs of up to $300 million in the quarter", ("$300 million", 3e8, "USD"), 3.88e8, "broken"),
    ("We expect claims costs of up to $300 million in the quarter", ("$300 million", 3e8, "USD"), 2.5e8, "kept"),
])
def test_suggest_reads_a_bound_on_the_guided_figure(tmp_path, claim_text, quantity, reported, verdict):
    db = tmp_path / "l.db"
    claim = {"text": claim_text, "speaker": "Ann Lee", "end": D.date(2026, 3, 31), "quantities": [quantity]}
    _ledger(db, [claim], [{"text": f"Claims costs were ${reported / 1e6:.0f} million", "metric": "insurance claims",
                           "figures": [(reported, "USD")]}])
    assert _suggest(db)[0]["suggestions"][0]["verdict"] == verdict


def test_suggest_finds_the_same_persons_later_words_in_another_companys_document(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as led:
        led.ingest(make_extraction("call-q4", [GUIDE], company="Acme Corp", date=D.date(2025, 11, 20)))
        led.ingest(make_outcome_doc("interview", [dict(FIGURE_ROWS[0][0], speaker="Ann Lee", period=Q1)],
                                    company="Business Daily", date=D.date(2026, 4, 28)))
    assert _suggest(db)[0]["suggestions"][0]["verdict"] == "kept"


# ---------------------------------------------------------------------------- choosing the outcome
def _top(db):
    rows = _suggest(db)
    return rows[0]["suggestions"][0]["evidence"] if rows[0]["suggestions"] else None


def test_suggest_offers_nothing_when_two_outcomes_fit_equally_well(tmp_path):
    db = tmp_path / "l.db"
    _ledger(db, [GUIDE], [{"text": "Revenue grew 11% in the quarter", "metric": "revenue", "direction": "up", "figures": [(11.0, "%")]},
                          {"text": "Revenue grew 11% this quarter", "metric": "revenue", "direction": "up", "figures": [(11.0, "%")]}])
    assert _suggest(db)[0]["suggestions"] == []


def test_suggest_prefers_the_report_covering_the_claims_whole_horizon(tmp_path):
    db = tmp_path / "l.db"
    claim = {"text": "We expect revenue growth of 10% to 12% for the year", "speaker": "Ann Lee",
             "end": D.date(2026, 12, 31), "quantities": [("10% to 12%", 11.0, "%")]}
    year = {"text": "For the year revenue grew 11%", "metric": "revenue", "direction": "up", "figures": [(11.0, "%")],
            "period": (D.date(2026, 1, 1), D.date(2026, 12, 31))}
    quarter = {"text": "Fourth-quarter revenue grew 11%", "metric": "revenue", "direction": "up", "figures": [(11.0, "%")],
               "period": (D.date(2026, 10, 1), D.date(2026, 12, 31))}
    with Ledger(db) as led:
        led.ingest(make_extraction("call", [claim], date=D.date(2025, 11, 20)))
        led.ingest(make_outcome_doc("annual", [quarter, year], date=D.date(2027, 1, 28)))
    r = CliRunner().invoke(app, ["--db", str(db), "suggest", "--as-of", "2027-02-01", "--format", "json"])
    assert json.loads(r.stdout)[0]["suggestions"][0]["evidence"] == year["text"]


def test_suggest_prefers_the_measure_the_claim_names_within_a_metric(tmp_path):
    db = tmp_path / "l.db"
    claim = {"text": "We expect net losses of $200 to $250 million in the quarter", "speaker": "Ann Lee",
             "end": D.date(2026, 3, 31), "quantities": [("$200 to $250 million", 225e6, "USD")]}
    earnings = {"text": "Earnings were $240 million", "metric": "net income", "figures": [(240e6, "USD")]}
    loss = {"text": "The net loss was $240 million", "metric": "net income", "figures": [(240e6, "USD")]}
    _ledger(db, [claim], [earnings, loss])
    assert _top(db) == loss["text"]
