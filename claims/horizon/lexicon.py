"""The time words of each language (claims/horizon/data/<lang>/time.yaml) as regex pieces and value
maps, and the number readers.

Grammars write templates such as ``{NEXT}\\s*{UNIT_MONTH}``; `Lex.expand` replaces every
``{KEY}`` (or ``{KEY1|KEY2}``) with an alternation of the key's surface forms, longest first, so
the words stay in the data files and the patterns in code.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from claims.core.data import read_lexicon

TIME_DATA_DIR = Path(__file__).parent / "data"


def load_time_lexicon(lang: str) -> dict[str, tuple[str, ...]]:
    """The normaliser's words for `lang` (schema-checked); pipelines read them here too."""
    return read_lexicon(TIME_DATA_DIR / lang / "time.yaml")


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_|]*)\}")


class Lex:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.entries: dict[str, tuple[str, ...]] = load_time_lexicon(lang)
        self._normed = {k: frozenset(norm_words(f) for f in v) for k, v in self.entries.items()}
        self._key_memo: dict[tuple[str, tuple[str, ...]], str | None] = {}

    def forms(self, *keys: str) -> list[str]:
        out: list[str] = []
        for k in keys:
            out.extend(self.entries[k])
        return sorted(set(out), key=lambda s: (-len(s), s))

    def alt(self, *keys: str) -> str:
        """One group matching any form of the keys, longest first, as a trie: Python's regex engine
        tries an alternation's branches one by one, so sharing prefixes ("next", "next two",
        "next few") makes each attempt cost one branch per character instead of one per form."""
        forms = self.forms(*keys)
        if self.lang != "en":
            return "(?:" + trie_pattern(forms, re.escape) + ")"
        # English words take any spacing or hyphenation ("year-end", "year end"); a form that is
        # only punctuation ("-", "~") stays itself
        words = [f for f in forms if re.search(r"[a-z]", f)]
        marks = [f for f in forms if not re.search(r"[a-z]", f)]
        parts = [trie_pattern(group, pat) for group, pat in ((words, _flexible_char), (marks, re.escape)) if group]
        return "(?:" + "|".join(parts) + ")"

    def expand(self, template: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self.alt(*m.group(1).split("|")), template)

    def value_map(self, prefix: str) -> dict[str, int]:
        """{"march": 3, "mar": 3, ...} from keys MONTH_3 etc. (forms casefolded)."""
        out: dict[str, int] = {}
        for key, forms in self.entries.items():
            if key.startswith(prefix) and key[len(prefix):].isdigit():
                for f in forms:
                    out[norm_words(f)] = int(key[len(prefix):])
        return out

    def key_map(self, *keys: str) -> dict[str, str]:
        """form -> the first of `keys` holding it, for forms as the patterns match them (exactly
        one surface form): a plain dict lookup where a rule reads the same group every time."""
        out: dict[str, str] = {}
        for k in reversed(keys):
            for form in self.entries[k]:
                out[form] = k
                out[norm_words(form)] = k
        return out

    def key_of(self, text: str, *keys: str) -> str | None:
        """The first of `keys` that has `text` among its forms (memoised: rules ask the same few
        words over and over)."""
        memo = self._key_memo
        try:
            return memo[(text, keys)]
        except KeyError:
            pass
        t = norm_words(text)
        found = next((k for k in keys if t in self._normed[k]), None)
        if len(memo) < 65536:
            memo[(text, keys)] = found
        return found


def _flexible_char(c: str) -> str:
    if c == " ":
        return r"[\s\-]+"
    if c == "-":
        return r"[\s\-]*"
    return re.escape(c)


_SPACES = re.compile(r"[\s\-]+")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


