"""Real documents rendered as other tools hand them over score as the originals do
(benchmarks/text_renderings.py): the same speech and gold, only line breaks, timestamps and spaces differ."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_renderings as tr  # noqa: E402

SLACK = 0.03  # one claim of the ~40 in these documents
DOCS = {"en": ["en-r50-e-visa-fy26q1", "en-call-figma-2025q4"], "zh": ["zh-r3-porsche-2025q4"]}
KEPT = {"en": ["blank_lines", "timestamps", "nbsp"], "zh": ["timestamps", "other_script", "blank_lines"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rendering_that_only_moves_lines_timestamps_or_spaces_keeps_the_scores_and_speakers(scorer, lang):
    docs = [ROOT / "corpora" / "real" / lang / d for d in DOCS[lang]]
    results = tr.evaluate(lang, docs, scorer, KEPT[lang])
    base = results.pop("original")
    assert base["f1"] > 0.6 and set(results) == set(KEPT[lang])
    for name, s in results.items():
        assert s["f1"] >= base["f1"] - SLACK, (name, s)
        assert s["speaker_acc"] >= base["speaker_acc"] - SLACK, (name, s)


@pytest.mark.parametrize("lang,name", [(lang, name) for lang in tr.RENDERINGS for name in tr.RENDERINGS[lang]])
def test_every_gold_key_is_carried_to_the_span_the_rendering_wrote(lang, name):
    d = ROOT / "corpora" / "real" / lang / DOCS[lang][0]
    text = (d / "text.txt").read_text(encoding="utf-8")
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    r = tr.RENDERINGS[lang][name](text, lang)
    new = r.text()
    carried = tr.carried_gold(text, gold, r, new)
    assert new != text
    for old, key in zip(gold["claims"], carried["claims"]):
        at = new.find(key["key"])
        assert at >= 0
        # the same characters, give or take what the rendering inserted or swapped
        assert len(key["key"]) >= len(old["key"]) and at >= text.find(old["key"])


def test_a_rendering_maps_offsets_around_its_insertions():
    r = tr.Rendering("ab cd", [(3, "XY"), (0, "[")], {2: "\n"})
    assert r.text() == "[ab\nXYcd"
    assert (r.start(0), r.end(2)) == (1, 3)      # "ab" after the inserted "["
    assert (r.start(3), r.end(5)) == (6, 8)      # "cd" after the inserted "XY"
    assert r.text()[r.start(0):r.end(5)] == "ab\nXYcd"
