"""Evidence suggestions on real (claim, later outcome) pairs: `corpora/outcomes/<lang>/<pair-id>/`.

Each pair folder (format: corpora/outcomes/README.md) names an earlier claim document E in
`corpora/real/<lang>/` ("earlier") and holds the later document L (`text.txt`, or "later_doc": a
corpus document), with `pairs.json`: for each of E's gold claims whose deadline passed by L, the
clause of L that reports its outcome (or null) and the verdict it implies; and every outcome
statement of L.

For each folder whose checks pass, E and L go into an in-memory ledger — L through the real
extraction (so its outcome statements are the detector's), E either as its gold claims (default:
extraction errors do not mix in) or through the extractor (`--end-to-end`) — and claims.suggest
proposes evidence for each paired claim. Scored:

- top-suggestion precision: of the claims with a gold outcome that got a suggestion, how many top
  suggestions' evidence overlaps the gold outcome span;
- coverage: of the claims with a gold outcome, how many got a correct top suggestion (and one in the
  top 3);
- outcome recall: gold outcome statements (`outcomes` keys) overlapped by a detected outcome; also
  for the paired outcomes alone; outcome precision: detected outcomes overlapping a gold one (the
  gold lists every outcome statement of L, or of its excerpt);
- verdict agreement: on correct top suggestions, the suggested verdict equals the gold one;
- false alarms: claims whose gold outcome is null that got a suggestion.

Suggestions are offered only when the best is confident (claims.suggest.is_confident: a score and a
lead over the next candidate). `--cv` chooses those two and the verdict's money tolerance
(claims.suggest.verdict.NEAR_REL) by leave-one-company-out cross-validation: for each company, the
setting that gives the most correct tops with agreeing verdicts while keeping the other companies'
top-suggestion precision (false alarms counted as wrong) at 0.8 or more, applied to the held-out
company; the pooled held-out figures are the cross-validated ones (`cv` in the output).

A gold claim key is an anchor, often shorter than the clause (the metric may sit just before or
after it): as a claim it takes the clause around the key (to the nearest comma or sentence end), as
the extractor's clause would, and that clause's quantities and topics. Both documents are of one
company by construction; L is stored under E's company name, since two annotators may spell it
differently.

    .venv/bin/python benchmarks/eval_suggest.py [--outcomes DIR] [--end-to-end] [--pairs] [--cv] [--out FILE]
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.core.meta import resolve_meta  # noqa: E402
from claims.core.models import Document, Extraction, Horizon, Mention, Quantity, SpeakerRef  # noqa: E402
from claims.core.script import to_simplified  # noqa: E402
from claims.extract import extract_text  # noqa: E402
from claims.ledger import Ledger  # noqa: E402
from claims.suggest import CLEAR_MARGIN, CONFIDENT_SCORE, Suggester, is_confident  # noqa: E402
from claims.suggest import verdict as suggest_verdict  # noqa: E402
from pipelines.components.topic_tagger import topics_of  # noqa: E402

REAL = ROOT / "corpora" / "real"
DEFAULT_OUTCOMES = Path("/work/main/corpora/outcomes")
FALLBACK_REAL = Path("/work/main/corpora/real")
_SENT_END = re.compile(r"[.!?。！？；;,，](?=[\s\"'”’)）]|$)|[，；。！？]|\n\s*\n")


def real_dir(lang: str, doc_id: str) -> Path:
    for base in (REAL, FALLBACK_REAL):
        if (base / lang / doc_id / "text.txt").exists():
            return base / lang / doc_id
    raise FileNotFoundError(f"corpora/real/{lang}/{doc_id}")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


# ---------------------------------------------------------------------------- folders
@dataclass
class Pair:
    folder: Path
    lang: str
    meta: dict[str, Any]
    pairs: list[dict[str, Any]]
    outcomes: list[dict[str, Any]]
    earlier: Path
    later_text: Path
    later_meta: Path
    problems: list[str] = field(default_factory=list)


def load_folder(folder: Path) -> Pair | None:
    try:
        meta = json.loads(read(folder / "meta.json"))
        data = json.loads(read(folder / "pairs.json"))
    except (OSError, json.JSONDecodeError):
        return None  # still being written
    lang = meta.get("lang") or folder.parent.name
    try:
        earlier = real_dir(lang, meta["earlier"])
        if meta.get("later_doc"):
            ld = real_dir(lang, meta["later_doc"])
            later_text, later_meta = ld / "text.txt", ld / "meta.json"
        else:
            later_text, later_meta = folder / "text.txt", folder / "meta.json"
    except (KeyError, FileNotFoundError) as exc:
        return Pair(folder, lang, meta, [], [], folder, folder, folder, [f"missing {exc}"])
    p = Pair(folder, lang, meta, data.get("pairs") or [], data.get("outcomes") or [], earlier, later_text, later_meta)
    p.problems = check(p)
    return p


def check(p: Pair) -> list[str]:
    """The folder's own checks (its README): keys exist, outcomes occur once, verdict iff outcome."""
    out = []
    if not p.later_text.exists():
        return ["no later text"]
    gold = json.loads(read(p.earlier / "gold.json"))
    keys = {c["key"] for c in gold.get("claims", [])}
    later = read(p.later_text)
    for r in p.pairs:
        if r.get("claim") not in keys:
            out.append(f"claim not in gold: {str(r.get('claim'))[:40]}")
        if (r.get("outcome") is None) != (r.get("verdict") is None):
            out.append(f"verdict iff outcome: {str(r.get('claim'))[:40]}")
        if r.get("outcome") is not None and later.count(r["outcome"]) != 1:
            out.append(f"outcome not once in L: {r['outcome'][:40]}")
        if r.get("verdict") not in (None, "kept", "partial", "broken"):
            out.append(f"bad verdict {r.get('verdict')}")
    for o in p.outcomes:
        if later.count(o.get("key") or "\0") != 1:
            out.append(f"outcome key not once in L: {str(o.get('key'))[:40]}")
    if not p.pairs:
        out.append("no pairs")
    return out


