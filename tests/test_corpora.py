"""The bundled corpora are well-formed, and extraction on each keeps the output contract."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app
from tests.conftest import CORPORA

DOCS = sorted(d for d in CORPORA.iterdir() if (d / "gold.json").exists())
KINDS = {"prediction", "target", "guidance", "plan"}


def test_there_are_demo_corpora_in_both_languages():
    langs = {json.loads((d / "meta.json").read_text(encoding="utf-8"))["lang"] for d in DOCS}
    assert {"zh", "en"} <= langs


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_gold_is_well_formed(doc: Path):
    text = (doc / "text.txt").read_text(encoding="utf-8")
    meta = json.loads((doc / "meta.json").read_text(encoding="utf-8"))
    gold = json.loads((doc / "gold.json").read_text(encoding="utf-8"))
    dt.date.fromisoformat(meta["date"])
    names = {s["name"] for s in gold["speakers"]}
    keys = [c["key"] for c in gold["claims"]]
    assert len(keys) == len(set(keys)), "gold keys must be unique"
    for c in gold["claims"]:
        assert c["key"] in text, c["key"]
        assert c["kind"] in KINDS
        assert c["speaker"] is None or c["speaker"] in names
        h = c.get("horizon")
        if h:
            assert dt.date.fromisoformat(h["end"]) >= dt.date.fromisoformat(h.get("start") or h["end"])
    for neg in gold.get("negatives", []):
        assert neg in text, neg


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_extract_output_keeps_the_contract(doc: Path):
    r = CliRunner().invoke(app, ["extract", str(doc / "text.txt"), "--format", "json"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    text = (doc / "text.txt").read_text(encoding="utf-8")
    assert out["doc"]["lang"] in ("zh", "en")
    assert out["claims"], "every demo transcript has claims"
    for m in out["claims"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["kind"] in KINDS
        assert 0.0 <= m["confidence"] <= 1.0
        assert m["claim_id"] and m["id"]
