#!/usr/bin/env python3
"""Print a document's gold as if it were `claims extract --format json` output (a perfect oracle).

Scoring this with the shared scorer must give 1.0 everywhere; anything less means the gold itself
is inconsistent (overlapping keys, a horizon the scorer cannot read). Called by the scorer as a
command: `--cmd "python scripts/gold_as_output.py"`; the gold is found beside the text file.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def as_output(text: str, gold: dict) -> dict:
    """`gold`'s claims as extractor output over `text` (a key that `text` lacks is left out)."""
    claims = []
    for c in gold["claims"]:
        start = text.find(c["key"])
        if start < 0:
            continue
        h = c.get("horizon")
        claims.append({"text": c["key"], "start": start, "end": start + len(c["key"]),
                       "claim_id": c.get("cluster"), "kind": c.get("kind"), "negated": c.get("negated", False),
                       "speaker": {"name": c["speaker"]} if c.get("speaker") else None,
                       "horizon": {"start": h.get("start"), "end": h["end"]} if h else None})
    return {"doc": {"entities": gold.get("entities", [])}, "claims": claims}


def main(argv: list[str]) -> int:
    text_path = Path(argv[0])
    text = text_path.read_text(encoding="utf-8")
    gold = json.loads((text_path.parent / "gold.json").read_text(encoding="utf-8"))
    print(json.dumps(as_output(text, gold), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
