"""Migrations are named, recorded and idempotent."""
from __future__ import annotations

from sqlalchemy import create_engine, inspect

from claims import migrations
from claims.ledger import Ledger


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    Ledger(path).close()  # opening again runs nothing new
    eng = create_engine(f"sqlite:///{path}")
    with eng.begin() as conn:
        assert migrations.applied(conn) == [name for name, _ in migrations.MIGRATIONS]
        assert migrations.apply_migrations(conn) == []


def test_schema_has_indexes_for_speaker_and_due_queries(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    idx = {i["name"]: i["column_names"] for i in inspect(create_engine(f"sqlite:///{path}")).get_indexes("claims")}
    assert idx["ix_claims_speaker"][0] == "speaker_key"
    assert idx["ix_claims_status_end"] == ["status", "horizon_end"]


def test_migration_names_are_unique_and_ordered():
    names = [name for name, _ in migrations.MIGRATIONS]
    assert len(names) == len(set(names))
    assert names == sorted(names)


def test_schema_has_a_covering_index_for_scorecards(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    idx = {i["name"]: i["column_names"] for i in inspect(create_engine(f"sqlite:///{path}")).get_indexes("claims")}
    assert idx["ix_claims_scorecard"] == ["speaker_name", "status", "confidence", "horizon_end", "created_seq"]
