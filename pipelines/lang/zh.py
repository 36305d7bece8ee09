"""Chinese tokenizer: segment the simplified form, keep the original characters.

jieba and pkuseg segment simplified text far better than traditional or mixed text, but users need
offsets into what they gave us. The tokenizer segments `to_simplified(text)` (same length) and
builds tokens from the original text's slices, with `token.norm_` holding the simplified word;
`doc.text` is therefore always the original text, and `doc._.norm_text` its simplified twin.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from claims.core.script import to_simplified

from ..constants import EXT_NORM_TEXT, EXT_TEXT, register_extensions
from ..helpers.segmenters import USERDICT, jieba_cutter, pkuseg_cutter
from ..helpers.zh_names import protected_spans
from ..helpers.zh_text import bullet_end


class ChineseScriptTokenizer:
    """Segments on simplified text; tokens carry original text and simplified `norm_`."""

    def __init__(self, vocab: Vocab, segmenter: str = "jieba", userdict: str | None = None, protect: bool = True):
        register_extensions()
        self.protect = protect
        self.vocab = vocab
        self.segmenter = segmenter
        self.userdict = userdict if userdict is not None else str(USERDICT)
        if segmenter == "jieba":
            self._cut = jieba_cutter(self.userdict)
        elif segmenter == "pkuseg":
            self._cut = pkuseg_cutter()
        elif segmenter == "char":
            self._cut = lambda s: iter(s)
        else:
            raise ValueError(f"unknown segmenter {segmenter!r}: use jieba, pkuseg or char")

    def __call__(self, text: str) -> Doc:
        norm = to_simplified(text)
        words: list[str] = []
        norms: list[str] = []
        i = 0
        for whole in self._pieces(norm):
            # a list line's bullet glued to its first word ("n3Q26") is a token of its own, so that a
            # claim's span can start after it
            cut = bullet_end(norm, i, i + len(whole)) - i if whole and (i == 0 or norm[i - 1] == "\n") else 0
            for piece in (whole[:cut], whole[cut:]):
                if not piece:
                    continue
                words.append(text[i:i + len(piece)])
                norms.append(piece)
                i += len(piece)
        if i != len(text):  # a segmenter that drops characters would break offsets
            words.append(text[i:])
            norms.append(norm[i:])
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        # only tokens whose simplified form differs get a norm_: visiting every Token object costs
        # more than segmenting, and most words of simplified text are already simplified
        for k in [k for k, (w, n) in enumerate(zip(words, norms)) if w != n]:
            doc[k].norm_ = norms[k]
        doc._.set(EXT_NORM_TEXT, norm)
        doc._.set(EXT_TEXT, text)
        return doc

    def _pieces(self, norm: str) -> Iterator[str]:
        """Segment around protected names (gazetteer, titled persons, quoted products), which stay
        single tokens so that entity spans fall on token boundaries."""
        if not self.protect:
            yield from self._cut(norm)
            return
        i = 0
        for s, e in protected_spans(norm):
            if s > i:
                yield from self._cut(norm[i:s])
            yield norm[s:e]
            i = e
        if i < len(norm):
            yield from self._cut(norm[i:])

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # the tokenizer holds no trained state: serialisation only keeps its settings
    def to_bytes(self, **kwargs) -> bytes:
        import srsly

        return srsly.msgpack_dumps({"segmenter": self.segmenter})

    def from_bytes(self, data: bytes, **kwargs) -> "ChineseScriptTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "ChineseScriptTokenizer":
        return self


@registry.tokenizers("tracker.zh_tokenizer.v1")
def create_zh_tokenizer(segmenter: str = "jieba") -> Callable[[object], ChineseScriptTokenizer]:
    def make(nlp) -> ChineseScriptTokenizer:
        return ChineseScriptTokenizer(nlp.vocab, segmenter=segmenter)

    return make