def trie_pattern(forms: list[str], char_pattern=re.escape) -> str:
    """An alternation of `forms` factored into a trie; where one form is a prefix of another the
    longer is tried first (a greedy optional), as in a longest-first alternation."""
    trie: dict = {}
    for form in forms:
        node = trie
        for c in form:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [char_pattern(c) + emit(child) for c, child in node.items() if c != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return body + "?" if len(branches) == 1 and _is_atom(body) else "(?:" + body + ")?"
        return body

    return emit(trie)


def _is_atom(p: str) -> bool:
    return len(p) == 1 and p.isalnum() or (len(p) == 1 and ord(p) > 127)


def norm_words(s: str) -> str:
    return _SPACES.sub(" ", s.strip().casefold()).replace("’", "'")


@lru_cache(maxsize=None)
def lex(lang: str) -> Lex:
    return Lex(lang)


# --- numbers -------------------------------------------------------------------------------

class ZhNumbers:
    """Chinese numerals: 三, 十二, 廿, 二零二七, 两三 (a range), digits and decimals."""

    def __init__(self, lx: Lex) -> None:
        self.digit: dict[str, int] = {}
        for n in range(10):
            for f in lx.entries[f"DIGIT_{n}"]:
                self.digit[f] = n
        self.mult = {f: 10 for f in lx.entries["TEN"]}
        self.mult.update({f: 100 for f in lx.entries["HUNDRED"]})
        self.mult.update({f: 1000 for f in lx.entries["THOUSAND"]})
        self.tens = {f: 20 for f in lx.entries["TWENTY"]}
        self.tens.update({f: 30 for f in lx.entries["THIRTY"]})
        chars = "".join(sorted(set(self.digit) | set(self.mult) | set(self.tens)))
        self.char_class = "[0-9" + re.escape(chars) + "]"
        # a number never starts inside another one (the "025" of "2025")
        self.pattern = rf"(?:[0-9](?<![0-9.].)\d{{0,8}}(?:\.\d{{1,3}})?|{self.char_class}{{1,12}})"

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per language, kept for the process
    def parse(self, s: str) -> float | tuple[int, int] | None:
        s = s.strip()
        if not s:
            return None
        if _DECIMAL.fullmatch(s):
            return float(s) if "." in s else int(s)
        if all(c in self.digit or c.isdigit() for c in s):
            vals = [self.digit[c] if c in self.digit else int(c) for c in s]
            if len(vals) == 1:
                return vals[0]
            if len(vals) == 2 and 0 < vals[0] < vals[1]:
                return (vals[0], vals[1])
            if len(vals) >= 3:
                return int("".join(map(str, vals)))
            return None
        total, cur = 0, None
        for c in s:
            if c in self.digit:
                cur = self.digit[c]
            elif c.isdigit():
                cur = int(c)
            elif c in self.tens:
                total += self.tens[c]
                cur = None
            elif c in self.mult:
                total += (1 if cur is None else cur) * self.mult[c]
                cur = None
            else:
                return None
        return total + (cur or 0)


class EnNumbers:
    """English numbers: digits, 'three', 'twenty-four', 'a', 'a couple of'."""

    def __init__(self, lx: Lex) -> None:
        self.words = lx.value_map("NUM_")
        units = [f for f, v in self.words.items() if 1 <= v <= 9 and f not in ("a", "an", "a single")
                 and " " not in f]
        tens = [f for f, v in self.words.items() if v >= 20]
        alt_all = lx.alt(*[k for k in lx.entries if k.startswith("NUM_") and k[4:].isdigit()])
        self.pattern = (rf"(?:\d{{1,9}}(?:\.\d{{1,3}})?|(?:{'|'.join(sorted(tens, key=len, reverse=True))})"
                        rf"(?:[\s\-]+(?:{'|'.join(sorted(units, key=len, reverse=True))}))?\b|{alt_all}\b)")
        self.approx = {norm_words(f) for f in lx.entries["NUM_APPROX"]}

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per language, kept for the process
    def parse(self, s: str) -> float | None:
        t = norm_words(s)
        if _DECIMAL.fullmatch(t):
            return float(t) if "." in t else int(t)
        if t in self.words:
            return self.words[t]
        parts = t.split(" ")
        if len(parts) == 2 and parts[0] in self.words and parts[1] in self.words:
            return self.words[parts[0]] + self.words[parts[1]]
        return None
