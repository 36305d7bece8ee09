"""Loading and schema-checking the pipelines' data files.

Words, cues, patterns and gazetteers live in `pipelines/data/<lang>/` (dateparser's habit: one
canonical key space, surface forms per language). Every file is validated by a pydantic model when
it is loaded, and `tests/test_lexicons.py` validates all of them, so a typo in a data file fails a
test instead of silently weakening a rule.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DataFileError

DATA_DIR = Path(__file__).parent / "data"
# libyaml's loader when PyYAML was built with it: the pure-Python one costs ~0.4 s of every start-up
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


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


class Company(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    aliases: list[str] = Field(default_factory=list)
    tickers: list[str] = Field(default_factory=list)
    fiscal_year_end: str = "12-31"
    people: list[dict[str, Any]] = Field(default_factory=list)

    @field_validator("fiscal_year_end")
    @classmethod
    def _fye(cls, v: str) -> str:
        if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", v):
            raise ValueError(f"fiscal_year_end must be MM-DD, got {v!r}")
        return v


class Holiday(BaseModel):
    """How one holiday falls in a year (pipelines/data/base/holidays.yaml): exactly one rule."""

    model_config = ConfigDict(extra="forbid")
    fixed: str | None = None
    nth_weekday: tuple[int, int, int] | None = None
    offset: tuple[str, int] | None = None
    easter: bool = False
    lunar: dict[int, str] | None = None
    days: int = Field(default=1, ge=1, le=31)

    @field_validator("fixed")
    @classmethod
    def _mmdd(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", v):
            raise ValueError(f"fixed must be MM-DD, got {v!r}")
        return v

    @field_validator("lunar")
    @classmethod
    def _lunar(cls, v: dict[int, str] | None) -> dict[int, str] | None:
        for year, mmdd in (v or {}).items():
            if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", mmdd):
                raise ValueError(f"lunar {year}: MM-DD expected, got {mmdd!r}")
        return v

    def model_post_init(self, _context: Any) -> None:
        rules = [self.fixed is not None, self.nth_weekday is not None, self.offset is not None, self.easter,
                 self.lunar is not None]
        if sum(rules) != 1:
            raise ValueError("a holiday needs exactly one of fixed / nth_weekday / offset / easter / lunar")


def data_path(lang: str, name: str) -> Path:
    path = DATA_DIR / lang / name
    if not path.exists():
        raise DataFileError(f"data file not found: {path}")
    return path


@lru_cache(maxsize=None)
def load_lexicon(lang: str, name: str) -> dict[str, tuple[str, ...]]:
    """`load_lexicon("zh", "cues.yaml")` -> {"PREDICT": ("預計", ...), ...}."""
    path = data_path(lang, name)
    try:
        raw = _load_yaml(path) or {}
        lex = Lexicon(entries=raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    return {k: tuple(v) for k, v in lex.entries.items()}


@lru_cache(maxsize=None)
def load_patterns(lang: str, name: str) -> tuple[CuePattern, ...]:
    path = data_path(lang, name)
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


@lru_cache(maxsize=None)
def load_companies() -> tuple[Company, ...]:
    path = data_path("base", "companies.yaml")
    try:
        raw = _load_yaml(path) or []
        return tuple(Company.model_validate(c) for c in raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc


def find_company(name: str | None) -> Company | None:
    """Look a company up by name, alias or ticker, across scripts and case."""
    if not name:
        return None
    from .script import to_simplified

    key = to_simplified(name).casefold().strip()
    for company in load_companies():
        forms = [company.name, *company.aliases, *company.tickers]
        if any(to_simplified(f).casefold() == key for f in forms):
            return company
    return None


def load_time_lexicon(lang: str) -> dict[str, tuple[str, ...]]:
    """The horizon normaliser's words: `pipelines/data/<lang>/time.yaml` (schema-checked)."""
    return load_lexicon(lang, "time.yaml")


@lru_cache(maxsize=None)
def load_holidays() -> dict[str, Holiday]:
    """pipelines/data/base/holidays.yaml: holiday id -> its rule (offsets must name a holiday)."""
    path = data_path("base", "holidays.yaml")
    try:
        raw = _load_yaml(path) or {}
        out = {str(k): Holiday.model_validate(v) for k, v in raw.items()}
    except (yaml.YAMLError, ValidationError, ValueError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    for name, h in out.items():
        if h.offset is not None and h.offset[0] not in out:
            raise DataFileError(f"{path}: {name} is an offset from unknown holiday {h.offset[0]!r}")
    return out
