#!/usr/bin/env python3
"""Check a real-corpus document folder against ANNOTATION.md's rules for the annotator.

Why a script: gold that drifts (a key that occurs twice, a negative inside a key, a date that does
not parse) silently changes every score computed from it, so each folder is checked the same way
by annotators, by `make test` and by `make eval`.

    python scripts/validate_gold.py corpora/real            # every document below
    python scripts/validate_gold.py corpora/real/zh/zh-foo  # one document

Exit status 1 when any document has a problem; each problem is one line.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

KINDS = {"prediction", "target", "guidance", "plan"}
META_KEYS = ("id", "lang", "company", "date", "fiscal_year_end")
PERIOD = re.compile(r"(FY)?\d{4}-Q[1-4]")


def doc_dirs(paths: list[str]):
    for p in map(Path, paths):
        if (p / "gold.json").exists():
            yield p
        elif p.is_dir():
            yield from sorted(d.parent for d in p.rglob("gold.json"))


def _date_ok(s) -> bool:
    if s is None:
        return True
    try:
        dt.date.fromisoformat(s)
        return True
    except (TypeError, ValueError):
        return False


def occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def problems(d: Path) -> list[str]:
    """Every rule the folder breaks, as readable lines (empty when it is clean)."""
    out: list[str] = []
    for f in ("text.txt", "meta.json", "gold.json"):
        if not (d / f).exists():
            return [f"missing {f}"]
    raw = (d / "text.txt").read_bytes()
    if b"\r\n" in raw:
        out.append("text.txt has CRLF line ends (convert to LF)")
    text = raw.decode("utf-8")
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    for k in META_KEYS:
        if not meta.get(k):
            out.append(f"meta.json lacks {k}")
    if meta.get("id") != d.name or gold.get("doc") != d.name:
        out.append(f"id / doc must equal the folder name {d.name}")
    if meta.get("lang") not in ("zh", "en"):
        out.append("meta lang must be zh or en")
    if not _date_ok(meta.get("date")):
        out.append(f"meta date not ISO: {meta.get('date')}")
    if not re.fullmatch(r"\d\d-\d\d", str(meta.get("fiscal_year_end", ""))):
        out.append("meta fiscal_year_end must be MM-DD")
    if meta.get("period") and not PERIOD.fullmatch(meta["period"]):
        out.append(f"meta period must look like 2025-Q3 or FY2026-Q2: {meta['period']}")
    if not (meta.get("source_url") or meta.get("repository")):
        out.append("meta lacks provenance (source_url, or repository + path + commit)")
    if not 2000 <= len(text) <= 15000:
        out.append(f"text has {len(text)} characters (2,000-15,000 wanted)")
    spans, last = [], -1
    speakers = {s["name"]: s.get("aliases", []) for s in gold.get("speakers", [])}
    for i, c in enumerate(gold.get("claims", [])):
        key = c.get("key", "")
        where = f"claim {i} {key[:30]!r}"
        occ = occurrences(text, key)
        if len(occ) != 1:
            out.append(f"{where}: key occurs {len(occ)} times (exactly once wanted)")
            continue
        start = occ[0]
        if start < last:
            out.append(f"{where}: key out of document order")
        last = start
        spans.append((start, start + len(key)))
        if c.get("kind") not in KINDS:
            out.append(f"{where}: kind {c.get('kind')!r} not one of {sorted(KINDS)}")
        for f in ("negated", "required", "cluster"):
            if f not in c:
                out.append(f"{where}: lacks {f}")
        sp = c.get("speaker")
        if sp is not None and sp not in text and not any(a in text for a in speakers.get(sp, [])):
            out.append(f"{where}: speaker {sp!r} (or an alias in speakers) does not occur in the text")
        h = c.get("horizon")
        if h is not None:
            if not h.get("text") or h["text"] not in text:
                out.append(f"{where}: horizon text {h.get('text')!r} not in the text")
            if not h.get("end") or not _date_ok(h.get("end")) or not _date_ok(h.get("start")):
                out.append(f"{where}: horizon dates invalid: {h}")
            elif h.get("start") and h["start"] > h["end"]:
                out.append(f"{where}: horizon start after end")
    for n in gold.get("negatives", []):
        occ = occurrences(text, n)
        if len(occ) != 1:
            out.append(f"negative {n[:30]!r} occurs {len(occ)} times (exactly once wanted)")
            continue
        a, b = occ[0], occ[0] + len(n)
        if any(min(b, e) > max(a, s) for s, e in spans):
            out.append(f"negative {n[:30]!r} overlaps a key")
    for s in gold.get("speakers", []):
        if not any(x in text for x in [s["name"], *s.get("aliases", [])]):
            out.append(f"speaker {s['name']!r}: neither name nor aliases occur in the text")
    return out


def main(argv: list[str]) -> int:
    bad = 0
    for d in doc_dirs(argv or ["corpora/real"]):
        for p in problems(d):
            print(f"{d.name}: {p}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
