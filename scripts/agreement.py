#!/usr/bin/env python3
"""Inter-annotator agreement: a second, independent gold scored against the corpus gold.

`corpora/agreement/<id>/gold.json` is a second annotation. When its folder also holds text.txt
and meta.json, it annotated another excerpt of the same source as a corpus document
(`--pairs` names which); then only the claims whose keys occur in both texts are compared, so
the figure is agreement on the shared text, not on where the excerpts were cut.

The second gold is printed as extractor output (a key becomes a mention at its offsets in the
corpus text) and scored with the shared scorer: F1 is the claim-level agreement, and speaker,
kind, horizon and negation accuracy are agreement on the claims both annotators keyed.

    python scripts/agreement.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_corpus import load_scorer  # noqa: E402
from gold_as_output import as_output  # noqa: E402
AGREE = ROOT / "corpora" / "agreement"
PAIRS_FILE = AGREE / "pairs.json"


def compare(scorer, corpus_doc: Path, second: Path) -> dict:
    """Score `second`'s gold against `corpus_doc`'s gold, restricted to text both annotators saw."""
    text = (corpus_doc / "text.txt").read_text(encoding="utf-8")
    gold_a = json.loads((corpus_doc / "gold.json").read_text(encoding="utf-8"))
    gold_b = json.loads((second / "gold.json").read_text(encoding="utf-8"))
    other = (second / "text.txt").read_text(encoding="utf-8") if (second / "text.txt").exists() else text
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / corpus_doc.name
        d.mkdir()
        shutil.copy(corpus_doc / "text.txt", d / "text.txt")
        shutil.copy(corpus_doc / "meta.json", d / "meta.json")
        shared_a = dict(gold_a, claims=[c for c in gold_a["claims"] if c["key"] in other],
                        negatives=[n for n in gold_a.get("negatives", []) if n in other])
        speakers = {s["name"]: s for s in gold_a.get("speakers", []) + gold_b.get("speakers", [])}
        shared_a["speakers"] = list(speakers.values())
        (d / "gold.json").write_text(json.dumps(shared_a, ensure_ascii=False), encoding="utf-8")
        b = dict(gold_b, claims=[c for c in gold_b["claims"] if c["key"] in text and c["key"] in other])
        return scorer.score_doc(d, as_output(text, b))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args(argv)
    scorer = load_scorer(a.shared)
    pairs = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))
    rows = {"zh": [], "en": []}
    for second_id, corpus_rel in sorted(pairs.items()):
        corpus_doc = ROOT / "corpora" / "real" / corpus_rel
        r = compare(scorer, corpus_doc, AGREE / second_id)
        lang = corpus_rel.split("/")[0]
        rows[lang].append(r)
        rec = r["found_required"] / r["required"] if r["required"] else 0
        prec = r["matched"] / r["predicted"] if r["predicted"] else 0
        print(f"{second_id:<36} vs {corpus_rel:<36} recall={rec:.3f} precision={prec:.3f} "
              f"speaker={r['speaker_ok']}/{r['found_required']} kind={r['kind_ok']}/{r['found_required']} "
              f"horizon={r['horizon_ok']}/{r['horizon_scored']}")
    for lang, rs in rows.items():
        if not rs:
            continue
        t = {k: sum(r[k] for r in rs) for k in ("required", "found_required", "predicted", "matched", "speaker_ok",
                                                "kind_ok", "horizon_ok", "horizon_scored", "negation_ok")}
        rec, prec = t["found_required"] / max(1, t["required"]), t["matched"] / max(1, t["predicted"])
        f1 = 2 * rec * prec / (rec + prec) if rec + prec else 0
        fr = max(1, t["found_required"])
        print(f"{lang}: docs={len(rs)} recall={rec:.3f} precision={prec:.3f} f1={f1:.3f} "
              f"speaker_agree={t['speaker_ok'] / fr:.3f} kind_agree={t['kind_ok'] / fr:.3f} "
              f"horizon_agree={t['horizon_ok'] / max(1, t['horizon_scored']):.3f} negation_agree={t['negation_ok'] / fr:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
