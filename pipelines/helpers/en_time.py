"""The horizon of an English clause, through the normaliser: shared by the candidate finder and
the claim detector, which both need to know whether a clause looks ahead."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from claims.horizon import normalise

from .horizon_choice import governing

_FISCAL_TALK = re.compile(r"\bfiscal\b|\bFY\s?'?\d{2,4}\b|\bF'?\d{2}\b", re.I)


def normalise_en(text: str, ref: dt.date | None, meta: dict[str, Any], fiscal: bool):
    """The normaliser, told whether the speaker talks fiscally (a clause rarely repeats "fiscal")."""
    if ref is None:
        return None
    return normalise(text, ref, fiscal_year_end=meta.get("fiscal_year_end") or "12-31",
                     period=meta.get("period"), lang="en", fiscal=fiscal)


def speaks_fiscally(text: str, meta: dict[str, Any]) -> bool:
    """A company off the calendar year whose people say "fiscal ..." at least twice."""
    if (meta.get("fiscal_year_end") or "12-31") == "12-31":
        return False
    return len(_FISCAL_TALK.findall(text)) >= 2 or bool(meta.get("period") and str(getattr(meta["period"], "label", "") or "").startswith("FY"))


def forward_horizon(text: str, ref: dt.date | None, meta: dict[str, Any], fiscal: bool) -> tuple[dict | None, list]:
    """(governing forward horizon as a dict, [(start, end) of every time expression]) of `text`."""
    r = normalise_en(text, ref, meta, fiscal)
    if r is None:
        return None, []
    exprs = [e for e in (getattr(r, "expressions", None) or []) if e.end <= len(text)]
    where = [(e.start, e.end) for e in exprs]
    usable = [e for e in exprs if not e.past and e.horizon is not None and e.horizon.end is not None
              and (ref is None or e.horizon.end > ref)]
    if not usable:
        return None, where
    return governing(r, usable).model_dump(mode="json"), where
