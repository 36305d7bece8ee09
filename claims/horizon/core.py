"""The language-independent engine: rules are (regex, handler) pairs; a scan finds the leftmost
position where any rule matches, keeps the longest match whose handler accepts it, and moves on.
Each language then widens its expressions with the words around them (by / since / from..to /
compared with) and the governing horizon is picked.

Why leftmost-longest over one combined regex: it finds composite expressions ("明年第四季度",
"the second half of fiscal 2026") as one unit instead of two, and costs one regex search per
expression plus a handful of anchored matches, which keeps a 10,000-row batch well under a second.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from .cal import Frame

PLACEHOLDER_REF = dt.date(2000, 1, 1)


@dataclass
class Cand:
    """One time expression as a rule understood it."""

    s: dt.date | None = None
    e: dt.date | None = None
    kind: str | None = None
    gran: str | None = None
    past: bool = False
    vague: bool = False
    approx: bool = False
    role: int = 0  # 0: time of the event; 1: a starting point ("from next year"); 2: a baseline
    point: bool = True  # a named period, which "by" / "since" / ranges may wrap
    reported: bool = False  # "this quarter" = the reported quarter: not past although over
    start: int = 0
    end: int = 0
    rule: str = ""
    skip: int = 0  # leading characters of the match that are not part of the expression (需 in 需三年)


Handler = Callable[[re.Match, Frame], "Cand | None"]


@dataclass
class Rule:
    name: str
    pattern: str
    handler: Handler
    fold: bool = False  # the grammar lower-cases its input: compile without IGNORECASE (twice as fast)
    regex: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        self.regex = re.compile(fold_pattern(self.pattern), 0) if self.fold else re.compile(self.pattern, re.I)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def fold_pattern(pattern: str) -> str:
    """Lower-case a pattern's literals (its escapes are all lower-case: \\s \\d \\b \\w)."""
    return pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")


class Grammar:
    """A language's rules, compiled once."""

    def __init__(self, rules: list[Rule], widen: Callable[[str, list[Cand], Frame], list[Cand]],
                 start_guard: str = "", fold: bool = False) -> None:
        """`start_guard` is a lookbehind every match starts after (English: a word start), which
        lets the combined search skip most positions after one check."""
        self.fold = fold
        self.rules = [Rule(r.name, r.pattern, r.handler, fold) for r in rules] if fold else rules
        self.widen = widen
        combined = f"{start_guard}(?:" + "|".join(f"(?:{_NAMED_GROUP.sub('(?:', r.pattern)})" for r in rules) + ")"
        self.any = re.compile(fold_pattern(combined), 0) if fold else re.compile(combined, re.I)

    def prepare(self, text: str) -> str:
        """The text the rules run on: lower-cased (same length) when the grammar folds case."""
        if not self.fold:
            return text
        low = text.lower()
        if len(low) == len(text):
            return low
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)

    def scan(self, text: str, f: Frame) -> list[Cand]:
        out: list[Cand] = []
        pos, n = 0, len(text)
        while pos < n:
            m = self.any.search(text, pos)
            if m is None:
                break
            p = m.start()
            best: Cand | None = None
            tried = []
            for rule in self.rules:
                mm = rule.regex.match(text, p)
                if mm is not None and mm.end() > p:
                    tried.append((mm.end(), rule, mm))
            tried.sort(key=lambda t: -t[0])
            for end, rule, mm in tried:
                try:
                    c = rule.handler(mm, f)
                except (ValueError, OverflowError, KeyError, IndexError, TypeError, ZeroDivisionError):
                    c = None
                if c is not None:
                    c.start, c.end, c.rule = p + c.skip, end, rule.name
                    best = c
                    break
            if best is None:
                pos = p + 1
                continue
            out.append(best)
            pos = best.end
        return out
