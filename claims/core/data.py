"""Reading and schema-checking the project's data files (words, cues, patterns, registries).

Every layer keeps its words in its own `data/` folder (the normaliser in `claims/horizon/data/`,
the pipelines in `pipelines/data/<lang>/`, the registry here), but they are all read through these
functions, so each file is validated by a pydantic model on load: a typo in a data file fails a test
instead of silently weakening a rule.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from claims.core.errors import DataFileError

CORE_DATA_DIR = Path(__file__).parent / "data"
# libyaml's loader when PyYAML was built with it: the pure-Python one costs ~0.4 s of every start-up
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def read_yaml(path: Path) -> Any:
    """The parsed YAML of `path`; a missing file or bad YAML is a DataFileError naming the file."""
    if not path.exists():
        raise DataFileError(f"data file not found: {path}")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: {exc}") from exc


class Lexicon(BaseModel):
    """A YAML cue file: canonical key -> surface forms."""

    model_config = ConfigDict(extra="forbid")
    entries: dict[str, list[str]]

    @field_validator("entries")
    @classmethod
    def _check(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, forms in v.items():
            if not KEY_RE.match(key):
                raise ValueError(f"bad key {key!r}")
            if not forms or any(not isinstance(f, str) or not f.strip() for f in forms):
                raise ValueError(f"{key}: forms must be non-empty strings")
            dupes = {f for f in forms if forms.count(f) > 1}
            if dupes:
                raise ValueError(f"{key}: duplicate forms {sorted(dupes)}")
        return v


class CuePattern(BaseModel):
    """One line of a JSONL pattern file (spaCy SpanRuler / EntityRuler format)."""

    model_config = ConfigDict(extra="forbid")
    label: str
    pattern: str | list[dict[str, Any]]
    id: str
    lang: str | None = None


@lru_cache(maxsize=None)
def read_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """A lexicon file as {"PREDICT": ("預計", ...), ...}, schema-checked."""
    raw = read_yaml(path) or {}
    try:
        lex = Lexicon(entries=raw)
    except ValidationError as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    return {k: tuple(v) for k, v in lex.entries.items()}


@lru_cache(maxsize=None)
def read_patterns(path: Path) -> tuple[CuePattern, ...]:
    """A JSONL pattern file, each line schema-checked, ids unique."""
    if not path.exists():
        raise DataFileError(f"data file not found: {path}")
    out: list[CuePattern] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            pat = CuePattern.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DataFileError(f"{path}:{n}: {exc}") from exc
        if pat.id in seen:
            raise DataFileError(f"{path}:{n}: duplicate id {pat.id}")
        seen.add(pat.id)
        out.append(pat)
    return tuple(out)
