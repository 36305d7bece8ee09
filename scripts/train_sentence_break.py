#!/usr/bin/env python3
"""Train the sentence-break model for unpunctuated English speech-to-text
(pipelines/helpers/sentence_breaks.py) on the real corpus's English train split.

Every punctuated train document (fewer than `MAX_WORDS_PER_END` words per full stop) is tokenized as
the pipeline tokenizes it; its punctuation is taken out, and each place between two words becomes an
example: a break when a full stop, question or exclamation mark stood there. The threshold is the one
that maximises the breaks' F1 over out-of-fold predictions (documents split into folds), then the model
is trained on every such document. Only `split: train` documents are read; no gold is used.

    .venv/bin/python scripts/train_sentence_break.py [--dry-run]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import joblib
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_corpus import real_docs  # noqa: E402
from pipelines import blank  # noqa: E402
from pipelines.data import MODELS_DIR  # noqa: E402
from pipelines.helpers.sentence_breaks import NAME, break_features  # noqa: E402

FOLDS = 4
ENDERS = {".", "?", "!"}
MAX_WORDS_PER_END = 40  # a document with fewer full stops is unpunctuated itself: no examples from it
HASH_BITS = 18
GRID = [round(0.05 * i, 2) for i in range(4, 20)]


def examples(nlp, text: str) -> tuple[list[str], list[int]] | None:
    """The document's words (lower-cased, punctuation out) and, per word, 1 when a sentence ended
    just before it; None for a document that is not punctuated enough to learn from."""
    words, labels, ended = [], [], False
    for tok in nlp.make_doc(text):
        if tok.is_space:
            continue
        if tok.is_punct:
            ended = ended or tok.text in ENDERS
            continue
        labels.append(int(ended and bool(words)))
        words.append(tok.lower_)
        ended = False
    if not words or len(words) / max(1, sum(labels)) > MAX_WORDS_PER_END:
        return None
    return words, labels


def model():
    return make_pipeline(FeatureHasher(n_features=2 ** HASH_BITS, alternate_sign=False),
                         LogisticRegression(C=1.0, max_iter=2000))


def rows_of(docs) -> tuple[list[dict], list[int]]:
    x, y = [], []
    for words, labels in docs:
        x += [break_features(words, k) for k in range(1, len(words))]
        y += labels[1:]
    return x, y


def best_threshold(probs, labels) -> tuple[float, float]:
    best = (0.0, 0.5)
    for t in GRID:
        tp = sum(1 for p, y in zip(probs, labels) if p >= t and y)
        pred = sum(1 for p in probs if p >= t)
        pos = sum(labels)
        f1 = 2 * tp / (pred + pos) if pred + pos else 0.0
        best = max(best, (f1, t))
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dry-run", action="store_true", help="report the out-of-fold F1 only; write no model")
    a = ap.parse_args(argv)
    nlp = blank("en")
    named = [(d.name, examples(nlp, (d / "text.txt").read_text(encoding="utf-8"))) for d in real_docs("en", "train")]
    named = [(n, e) for n, e in named if e is not None]
    probs, labels = [], []
    for k in range(FOLDS):
        train = [e for i, (_, e) in enumerate(named) if i % FOLDS != k]
        test = [e for i, (_, e) in enumerate(named) if i % FOLDS == k]
        m = model().fit(*rows_of(train))
        x, y = rows_of(test)
        probs += list(m.predict_proba(x)[:, 1])
        labels += y
    f1, threshold = best_threshold(probs, labels)
    print(f"{NAME}: {len(named)} documents, {len(labels)} places, {sum(labels)} breaks; "
          f"out-of-fold break F1 {f1:.3f} at threshold {threshold}")
    if a.dry_run:
        return 0
    final = model().fit(*rows_of([e for _, e in named]))
    out = MODELS_DIR / NAME
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    joblib.dump(final, out / "break.joblib", compress=3)
    settings = {"threshold": threshold, "out_of_fold_break_f1": round(f1, 3), "trained_on": [n for n, _ in named],
                "places": len(labels), "breaks": sum(labels), "hash_bits": HASH_BITS, "folds": FOLDS,
                "model": "hashed word features + logistic regression (scikit-learn)"}
    (out / "settings.json").write_text(json.dumps(settings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
