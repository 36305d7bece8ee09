"""Backends swap how a language pipeline tokenises and annotates; components stay the same.

A backend is a function `(config) -> config` registered in BACKENDS under (lang, name).
"""
from __future__ import annotations

from typing import Callable

from thinc.api import Config

from claims.core.errors import PipelineError

BackendFn = Callable[[Config], Config]
BACKENDS: dict[tuple[str, str], BackendFn] = {}
# lang -> chooser returning the backend name to use when none is given (None: the config as is)
DEFAULT_CHOOSERS: dict[str, Callable[[], str | None]] = {}


def register_backend(lang: str, name: str):
    def deco(fn: BackendFn) -> BackendFn:
        BACKENDS[(lang, name)] = fn
        return fn

    return deco


def register_default_chooser(lang: str):
    """A language whose best offline default depends on what is installed (e.g. a statistical model)."""

    def deco(fn: Callable[[], str | None]) -> Callable[[], str | None]:
        DEFAULT_CHOOSERS[lang] = fn
        return fn

    return deco


def resolve_backend(lang: str, backend: str | None) -> str | None:
    """The backend a request means: the language's chosen default for None / "default" (None when
    the config stands as is), else the name given."""
    if backend in (None, "", "default", "spacy"):
        chooser = DEFAULT_CHOOSERS.get(lang)
        return chooser() if chooser else None
    return backend


def apply_backend(lang: str, backend: str | None, config: Config) -> Config:
    backend = resolve_backend(lang, backend)
    if backend is None:
        return config
    fn = BACKENDS.get((lang, backend))
    if fn is None:
        names = sorted(n for (l, n) in BACKENDS if l == lang)
        raise PipelineError(f"unknown backend {backend!r} for {lang}: available: default{''.join(', ' + n for n in names)}")
    return fn(config)
