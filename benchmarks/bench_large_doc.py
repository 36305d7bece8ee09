"""Memory and time of extracting one very long transcript (issue 17, item 11).

    .venv/bin/python benchmarks/bench_large_doc.py [--mb 5 20] [--runs en:default en:rules zh:default] [--corpus real]

For each language/backend and size, a synthetic transcript (`benchmarks/corpus.py`, one call with
as many speaker turns as it takes) is written to a temporary file and extracted by `extract_file`
in a fresh process, which reports the extraction's wall time (pipeline load excluded, reported
apart) and the process's peak RSS. Targets: peak RSS <= 1 GB at 20 MB with the default backend, and
20 MB in under 4x the time of 5 MB on every backend. Writes benchmarks/results/large_doc.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from claims.extract import extract_file
from pipelines import get_nlp
lang, backend, path = sys.argv[1], sys.argv[2] or None, sys.argv[3]
t0 = time.perf_counter()
get_nlp(lang, backend)
t1 = time.perf_counter()
result, _ = extract_file(path, backend=backend, lang=lang, date="2025-08-01", company=sys.argv[4] or None)
t2 = time.perf_counter()
print(json.dumps({{"load_s": round(t1 - t0, 2), "seconds": round(t2 - t1, 2), "claims": len(result.claims),
                  "speakers": len(result.doc.speakers),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}}))
"""


def write_real(lang: str, mb: float, folder: Path) -> tuple[Path, str]:
    """The repository's real transcripts of `lang` (corpora/real/<lang>/*/text.txt) one after another
    as one long call of about `mb` megabytes: real layout and the real density of claims (about
    1-2 per kilobyte, where the synthetic calls hold 10 or more)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "real" / lang).glob("*/text.txt"))]
    parts, size, target = [], 0, int(mb * 1_000_000)
    while size < target:
        for t in texts:
            parts.append(t.strip() + "\n\n")
            size += len(parts[-1].encode("utf-8"))
            if size >= target:
                break
    path = folder / f"{lang}-real-{mb:g}mb.txt"
    path.write_text("".join(parts), encoding="utf-8")
    return path, ""


def write_transcript(lang: str, mb: float, folder: Path) -> tuple[Path, str]:
    """One synthetic call of about `mb` megabytes (UTF-8)."""
    from benchmarks.corpus import transcript_en, transcript_zh

    fn = transcript_en if lang == "en" else transcript_zh
    sample, _ = fn(7, paragraphs=200)
    per_par = len(sample.encode("utf-8")) / 200
    text, meta = fn(7, paragraphs=max(1, int(mb * 1_000_000 / per_par)))
    path = folder / f"{lang}-{mb:g}mb.txt"
    path.write_text(text, encoding="utf-8")
    return path, meta["company"]


def run_one(lang: str, backend: str, path: Path, company: str) -> dict:
    code = CHILD.format(root=str(ROOT))
    p = subprocess.run([sys.executable, "-c", code, lang, "" if backend == "default" else backend, str(path), company],
                       capture_output=True, text=True, env={"CLAIMS_MAX_BYTES": "1G", "PATH": "/usr/bin:/bin"})
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, nargs="+", default=[5.0, 20.0])
    ap.add_argument("--runs", nargs="+", default=["zh:default", "en:rules", "en:default"],
                    help="lang:backend pairs (en:default is the model when it is installed)")
    ap.add_argument("--corpus", choices=("synthetic", "real"), default="synthetic",
                    help="synthetic: benchmarks/corpus.py (claim-dense); real: the real transcripts run together")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "large_doc.json"))
    a = ap.parse_args()
    out = Path(a.out)
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results = dict(previous.get("runs", {}))
    with tempfile.TemporaryDirectory() as tmp:
        for run in a.runs:
            lang, backend = run.split(":")
            for mb in a.mb:
                writer = write_real if a.corpus == "real" else write_transcript
                path, company = writer(lang, mb, Path(tmp))
                r = run_one(lang, backend, path, company)
                r["bytes"] = path.stat().st_size
                results[f"{a.corpus}:{run}:{mb:g}MB"] = r
                print(run, f"{mb:g} MB", json.dumps(r), flush=True)
                path.unlink()
    ratios = {}
    for run in a.runs:
        for corpus in ("synthetic", "real"):
            small, big = results.get(f"{corpus}:{run}:5MB", {}), results.get(f"{corpus}:{run}:20MB", {})
            if small.get("seconds") and big.get("seconds"):
                ratios[f"{corpus}:{run}"] = round(big["seconds"] / small["seconds"], 2)
    result = {
        "benchmark": "large_doc",
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "runs": results,
        "time_ratio_20mb_to_5mb": ratios,
        "targets": {"peak_rss_mb_20mb_default": 1024, "time_ratio": 4.0},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
