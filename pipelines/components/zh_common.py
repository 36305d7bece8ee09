"""Shared helpers for the Chinese components: cue lookup on the simplified twin of the text.

Cue files are written in simplified script; the tokenizer gives every token a simplified `norm_`
and the doc a same-length simplified `norm_text`, so one lexicon covers traditional, simplified and
machine-converted mixtures. Cues are matched on token boundaries (a cue is one token or a run of
whole tokens) so that 會 does not fire inside 機會 and 不 not inside 不斷 or 供不應求.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..constants import EXT_NORM_TEXT
from ..data import load_lexicon
from ..script import to_simplified

MAX_CUE_TOKENS = 4
SENT_END = "。!?;\n"
CLAUSE_PUNCT = ",;。!?、:…\n"
QUOTE_OPEN = "\"“「『"
QUOTE_CLOSE = "\"”」』"


@lru_cache(maxsize=None)
def lexicon(name: str = "cues.yaml") -> dict[str, tuple[str, ...]]:
    """A zh lexicon with every form in the simplified, half-width script the matcher sees."""
    return {k: tuple(dict.fromkeys(to_simplified(f) for f in forms)) for k, forms in load_lexicon("zh", name).items()}


@lru_cache(maxsize=None)
def form_index(name: str = "cues.yaml") -> dict[str, frozenset[str]]:
    """surface form -> the canonical keys it belongs to."""
    idx: dict[str, set[str]] = {}
    for key, forms in lexicon(name).items():
        for f in forms:
            idx.setdefault(f, set()).add(key)
    return {f: frozenset(k) for f, k in idx.items()}


@lru_cache(maxsize=None)
def cue_regex(name: str, keys: tuple[str, ...]) -> re.Pattern:
    """One alternation of the forms of `keys`, longest first (a cheap pre-filter over raw text)."""
    lex = lexicon(name)
    forms = sorted({f for k in keys for f in lex.get(k, ())}, key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms)) if forms else re.compile(r"(?!x)x")


def norm_text(doc) -> str:
    nt = doc._.get(EXT_NORM_TEXT)
    if nt is None or len(nt) != len(doc.text):
        nt = to_simplified(doc.text)
        doc._.set(EXT_NORM_TEXT, nt)
    return nt


@dataclass
class CueHit:
    key: str
    form: str
    start: int  # char offsets into the document
    end: int
    tok: int    # index of the first token


def token_cues(tokens: Iterable, name: str = "cues.yaml", keys: Iterable[str] | None = None) -> list[CueHit]:
    """Cue forms that cover whole tokens, longest run first at each position."""
    idx = form_index(name)
    want = set(keys) if keys is not None else None
    toks = list(tokens)
    norms = [t.norm_ for t in toks]
    hits: list[CueHit] = []
    for i in range(len(toks)):
        s = ""
        for j in range(i, min(i + MAX_CUE_TOKENS, len(toks))):
            s += norms[j]
            found = idx.get(s)
            if found:
                for k in found:
                    if want is None or k in want:
                        hits.append(CueHit(k, s, toks[i].idx, toks[j].idx + len(toks[j]), i))
    return hits


def has_key(hits: Iterable[CueHit], *keys: str) -> bool:
    return any(h.key in keys for h in hits)


def strip_span(text: str, start: int, end: int, chars: str = " \t\u3000,,;;。.!!??、::…\"“”「」『』()()[]【】\n") -> tuple[int, int]:
    """Narrow [start, end) of `text` so it neither starts nor ends with punctuation or space."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    # an opening bracket left unbalanced at the end (九月季度( ...) is trimmed too
    return start, end


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def script_variants(name: str) -> list[str]:
    """The name in traditional and simplified script (speakers carry both as aliases)."""
    out = [name, to_simplified(name), _s2t().convert(name)]
    return list(dict.fromkeys(v for v in out if v))


@lru_cache(maxsize=1)
def posseg():
    """jieba's POS tagger over the project's own jieba dictionary (used on candidate text only)."""
    import jieba.posseg

    from ..lang.zh import USERDICT, jieba_tokenizer

    # share the segmenter's dictionary: loading a second one costs about a second at start-up
    return jieba.posseg.POSTokenizer(jieba_tokenizer(str(USERDICT)))


def pos_words(text: str) -> list[tuple[str, str, int]]:
    """(word, flag, offset) for simplified `text`."""
    out = []
    i = 0
    for p in posseg().cut(text, HMM=True):
        out.append((p.word, p.flag, i))
        i += len(p.word)
    return out
