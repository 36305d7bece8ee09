"""Document metadata: command-line options over a sidecar file over the company registry.

Sidecars follow ../shared/CONTRACT.md: `FILE.meta.json`, else `meta.json` in the file's folder.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claims.core.errors import BadInput
from claims.core.fiscal import parse_date, parse_fye, parse_period
from claims.core.models import Period
from claims.core.registry import find_company

LANGS = ("zh", "en")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]+")


@dataclass
class DocMeta:
    lang: str = "auto"
    date: dt.date | None = None
    company: str | None = None
    company_aliases: list[str] = field(default_factory=list)
    fiscal_year_end: str | None = None
    period: Period | None = None
    doc_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_pipeline_meta(self) -> dict[str, Any]:
        return {
            "lang": self.lang, "date": self.date, "company": self.company,
            "company_aliases": list(self.company_aliases),
            "fiscal_year_end": self.fiscal_year_end or "12-31", "period": self.period,
        }


def sidecar_for(path: Path) -> Path | None:
    own = path.with_name(path.name + ".meta.json")
    if own.exists():
        return own
    folder = path.parent / "meta.json"
    return folder if folder.exists() and folder != path else None


class Sidecar(BaseModel):
    """The fields of a `meta.json` this code reads, with their types (../shared/CONTRACT.md); other
    keys are kept as they are. Strict: `"lang": 5`, `"company": [...]` or `"company_aliases": "Acme"`
    (which would be read as five one-letter aliases) are refused, not coerced."""

    model_config = ConfigDict(extra="allow", strict=True)
    lang: str | None = None
    date: str | None = None
    company: str | None = None
    company_aliases: list[str] = Field(default_factory=list)
    fiscal_year_end: str | None = None
    period: str | None = None
    period_quarter: str | None = None
    doc_id: str | None = None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "metadata"
    return f"{where}: {err.get('msg', 'invalid')}"


def load_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_for(path)
    if side is None:
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{side}: invalid metadata JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{side}: metadata must be a JSON object")
    try:
        Sidecar.model_validate(data)
    except ValidationError as exc:
        raise BadInput(f"{side}: invalid metadata: {_first_error(exc)}") from None
    return data


def detect_lang(text: str) -> str:
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    latin = sum(len(w) for w in _LATIN.findall(sample))
    return "zh" if cjk * 2 >= latin * 0.5 and cjk > 0 else "en"


def resolve_meta(path: Path | None, text: str, **options: Any) -> DocMeta:
    """Merge options (win) over the sidecar; fill the fiscal year end from the company registry."""
    side = load_sidecar(path) if path is not None else {}
    for key in ("lang", "company", "fiscal_year_end", "period", "doc_id"):
        if options.get(key) is not None and not isinstance(options[key], str):
            raise BadInput(f"{key} must be a string, got {type(options[key]).__name__}")
    pick = lambda key: options.get(key) if options.get(key) not in (None, "") else side.get(key)  # noqa: E731
    lang = (pick("lang") or "auto").lower()
    if lang not in (*LANGS, "auto"):
        raise BadInput(f"unknown language {lang!r}: use zh, en or auto")
    if lang == "auto":
        lang = detect_lang(text)
    date = parse_date(pick("date"), "--date")
    company = pick("company")
    aliases = side.get("company_aliases") or []
    fye = pick("fiscal_year_end")

    reg = find_company(company)
    if reg is not None:
        aliases = list(dict.fromkeys([*aliases, reg.name, *reg.aliases]))
        if not fye:
            fye = reg.fiscal_year_end
    fye = fye or "12-31"
    parse_fye(fye)
    period_label = options.get("period") or side.get("period")
    if period_label and not re.fullmatch(r"(FY)?\d{4}-?Q[1-4]", str(period_label), re.I) and side.get("period_quarter") and not options.get("period"):
        period_label = side["period_quarter"]
    period = None
    parsed = parse_period(period_label, fye, date)
    if parsed:
        period = Period(start=parsed[0], end=parsed[1], label=parsed[2])
    return DocMeta(lang=lang, date=date, company=company, company_aliases=list(aliases),
                   fiscal_year_end=fye, period=period, doc_id=options.get("doc_id") or side.get("doc_id"),
                   extra={k: v for k, v in side.items() if k not in {"lang", "date", "company", "company_aliases", "fiscal_year_end", "period"}})
