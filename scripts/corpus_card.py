#!/usr/bin/env python3
"""Keep the real corpus's data card true: splits and the counts tables of corpora/real/README.md.

A document's split (train | dev) is fixed the first time this runs over it, from a hash of its
id (about 30% dev), and then kept in its meta.json: a split that moved with every new document
would make before/after figures incomparable. The tables between the CARD markers are rewritten.

    python scripts/corpus_card.py
"""
from __future__ import annotations

import collections
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "real"
CARD = REAL / "README.md"
BEGIN, END = "<!-- CARD:BEGIN (scripts/corpus_card.py) -->", "<!-- CARD:END -->"


def split_of(doc_id: str) -> str:
    return "dev" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 10 < 3 else "train"


def main() -> int:
    rows = []
    for meta_path in sorted(REAL.glob("*/*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if "split" not in meta:
            meta["split"] = split_of(meta["id"])
            meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        gold = json.loads((meta_path.parent / "gold.json").read_text(encoding="utf-8"))
        text = (meta_path.parent / "text.txt").read_text(encoding="utf-8")
        rows.append((meta, gold, len(text)))
    per = collections.Counter()
    layouts = collections.Counter()
    lines = ["| id | lang | script | split | company | FYE | layout | chars | required | optional | negatives |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for meta, gold, chars in rows:
        req = sum(1 for c in gold["claims"] if c.get("required", True))
        per[(meta["lang"], meta["split"], "docs")] += 1
        per[(meta["lang"], meta["split"], "required")] += req
        per[(meta["lang"], "all", "traditional")] += meta.get("script") == "traditional"
        per[("all", "all", "fiscal")] += meta.get("fiscal_year_end", "12-31") != "12-31"
        for tag in meta.get("layout", []):
            layouts[(tag, meta["lang"])] += 1
        lines.append(f"| {meta['id']} | {meta['lang']} | {meta.get('script', '')} | {meta['split']} | {meta['company']} "
                     f"| {meta.get('fiscal_year_end', '12-31')} | {', '.join(meta.get('layout', []))} | {chars:,} | {req} "
                     f"| {len(gold['claims']) - req} | {len(gold.get('negatives', []))} |")
    summary = ["| lang | split | documents | required claims |", "|---|---|---|---|"]
    for lang in ("zh", "en"):
        for split in ("train", "dev"):
            summary.append(f"| {lang} | {split} | {per[(lang, split, 'docs')]} | {per[(lang, split, 'required')]} |")
    total_docs = sum(v for (l, s, k), v in per.items() if k == "docs")
    total_req = sum(v for (l, s, k), v in per.items() if k == "required")
    summary.append(f"| all | all | {total_docs} | {total_req} |")
    lay = ["| layout | zh | en |", "|---|---|---|"]
    for tag in sorted({t for t, _ in layouts}):
        lay.append(f"| {tag} | {layouts[(tag, 'zh')]} | {layouts[(tag, 'en')]} |")
    block = "\n".join([BEGIN, "", "### Counts", "", *summary, "",
                       f"Traditional-script Chinese documents: {per[('zh', 'all', 'traditional')]}. "
                       f"Documents of companies whose fiscal year does not end on 12-31: {per[('all', 'all', 'fiscal')]}.",
                       "", "### Layouts (documents per tag)", "", *lay, "", "### Documents", "", *lines, "", END])
    card = CARD.read_text(encoding="utf-8")
    head, _, rest = card.partition(BEGIN)
    _, _, tail = rest.partition(END)
    CARD.write_text(head + block + tail, encoding="utf-8")
    print(f"{total_docs} documents, {total_req} required claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
