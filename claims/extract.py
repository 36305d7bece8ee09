"""Run a language pipeline over a document and turn its candidates into Mentions.

Extraction is a pure function of (text, metadata, pipeline version): nothing here touches the
ledger, so it can run in worker processes or on a cluster and be stored later.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from claims.core.errors import BadInput, PipelineError
from claims.core.meta import DocMeta, resolve_meta
from claims.core.models import Document, Entity, Extraction, Horizon, Mention, Outcome, Speaker, SpeakerRef
from claims.core.textio import joined_hyphens, plain_spaces, read_source
from pipelines import PIPELINE_VERSION, get_nlp
from pipelines.constants import ENTITIES, EXT_CANDIDATES, EXT_META, EXT_OUTCOME, EXT_SPEAKERS, HEADERS, OUTCOMES, TURNS

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


# Pieces: a long document is read in bounded pieces so that memory stays flat and time linear in
# its size (the statistical parser allocates per document, and a few rule steps look back over the
# whole text). Every transcript of the real corpora is far shorter than one piece, so pieces change
# nothing there; a piece is cut at a paragraph break, else a line break, else a sentence end.
PIECE_CHARS = 30_000
HEAD_CHARS = 8_000       # the document's opening (title, participants roster) re-read before each later piece
_CARRY_CHARS = 300       # a speaker line longer than this is not carried
_SENTENCE_END = re.compile(r"[.!?][\"')\]’”]*\s+|[。！？；]")


def piece_bounds(text: str, size: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most `size` characters.

    A cut falls in the second half of the window, at the last paragraph break, else line break,
    else sentence end, else space; only text without any of them is cut mid-word."""
    n, s, size = len(text), 0, size or PIECE_CHARS
    while s < n:
        if n - s <= size:
            yield s, n
            return
        lo, hi = s + size // 2, s + size
        cut = -1
        i = text.rfind("\n\n", lo, hi)
        if i >= 0:
            cut = i + 2
            while cut < hi and text[cut] == "\n":
                cut += 1
        if cut < 0:
            i = text.rfind("\n", lo, hi)
            cut = i + 1 if i >= 0 else -1
        if cut < 0:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
            cut = ends[-1] if ends else -1
        if cut < 0:
            i = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
            cut = i + 1 if i >= 0 else hi
        yield s, cut
        s = cut


@dataclass
class _Carry:
    """What one piece hands the next: the document's opening and the open speaker turn's line."""
    head: str = ""
    header: str = ""

    def prefix(self) -> str:
        return self.head + self.header


def _open_turn_header(sdoc, text: str) -> str:
    """The speaker line of the turn still open at the end of a piece, as text to put before the next
    piece ("Name -- Title\n\n", "Name:\n"), or "" when no speaker line opens it (fail open: the next
    piece is then read as it stands)."""
    turns = list(sdoc.spans[TURNS]) if TURNS in sdoc.spans else []
    headers = sorted((h.start_char, h.end_char) for h in sdoc.spans[HEADERS]) if HEADERS in sdoc.spans else []
    if not turns and not headers:
        return ""
    start = turns[-1].start_char if turns else len(text)
    if headers and headers[-1][0] >= start:
        # a speaker line ends the piece and its turn is still empty: the next piece is that speaker's
        i, start = len(headers) - 1, headers[-1][1]
    else:
        i = bisect.bisect_right(headers, (start, len(text) + 1)) - 1
    if i >= 0 and not text[headers[i][1]:start].strip():
        hs = text.rfind("\n", 0, headers[i][0]) + 1
        line = text[hs:start]
    else:
        hs = text.rfind("\n", 0, start) + 1
        line = text[hs:start]
        if not line.rstrip().endswith((":", "\uff1a")):  # "Name:" / "姓名：" opening the turn's line
            return ""
    line = line.rstrip()
    if not line or len(line) > _CARRY_CHARS:
        return ""
    return line + ("\n" if line.endswith((":", "\uff1a")) else "\n\n")


def _document_head(sdoc, text: str) -> str:
    """The text before the first speaker's turn (title, participants), when it is short."""
    turns = [t for t in (sdoc.spans[TURNS] if TURNS in sdoc.spans else []) if t.label_ not in ("NARRATOR", "")]
    if not turns:
        return ""
    first = turns[0].start_char
    headers = [h.start_char for h in (sdoc.spans[HEADERS] if HEADERS in sdoc.spans else []) if h.end_char <= first]
    cut = text.rfind("\n", 0, max(headers) if headers else first) + 1
    head = text[:cut]
    return head if 0 < len(head) <= HEAD_CHARS and head.strip() else ""


