"""What a rule's pattern can start with and must contain: the dispatch tables of the grammar.

A rule is a template over the time lexicon (``{NEXT}\\s*{UNIT_MONTH}``) that `Lex.expand` turns
into a pattern built from a small, fixed part of regex syntax: literal characters and escapes,
character classes, ``\\d \\s \\b``, groups ``(?:...)`` / ``(?P<name>...)``, lookarounds,
alternation and the quantifiers ``? * + {m,n}`` (greedy or lazy). `parse` reads exactly that
language into a small tree of our own; anything else in a pattern (a back-reference, ``\\w``, a
negated class, ``.``) reads as "any character", so the analyses below stay supersets: a rule is
never skipped where it could match. Three analyses serve the grammar's dispatch:

- `first_chars`: the characters a match can start with (None: any);
- `first_pairs`: for each of them, the characters the second one can be;
- `must_guard`: a lookahead that fails at once where none of the characters every match
  contains (a unit, 年) comes within the match's reach.

Nodes are tuples: ("c", chars | None) one character (None: any), ("z",) a zero-width assertion,
("g", items) a group, ("a", [items, ...]) an alternation, ("r", lo, hi | None, items) a repeat,
("u",) something the analyses do not read. A pattern is a list of items.
"""
from __future__ import annotations

import re

_BMP = range(0x10000)
_DIGITS: frozenset[str] | None = None
_SPACES: frozenset[str] | None = None
_CASES: dict[str, frozenset[str]] | None = None
_MAX_DEPTH = 24
_WIDEST = 120


def _tables() -> None:
    """Unicode tables the analyses need (built once, BMP only: characters past it are always let
    through by the grammar)."""
    global _DIGITS, _SPACES, _CASES
    if _CASES is not None:
        return
    _DIGITS = frozenset(c for c in map(chr, _BMP) if c.isdecimal())
    _SPACES = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())
    # letters IGNORECASE also matches beyond plain upper/lower case (Kelvin sign, long s, dotted I)
    _CASES = {"k": frozenset("\u212a"), "s": frozenset("\u017f"), "i": frozenset("\u0130\u0131"),
              "\u00e5": frozenset("\u212b"), "\u03c9": frozenset("\u2126")}


def _fold(chars: frozenset[str], ignore_case: bool) -> frozenset[str]:
    if not ignore_case:
        return chars
    out = set(chars)
    for c in chars:
        out.update((c.lower(), c.upper(), c.swapcase()))
        out |= _CASES.get(c.lower(), frozenset())
    return frozenset(x for x in out if len(x) == 1)


class PatternError(ValueError):
    """A construct outside the subset `parse` reads."""


_ANY = ("c", None)
_ZERO = ("z",)
_UNKNOWN = ("u",)
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_QUANT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


