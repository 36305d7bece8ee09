"""Extract on a Dask cluster, store from one process: the scale-out path when one machine is not enough.

Extraction is a pure function of (text, metadata, pipeline version), so it can run anywhere; the
ledger has one writer (this process), which keeps the hash chain simple and the database free of
lock contention. Files are read and validated here first, exactly as `claims ingest` does, so a
bad file rejects the batch before any work is shipped out.

    python scripts/dask_extract.py --db claims.db --workers 4 corpora/*/text.txt          # local cluster
    python scripts/dask_extract.py --db postgresql://… --scheduler tcp://10.0.0.5:8786 calls/*.txt

Workers need the project installed (`pip install -e .`) — they import `claims` and build the
pipelines once each. The documents and claims stored are identical to `claims ingest`'s.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def extract_one(text: str, meta, sha256: str, source: str, backend: str | None):
    """Runs on a worker: the same call `claims ingest` makes, so the document ids match."""
    from claims.extract import extract_text

    return extract_text(text, meta, sha256=sha256, source=source, backend=backend)


def run(paths: list[str], db: str, *, workers: int = 2, scheduler: str | None = None, backend: str | None = None,
        link: bool = True, **options) -> list:
    from dask.distributed import Client, LocalCluster

    from claims.ingest import prepare
    from claims.ledger import Ledger

    ledger = Ledger(db)
    docs = [d for d in prepare(paths, **options) if not ledger.has_document(d.source.sha256)]
    results = []
    if docs:
        cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                      dashboard_address=None)
        try:
            with Client(scheduler or cluster) as client:
                futures = [client.submit(extract_one, d.source.text, d.meta, d.source.sha256, str(d.source.path),
                                         backend, pure=False) for d in docs]
                for fut in futures:  # in input order; the single writer stores each as it arrives
                    results.append(ledger.ingest(fut.result()))
                    fut.release()
        finally:
            if cluster is not None:
                cluster.close()
    if link:
        from claims.linking import link_documents

        added = [r.doc_id for r in results if r.added and r.claims_added]
        if added:
            link_documents(ledger, added)
    ledger.close()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--db", required=True, help="SQLite path or postgresql:// URL")
    ap.add_argument("--workers", type=int, default=2, help="local cluster size (ignored with --scheduler)")
    ap.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://host:8786")
    ap.add_argument("--backend")
    ap.add_argument("--lang")
    ap.add_argument("--date")
    ap.add_argument("--company")
    args = ap.parse_args(argv)
    from claims.core.errors import ClaimsError

    try:
        results = run(args.files, args.db, workers=args.workers, scheduler=args.scheduler, backend=args.backend,
                      lang=args.lang, date=args.date, company=args.company)
    except ClaimsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for r in results:
        print(f"{Path(r.source or r.doc_id).name}\t{'added' if r.added else 'already in ledger'}\t"
              f"{r.claims_added} claims\t{r.mentions_added} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
