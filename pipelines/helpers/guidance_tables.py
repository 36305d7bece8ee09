"""Rows of a guidance table: a press release states its outlook as a table ("|  | Q1 2025 Guidance |"
over "| GMV | $484 - $492 million |"), whose rows have no verb and no cue a clause rule could read.

A table is a run of lines that start with "|"; its first line is its header. A row is a guidance
claim when the header names the outlook (a guidance word, data/en/kinds.yaml GUIDANCE_WORD) for a
time still to come (the caller's judgement: the first table of a release often sets this quarter's
results beside the *prior* quarter's guidance, all past) and the row states a figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TABLE_LINE = re.compile(r"(?m)^[ \t]*\|.*\|[ \t]*$")
_SEPARATOR = re.compile(r"^[\s|:\-–—]+$")
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class TableRow:
    start: int          # the row's content, cells and inner bars, without the outer bars
    end: int
    header: tuple[int, int]


def table_rows(text: str) -> list[TableRow]:
    """Every body row with a figure, of every pipe table in `text`, with its table's header line."""
    rows: list[TableRow] = []
    header: tuple[int, int] | None = None
    last_end = -2
    for m in _TABLE_LINE.finditer(text):
        if m.start() != last_end + 1:  # a new table: this line is its header
            header = (m.start(), m.end())
        elif not _SEPARATOR.match(m.group(0)) and _FIGURE.search(m.group(0)) and header is not None:
            line = m.group(0)
            lead = len(line) - len(line.lstrip(" \t|"))
            tail = len(line) - len(line.rstrip(" \t|"))
            rows.append(TableRow(m.start() + lead, m.end() - tail, header))
        last_end = m.end()
    return rows
