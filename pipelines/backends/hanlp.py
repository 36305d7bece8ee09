"""Optional HanLP backend for Chinese: HanLP's tokens, POS tags and entities on our offset contract.

The default pipeline segments with jieba; HanLP's multi-task models segment and tag better but are
large, need torch, and their weights are downloaded on first use, which these machines cannot do.
So loading is strict: the model is resolved to a local directory first (a pretrained identifier
maps to a path under `HANLP_HOME`) and a missing one is a `PipelineError` that says where to put it,
instead of HanLP's download attempt and network timeout.

Mapping is kept apart from loading (`document_to_doc`), so it can be tested on hand-built
`hanlp_common.document.Document`s. It mirrors `pipelines/lang/zh.py`: HanLP reads the simplified
twin of the text (same length), and its tokens are placed back onto the original text by scanning
characters, because HanLP drops whitespace and may normalise characters it was given. Whatever it
skipped becomes tokens of its own, so `doc.text` is always exactly the input.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.vocab import Vocab

from claims.core.errors import DataFileError, PipelineError
from claims.core.script import to_simplified

from ..constants import EXT_NORM_TEXT, register_extensions
from ..data import load_lexicon
from . import register_backend

DEFAULT_MODEL = "CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH"
MODEL_ENV = "CLAIMS_HANLP_MODEL"
INSTALL_HINT = "pip install torch==2.13.0 && pip install 'claims-tracker[hanlp]'"
SPACE_TAG = "_SP"  # spaCy's tag for whitespace tokens

# sentence ends (with any closing quotes) and, for over-long sentences, softer break points
_SENT_END = re.compile(r"[。！？!?；;…]+[”’」』）)\"']*|\n+")
_SOFT_BREAK = re.compile(r"[，,、：:]")
_PIECE = re.compile(r"\s+|\S+")

Annotator = Callable[[list[str]], Mapping[str, Any]]


def try_hanlp_import():
    try:
        import hanlp
    except ImportError as exc:
        raise ImportError(f"the hanlp backend needs HanLP and torch: {INSTALL_HINT}") from exc
    return hanlp


# --- data --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def label_map() -> dict[str, str]:
    """HanLP NER label -> our label, from `data/zh/hanlp_labels.yaml`."""
    out: dict[str, str] = {}
    for ours, forms in load_lexicon("zh", "hanlp_labels.yaml").items():
        for form in forms:
            if form in out and out[form] != ours:
                raise DataFileError(f"hanlp_labels.yaml: {form!r} maps to both {out[form]} and {ours}")
            out[form] = ours
    return out


@lru_cache(maxsize=1)
def document_keys() -> dict[str, tuple[str, ...]]:
    keys = load_lexicon("zh", "hanlp_keys.yaml")
    missing = {"TOK", "POS", "NER", "RUN"} - set(keys)
    if missing:
        raise DataFileError(f"hanlp_keys.yaml: missing {sorted(missing)}")
    return keys


# --- text -> chunks HanLP can take ------------------------------------------------------------

def split_chunks(norm: str, max_chars: int = 200) -> list[tuple[int, str]]:
    """Sentence-sized `(start, chunk)` pieces of `norm`, stripped of edge whitespace, none empty.

    HanLP's encoders take a bounded number of subwords, and one bad alignment should not shift the
    rest of the document, so we feed sentences and know where each one starts.
    """
    out: list[tuple[int, str]] = []
    start = 0
    bounds = [m.end() for m in _SENT_END.finditer(norm)] + [len(norm)]
    for end in bounds:
        if end <= start:
            continue
        for s, e in _cap(norm, start, end, max_chars):
            piece = norm[s:e]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                out.append((s + lead, piece))
        start = end
    return out


def _cap(norm: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    while end - start > max_chars:
        window = norm[start:start + max_chars]
        soft = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = start + (soft[-1] if soft and soft[-1] > max_chars // 2 else max_chars)
        yield start, cut
        start = cut
    yield start, end


# --- Document -> spaCy Doc ---------------------------------------------------------------------

def _first_key(document: Mapping[str, Any], preferred: Sequence[str], prefix: str) -> str | None:
    for key in preferred:
        if key in document:
            return key
    return next((k for k in document if k.startswith(prefix)), None)


def _nested(value: Any, flat: bool) -> list:
    if value is None:
        return []
    return [value] if flat else list(value)


def _token_parts(tok: Any) -> tuple[str, int | None, int | None]:
    """A token is a string, or `[text, start, end]` when HanLP's tokenizer has `output_spans` on."""
    if isinstance(tok, (list, tuple)) and len(tok) == 3 and isinstance(tok[1], int) and isinstance(tok[2], int):
        return str(tok[0]), tok[1], tok[2]
    return (tok if isinstance(tok, str) else str(tok)), None, None


