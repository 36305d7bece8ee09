"""Review commands: scorecard (per-speaker hit rate, Brier score, calibration) and report (static HTML)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from claims.core.fiscal import parse_date

from .app import (
    FORMAT_OPTION,
    Format,
    app,
    handle_errors,
    print_json,
    print_jsonl,
    print_table,
)
from .ledger import open_ledger


@app.command()
@handle_errors
def scorecard(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="One person (any alias or script); default everyone."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date that decides open vs due (default today)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Each speaker's record: claims, verdicts, hit rate, Brier score and calibration by confidence band.

    Example: claims scorecard --speaker "Eddie Wu" --format json
    """
    from ..review import scorecards

    cards = scorecards(open_ledger(), speaker=speaker, as_of=parse_date(as_of, "--as-of"))
    if fmt == Format.json:
        print_json(cards)
        return
    if fmt == Format.jsonl:
        print_jsonl(cards)
        return

    def pct(v):
        return "" if v is None else f"{100 * v:.0f}%"

    print_table("scorecards", ["speaker", "claims", "open", "due", "kept/partial/broken", "unverif./withdrawn",
                               "hit rate", "Brier"],
                [[c.speaker, c.claims, c.open, c.due,
                  f"{c.verdicts['kept']}/{c.verdicts['partial']}/{c.verdicts['broken']}",
                  f"{c.verdicts['unverifiable']}/{c.verdicts['withdrawn']}", pct(c.hit_rate),
                  "" if c.brier is None else f"{c.brier:.3f}"] for c in cards])
    for c in cards:
        if c.scored:
            print_table(f"calibration: {c.speaker}", ["confidence", "claims", "mean conf.", "hit rate"],
                        [[b.band, b.count, "" if b.mean_confidence is None else f"{b.mean_confidence:.2f}", pct(b.hit_rate)]
                         for b in c.calibration])


@app.command()
@handle_errors
def report(
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write index.html and its pictures into."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date that decides open vs due (default today)."),
) -> None:
    """Write a static HTML report (timeline, scorecards, calibration plots, claim graph) that needs no network.

    Example: claims report -o report/ --as-of 2026-11-23
    """
    from ..report import build_report

    res = build_report(open_ledger(), output, as_of=parse_date(as_of, "--as-of"))
    for note in res.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"wrote {res.index} and {len(res.images)} pictures")
