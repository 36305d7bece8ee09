"""`claims` command line: a thin layer over the library (see claims.cli.app)."""
from __future__ import annotations

import importlib
import pkgutil

from .app import app

# Commands whose start-up must stay fast (`claims horizon --batch -` is scored and benchmarked end to
# end): when the program runs one of them, only that command's module is imported, not the NLP
# pipelines and the ledger that the other commands pull in.
_LIGHT_COMMANDS = {"horizon"}


def _command_from_argv() -> str | None:
    import os
    import sys

    if not sys.argv or os.path.basename(sys.argv[0]) not in ("claims", "claims.exe", "__main__.py"):
        return None
    skip = False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


_command = _command_from_argv()
for _mod in pkgutil.iter_modules(__path__):
    if _mod.name == "app" or (_command in _LIGHT_COMMANDS and _mod.name != _command):
        continue
    importlib.import_module(f"{__name__}.{_mod.name}")

__all__ = ["app"]
