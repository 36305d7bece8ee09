"""The Typer app and what every command shares: the --db option, output formats, error mapping.

Commands live in sibling modules (one per area) and register themselves on `app`; each opens the
library, makes one call, and prints. Library exceptions become one `Error: ...` line and exit 1.
"""
from __future__ import annotations

import functools
import json
import os
import re
import sys
from enum import Enum
from typing import Any, Callable, Iterable

import typer
from pydantic import BaseModel

from claims.core.cycle_collector import cycle_collection_paused
from claims.core.errors import ClaimsError
from claims.core.jsontext import indented_json

app = typer.Typer(
    name="claims",
    help="Find executives' forward-looking claims in earnings calls and keep them in a verifiable ledger.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class State:
    db: str | None = None


state = State()


@app.callback()
def main(
    db: str = typer.Option(None, "--db", envvar="CLAIMS_DB",
                           help="Ledger: a SQLite path or a postgresql:// URL (default ./claims.db)."),
) -> None:
    """claims: a ledger of forward-looking statements."""
    state.db = db


def db_url() -> str:
    return state.db or os.environ.get("CLAIMS_DB") or "claims.db"


def fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def handle_errors(fn: Callable) -> Callable:
    """Turn the library's exceptions into one clear line on stderr and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ClaimsError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted; nothing was written")
        except BrokenPipeError:  # `claims list | head`
            sys.stderr.close()
            raise typer.Exit(0)

    return wrapper


def to_jsonable(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(o) for o in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj


def print_json(obj: Any) -> None:
    sys.stdout.write(indented_json(to_jsonable(obj)) + "\n")


def print_json_array(items: Iterable[Any]) -> None:
    """`print_json(list(items))`, byte for byte, written as the items come: a listing of a
    million-claim ledger starts at once and is never all in memory."""
    write = sys.stdout.write
    opening = "[\n "
    for item in items:
        with cycle_collection_paused():
            write(opening + indented_json(to_jsonable(item), depth=1))
        opening = ",\n "
    write("[]\n" if opening == "[\n " else "\n]\n")


def print_jsonl(items: Iterable[Any]) -> None:
    for item in items:
        with cycle_collection_paused():
            sys.stdout.write(json.dumps(to_jsonable(item), ensure_ascii=False) + "\n")


def print_utf8(pieces: Iterable[bytes]) -> None:
    """Print UTF-8 text as it comes: into stdout's byte buffer when stdout writes UTF-8 with `\\n`
    line ends (the bytes it would write for the decoded text), else through stdout as text."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is not None and (out.encoding or "").lower().replace("-", "").replace("_", "") == "utf8" \
            and os.linesep == "\n":
        out.flush()
        for piece in pieces:
            buffer.write(piece)
        return
    for piece in pieces:
        out.write(piece.decode("utf-8"))


# C0/C1 controls (ESC starts terminal sequences: clear screen, window title, hyperlinks), line and
# paragraph separators, and bidi overrides (which reorder what is shown); newline and tab are kept
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(value: Any) -> str:
    """`value` as text a terminal shows as written: unsafe characters become `\\x1b`-style escapes."""
    s = "" if value is None else str(value)
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", s)


def plain(value: Any):
    """A table cell that is printed as plain text: no Rich markup (`[/inaudible]`, `[link=...]`),
    no emoji codes, control characters made visible."""
    from rich.text import Text

    return Text(visible(value))


def print_table(title: str, columns: list[str], rows: Iterable[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=plain(title), show_lines=False)
    for i, col in enumerate(columns):  # short fields stay on one line; the last (the text) folds
        last = i == len(columns) - 1
        table.add_column(plain(col), overflow="fold", no_wrap=not last, ratio=1 if last else None)
    n = 0
    for row in rows:
        table.add_row(*[plain(v) for v in row])
        n += 1
    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(width=140)  # piped or captured output: wide enough for the text column
    console.print(table)
    if n == 0:
        typer.echo("(none)")


FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="table for people; json or jsonl for scripts.")
