"""The language-independent engine: rules are (regex, handler) pairs; a scan finds the leftmost
position where any rule matches, keeps the longest match whose handler accepts it, and moves on.
Each language then widens its expressions with the words around them (by / since / from..to /
compared with) and the governing horizon is picked.

Why leftmost-longest: it finds composite expressions ("明年第四季度", "the second half of fiscal
2026") as one unit instead of two. Why it is cheap: each rule's template is read once by our own
parser of the regex subset rules are written in (`triggers`: `first_chars`, `first_pairs`,
`must_guard`; no private `re` internals), so a scan jumps from one character a rule can start
with to the next and tries there only the rules whose first two characters fit ("下降" tries none,
"下個季度" three); most rows cost three or four anchored matches in all. The analyses are
supersets, so they never change a result (tests/test_horizon_dispatch.py checks that on all our
text and on random text).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from claims.horizon import cal

from .cal import Frame
from .triggers import char_class, first_chars, first_pairs, must_guard, parse

PLACEHOLDER_REF = dt.date(2000, 1, 1)


@dataclass(slots=True)
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


def period_cand(iv: "tuple[dt.date, dt.date]", gran: str, approx: bool = False, past: bool = False,
                reported: bool = False) -> Cand:
    """A named period (2027, Q3, next month) as a candidate."""
    return Cand(iv[0], iv[1], "period", gran, past, False, approx, 0, True, reported)


def this_and_next_year(f: Frame) -> Cand:
    """今明兩年 / "this year and next"."""
    return Cand(s=dt.date(f.ref.year, 1, 1), e=dt.date(f.ref.year + 1, 12, 31), kind="range", gran="year")


def vague(m: re.Match, f: Frame) -> Cand:
    """A handler for time words with no date (未來, 長期 / going forward, in the long run)."""
    return Cand(vague=True, point=False)


def past_vague(m: re.Match, f: Frame) -> Cand:
    """A handler for time words with no date that speak of the past (過去, 以往 / in the past)."""
    return Cand(vague=True, past=True, point=False)


def roll_far_bound(near: Cand, far: Cand, yearless: bool) -> bool:
    """A range whose far bound, named without a year, falls before its near bound crosses a year
    end: 十二月一號至一月一號, "December to January". Moves `far` a year on and says whether it did."""
    if not yearless or far.e >= near.s or far.gran not in ("day", "month"):
        return False
    if far.gran == "month":  # "2025年6月或7月" said in 2024: July of the near bound's year
        s, e = cal.month(near.s.year + (far.s.month < near.s.month), far.s.month)
        far.s, far.e = s, e
        return True
    if far.s.year != near.s.year:
        return False
    s, e = (cal.add(far.s, 12, "month"),) * 2
    if e < near.s or far.s != far.e and far.gran == "day":
        return False
    far.s, far.e = s, e
    return True


def holiday_cand(iv: "tuple[dt.date, dt.date] | None") -> Cand | None:
    """A holiday's days (None when its date is unknown) as a candidate."""
    return None if iv is None else period_cand(iv, "day" if iv[0] == iv[1] else "week")


@dataclass
class Rule:
    """A pattern and the handler that reads its match. The grammar compiles it (once, with its
    language's flags); `regex` is None until then."""

    name: str
    pattern: str
    handler: Handler
    regex: re.Pattern | None = field(default=None, init=False)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_UNBOUNDED = [(r"[\s\-]+", r"[\s\-]{1,4}"), (r"[\s\-]*", r"[\s\-]{0,4}"), (r"[\s-]+", r"[\s-]{1,4}"),
              (r"[\s-]*", r"[\s-]{0,4}"), (r"\s+", r"\s{1,4}"), (r"\s*", r"\s{0,4}"), (r"\d+", r"\d{1,9}")]


def bound_pattern(pattern: str) -> str:
    """Cap runs of spaces and digits: a time expression never needs more, and unbounded runs next
    to each other make the regex engine quadratic on adversarial input ("in 1" + 3,000 spaces)."""
    for a, b in _UNBOUNDED:
        pattern = pattern.replace(a, b)
    return pattern


def fold_pattern(pattern: str) -> str:
    """Lower-case a pattern's literals (its escapes are all lower-case: \\s \\d \\b \\w)."""
    return pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")


