"""Ledger commands: ingest, list, show, due, upcoming, verify, reopen, history, export, import, audit, suggest."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, Iterable, List, Optional

import typer

from claims.core.errors import BadInput
from claims.core.fiscal import parse_date
from claims.core.models import Claim
from claims.core.safefile import write_atomically

from .app import (
    FORMAT_OPTION,
    Format,
    app,
    db_url,
    handle_errors,
    print_json,
    print_json_array,
    print_jsonl,
    print_table,
    print_utf8,
)


def open_ledger():
    from ..ledger import (
        Ledger,  # SQLAlchemy and the pipelines load only for ledger commands
    )

    return Ledger(db_url())


def _claims_out(claims: Iterable[Claim], fmt: Format, title: str) -> None:
    """Print claims as they come (a list, or `Ledger.iter_due`'s stream). A table needs every row
    to size its columns, so it keeps the cells of each claim, not the claims."""
    if fmt == Format.json:
        print_json_array(claims)
    elif fmt == Format.jsonl:
        print_jsonl(claims)
    else:
        print_table(title, ["id", "speaker", "kind", "deadline", "status", "conf", "text"],
                    ([c.id[:10], c.speaker.name if c.speaker else "", c.kind + (" (neg)" if c.negated else ""),
                      c.horizon.end if c.horizon and c.horizon.end else "", c.status, f"{c.confidence:.2f}", c.text]
                     for c in claims))


@app.command()
@handle_errors
def ingest(
    files: List[Path] = typer.Argument(..., help="Transcript files (metadata from FILE.meta.json or meta.json beside it)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh, en or auto."),
    date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD the statements were made."),
    company: Optional[str] = typer.Option(None, "--company"),
    fiscal_year_end: Optional[str] = typer.Option(None, "--fiscal-year-end", help="MM-DD."),
    period: Optional[str] = typer.Option(None, "--period", help="2025-Q3 or FY2026-Q2."),
    backend: Optional[str] = typer.Option(None, "--backend"),
    workers: int = typer.Option(1, "--workers", min=1, help="Extraction processes."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Extract claims from files and store them; a file already in the ledger adds nothing.

    Example: claims ingest corpora/*/text.txt
    """
    from rich.progress import Progress

    from ..ingest import ingest_files

    ledger = open_ledger()
    show_bar = fmt == Format.table and len(files) > 1 and sys.stderr.isatty()
    with Progress(transient=True, disable=not show_bar) as bar:
        task = bar.add_task("ingesting", total=len(files))
        results = ingest_files(ledger, files, backend=backend, workers=workers, lang=lang, date=date,
                               company=company, fiscal_year_end=fiscal_year_end, period=period,
                               progress=lambda r: bar.advance(task))
    rows = [{"doc_id": r.doc_id, "source": r.source, "added": r.added, "claims_added": r.claims_added,
             "mentions_added": r.mentions_added} for r in results]
    if fmt == Format.json:
        print_json(rows)
    elif fmt == Format.jsonl:
        print_jsonl(rows)
    else:
        print_table("ingested", ["document", "new", "claims", "mentions"],
                    [[r["source"], "yes" if r["added"] else "already in ledger", r["claims_added"], r["mentions_added"]] for r in rows])


@app.command("list")
@handle_errors
def list_(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Name or alias, in any script."),
    org: Optional[str] = typer.Option(None, "--org"),
    topic: Optional[str] = typer.Option(None, "--topic"),
    status: Optional[str] = typer.Option(None, "--status", help="open, due, kept, broken, partial, unverifiable, withdrawn, resolved, revised."),
    due_before: Optional[str] = typer.Option(None, "--due-before", help="Deadline before YYYY-MM-DD."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date that decides open vs due (default today)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """List claims, filtered by speaker, organisation, topic, status or deadline.

    Example: claims list --speaker 吴泳铭 --format json
    """
    statuses = ("open", "due", "kept", "broken", "partial", "unverifiable", "withdrawn", "resolved", "revised")
    if status and status not in statuses:
        raise BadInput(f"--status must be one of {', '.join(statuses)}")
    claims = open_ledger().list_claims(speaker=speaker, org=org, topic=topic, status=status,
                                       due_before=parse_date(due_before, "--due-before"),
                                       as_of=parse_date(as_of, "--as-of"), limit=limit)
    _claims_out(claims, fmt, "claims")


@app.command()
@handle_errors
def due(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)."),
    speaker: Optional[str] = typer.Option(None, "--speaker"),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the N oldest deadlines (fast on huge ledgers)."),
    suggest: bool = typer.Option(False, "--suggest", help="With each claim, its best evidence suggestions (claims suggest)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Claims whose deadline has passed and that have no verdict yet.

    Example: claims due --as-of 2026-11-23 --suggest
    """
    day = parse_date(as_of, "--as-of") or dt.date.today()
    if suggest:
        from ..suggest import suggest as run_suggest

        print_suggestions(run_suggest(open_ledger(), as_of=day, speaker=speaker, limit=limit), fmt, f"due as of {day}, with suggestions")
        return
    if fmt == Format.table:
        _claims_out(open_ledger().iter_due(day, speaker=speaker, limit=limit), fmt, f"due as of {day}")
    else:  # the ledger keeps each due claim's JSON: printed as it is read (Ledger.due_text)
        print_utf8(open_ledger().due_text(day, fmt=fmt.value, speaker=speaker, limit=limit))


@app.command()
@handle_errors
def upcoming(
    days: int = typer.Option(90, "--days", min=0, help="Deadlines within this many days."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)."),
    speaker: Optional[str] = typer.Option(None, "--speaker"),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Open claims whose deadline falls within the next N days.

    Example: claims upcoming --days 1200 --as-of 2025-11-26
    """
    day = parse_date(as_of, "--as-of") or dt.date.today()
    _claims_out(open_ledger().upcoming(days, day, speaker=speaker), fmt, f"due within {days} days of {day}")


@app.command()
@handle_errors
def show(
    claim_id: str = typer.Argument(..., help="Claim id (or a unique prefix)."),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
    fmt: Format = typer.Option(Format.json, "--format", "-f"),
) -> None:
    """Show one claim with its mentions, verdicts and links.

    Example: claims show 3f2a9c01
    """
    claim = open_ledger().get_claim(claim_id, as_of=parse_date(as_of, "--as-of"))
    if fmt == Format.table:
        _claims_out([claim], fmt, claim.id)
        print_table("mentions", ["document", "start", "end", "text"],
                    [[mn.doc_id[:12] if mn.doc_id else "", mn.start, mn.end, mn.text] for mn in claim.mentions])
    elif fmt == Format.jsonl:
        print_jsonl([claim])
    else:
        print_json(claim)


@app.command()
@handle_errors
def verify(
    claim_id: str = typer.Argument(..., help="Claim id (or a unique prefix)."),
    verdict: str = typer.Option(..., "--verdict", help="kept, broken, partial, unverifiable or withdrawn."),
    evidence: str = typer.Option(..., "--evidence", help="What happened, in a sentence."),
    source: Optional[str] = typer.Option(None, "--source", help="URL of the evidence."),
    date: Optional[str] = typer.Option(None, "--date", help="When it was checked, YYYY-MM-DD."),
    actor: Optional[str] = typer.Option(None, "--by", help="Who records the verdict (default $CLAIMS_ACTOR or $USER)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Record a verdict on a claim (an event; the claim leaves the due list).

    Example: claims verify 3f2a9c01 --verdict kept --evidence "Q3 capex fell 40%" --source https://example.com/q3
    """
    ev = open_ledger().verify(claim_id, verdict, evidence, source=source, date=parse_date(date, "--date"), actor=actor)
    if fmt == Format.table:
        typer.echo(f"recorded {verdict} for {ev.claim_id} (event {ev.seq})")
    else:
        print_json(ev)


@app.command()
@handle_errors
def reopen(
    claim_id: str = typer.Argument(...),
    reason: str = typer.Option("", "--reason"),
    actor: Optional[str] = typer.Option(None, "--by"),
) -> None:
    """Re-open a claim that has a verdict (the verdict stays in its history).

    Example: claims reopen 3f2a9c01 --reason "restated figures"
    """
    ev = open_ledger().reopen(claim_id, reason, actor=actor)
    typer.echo(f"reopened {ev.claim_id} (event {ev.seq})")


@app.command()
@handle_errors
def history(
    claim_id: str = typer.Argument(..., help="Claim id (or a unique prefix)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Every event of a claim: creation, mentions, edits, verdicts, links.

    Example: claims history 3f2a9c01
    """
    events = open_ledger().history(claim_id)
    if fmt == Format.json:
        print_json(events)
    elif fmt == Format.jsonl:
        print_jsonl(events)
    else:
        def summary(e):
            p = e.payload
            if e.type == "verdict_recorded":
                return f"{p['verdict']['verdict']}: {p['verdict']['evidence']}"
            if "mention" in p:
                return p["mention"]["text"]
            return ", ".join(f"{k}={v}" for k, v in p.items())

        print_table(f"history of {claim_id}", ["seq", "at", "event", "by", "detail"],
                    [[e.seq, e.at.isoformat(timespec="seconds"), e.type, e.actor or "", summary(e)] for e in events])


@app.command("export")
@handle_errors
def export_(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File (default stdout); FILE.checkpoint.json is written beside it."),
    sign_key: Optional[Path] = typer.Option(None, "--sign-key", help="A file holding a secret key: sign the checkpoint (HMAC-SHA256)."),
) -> None:
    """Export the whole ledger as JSONL events (import restores it exactly), with a checkpoint of its head.

    Example: claims export -o ledger.jsonl --sign-key ~/.claims.key
    """
    from ..ledger.transfer import checkpoint_path, read_key

    key = read_key(sign_key) if sign_key is not None else None
    ledger = open_ledger()
    if output is None:
        if key is not None:
            raise BadInput("--sign-key needs -o FILE: the signature goes into FILE.checkpoint.json")
        ledger.export(sys.stdout)
        return
    if output.is_dir():
        raise BadInput(f"cannot write {output}: it is a directory")
    if not output.parent.is_dir():
        raise BadInput(f"cannot write {output}: folder {output.parent} does not exist")
    side = checkpoint_path(output)
    cp = write_atomically(output, lambda fh: ledger.export(fh, sign_key=key))
    write_atomically(side, lambda fh: fh.write(cp.to_json()))
    typer.echo(f"exported {cp.events} events to {output} (head {cp.head}; checkpoint {side.name}"
               f"{', signed' if cp.mac else ''})", err=True)


@app.command("import")
@handle_errors
def import_(
    file: Path = typer.Argument(..., help="A JSONL file written by `claims export` (- for stdin)."),
    sign_key: Optional[Path] = typer.Option(None, "--sign-key", help="The key file the export was signed with: refuse it unless the signature verifies."),
) -> None:
    """Import events exported by `claims export`, verified in full first; events already present are skipped.

    A file whose chain, event shapes or checkpoint (FILE.checkpoint.json, when present) do not verify
    is refused whole with `Error: line N: ...`.

    Example: claims import ledger.jsonl
    """
    from ..ledger.transfer import checkpoint_path, read_checkpoint, read_key, split_lines

    key = read_key(sign_key) if sign_key is not None else None
    checkpoint = None
    if str(file) == "-":
        data = sys.stdin.buffer.read()
    else:
        if not file.exists():
            raise BadInput(f"{file}: no such file")
        if file.is_dir():
            raise BadInput(f"{file}: is a directory, not an export")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise BadInput(f"{file}: cannot read: {exc.strerror}") from None
        side = checkpoint_path(file)
        if side.exists():
            checkpoint = read_checkpoint(side)
    if key is not None and checkpoint is None:
        raise BadInput(f"{file}: --sign-key needs the export's checkpoint ({file}.checkpoint.json) to verify")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{file}: not UTF-8 JSONL (byte {exc.start})") from None
    n = open_ledger().import_jsonl(split_lines(text), checkpoint=checkpoint, sign_key=key, name=str(file))
    typer.echo(f"imported {n} events")


@app.command()
@handle_errors
def audit(
    expect: Optional[str] = typer.Option(None, "--expect", help="A head hash written down earlier: fail if it is no longer in the chain."),
    checkpoint: Optional[Path] = typer.Option(None, "--checkpoint", help="An export's FILE.checkpoint.json: its head must be in the chain at its event count."),
    chain_only: bool = typer.Option(False, "--chain-only", help="Skip comparing the query tables with a rebuild from the log."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Verify the hash chain and the query tables; print the head hash and event count to keep.

    Names the first altered event, or the first table row that differs from a rebuild from the log;
    `--expect HASH` or `--checkpoint FILE` also detects events removed from the end.

    Example: claims audit --expect 9f2c41d0e8b7...
    """
    from ..ledger.transfer import read_checkpoint

    expect_events = None
    if checkpoint is not None:
        if expect is not None:
            raise BadInput("use --expect or --checkpoint, not both")
        cp = read_checkpoint(checkpoint)
        expect, expect_events = cp.head, cp.events
    rep = open_ledger().audit(expect=expect, expect_events=expect_events, tables=not chain_only)
    if fmt != Format.table:
        print_json({"ok": rep.ok, "events": rep.events, "head": rep.head, "first_bad_seq": rep.first_bad_seq,
                    "reason": rep.reason})
    elif rep.ok:
        typer.echo(f"ok: {rep.events} events, hash chain intact{'' if chain_only else ', tables match the log'}")
        typer.echo(f"head: {rep.head or '(empty ledger)'}")
    if not rep.ok:
        where = f"event {rep.first_bad_seq}: " if rep.first_bad_seq is not None else ""
        typer.echo(f"Error: {where}{rep.reason}", err=True)
        raise typer.Exit(1)


# ------------------------------------------------------------------ suggestions
def suggestion_rows(found) -> list[dict[str, Any]]:
    """One JSON object per claim: the claim's id, text, deadline and its suggestions."""
    return [{"claim_id": c.id, "text": c.text, "deadline": c.horizon.end.isoformat() if c.horizon and c.horizon.end else None,
             "status": c.status, "suggestions": [s.as_dict() for s in sugg]} for c, sugg in found]


def print_suggestions(found, fmt: Format, title: str) -> None:
    rows = suggestion_rows(found)
    if fmt == Format.json:
        print_json(rows)
        return
    if fmt == Format.jsonl:
        print_jsonl(rows)
        return
    table = []
    for r in rows:
        if not r["suggestions"]:
            table.append([r["claim_id"][:10], r["deadline"] or "", "", "", "", f"{r['text']}\n(no suggestion)"])
        for s in r["suggestions"]:
            table.append([r["claim_id"][:10], r["deadline"] or "", s["verdict"] or "?", s["score"],
                          f"{s['doc_id'][:10]}:{s['start']}-{s['end']}",
                          f"{r['text']}\n=> {s['evidence']}\nwhy: {'; '.join(s['reasons'])}"])
    print_table(title, ["claim", "deadline", "verdict", "score", "evidence at", "claim => evidence (why)"], table)


@app.command()
@handle_errors
def suggest(
    claim: Optional[str] = typer.Argument(None, help="A claim id or prefix (default: every due claim)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD: what is due, and the latest report read (default today)."),
    top: int = typer.Option(3, "--top", min=1, help="Suggestions per claim."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Suggest verdicts for due claims from what the company later reported (nothing is recorded).

    Each suggestion names the outcome statement (text, document, offsets), the verdict it implies and
    why. Accept one with `claims verify` or on the web claim page.

    Example: claims suggest --as-of 2026-11-23
    """
    from ..suggest import suggest as run_suggest

    day = parse_date(as_of, "--as-of")
    print_suggestions(run_suggest(open_ledger(), claim, as_of=day, top=top), fmt, "suggestions")
