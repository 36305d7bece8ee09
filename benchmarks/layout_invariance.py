"""Layout invariance: the same real speech, its speaker lines re-rendered in other layouts, scored.

The held-back documents come in layouts the corpus may not hold. A layout the turn parser cannot read
costs far more than a hard sentence: the analyst's turn swallows the answers (recall falls) or the
questions become the company's (precision falls). So each "Name: text" document of the real corpus
(and of `../shared/corpora` when present) is rendered in every layout of `benchmarks/data/layouts.yaml`
— markup around names, Q/A markers, bracketed firms and titles, name lines, role-only labels — with
its gold unchanged (keys are speech, never speaker lines), and scored by the shared scorer.

    .venv/bin/python benchmarks/layout_invariance.py [--shared ../shared] [--lang en|zh] [--out FILE]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_corpus as ev  # noqa: E402

LAYOUTS = ROOT / "benchmarks" / "data" / "layouts.yaml"
MIN_SPEAKER_LINES = 3


@lru_cache(maxsize=1)
def layouts() -> dict:
    return yaml.safe_load(LAYOUTS.read_text(encoding="utf-8"))


def executives(gold: dict) -> set[str]:
    names = {c["speaker"] for c in gold["claims"] if c.get("speaker")}
    for s in gold.get("speakers", []):
        names.add(s["name"])
        names.update(s.get("aliases", []))
    return names


def source_docs(lang: str, shared: Path | None) -> list[Path]:
    """Documents of `lang` with at least MIN_SPEAKER_LINES "Name:" lines of their executives."""
    spec = layouts()[lang]
    rx = re.compile(spec["source"], re.M)
    cands = [p.parent for p in sorted((ROOT / "corpora" / "real" / lang).glob("*/gold.json"))]
    if shared is not None:
        cands += [p.parent for p in sorted((shared / "corpora").glob("*/gold.json"))
                  if json.loads((p.parent / "meta.json").read_text(encoding="utf-8"))["lang"] == lang]
    out = []
    for d in cands:
        ex = executives(json.loads((d / "gold.json").read_text(encoding="utf-8")))
        if sum(m.group("name") in ex for m in rx.finditer((d / "text.txt").read_text(encoding="utf-8"))) >= MIN_SPEAKER_LINES:
            out.append(d)
    return out


def render(text: str, lang: str, layout: dict, gold: dict, company: str) -> str:
    """`text` with each speaker line of the source layout written in `layout`."""
    spec = layouts()[lang]
    ex = executives(gold)
    questions = set(spec.get("question_labels", []))

    def one(m: re.Match) -> str:
        name = m.group("name")
        if name == "Operator":
            role = "operator"
        elif name in questions:
            role = "analyst"
        elif name in ex:
            role = "exec"
        elif lang == "zh":
            return m.group(0)  # a word before a colon, not a speaker line
        else:
            role = "analyst"
        template = layout.get(role, layout.get("analyst"))
        return template.format(name=name, upper=name.upper(), company=company)

    return re.compile(spec["source"], re.M).sub(one, text)


def evaluate(lang: str, docs: list[Path], scorer) -> dict[str, dict]:
    spec = layouts()[lang]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, layout in [("original", None), *spec["layouts"].items()]:
            dirs = []
            for d in docs:
                text = (d / "text.txt").read_text(encoding="utf-8")
                gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
                meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
                out = Path(tmp) / name / d.name
                out.mkdir(parents=True)
                new = text if layout is None else render(text, lang, layout, gold, meta["company"].split(",")[0])
                (out / "text.txt").write_text(new, encoding="utf-8")
                (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
                (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
                dirs.append(out)
            summary, _ = ev.evaluate(scorer, dirs, "pipeline")
            summary["named"] = True if layout is None else layout.get("named", True)
            results[name] = summary
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ev.DEFAULT_SHARED)
    ap.add_argument("--lang", choices=("en", "zh"), action="append")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "layouts.json")
    args = ap.parse_args(argv)
    scorer = ev.load_scorer(args.shared)
    shared = args.shared if (args.shared / "corpora").is_dir() else None
    report = {}
    for lang in args.lang or ("en", "zh"):
        docs = source_docs(lang, shared)
        res = evaluate(lang, docs, scorer)
        report[lang] = {"documents": [d.name for d in docs], "layouts": res}
        base = res["original"]
        print(f"{lang}: {len(docs)} documents ({', '.join(d.name for d in docs)})")
        print(f"  {'layout':24s} {'recall':>7s} {'prec':>7s} {'f1':>7s} {'Δf1':>7s} {'speaker':>8s}")
        for name, s in res.items():
            sp = s["speaker_acc"] if s["named"] else "-"
            print(f"  {name:24s} {s['recall']:7.3f} {s['precision']:7.3f} {s['f1']:7.3f} {s['f1'] - base['f1']:+7.3f} {sp!s:>8s}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