# ---------------------------------------------------------------------------- ledgers
def _hid(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding text[start:end]: to the nearest comma, semicolon or sentence end (trimmed)."""
    s = 0
    for m in _SENT_END.finditer(text, 0, start):
        s = m.end()
    m = _SENT_END.search(text, end)
    e = m.end() if m else len(text)
    e = max(e, end)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def _quantities(text: str, lang: str, base: int) -> list[Quantity]:
    if lang == "zh":
        from pipelines.components.zh_quantities import find_quantities as zh_find

        found = zh_find(to_simplified(text))
    else:
        from pipelines.components.en_quantities import find_quantities as en_find

        found = en_find(text)
    return [Quantity(text=text[q["start"]:q["end"]], value=q.get("value"), unit=q.get("unit"),
                     start=q["start"] + base, end=q["end"] + base) for q in found]


def gold_extraction(e_dir: Path, text: str, lang: str, doc_id: str) -> tuple[Extraction, dict[str, str]]:
    """E's gold claims as an extraction (scripts/gold_as_output.py's idea), each claim being the
    sentence around its key; returns it and {gold key: claim id}."""
    meta = resolve_meta(e_dir / "text.txt", text)
    gold = json.loads(read(e_dir / "gold.json"))
    mentions, ids = [], {}
    for c in gold["claims"]:
        k = text.find(c["key"])
        if k < 0:
            continue
        s, e = sentence_around(text, k, k + len(c["key"]))
        sent = text[s:e]
        h = c.get("horizon")
        cid = _hid(doc_id, c.get("cluster") or c["key"])
        ids[c["key"]] = cid
        mentions.append(Mention(
            id=_hid(doc_id, k, "m"), claim_id=cid, doc_id=doc_id, text=sent, start=s, end=e,
            speaker=SpeakerRef(name=c["speaker"], org=meta.company) if c.get("speaker") else None,
            kind=c.get("kind") or "prediction", negated=bool(c.get("negated")),
            horizon=Horizon(text=h.get("text") or "", start=h.get("start"), end=h.get("end")) if h and h.get("end") else None,
            quantities=_quantities(sent, lang, s), topics=topics_of(sent, lang)))
    doc = Document(id=doc_id, lang=lang, date=meta.date, company=meta.company, fiscal_year_end=meta.fiscal_year_end or "12-31",
                   period=meta.period, source=str(e_dir / "text.txt"), sha256=doc_id)
    return Extraction(doc=doc, claims=mentions), ids


@lru_cache(maxsize=64)  # the extractor is a pure function: --cv re-runs suggestions, not extraction
def extracted(path: Path, meta_path: Path, text: str, doc_id: str, company: str | None = None) -> Extraction:
    meta = resolve_meta(meta_path.parent / "text.txt", text) if meta_path.name == "meta.json" else resolve_meta(path, text)
    if company:
        meta.company = company
    return extract_text(text, meta, doc_id=doc_id, sha256=doc_id, source=str(path))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------------------- one folder
def evaluate(p: Pair, end_to_end: bool) -> dict[str, Any]:
    e_text, l_text = read(p.earlier / "text.txt"), read(p.later_text)
    e_id, l_id = "E:" + p.meta["earlier"], "L:" + p.folder.name
    with Ledger(memory=True) as led:
        if end_to_end:
            e_x = extracted(p.earlier / "text.txt", p.earlier / "meta.json", e_text, e_id)
            ids = {}
            for r in p.pairs:
                k = e_text.find(r["claim"])
                span = (k, k + len(r["claim"]))
                hit = [mn for mn in e_x.claims if overlaps((mn.start, mn.end), span)]
                if hit:
                    ids[r["claim"]] = hit[0].claim_id
        else:
            e_x, ids = gold_extraction(p.earlier, e_text, p.lang, e_id)
        led.ingest(e_x)
        l_x = extracted(p.later_text, p.later_meta, l_text, l_id, company=e_x.doc.company)
        led.ingest(l_x)
        detected = [(o.start, o.end) for o in l_x.outcomes]
        sugg = Suggester(led)
        rows = []
        for r in p.pairs:
            gold_span = None
            if r.get("outcome"):
                k = l_text.find(r["outcome"])
                gold_span = (k, k + len(r["outcome"]))
            row = {"claim": r["claim"], "gold_outcome": r.get("outcome"), "gold_verdict": r.get("verdict"),
                   "extracted": r["claim"] in ids, "suggestions": []}
            if r["claim"] in ids:
                claim = led.get_claim(ids[r["claim"]])
                k = claim.text.find(r["claim"])
                focus = (k, k + len(r["claim"])) if k >= 0 else None
                for s in sugg.for_claim(claim, top=50, focus=focus, confident=0, margin=0):  # every candidate: the cut is applied by offered()
                    row["suggestions"].append({"evidence": s.outcome.text, "start": s.outcome.start, "end": s.outcome.end,
                                               "verdict": s.verdict, "score": s.score, "reasons": s.reasons,
                                               "correct": bool(gold_span and overlaps((s.outcome.start, s.outcome.end), gold_span))})
            row["found_by_detector"] = bool(gold_span and any(overlaps(d, gold_span) for d in detected))
            rows.append(row)
        gold_outcomes, gold_spans = [], []
        for o in p.outcomes:
            k = l_text.find(o["key"])
            gold_spans.append((k, k + len(o["key"])))
            gold_outcomes.append(any(overlaps(d, gold_spans[-1]) for d in detected))
        detected_gold = sum(any(overlaps(d, g) for g in gold_spans) for d in detected)
    return {"id": p.folder.name, "lang": p.lang, "company": p.meta.get("company"), "rows": rows,
            "outcomes_gold": len(gold_outcomes), "outcomes_found": sum(gold_outcomes), "outcomes_detected": len(detected),
            "detected_in_gold": detected_gold}


# ---------------------------------------------------------------------------- the confidence cut
def offered(results: list[dict[str, Any]], min_score: float, min_margin: float, top: int = 3) -> list[dict[str, Any]]:
    """`results` as the suggester would give them with this cut: a row's suggestions are its best
    `top` when the best is confident, else none."""
    out = []
    for res in results:
        rows = []
        for r in res["rows"]:
            scores = [s["score"] for s in r["suggestions"][:2]]
            rows.append(dict(r, suggestions=r["suggestions"][:top] if is_confident(scores, min_score, min_margin) else []))
        out.append(dict(res, rows=rows))
    return out


SCORE_GRID = tuple(range(40, 96, 5))
MARGIN_GRID = (0, 2, 4, 6, 8, 10)
NEAR_REL_GRID = (0.02, 0.04, 0.06, 0.10)
TARGET_PRECISION = 0.8


def _tally(results: list[dict[str, Any]]) -> tuple[int, int]:
    """(correct tops whose verdict agrees, wrong tops and false alarms)."""
    good = bad = 0
    for res in results:
        for r in res["rows"]:
            if not r["suggestions"]:
                continue
            top = r["suggestions"][0]
            if top["correct"]:
                good += top["verdict"] == r["gold_verdict"]
            else:
                bad += 1
    return good, bad


def choose(by_setting: dict[tuple, list[dict[str, Any]]], companies: set[str]) -> tuple:
    """The setting (near_rel, min_score, min_margin) with the most correct, agreeing tops on
    `companies` while their precision (false alarms as wrong) stays at TARGET_PRECISION; when none
    does, the most precise. Ties go to the lower cut."""
    best, best_key = None, None
    for (near_rel, min_score, min_margin), results in by_setting.items():
        good, bad = _tally(offered([r for r in results if r["company"] in companies], min_score, min_margin))
        precision = good / (good + bad) if good + bad else 0.0
        key = (precision >= TARGET_PRECISION, good if precision >= TARGET_PRECISION else precision, -min_score, -min_margin, -near_rel)
        if best_key is None or key > best_key:
            best, best_key = (near_rel, min_score, min_margin), key
    return best


def cross_validate(folders: list[Pair], end_to_end: bool) -> dict[str, Any]:
    """Leave-one-company-out: each company's rows cut by the setting chosen on the others."""
    by_near: dict[float, list[dict[str, Any]]] = {}
    shipped = suggest_verdict.NEAR_REL
    try:
        for near_rel in NEAR_REL_GRID:
            suggest_verdict.NEAR_REL = near_rel
            by_near[near_rel] = [evaluate(p, end_to_end) for p in folders]
    finally:
        suggest_verdict.NEAR_REL = shipped
    by_setting = {(nr, s, m): res for nr, res in by_near.items() for s, m in itertools.product(SCORE_GRID, MARGIN_GRID)}
    companies = sorted({r["company"] for r in by_near[NEAR_REL_GRID[0]]})
    held_out, folds = [], []
    for c in companies:
        near_rel, min_score, min_margin = choose(by_setting, set(companies) - {c})
        folds.append({"company": c, "near_rel": near_rel, "min_score": min_score, "min_margin": min_margin})
        held_out += offered([r for r in by_near[near_rel] if r["company"] == c], min_score, min_margin)
    near_rel, min_score, min_margin = choose(by_setting, set(companies))
    return {"folds": folds, "held_out": summarise(held_out),
            "in_sample_choice": {"near_rel": near_rel, "min_score": min_score, "min_margin": min_margin},
            "in_sample": summarise(offered(by_near[near_rel], min_score, min_margin))}


