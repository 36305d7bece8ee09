"""Four processes ingesting into one SQLite ledger at once: nothing lost, nothing locked out."""
from __future__ import annotations

from benchmarks.corpus import write_corpus
from claims.ledger import Ledger
from tests.reliability_helpers import assert_documents_complete, claims_cmd, spawn

PROCESSES = 4
DOCS_EACH = 2


def test_concurrent_ingest_four_processes_into_one_sqlite_file(tmp_path):
    paths = write_corpus(tmp_path / "calls", PROCESSES * DOCS_EACH, langs=("en", "zh"), paragraphs=4, seed=11)
    db = tmp_path / "shared.db"  # not created yet: the four processes also race to create the schema
    # two English and two Chinese writers: each process builds one pipeline, so the writes overlap
    by_lang = {lang: [p for p in paths if p.stem.endswith(lang)] for lang in ("en", "zh")}
    batches = [by_lang["en"][0::2], by_lang["zh"][0::2], by_lang["en"][1::2], by_lang["zh"][1::2]]
    assert sorted(map(str, sum(batches, []))) == sorted(map(str, paths))
    procs = [spawn(claims_cmd(db, "ingest", *map(str, batch), "--format", "json")) for batch in batches]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in procs]

    for code, _out, err in outcomes:
        assert "locked" not in err.lower(), err
        assert code == 0, err[-2000:]
    with Ledger(db) as led:
        report = led.audit()
        assert report.ok, report
        counts = led.counts()
        assert counts["documents"] == PROCESSES * DOCS_EACH
        assert assert_documents_complete(led, paths) == PROCESSES * DOCS_EACH
        # the hash chain is one sequence although four writers interleaved
        seqs = [e.seq for e in led.iter_events()]
        assert seqs == sorted(seqs) and len(seqs) == counts["events"]
