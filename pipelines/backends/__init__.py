"""Backends swap how a language pipeline tokenises and annotates; components stay the same.

A backend is a function `(config) -> config` registered in BACKENDS under (lang, name).
"""
from __future__ import annotations

from typing import Callable

from thinc.api import Config

from ..errors import PipelineError

BackendFn = Callable[[Config], Config]
BACKENDS: dict[tuple[str, str], BackendFn] = {}


def register_backend(lang: str, name: str):
    def deco(fn: BackendFn) -> BackendFn:
        BACKENDS[(lang, name)] = fn
        return fn

    return deco


def apply_backend(lang: str, backend: str | None, config: Config) -> Config:
    if backend in (None, "", "default", "spacy"):
        return config
    fn = BACKENDS.get((lang, backend))
    if fn is None:
        names = sorted(n for (l, n) in BACKENDS if l == lang)
        raise PipelineError(f"unknown backend {backend!r} for {lang}: available: default{''.join(', ' + n for n in names)}")
    return fn(config)
