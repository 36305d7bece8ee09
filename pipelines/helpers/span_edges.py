"""A claim's span starts and ends on words: the markup of a page (markdown emphasis, a heading's
hashes) and the punctuation left by a cut are not part of what was said, yet the rules and the gate
take whole clauses and lines, which carry them at their edges. Offsets stay in the user's text; only
the edges move, so markup inside a span ("预计 **9 月 29 日**亮相") stays where the writer put it."""
from __future__ import annotations

import re

# at the start: whitespace, emphasis (** __), heading hashes, a closing mark of the previous clause;
# at the end: whitespace, emphasis and an opening mark of the next
_LEAD = re.compile(r"(?:\s|\*\*|__|#{1,6}(?=\s)|[,，、;；:：)）」』])+")
_TRAIL = re.compile(r"(?:\s|\*\*|__|[（(「『])+$")


def word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inward past markup and stray punctuation at either edge; unchanged when
    nothing but those would be left."""
    m = _LEAD.match(text, start, end)
    s = m.end() if m else start
    t = _TRAIL.search(text, s, end)
    e = t.start() if t else end
    return (s, e) if s < e else (start, end)
