"""`claims` command line: a thin layer over the library (see claims.cli.app).

Command modules import their heavy libraries (spaCy, SQLAlchemy, matplotlib) inside the command
functions, so that `claims horizon --batch -` starts without loading them.
"""
from __future__ import annotations

import importlib
import pkgutil

from .app import app

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name != "app":
        importlib.import_module(f"{__name__}.{_mod.name}")

__all__ = ["app"]
