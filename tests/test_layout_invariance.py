"""Real speech read in other speaker-line layouts scores as in its own (benchmarks/layout_invariance.py).

The documents are real corpus transcripts in a "Name: text" layout; each layout of
benchmarks/data/layouts.yaml rewrites only their speaker lines, so any drop is the turn parser's.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import layout_invariance as li  # noqa: E402

DOCS = {"en": ["en-call-figma-2025q4", "en-call-tal-fy26q4"], "zh": ["zh-r3-porsche-2025q4"]}
SLACK = 0.03  # one claim of the ~40 in these documents


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_speaker_line_layout_keeps_the_scores_of_the_original(scorer, lang):
    docs = [ROOT / "corpora" / "real" / lang / d for d in DOCS[lang]]
    assert set(docs) <= set(li.source_docs(lang, None))  # each has enough speaker lines to re-render
    results = li.evaluate(lang, docs, scorer)
    base = results.pop("original")
    assert base["f1"] > 0.6
    for name, s in results.items():
        assert s["recall"] >= base["recall"] - SLACK, (name, s)
        assert s["precision"] >= base["precision"] - (SLACK if s["named"] else 0.1), (name, s)
        if s["named"]:
            assert s["speaker_acc"] >= base["speaker_acc"] - SLACK, (name, s)


def test_rendering_rewrites_speaker_lines_and_keeps_the_speech():
    gold = {"claims": [{"speaker": "Jane Roe"}], "speakers": []}
    text = "Operator: Welcome.\nBo Li: Will margins grow?\nJane Roe: We expect margins to grow.\n"
    layout = li.layouts()["en"]["layouts"]["q_and_a_names"]
    assert li.render(text, "en", layout, gold, "Acme") == \
        "Operator: Welcome.\nQ - Bo Li\nWill margins grow?\nA - Jane Roe\nWe expect margins to grow.\n"
