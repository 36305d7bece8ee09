"""Docs are tested: every command has help with an example and appears in the README."""
from __future__ import annotations

import re

import pytest
from typer.main import get_command

from claims.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```(?:bash|sh|console)?\n(.*?)```", README, re.S).group(1)
    lines = [line.split("#")[0].strip() for line in first_block.splitlines()]
    lines = [line for line in lines if line]
    assert lines == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    cmd = get_command(app).commands[name]
    assert cmd.help and "Example:" in cmd.help, name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_appears_in_the_readme(name):
    assert re.search(rf"\bclaims (?:--db \S+ )?{re.escape(name)}\b", README), name


def test_cli_reference_is_generated_from_the_commands():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == mod.reference(), "docs/cli.md is stale: run .venv/bin/python scripts/cli_reference.py"
