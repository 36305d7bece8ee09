"""Extraction and ingest throughput (docs/s, chars/s) and peak memory, with 1 and 2 workers.

    .venv/bin/python benchmarks/bench_ingest.py                   # -> benchmarks/results/ingest.json
    .venv/bin/python benchmarks/bench_ingest.py --docs 100 --big 0  # quick look

The corpus is generated (benchmarks/corpus.py: made-up English and Chinese calls, alternating,
8 calls per company) and written to a temp folder. Every measurement runs in a fresh Python process
so each starts cold (pipelines built inside the timed run, as a user's `claims ingest` would) and
its peak memory is its own: `peak_pss_total_mb` is the peak of the summed PSS of the process and
its workers (shared copy-on-write pages counted once), and `peak_rss_total_mb` the cruder bound
`ru_maxrss` of the process plus, per worker, the largest worker's (RUSAGE_CHILDREN) — shared pages
counted once per process.

- extract: `claims.ingest.extract_many` over the prepared documents, nothing stored.
- ingest: `claims.ingest.ingest_files` into a new SQLite ledger — extraction in N processes,
  every write in the parent — without and with the cross-call linking pass.

Wall-clock speed-ups need an otherwise idle machine: with other jobs running, Linux's autogroup
scheduler gives this whole session one fair share, however many workers it starts. So each run
also records its CPU seconds (parent, workers) and `idle_machine_seconds` = max(total CPU / cores
used, parent CPU) — the wall time the same work takes when the cores are free, since the parent's
reading, writing and pipeline building are serial and the workers' extraction is not.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"


def _rss_mb() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_parent_mb": round(own, 1), "peak_rss_worker_mb": round(kids, 1)}


class MemorySampler:
    """Peak of the summed PSS of this process and its workers, sampled from /proc every 0.2 s.

    PSS charges each shared page to its sharers proportionally, so forked workers that share the
    parent's pipelines copy-on-write are not counted twice: the honest "how much RAM does this
    ingest take" figure (Linux only; None elsewhere).
    """

    def __init__(self):
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            for task in Path(f"/proc/{p}/task").glob("*/children"):
                try:
                    todo += [int(c) for c in task.read_text().split()]
                except OSError:
                    pass
        return out

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self):
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, sum(self._pss(p) for p in self._tree(os.getpid())))

    def __enter__(self):
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()

    @property
    def peak_mb(self) -> float | None:
        return round(self.peak_kb / 1024, 1) if self.peak_kb else None


def child(mode: str, folder: str, workers: int, link: bool) -> dict:
    """One measurement, in this (fresh) process."""
    with MemorySampler() as mem:
        out = _measure(mode, folder, workers, link)
    out["peak_pss_total_mb"] = mem.peak_mb
    return out


def _measure(mode: str, folder: str, workers: int, link: bool) -> dict:
    from claims.ingest import extract_many, ingest_files, prepare
    from claims.ledger import Ledger

    paths = sorted(str(p) for p in Path(folder).glob("*.txt"))
    c0 = os.times()
    t0 = time.perf_counter()
    docs = prepare(paths)
    chars = sum(len(d.source.text) for d in docs)
    mentions = 0
    if mode == "extract":
        for ex in extract_many(docs, workers=workers):
            mentions += len(ex.claims)
    else:
        db = Path(tempfile.mkdtemp(prefix="bench-ingest-")) / "ledger.db"
        with Ledger(db) as led:
            results = ingest_files(led, paths, workers=workers, link=link)
            mentions = sum(r.mentions_added for r in results)
            links = led.counts()["links"]
    secs = time.perf_counter() - t0
    c1 = os.times()
    cpu_parent = (c1.user + c1.system) - (c0.user + c0.system)
    cpu_workers = (c1.children_user + c1.children_system) - (c0.children_user + c0.children_system)
    out = {"mode": mode, "workers": workers, "link": link, "docs": len(paths), "chars": chars, "mentions": mentions,
           "seconds": round(secs, 2), "docs_per_s": round(len(paths) / secs, 2), "chars_per_s": round(chars / secs),
           "cpu_parent_s": round(cpu_parent, 2), "cpu_workers_s": round(cpu_workers, 2), **_rss_mb()}
    # what the run needs from an idle machine: the CPU work spread over the cores, but never less
    # than the parent's own (serial) share -- reading, the pipelines' build, and every write
    cores = min(os.cpu_count() or 1, max(1, workers))
    out["idle_machine_seconds"] = round(max((cpu_parent + cpu_workers) / cores, cpu_parent), 2)
    if mode == "ingest":
        out["links"] = links
    out["peak_rss_total_mb"] = round(out["peak_rss_parent_mb"] + (workers if workers > 1 else 0) * out["peak_rss_worker_mb"], 1)
    return out


def run_child(mode: str, folder: Path, workers: int, link: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--folder", str(folder), "--workers", str(workers)]
    if link:
        cmd.append("--link")
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if r.returncode != 0:
        raise SystemExit(f"benchmark child failed: {r.stderr[-3000:]}")
    res = json.loads(r.stdout.strip().splitlines()[-1])
    print(f"  {mode:<7} docs={res['docs']:<5} workers={workers} link={'yes' if link else 'no ':<3} "
          f"{res['docs_per_s']:>7} docs/s {res['chars_per_s']:>9} chars/s  {res['seconds']:>7} s  "
          f"peak PSS {res['peak_pss_total_mb']} MB (RSS bound {res['peak_rss_total_mb']} MB)", flush=True)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200, help="corpus size for the 1-vs-2-worker comparison")
    ap.add_argument("--big", type=int, default=1000, help="documents for the peak-RSS ingest (0: skip)")
    ap.add_argument("--paragraphs", type=int, default=12)
    ap.add_argument("--out", default=str(RESULTS / "ingest.json"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--link", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.workers, args.link)))
        return 0

    from benchmarks.corpus import write_corpus

    tmp = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    small = tmp / "small"
    write_corpus(small, args.docs, paragraphs=args.paragraphs)
    report: dict = {"generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "command": "python benchmarks/bench_ingest.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "cpus": os.cpu_count(), "load_average_before": os.getloadavg(), "runs": []}
    print(f"corpus: {args.docs} documents in {small}", flush=True)
    for mode in ("extract", "ingest"):
        for w in (1, 2):
            report["runs"].append(run_child(mode, small, w))
    report["runs"].append(run_child("ingest", small, 2, link=True))
    by = {(r["mode"], r["workers"], r["link"]): r for r in report["runs"]}
    report["speedup_2_workers"] = {
        mode: {"measured": round(by[(mode, 2, False)]["docs_per_s"] / by[(mode, 1, False)]["docs_per_s"], 2),
               "idle_machine": round(by[(mode, 1, False)]["idle_machine_seconds"] / by[(mode, 2, False)]["idle_machine_seconds"], 2)}
        for mode in ("extract", "ingest")}
    print(f"speed-up with 2 workers: {report['speedup_2_workers']}", flush=True)
    if args.big:
        big = tmp / "big"
        write_corpus(big, args.big, paragraphs=args.paragraphs, seed=1)
        report["big_ingest"] = run_child("ingest", big, 2, link=True)
    report["load_average_after"] = os.getloadavg()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
