"""The structure a maintainer relies on: one-way layers, no import cycles, no private APIs.

The layers are declared once, in pyproject.toml's [tool.importlinter]; these tests run the real
checker over the installed packages, so a new import that climbs a layer fails `make test`.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("claims", "pipelines")
# a command's service is imported when the command runs, so `claims horizon --batch` starts
# without spaCy or SQLAlchemy (benchmarks/bench_horizon.py measures that start-up)
LAZY_ALLOWED = ("claims.cli",)
PRIVATE_STDLIB = ("re._parser", "re._constants", "re._compiler", "sre_parse", "sre_compile", "sre_constants")


def _modules():
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"), path


def test_import_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    run = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "broken" in run.stdout and " 0 broken" in run.stdout


def test_no_import_cycle_between_project_modules():
    graph = grimp.build_graph(*PACKAGES)
    g = nx.DiGraph((m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m))
    cycles = list(nx.simple_cycles(g))
    assert not cycles, sorted(cycles, key=len)[:5]


def _project_imports_inside_functions(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] in PACKAGES):
                out.append(f"{module}:{node.lineno} from {'.' * node.level}{node.module or ''}")
            elif isinstance(node, ast.Import) and any(a.name.split(".")[0] in PACKAGES for a in node.names):
                out.append(f"{module}:{node.lineno} import {node.names[0].name}")
    return out


def test_project_modules_are_imported_at_module_level():
    found = [hit for mod, path in _modules() if not mod.startswith(LAZY_ALLOWED)
             for hit in _project_imports_inside_functions(path, mod)]
    assert not found, found


def _private_uses(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if mod in PRIVATE_STDLIB or any(f"{mod}.{a.name}" in PRIVATE_STDLIB for a in node.names):
                out.append(f"{module}:{node.lineno} stdlib internals {mod}")
            # another project module's private name: shared helpers belong in a helper module
            if (node.level or mod.split(".")[0] in PACKAGES):
                out += [f"{module}:{node.lineno} {a.name} from {mod}" for a in node.names
                        if a.name.startswith("_") and not a.name.startswith("__")]
        elif isinstance(node, ast.Import):
            out += [f"{module}:{node.lineno} {a.name}" for a in node.names if a.name in PRIVATE_STDLIB]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re" \
                and node.attr.startswith("_"):
            out.append(f"{module}:{node.lineno} re.{node.attr}")
    return out


def test_no_private_api_is_used():
    found = [hit for mod, path in _modules() for hit in _private_uses(path, mod)]
    assert not found, found


def test_private_name_check_finds_a_planted_use(tmp_path):
    planted = tmp_path / "m.py"
    planted.write_text("from re import _parser as P\nfrom claims.core.script import _opencc\n", encoding="utf-8")
    assert len(_private_uses(planted, "m")) == 2
