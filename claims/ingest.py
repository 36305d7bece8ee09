"""Ingesting files: check every input first, then extract and store each document.

All files are read and decoded before anything is written, so a bad file in a batch rejects the
whole batch with the ledger unchanged. Each document is then stored in its own transaction: an
interrupted run leaves whole documents only, and re-running completes it (ingest is idempotent by
content hash).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from claims.core.meta import DocMeta, resolve_meta
from claims.core.textio import SourceText, read_source
from claims.linking import link_documents
from pipelines import clear_nlp_cache, get_nlp

from .extract import extract_text
from .ledger import IngestResult, Ledger


@dataclass
class PreparedDoc:
    source: SourceText
    meta: DocMeta


def prepare(paths: Iterable[str | Path], **options: Any) -> list[PreparedDoc]:
    """Read, decode and resolve metadata for every file; raises BadInput on the first bad one."""
    out = []
    for p in paths:
        src = read_source(p)
        out.append(PreparedDoc(src, resolve_meta(src.path, src.text, **options)))
    return out


def _extract(doc: PreparedDoc, backend: str | None):
    # no spaCy length limit to lift: extract_text reads a long document in bounded pieces
    return extract_text(doc.source.text, doc.meta, sha256=doc.source.sha256, source=str(doc.source.path), backend=backend,
                        original=doc.source.storable_original)


def _pipeline(lang: str, backend: str | None):
    try:
        return get_nlp(lang, backend)
    except Exception:  # noqa: BLE001 - extract_text reports pipeline errors as BadInput
        return None


def extract_many(docs: list[PreparedDoc], backend: str | None = None, workers: int = 1) -> Iterator[Any]:
    """Extractions in input order; with workers > 1 they run in a process pool (extraction is pure)."""
    if workers <= 1 or len(docs) <= 1:
        for d in docs:
            yield _extract(d, backend)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = None
    if "fork" in mp.get_all_start_methods():
        # build each needed pipeline once, here, and let forked workers share it copy-on-write:
        # otherwise every worker spends seconds building its own before extracting anything
        ctx = mp.get_context("fork")
        for lang in sorted({d.meta.lang for d in docs}):
            _pipeline(lang, backend)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(_extract, docs, [backend] * len(docs), chunksize=max(1, len(docs) // (workers * 8)))
    if ctx is not None:
        # the parent built them only for the workers to inherit; free them before the linking
        # pass, which needs the memory (1,000-document ingest: ~1 GB -> see README, Benchmarks)
        import gc


        clear_nlp_cache()
        gc.collect()


def ingest_files(ledger: Ledger, paths: Iterable[str | Path], *, backend: str | None = None, workers: int = 1,
                 progress: Callable[[IngestResult], None] | None = None, link: bool = True,
                 **options: Any) -> list[IngestResult]:
    """`link=True` links each new document's claims to earlier calls' claims (claims.linking)."""
    docs = prepare(paths, **options)
    todo, results = [], []
    for d in docs:
        if ledger.has_document(d.source.sha256):
            r = IngestResult(doc_id=d.source.sha256, source=str(d.source.path), added=False)
            results.append(r)
            if progress:
                progress(r)
        else:
            todo.append(d)
    added: list[str] = []
    for extraction in extract_many(todo, backend, workers):
        r = ledger.ingest(extraction)
        if r.added and r.claims_added:
            added.append(r.doc_id)
        results.append(r)
        if progress:
            progress(r)
    if link:
        # one linking pass for the whole batch (planning reads every claim, so once per document
        # would make a large ingest quadratic), plus documents an interrupted run stored but never
        # linked; linking is idempotent, so re-planning one of those twice only costs time

        present = [r.doc_id for r in results if not r.added]
        pending = added + ledger.unlinked_documents(present) if present else added
        if pending:
            link_documents(ledger, pending)
    return results
