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
def scorer():
    """The shared scorer as a module (benchmarks/eval_corpus.load_scorer); skipped where ../shared/tools
    is not beside the repository."""
    if not (SHARED / "tools" / "score_claims.py").exists():
        pytest.skip("the shared scorer (../shared/tools) is not beside the repository")
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import eval_corpus

    return eval_corpus.load_scorer(SHARED)


@pytest.fixture(scope="session")
def nlp_zh():
    pytest.importorskip("jieba")
    from pipelines import get_nlp

    return get_nlp("zh")


@pytest.fixture(scope="session")
def nlp_en():
    from pipelines import get_nlp

    return get_nlp("en")


@pytest.fixture(scope="session")
def rules_zh():
    """The Chinese pipeline without the learned gate: what the rule components decide."""
    pytest.importorskip("jieba")
    from pipelines import build_nlp

    return build_nlp("zh", overrides={"components.claim_gate.enabled": False})


@pytest.fixture(scope="session")
def rules_en():
    """The English pipeline without the learned gate: what the rule components decide."""
    from pipelines import build_nlp

    return build_nlp("en", overrides={"components.claim_gate.enabled": False})



# --- ledger backends: every test using `ledger_url` runs on SQLite and on PostgreSQL ---------------
@pytest.fixture(params=["sqlite", "postgres"])
def new_ledger_url(request, tmp_path):
    """A factory of fresh, empty ledger locations on the parametrised backend.

    SQLite: a new file. PostgreSQL: a new database on the server CLAIMS_TEST_PG_URL names (scripts/
    test.sh starts one when CI or CLAIMS_TEST_PG=1), dropped after the test. Without that variable
    the postgres variant skips, except in CI, where a missing server is a failure.
    """
    import os
    import uuid

    if request.param == "sqlite":
        return lambda: str(tmp_path / f"ledger-{uuid.uuid4().hex[:8]}.db")
    admin = os.environ.get("CLAIMS_TEST_PG_URL")
    if not admin:
        if os.environ.get("CI"):
            pytest.fail("CI is set but CLAIMS_TEST_PG_URL is not: run the suite through scripts/test.sh")
        pytest.skip("PostgreSQL tests need CLAIMS_TEST_PG_URL (or run: CLAIMS_TEST_PG=1 make test)")
    psycopg = pytest.importorskip("psycopg")
    from urllib.parse import urlsplit, urlunsplit

    def make() -> str:
        name = f"claims_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        request.addfinalizer(lambda: _drop_pg_database(psycopg, admin, name))
        return urlunsplit(urlsplit(admin)._replace(path="/" + name))

    return make


@pytest.fixture
def ledger_url(new_ledger_url) -> str:
    """One fresh, empty ledger (SQLite path or postgresql:// URL); see `new_ledger_url`."""
    return new_ledger_url()


def _drop_pg_database(psycopg, admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
