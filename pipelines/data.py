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
    return read_patterns(data_path(lang, name))