# ---------------------------------------------------------------------------- summary
def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [r for res in results for r in res["rows"]]
    with_gold = [r for r in rows if r["gold_outcome"]]
    suggested = [r for r in with_gold if r["suggestions"]]
    correct = [r for r in suggested if r["suggestions"][0]["correct"]]
    in_top3 = [r for r in with_gold if any(s["correct"] for s in r["suggestions"])]
    agree = [r for r in correct if r["suggestions"][0]["verdict"] == r["gold_verdict"]]
    no_gold = [r for r in rows if not r["gold_outcome"]]
    alarms = [r for r in no_gold if r["suggestions"]]
    og, of_ = sum(res["outcomes_gold"] for res in results), sum(res["outcomes_found"] for res in results)

    def ratio(a, b):
        return round(a / b, 3) if b else None

    return {
        "folders": len(results), "companies": len({res["company"] for res in results}),
        "pairs_with_outcome": len(with_gold), "pairs_without_outcome": len(no_gold),
        "claims_extracted": sum(r["extracted"] for r in rows),
        "top_precision": ratio(len(correct), len(suggested)), "top_correct": len(correct), "top_given": len(suggested),
        "coverage_top1": ratio(len(correct), len(with_gold)), "coverage_top3": ratio(len(in_top3), len(with_gold)),
        "outcome_recall": ratio(of_, og), "outcomes_found": of_, "outcomes_gold": og,
        "outcome_precision": ratio(sum(res["detected_in_gold"] for res in results),
                                   sum(res["outcomes_detected"] for res in results)),
        "paired_outcome_recall": ratio(sum(r["found_by_detector"] for r in with_gold), len(with_gold)),
        "verdict_agreement": ratio(len(agree), len(correct)), "verdicts_agreeing": len(agree),
        "false_alarms": len(alarms), "false_alarm_rate": ratio(len(alarms), len(no_gold)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--outcomes", type=Path, default=DEFAULT_OUTCOMES if DEFAULT_OUTCOMES.exists() else ROOT / "corpora" / "outcomes")
    ap.add_argument("--end-to-end", action="store_true", help="E through the extractor instead of its gold claims.")
    ap.add_argument("--pairs", action="store_true", help="Print every pair with its top suggestion.")
    ap.add_argument("--cv", action="store_true", help="Also choose the confidence cut and money tolerance "
                    "leaving one company out at a time, and report the held-out figures.")
    ap.add_argument("--out", type=Path, default=None, help="Write the results as JSON here.")
    args = ap.parse_args(argv)
    folders = sorted(p for p in args.outcomes.glob("*/*") if (p / "pairs.json").exists())
    usable, skipped = [], []
    for f in folders:
        p = load_folder(f)
        if p is None or p.problems:
            skipped.append((f.name, p.problems[:3] if p else ["unreadable"]))
            continue
        usable.append(p)
    results = offered([evaluate(p, args.end_to_end) for p in usable], CONFIDENT_SCORE, CLEAR_MARGIN)
    by_lang = {lang: summarise([r for r in results if r["lang"] == lang]) for lang in sorted({r["lang"] for r in results})}
    summary = {"mode": "end-to-end" if args.end_to_end else "gold claims",
               "cut": {"min_score": CONFIDENT_SCORE, "min_margin": CLEAR_MARGIN, "near_rel": suggest_verdict.NEAR_REL},
               "all": summarise(results), **by_lang, "skipped": skipped}
    if args.cv:
        summary["cv"] = cross_validate(usable, args.end_to_end)
    if args.pairs:
        for res in results:
            for r in res["rows"]:
                top = r["suggestions"][0] if r["suggestions"] else None
                mark = "-" if not top else ("OK" if top["correct"] else "XX")
                print(f"[{res['id']}] {mark} {r['claim'][:50]!r} gold={r['gold_verdict']} "
                      f"{(r['gold_outcome'] or '')[:50]!r}")
                if top:
                    print(f"      -> {top['verdict']} {top['score']} {top['evidence'][:80]!r} | {'; '.join(top['reasons'])[:140]}")
    for name in ("all", *by_lang):
        s = summary[name]
        print(f"{summary['mode']:>11} {name:>3}: folders {s['folders']} companies {s['companies']} | pairs {s['pairs_with_outcome']} "
              f"with outcome, {s['pairs_without_outcome']} without | top-1 precision {s['top_precision']} "
              f"({s['top_correct']}/{s['top_given']}) coverage {s['coverage_top1']} (top-3 {s['coverage_top3']}) | "
              f"outcome recall {s['outcome_recall']} ({s['outcomes_found']}/{s['outcomes_gold']}), paired {s['paired_outcome_recall']}, "
              f"precision {s['outcome_precision']} | "
              f"verdict agreement {s['verdict_agreement']} ({s['verdicts_agreeing']}/{s['top_correct']}) | "
              f"false alarms {s['false_alarms']}/{s['pairs_without_outcome']} | claims in the ledger "
              f"{s['claims_extracted']}/{s['pairs_with_outcome'] + s['pairs_without_outcome']}")
    if args.cv:
        cv = summary["cv"]
        for name in ("in_sample", "held_out"):
            s = cv[name]
            print(f"{'cv ' + name:>15}: top-1 precision {s['top_precision']} ({s['top_correct']}/{s['top_given']}) "
                  f"coverage {s['coverage_top1']} | verdict agreement {s['verdict_agreement']} "
                  f"({s['verdicts_agreeing']}/{s['top_correct']}) | false alarms {s['false_alarms']}/{s['pairs_without_outcome']}")
        print(f"in-sample choice {cv['in_sample_choice']}; per held-out company: "
              + "; ".join(f"{f['company']}: {f['near_rel']}/{f['min_score']}/{f['min_margin']}" for f in cv["folds"]))
    for name, why in skipped:
        print(f"skipped {name}: {'; '.join(why)}")
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "results": results}, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
