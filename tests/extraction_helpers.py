"""Shared by tests that extract a short text: the claims of `text` under the meta a caller gives
(date, period, company, fiscal year end), through the library's own extract path, and the deadline
of the claim holding a phrase."""
from __future__ import annotations

from claims.core.meta import resolve_meta
from claims.extract import extract_text


def claims_of(text: str, *, date: str, period: str, company: str, lang: str = "en",
              fiscal_year_end: str | None = None):
    meta = resolve_meta(None, text, lang=lang, date=date, period=period, company=company,
                        fiscal_year_end=fiscal_year_end)
    return extract_text(text, meta).claims


def deadline_of(text: str, phrase: str, *, date: str, period: str, company: str, lang: str = "zh",
                fiscal_year_end: str | None = None) -> tuple[str, str] | None:
    """(start, end) of the horizon of the first claim holding `phrase` (None: no horizon); fails
    when no claim holds it."""
    at = text.index(phrase)
    hits = [c for c in claims_of(text, date=date, period=period, company=company, lang=lang,
                                 fiscal_year_end=fiscal_year_end) if c.start <= at < c.end]
    assert hits, f"no claim holds {phrase!r}"
    h = hits[0].horizon
    return (str(h.start), str(h.end)) if h else None
