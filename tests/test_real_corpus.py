"""The real annotated corpus (corpora/real): gold that is valid, an oracle that scores 1.0, and
per-split floors for the extractor that only move up.

The texts are third-party excerpts kept with attribution for evaluating the extractor; the scorer
is the shared one (../shared/tools), so the floors test skips cleanly where it is absent.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_corpus  # noqa: E402
import validate_gold  # noqa: E402

DOCS = sorted(p.parent for p in (ROOT / "corpora" / "real").glob("*/*/gold.json"))
FLOORS = json.loads((ROOT / "tests" / "data" / "eval_floors.json").read_text(encoding="utf-8"))
SCORER = eval_corpus.load_scorer(eval_corpus.DEFAULT_SHARED)


def test_corpus_has_documents_in_both_languages():
    langs = {json.loads((d / "meta.json").read_text(encoding="utf-8"))["lang"] for d in DOCS}
    assert langs == {"zh", "en"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_gold_follows_the_annotation_rules(doc):
    assert validate_gold.problems(doc) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_document_has_a_fixed_split(doc):
    assert json.loads((doc / "meta.json").read_text(encoding="utf-8")).get("split") in ("train", "dev")


def test_validator_catches_a_key_that_occurs_twice(tmp_path):
    d = tmp_path / "x"
    d.mkdir()
    (d / "text.txt").write_text("We expect growth. " * 200, encoding="utf-8")
    (d / "meta.json").write_text(json.dumps({"id": "x", "lang": "en", "company": "X", "date": "2025-01-01",
                                             "fiscal_year_end": "12-31", "source_url": "u"}), encoding="utf-8")
    (d / "gold.json").write_text(json.dumps({"doc": "x", "claims": [
        {"key": "We expect growth", "speaker": None, "kind": "prediction", "negated": False, "horizon": None,
         "required": True, "cluster": "x-0"}]}), encoding="utf-8")
    assert any("occurs 200 times" in p for p in validate_gold.problems(d))


@pytest.mark.skipif(SCORER is None, reason="the shared scorer (../shared/tools) is not beside the clone")
@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_gold_printed_as_output_scores_perfectly(doc):
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "gold_as_output.py"), str(doc / "text.txt")],
                         capture_output=True, text=True, check=True).stdout
    row = SCORER.score_doc(doc, json.loads(out))
    assert row["found_required"] == row["required"] and row["matched"] == row["predicted"]
    assert row["negatives_hit"] == 0 and row["bad_offsets"] == 0
    assert row["speaker_ok"] == row["found_required"] and row["kind_ok"] == row["found_required"]
    assert row["horizon_ok"] == row["horizon_scored"]


@pytest.mark.skipif(SCORER is None, reason="the shared scorer (../shared/tools) is not beside the clone")
@pytest.mark.parametrize("group", sorted(FLOORS), ids=str)
def test_extraction_stays_above_the_floor_of_each_split(group):
    lang, split = group.split("/")
    docs = eval_corpus.real_docs(lang, split)
    summary, rows = eval_corpus.evaluate(SCORER, docs, "pipeline")
    misses = "\n".join(f"{r['doc']}: {r['found_required']}/{r['required']} found; missed {r['missed'][:5]}; "
                       f"unmatched {r['false_positives'][:5]}" for r in rows
                       if r["found_required"] < r["required"] or r["matched"] < r["predicted"])
    for metric, floor in FLOORS[group].items():
        assert summary[metric] >= floor, f"{group} {metric} {summary[metric]} < {floor}\n{misses}"
