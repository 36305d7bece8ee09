"""Lines of a Chinese document said in English, and the document with everything else blanked.

Taiwanese 法說會 and the subtitles of US calls switch language line by line: the CFO reads the
guidance in English ("We expect revenue to be", "Non-GAAP gross margin to be approximately 56%")
between Chinese lines. The Chinese rules and gate read such lines as strings of letters. Blanking
every other character keeps the offsets of the user's text, so the English pipeline can read the
English lines of the same document and its claims need no offset mapping.
"""
from __future__ import annotations

import bisect
import re
from typing import Callable

from .timestamps import TIMESTAMP

# Han, kana, hangul and the CJK and full-width punctuation blocks: a line with any is not English
_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_LINE = re.compile(r"[^\n]+")


def words(text: str) -> int:
    """How many Latin words `text` holds."""
    return len(_WORD.findall(text))


def english_lines(text: str, min_words: int = 2) -> list[tuple[int, int]]:
    """(start, end) of each line with no CJK character and at least `min_words` Latin words, from
    after a speech-to-text timestamp that opens it."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group()
        if _CJK.search(line) is not None or words(line) < min_words:
            continue
        start = m.start() + len(line) - len(line.lstrip())
        stamp = TIMESTAMP.match(text, start, m.end())
        if stamp is not None and stamp.end() > start:
            start = stamp.end()
            while start < m.end() and text[start] in " \t":
                start += 1
        out.append((start, m.end()))
    return out


def blanked_outside(text: str, keep: list[tuple[int, int]]) -> str:
    """`text` of the same length with every character outside `keep` (sorted, disjoint) a space,
    line breaks kept: the English lines where they stand, so offsets need no mapping."""
    out = []
    at = 0
    for s, e in keep:
        out.append(_blank(text[at:s]))
        out.append(text[s:e])
        at = e
    out.append(_blank(text[at:]))
    return "".join(out)


def _blank(part: str) -> str:
    return re.sub(r"[^\n]", " ", part)


def line_parts(text: str, start: int, end: int, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of [start, end) that lie on the English `lines` (sorted): a claim read across
    subtitle lines becomes one span per line, so no timestamp or line break sits inside a span."""
    out = []
    for s, e in lines:
        if e <= start:
            continue
        if s >= end:
            break
        a, b = max(s, start), min(e, end)
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def mostly_on(lines: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether more than half of [start, end) lies on the (sorted) `lines`."""
    starts = [s for s, _ in lines]

    def test(start: int, end: int) -> bool:
        covered = 0
        for s, e in lines[max(0, bisect.bisect_right(starts, start) - 1):]:
            if s >= end:
                break
            covered += max(0, min(e, end) - max(s, start))
        return covered * 2 > end - start
    return test
