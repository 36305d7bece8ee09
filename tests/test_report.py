"""`claims report`: a static folder that renders in a headless browser and asks the network for nothing."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.report import Labeller, build_report
from tests.graphfixtures import build

runner = CliRunner()
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe:
        return exe
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI: apt-get install -y chromium")
    pytest.skip("chromium not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("report")
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    ids = build(ledger)
    ledger.verify(ids["retail"], "kept", "spending fell", source="https://example.com/evidence", actor="tester")
    ledger.verify(ids["other"], "broken", "no new stores", actor="tester")
    out = tmp_path / "report"
    r = runner.invoke(app, ["--db", str(path), "report", "-o", str(out), "--as-of", "2026-11-23"])
    assert r.exit_code == 0, r.output
    return out


def test_report_writes_index_and_pictures(report_dir):
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    for name in ("timeline.svg", "graph.svg", "calibration-1.svg"):
        assert (report_dir / name).stat().st_size > 1000
        assert f'src="{name}"' in html
    assert "吳泳銘" in html and "Maya Ortiz" in html and "2026-11-23" in html
    assert "revises" in html and "reiterates" in html
    import json

    twin = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    assert twin["as_of"] == "2026-11-23" and len(twin["claims"]) == 7
    assert {c["speaker"] for c in twin["scorecards"]} == {"吳泳銘", "蔣凡", "Maya Ortiz"}


def test_report_makes_no_external_requests(report_dir):
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html, re.I)
    assert "<script" not in html.lower()
    assert "https://example.com/evidence" in html  # evidence URLs are shown as text, not fetched or linked
    for src in re.findall(r"""src\s*=\s*["']([^"']+)""", html):
        assert (report_dir / src).exists()


def test_report_screenshot_in_headless_chromium_is_not_blank(report_dir, tmp_path):
    exe = chromium()
    shot = tmp_path / "shot.png"
    log = tmp_path / "chromium.log"
    with log.open("w") as err:  # a file, not a pipe: chromium's helpers keep pipes open after it exits
        subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
                        f"--screenshot={shot}", (report_dir / "index.html").as_uri()],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, timeout=120, check=False)
    assert shot.exists(), log.read_text()[-2000:]
    import matplotlib.image as mpimg
    import numpy as np

    pixels = (mpimg.imread(shot)[..., :3] * 255).astype(np.uint32)
    colours = np.unique((pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2])
    assert len(colours) > 1
    assert len(colours) > 50  # text, pictures and status badges, not one flat colour


def test_report_into_a_file_path_is_an_error(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path)
    target = tmp_path / "file.txt"
    target.write_text("x")
    r = runner.invoke(app, ["--db", str(path), "report", "-o", str(target)])
    assert r.exit_code == 1 and "Error:" in r.stderr


def test_report_of_empty_ledger_still_renders(tmp_path):
    res = build_report(Ledger(tmp_path / "l.db"), tmp_path / "out")
    assert res.index.exists() and "0 claims" in res.index.read_text(encoding="utf-8")


def test_report_labeller_codes_cjk_names_without_a_cjk_font():
    lab = Labeller(None)
    assert lab("Maya Ortiz") == "Maya Ortiz"
    assert lab("吳泳銘", "S") == "S1" and lab("蔣凡", "S") == "S2" and lab("吳泳銘", "S") == "S1"
    assert Labeller("Noto Sans CJK JP")("吳泳銘") == "吳泳銘"


def test_report_pictures_keep_their_labels_as_text_without_a_cjk_font(tmp_path, monkeypatch):
    import claims.report as report

    monkeypatch.setattr(report, "cjk_font", lambda: None)
    ledger = Ledger(tmp_path / "l.db")
    build(ledger)
    res = report.build_report(ledger, tmp_path / "out")
    html = res.index.read_text(encoding="utf-8")
    assert not res.notes and "Key to picture labels" not in html
    for picture in ("timeline.svg", "graph.svg"):
        svg = (tmp_path / "out" / picture).read_text(encoding="utf-8")
        # the names are SVG text the browser draws with its own fonts, not paths or boxes
        assert re.search(r"<text[^>]*>[^<]*吳泳銘", svg), picture
        assert re.search(r"<text[^>]*>[^<]*Maya Ortiz", svg), picture
        assert "font-family" in svg and "sans-serif" in svg


def test_report_font_probe_rejects_a_font_that_draws_boxes(monkeypatch):
    """matplotlib's bundled "Last Resort" has a glyph for every code point — the same box for 中
    and 銘 — so a probe that only asks "is there a glyph?" accepts it and every label becomes boxes."""
    import matplotlib
    from matplotlib import font_manager

    import claims.report as report

    last_resort = [e for e in font_manager.fontManager.ttflist if "Last Resort" in e.name]
    if not last_resort:
        path = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "LastResortHE-Regular.ttf")
        if not os.path.exists(path):
            pytest.skip("this matplotlib has no Last Resort font")
        last_resort = [font_manager.FontEntry(fname=path, name="Last Resort High-Efficiency")]
    dejavu = [e for e in font_manager.fontManager.ttflist if e.name == "DejaVu Sans"][:1]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", last_resort + dejavu)
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no fontconfig fallback either
    report.cjk_font.cache_clear()
    try:
        assert report.cjk_font() is None
    finally:
        report.cjk_font.cache_clear()


def test_report_graph_picture_of_a_large_ledger_uses_columns(tmp_path):
    import claims.report as report
    from tests.claimfactory import doc, extraction, mention

    ledger = Ledger(tmp_path / "l.db")
    ledger.ingest(extraction(doc("big", company="Northwind"),
                             *[mention("big", f"Claim number {i} about widgets", speaker=f"Person {i % 5}", end="2026-12-31",
                                       topics=[f"topic-{i % 7}"], offset=i * 50) for i in range(60)]))
    from claims.graph import build_graph

    g = build_graph(ledger)
    sub = g.subgraph([n for n, d in g.nodes(data=True) if d["type"] in ("speaker", "claim", "topic")])
    pos = report._layout(sub)
    xs = {g.nodes[n]["type"]: x for n, (x, _) in pos.items()}
    assert xs == {"speaker": -1.0, "claim": 0.0, "topic": 1.0}
    report.draw_graph(g, tmp_path / "g.png", report.Labeller("DejaVu Sans"))
    assert (tmp_path / "g.png").stat().st_size > 1000
