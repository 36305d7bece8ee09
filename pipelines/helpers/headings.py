"""Short lines that head a list ("Q4 業績展望", "First Quarter 2025 Outlook:"): where a figure listed
under them takes its time from, in both languages.

A guidance list states its period once, in its heading; each item under it ("營收：80 億美元",
"Expect revenue in the range of …") has none of its own, and a reader carries the heading's time
down the list. The reach stops at the start of the item's voice (a question's "三年后" is the
asker's) and, in a subtitle transcript, at the line before (its lines are pieces of speech).
"""
from __future__ import annotations

import re

from .timestamps import TIMESTAMP

SENTENCE_END = "。！？!?."
# a line this short (bullets and blanks aside) heads the lines under it; English words are longer
HEADING_CHARS = {"zh": 30, "en": 60}
HEADING_REACH = 6    # lines a heading's time reaches down a list ("🎯Q4 業績展望⏎🟢營收：80 億美元⏎🟢EPS：…")
# a numbered item ("2、", "3.", "(4)", "5）"): items of one list carry different numbers, one bullet
_NUMBERED = re.compile(r"[(（]?\d{1,2}[、.．)）](?!\d)")


def _bullet(line: str) -> str:
    """What marks `line` as an item of a list: its first character, or "1." for any number."""
    return "1." if _NUMBERED.match(line) else line[:1]


def headings_before(text: str, pos: int, floor: int = 0, lang: str = "zh"):
    """(start, end) of the short lines above the line holding `pos`, nearest first, within
    HEADING_REACH lines: the items of its own list (the same bullet) and then its heading, the first
    with a time governing the figures listed under it ("🎯Q4 業績展望⏎🟢營收：80 億美元⏎🟢EPS：…").
    Never above `floor` (the start of the claim's voice), and in a subtitle transcript only the line
    before (its lines are pieces of speech, none a heading: reaching six of them up gave 27 right
    horizons for 90 wrong on the real corpus)."""
    end = text.rfind("\n", 0, pos)
    own_line = text[end + 1:pos]
    own = _bullet(own_line.strip(" \t\u200b\ufeff"))  # the list's bullet, if any
    stamped = (stamp := TIMESTAMP.match(own_line.lstrip())) is not None and stamp.end() > 0
    for _ in range(1 if stamped else HEADING_REACH):
        if end < floor:
            return
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip(" \t\u200b\ufeff")
        bare = line.strip("*#_ ")
        if line and len(line) <= HEADING_CHARS[lang] and bare and bare[-1] not in SENTENCE_END:
            yield start, end  # a short sentence of its own is no heading
            if not own or _bullet(line) != own:
                return  # past the items of its own list: that was the heading
        end = start - 1


def voice_start(turns: list, pos: int) -> int:
    """Where the voice speaking at `pos` began: the first of the turns in a row with its label (a
    report's paragraphs are turns of one narrator; a question's turn is another voice's)."""
    k = next((i for i in range(len(turns) - 1, -1, -1) if turns[i].start_char <= pos), None)
    if k is None:
        return 0
    while k > 0 and turns[k - 1].label_ == turns[k].label_:
        k -= 1
    return turns[k].start_char
