"""A mention in its source passage: the stored offsets cut the claim out of the decoded file.

The ledger keeps each document's path and content hash, not its text, so the passage is read from
the file again with the same decoding ingest used (`claims.core.textio.read_source`: encodings,
newlines, HTML blanked in place) — the offsets index exactly that text. A file that has moved,
changed (its hash differs) or no longer matches the mention's text at the offsets is reported, and
the mention's own text is shown instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claims.core.errors import BadInput
from claims.core.models import Document, Mention
from claims.core.textio import read_source

CONTEXT = 320  # characters of context either side, within the paragraph


@dataclass
class Passage:
    mention: Mention
    doc: Document | None
    before: str = ""
    mark: str = ""
    after: str = ""
    clipped_before: bool = False
    clipped_after: bool = False
    note: str | None = None  # why the mention's text is shown without its passage

    def as_dict(self) -> dict:
        return {"mention_id": self.mention.id, "doc_id": self.mention.doc_id, "start": self.mention.start,
                "end": self.mention.end, "before": self.before, "mark": self.mark, "after": self.after,
                "note": self.note}


@lru_cache(maxsize=64)
def _decoded(path: str, mtime_ns: int, size: int) -> tuple[str, str]:
    src = read_source(path)
    return src.decoded, src.sha256


def source_text(doc: Document, roots: tuple[Path, ...]) -> tuple[str | None, str | None]:
    """(decoded text, None) or (None, why not)."""
    if not doc.source:
        return None, "the ledger has no path for this document"
    given = Path(doc.source)
    candidates = [given] if given.is_absolute() else [root / given for root in roots]
    for p in candidates:
        if p.is_file():
            st = p.stat()
            try:
                text, sha = _decoded(str(p), st.st_mtime_ns, st.st_size)
            except BadInput as exc:
                return None, str(exc)
            if doc.sha256 and sha != doc.sha256:
                return None, f"{doc.source} has changed since it was ingested"
            return text, None
    return None, f"source file {doc.source} not found"


def passage(mention: Mention, doc: Document | None, roots: tuple[Path, ...], context: int = CONTEXT) -> Passage:
    """The paragraph around a mention (at most `context` characters either side), split at the offsets."""
    out = Passage(mention=mention, doc=doc, mark=mention.text)
    if doc is None:
        out.note = "document not in the ledger"
        return out
    text, why = source_text(doc, roots)
    if text is None:
        out.note = why
        return out
    s, e = mention.start, mention.end
    if not (0 <= s <= e <= len(text)) or text[s:e] != mention.text:
        out.note = f"{doc.source}: the text at {s}-{e} is not the mention's"
        return out
    lo = text.rfind("\n", 0, s) + 1
    hi = text.find("\n", e)
    hi = len(text) if hi < 0 else hi
    out.clipped_before, out.clipped_after = s - lo > context, hi - e > context
    lo, hi = max(lo, s - context), min(hi, e + context)
    out.before, out.mark, out.after = text[lo:s], text[s:e], text[e:hi]
    return out
