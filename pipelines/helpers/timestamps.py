"""Speech-to-text timestamps, in any language's transcript: a claim's span is the words said, not
when they were said, so every layer that trims or reads lines needs the one pattern."""
from __future__ import annotations

import re

# a speech-to-text timestamp opening a line: "(04:45.260) ", "[00:01:23] ", "00:01:23,500 --> 00:01:25,000",
# "[12:31.5 - 12:35.1] "
TIMESTAMP = re.compile(r"[(\[]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[)\]]?"
                       r"(?:\s*(?:-->|[-–])\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[)\]]?)?")

# a timestamp opening a line, before what the line says ("[00:01:23] Jane Doe: …", "00:01:23 张三：…")
LEADING_TIMESTAMP = re.compile(rf"(?m)^[ \t\u3000]*(?:{TIMESTAMP.pattern})[ \t\u3000]+(?=\S)")


def masked_leading_timestamps(text: str) -> str:
    """`text` with each line's leading timestamp as spaces (same length), so a speaker label behind
    it reads as at the line's start."""
    return LEADING_TIMESTAMP.sub(lambda m: " " * len(m.group(0)), text)