def _place_tokens(norm: str, tokens: Sequence[Any], start: int, end: int,
                  offsets_from: int | None = None) -> list[tuple[int, int] | None]:
    """Character spans of `tokens` in `norm[start:end]`, scanning forward; None for a token not found.

    Tokens that carry their own offsets (relative to `offsets_from`) are placed there. Others are
    matched exactly first; a token HanLP changed (case, width, variants) is matched a few characters
    ahead, else assumed to cover as many characters as it has. Whitespace is skipped throughout.
    """
    spans: list[tuple[int, int] | None] = []
    i = start
    for raw in tokens:
        tok, s, e = _token_parts(raw)
        if s is not None and offsets_from is not None and start <= offsets_from + s < offsets_from + e <= end:
            spans.append((offsets_from + s, offsets_from + e))
            i = offsets_from + e
            continue
        while i < end and norm[i].isspace() and not tok[:1].isspace():
            i += 1
        if not tok or i >= end:
            spans.append(None)
            continue
        if norm.startswith(tok, i):
            spans.append((i, i + len(tok)))
            i += len(tok)
            continue
        ahead = norm.find(tok, i, min(end, i + len(tok) + 8))
        if ahead >= 0:
            spans.append((ahead, ahead + len(tok)))
            i = ahead + len(tok)
            continue
        if tok.strip() and (tok.strip().casefold() == norm[i:i + len(tok.strip())].casefold()):
            tok = tok.strip()
        j = min(end, i + len(tok))
        spans.append((i, j))
        i = j
    return spans


def document_to_doc(vocab: Vocab, text: str, document: Mapping[str, Any], *,
                    starts: Sequence[int] | None = None, norm: str | None = None) -> Doc:
    """Turn HanLP's analysis of `to_simplified(text)` into a Doc over the original `text`.

    `document` holds one sentence (flat lists) or several (lists of lists); `starts` gives each
    sentence's offset in the text when known (else sentences are found by scanning in order).
    Tokens keep the original characters, `norm_` is the simplified form, `tag_` the POS tag, and
    entities whose labels `hanlp_labels.yaml` knows become `doc.ents` (earlier NER keys win).
    """
    register_extensions()
    norm = to_simplified(text) if norm is None else norm
    if len(norm) != len(text):
        raise PipelineError("the normalised text must have the original's length")
    keys = document_keys()
    tok_key = _first_key(document, keys["TOK"], "tok")
    sentences: list[list[Any]] = []
    flat = False
    if tok_key is not None and document[tok_key]:
        toks = document[tok_key]
        flat = isinstance(toks[0], str) or _token_parts(toks[0])[1] is not None
        sentences = [list(s) for s in _nested(toks, flat)]
    if starts is not None and len(starts) != len(sentences):
        raise PipelineError(f"HanLP returned {len(sentences)} sentences for {len(starts)} chunks")

    # place every HanLP token: placed[(sent, tok)] = (start, end)
    placed: dict[tuple[int, int], tuple[int, int]] = {}
    cursor = 0
    for si, sent in enumerate(sentences):
        lo = starts[si] if starts is not None else cursor
        hi = starts[si + 1] if starts is not None and si + 1 < len(starts) else len(norm)
        spans = _place_tokens(norm, sent, max(lo, cursor), hi, offsets_from=starts[si] if starts is not None else None)
        for ti, span in enumerate(spans):
            if span is not None and span[0] >= cursor:
                placed[(si, ti)] = span
                cursor = span[1]

    # words: HanLP's tokens plus whatever they did not cover
    words: list[str] = []
    word_spans: list[tuple[int, int]] = []
    index: dict[tuple[int, int], int] = {}

    def gap(a: int, b: int) -> None:
        for m in _PIECE.finditer(text, a, b):
            words.append(m.group())
            word_spans.append((m.start(), m.end()))

    pos = 0
    for key, (s, e) in placed.items():  # insertion order is text order
        gap(pos, s)
        index[key] = len(words)
        words.append(text[s:e])
        word_spans.append((s, e))
        pos = e
    gap(pos, len(text))

    doc = Doc(vocab, words=words, spaces=[False] * len(words))
    for tok, (s, e) in zip(doc, word_spans):
        n = norm[s:e]
        if n != tok.text:
            tok.norm_ = n
        if tok.text.isspace():
            tok.tag_ = SPACE_TAG
    doc._.set(EXT_NORM_TEXT, norm)

    pos_key = _first_key(document, keys["POS"], "pos")
    if pos_key is not None:
        for si, tags in enumerate(_nested(document[pos_key], flat)):
            for ti, tag in enumerate(tags or ()):
                if (si, ti) in index and tag:
                    doc[index[(si, ti)]].tag_ = str(tag)

    doc.ents = _entities(doc, document, index, flat, keys["NER"])
    return doc


