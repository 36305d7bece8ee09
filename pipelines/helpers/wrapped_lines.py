"""Line breaks that a PDF extraction put inside a Chinese sentence.

Text taken from a PDF (an A-share investor-relations record, a results deck) keeps the page's line
width: "预计未来在产品结构中的占比\n也将持续提升" is one sentence cut at the margin. Read as two sentences,
each half is a fragment: the frame 预计 stands without its forecast and the forecast without its frame,
and a question cut in two leaves its first half looking like a statement. A break is soft when the
line before it runs to the text's margin with no mark that ends a sentence or a clause and the line
after it opens no item of its own (a number, a bullet, a label). Only punctuated text is read so:
speech-to-text lines carry no marks at all, and there each line is the speaker's phrase.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..data import load_lexicon
from .timestamps import TIMESTAMP

# the share of lines' width the margin is taken at, and how close to it a line must run to be cut there
MARGIN_QUANTILE = 0.9
NEAR_MARGIN = 0.8
MIN_MARGIN = 40        # display columns (a CJK character is two): shorter lines are a layout, not a page
MIN_FULL_LINES = 5     # fewer lines at the margin: no page to speak of
MIN_MARKS_PER_100 = 2  # clause marks per hundred characters: below, unpunctuated speech-to-text
_ENDS_UNIT = frozenset("。.!?;:,、…\"”」』)）]】>*|")
_NUMBERED = (r"\d{1,3}\s*[、.．)）]|[(（]\s*\d{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
             r"|[问答問答QA]\s*\d*\s*[:：]|\d{1,2}:\d\d")


@lru_cache(maxsize=1)
def _opens_item() -> re.Pattern:
    """A line that opens an item of its own: a number, a Q/A label, a time, a list mark of
    data/zh/layout.yaml, or markdown's heading and quote marks."""
    lex = load_lexicon("zh", "layout.yaml")
    marks = "|".join(re.escape(m) for m in sorted({*lex["LINE_ITEM"], *lex["EMOJI_BULLET"], "#", ">"}, key=lambda m: (-len(m), m)))
    return re.compile(rf"\s*(?:{_NUMBERED}|{marks})")
_MARKS = re.compile(r"[,。;:!?、]")


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def soft_breaks(nt: str) -> frozenset[int]:
    """Offsets of the line breaks in `nt` (the simplified, half-width text) that fall inside a
    sentence cut at the page's margin; none when the text has no margin or no punctuation."""
    lines = nt.split("\n")
    spoken = TIMESTAMP.sub("", nt)  # a subtitle's timestamps are no punctuation
    if len(lines) < MIN_FULL_LINES or len(_MARKS.findall(spoken)) * 100 < MIN_MARKS_PER_100 * len(spoken):
        return frozenset()
    widths = [_width(line.rstrip()) for line in lines]
    ranked = sorted(w for w in widths if w)
    if not ranked:
        return frozenset()
    margin = ranked[min(len(ranked) - 1, int(MARGIN_QUANTILE * len(ranked)))]
    if margin < MIN_MARGIN:
        return frozenset()
    full = [w >= NEAR_MARGIN * margin for w in widths]
    if sum(full) < MIN_FULL_LINES:
        return frozenset()
    out, pos = set(), 0
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        body = line.rstrip()
        after = lines[i + 1]
        if full[i] and body and body[-1] not in _ENDS_UNIT and after.strip() and not _opens_item().match(after) \
                and not TIMESTAMP.match(after.strip()):
            out.add(pos)
        pos += 1
    return frozenset(out)
