"""Offset-preserving script normalisation (traditional -> simplified, full-width -> half-width).

The pipelines match cues on one canonical script, but every offset the user sees must point into
the original text. So conversion is done so that the output has exactly the same length as the
input: phrase-level OpenCC output is accepted line by line when it keeps the length, and any line
where it does not is converted character by character.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from claims.core.data import CORE_DATA_DIR, read_lexicon

_converter = None


def _opencc():
    global _converter
    if _converter is None:
        try:
            import opencc
        except ImportError as exc:  # pragma: no cover - opencc is a core dependency
            raise ImportError("OpenCC is needed for Chinese: pip install opencc") from exc
        _converter = opencc.OpenCC("t2s")
    return _converter


@lru_cache(maxsize=8192)
def _char(c: str) -> str:
    if "\uff01" <= c <= "\uff5e" or c == "\u3000":
        half = unicodedata.normalize("NFKC", c)
        if len(half) == 1:
            return half
    out = _opencc().convert(c)
    return out if len(out) == 1 else c


@lru_cache(maxsize=1)
def _zhe_words() -> re.Pattern:
    """The words of claims/core/data/script.yaml as OpenCC leaves them (著 for 着)."""
    words = sorted({w.replace("着", "著") for w in read_lexicon(CORE_DATA_DIR / "script.yaml")["ZHE_WORDS"]}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def to_simplified(text: str) -> str:
    """Same-length simplified, half-width form of `text`."""
    if not text:
        return text
    conv = _opencc()
    lines = text.split("\n")
    out = []
    for line in lines:
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(_char(ch) for ch in line)
        out.append(c)
    result = "\n".join(out)
    if "著" in result:
        result = _zhe_words().sub(lambda m: m.group(0).replace("著", "着"), result)
    # full-width ASCII forms (，：０-９) -> half-width, one char for one char
    if any("\uff01" <= ch <= "\uff5e" or ch == "\u3000" for ch in result):
        result = "".join(_char(ch) if ("\uff01" <= ch <= "\uff5e" or ch == "\u3000") else ch for ch in result)
    assert len(result) == len(text)
    return result


_char_table: dict[int, str] | None = None
_needs_table: re.Pattern | None = None


def _table() -> dict[int, str]:
    """Every CJK character OpenCC maps to a single other character, plus the full-width forms:
    built once from one OpenCC call over the CJK blocks (a few milliseconds)."""
    global _char_table
    if _char_table is None:
        blocks = [chr(i) for i in range(0x3400, 0xA000)] + [chr(i) for i in range(0xF900, 0xFB00)]
        converted = _opencc().convert("\n".join(blocks)).split("\n")
        table = {}
        if len(converted) == len(blocks):
            table = {ord(a): b for a, b in zip(blocks, converted) if len(b) == 1 and a != b}
        for i in list(range(0xFF01, 0xFF5F)) + [0x3000]:
            half = unicodedata.normalize("NFKC", chr(i))
            if len(half) == 1:
                table[i] = half
        _char_table = table
        global _needs_table
        _needs_table = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]")
    return _char_table


def to_simplified_chars(text: str) -> str:
    """Same-length simplified, half-width form of `text`, character by character.

    Cheaper than `to_simplified` by an order of magnitude (one `str.translate`), at the price of
    OpenCC's phrase context, which only matters for the few characters whose simplified form
    depends on the word (乾/干, 著/着): right for short patterns such as time expressions."""
    table = _table()
    # most text is already simplified: one class search is cheaper than a translate over every character
    return text.translate(table) if _needs_table.search(text) else text
