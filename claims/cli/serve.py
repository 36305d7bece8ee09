"""The web app command: serve (a local web app over the ledger)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from claims.core.fiscal import parse_date

from .app import app, db_url, handle_errors, state


@app.command()
@handle_errors
def serve(
    db: Optional[str] = typer.Option(None, "--db", help="Ledger to serve (default: the global --db, $CLAIMS_DB, ./claims.db)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but loopback needs --token."),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    token: Optional[str] = typer.Option(None, "--token", envvar="CLAIMS_TOKEN",
                                        help="Secret every request must carry (Bearer header, ?token= or its cookie)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date that decides open vs due (default today)."),
) -> None:
    """Serve a local web app over the ledger: due queue, claims in their source, verdicts, people, search, graphs.

    Example: claims --db demo.db serve --port 8000
    """
    import uvicorn

    from ..ledger import Ledger
    from ..serve import check_bind, create_app

    check_bind(host, token)  # before opening anything
    if db:
        state.db = db
    url = db_url()
    roots = [Path.cwd()]
    if "://" not in url:
        roots.append(Path(url).resolve().parent)
    web = create_app(Ledger(url), token=token, as_of=parse_date(as_of, "--as-of"), source_roots=roots, host=host)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"serving {url} at http://{shown}:{port}/" + ("?token=…" if token else "") + "  (Ctrl-C stops)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