class Grammar:
    """A language's rules, compiled once."""

    def __init__(self, rules: list[Rule], widen: Callable[[str, list[Cand], Frame], list[Cand]],
                 start_guard: str = "", fold: bool = False, dispatch: str = "regex", must_guards: bool = False,
                 analyse: bool = True) -> None:
        """`start_guard` is a lookbehind every match starts after (English: a word start), which
        lets the combined search skip most positions after one check.

        `dispatch` says how a position is tried: "regex" runs one search over all rules combined
        and then only the rules that may outdo the first one found; "chars" finds the next
        character any rule can start with and tries just the rules that start with it. "chars" is
        the faster of the two when few rules share a first character (Chinese: 年, 月, 季, 下, 明
        ...), "regex" when many do (English words start with every letter).

        `must_guards` opens every rule with `must_guard`: worth it where the characters every
        match contains are rare in other text (年, 季, 月), not where they are common letters."""
        self.fold = fold
        self.rules = rules
        self.widen = widen
        # Which rules can start with which character: a match is only tried where it can begin,
        # and the combined search skips every other position with one class test. One parse of
        # each pattern (`triggers.parse`, our reader of the templates' regex subset) serves all
        # three analyses. `analyse=False` turns them all off: every rule is tried everywhere
        # (tests/test_horizon_dispatch.py compares the two).
        self.first = []
        self.pairs: list[dict[str, frozenset[str] | None] | None] = []
        flags = 0 if fold else re.I
        for r in rules:
            r.pattern = bound_pattern(r.pattern)
            body = fold_pattern(r.pattern) if fold else r.pattern
            tree = parse(body, ignore_case=not fold) if analyse else None
            self.first.append(first_chars(tree))
            self.pairs.append(first_pairs(tree) if dispatch == "chars" else None)
            guard = must_guard(tree) if must_guards else ""
            r.regex = re.compile(guard + body, flags)
        self._by_char: dict[str, tuple[tuple[int, Rule], ...]] = {}
        self._matchers: dict[str, tuple[tuple[Callable, Rule], ...]] = {}
        guard = ""
        if all(f is not None for f in self.first):
            guard = f"(?={char_class(frozenset().union(*self.first))})"
        # Each branch opens with a test of the characters it can start with, so that at most
        # positions a rule that cannot match there costs the engine one class test, not a walk
        # into its optional prefixes.
        self.starts = None
        self.any = None
        if dispatch == "chars" and (guard or not analyse):
            # with no analysis, every position is tried, with every rule, by the same loop
            self.starts = re.compile(start_guard + (char_class(frozenset().union(*self.first)) if guard else "(?s:.)"))
            self.scan = self._scan_by_char  # type: ignore[method-assign]
            return  # the combined search is not used
        combined = f"{start_guard}(?:" + "|".join(
            f"(?P<_r{i}>{'' if f is None else '(?=' + char_class(f) + ')'}{_NAMED_GROUP.sub('(?:', r.pattern)})"
            for i, (r, f) in enumerate(zip(self.rules, self.first))) + ")"
        self.any = (re.compile(guard + fold_pattern(combined), 0) if fold
                    else re.compile(guard + combined, re.I))
        # the combined search's winning branch -> that rule's position: rules before it failed there
        self._rank = {self.any.groupindex[f"_r{i}"]: i for i in range(len(self.rules))}

    def rules_at(self, c: str) -> tuple[tuple[int, Rule], ...]:
        """(position, rule) of every rule a match starting with `c` may belong to."""
        got = self._by_char.get(c)
        if got is None:
            got = tuple((i, r) for i, (r, f) in enumerate(zip(self.rules, self.first))
                        if f is None or c in f or ord(c) > 0xFFFF)
            if len(self._by_char) < 4096:
                self._by_char[c] = got
        return got

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
            # Branches are tried in order, so every rule before the winning one fails here; only
            # the later ones may still match, and longer.
            first = self._rank[m.lastindex]
            tried = []
            for i, rule in self.rules_at(text[p]):
                if i < first:
                    continue
                mm = rule.regex.match(text, p)
                if mm is not None and mm.end() > p:
                    tried.append((mm.end(), rule, mm))
            best = self._accept(tried, p, f) if tried else None
            if best is None:
                pos = p + 1
                continue
            out.append(best)
            pos = best.end
        return out


    def _matchers_at(self, key: str) -> tuple[tuple[Callable, Rule], ...]:
        """(bound `match`, rule) for every rule a match starting with the one or two characters
        `key` may belong to."""
        c, c2 = key[0], key[1:]
        got = []
        for i, r in self.rules_at(c):
            pairs = self.pairs[i]
            if pairs is not None and c in pairs:
                second = pairs[c]
                if second is not None and c2 not in second:
                    continue  # every match starting with c goes on with another character
            got.append((r.regex.match, r))
        got = tuple(got)
        if len(self._matchers) < 65536:
            self._matchers[key] = got
        return got

    def _scan_by_char(self, text: str, f: Frame) -> list[Cand]:
        # written out flat: this loop runs for every candidate position of every row
        out: list[Cand] = []
        pos, n = 0, len(text)
        search, matchers = self.starts.search, self._matchers
        while pos < n:
            m = search(text, pos)
            if m is None:
                break
            p = m.start()
            key = text[p:p + 2]
            ms = matchers.get(key)
            if ms is None:
                ms = self._matchers_at(key)
            tried = None
            for match, rule in ms:
                mm = match(text, p)
                if mm is not None:
                    end = mm.end()
                    if end > p:
                        if tried is None:
                            tried = [(end, rule, mm)]
                        else:
                            tried.append((end, rule, mm))
            best = None if tried is None else self._accept(tried, p, f)
            if best is None:
                # no expression starts inside a number: "30%" failed at 3, so skip the 0
                pos = _DIGIT_RUN.match(text, p).end() if "0" <= text[p] <= "9" else p + 1
                continue
            out.append(best)
            pos = best.end
        return out

    @staticmethod
    def _accept(tried: list, p: int, f: Frame) -> Cand | None:
        """The longest match whose rule's handler accepts it; the whitespace a match ends on does not
        make it longer (a duration's optional "\\s* 內" took "下半年 " over the half "下半年")."""
        if len(tried) > 1:
            tried.sort(key=_longest_first)
        for end, rule, mm in tried:
            try:
                c = rule.handler(mm, f)
            except (ValueError, OverflowError, KeyError, IndexError, TypeError, ZeroDivisionError):
                c = None
            if c is not None:
                c.start, c.end, c.rule = p + c.skip, end, rule.name
                return c
        return None


