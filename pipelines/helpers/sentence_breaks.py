"""Where sentences break in English speech-to-text that has no punctuation at all.

Some call transcripts come from speech recognition that writes neither full stops nor commas: a whole
answer is one run of words ("so let's go with our financial results for the third quarter a total
revenue was above the high end of guidance …"). Every later step reads sentences, and one sentence of
400 words gave one claim span covering a dozen gold claims (real dev: an Analog Devices call found 10
of its 27). The break between two sentences is learned (`scripts/train_sentence_break.py`) from the
punctuated English of the real corpus's train split with the punctuation taken out: the words on each
side of a place say whether a sentence ended there ("… per quarter | we expect …"). It is asked only
inside a run of words with no punctuation in it (`unpunctuated_runs`), so punctuated text is never
re-split.
"""
from __future__ import annotations

import json
from functools import lru_cache

import joblib

from ..data import MODELS_DIR

NAME = "sentence_break_en"


def break_features(words: list[str], k: int) -> dict[str, float]:
    """The words around the place before `words[k]` (lower-cased, punctuation removed), as
    one-hot features: two on each side, and the pairs across and beside the place."""
    def w(i: int) -> str:
        return words[i] if 0 <= i < len(words) else ("<s>" if i < 0 else "</s>")

    before2, before, after, after2 = w(k - 2), w(k - 1), w(k), w(k + 1)
    return {f"b2={before2}": 1.0, f"b1={before}": 1.0, f"a1={after}": 1.0, f"a2={after2}": 1.0,
            f"b1a1={before}|{after}": 1.0, f"a1a2={after}|{after2}": 1.0, f"b2b1={before2}|{before}": 1.0}


def unpunctuated_runs(tokens: list[tuple[str, bool]], min_words: int,
                      starts: frozenset[int] | set[int] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) token indices of the runs of at least `min_words` words in which no token is
    punctuation. `tokens`: (text, is_punct) of every token; spaces are neither words nor breaks;
    a token in `starts` (a sentence known to start there) begins a new run."""
    runs, start, words = [], None, 0
    for i, (text, punct) in enumerate(tokens + [("", True)]):
        if punct or i in starts:
            if start is not None and words >= min_words:
                runs.append((start, i))
            start, words = None, 0
            if punct:
                continue
        if text.strip():
            if start is None:
                start = i
            words += 1
    return runs


@lru_cache(maxsize=1)
def load_breaker():
    """(classifier, settings) of the trained model, or None when it is absent (then runs stay whole)."""
    root = MODELS_DIR / NAME
    if not (root / "settings.json").exists():
        return None
    return joblib.load(root / "break.joblib"), json.loads((root / "settings.json").read_text(encoding="utf-8"))


def chosen_breaks(words: list[str], model, threshold: float, min_gap: int) -> list[int]:
    """Indices k of `words` before which a sentence starts: places scored at or above `threshold`,
    most probable first, each at least `min_gap` words from the run's ends and from another break."""
    places = list(range(min_gap, len(words) - min_gap + 1))
    if not places:
        return []
    probs = model.predict_proba([break_features(words, k) for k in places])[:, 1]
    chosen: list[int] = []
    for p, k in sorted(zip(probs, places), reverse=True):
        if p < threshold:
            break
        if all(abs(k - c) >= min_gap for c in chosen):
            chosen.append(k)
    return sorted(chosen)