def _entities(doc: Doc, document: Mapping[str, Any], index: dict[tuple[int, int], int], flat: bool,
              preferred: Sequence[str]) -> list[Span]:
    labels = label_map()
    ner_keys = [k for k in preferred if k in document]
    ner_keys += [k for k in document if k.startswith("ner") and k not in ner_keys]
    taken: set[int] = set()
    out: list[Span] = []
    for key in ner_keys:
        for si, ents in enumerate(_nested(document[key], flat)):
            for ent in ents or ():
                if len(ent) < 4 or str(ent[1]) not in labels:
                    continue
                first, last = int(ent[2]), int(ent[3]) - 1
                if (si, first) not in index or (si, last) not in index:
                    continue
                start, end = index[(si, first)], index[(si, last)] + 1
                if end <= start or taken.intersection(range(start, end)):
                    continue
                taken.update(range(start, end))
                out.append(Span(doc, start, end, label=labels[str(ent[1])]))
    return sorted(out, key=lambda s: s.start)


# --- the tokenizer -----------------------------------------------------------------------------

class HanLPTokenizer:
    """spaCy tokenizer that asks a HanLP annotator about the simplified text, chunk by chunk."""

    def __init__(self, vocab: Vocab, annotate: Annotator, max_chars: int = 200):
        register_extensions()
        self.vocab = vocab
        self.annotate = annotate
        self.max_chars = max_chars

    def __call__(self, text: str) -> Doc:
        norm = to_simplified(text)
        chunks = split_chunks(norm, self.max_chars)
        document: Mapping[str, Any] = {"tok": []}
        if chunks:
            document = self.annotate([c for _, c in chunks])
        return document_to_doc(self.vocab, text, document, starts=[s for s, _ in chunks] if chunks else None,
                               norm=norm)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # the model lives outside the pipeline (HANLP_HOME): serialisation keeps nothing
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "HanLPTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "HanLPTokenizer":
        return self


# --- model resolution and loading --------------------------------------------------------------

def hanlp_home() -> str:
    """HANLP_HOME as it is now (HanLP itself reads it once, at import)."""
    return os.environ.get("HANLP_HOME") or os.path.join(os.path.expanduser("~"), ".hanlp")


def _missing(model: str, where: str) -> PipelineError:
    return PipelineError(
        f"HanLP model {model!r} not found under HANLP_HOME={hanlp_home()} (expected {where}); download it "
        f"on a connected machine (python -c \"import hanlp; hanlp.load('{model}')\") and copy it there, "
        f"set HANLP_HOME to where it is, or pass a local model directory in {MODEL_ENV}"
    )


