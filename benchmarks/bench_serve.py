"""Page latency of `claims serve` on a ledger of 10^5 claims (SQLite).

    .venv/bin/python benchmarks/bench_serve.py                 # 100,000 claims -> benchmarks/results/serve.json
    .venv/bin/python benchmarks/bench_serve.py --claims 10000  # a quicker run

The ledger is bulk-loaded with benchmarks/bench_ledger.py's `bulk_load` (200 speakers, 40 claims
per call, 85 % with a deadline, some verdicts). Each page is fetched in-process through Starlette's
test client — the whole request: routing, guards, ledger reads, template rendering — after one
warm-up request; the figure is the median (and max) of several runs. Target: < 200 ms per page.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_ledger import AS_OF, bulk_load  # noqa: E402
from claims.ledger import Ledger  # noqa: E402
from claims.serve import create_app  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TARGET_MS = 200


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--db", type=Path, help="reuse (or keep) this ledger file")
    args = ap.parse_args()
    from starlette.testclient import TestClient

    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "serve.db"
    load = None
    if not path.exists():
        print(f"loading {args.claims:,} claims into {path} ...", flush=True)
        load = bulk_load(path, args.claims)
    ledger = Ledger(path)
    n = ledger.counts()["claims"]
    con = sqlite3.connect(path)
    some = con.execute("SELECT id FROM claims WHERE status = 'open' AND horizon_end < ? LIMIT 1", (AS_OF.isoformat(),)).fetchone()[0]
    con.close()
    client = TestClient(create_app(ledger, as_of=AS_OF), base_url="http://127.0.0.1")
    second = client.get("/api/due").headers["link"].split(">")[0].lstrip("<").replace("/api/due", "/due")
    pages = {
        "due queue, page 1 (50 claims)": "/due",
        "due queue, page 2 (keyset cursor)": second,
        "due queue, filtered by person (alias)": "/due?speaker=E001%20Lastname",
        "due queue, filtered by kind": "/due?kind=prediction",
        "due queue JSON (/api/due)": "/api/due",
        "claim page": f"/claims/{some}",
        "claim JSON (/api/claims/id)": f"/api/claims/{some}",
        "person page (alias; timeline, scorecard, calibration)": "/people/E001%20Lastname",
        "company page, page 1": "/companies/Company%205",
        "topic page, page 1": "/topics/cloud",
        "graph view (person, 100 claims)": "/graph/person/E001%20Lastname",
        "search (text)": "/search?q=dividend%20to%20grow%2012",
        "search (person)": "/search?q=E001",
    }
    out = {}
    for label, url in pages.items():
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        out[label] = {"url": url, "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
                      "bytes": len(r.content)}
        print(f"  {label:<55} median {out[label]['median_ms']:>7} ms   max {out[label]['max_ms']:>7} ms", flush=True)
    worst = max(v["median_ms"] for v in out.values())
    result = {
        "claims": n, "as_of": AS_OF.isoformat(), "runs": args.runs, "target_ms": TARGET_MS,
        "slowest_median_ms": worst, "all_under_target": worst < TARGET_MS, "pages": out, "load": load,
        "machine": {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "cpus": os.cpu_count(),
                    "loadavg": [round(x, 2) for x in os.getloadavg()]},
        "date": dt.date.today().isoformat(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"slowest page: {worst} ms median (target < {TARGET_MS} ms) -> {RESULTS / 'serve.json'}")


if __name__ == "__main__":
    main()
