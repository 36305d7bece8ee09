"""A claim's span starts and ends on words: the markup of a page (markdown emphasis, a heading's
hashes) and the punctuation left by a cut are not part of what was said, yet the rules and the gate
take whole clauses and lines, which carry them at their edges. Offsets stay in the user's text; only
the edges move, so markup inside a span ("预计 **9 月 29 日**亮相") stays where the writer put it.
The end also gives up a tail that sets the claim's figure against someone else's expectation
("營收：34～36 億美元 v.s. 34.3 億"): the market's number, not a word of the claim."""
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


def comparison_tail(marks: list[str], comparisons: list[str], expectations: list[str]) -> re.Pattern:
    """The end of a span that sets a figure against someone else's expectation: "v.s. 34.3 億",
    "（預期 3.027 億）🟢", "，優於預期的 14.3 億", "，符合分析師預期". It is the market's number, not what the
    company said (the gold keys it as a negative); the lists are a language's words, matched on its
    normalised script."""
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    exp = alt(expectations)
    return re.compile(
        rf"(?:\s*[（(]\s*(?:{exp})[^（()）]*[）)]?"
        rf"|(?:\s*[，,、;；]\s*|\s+|(?<=[）)]))(?:(?:{alt(marks)})[^，。;；]*|(?:{alt(comparisons)})[^，。;；]*?(?:{exp})[^，。;；]*))"
        r"[\s\W]*$", re.I)


def without_comparison_tail(norm: str, start: int, end: int, tail: re.Pattern, keep: int = 4) -> int:
    """`end` moved back before a comparison tail (`comparison_tail`) of the span `norm[start:end]`,
    when at least `keep` characters are left."""
    m = tail.search(norm, start, end)
    if m is None or m.start() - start < keep:
        return end
    return m.start()

