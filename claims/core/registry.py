"""The company registry: names, aliases, tickers, fiscal year ends and known people.

It sits in the bottom layer because metadata, the normaliser's fiscal reading, speaker naming and
the ledger's scorecards all look companies up; the file is `claims/core/data/companies.yaml`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from claims.core.data import CORE_DATA_DIR, read_yaml
from claims.core.errors import DataFileError
from claims.core.script import to_simplified

COMPANIES_FILE = CORE_DATA_DIR / "companies.yaml"


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


@lru_cache(maxsize=None)
def load_companies(path: Path = COMPANIES_FILE) -> tuple[Company, ...]:
    raw = read_yaml(path) or []
    try:
        return tuple(Company.model_validate(c) for c in raw)
    except ValidationError as exc:
        raise DataFileError(f"{path}: {exc}") from exc


def find_company(name: str | None) -> Company | None:
    """Look a company up by name, alias or ticker, across scripts and case."""
    if not name:
        return None
    key = to_simplified(name).casefold().strip()
    for company in load_companies():
        forms = [company.name, *company.aliases, *company.tickers]
        if any(to_simplified(f).casefold() == key for f in forms):
            return company
    return None
