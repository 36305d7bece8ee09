"""People in English text: how a name is written and which side a title puts its holder on.

Shared by the transcript layout (speaker lines) and reported speech in news ("said Jane Doe, Chief
Financial Officer"): both must read the same names and titles the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..data import load_lexicon

_PARTICLES = "|".join(re.escape(w) for w in load_lexicon("en", "sections.yaml")["NAME_PARTICLE"])
# a word of a name: "Smith", "O'Neil", "Jr.", initials run together ("C.J."), a particle ("van")
# (single hyphens only: "Locoh-Donou" is a name, "Knudsen--Executive" a name and a title run together)
# letters of European names beyond ASCII ("Wöhrmann", "Łukasz", "Núñez"): Latin-1 and Latin Extended-A
NAME_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
NAME_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
NAME_LOWER = "a-z\u00df-\u00f6\u00f8-\u017f"
NAME_WORD = rf"(?:(?:[A-Z]\.){{2,3}}|[{NAME_UPPER}][{NAME_LETTER}'’]*(?:-[{NAME_LETTER}'’]+)*\.?|[A-Z]\.|(?:{_PARTICLES})(?=\s))"
# a generational suffix after a name, with or without a comma (", Jr.", " III")
_SUFFIX = rf",?[ \t]+(?:{'|'.join(re.escape(w) for w in load_lexicon('en', 'sections.yaml')['NAME_SUFFIX'])})\.?"
NAME = rf"{NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,4}}(?:{_SUFFIX}(?![\w'’]))?"
_SUFFIX_AT_END = re.compile(rf"{_SUFFIX}$")


def without_suffix(name: str) -> str:
    """The name without a generational suffix ("W. Robert Berkley, Jr." -> "W. Robert Berkley")."""
    return _SUFFIX_AT_END.sub("", name.strip())


def norm_name(s: str) -> str:
    return re.sub(r"[\s\-–—]+", " ", s.strip().strip(":").strip()).casefold()


def speaker_lexicon() -> dict[str, tuple[str, ...]]:
    return load_lexicon("en", "speakers.yaml")


@lru_cache(maxsize=1)
def reporting_verbs() -> str:
    """The reporting verbs of data/en/reporting.yaml ("said", "told", "pointed out") as a regex
    alternation, longest first: one list for reported speech and for release speaker lines."""
    return "|".join(re.escape(v) for v in sorted(load_lexicon("en", "reporting.yaml")["REPORTING_VERB"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((key, re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(norm_name(f)) for f in forms) + r")(?![a-z])"))
                 for key, forms in speaker_lexicon().items())


def role_of(title: str) -> tuple[str | None, str | None]:
    """(canonical role key, kind) found in a title; kind is exec, analyst, operator or unknown.

    Keys are tried in the data file's order, so a specific role (CEO) beats a generic one (Director).
    """
    t = norm_name(title)
    for key, rx in _role_patterns():
        if rx.search(t):
            if key == "ANALYST":
                return "Analyst", "analyst"
            if key == "OPERATOR":
                return None, "operator"
            if key == "UNKNOWN":
                return None, "unknown"
            if key == "EXECUTIVE":
                return None, "exec"
            return key, "exec"
    return None, None
