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

from spacy.tokens import Span

from claims.core.script import to_simplified

from ..constants import EXT_NORM_TEXT, EXT_TEXT
from ..data import load_lexicon
from .segmenters import USERDICT, jieba_tokenizer
from .timestamps import TIMESTAMP  # noqa: F401  (the Chinese modules read it from here too)

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


def doc_text(doc) -> str:
    """`doc.text`, without rebuilding it from the tokens when the tokenizer kept it."""
    t = doc._.get(EXT_TEXT)
    n = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    return t if t is not None and len(t) == n else doc.text


def norm_text(doc) -> str:
    nt = doc._.get(EXT_NORM_TEXT)
    n = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0  # len(doc.text) without building it
    if nt is None or len(nt) != n:
        nt = to_simplified(doc_text(doc))
        doc._.set(EXT_NORM_TEXT, nt)
    return nt


@dataclass
class CueHit:
    key: str
    form: str
    start: int  # char offsets into the document
    end: int
    tok: int    # index of the first token


@lru_cache(maxsize=None)
def form_prefixes(name: str = "cues.yaml") -> frozenset[str]:
    """Every leading part of every form: a run of tokens that is none of them cannot grow into a cue."""
    return frozenset(f[:k] for f in form_index(name) for k in range(1, len(f) + 1))


_BOUNDS_KEY = "tracker.token_bounds"


def token_bounds(doc) -> tuple[list[int], list[int]]:
    """(start, end) character offsets of every token, read once per doc from its arrays: making a
    Token object per token per clause cost more than the cue lookups themselves."""
    held = doc.user_data.get(_BOUNDS_KEY)
    if held is None or held[0] != len(doc):
        starts = doc.to_array("IDX").tolist()
        ends = [s + n for s, n in zip(starts, doc.to_array("LENGTH").tolist())]
        held = doc.user_data[_BOUNDS_KEY] = (len(doc), starts, ends)
    return held[1], held[2]


def token_cues(tokens: Iterable, name: str = "cues.yaml", keys: Iterable[str] | None = None,
               nt: str | None = None) -> list[CueHit]:
    """Cue forms that cover whole tokens, longest run first at each position.

    With `nt` (the doc's simplified text) the tokens' simplified forms are read from it, so
    tokenizers of other backends that leave `norm_` unset still match traditional text."""
    if nt is not None and isinstance(tokens, Span):
        starts, ends = token_bounds(tokens.doc)
        starts, ends = starts[tokens.start:tokens.end], ends[tokens.start:tokens.end]
    else:
        toks = list(tokens)
        starts, ends = [t.idx for t in toks], [t.idx + len(t) for t in toks]
    norms = [nt[s:e] for s, e in zip(starts, ends)] if nt is not None else [t.norm_ for t in toks]
    return _cue_hits(norms, starts, ends, name, set(keys) if keys is not None else None)


def _cue_hits(norms: list[str], starts: list[int], ends: list[int], name: str,
              want: set[str] | None) -> list[CueHit]:
    """token_cues over the tokens' simplified forms and offsets; a run stops growing as soon as it
    is no form's beginning."""
    idx, prefixes = form_index(name), form_prefixes(name)
    hits: list[CueHit] = []
    n = len(norms)
    for i in range(n):
        s = ""
        for j in range(i, min(i + MAX_CUE_TOKENS, n)):
            s += norms[j]
            if s not in prefixes:
                break
            found = idx.get(s)
            if found:
                for k in found:
                    if want is None or k in want:
                        hits.append(CueHit(k, s, starts[i], ends[j], i))
    return hits


def has_key(hits: Iterable[CueHit], *keys: str) -> bool:
    return any(h.key in keys for h in hits)


@lru_cache(maxsize=1)
def _bullets() -> tuple[frozenset[str], frozenset[str]]:
    lex = load_lexicon("zh", "layout.yaml")
    return frozenset(lex["LINE_ITEM"]), frozenset(lex["SYMBOL_FONT_BULLET"])


def bullet_end(text: str, start: int, end: int) -> int:
    """Where the words of a list line begin, past its bullet (data/zh/layout.yaml)."""
    if start and text[start - 1] != "\n":
        return start
    marks, symbol_font = _bullets()
    if start + 1 < end and text[start] in marks and text[start + 1] in " \t\u3000":
        return start + 1
    if start + 1 < end and text[start] in symbol_font and \
            (text[start + 1].isdigit() or "A" <= text[start + 1] <= "Z" or "\u4e00" <= text[start + 1] <= "\u9fff"):
        return start + 1
    return start


@lru_cache(maxsize=1)
def _question_tag() -> re.Pattern:
    tags = "|".join(re.escape(t) for t in sorted(lexicon("speakers.yaml")["QUESTION_TAG"], key=len, reverse=True))
    return re.compile(rf"[,，]\s*(?:{tags})\s*[?？]?\s*$")