class _Reader:
    """Recursive descent over one pattern."""

    def __init__(self, pattern: str, ignore_case: bool) -> None:
        self.s, self.i, self.ic = pattern, 0, ignore_case

    def chars(self, cs) -> tuple:
        return ("c", None if cs is None else _fold(frozenset(cs), self.ic))

    def alternation(self) -> list:
        alts = [self.sequence()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            alts.append(self.sequence())
        if len(alts) == 1:
            return alts[0]
        # as the regex parser does: a prefix every branch shares moves out of the alternation,
        # and branches of one character each make one class
        prefix = []
        while all(alts) and alts[0][0][0] == "c" and all(a[0] == alts[0][0] for a in alts):
            prefix.append(alts[0][0])
            alts = [a[1:] for a in alts]
        if all(len(a) == 1 and a[0][0] == "c" for a in alts):
            sets = [a[0][1] for a in alts]
            return prefix + [("c", None if any(x is None for x in sets) else frozenset().union(*sets))]
        return prefix + [("a", alts)]

    def sequence(self) -> list:
        items: list = []
        s = self.s
        while self.i < len(s) and s[self.i] not in "|)":
            atom = self.atom()
            q = self.quantifier()
            if q is None:
                items.append(atom)
                continue
            if atom[0] == "z":
                raise PatternError("nothing to repeat")
            lo, hi = q
            # a repeated non-capturing group repeats its items (the regex parser unwraps it)
            inner = atom[1] if atom[0] == "g" and len(atom) == 3 and atom[2] else [atom]
            items.append(("r", lo, hi, inner))
        return items

    def quantifier(self) -> tuple[int, int | None] | None:
        s, i = self.s, self.i
        if i >= len(s):
            return None
        c = s[i]
        if c in "?*+":
            lo, hi = {"?": (0, 1), "*": (0, None), "+": (1, None)}[c]
            self.i += 1
        elif c == "{":
            m = _QUANT.match(s, i)
            if m is None:
                return None  # a literal "{"
            lo = int(m.group(1) or 0)
            if m.group(2):
                hi = int(m.group(3)) if m.group(3) else None
            else:
                hi = int(m.group(1)) if m.group(1) else None
            if hi is not None and hi < lo:
                raise PatternError("min repeat greater than max repeat")
            self.i = m.end()
        else:
            return None
        if self.i < len(s) and s[self.i] in "?+":
            self.i += 1  # lazy or possessive: the same characters
        if self.i < len(s) and s[self.i] in "?*+":
            raise PatternError("multiple repeat")
        return lo, hi

    def atom(self) -> tuple:
        s = self.s
        c = s[self.i]
        self.i += 1
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == ".":
            return _ANY
        if c in "^$":
            return _ZERO
        if c == "\\":
            kind, val = self.escape(in_class=False)
            if kind == "lit":
                return self.chars(val)
            if kind == "set":
                return self.chars(val)
            return {"any": _ANY, "zero": _ZERO}.get(kind, _UNKNOWN)
        if c in "*+?":
            raise PatternError("nothing to repeat")
        return self.chars(c)

    def group(self) -> tuple:
        s = self.s
        plain = False  # (?:...): a repeat of it repeats its items
        zero = False
        if s.startswith("?", self.i):
            head = s[self.i:self.i + 3]
            if head.startswith("?:"):
                self.i += 2
                plain = True
            elif head.startswith("?P<"):
                end = s.index(">", self.i)
                self.i = end + 1
            elif head.startswith(("?=", "?!")):
                self.i += 2
                zero = True
            elif head in ("?<=", "?<!"):
                self.i += 3
                zero = True
            else:
                raise PatternError(f"unsupported group {head!r}")
        items = self.alternation()
        if self.i >= len(s) or s[self.i] != ")":
            raise PatternError("missing )")
        self.i += 1
        if zero:
            return _ZERO
        return ("g", items, plain)

    def escape(self, in_class: bool) -> tuple[str, object]:
        """("lit", a character) | ("set", characters) | ("any" | "zero" | "ref", None)."""
        s = self.s
        if self.i >= len(s):
            raise PatternError("bad escape at the end")
        c = s[self.i]
        self.i += 1
        if c == "d":
            return "set", _DIGITS
        if c == "s":
            return "set", _SPACES
        if c in "wWDS":
            return "any", None
        if c in "bBAZ":
            if in_class:
                if c == "b":
                    return "lit", "\b"
                raise PatternError(f"bad escape \\{c} in a class")
            return "zero", None
        if c in _CONTROL:
            return "lit", _CONTROL[c]
        if c in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[c]
            digits = s[self.i:self.i + width]
            if len(digits) != width or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
                raise PatternError(f"bad escape \\{c}{digits}")
            self.i += width
            return "lit", chr(int(digits, 16))
        if c.isdigit():
            raise PatternError("back-references and octal escapes are not read")
        if c.isascii() and c.isalpha():
            raise PatternError(f"bad escape \\{c}")
        return "lit", c

    def class_member(self) -> tuple[str, object]:
        c = self.s[self.i]
        self.i += 1
        if c == "\\":
            kind, val = self.escape(in_class=True)
            if kind not in ("lit", "set", "any"):
                raise PatternError("unreadable class member")
            return kind, val
        return "lit", c

    def char_class(self) -> tuple:
        s = self.s
        negated = s.startswith("^", self.i)
        if negated:
            self.i += 1  # a negated class: any character, as far as the analyses go
        out: set[str] = set()
        known = True
        first = True
        while True:
            if self.i >= len(s):
                raise PatternError("unterminated class")
            if s[self.i] == "]" and not first:
                self.i += 1
                break
            first = False
            kind, val = self.class_member()
            if kind == "lit" and self.i + 1 < len(s) and s[self.i] == "-" and s[self.i + 1] != "]":
                self.i += 1
                kind2, hi = self.class_member()
                if kind2 != "lit" or ord(hi) < ord(val):
                    raise PatternError("bad range")
                if ord(hi) - ord(val) > 5000:
                    known = False
                else:
                    out.update(map(chr, range(ord(val), ord(hi) + 1)))
            elif kind == "lit":
                out.add(val)
            elif kind == "set":
                out |= val
            else:
                known = False
        if negated or not known:
            return _ANY
        return self.chars(out)


def parse(pattern: str, ignore_case: bool = False) -> list | None:
    """The pattern's tree, or None when it uses a construct outside the subset (no analysis then:
    the rule is tried everywhere)."""
    _tables()
    r = _Reader(pattern, ignore_case)
    try:
        items = r.alternation()
    except (PatternError, ValueError, IndexError):
        return None
    if r.i != len(pattern):
        return None  # an unbalanced ")"
    return items


# --- the analyses -----------------------------------------------------------------------------

def _first_seq(items) -> tuple[frozenset[str] | set[str] | None, bool]:
    acc: set[str] = set()
    for node in items:
        f, nullable = _first_item(node)
        if f is None:
            return None, False
        acc |= f
        if not nullable:
            return acc, False
    return acc, True


def _first_item(node) -> tuple:
    kind = node[0]
    if kind == "c":
        return node[1], False
    if kind == "z":
        return frozenset(), True
    if kind == "g":
        return _first_seq(node[1])
    if kind == "a":
        out: set[str] = set()
        nullable = False
        for alt in node[1]:
            f, n = _first_seq(alt)
            if f is None:
                return None, False
            out |= f
            nullable = nullable or n
        return out, nullable
    if kind == "r":
        f, n = _first_seq(node[3])
        return f, (n or node[1] == 0)
    return None, False


def first_chars(tree: list | None) -> frozenset[str] | None:
    """The characters a match can start with, or None when it could start with anything (or the
    analysis does not know): a superset, so pruning with it never loses a match."""
    if tree is None:
        return None
    f, nullable = _first_seq(tree)
    return None if f is None or nullable else frozenset(f)


def _merge_pairs(into: dict, more: dict) -> None:
    for c, sec in more.items():
        if c in into:
            old = into[c]
            into[c] = None if old is None or sec is None else old | sec
        else:
            into[c] = sec


def _pairs(seq: list, depth: int) -> dict | None:
    if depth > _MAX_DEPTH:
        return None
    if not seq:
        return {}
    node, rest = seq[0], seq[1:]
    kind = node[0]
    if kind == "z":
        return _pairs(rest, depth + 1)
    if kind == "c":
        if node[1] is None:
            return None
        second, nullable = _first_seq(rest)
        sec = None if second is None or nullable else frozenset(second)
        return {c: sec for c in node[1]}
    if kind == "g":
        return _pairs(list(node[1]) + rest, depth + 1)
    if kind == "a":
        out: dict = {}
        for alt in node[1]:
            d = _pairs(list(alt) + rest, depth + 1)
            if d is None:
                return None
            _merge_pairs(out, d)
        return out
    if kind == "r":
        _, lo, hi, items = node
        out = {}
        if lo == 0:
            d = _pairs(rest, depth + 1)
            if d is None:
                return None
            _merge_pairs(out, d)
        if hi is None or hi >= 1:
            again = [] if hi is not None and hi - 1 < 1 else [("r", max(lo - 1, 0), hi if hi is None else hi - 1, items)]
            d = _pairs(list(items) + again + rest, depth + 1)
            if d is None:
                return None
            _merge_pairs(out, d)
        return out
    return None


def first_pairs(tree: list | None) -> dict[str, frozenset[str] | None] | None:
    """For each character a match can start with, the characters its second one can be (None:
    any, or the match may end after one); None when the analysis does not know. A superset, like
    `first_chars`: "下降" cannot start a match of a rule whose 下 must be followed by 个, 一, 季,
    月 or 周, so that rule is not tried there."""
    if tree is None:
        return None
    return _pairs(list(tree), 0)


def _must_seq(items) -> frozenset[str] | None:
    """The smallest set of characters one of which every match of the sequence contains."""
    best = None
    for node in items:
        m = _must_item(node)
        if m is not None and (best is None or len(m) <= len(best)):
            best = m  # ties go to the later item: a word's last character is its content ("個月" -> 月)
    return best


def _must_item(node) -> frozenset[str] | None:
    kind = node[0]
    if kind == "c":
        return node[1]
    if kind == "g":
        return _must_seq(node[1])
    if kind == "a":
        out: set[str] = set()
        for alt in node[1]:
            m = _must_seq(alt)
            if m is None:
                return None
            out |= m
        return frozenset(out)
    if kind == "r":
        return _must_seq(node[3]) if node[1] >= 1 else None
    return None


def _widest(items) -> float | None:
    """The most characters a match can span (inf: unbounded; None: unknown)."""
    total = 0
    for node in items:
        kind = node[0]
        if kind == "c":
            w = 1
        elif kind == "z":
            w = 0
        elif kind == "g":
            w = _widest(node[1])
        elif kind == "a":
            ws = [_widest(alt) for alt in node[1]]
            w = None if any(x is None for x in ws) else max(ws)
        elif kind == "r":
            inner = _widest(node[3])
            w = None if inner is None else (float("inf") if node[2] is None and inner else inner * (node[2] or 0))
        else:
            w = None
        if w is None:
            return None
        total += w
    return total


def char_class(chars: frozenset[str]) -> str:
    """A regex class of `chars` and every character past the BMP (which the tables leave out)."""
    return "[" + "".join(re.escape(c) if c not in "]\\^-" else "\\" + c for c in sorted(chars)) + "\U00010000-\U0010ffff]"


def must_guard(tree: list | None) -> str:
    """A lookahead that fails at once where a match is impossible because none of the characters
    every match contains (a unit, 年, a season word's) comes within its reach: most positions a
    rule is tried at fail here instead of inside its optional prefixes. Empty when the analysis
    finds no such characters."""
    if tree is None:
        return ""
    must = _must_seq(tree)
    widest = _widest(tree)
    if not must or widest is None or widest > _WIDEST:
        return ""
    return f"(?=(?s:.){{0,{int(widest) - 1}}}?{char_class(frozenset(must))})"
