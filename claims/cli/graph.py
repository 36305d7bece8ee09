"""Graph commands: graph (GraphML / node-link JSON / Cypher export) and link (cross-call linking)."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from claims.core.errors import BadInput
from claims.core.fiscal import parse_date
from claims.core.safefile import new_file, write_text

from .app import FORMAT_OPTION, Format, app, handle_errors, print_json, print_table
from .ledger import open_ledger


class GraphFormat(str, Enum):
    graphml = "graphml"
    json = "json"
    cypher = "cypher"


@app.command()
@handle_errors
def graph(
    fmt: GraphFormat = typer.Option(GraphFormat.graphml, "--format", "-f", help="graphml (Gephi, yEd), json (node-link) or cypher (Neo4j)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default stdout)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only this person's claims (any alias or script)."),
    org: Optional[str] = typer.Option(None, "--org"),
    topic: Optional[str] = typer.Option(None, "--topic"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date that decides open vs due (default today)."),
) -> None:
    """Export the claim graph: speakers, claims, horizons, topics, documents, verdicts and their links.

    Example: claims graph --format graphml -o claims.graphml
    """
    from ..graph import (
        build_graph,
        graph_summary,
        to_cypher,
        to_graphml,
        to_node_link_json,
    )

    if output is not None and (output.is_dir() or not output.parent.exists()):
        raise BadInput(f"cannot write {output}: not a file in an existing folder")
    g = build_graph(open_ledger(), speaker=speaker, org=org, topic=topic, as_of=parse_date(as_of, "--as-of"))
    if fmt == GraphFormat.graphml:
        if output is None:
            import io

            buf = io.BytesIO()
            to_graphml(g, buf)
            sys.stdout.write(buf.getvalue().decode("utf-8"))
            return
        with new_file(output) as tmp:
            to_graphml(g, tmp)
    else:
        text = to_node_link_json(g) + "\n" if fmt == GraphFormat.json else to_cypher(g)
        if output is None:
            sys.stdout.write(text)
            return
        write_text(output, text)
    s = graph_summary(g)
    typer.echo(f"wrote {output}: {s['nodes']} nodes, {s['edges']} edges", err=True)


@app.command()
@handle_errors
def link(
    documents: Optional[List[str]] = typer.Argument(None, help="Document ids to link (default: the last ingested)."),
    all_: bool = typer.Option(False, "--all", help="(Re)link every document against the ones before it."),
    actor: Optional[str] = typer.Option(None, "--by", help="Who records the links (default claims-linker)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Link claims to earlier calls' claims as `reiterates` or `revises`; existing links are kept, never doubled.

    Example: claims link --all
    """
    from ..linking import link_documents

    ledger = open_ledger()
    if all_:
        ids = None
    elif documents:
        known = {d.id for d in ledger.documents()}
        missing = [d for d in documents if d not in known]
        if missing:
            raise BadInput(f"no document with id {missing[0]!r}")
        ids = documents
    else:
        docs = ledger.documents()
        ids = [docs[-1].id] if docs else []
    added = link_documents(ledger, ids, actor=actor)
    rows = [{"src": d.src, "dst": d.dst, "type": d.type, "score": d.score, "reasons": d.reasons} for d in added]
    if fmt != Format.table:
        print_json(rows)
        return
    print_table(f"{len(rows)} new links", ["claim", "link", "earlier claim", "score", "why"],
                [[r["src"][:10], r["type"], r["dst"][:10], r["score"], "; ".join(r["reasons"])] for r in rows])