def ends_on_tag(text: str) -> bool:
    """A statement closed by a question tag ("今年会有一千大几亿的收入，对吧？"): its question mark
    asks nothing, so the sentence is no question (QUESTION_TAG in speakers.yaml)."""
    return _question_tag().search(text) is not None


def sentence_asks(nt: str, start: int, end: int) -> bool:
    """The sentence [start, end) of the simplified text asks: its end, or the mark right after it,
    is "?" that no statement's tag makes."""
    said = nt[start:end + 1].rstrip()
    return said.endswith("?") and not ends_on_tag(said)


def strip_span(text: str, start: int, end: int, chars: str = " \t\r\u3000,,;;。.!!??、::…\"“”「」『』()()[]【】\n") -> tuple[int, int]:
    """Narrow [start, end) of `text` so it neither starts nor ends with punctuation, space, a list
    line's bullet or a speech-to-text timestamp (a claim's span is the words said, not when they
    were said)."""
    while start < end and text[start] in chars:
        start += 1
    bullet = bullet_end(text, start, end)
    if bullet > start:
        start = bullet
        while start < end and text[start] in chars:
            start += 1
    stamp = TIMESTAMP.match(text, start, end)
    if stamp is not None and stamp.end() > start:
        start = stamp.end()
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


CONTENT_FLAGS = ("v", "a", "l", "i", "z")


def _dictionary_words(dict_file) -> tuple[frozenset[str], frozenset[str]]:
    """(predicates, common words) of jieba's dictionary, cached with marshal: parsing dict.txt costs
    about 1.5 s, and the full tag table is twice the size. Predicates are the words it tags as verbs,
    adjectives or idioms; common words are its two- and three-character words tagged as anything but
    a personal name — 方面, 时代, 周三, 最新: what a family name followed by a word can look like."""
    import marshal
    import os
    import tempfile

    path = getattr(dict_file, "name", None) or str(dict_file)
    try:
        stamp = f"{os.path.getsize(path)}-{int(os.path.getmtime(path))}"
    except OSError:
        stamp = "0"
    cache = os.path.join(tempfile.gettempdir(), f"claims_tracker_jieba_words_v2_{stamp}.marshal")
    try:
        with open(cache, "rb") as fh:
            content, common = marshal.load(fh)
            return frozenset(content), frozenset(common)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    content, common = [], []
    with open(path, "rb") as fh:
        for line in fh:
            parts = line.strip().decode("utf-8").split(" ")
            if len(parts) < 3:
                continue
            if parts[2].startswith(CONTENT_FLAGS):
                content.append(parts[0])
            if 2 <= len(parts[0]) <= 3 and not parts[2].startswith("nr"):
                common.append(parts[0])
    tmp = f"{cache}.{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            marshal.dump((content, common), fh)
        os.replace(tmp, cache)
    except OSError:
        pass
    return frozenset(content), frozenset(common)


@lru_cache(maxsize=1)
def _jieba_dictionary():
    """(segmenter, predicates, common words) of the segmenter's own jieba dictionary, read once."""
    tok = jieba_tokenizer(str(USERDICT))
    tok.check_initialized()
    fh = tok.get_dict_file()
    try:
        content, common = _dictionary_words(fh)
    finally:
        if hasattr(fh, "close"):
            fh.close()
    return tok, content, common


def tagger():
    """(segmenter, predicate words) over the segmenter's own jieba dictionary.

    jieba.posseg is not imported: importing it builds a second global tagger (about a second at
    start-up). The components only ask whether a word is a predicate ("v") or a personal name
    ("nr", a family name plus one to three characters); everything else is "x".
    """
    tok, content, _ = _jieba_dictionary()
    return tok, content


def common_words() -> frozenset[str]:
    """jieba's two- and three-character words that are not personal names (see _dictionary_words)."""
    return _jieba_dictionary()[2]


_ADJ_CHARS = frozenset("全新大小高低多少好长短")


@lru_cache(maxsize=8192)
def pos_words(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, flag, offset) for simplified `text`."""
    tok, content = tagger()
    common = common_words()
    surnames = lexicon("speakers.yaml").get("SURNAME", ())
    out = []
    i = 0
    for w in tok.cut(text, HMM=True):
        if w in content:
            flag = "a" if len(w) == 1 and w in _ADJ_CHARS else "v"
        else:
            # a family name's character opening a dictionary word (季度, 全都, 单独) makes no name
            flag = "nr" if 2 <= len(w) <= 4 and w.startswith(surnames) and w not in common else "x"
        out.append((w, flag, i))
        i += len(w)
    return tuple(out)
