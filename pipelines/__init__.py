"""NLP pipelines for claims-tracker.

`build_nlp(lang, backend=None, overrides=None)` is the single entry point: it loads
`configs/<lang>.cfg`, lets the backend swap the tokenizer, and returns a spaCy `Language` built from
registered components (see `pipelines/components/`).
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.core.errors import PipelineError

from . import backends, components, constants, lang  # noqa: F401  (constants registers the Doc extensions)
from .backends import apply_backend, resolve_backend

if TYPE_CHECKING:
    from spacy.language import Language


CONFIG_DIR = Path(__file__).parent / "configs"
PIPELINE_VERSION = "0.1.0"
LANGS = ("zh", "en")

__all__ = ["build_nlp", "get_nlp", "clear_nlp_cache", "PIPELINE_VERSION", "LANGS", "PipelineError"]


@lru_cache(maxsize=1)
def _register_all() -> None:
    """Import every module that registers a factory, tokenizer or misc function (spaCy's
    registries are filled by import side effects; a module added to these folders is found)."""
    for pkg in (lang, components, backends):
        for mod in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")


def build_nlp(lang: str, backend: str | None = None, overrides: dict[str, Any] | None = None) -> Language:
    """Build the pipeline for `lang` ("zh" | "en") from its config.

    `backend` selects an alternative tokenizer/annotator (e.g. "hanlp" for Chinese, "model" /
    "rules" for English); None means the embedded offline default.
    """
    if lang not in LANGS:
        raise PipelineError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    from spacy.util import load_config, load_model_from_config

    _register_all()
    config = load_config(CONFIG_DIR / f"{lang}.cfg", overrides=dict(overrides or {}), interpolate=False)
    config = apply_backend(lang, backend, config)
    try:
        nlp = load_model_from_config(config, auto_fill=True)
    except ImportError as exc:
        raise PipelineError(str(exc)) from exc
    return nlp


# the components that decide from a model trained on the real corpus, per language
LEARNED_COMPONENTS = {"zh": ("claim_gate",), "en": ("claim_gate", "en_claim_split")}
# components that run another language's pipeline: its learned parts go off with this one's
NESTED_PIPELINES = {"zh": ("zh_english_lines",)}


def rules_only(lang: str) -> dict[str, Any]:
    """`build_nlp` overrides that switch every learned component off: what the rules alone do
    (`make eval`'s rules column; the data the gate is trained on)."""
    off = {f"components.{name}.enabled": False for name in LEARNED_COMPONENTS.get(lang, ())}
    off.update({f"components.{name}.learned": False for name in NESTED_PIPELINES.get(lang, ())})
    return off


def get_nlp(lang: str, backend: str | None = None) -> Language:
    """Cached `build_nlp` for callers that extract many documents in one process.

    Cached by the backend the request resolves to: `get_nlp("en")`, `get_nlp("en", None)` and, with
    en_core_web_sm installed, `get_nlp("en", "model")` are one pipeline, not three in memory (the
    Chinese pipeline's English lines asked for "en" while English documents asked for ("en", None))."""
    _register_all()
    return _cached_nlp(lang, resolve_backend(lang, backend))


@lru_cache(maxsize=8)
def _cached_nlp(lang: str, backend: str | None) -> Language:
    return build_nlp(lang, backend)


def clear_nlp_cache() -> None:
    """Free the cached pipelines (a parent process that built them only for forked workers)."""
    _cached_nlp.cache_clear()


def blank(lang: str) -> Language:
    """A bare spaCy pipeline with the project's tokenizer, for tests of single components."""
    import spacy

    _register_all()
    if lang == "zh":
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "tracker.zh_tokenizer.v1"}}})
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "tracker.en_tokenizer.v1"}}})
