"""`claims extract` and `claims schema`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from claims.core.models import SCHEMA_MODELS

from .app import (
    FORMAT_OPTION,
    Format,
    app,
    handle_errors,
    print_json,
    print_jsonl,
    print_table,
)


@app.command()
@handle_errors
def extract(
    files: List[Path] = typer.Argument(..., help="Transcript text files."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh, en or auto (default: sidecar, else auto)."),
    date: Optional[str] = typer.Option(None, "--date", help="When the statements were made, YYYY-MM-DD."),
    company: Optional[str] = typer.Option(None, "--company", help="Company name, alias or ticker."),
    fiscal_year_end: Optional[str] = typer.Option(None, "--fiscal-year-end", help="MM-DD (default: registry, else 12-31)."),
    period: Optional[str] = typer.Option(None, "--period", help="Reported quarter: 2025-Q3 or FY2026-Q2."),
    backend: Optional[str] = typer.Option(None, "--backend", help="Pipeline backend (default: embedded offline)."),
    doc_id: Optional[str] = typer.Option(None, "--id", help="Document id (default: sha256 of the file)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Extract forward-looking claims from transcripts; writes nothing to the ledger.

    Example: claims extract corpora/acme-fy26q1-call-en/text.txt --format json
    """
    from ..extract import extract_file  # loads spaCy: only when extracting

    results = []
    for f in files:
        result, _ = extract_file(f, backend=backend, lang=lang, date=date, company=company,
                                 fiscal_year_end=fiscal_year_end, period=period,
                                 doc_id=doc_id if len(files) == 1 else None)
        results.append(result)
    if fmt == Format.json:
        print_json(results[0] if len(results) == 1 else results)
    elif fmt == Format.jsonl:
        print_jsonl(m for r in results for m in r.claims)
    else:
        for r in results:
            print_table(
                f"{r.doc.source or r.doc.id} ({r.doc.lang}, {len(r.claims)} mentions)",
                ["claim", "speaker", "kind", "neg", "conf", "deadline", "text"],
                [[m.claim_id[:8], m.speaker.name if m.speaker else "", m.kind, "yes" if m.negated else "",
                  f"{m.confidence:.2f}", m.horizon.end if m.horizon and m.horizon.end else "", m.text]
                 for m in r.claims],
            )


@app.command()
def schema(
    model: Optional[str] = typer.Argument(None, help=f"One of: {', '.join(SCHEMA_MODELS)} (default: all)."),
) -> None:
    """Print the JSON Schema of the domain model.

    Example: claims schema Claim
    """
    if model is None:
        out = {name: m.model_json_schema() for name, m in SCHEMA_MODELS.items()}
    elif model in SCHEMA_MODELS:
        out = SCHEMA_MODELS[model].model_json_schema()
    else:
        typer.echo(f"Error: unknown model {model!r}: use one of {', '.join(SCHEMA_MODELS)}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
