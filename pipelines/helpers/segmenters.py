"""The Chinese word segmenters (jieba, pkuseg), loaded once per process with a private state.

Shared by the tokenizer and the part-of-speech helper of `zh_text`, so neither imports the other.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from ..data import DATA_DIR

USERDICT = DATA_DIR / "zh" / "jieba_userdict.txt"


def try_jieba_import():
    try:
        import jieba
    except ImportError as exc:
        raise ImportError("the Chinese pipeline needs jieba: pip install jieba") from exc
    return jieba


@lru_cache(maxsize=2)
def jieba_tokenizer(userdict: str | None):
    """One private jieba.Tokenizer per user dictionary, so the global jieba state stays untouched."""
    import logging

    jieba = try_jieba_import()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    if userdict and Path(userdict).exists():
        tok.load_userdict(userdict)
    return tok


def jieba_cutter(userdict: str | None) -> Callable[[str], Iterator[str]]:
    tok = jieba_tokenizer(userdict)
    return lambda s: tok.cut(s, HMM=True)


@lru_cache(maxsize=1)
def pkuseg_cutter() -> Callable[[str], Iterator[str]]:
    try:
        import spacy_pkuseg
    except ImportError as exc:
        raise ImportError("the pkuseg segmenter needs spacy-pkuseg: pip install spacy-pkuseg") from exc
    seg = spacy_pkuseg.pkuseg()
    return lambda s: iter(seg.cut(s))
