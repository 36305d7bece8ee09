"""The annotated (claim, later outcome) pairs in corpora/outcomes are well-formed, and the
evaluation reads one folder end to end."""
from __future__ import annotations

import shutil

import pytest

from benchmarks import eval_suggest as ev
from tests.conftest import ROOT

FOLDERS = sorted(p for p in (ROOT / "corpora" / "outcomes").glob("*/*") if (p / "pairs.json").exists())


def test_there_are_outcome_pairs_in_both_languages():
    assert {p.parent.name for p in FOLDERS} == {"en", "zh"}


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_outcome_pair_folder_passes_its_checks(folder):
    pair = ev.load_folder(folder)
    assert pair is not None and pair.problems == [], pair.problems if pair else "unreadable"
    assert any(r["outcome"] for r in pair.pairs) or pair.pairs


def test_eval_suggest_scores_a_folder(tmp_path):
    src = next(p for p in FOLDERS if p.parent.name == "en" and (p / "text.txt").exists())
    (tmp_path / "en").mkdir()
    shutil.copytree(src, tmp_path / "en" / src.name)
    out = tmp_path / "r.json"
    assert ev.main(["--outcomes", str(tmp_path), "--out", str(out)]) == 0
    import json

    s = json.loads(out.read_text(encoding="utf-8"))["summary"]["all"]
    assert s["folders"] == 1 and s["pairs_with_outcome"] + s["pairs_without_outcome"] > 0
    assert 0 <= (s["outcome_recall"] or 0) <= 1 and s["outcomes_gold"] > 0
