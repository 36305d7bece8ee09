"""The pipelines' own words, cues, patterns and gazetteers: `pipelines/data/<lang>/`.

dateparser's habit: one canonical key space, surface forms per language. Files are read and
schema-checked by `claims.core.data`; this module only says where the pipelines' files are.
"""
from __future__ import annotations

from pathlib import Path

from claims.core.data import CuePattern, read_lexicon, read_patterns
from claims.core.errors import DataFileError

DATA_DIR = Path(__file__).parent / "data"
# the models trained on the real corpus and shipped with the package (pipelines/models/README.md)
MODELS_DIR = Path(__file__).parent / "models"


def data_path(lang: str, name: str) -> Path:
    path = DATA_DIR / lang / name
    if not path.exists():
        raise DataFileError(f"data file not found: {path}")
    return path


def load_lexicon(lang: str, name: str) -> dict[str, tuple[str, ...]]:
    """`load_lexicon("zh", "cues.yaml")` -> {"PREDICT": ("預計", ...), ...}."""
    return read_lexicon(data_path(lang, name))


def load_patterns(lang: str, name: str) -> tuple[CuePattern, ...]:
    """A pattern file's patterns; a LOWER form written with a straight apostrophe ("'ll", "won't")
    also matches its typographic twin ("’ll"): transcripts use either, and the tokenizer splits both."""
    return tuple(p.model_copy(update={"pattern": _both_apostrophes(p.pattern)}) if isinstance(p.pattern, list) else p
                 for p in read_patterns(data_path(lang, name)))


def _curly(forms: list) -> list:
    return list(dict.fromkeys([*forms, *(f.replace("'", "’") for f in forms if isinstance(f, str) and "'" in f)]))


def _both_apostrophes(pattern: list[dict]) -> list[dict]:
    out = []
    for tok in pattern:
        low = tok.get("LOWER")
        if isinstance(low, str) and "'" in low:
            tok = dict(tok, LOWER={"IN": _curly([low])})
        elif isinstance(low, dict):
            tok = dict(tok, LOWER={k: _curly(v) if k in ("IN", "NOT_IN") and isinstance(v, list) else v
                                   for k, v in low.items()})
        out.append(tok)
    return out
