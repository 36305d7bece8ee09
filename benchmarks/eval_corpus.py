"""Corpus-driven evaluation (`make eval`): the extractor and a keyword baseline on real text.

In the spirit of Duckling's `Corpus.hs`: the annotated documents are the specification. For each
language and split (`corpora/real/<lang>/<id>/meta.json` "split": train | dev) and for the shared
corpora (`../shared/corpora`), the shared scorer's summary is printed for the pipeline (rules + the
learned gate), for the rules alone (gate off) and for a keyword-sentence baseline side by side, and everything is written to `benchmarks/results/eval.json`.

Extraction runs in this process (the same `extract_file` the CLI calls, with the arguments the
scorer would pass), so the whole corpus costs one pipeline load per language.

    .venv/bin/python benchmarks/eval_corpus.py [--shared ../shared] [--docs] [--out FILE]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "real"
DEFAULT_SHARED = ROOT.parent / "shared"
CUES = Path(__file__).parent / "data" / "baseline_cues.yaml"
SUMMARY_KEYS = ("docs", "recall", "precision", "f1", "speaker_acc", "horizon_acc", "negation_acc", "kind_acc",
                "negatives_hit", "bad_offsets")
_PERIOD = re.compile(r"(FY)?\d{4}-Q[1-4]")


def load_scorer(shared: Path):
    """The shared scorer as a module (its `score_doc` judges one document's output)."""
    path = shared / "tools" / "score_claims.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_claims", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def real_docs(lang: str | None = None, split: str | None = None) -> list[Path]:
    out = []
    for gold in sorted(REAL.glob("*/*/gold.json")):
        if not (gold.parent / "meta.json").exists():
            continue  # a document still being annotated (the validator's tests report it)
        meta = json.loads((gold.parent / "meta.json").read_text(encoding="utf-8"))
        if (lang is None or meta["lang"] == lang) and (split is None or meta.get("split") == split):
            out.append(gold.parent)
    return out


def extract_args(meta: dict) -> dict:
    """The options the scorer's command line would carry, as keyword arguments."""
    period = meta.get("period") if _PERIOD.fullmatch(str(meta.get("period"))) else meta.get("period_quarter")
    return {"lang": meta["lang"], "date": meta["date"], "fiscal_year_end": meta.get("fiscal_year_end", "12-31"),
            "period": period, "company": meta.get("company")}


def pipeline_output(d: Path) -> dict:
    from claims.extract import extract_file

    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    result, _ = extract_file(d / "text.txt", **extract_args(meta))
    return result.model_dump(mode="json")


_NLP_WITH: dict[tuple, object] = {}


def output_with(d: Path, overrides: dict) -> dict:
    """The extraction output with the pipeline built from `overrides` (one build per language and
    overrides, reused across documents)."""
    import claims.extract as extract
    from pipelines import build_nlp

    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    key = (meta["lang"], tuple(sorted(overrides.items())))
    if key not in _NLP_WITH:
        _NLP_WITH[key] = build_nlp(meta["lang"], overrides=overrides)
    original = extract.get_nlp
    extract.get_nlp = lambda lang, backend=None: _NLP_WITH[key]
    try:
        result, _ = extract.extract_file(d / "text.txt", **extract_args(meta))
    finally:
        extract.get_nlp = original
    return result.model_dump(mode="json")


def rules_output(d: Path) -> dict:
    """The pipeline with its learned parts switched off: what the rules alone find."""
    from pipelines import rules_only

    return output_with(d, rules_only(json.loads((d / "meta.json").read_text(encoding="utf-8"))["lang"]))


_SENT_END = re.compile(r"[。！？!?；;\n]|(?<=[a-z0-9%)])\.(?=\s)")


def baseline_output(d: Path) -> dict:
    """Every sentence with a cue word, questions dropped: what a reader with a highlighter finds."""
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    text = (d / "text.txt").read_text(encoding="utf-8")
    cues = yaml.safe_load(CUES.read_text(encoding="utf-8"))[meta["lang"]]
    cue_re = re.compile("|".join(re.escape(c) for c in cues) if meta["lang"] == "zh"
                        else r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.I)
    claims, start = [], 0
    for m in list(_SENT_END.finditer(text)) + [None]:
        end = m.end() if m else len(text)
        sent = text[start:end]
        lead = len(sent) - len(sent.lstrip())
        s, e = start + lead, start + len(sent.rstrip())
        if e > s and cue_re.search(sent) and not sent.rstrip().endswith(("?", "？", "吗", "嗎")):
            claims.append({"text": text[s:e], "start": s, "end": e, "claim_id": f"b{s}", "speaker": None,
                           "kind": "prediction", "negated": False, "horizon": None})
        start = end
    return {"doc": {}, "claims": claims}


def summarise(rows: list[dict]) -> dict:
    keys = ("predicted", "required", "found_required", "matched", "negatives_hit", "bad_offsets", "speaker_ok",
            "negation_ok", "kind_ok", "horizon_ok", "horizon_scored")
    tot = {k: sum(r[k] for r in rows) for k in keys}
    f = lambda a, b: (a / b) if b else 0.0  # noqa: E731
    rec, prec = f(tot["found_required"], tot["required"]), f(tot["matched"], tot["predicted"])
    return {"docs": len(rows), "required": tot["required"], "recall": round(rec, 3), "precision": round(prec, 3),
            "f1": round(f(2 * rec * prec, rec + prec), 3),
            "speaker_acc": round(f(tot["speaker_ok"], tot["found_required"]), 3),
            "horizon_acc": round(f(tot["horizon_ok"], tot["horizon_scored"]), 3),
            "negation_acc": round(f(tot["negation_ok"], tot["found_required"]), 3),
            "kind_acc": round(f(tot["kind_ok"], tot["found_required"]), 3),
            "negatives_hit": tot["negatives_hit"], "bad_offsets": tot["bad_offsets"]}


def evaluate(scorer, docs: list[Path], system: str) -> tuple[dict, list[dict]]:
    produce = {"pipeline": pipeline_output, "rules": rules_output, "baseline": baseline_output}[system]
    rows = [scorer.score_doc(d, produce(d)) for d in docs]
    return summarise(rows), rows


def groups(shared: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for lang in ("zh", "en"):
        for split in ("train", "dev"):
            docs = real_docs(lang, split)
            if docs:
                out[f"real/{lang}/{split}"] = docs
    shared_docs = sorted(p.parent for p in (shared / "corpora").glob("*/gold.json"))
    for lang in ("zh", "en"):
        docs = [d for d in shared_docs
                if json.loads((d / "meta.json").read_text(encoding="utf-8"))["lang"] == lang]
        if docs:
            out[f"shared/{lang}"] = docs
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "eval.json")
    ap.add_argument("--docs", action="store_true", help="print each document's line and misses")
    a = ap.parse_args(argv)
    scorer = load_scorer(a.shared)
    if scorer is None:
        print(f"eval: the shared scorer is not at {a.shared}/tools/score_claims.py", file=sys.stderr)
        return 2
    results = {}
    header = f"{'set':<16}{'system':<10}" + "".join(f"{k:>13}" for k in SUMMARY_KEYS)
    print(header)
    for name, docs in groups(a.shared).items():
        results[name] = {}
        for system in ("pipeline", "rules", "baseline"):
            summary, rows = evaluate(scorer, docs, system)
            results[name][system] = {"summary": summary,
                                     "docs": {r["doc"]: {k: r[k] for k in ("required", "found_required", "predicted",
                                                                           "matched", "negatives_hit")} for r in rows}}
            print(f"{name:<16}{system:<10}" + "".join(f"{summary[k]:>13}" for k in SUMMARY_KEYS))
            if a.docs and system == "pipeline":
                for r in rows:
                    print(f"    {r['doc']}: {r['found_required']}/{r['required']} found, "
                          f"{r['matched']}/{r['predicted']} matched, negatives hit {r['negatives_hit']}")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = a.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(a.out)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
