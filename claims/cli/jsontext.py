"""Indented JSON text, byte for byte what `json.dumps(obj, ensure_ascii=False, indent=1)` writes.

The standard library writes indented JSON in pure Python, through a generator per nesting level;
`claims due --format json` on a large ledger spends more time there than reading the ledger. This
writer walks the plain values a model dump holds (dict with str keys, list, str, int, float, bool,
None) with its separators precomputed per depth, about three times faster; for anything else (a
tuple, a non-string key, NaN, very deep nesting) it hands the value to `json.dumps` itself.
`tests/test_ledger_scale.py` checks the two agree on generated values.
"""
from __future__ import annotations

import json
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
