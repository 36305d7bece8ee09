"""Hand-made extractions for ledger tests, so they don't depend on the NLP pipelines."""
from __future__ import annotations

import datetime as dt
import hashlib

from claims.core.models import Document, Extraction, Horizon, Mention, Speaker, SpeakerRef


def make_extraction(doc_key: str, claims: list[dict], *, company: str = "Acme Corp", lang: str = "en",
                    date: dt.date = dt.date(2025, 11, 25), speakers: list[Speaker] | None = None) -> Extraction:
    """`claims`: dicts with text, speaker, end (deadline) and optional claim (cluster key), kind, negated, topics."""
    doc_id = hashlib.sha256(doc_key.encode()).hexdigest()
    mentions = []
    pos = 0
    for c in claims:
        text = c["text"]
        end = c.get("end")
        horizon = Horizon(text="by then", start=date, end=end, granularity="day") if end else None
        cluster = c.get("claim", text)
        mentions.append(Mention(
            id=hashlib.sha256(f"{doc_id}{pos}".encode()).hexdigest()[:16],
            claim_id=hashlib.sha256(f"{doc_id}{cluster}".encode()).hexdigest()[:16],
            doc_id=doc_id, text=text, start=pos, end=pos + len(text),
            speaker=SpeakerRef(name=c["speaker"], role=c.get("role"), org=c.get("org", company)) if c.get("speaker") else None,
            kind=c.get("kind", "prediction"), negated=c.get("negated", False), confidence=c.get("confidence", 0.7),
            horizon=horizon, topics=c.get("topics", []),
        ))
        pos += len(text) + 1
    doc = Document(id=doc_id, lang=lang, date=date, company=company, sha256=doc_id, source=f"{doc_key}.txt",
                   speakers=speakers or [])
    return Extraction(doc=doc, claims=mentions)
