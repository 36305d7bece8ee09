"""Speed and accuracy of `claims horizon` against the libraries a user would otherwise reach for.

    .venv/bin/python benchmarks/bench_horizon.py [--rows 10000] [--sample 1000]

1. Generates N rows (default 10,000) from the texts of every labelled file: ../shared/horizons/dev.jsonl
   (when present), tests/data/horizons_extra.jsonl and the blind sets, each with a fresh
   statement date, fiscal year end and reported quarter, and times `claims horizon --batch -` end to end in a subprocess
   (start-up included; target < 5 s), plus the start-up alone (a one-row batch).
2. Per-row speed on the same rows (the first --sample rows of each language from step 1), in this
   process and run, after one untimed pass each, timed alternately in rounds so that load from
   other processes hits every contender alike: our `normalise`, `jionlp.parse_time` and
   `jionlp.ner.extract_time` on the Chinese rows, `dateparser.search.search_dates` on the English rows
   (each when installed: `pip install jionlp dateparser`, the `bench` extra).
3. Accuracy on the labelled rows (dev, extra and blind files), scored with the shared scorer's rule; the
   baselines' first time found is their horizon (jionlp's time_point/time_span, dateparser's date).
Prints a table and writes benchmarks/results/horizon.json.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import platform
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXTRA = ROOT / "tests" / "data" / "horizons_extra.jsonl"
BLIND = sorted((ROOT / "tests" / "data").glob("horizons_blind*.jsonl"))
DEV = ROOT.parent / "shared" / "horizons" / "dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "horizon.json"
CLAIMS = Path(sys.executable).with_name("claims")


def labelled_rows() -> list[dict]:
    rows = []
    for path in (DEV, EXTRA, *BLIND):
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def generate(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    texts = [(r["text"], r.get("lang")) for r in labelled_rows()]
    out = []
    for i in range(n):
        text, lang = texts[i % len(texts)]
        ref = dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randrange(5 * 365))
        q = (ref.month - 1) // 3  # the quarter before ref's: what a call held at ref reports on
        period = f"{ref.year - (q == 0)}-Q{q or 4}" if rnd.random() < 0.6 else None
        out.append({"text": text, "ref": ref.isoformat(), "fiscal_year_end": rnd.choice(["12-31", "03-31", "06-30", "09-30"]),
                    "period": period, "lang": lang if rnd.random() < 0.5 else None})
    return out


def run_batch(rows: list[dict]) -> tuple[float, float, list[str]]:
    """(wall seconds, child CPU seconds, output lines) of one `claims horizon --batch -` run."""
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([str(CLAIMS), "horizon", "--batch", "-"], input=stdin, capture_output=True, text=True,
                       check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.stdout.splitlines()


def _quiet(fn):
    def run(*a, **k):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                return fn(*a, **k)
            except Exception:
                return None
    return run


def contenders():
    """name -> (lang, per-row callable(text, ref) -> (start, end) | None)."""
    from claims.horizon import normalise

    def ours(text, ref, fye="12-31", period=None):
        h = normalise(text, ref, fiscal_year_end=fye, period=period).horizon
        return (h.start, h.end) if h else None

    out = {"ours_zh": ("zh", ours), "ours_en": ("en", ours)}
    try:
        import jionlp as jio

        def base(ref):
            return time.mktime(dt.datetime(ref.year, ref.month, ref.day).timetuple())

        def to_dates(detail):
            if not detail or detail.get("type") not in ("time_point", "time_span"):
                return None
            t = detail.get("time")
            if not isinstance(t, list) or len(t) != 2 or not all(isinstance(x, str) for x in t):
                return None
            return dt.date.fromisoformat(t[0][:10]), dt.date.fromisoformat(t[1][:10])

        @_quiet
        def jio_parse(text, ref, *_):
            return to_dates(jio.parse_time(text, time_base=base(ref)))

        @_quiet
        def jio_extract(text, ref, *_):
            found = jio.ner.extract_time(text, time_base=base(ref))
            return to_dates(found[0]["detail"]) if found else None

        out["jionlp.parse_time"] = ("zh", jio_parse)
        out["jionlp.ner.extract_time"] = ("zh", jio_extract)
    except ImportError:
        pass
    try:
        from dateparser.search import search_dates

        @_quiet
        def dp(text, ref, *_):
            found = search_dates(text, settings={"RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day),
                                                 "PREFER_DATES_FROM": "future"}, languages=["en"])
            if not found:
                return None
            d = found[0][1].date()
            return d, d

        out["dateparser.search_dates"] = ("en", dp)
    except ImportError:
        pass
    return out


def speed(rows: list[dict], funcs: dict, sample: int, rounds: int = 5) -> dict[str, float]:
    """Microseconds of CPU per row in the steady state a batch runs in: each contender first makes
    one untimed pass over the rows (grammars compiled, dictionaries and memo tables filled, as
    after the first rows of any batch), then all are timed in turn within every round, on the
    same `sample` rows per language (the batch's rows: every labelled text, each with several
    statement dates). Rounds of a few hundred rows would mostly time how fast each contender's
    code comes back into the CPU's caches after the others ran."""
    cjk = re.compile(r"[\u3400-\u9fff]")
    by_lang = {"zh": [r for r in rows if cjk.search(r["text"])][:sample],
               "en": [r for r in rows if not cjk.search(r["text"])][:sample]}
    spent = {name: 0.0 for name in funcs}
    counts = {name: 0 for name in funcs}
    for name, (lang, fn) in funcs.items():
        for r in by_lang[lang]:
            fn(r["text"], dt.date.fromisoformat(r["ref"]))
    for _ in range(rounds):
        for name, (lang, fn) in funcs.items():
            batch = by_lang[lang]
            t0 = time.process_time()
            for r in batch:
                fn(r["text"], dt.date.fromisoformat(r["ref"]))
            spent[name] += time.process_time() - t0
            counts[name] += len(batch)
    return {name: round(spent[name] / max(1, counts[name]) * 1e6, 1) for name in funcs}


