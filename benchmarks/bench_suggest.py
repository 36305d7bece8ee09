"""Evidence suggestions at scale: every due claim against every later document's outcomes.

    .venv/bin/python benchmarks/bench_suggest.py            # -> benchmarks/results/suggest.json
    .venv/bin/python benchmarks/bench_suggest.py --claims 200 --docs 200   # quick look

A SQLite ledger is filled with made-up companies (English and Chinese, alternating): per company one
earlier call holding its due claims (a metric, a guided figure or range, a horizon that has ended)
and later results documents, each reporting ~20 outcome statements (metrics, figures, directions,
periods). Documents and outcomes are written as ingest writes them (`Ledger.ingest` of an
`Extraction` with `outcomes`); the pipelines are not run, so the timing is the matcher's alone.

Timed: `claims.suggest.suggest(ledger, as_of=...)` — what `claims suggest` / `claims due --suggest`
call: read the due claims, read every document and outcome, score and rank. Target: 1,000 due
claims against 1,000 later documents in under 10 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"

from claims.core.models import Document, Extraction, Horizon, Mention, Outcome, Quantity, SpeakerRef  # noqa: E402
from claims.ledger import Ledger  # noqa: E402
from claims.suggest import suggest  # noqa: E402

METRICS = {
    "en": [("revenue", "revenue"), ("gross margin", "gross margin"), ("operating income", "operating income"),
           ("expenses", "operating expenses"), ("eps", "EPS"), ("capex", "capital expenditures"),
           ("cloud", "cloud revenue"), ("customers", "paid customers"), ("cash flow", "free cash flow")],
    "zh": [("revenue", "营收"), ("gross margin", "毛利率"), ("operating income", "营业利益"), ("expenses", "营业费用"),
           ("eps", "每股盈余"), ("capex", "资本支出"), ("volume", "出货量"), ("net income", "净利润")],
}
SEGMENTS = {"en": ["", "Cloud ", "Devices ", "International ", "Services "], "zh": ["", "云端", "车用", "海外", "服务器"]}
CLAIM_EN = "We expect {seg}{word} to grow {lo}% to {hi}% in the fourth quarter"
CLAIM_ZH = "预计第四季{seg}{word}将年增{lo}%至{hi}%"
OUT_EN = "{seg}{word} {verb} {v}% year over year in the quarter"
OUT_ZH = "第四季{seg}{word}年增{v}%"
Q4 = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def _id(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def build(ledger: Ledger, n_claims: int, n_docs: int, outcomes_per_doc: int, companies: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    claims_per = max(1, n_claims // companies)
    docs_per = max(1, n_docs // companies)
    for k in range(companies):
        lang = "en" if k % 2 == 0 else "zh"
        company = f"Company {k:04d}" if lang == "en" else f"公司{k:04d}"
        did = _id("call", k)
        mentions, pos = [], 0
        for j in range(claims_per):
            key, word = rnd.choice(METRICS[lang])
            seg = rnd.choice(SEGMENTS[lang])
            lo = rnd.randint(2, 30)
            text = (CLAIM_EN if lang == "en" else CLAIM_ZH).format(seg=seg, word=word, lo=lo, hi=lo + 2)
            cid = _id(did, j)
            mentions.append(Mention(
                id=cid + "m", claim_id=cid, doc_id=did, text=text, start=pos, end=pos + len(text),
                speaker=SpeakerRef(name=f"CFO {k}", org=company), kind="guidance",
                horizon=Horizon(text="the fourth quarter", start=Q4[0], end=Q4[1], granularity="quarter"),
                quantities=[Quantity(text=f"{lo}% to {hi}%" if lang == "en" else f"{lo}%至{hi}%", value=lo + 1.0, unit="%")
                            for hi in [lo + 2]]))
            pos += len(text) + 1
        ledger.ingest(Extraction(doc=Document(id=did, lang=lang, date=dt.date(2025, 10, 28), company=company, sha256=did,
                                              source=f"{did}.txt"), claims=mentions))
        for d in range(docs_per):
            lid = _id("results", k, d)
            outs, pos = [], 0
            for j in range(outcomes_per_doc):
                key, word = rnd.choice(METRICS[lang])
                seg = rnd.choice(SEGMENTS[lang])
                v = rnd.randint(-10, 40)
                verb = "grew" if v >= 0 else "fell"
                text = (OUT_EN if lang == "en" else OUT_ZH).format(seg=seg, word=word, verb=verb, v=abs(v))
                outs.append(Outcome(id=_id(lid, j), doc_id=lid, text=text, start=pos, end=pos + len(text), metric=key,
                                    metrics=[key], direction="up" if v >= 0 else "down",
                                    quantities=[Quantity(text=f"{abs(v)}%", value=float(abs(v)), unit="%")],
                                    period=Horizon(text="the quarter", start=Q4[0], end=Q4[1], granularity="quarter",
                                                   kind="period")))
                pos += len(text) + 1
            ledger.ingest(Extraction(doc=Document(id=lid, lang=lang, date=dt.date(2026, 1, 20) + dt.timedelta(days=d),
                                                  company=company, sha256=lid, source=f"{lid}.txt"),
                                     claims=[], outcomes=outs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", type=int, default=1000)
    ap.add_argument("--docs", type=int, default=1000, help="Later documents (results).")
    ap.add_argument("--outcomes", type=int, default=20, help="Outcome statements per later document.")
    ap.add_argument("--companies", type=int, default=100)
    ap.add_argument("--out", type=Path, default=RESULTS / "suggest.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        with Ledger(db) as led:
            build(led, args.claims, args.docs, args.outcomes, args.companies)
        build_s = time.perf_counter() - t0
        with Ledger(db) as led:
            t0 = time.perf_counter()
            found = suggest(led, as_of=dt.date(2026, 3, 1))
            seconds = time.perf_counter() - t0
            counts = led.counts()
    due = len(found)
    with_s = sum(1 for _, s in found if s)
    verdicts: dict[str, int] = {}
    for _, sugg in found:
        if sugg:
            verdicts[str(sugg[0].verdict)] = verdicts.get(str(sugg[0].verdict), 0) + 1
    result = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python benchmarks/bench_suggest.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cpus": os.cpu_count(), "load_average_before": list(os.getloadavg()),
        "due_claims": due, "later_documents": args.docs, "outcomes": args.docs * args.outcomes,
        "companies": args.companies, "documents_in_ledger": counts.get("documents"),
        "build_seconds": round(build_s, 2), "suggest_seconds": round(seconds, 2),
        "claims_with_a_suggestion": with_s, "top_verdicts": verdicts, "target_seconds": 10,
    }
    print(json.dumps(result, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