def _shift(items: list[dict[str, Any]] | None, by: int) -> list[dict[str, Any]]:
    out = []
    for it in items or []:
        it = dict(it)
        for k in ("start", "end"):
            if isinstance(it.get(k), int):
                it[k] += by
        out.append(it)
    return out


def _merge_speakers(into: dict[str, dict[str, Any]], found: list[dict[str, Any]]) -> None:
    for sp in found:
        have = into.get(sp.get("name"))
        if have is None:
            into[sp.get("name")] = dict(sp, aliases=list(sp.get("aliases") or []))
            continue
        for a in sp.get("aliases") or []:
            if a not in have["aliases"]:
                have["aliases"].append(a)
        for k in ("role", "org"):
            if not have.get(k) and sp.get(k):
                have[k] = sp[k]


@dataclass
class _Found:
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)


def _outcomes(sdoc, text: str, skip: int, shift: int) -> list[dict[str, Any]]:
    """The outcome statements of one piece (pipelines/components/outcome_detector.py), offsets into
    the whole document; those found in the carried context are dropped."""
    out = []
    for span in sdoc.spans[OUTCOMES] if OUTCOMES in sdoc.spans else []:
        info = span._.get(EXT_OUTCOME) or {}
        s, e = info.get("start", span.start_char), info.get("end", span.end_char)
        if s < skip:
            continue
        out.append(dict(info, start=s + shift, end=e + shift, quantities=_shift(info.get("quantities"), shift),
                        text=text[s + shift:e + shift]))
    return out


def run_pipeline(nlp, text: str, meta: DocMeta, found: _Found | None = None,
                 piece_chars: int | None = None) -> Iterator[dict[str, Any]]:
    """Run `nlp` over `text` piece by piece, yielding candidates whose offsets index `text` itself;
    speakers and entities are gathered into `found`.

    Each later piece is read after the document's opening and the speaker line of the turn the
    previous piece ended in, so its first paragraphs keep their speaker; whatever the pipeline finds
    inside that context is dropped."""
    found = found if found is not None else _Found()
    carry = _Carry()
    pmeta = meta.as_pipeline_meta()
    for s, e in piece_bounds(text, piece_chars or PIECE_CHARS):
        prefix = carry.prefix() if s else ""
        ptext = prefix + text[s:e]
        if len(ptext) >= nlp.max_length:
            nlp.max_length = len(ptext) + 1
        sdoc = nlp.make_doc(ptext)
        sdoc._.set(EXT_META, dict(pmeta))
        sdoc = nlp(sdoc)
        shift, p = s - len(prefix), len(prefix)
        _merge_speakers(found.speakers, sdoc._.get(EXT_SPEAKERS) or [])
        found.entities.extend(Entity(text=x.text, label=x.label, start=x.start + shift, end=x.end + shift)
                              for x in doc_entities(sdoc) if x.start >= p)
        candidates = sdoc._.get(EXT_CANDIDATES) or []
        found.outcomes.extend(_outcomes(sdoc, text, p, shift))
        if e < len(text):
            if not s:
                carry.head = _document_head(sdoc, ptext)
            carry.header = _open_turn_header(sdoc, ptext)
            if carry.head and carry.header and carry.head.endswith(carry.header.rstrip() + "\n"):
                carry.header = ""
        del sdoc
        for cand in candidates:
            if cand["start"] < p:
                continue  # found in the context, which belongs to an earlier piece
            cand = dict(cand, start=cand["start"] + shift, end=cand["end"] + shift,
                        quantities=_shift(cand.get("quantities"), shift), entities=_shift(cand.get("entities"), shift))
            cand["text"] = text[cand["start"]:cand["end"]]
            yield cand


class _Shared:
    """One dict and one model per distinct speaker or deadline of a document."""

    _MODELS = {"speaker": SpeakerRef, "horizon": Horizon}

    def __init__(self):
        self.seen: dict[tuple[str, str], tuple[Any, Any]] = {}

    def get(self, what: str, value: dict[str, Any] | None) -> tuple[Any, Any]:
        if not isinstance(value, dict):
            return value, value
        key = (what, json.dumps(value, sort_keys=True, default=str))
        if key not in self.seen:
            self.seen[key] = (value, self._MODELS[what].model_validate(value))
        return self.seen[key]


