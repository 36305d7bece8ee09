"""The shipped claim gate (`pipelines/models/claim_gate_<lang>/`, trained by
scripts/train_claim_gate.py): loading it and asking it, for the components that decide with it."""
from __future__ import annotations

import json
from functools import lru_cache

import joblib

from ..data import MODELS_DIR

CLAIM = "CLAIM"


@lru_cache(maxsize=4)
def load_gate(name: str, lang: str):
    """(gate pipeline, kind pipeline or None, settings) of a trained model, or None if absent."""
    root = MODELS_DIR / f"{name}_{lang}"
    if not (root / "settings.json").exists():
        return None
    settings = json.loads((root / "settings.json").read_text(encoding="utf-8"))
    gate = joblib.load(root / "gate.joblib")
    kind = joblib.load(root / "kind.joblib") if (root / "kind.joblib").exists() else None
    return gate, kind, settings


def classify(model, features: list[str]) -> list[dict[str, float]]:
    """P(class) of each feature string, as {class: probability} (a scikit-learn classifier whose
    first step reads the space-separated feature words)."""
    if not features:
        return []
    labels = [str(c) for c in model.classes_]
    return [dict(zip(labels, map(float, row))) for row in model.predict_proba(features)]
