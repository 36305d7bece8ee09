"""Shared fixtures: ledgers on real SQLite files, pipelines, and the shared seed corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpora" / "alibaba-fy26q2-call-zh"
CORPORA = ROOT / "corpora"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def seed_dir() -> Path:
    if not (SEED / "text.txt").exists():
        pytest.skip("../shared seed corpus not present")
    return SEED


@pytest.fixture(scope="session")
def nlp_zh():
    pytest.importorskip("jieba")
    from pipelines import get_nlp

    return get_nlp("zh")


@pytest.fixture(scope="session")
def nlp_en():
    from pipelines import get_nlp

    return get_nlp("en")
