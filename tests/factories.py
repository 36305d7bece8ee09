"""Hand-made extractions for ledger tests, so they don't depend on the NLP pipelines."""
from __future__ import annotations

import datetime as dt
import hashlib

from claims.core.models import Document, Extraction, Horizon, Mention, Outcome, Quantity, Speaker, SpeakerRef


def make_extraction(doc_key: str, claims: list[dict], *, company: str = "Acme Corp", lang: str = "en",
                    date: dt.date = dt.date(2025, 11, 25), speakers: list[Speaker] | None = None) -> Extraction:
    """`claims`: dicts with text, speaker, end (deadline) and optional claim (cluster key), kind, negated,
    topics, quantities [(text, value, unit)]."""
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
            quantities=[Quantity(text=t, value=v, unit=u) for t, v, u in c.get("quantities", [])],
        ))
        pos += len(text) + 1
    doc = Document(id=doc_id, lang=lang, date=date, company=company, sha256=doc_id, source=f"{doc_key}.txt",
                   speakers=speakers or [])
    return Extraction(doc=doc, claims=mentions)


def make_outcome_doc(doc_key: str, outcomes: list[dict], *, company: str = "Acme Corp", lang: str = "en",
                     date: dt.date = dt.date(2026, 2, 10)) -> Extraction:
    """A later document that reports results: `outcomes` are dicts with text, metric, direction,
    period (start, end dates), figures [(value, unit)] and optional speaker; no claims."""
    doc_id = hashlib.sha256(doc_key.encode()).hexdigest()
    out, pos = [], 0
    for o in outcomes:
        text = o["text"]
        start, end = o.get("period", (None, None))
        out.append(Outcome(
            id=hashlib.sha256(f"{doc_id}o{pos}".encode()).hexdigest()[:16], doc_id=doc_id, text=text,
            start=pos, end=pos + len(text), metric=o.get("metric"), metrics=[o["metric"]] if o.get("metric") else [],
            direction=o.get("direction"),
            quantities=[Quantity(text=f"{v}", value=v, unit=u) for v, u in o.get("figures", [])],
            period=Horizon(text="the period", start=start, end=end, granularity="quarter", kind="period") if end else None,
            speaker=SpeakerRef(name=o["speaker"], org=company) if o.get("speaker") else None,
        ))
        pos += len(text) + 1
    doc = Document(id=doc_id, lang=lang, date=date, company=company, sha256=doc_id, source=f"{doc_key}.txt")
    return Extraction(doc=doc, claims=[], outcomes=out)
