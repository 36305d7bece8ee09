"""`claims horizon`: normalise the time expression of a forecast, one text or a JSON-lines batch."""
from __future__ import annotations

import datetime as dt
import json
import sys
from functools import lru_cache
from typing import Any, Optional

import typer

from claims.core.errors import BadInput
from claims.core.fiscal import parse_date, parse_fye, parse_period
from claims.core.models import Period

from .app import FORMAT_OPTION, Format, app, handle_errors, print_json, print_table


@lru_cache(maxsize=256)
def _fye(fiscal_year_end: str | None, company: str | None) -> str:
    """An explicit fiscal year end wins; else the company registry's; else 12-31."""
    if fiscal_year_end:
        parse_fye(fiscal_year_end)
        return fiscal_year_end
    if company:
        from claims.core.registry import find_company

        found = find_company(company)
        if found is None:
            raise BadInput(f"unknown company {company!r}: give --fiscal-year-end instead")
        return found.fiscal_year_end
    return "12-31"


@lru_cache(maxsize=1024)
def _period(label: str | None, fye: str, ref: dt.date | None = None) -> Period | None:
    """Cached: a batch repeats a handful of (period, fiscal year end, date) triples thousands of times."""
    parsed = parse_period(label, fye, ref)
    if parsed is None:
        return None
    return Period(start=parsed[0], end=parsed[1], label=parsed[2])


def _lang(value: Any) -> str:
    if value in (None, "", "auto"):
        return "auto"
    if value not in ("zh", "en"):
        raise BadInput(f"lang must be zh, en or auto, got {value!r}")
    return value


def _opt_str(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadInput(f"{what!r} must be a string or null, got {value!r}")


def _batch_row(line: str) -> dict[str, Any]:
    from ..horizon import normalise

    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise BadInput("each line must be a JSON object")
        text = row.get("text")
        if not isinstance(text, str):
            raise BadInput("'text' must be a string")
        ref = parse_date(row.get("ref"), "ref")
        if ref is None:
            raise BadInput("'ref' (YYYY-MM-DD) is required")
        fye = _fye(_opt_str(row.get("fiscal_year_end"), "fiscal_year_end"), _opt_str(row.get("company"), "company"))
        period = _period(_opt_str(row.get("period"), "period"), fye, ref)
        result = normalise(text, ref, fiscal_year_end=fye, period=period, lang=_lang(row.get("lang")))
    except (BadInput, json.JSONDecodeError, ValueError, TypeError) as exc:
        return {"horizon": None, "expressions": [], "error": str(exc)}
    return {"horizon": _horizon_json(result.horizon), "expressions": result.expressions_json()}


def _horizon_json(h) -> dict[str, Any] | None:
    """Horizon -> JSON-ready dict by hand: the batch path's hottest line (same keys as model_dump)."""
    if h is None:
        return None
    return {"text": h.text, "start": h.start.isoformat() if h.start else None,
            "end": h.end.isoformat() if h.end else None, "granularity": h.granularity, "kind": h.kind,
            "approximate": h.approximate}


def _run_batch(source: str) -> None:
    try:
        stream = sys.stdin if source == "-" else open(source, encoding="utf-8")
    except OSError as exc:  # missing, unreadable, a directory: one Error line, not a traceback
        raise BadInput(f"{source}: cannot read: {exc.strerror or exc}") from None
    out = sys.stdout
    try:
        for line in stream:
            if not line.strip():
                continue
            out.write(json.dumps(_batch_row(line), ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdin:
            stream.close()
    out.flush()


@app.command()
@handle_errors
def horizon(
    text: Optional[str] = typer.Argument(None, help="A sentence or clause holding a time expression."),
    ref: Optional[str] = typer.Option(None, "--ref", help="When the statement was made, YYYY-MM-DD."),
    lang: str = typer.Option("auto", "--lang", help="zh, en or auto."),
    fiscal_year_end: Optional[str] = typer.Option(None, "--fiscal-year-end", help="MM-DD (default: registry, else 12-31)."),
    period: Optional[str] = typer.Option(None, "--period", help="Reported quarter: 2025-Q3 or FY2026-Q2."),
    company: Optional[str] = typer.Option(None, "--company", help="Company name, alias or ticker (for the fiscal year end)."),
    batch: Optional[str] = typer.Option(None, "--batch", help="Read JSON lines {text, ref, fiscal_year_end, period, lang} "
                                        "from a file or - (stdin); print one {horizon, expressions} line per input line."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Turn the time expression governing a forecast into inclusive dates.

    JSON output (--format json, and each --batch line) is {"horizon", "expressions"}: `horizon` is
    the governing interval or null (none, vague, or in the past); `expressions` lists every time
    found, each {text, offsets, start, end, granularity, kind, status} with status horizon, future,
    past or vague, so a time that looks back ("last year", 上兩個月: ref − N, or a rolling window
    ending at ref, per HORIZONS.md) keeps its dates.

    Example: claims horizon "預計未來三年內AI資源仍將供不應求" --ref 2025-11-25 --format json
    """
    if batch is not None:
        _run_batch(batch)
        return
    if text is None:
        raise BadInput("give TEXT, or --batch - to read JSON lines")
    ref_date = parse_date(ref, "--ref")
    if ref_date is None:
        raise BadInput("--ref YYYY-MM-DD is required")
    fye = _fye(fiscal_year_end, company)
    from ..horizon import normalise

    result = normalise(text, ref_date, fiscal_year_end=fye, period=_period(period, fye, ref_date), lang=_lang(lang))
    if fmt in (Format.json, Format.jsonl):
        print_json({"horizon": result.horizon, "expressions": result.expressions_json()})
        return
    print_table(
        f"horizon: {result.horizon.start} .. {result.horizon.end}" if result.horizon else "horizon: none",
        ["text", "start", "end", "from", "to", "kind", "past"],
        [[e.text, e.start, e.end, e.horizon.start if e.horizon else "", e.horizon.end if e.horizon else "",
          e.horizon.kind if e.horizon else "vague", "yes" if e.past else ""] for e in result.expressions],
    )
