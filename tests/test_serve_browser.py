"""`claims serve` in a real browser: Debian's chromium driven by Playwright (no `playwright install`).

Open the due queue, open a claim, see its source passage with the claim highlighted, record a
verdict, see the claim leave the queue and the verdict in its history, check `claims audit`, and
screenshot each page (Chinese and English labels) to benchmarks/results/serve/. Skips when
chromium is absent, except in CI (scripts/test.sh installs chromium and fonts-noto-cjk there).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import socket
import threading
import time

import pytest
from typer.testing import CliRunner

from claims.cli import app as cli
from claims.core.models import Document, Extraction, Horizon, Mention, SpeakerRef
from claims.ledger import Ledger
from claims.serve import create_app
from tests.conftest import ROOT

SHOTS = ROOT / "benchmarks" / "results" / "serve"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = dt.date(2026, 11, 23)
ZH_CLAIM = "預計下個季度即時零售的投入會顯著收縮"
EN_CLAIM = "We expect cloud revenue growth to stay above 30% next year"
TRANSCRIPTS = {
    "ali-2025q3-zh": ("zh", "阿里巴巴集團", "吳泳銘", "2025-11-25", (
        "主持人：歡迎參加阿里巴巴集團2026財年第二季度業績電話會。\n"
        f"吳泳銘：謝謝大家。{ZH_CLAIM}，我們會把資源集中在效率更高的業務上。"
        "未來三年投入3800億元建設雲和AI基礎設施。\n"
        "主持人：下一位提問者。\n"), [(ZH_CLAIM, "2025-12-31", "下個季度", ["instant-retail"]),
                                   ("未來三年投入3800億元建設雲和AI基礎設施", "2028-11-25", "未來三年", ["ai-capex", "cloud"])]),
    "ali-2026q1-en": ("en", "Alibaba", "Eddie Wu", "2026-05-15", (
        "Operator: Welcome to the call.\n"
        f"Eddie Wu: Thank you. {EN_CLAIM}. We will keep investing in AI.\n"), [(EN_CLAIM, "2025-12-31", "next year", ["cloud"])]),
}


def chromium() -> str:
    exe = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
    if exe:
        return exe
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI: apt-get install -y chromium fonts-noto-cjk")
    pytest.skip("chromium not installed (apt-get install -y chromium fonts-noto-cjk)")


def make_ledger(tmp_path) -> tuple[Ledger, dict[str, str]]:
    """A ledger of two real transcript files (one Chinese, one English), stored as ingest stores them."""
    ledger = Ledger(tmp_path / "web.db")
    ids = {}
    for doc_id, (lang, company, speaker, date, text, claims) in TRANSCRIPTS.items():
        path = tmp_path / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        doc = Document(id=doc_id, lang=lang, date=dt.date.fromisoformat(date), company=company, source=path.name,
                       sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
        mentions = []
        for claim_text, end, htext, topics in claims:
            start = text.index(claim_text)
            cid = hashlib.sha256(f"{doc_id}:{claim_text}".encode()).hexdigest()[:16]
            ids[claim_text] = cid
            mentions.append(Mention(id=cid + "m", claim_id=cid, doc_id=doc_id, text=claim_text, start=start,
                                    end=start + len(claim_text), speaker=SpeakerRef(name=speaker, org=company, role="CEO"),
                                    confidence=0.8, topics=topics,
                                    horizon=Horizon(text=htext, end=dt.date.fromisoformat(end))))
        ledger.ingest(Extraction(doc=doc, claims=mentions))
    return ledger, ids


@pytest.fixture
def server(tmp_path):
    import uvicorn

    ledger, ids = make_ledger(tmp_path)
    app = create_app(ledger, as_of=AS_OF, source_roots=[tmp_path])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}", ledger, ids, tmp_path / "web.db"
    srv.should_exit = True
    thread.join(timeout=10)


def test_serve_in_chromium_verdict_round_trip(server):
    exe = chromium()
    playwright = pytest.importorskip("playwright.sync_api")
    base, ledger, ids, db = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    cid = ids[ZH_CLAIM]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page.goto(f"{base}/due")
            assert page.locator("h1").inner_text() == "Due queue · 到期待核"
            row = page.locator(f'tr[data-claim="{cid}"]')
            assert row.count() == 1 and page.locator(f'tr[data-claim="{ids[EN_CLAIM]}"]').count() == 1
            page.screenshot(path=str(SHOTS / "1-due-queue.png"), full_page=True)

            row.locator("a.claim-link").click()
            page.wait_for_url(f"**/claims/{cid}")
            mark = page.locator("figure.passage mark.claim-span")
            assert mark.count() == 1 and mark.is_visible()
            assert mark.evaluate("m => m.firstChild.textContent") == ZH_CLAIM
            passage = page.locator("figure.passage blockquote").inner_text()
            assert passage.startswith("吳泳銘：謝謝大家。") and "主持人" not in passage  # its paragraph, from the file
            assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
            page.screenshot(path=str(SHOTS / "2-claim.png"), full_page=True)

            form = page.locator("#verdict-form")
            form.locator('input[name="verdict"][value="kept"]').check()
            form.locator('textarea[name="evidence"]').fill("即時零售投入環比下降40% (instant-retail spending fell 40%)")
            form.locator('input[name="source"]').fill("https://example.com/results-q4")
            form.locator('input[name="date"]').fill("2026-02-20")
            form.locator('input[name="reviewer"]').fill("analyst-browser")
            form.locator('button[type="submit"]').click()
            page.wait_for_selector(".flash")
            assert "kept" in page.locator(".flash").inner_text()
            assert page.locator("#claim-status").inner_text() == "kept"
            history = page.locator("table.history").inner_text()
            assert "verdict_recorded" in history and "analyst-browser" in history and "環比下降40%" in history
            page.screenshot(path=str(SHOTS / "3-claim-after-verdict.png"), full_page=True)

            page.goto(f"{base}/due")
            assert page.locator(f'tr[data-claim="{cid}"]').count() == 0
            assert page.locator(f'tr[data-claim="{ids[EN_CLAIM]}"]').count() == 1
            page.screenshot(path=str(SHOTS / "4-due-queue-after.png"), full_page=True)

            page.goto(f"{base}/people/{'吴泳铭'}")  # simplified finds the traditional name and Eddie Wu's claims
            assert page.locator("h1").inner_text() == "吳泳銘"
            assert page.locator(f'tr[data-claim="{ids[EN_CLAIM]}"]').count() == 1
            assert page.locator("svg.chart text", has_text="hit rate 兑现率").count() == 1
            page.screenshot(path=str(SHOTS / "5-person.png"), full_page=True)
            page.goto(f"{base}/graph/person/Eddie Wu")
            assert page.locator("svg.chart circle").count() >= 3
            page.screenshot(path=str(SHOTS / "6-graph.png"), full_page=True)
            page.goto(f"{base}/search?q=即时零售")
            assert page.locator(f'tr[data-claim="{cid}"]').count() == 1
            page.screenshot(path=str(SHOTS / "7-search.png"), full_page=True)
        finally:
            browser.close()
    assert ledger.get_claim(cid).verdicts[-1].actor == "analyst-browser"
    audit = CliRunner().invoke(cli, ["--db", str(db), "audit"])
    assert audit.exit_code == 0 and "hash chain intact" in audit.output


def test_serve_in_chromium_accepts_a_suggestion_with_one_click(server):
    """A due claim whose company later reported the figure: the claim page shows the suggestion
    beside the verdict form; the reviewer names themself and accepts; the verdict is recorded as
    theirs, with the reported sentence as evidence and the `suggested` mark."""
    from tests.factories import make_extraction, make_outcome_doc

    exe = chromium()
    playwright = pytest.importorskip("playwright.sync_api")
    base, ledger, ids, db = server
    guide = "We expect cloud revenue growth above 30% in the December quarter"
    reported = "Cloud revenue grew 34% in the quarter"
    ledger.ingest(make_extraction("guide-call", [{"text": guide, "speaker": "Toby Xu", "end": dt.date(2025, 12, 31),
                                                  "quantities": [("above 30%", 30.0, "%")]}],
                                  company="Alibaba", date=dt.date(2025, 11, 25)))
    ledger.ingest(make_outcome_doc("results-release", [
        {"text": reported, "metric": "cloud", "direction": "up", "figures": [(34.0, "%")],
         "period": (dt.date(2025, 10, 1), dt.date(2025, 12, 31))}], company="Alibaba", date=dt.date(2026, 2, 20)))
    cid = next(c.id for c in ledger.due(AS_OF) if c.text == guide)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page.goto(f"{base}/claims/{cid}")
            box = page.locator("#suggestions form.suggestion")
            assert box.count() == 1 and box.is_visible()
            assert box.locator("blockquote.evidence").inner_text() == reported
            assert box.locator('select[name="verdict"]').input_value() == "kept"
            assert ledger.get_claim(cid).verdicts == []  # shown, not recorded
            box.locator('input[name="reviewer"]').fill("analyst-suggest")
            box.locator('button[type="submit"]').click()
            page.wait_for_selector(".flash")
            assert page.locator("#claim-status").inner_text() == "kept"
            assert "suggested" in page.locator("table.verdicts").inner_text()
            assert page.locator("#suggestions").count() == 0
        finally:
            browser.close()
    v = ledger.get_claim(cid).verdicts[-1]
    assert (v.actor, v.suggested, v.evidence) == ("analyst-suggest", True, reported)
    audit = CliRunner().invoke(cli, ["--db", str(db), "audit"])
    assert audit.exit_code == 0 and "hash chain intact" in audit.output