_DIGIT_RUN = re.compile(r"[0-9]+")


def _longest_first(t: tuple) -> int:
    matched = t[2].group()
    return -(t[0] - len(matched) + len(matched.rstrip()))


_LIMITS = {"decade": 6, "year": 60, "half": 120, "quarter": 240, "month": 720, "week": 3120, "day": 21900}


def in_counted_units(n: float, unit: str) -> tuple[float, str]:
    """Half-years as months and hours as days (a horizon's finest grain: 36 hours = 2 days)."""
    if unit == "half":
        return n * 6, "month"
    if unit == "hour":
        return -(-n // 24), "day"
    return n, unit


class DurationRanges:
    """Joins a duration to the other bound of its range when only one side is a full expression:
    "within six months to a year", "over the next year to a year and a half", 一年到一年半, 六個月到
    一年內. The window then runs from the inner bound to the outer one, as in 三到五年內.

    `tail` matches the far bound right after an expression, `head` the near bound right before
    one (anchored at its end); `amount(match)` reads (number, unit) from either, or None.
    """

    def __init__(self, tail: re.Pattern, head: re.Pattern | None,
                 amount: Callable[[re.Match], "tuple[float, str] | None"], separators: str) -> None:
        """`separators` are the characters a range separator can start or end with (到, 至, -,
        "to", "or"): where none is next to an expression, neither pattern is tried."""
        self.tail, self.head, self.amount = tail, head, amount
        self.seps = frozenset(separators)

    def _date(self, m: re.Match, f: Frame) -> dt.date | None:
        got = self.amount(m)
        if got is None:
            return None
        n, unit = got
        if not 0 < n <= _LIMITS.get(unit, 0):
            return None
        return cal.add(f.ref, n, unit)

    def join(self, s: str, cands: list[Cand], f: Frame) -> list[Cand]:
        if not cands:
            return cands
        out: list[Cand] = []
        for c in cands:
            if out and c.start < out[-1].end:
                continue  # the far bound another expression took in
            out.append(c)
            if (c.point or c.vague or c.past or c.s is None or c.e is None or c.role
                    or c.kind not in ("within", "in", "range")):
                continue
            seps = self.seps
            m = self.tail.match(s, c.end) if s[c.end:c.end + 3].lstrip()[:1] in seps else None
            far = self._date(m, f) if m else None
            if far is not None and far > c.e:
                c.s = c.e if c.kind == "within" else c.s
                c.e, c.kind, c.end = far, "range", m.end()
                continue
            if self.head is not None:
                before = s[max(0, c.start - 16):c.start]
                m = self.head.search(before) if before.rstrip()[-1:] in seps else None
                near = self._date(m, f) if m else None
                if near is not None and f.ref < near < c.e:
                    c.s, c.kind, c.start = near, "range", c.start - len(m.group(0))
        return out
