"""Throughput of the Chinese extraction against segmentation alone, peak memory, seed cold start.

    .venv/bin/python benchmarks/bench_extract_zh.py [--mb 1.0]

The text (~1 MB of UTF-8) is the repository's Chinese demo corpora plus the texts below, repeated;
the seed transcript is only read from ../shared at run time for the cold-start measurement.
Both pipelines are loaded and warmed before timing, in the same process and run. Writes
benchmarks/results/extract_zh.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OWN_TEXTS = [
    "11月20日訊,星河汽車發布第三季度財報。星河汽車CEO周明遠表示,明年交付量預計將增長40%,海外市場會成為新的增長點。"
    "他提到,公司將在2026年推出三款新車。\n財報顯示,第三季度營收同比增長了25%。\n提問：價格戰是否會持續？\n"
    "周明遠：我們認為價格戰不會持續到明年下半年。我們的目標是三年內海外銷量佔比達到30%。\n",
    "主持人：欢迎参加蓝山银行第三季度业绩说明会。\n行长 王良：今年全年贷款增速预计在8%左右,明年净息差将企稳。"
    "我们力争到2027年底把不良率控制在1%以内,同时会继续加大对科技企业的支持。\n分析师 李雷（华信证券）：请问分红比例会提高吗？\n"
    "王良：分红比例至少维持30%,我们不会降低分红。\n",
    "丁磊：新工作室需要兩到三年才能成熟,未來三年海外收入仍將快速增長,我認為,手遊市場一年內不會萎縮。"
    "下個季度我們預計收入在61億到64億元之間,毛利率可能會略有下降。\n",
]
SEED = ROOT.parent / "shared" / "corpora" / "alibaba-fy26q2-call-zh" / "text.txt"


def build_text(target_bytes: int) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").glob("*-zh/text.txt"))] + OWN_TEXTS
    chunk = "\n".join(parts) + "\n"
    reps = max(1, target_bytes // len(chunk.encode("utf-8")) + 1)
    return chunk * reps


def _vm_hwm_mb() -> float:
    """This process's own peak RSS (VmHWM); ru_maxrss is inherited across fork on Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_extract(mb: float) -> None:
    """Extraction alone in a fresh process: its peak memory is the pipeline's, not the baseline's."""
    from claims.extract import extract_text
    from claims.core.meta import DocMeta

    text = build_text(int(mb * 1_000_000))
    extract_text(text, DocMeta(lang="zh", date=dt.date(2025, 11, 20), fiscal_year_end="12-31"))
    print(json.dumps({"peak_rss_mb": _vm_hwm_mb(),
                      "torch_imported": "torch" in sys.modules and sys.modules["torch"] is not None}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "extract_zh.json"))
    a = ap.parse_args()
    if a.child:
        child_extract(a.mb)
        return

    import spacy

    from claims.extract import extract_text
    from claims.core.meta import DocMeta
    from pipelines import get_nlp

    text = build_text(int(a.mb * 1_000_000))
    meta = DocMeta(lang="zh", date=dt.date(2025, 11, 20), fiscal_year_end="12-31")
    baseline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    get_nlp("zh")
    warm = "\n".join(OWN_TEXTS)
    baseline(warm)
    extract_text(warm, meta)

    t0 = time.perf_counter()
    baseline(text)
    seg_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = extract_text(text, meta)
    ext_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    cold = None
    if SEED.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "claims", "extract", str(SEED), "--format", "json", "--lang", "zh",
                        "--date", "2025-11-25", "--fiscal-year-end", "03-31", "--period", "2025-Q3"],
                       check=True, capture_output=True, cwd=ROOT)
        cold = time.perf_counter() - t0

    child = subprocess.run([sys.executable, __file__, "--child", "--mb", str(a.mb)], check=True,
                           capture_output=True, text=True, cwd=ROOT)
    alone = json.loads(child.stdout.strip().splitlines()[-1])

    out = {
        "chars": len(text), "bytes": len(text.encode("utf-8")),
        "segmentation_s": round(seg_s, 3), "extraction_s": round(ext_s, 3),
        "segmentation_chars_per_s": round(len(text) / seg_s), "extraction_chars_per_s": round(len(text) / ext_s),
        "ratio_extraction_to_segmentation": round(seg_s / ext_s, 3),
        "claims": len(res.claims), "peak_rss_mb_both_pipelines": round(peak_mb, 1),
        "peak_rss_mb_extraction_alone": round(alone["peak_rss_mb"], 1),
        "torch_imported_by_spacy": alone["torch_imported"],
        "seed_cold_start_s": round(cold, 3) if cold is not None else None,
        "python": sys.version.split()[0], "run_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