def accuracy(funcs: dict) -> dict[str, dict]:
    from claims.core.fiscal import parse_period
    from claims.core.models import Period

    sys.path.insert(0, str(ROOT / "tests"))
    from test_horizon_eval import _scorer_ok

    ok = _scorer_ok()
    rows = labelled_rows()
    out = {}
    for name, (lang, fn) in funcs.items():
        good = n = 0
        for r in rows:
            if r.get("lang") != lang:
                continue
            ref = dt.date.fromisoformat(r["ref"])
            fye = r.get("fiscal_year_end") or "12-31"
            p = parse_period(r.get("period"), fye, ref)
            period = Period(start=p[0], end=p[1], label=p[2]) if p else None
            got = fn(r["text"], ref, fye, period) if name.startswith("ours") else fn(r["text"], ref)
            h = {"start": got[0].isoformat(), "end": got[1].isoformat()} if got else None
            good += bool(ok(r, h, r.get("tol_days", 0)))
            n += 1
        out[name] = {"rows": n, "correct": good, "accuracy": round(good / max(1, n), 3)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--sample", type=int, default=1000, help="rows per language for the per-row comparison")
    a = ap.parse_args()

    rows = generate(a.rows)
    startup_wall, startup_cpu, _ = run_batch(rows[:1])
    wall, cpu, lines = run_batch(rows)
    assert len(lines) == len(rows), (len(lines), len(rows))
    found = sum(1 for line in lines if json.loads(line).get("horizon"))

    funcs = contenders()
    per_row = speed(rows, funcs, a.sample)
    acc = accuracy(funcs)

    batch_per_row_us = round((wall - startup_wall) / len(rows) * 1e6, 1)
    result = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "batch": {"rows": len(rows), "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "startup_wall_s": round(startup_wall, 3),
                  "startup_cpu_s": round(startup_cpu, 3), "per_row_us_after_startup": batch_per_row_us,
                  "rows_with_horizon": found, "target_wall_s": 5.0, "meets_target": wall < 5.0},
        "per_row_cpu_us": per_row,
        "accuracy": acc,
    }
    for lang, base in (("zh", "jionlp.parse_time"), ("zh", "jionlp.ner.extract_time"), ("en", "dateparser.search_dates")):
        if base in per_row:
            result.setdefault("speedup", {})[f"ours_{lang}_vs_{base}"] = round(per_row[base] / max(per_row[f"ours_{lang}"], 1e-9), 1)

    print(f"claims horizon --batch -: {len(rows)} rows in {wall:.2f} s wall ({cpu:.2f} s CPU), start-up {startup_wall:.2f} s, "
          f"{batch_per_row_us} us/row after start-up; target < 5 s: {'met' if wall < 5 else 'NOT met'}")
    print(f"{'contender':<28}{'lang':<6}{'us/row (CPU)':>14}{'accuracy':>12}")
    for name, (lang, _) in funcs.items():
        acc_s = f"{acc[name]['correct']}/{acc[name]['rows']}" if name in acc else ""
        print(f"{name:<28}{lang:<6}{per_row[name]:>14}{acc_s:>12}")
    for k, v in result.get("speedup", {}).items():
        print(f"speed-up {k}: {v}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
