"""Indented JSON text, byte for byte what `json.dumps(obj, ensure_ascii=False, indent=1)` writes.

The standard library writes indented JSON in pure Python, through a generator per nesting level;
`claims due --format json` on a large ledger spends more time there than reading the ledger. This
writer walks the plain values a model dump holds (dict with str keys, list, str, int, float, bool,
None) with its separators precomputed per depth, about three times faster; for anything else (a
tuple, a non-string key, NaN, very deep nesting) it hands the value to `json.dumps` itself.
`tests/test_ledger_scale.py` checks the two agree on generated values.

`listing_item` and `listing_text` keep a value as stored text that prints as either JSON format
with one `bytes.translate` (the ledger's pre-rendered due listing, `claims.ledger.listing`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

_MAX_DEPTH = 64
_NEWLINES = ["\n" + " " * depth for depth in range(_MAX_DEPTH + 2)]
_INFINITY = float("inf")


class _Unusual(Exception):
    """A value this writer leaves to `json.dumps`."""


def _write(value: Any, depth: int, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        if depth >= _MAX_DEPTH:
            raise _Unusual
        newline = _NEWLINES[depth + 1]
        opening = "{"
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            parts.append(opening + newline + encode_basestring(key) + ": ")
            opening = ","
            _write(item, depth + 1, parts)
        parts.append(_NEWLINES[depth] + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        if depth >= _MAX_DEPTH:
            raise _Unusual
        newline = _NEWLINES[depth + 1]
        opening = "["
        for item in value:
            parts.append(opening + newline)
            opening = ","
            _write(item, depth + 1, parts)
        parts.append(_NEWLINES[depth] + "]")
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and value == value and -_INFINITY < value < _INFINITY:
        parts.append(float.__repr__(value))
    else:
        raise _Unusual


def indented_json(value: Any, depth: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1)`, as if `value` sat `depth` levels deep in
    an enclosing value (its inner lines indented `depth` more spaces)."""
    parts: list[str] = []
    try:
        _write(value, depth, parts)
    except _Unusual:
        text = json.dumps(value, ensure_ascii=False, indent=1)
        return text.replace("\n", _NEWLINES[0] + " " * depth) if depth else text
    return "".join(parts)


# ------------------------------------------------------------------ listings kept as text
# A listing item stored once and printed in either format: the item's indented JSON (as inside the
# `--format json` array) with its layout marked by bytes that JSON text never holds (it escapes
# every control character), so that each format is one `bytes.translate` of any run of items:
#   ITEM    (before each item: 3 bytes)                json: ",\n "   jsonl: "\n"
#   INDENT  (each space of indentation)                json: " "      jsonl: nothing
#   SPACE   (the line break after a separating comma)  json: "\n"     jsonl: " "
#   any other line break                               json: "\n"     jsonl: nothing
# so `--format json`, the larger, is a plain byte-for-byte translation.
_INDENT, _SPACE, _COMMA, _BREAK = b"\x01", b"\x02", b"\x03", b"\x04"
ITEM = _COMMA + _BREAK + _INDENT
_FORMATS = {
    "json": (bytes.maketrans(_INDENT + _SPACE + _COMMA + _BREAK, b" \n,\n"), b""),
    "jsonl": (bytes.maketrans(_SPACE + _BREAK, b" \n"), b"\n" + _INDENT + _COMMA),
}


def listing_item(value: Any) -> bytes:
    """`value` as a stored listing item (UTF-8, layout marked; see above)."""
    lines = indented_json(value, depth=1).split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        # after a line break, the spaces are indentation (a line's text opens with a key, a value
        # or a bracket), and a comma that ends a line separates items (a string would end in `"`)
        text = line.lstrip(" ")
        out.append(("\x02" if out[-1].endswith(",") else "\n") + "\x01" * (len(line) - len(text)) + text)
    return ITEM + "".join(out).encode("utf-8")


def listing_text(items: Iterable[bytes], fmt: str) -> Iterator[bytes]:
    """What `print_json_array` (`fmt` json) or `print_jsonl` (jsonl) prints for the values whose
    `listing_item`s are concatenated in `items` (runs of whole items, each run any size), byte for
    byte, as UTF-8 pieces: one translate per run, nothing per item."""
    table, delete = _FORMATS[fmt]
    first = True
    for run in items:
        if not run:
            continue
        text = run.translate(table, delete) if delete else run.translate(table)
        if first:  # the first item has no comma (json) or line break (jsonl) before it
            text = (b"[" if fmt == "json" else b"") + text[1:]
            first = False
        yield text
    if fmt == "json":
        yield b"[]\n" if first else b"\n]\n"
    elif not first:
        yield b"\n"
