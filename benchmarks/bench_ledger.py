"""Ledger query latency at 10^4, 10^5 and 10^6 claims (SQLite).

    .venv/bin/python benchmarks/bench_ledger.py                      # 1e4, 1e5, 1e6 -> benchmarks/results/ledger.json
    .venv/bin/python benchmarks/bench_ledger.py --sizes 10000 --keep  # one size, keep the .db to poke at

A synthetic ledger is bulk-loaded straight into the tables (`bulk_load`: events with a valid hash
chain, plus the projections they fold into), because ingesting a million claims through the
pipeline would take hours and measure the pipeline, not the queries. Then, for each query, three
figures: `sql_ms` — the statements the library issues, re-run on a raw connection and fully
fetched (the "query time" of the targets); `end_to_end_ms` — the library call including turning
rows into Claim objects; and the SQLite query plan, to show indexes are used, not full scans.
Each figure is the median of several warm runs. The `CLI:` entries run `claims due` and
`claims scorecard` as a user would, in a fresh process whose output is read from a pipe: wall
time, time to the first byte (unpaged `due` streams) and peak memory. `claims due --format
json|jsonl` prints the listing the ledger keeps rendered (`due_listing`, migration m005): the load
renders it through the library as it goes (`of_which_due_listing_s`); a ledger from before m005
gets it when first opened (`--reuse` of an older file: `migrate_s`).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.ledger import Ledger, _dumps, event_hash, listing, name_key  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
AS_OF = dt.date(2026, 1, 1)
N_SPEAKERS = 200
CLAIMS_PER_DOC = 40
TOPICS = ("revenue", "margin", "capex", "cloud", "ai", "stores", "hiring", "pricing", "dividend", "debt")
VERDICTS = ("kept", "broken", "partial", "unverifiable")
LISTING_EVERY = 25  # documents


def _speakers() -> list[tuple[str, str, str]]:
    """(name, alias, org): half Latin names, half Chinese, each with a second spelling."""
    out = []
    for i in range(N_SPEAKERS):
        if i % 2:
            out.append((f"Exec{i:03d} Lastname", f"E{i:03d} Lastname", f"Company {i % 37}"))
        else:
            out.append((f"高管{i:03d}号", f"Gaoguan {i:03d}", f"公司{i % 37}"))
    return out


def bulk_load(path: Path, n_claims: int, seed: int = 0) -> dict:
    """Write a ledger of n_claims claims (one mention each) in batches, bypassing the pipeline; the
    due listing (`claims.ledger.listing`) is rendered by the library every `LISTING_EVERY` documents,
    in creation order, as ingesting them would have (its rows arrive in random deadline order)."""
    rng = random.Random(seed)
    led = Ledger(path)  # schema + migrations
    pending: list[str] = []
    listing_s = 0.0
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    speakers = _speakers()
    with con:
        for name, alias, org in speakers:
            key = name_key(name)
            con.executemany("INSERT OR IGNORE INTO speaker_aliases (alias_key, speaker_key, name, role, org) VALUES (?,?,?,?,?)",
                            [(key, key, name, "CEO", org), (name_key(alias), key, name, "CEO", org)])
    prev = None
    seq = 0
    n_docs = max(1, n_claims // CLAIMS_PER_DOC)
    t0 = time.perf_counter()
    for d in range(n_docs):
        doc_id = hashlib.sha256(f"doc-{seed}-{d}".encode()).hexdigest()
        date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 4))
        company = f"Company {d % 37}"
        doc = {"id": doc_id, "lang": "en", "date": date.isoformat(), "company": company, "company_aliases": [],
               "fiscal_year_end": "12-31", "period": None, "source": f"call-{d}.txt", "sha256": doc_id,
               "speakers": [], "entities": []}
        at = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc).isoformat(timespec="microseconds")
        events, claims, mentions, topics = [], [], [], []
        seq += 1
        pj = _dumps({"document": doc})
        h = event_hash(prev, "document_ingested", None, doc_id, pj, at, "bench")
        events.append((seq, None, doc_id, "document_ingested", pj, at, "bench", prev, h))
        prev = h
        docs_row = (doc_id, doc_id, doc["source"], "en", date.isoformat(), company, "12-31", None, _dumps(doc), at)
        per_doc = CLAIMS_PER_DOC if d < n_docs - 1 else n_claims - CLAIMS_PER_DOC * (n_docs - 1)
        for k in range(per_doc):
            name, _alias, org = speakers[rng.randrange(N_SPEAKERS)]
            cid = hashlib.sha256(f"{doc_id}-{k}".encode()).hexdigest()[:16]
            text = f"We expect {rng.choice(TOPICS)} to grow {rng.randint(1, 40)}% (claim {k} of call {d})."
            end = None if rng.random() < 0.15 else date + dt.timedelta(days=rng.randint(30, 365 * 4))
            horizon = {"text": "by then", "start": date.isoformat(), "end": end.isoformat(), "granularity": "day"} if end else None
            topic = rng.choice(TOPICS)
            claim = {"id": cid, "text": text, "speaker": {"name": name, "role": "CEO", "org": org}, "kind": "prediction",
                     "negated": False, "confidence": round(rng.uniform(0.3, 0.95), 2), "horizon": horizon,
                     "quantities": [], "topics": [topic], "created_at": None}
            start = 100 * k
            mention = {**{x: claim[x] for x in ("text", "speaker", "kind", "negated", "confidence", "horizon", "quantities", "topics")},
                       "id": cid + "m", "claim_id": cid, "doc_id": doc_id, "start": start, "end": start + len(text), "entities": []}
            seq += 1
            pj = _dumps({"claim": claim, "mention": mention, "company": company})
            h = event_hash(prev, "claim_created", cid, doc_id, pj, at, "bench")
            events.append((seq, cid, doc_id, "claim_created", pj, at, "bench", prev, h))
            prev = h
            status, updated, payload = "open", seq, claim
            if end is not None and end < AS_OF and rng.random() < 0.3:  # some past claims have a verdict
                v = {"verdict": rng.choice(VERDICTS), "evidence": "annual report", "source": None, "date": None,
                     "recorded_at": at, "actor": "bench"}
                seq += 1
                pj = _dumps({"verdict": v})
                h = event_hash(prev, "verdict_recorded", cid, None, pj, at, "bench")
                events.append((seq, cid, None, "verdict_recorded", pj, at, "bench", prev, h))
                prev = h
                status, updated, payload = v["verdict"], seq, {**claim, "verdicts": [v]}
            claims.append((cid, text, name, name_key(name), name_key(org), "prediction", False, claim["confidence"],
                           end.isoformat() if end else None, status, seq if status == "open" else seq - 1, updated,
                           _dumps({k2: v2 for k2, v2 in payload.items() if k2 != "id"})))
            mentions.append((mention["id"], cid, doc_id, start, mention["end"], _dumps(mention)))
            topics.append((cid, topic))
        with con:
            con.executemany("INSERT INTO events (seq, claim_id, doc_id, type, payload, at, actor, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)", events)
            con.execute("INSERT INTO documents (id, sha256, source, lang, date, company, fiscal_year_end, period_label, payload, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)", docs_row)
            con.executemany('INSERT INTO claims (id, text, speaker_name, speaker_key, org_key, kind, negated, confidence, horizon_end, status, created_seq, updated_seq, payload) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', claims)
            con.executemany('INSERT INTO mentions (id, claim_id, doc_id, start, "end", payload) VALUES (?,?,?,?,?,?)', mentions)
            con.executemany("INSERT INTO claim_topics (claim_id, topic) VALUES (?,?)", topics)
        pending += [row[0] for row in claims]
        if len(pending) >= LISTING_EVERY * CLAIMS_PER_DOC or d == n_docs - 1:
            t = time.perf_counter()
            with led.store.write() as conn:
                listing.refresh(conn, pending)
            listing_s += time.perf_counter() - t
            pending = []
    con.execute("ANALYZE")
    con.close()
    led.close()
    return {"load_s": round(time.perf_counter() - t0, 1), "of_which_due_listing_s": round(listing_s, 1),
            "documents": n_docs, "events": seq, "db_mb": round(path.stat().st_size / 2 ** 20, 1)}


def _median_ms(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


class Capture:
    """Ledger tracer: keeps the SELECTs a library call issues so they can be timed raw."""

    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, statement, params):
        if statement.lstrip().upper().startswith("SELECT") and "_migrations" not in statement:
            self.statements.append((statement, params))


def _raw_sql_ms(con: sqlite3.Connection, statements, runs: int) -> tuple[float, list[str], int]:
    def go():
        rows = 0
        for s, p in statements:
            rows += len(con.execute(s, p).fetchall())
        return rows

    rows = go()
    ms = _median_ms(go, runs)
    plans = []
    for s, p in statements:
        plan = " / ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + s, p).fetchall())
        plans.append(plan)
    return ms, plans, rows


# runs `claims` and, at exit, writes its peak RSS (VmHWM: this process image's own high-water mark;
# the rusage of a child forked from this benchmark would count the benchmark's pages too)
_CLI_WITH_PEAK = """
import atexit, runpy, sys
peak_file = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as fh:
        kb = next((line.split()[1] for line in fh if line.startswith("VmHWM:")), "0")
    with open(peak_file, "w") as out:
        out.write(kb)
