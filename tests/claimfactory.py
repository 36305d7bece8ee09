"""Hand-made ledgers for graph, linking, review and report tests.

The extraction pipelines are tested elsewhere; these tests need ledgers whose contents they know
exactly, so they build `Extraction` objects directly: `doc(...)` + `mention(...)` -> `Ledger.ingest`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from claims.core.models import Document, Extraction, Horizon, Mention, Quantity, SpeakerRef, Speaker


def _hid(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def doc(doc_id: str, *, lang: str = "en", date: str = "2025-11-25", company: str | None = None,
        speakers: list[Speaker] | None = None) -> Document:
    return Document(id=doc_id, lang=lang, date=dt.date.fromisoformat(date), company=company, sha256=_hid("doc", doc_id),
                    source=f"{doc_id}.txt", speakers=speakers or [])


def mention(doc_id: str, text: str, *, speaker: str | None = "Ada Lin", org: str | None = None, role: str | None = None,
            end: str | None = None, start: str | None = None, horizon_text: str | None = None, kind: str = "prediction",
            confidence: float = 0.6, topics: list[str] | None = None, quantities: list[tuple[str, float, str | None]] | None = None,
            claim_key: str | None = None, offset: int = 0) -> Mention:
    """One mention; mentions with the same `claim_key` in one document share a claim id."""
    horizon = None
    if end:
        horizon = Horizon(text=horizon_text or f"by {end}", start=dt.date.fromisoformat(start) if start else None,
                          end=dt.date.fromisoformat(end))
    claim_id = _hid(doc_id, claim_key or text)
    return Mention(id=_hid(doc_id, text, offset, "m"), claim_id=claim_id, doc_id=doc_id, text=text, start=offset,
                   end=offset + len(text), speaker=SpeakerRef(name=speaker, org=org, role=role) if speaker else None,
                   kind=kind, confidence=confidence, horizon=horizon, topics=topics or [],
                   quantities=[Quantity(text=t, value=v, unit=u) for t, v, u in (quantities or [])])


def extraction(document: Document, *mentions: Mention) -> Extraction:
    return Extraction(doc=document, claims=list(mentions))


def claim_id(doc_id: str, text_or_key: str) -> str:
    return _hid(doc_id, text_or_key)