def resolve_model(model: str) -> str:
    """Local path of `model` (a HanLP identifier name, its URL, or a path), without downloading."""
    hanlp = try_hanlp_import()
    from hanlp.utils.io_util import path_from_url, split_if_compressed

    if not model:
        raise PipelineError(f"no HanLP model given: set {MODEL_ENV} to an identifier or a local path")
    target = hanlp.pretrained.ALL.get(model, model)
    if os.path.exists(target):
        return target
    if not target.startswith(("http:", "https:")):
        raise PipelineError(f"HanLP model {model!r} is neither a HanLP identifier nor an existing path")
    url, _, anchor = target.partition("#")
    local, compressed = split_if_compressed(path_from_url(url, save_dir=hanlp_home()))
    if os.path.isdir(local):
        child = os.path.join(local, anchor.lstrip("/")) if anchor else local
        if os.path.exists(child):
            return child
    if compressed and os.path.isfile(local + compressed) and not anchor:
        return local + compressed  # HanLP unpacks it without the network
    raise _missing(model, local)


@contextlib.contextmanager
def _offline(model: str) -> Iterator[None]:
    """Make HanLP fail at once instead of reaching for the network.

    A model may pull further resources while loading (its transformer's tokenizer), and HanLP's
    error path asks PyPI for the latest version; both would wait on network timeouts here.
    """
    from hanlp.utils import component_util, io_util

    def refuse(url, save_path=None, *args, **kwargs):
        raise _missing(model, f"{save_path or url}, a resource the model needs")

    def no_pypi(*args, **kwargs):
        raise ConnectionError("offline")

    saved = io_util.download, component_util.get_latest_info_from_pypi
    io_util.download, component_util.get_latest_info_from_pypi = refuse, no_pypi
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # HanLP prints a long bug-report banner
            yield
    finally:
        io_util.download, component_util.get_latest_info_from_pypi = saved


def _pipeline_error_in(exc: BaseException) -> PipelineError | None:
    """HanLP's error handler may replace our error by its own (e.g. a missing pkg_resources)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, PipelineError):
            return cur
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return None


@lru_cache(maxsize=2)
def load_model(model: str):
    """Load a HanLP component strictly offline; any failure is a PipelineError naming the model."""
    hanlp = try_hanlp_import()
    path = resolve_model(model)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # transformers must not look for weights online
    try:
        with _offline(model):
            return hanlp.load(path, verbose=False)
    except Exception as exc:  # HanLP raises bare asserts, FileNotFoundError, torch errors...
        ours = _pipeline_error_in(exc)
        if ours is not None:
            raise ours from None
        if isinstance(exc, ModuleNotFoundError) and exc.name == "pkg_resources" and exc.__context__:
            exc = exc.__context__  # HanLP's error report needs setuptools<81; the cause is underneath
        raise PipelineError(f"HanLP model {model!r} at {path} could not be loaded: {exc!r}") from exc


def annotator_for(component: Any) -> Annotator:
    """Wrap a loaded HanLP component: multi-task models run only the tasks we read."""
    tasks = getattr(component, "tasks", None)
    wanted = [t for t in document_keys()["RUN"] if tasks is not None and t in tasks]

    def annotate(sentences: list[str]) -> Mapping[str, Any]:
        result = component(sentences, tasks=wanted) if wanted else component(sentences)
        return result if isinstance(result, Mapping) else {"tok": result}

    return annotate


@registry.tokenizers("tracker.hanlp_tokenizer.v1")
def create_hanlp_tokenizer(model: str = DEFAULT_MODEL, max_chars: int = 200) -> Callable[[Any], HanLPTokenizer]:
    def make(nlp) -> HanLPTokenizer:
        return HanLPTokenizer(nlp.vocab, annotator_for(load_model(model)), max_chars=max_chars)

    return make


@register_backend("zh", "hanlp")
def hanlp_backend(config):
    """Swap the jieba tokenizer for HanLP; the model comes from CLAIMS_HANLP_MODEL."""
    config["nlp"]["tokenizer"] = {
        "@tokenizers": "tracker.hanlp_tokenizer.v1",
        "model": os.environ.get(MODEL_ENV) or DEFAULT_MODEL,
    }
    return config
