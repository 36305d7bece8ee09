"""Optional pkuseg backend for Chinese: the default tokenizer with spaCy's pkuseg segmenter.

spacy-pkuseg ships its code and dictionary but not its model: on first use it downloads
`spacy_ontonotes.zip` into PKUSEG_HOME, which these machines cannot do, and it looks for the zip
itself (not only the unpacked model) before each load. So the backend checks both are in place
before the pipeline is built, and says where they go when they are not.
"""
from __future__ import annotations

import os
from pathlib import Path

from claims.core.errors import PipelineError

from . import register_backend

MODEL = "spacy_ontonotes"  # what spacy_pkuseg.pkuseg() loads by default
MODEL_FILES = ("features.msgpack", "weights.npz")
INSTALL_HINT = "pip install 'claims-tracker[pkuseg]'"


def try_pkuseg_import():
    try:
        import spacy_pkuseg
    except ImportError as exc:
        raise ImportError(f"the pkuseg backend needs spacy-pkuseg: {INSTALL_HINT}") from exc
    return spacy_pkuseg


def pkuseg_home() -> Path:
    """PKUSEG_HOME as it is now (spacy_pkuseg reads it once, at import)."""
    return Path(os.path.expanduser(os.environ.get("PKUSEG_HOME") or "~/.pkuseg"))


def check_pkuseg_model(model: str = MODEL) -> Path:
    """The unpacked model directory, or a PipelineError naming what is missing and where."""
    home = pkuseg_home()
    archive, folder = home / f"{model}.zip", home / model
    missing = [str(p) for p in (archive, *(folder / f for f in MODEL_FILES)) if not p.exists()]
    if missing:
        raise PipelineError(
            f"pkuseg model {model!r} not found under PKUSEG_HOME={home} (missing {', '.join(missing)}); "
            f"on a connected machine run python -c \"import spacy_pkuseg; spacy_pkuseg.pkuseg()\" and copy "
            f"~/.pkuseg/{model}.zip and ~/.pkuseg/{model}/ there, or set PKUSEG_HOME to where they are"
        )
    return folder


@register_backend("zh", "pkuseg")
def pkuseg_backend(config):
    """The default tokenizer (script-preserving) with pkuseg instead of jieba."""
    try:
        spacy_pkuseg = try_pkuseg_import()
    except ImportError as exc:
        raise PipelineError(str(exc)) from exc
    check_pkuseg_model()
    spacy_pkuseg.config.pkuseg_home = str(pkuseg_home())  # load from where we looked
    config["nlp"]["tokenizer"]["segmenter"] = "pkuseg"
    return config
