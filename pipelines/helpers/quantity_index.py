"""The document's amounts in text order, for components that look up the ones inside a span."""
from __future__ import annotations

from typing import Any

from ..constants import EXT_QUANTITY, QUANTITIES


def sorted_quantities(doc) -> tuple[list[tuple[int, int, dict[str, Any]]], list[int]]:
    """((start, end, info) of every amount, sorted by start; their starts) — offsets are the
    quantity's own (an amount may extend its span, "RMB 380 billion"), else the span's."""
    out = []
    for q in doc.spans[QUANTITIES] if QUANTITIES in doc.spans else []:
        qi = q._.get(EXT_QUANTITY) or {}
        out.append((qi.get("start", q.start_char), qi.get("end", q.end_char), qi))
    out.sort(key=lambda x: x[0])
    return out, [q[0] for q in out]
