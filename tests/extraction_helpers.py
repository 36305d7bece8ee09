"""Shared by tests that extract a short English text: the claims of `text` under the meta a caller
gives (date, period, company), through the library's own extract path."""
from __future__ import annotations

from claims.core.meta import resolve_meta
from claims.extract import extract_text


def claims_of(text: str, *, date: str, period: str, company: str, lang: str = "en"):
    meta = resolve_meta(None, text, lang=lang, date=date, period=period, company=company)
    return extract_text(text, meta).claims