atexit.register(peak)
sys.argv[0] = "claims"
runpy.run_module("claims", run_name="__main__")
"""


def cli_case(path: Path, args: list[str], runs: int) -> dict:
    """`claims --db PATH ARGS` in a fresh process, stdout read from a pipe as it comes and dropped:
    wall time (median of `runs`), time to the first byte, bytes written and the peak RSS."""
    walls, firsts, peaks = [], [], []
    size = 0
    peak_file = Path(tempfile.mkstemp(suffix=".peak")[1])
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _CLI_WITH_PEAK, str(peak_file), "--db", str(path), *args],
                                cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        first = None
        size = 0
        while chunk := proc.stdout.read1(1 << 20):
            first = first or time.perf_counter() - t
            size += len(chunk)
        if proc.wait():
            raise RuntimeError(f"claims {' '.join(args)} failed with status {proc.returncode}")
        walls.append(time.perf_counter() - t)
        firsts.append(first or 0.0)
        peaks.append(int(peak_file.read_text() or 0))
    peak_file.unlink(missing_ok=True)
    return {"wall_s": round(statistics.median(walls), 2), "first_byte_s": round(statistics.median(firsts), 2),
            "mb_written": round(size / 2 ** 20, 1), "peak_rss_mb": round(max(peaks) / 1024, 1), "runs": runs}


def measure(path: Path, n_claims: int, runs: int) -> dict:
    cap = Capture()
    led = Ledger(path, tracer=cap)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out: dict = {}
    speaker = "E001 Lastname"  # an alias, so the alias lookup is part of the query

    def case(label: str, call, with_sql: bool = True, count: bool = False):
        cap.statements.clear()
        result = call()
        stmts = list(cap.statements)
        e2e = _median_ms(call, runs)
        entry = {"end_to_end_ms": e2e, "rows": result if count else len(result) if hasattr(result, "__len__") else None}
        if with_sql:
            sql_ms, plans, rows = _raw_sql_ms(con, stmts, runs)
            entry.update(sql_ms=sql_ms, sql_rows=rows, statements=len(stmts),
                         plan=[p for p in plans if "claims" in p or "mentions" in p or "speaker" in p][:4])
        out[label] = entry
        print(f"  {n_claims:>8} {label:<34} sql {entry.get('sql_ms', '-'):>8} ms   end-to-end {e2e:>9} ms   rows {entry['rows']}",
              flush=True)

    case("list --speaker X", lambda: led.list_claims(speaker=speaker, as_of=AS_OF))
    case("list --speaker X --limit 50", lambda: led.list_claims(speaker=speaker, as_of=AS_OF, limit=50))
    case("due (first 100)", lambda: led.due(AS_OF, limit=100))
    case("due --speaker X", lambda: led.due(AS_OF, speaker=speaker))
    # unpaged `due`, streamed as `claims due` reads it: keyset batches hydrated as they are consumed
    # (Ledger.iter_due -> claims.ledger.queries.iter_claims); "sql" is every batch and mention
    # statement it issued, re-run raw
    case("due (all, streamed): first 100", lambda: list(itertools.islice(led.iter_due(AS_OF), 100)), with_sql=False)
    heavy = max(1, runs // 5) if n_claims >= 1_000_000 else runs
    saved = runs
    runs = heavy
    case("due (all, streamed): every claim", lambda: sum(1 for _ in led.iter_due(AS_OF)), count=True)
    case("due (all)", lambda: led.due(AS_OF, with_mentions=False), with_sql=False)
    # what `claims due --format json` prints, from the listing the ledger keeps (Ledger.due_text:
    # one range scan of due_listing, translated as read); rows = bytes
    case("due (all, listing text)", lambda: sum(map(len, led.due_text(AS_OF, fmt="json"))), with_sql=False, count=True)
    runs = saved
    from claims.review import scorecards

    out["scorecard_impl"] = ("claims.review.scorecards (counted in SQL: claims.ledger.queries.scorecard_groups, "
                             "covering index ix_claims_scorecard)")
    case("scorecard --speaker X", lambda: scorecards(led, speaker=speaker, as_of=AS_OF))
    case("scorecard (all speakers)", lambda: scorecards(led, as_of=AS_OF))
    # the commands as a user runs them: a fresh process, its output read from a pipe and dropped
    for fmt in ("jsonl", "json"):
        out[f"CLI: claims due --format {fmt}"] = cli_case(path, ["due", "--as-of", AS_OF.isoformat(), "--format", fmt], heavy)
    out["CLI: claims scorecard --format json"] = cli_case(path, ["scorecard", "--as-of", AS_OF.isoformat(), "--format", "json"], runs)
    for label in [k for k in out if k.startswith("CLI:")]:
        print(f"  {n_claims:>8} {label:<34} {out[label]}", flush=True)
    con.close()
    led.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=str(RESULTS), help="where the .db files go (deleted unless --keep)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--reuse", action="store_true", help="measure an existing bench-ledger-N.db in --dir (kept) instead of loading one")
    ap.add_argument("--out", default=str(RESULTS / "ledger.json"))
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    report = {"generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "as_of": AS_OF.isoformat(),
              "speakers": N_SPEAKERS, "command": "python benchmarks/bench_ledger.py " + " ".join(argv or sys.argv[1:]),
              "sqlite": sqlite3.sqlite_version, "sizes": {}}
    for n in sizes:
        path = Path(args.dir) / f"bench-ledger-{n}.db"
        if args.reuse and path.exists():
            t = time.perf_counter()
            Ledger(path).close()  # pending migrations (m005 renders the due listing)
            load = {"reused": path.name, "migrate_s": round(time.perf_counter() - t, 1),
                    "db_mb": round(path.stat().st_size / 2 ** 20, 1)}
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            print(f"loading {n} claims ...", flush=True)
            load = bulk_load(path, n)
            print(f"  loaded in {load['load_s']} s, {load['db_mb']} MB", flush=True)
        report["sizes"][str(n)] = {"load": load, "queries": measure(path, n, args.runs)}
        if not args.keep and not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
