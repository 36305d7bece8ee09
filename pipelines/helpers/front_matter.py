"""A Markdown page's front matter: the page's metadata ("title: …", "image: …", "date: …") between two
"---" lines at its head. It is no speech in any language: its title restates the headline, and its
other lines are paths and dates."""
from __future__ import annotations

import re

# "---", "key: value" lines (and their indented or list continuations, blank lines), "---"; each line
# is matched whole and atomically, so a page that never closes its front matter costs one pass
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:[ \t]*\n)?[A-Za-z_][\w-]*[ \t]*:[^\n]*\n"
                           r"(?>(?:[A-Za-z_][\w-]*[ \t]*:|[ \t-])[^\n]*\n|[ \t]*\n){0,60}?---[ \t]*(?=\n|\Z)")


def front_matter_end(text: str) -> int:
    """Where the front matter opening `text` ends (after its closing "---"); 0 when there is none."""
    m = _FRONT_MATTER.match(text)
    return m.end() if m else 0
