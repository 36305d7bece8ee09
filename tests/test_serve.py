"""`claims serve`: the JSON twins match the CLI, writes are ledger events, and the guards hold
(CSRF on forms, the access token, loopback binding, escaping of hostile text, bad form input)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from claims.cli import app as cli
from claims.ledger import Ledger
from claims.serve import check_bind, create_app
from claims.core.errors import BadInput
from tests.claimfactory import doc, extraction, mention
from tests.graphfixtures import build

AS_OF = "2026-11-23"
runner = CliRunner()
HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    ids = build(ledger)
    web = create_app(ledger, as_of=dt.date.fromisoformat(AS_OF), source_roots=[tmp_path])
    client = TestClient(web, base_url="http://127.0.0.1")
    return client, ledger, ids, path


def cli_json(path, *args):
    r = runner.invoke(cli, ["--db", str(path), *args, "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def csrf_of(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


# ---------------------------------------------------------------------------- API = CLI --format json
def test_serve_api_due_is_the_cli_due(served):
    client, _, ids, path = served
    api = client.get("/api/due", params={"limit": 500}).json()
    assert api == cli_json(path, "due", "--as-of", AS_OF)
    assert [c["id"] for c in api] == [ids["retail"]]


def test_serve_api_claim_and_history_are_the_cli_show_and_history(served):
    client, _, ids, path = served
    assert client.get(f"/api/claims/{ids['capex']}").json() == cli_json(path, "show", ids["capex"], "--as-of", AS_OF)
    assert client.get(f"/api/claims/{ids['capex']}/history").json() == cli_json(path, "history", ids["capex"])


def test_serve_api_person_is_alias_aware_and_carries_the_cli_scorecard(served):
    client, ledger, ids, path = served
    ledger.verify(ids["retail"], "kept", "spending fell", actor="tester")
    cards = [client.get(f"/api/people/{n}").json() for n in ("吳泳銘", "吴泳铭", "Eddie Wu")]
    assert cards[0] == cards[1] == cards[2]
    assert cards[0]["scorecard"] == cli_json(path, "scorecard", "--speaker", "Eddie Wu", "--as-of", AS_OF)[0]
    assert {"吳泳銘", "Eddie Wu"} <= set(cards[0]["names"])
    assert ids["en_cloud"] in {c["id"] for c in cards[0]["claims"]}


def test_serve_api_graph_is_the_cli_graph(served):
    client, _, _, path = served
    api = client.get("/api/graph/person/Eddie Wu").json()
    r = runner.invoke(cli, ["--db", str(path), "graph", "--format", "json", "--speaker", "Eddie Wu", "--as-of", AS_OF])
    assert api == json.loads(r.stdout)


def test_serve_search_finds_simplified_and_traditional(served):
    client, _, ids, _ = served
    trad = client.get("/api/search", params={"q": "投入3800億元"}).json()
    simp = client.get("/api/search", params={"q": "投入3800亿元"}).json()
    assert {c["id"] for c in trad["claims"]} == {c["id"] for c in simp["claims"]} >= {ids["capex"], ids["capex_again"]}
    assert [p["name"] for p in client.get("/api/search", params={"q": "吴泳铭"}).json()["people"]] == ["吳泳銘"]
    assert client.get("/api/search", params={"q": "eddie"}).json()["people"][0]["name"] == "吳泳銘"
    assert client.get("/api/search", params={"q": "阿里巴巴"}).json()["companies"]


def test_serve_company_and_topic_pages(served):
    client, _, ids, _ = served
    co = client.get("/api/companies/Harborline Retail").json()
    assert [c["id"] for c in co["claims"]] == [ids["other"]]
    assert client.get("/companies/Harborline Retail").status_code == 200
    topic = client.get("/api/topics/ai-capex").json()
    assert {c["id"] for c in topic["claims"]} == {ids["capex"], ids["capex_again"], ids["capex_revised"]}
    assert client.get("/topics/ai-capex").status_code == 200
    assert client.get("/api/topics/no-such-topic").status_code == 404


def test_serve_due_queue_filters_and_pages(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    ledger.ingest(extraction(doc("d", company="Northwind"), *[
        mention("d", f"Claim {i} will ship", speaker="Ada Lin" if i % 2 else "Bo Chen", end=f"2025-0{1 + i % 9}-15",
                kind="plan" if i % 3 == 0 else "prediction", topics=["cloud" if i % 2 else "stores"], offset=40 * i)
        for i in range(23)]))
    client = TestClient(create_app(ledger, as_of=dt.date(2026, 1, 1)), base_url="http://127.0.0.1")
    everything = [c["id"] for c in client.get("/api/due", params={"limit": 500}).json()]
    assert len(everything) == 23
    seen, url = [], "/api/due?limit=5"
    while url:
        r = client.get(url)
        seen += [c["id"] for c in r.json()]
        m = re.search(r"<([^>]+)>; rel=\"next\"", r.headers.get("link", ""))
        url = m.group(1) if m else None
    assert seen == everything  # keyset pages: every claim once, in order
    plans = client.get("/api/due", params={"kind": "plan", "limit": 3}).json()
    assert len(plans) == 3 and {c["kind"] for c in plans} == {"plan"}
    ada = client.get("/api/due", params={"speaker": "ada lin"}).json()
    assert ada and {c["speaker"]["name"] for c in ada} == {"Ada Lin"}
    assert {c["topics"][0] for c in client.get("/api/due", params={"topic": "stores"}).json()} == {"stores"}
    assert client.get("/api/due", params={"kind": "rumour"}).status_code == 400
    html = client.get("/due", params={"limit": 5}).text
    assert 'id="next-page"' in html and html.count('class="claim-link"') == 5


# ---------------------------------------------------------------------------- writes
def test_serve_verdict_form_records_an_event_and_audit_stays_clean(served):
    client, ledger, ids, path = served
    token = csrf_of(client, f"/claims/{ids['retail']}")
    r = client.post(f"/claims/{ids['retail']}/verdict", data={
        "csrf": token, "verdict": "kept", "evidence": "Spending fell 40%", "source": "https://example.com/q4",
        "date": "2026-02-20", "reviewer": "analyst-web"}, follow_redirects=False)
    assert r.status_code == 303
    claim = ledger.get_claim(ids["retail"])
    assert claim.status == "kept" and claim.verdicts[-1].actor == "analyst-web"
    assert ledger.history(ids["retail"])[-1].type == "verdict_recorded"
    assert ids["retail"] not in {c["id"] for c in client.get("/api/due").json()}
    assert runner.invoke(cli, ["--db", str(path), "audit"]).exit_code == 0
    page = client.get(r.headers["location"]).text
    assert "Spending fell 40%" in page and "analyst-web" in page
    r = client.post(f"/claims/{ids['retail']}/reopen", data={"csrf": token, "reason": "restated", "reviewer": "a2"},
                    follow_redirects=False)
    assert r.status_code == 303 and ledger.get_claim(ids["retail"], as_of=dt.date.fromisoformat(AS_OF)).status == "due"


@pytest.mark.parametrize("field,value,message", [
    ("verdict", "maybe", "verdict: choose one of"),
    ("evidence", "   ", "evidence: say what happened"),
    ("source", "javascript:alert(1)", "source: must be an http"),
    ("date", "2026-02-30", "date must be YYYY-MM-DD"),
    ("reviewer", "", "reviewer: say who records"),
])
def test_serve_bad_form_input_is_explained_and_changes_nothing(served, field, value, message):
    client, ledger, ids, _ = served
    before = ledger.counts()
    data = {"csrf": csrf_of(client, f"/claims/{ids['retail']}"), "verdict": "kept", "evidence": "ok",
            "source": "", "date": "", "reviewer": "me", field: value}
    r = client.post(f"/claims/{ids['retail']}/verdict", data=data)
    assert r.status_code == 400 and message in r.text and "Nothing was recorded" in r.text
    assert ledger.counts() == before


def test_serve_post_without_or_with_a_wrong_csrf_token_is_rejected(served):
    client, ledger, ids, _ = served
    csrf_of(client, f"/claims/{ids['retail']}")  # the browser has its cookie
    before = ledger.counts()
    form = {"verdict": "kept", "evidence": "x", "reviewer": "me"}
    assert client.post(f"/claims/{ids['retail']}/verdict", data=form).status_code == 403
    assert client.post(f"/claims/{ids['retail']}/verdict", data={**form, "csrf": "0" * 64}).status_code == 403
    other = TestClient(client.app, base_url="http://127.0.0.1")  # another browser: its own cookie, so its own token
    stolen = csrf_of(client, f"/claims/{ids['retail']}")
    other.get("/due")
    assert other.post(f"/claims/{ids['retail']}/verdict", data={**form, "csrf": stolen}).status_code == 403
    assert ledger.counts() == before


# ---------------------------------------------------------------------------- access
def test_serve_refuses_a_public_host_without_a_token():
    with pytest.raises(BadInput, match="refusing to listen on 0.0.0.0"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "s3cret-token")
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    r = runner.invoke(cli, ["--db", "unused.db", "serve", "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "Error: refusing to listen on 0.0.0.0" in r.stderr


def test_serve_with_a_token_rejects_requests_without_it(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    ids = build(ledger)
    web = create_app(ledger, token="s3cret-token", host="0.0.0.0")
    anon = TestClient(web, base_url="http://192.0.2.10:8000")
    for url in ("/due", "/api/due", f"/claims/{ids['retail']}", "/static/app.css"):
        assert anon.get(url).status_code == 401, url
    assert anon.get("/api/due", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anon.post(f"/claims/{ids['retail']}/verdict", data={"verdict": "kept"}).status_code == 401
    assert anon.get("/api/due", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    browser = TestClient(web, base_url="http://192.0.2.10:8000")
    assert browser.get("/due?token=s3cret-token").status_code == 200
    assert browser.get(f"/claims/{ids['retail']}").status_code == 200  # the cookie carries it on
    assert ledger.counts()["events"] == len(list(ledger.iter_events()))


def test_serve_without_a_token_answers_only_loopback_host_names(served):
    client, *_ = served
    assert client.get("/due").status_code == 200
    assert client.get("/due", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/due", headers={"host": "evil.example:8000"}).status_code == 400  # DNS rebinding


# ---------------------------------------------------------------------------- escaping
def test_serve_escapes_hostile_claim_speaker_and_evidence(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    ledger.ingest(extraction(doc("evil", company=HOSTILE), mention(
        "evil", f"We expect {HOSTILE} revenue to double", speaker=HOSTILE, org=HOSTILE, end="2025-06-30",
        topics=[HOSTILE]), mention("evil", f"{HOSTILE} margins will rise", speaker=HOSTILE, end="2025-03-31",
                                   offset=100)))
    cid = ledger.list_claims(topic=HOSTILE)[0].id
    ledger.verify(cid, "broken", f"evidence {HOSTILE}", source=f"javascript:{HOSTILE}", actor=HOSTILE)
    client = TestClient(create_app(ledger, as_of=dt.date(2026, 1, 1)), base_url="http://127.0.0.1")
    pages = ["/due?as_of=2025-12-01", f"/claims/{cid}", f"/people/{HOSTILE}", f"/companies/{HOSTILE}",
             f"/topics/{HOSTILE}", "/search?q=script", f"/graph/person/{HOSTILE}", f"/graph/company/{HOSTILE}"]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert "<script>alert" not in r.text, url
        assert "&lt;script&gt;" in r.text, url
        assert 'href="javascript:' not in r.text.lower(), url
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert len(re.findall(r"<script\b", client.get(f"/claims/{cid}").text)) == 1  # only /static/app.js


def test_serve_claim_page_highlights_the_mention_in_its_source_file(tmp_path):
    text = "Operator: welcome.\nAda Lin: Thanks. We expect cloud revenue to double by 2026. Next question.\n"
    (tmp_path / "call.txt").write_text(text, encoding="utf-8")
    import hashlib

    d = doc("call", company="Northwind")
    d.source, d.sha256 = "call.txt", hashlib.sha256(text.encode()).hexdigest()
    claim_text = "We expect cloud revenue to double by 2026"
    ledger = Ledger(tmp_path / "l.db")
    ledger.ingest(extraction(d, mention("call", claim_text, end="2026-12-31", offset=text.index(claim_text))))
    cid = ledger.list_claims()[0].id
    client = TestClient(create_app(ledger, source_roots=[tmp_path]), base_url="http://127.0.0.1")
    html = client.get(f"/claims/{cid}").text
    assert f'Ada Lin: Thanks. <mark class="claim-span" title="prediction">{claim_text}<span' in html
    assert "Next question." in html and "Operator: welcome." not in html  # the paragraph, not the file
    (tmp_path / "call.txt").write_text(text.replace("Thanks", "Thank you"), encoding="utf-8")
    assert "has changed since it was ingested" in client.get(f"/claims/{cid}").text


def test_serve_unknown_claim_is_a_404(served):
    client, *_ = served
    assert client.get("/claims/ffffffffffff").status_code == 404
    assert client.get("/api/claims/ffffffffffff").json() == {"error": "no claim with id 'ffffffffffff'"}
