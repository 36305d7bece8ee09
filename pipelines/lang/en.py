"""English tokenizer choice: the installed statistical model's, or spaCy's rule-based one.

`doc._.norm_text` is the text itself for English, so components can use one code path.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc
from spacy.util import registry

from ..constants import EXT_NORM_TEXT, register_extensions


class EnglishTokenizer:
    def __init__(self, nlp):
        register_extensions()
        self._inner = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)

    def __call__(self, text: str) -> Doc:
        doc = self._inner(text)
        doc._.set(EXT_NORM_TEXT, text)
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)

    def to_bytes(self, **kwargs) -> bytes:
        return self._inner.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs):
        self._inner.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs) -> None:
        self._inner.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        self._inner.from_disk(path, **kwargs)
        return self


@registry.tokenizers("tracker.en_tokenizer.v1")
def create_en_tokenizer() -> Callable[[object], EnglishTokenizer]:
    return EnglishTokenizer