def _word_starts(joins: list[tuple[int, int]]):
    """A start offset in the copy with hyphen-broken words joined (`joined_hyphens`) -> the start in
    the user's text: a mention opening on a joined word opens where the word's first part does."""
    starts = [a for a, _ in joins]

    def start(s: int) -> int:
        k = bisect.bisect_right(starts, s) - 1
        return joins[k][0] if k >= 0 and joins[k][0] < s <= joins[k][1] else s

    return start


def extract_text(text: str, meta: DocMeta, *, doc_id: str | None = None, sha256: str | None = None,
                 source: str | None = None, backend: str | None = None, original: str | None = None) -> Extraction:
    """Extract claim mentions from `text`; `meta.lang` must already be resolved ("zh" | "en").

    `original` is the user's text when `text` is a same-length cleaned copy of it (HTML blanked):
    the pipeline reads the copy, but a mention's text is the user's own characters at its offsets.
    The copy also has other spaces as " " and words hyphenated at a line end whole (`plain_spaces`,
    `joined_hyphens`), for the patterns and the tokenizer to read them."""
    sha = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    did = doc_id or meta.doc_id or sha
    plain, joins = joined_hyphens(plain_spaces(text))
    if plain is not text:  # the pipeline reads the plain copy; a mention's text stays the user's
        original, text = (text if original is None else original), plain
    word_start = _word_starts(joins)
    try:
        nlp = get_nlp(meta.lang, backend)
    except PipelineError as exc:
        raise BadInput(str(exc)) from None
    found = _Found()
    keys: list[dict[str, Any]] = []
    mentions: list[Mention] = []
    shared = _Shared()
    for cand in run_pipeline(nlp, text, meta, found):
        # a Mention now, so a long document holds one copy of each candidate, not two; speakers and
        # deadlines repeat from claim to claim and are held once
        speaker, horizon = shared.get("speaker", cand.get("speaker")), shared.get("horizon", cand.get("horizon"))
        keys.append({"dedup_key": tuple(sys.intern(w) for w in cand.get("dedup_key") or ()),
                     "speaker": speaker[0], "negated": cand.get("negated"), "horizon": horizon[0],
                     "quantities": [{"value": q.get("value")} for q in cand.get("quantities") or []]})
        data = {k: v for k, v in cand.items() if k != "dedup_key"}
        data.update(speaker=speaker[1], horizon=horizon[1])
        if joins:
            data["start"] = cand["start"] = word_start(cand["start"])
        if original is not None:
            data["text"] = original[cand["start"]:cand["end"]]
        data.update(id=_hid(did, cand["start"], cand["end"], PIPELINE_VERSION, "m"), claim_id="", doc_id=did)
        try:
            mentions.append(Mention.model_validate(data))
        except ValidationError as exc:  # a pipeline bug, not user input: say which candidate
            raise PipelineError(f"invalid candidate at {cand.get('start')}: {exc}") from exc
    clusters = cluster_mentions(keys)
    del keys
    for mention, cl in zip(mentions, clusters):
        rep = mentions[cl]  # a cluster is named by its first mention
        mention.claim_id = _hid(did, rep.start, rep.end, PIPELINE_VERSION)
    speakers = [Speaker.model_validate(s) for s in found.speakers.values()]
    outcomes = []
    for o in found.outcomes:
        if joins:
            o = dict(o, start=word_start(o["start"]))
        if original is not None:
            o = dict(o, text=original[o["start"]:o["end"]])
        try:
            outcomes.append(Outcome.model_validate(dict(o, id=_hid(did, o["start"], o["end"], PIPELINE_VERSION, "o"),
                                                        doc_id=did)))
        except ValidationError as exc:
            raise PipelineError(f"invalid outcome at {o.get('start')}: {exc}") from exc
    document = Document(
        id=did, lang=meta.lang, date=meta.date, company=meta.company, company_aliases=meta.company_aliases,
        fiscal_year_end=meta.fiscal_year_end or "12-31", period=meta.period, source=source, sha256=sha,
        speakers=speakers, entities=found.entities,
    )
    return Extraction(doc=document, claims=mentions, outcomes=outcomes)


def extract_file(path: str | Path, backend: str | None = None, **options: Any) -> tuple[Extraction, str]:
    """Read, decode and extract one file; options override its sidecar metadata. Returns (result, text)."""
    src = read_source(path)
    meta = resolve_meta(src.path, src.text, **options)
    result = extract_text(src.text, meta, doc_id=options.get("doc_id"), sha256=src.sha256, original=src.original,
                          source=str(src.path), backend=backend)
    return result, src.decoded
