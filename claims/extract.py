"""Run a language pipeline over a document and turn its candidates into Mentions.

Extraction is a pure function of (text, metadata, pipeline version): nothing here touches the
ledger, so it can run in worker processes or on a cluster and be stored later.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claims.core.errors import BadInput, PipelineError
from claims.core.meta import DocMeta, resolve_meta
from claims.core.models import Document, Entity, Extraction, Mention, Speaker
from claims.core.textio import read_source
from pipelines import PIPELINE_VERSION, get_nlp
from pipelines.constants import ENTITIES, EXT_CANDIDATES, EXT_META, EXT_SPEAKERS

from .dedup import cluster_mentions


def _hid(*parts: Any, n: int = 16) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:n]


def doc_entities(doc) -> list[Entity]:
    seen: set[tuple[int, int, str]] = set()
    out: list[Entity] = []
    spans = list(doc.ents) + list(doc.spans[ENTITIES] if ENTITIES in doc.spans else [])
    for s in sorted(spans, key=lambda s: (s.start_char, s.end_char)):
        key = (s.start_char, s.end_char, s.label_)
        if key not in seen:
            seen.add(key)
            out.append(Entity(text=s.text, label=s.label_, start=s.start_char, end=s.end_char))
    return out


def extract_text(text: str, meta: DocMeta, *, doc_id: str | None = None, sha256: str | None = None,
                 source: str | None = None, backend: str | None = None, original: str | None = None) -> Extraction:
    """Extract claim mentions from `text`; `meta.lang` must already be resolved ("zh" | "en").

    `original` is the user's text when `text` is a same-length cleaned copy of it (HTML blanked):
    the pipeline reads the copy, but a mention's text is the user's own characters at its offsets."""
    sha = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    did = doc_id or meta.doc_id or sha
    try:
        nlp = get_nlp(meta.lang, backend)
    except PipelineError as exc:
        raise BadInput(str(exc)) from None
    sdoc = nlp.make_doc(text)
    sdoc._.set(EXT_META, meta.as_pipeline_meta())
    sdoc = nlp(sdoc)
    candidates: list[dict[str, Any]] = list(sdoc._.get(EXT_CANDIDATES) or [])
    clusters = cluster_mentions(candidates)
    first: dict[int, dict[str, Any]] = {}
    mentions: list[Mention] = []
    for cand, cl in zip(candidates, clusters):
        rep = first.setdefault(cl, cand)
        claim_id = _hid(did, rep["start"], rep["end"], PIPELINE_VERSION)
        data = {k: v for k, v in cand.items() if k != "dedup_key"}
        if original is not None:
            data["text"] = original[cand["start"]:cand["end"]]
        data.update(id=_hid(did, cand["start"], cand["end"], PIPELINE_VERSION, "m"), claim_id=claim_id, doc_id=did)
        try:
            mentions.append(Mention.model_validate(data))
        except ValidationError as exc:  # a pipeline bug, not user input: say which candidate
            raise PipelineError(f"invalid candidate at {cand.get('start')}: {exc}") from exc
    speakers = [Speaker.model_validate(s) for s in (sdoc._.get(EXT_SPEAKERS) or [])]
    document = Document(
        id=did, lang=meta.lang, date=meta.date, company=meta.company, company_aliases=meta.company_aliases,
        fiscal_year_end=meta.fiscal_year_end or "12-31", period=meta.period, source=source, sha256=sha,
        speakers=speakers, entities=doc_entities(sdoc),
    )
    return Extraction(doc=document, claims=mentions)


def extract_file(path: str | Path, backend: str | None = None, **options: Any) -> tuple[Extraction, str]:
    """Read, decode and extract one file; options override its sidecar metadata. Returns (result, text)."""
    src = read_source(path)
    meta = resolve_meta(src.path, src.text, **options)
    result = extract_text(src.text, meta, doc_id=options.get("doc_id"), sha256=src.sha256, original=src.original,
                          source=str(src.path), backend=backend)
    return result, src.decoded
