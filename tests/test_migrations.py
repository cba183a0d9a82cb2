"""Migrations build the schema from empty, and agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

import core.models  # noqa: F401
from core.db import Base, make_engine


def test_models_and_migrations_agree(app):
    engine = app.extensions["engine"]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_every_tenant_owned_key_and_index_leads_with_tenant_id(app):
    inspector = inspect(app.extensions["engine"])
    for table in Base.metadata.sorted_tables:
        if "tenant_id" not in table.c or table.name in ("users", "tenants"):
            continue
        assert inspector.get_pk_constraint(table.name)["constrained_columns"][0] == "tenant_id", table.name
        for fk in inspector.get_foreign_keys(table.name):
            if fk["referred_table"] != "tenants":
                assert fk["constrained_columns"][0] == "tenant_id", (table.name, fk)
        for index in inspector.get_indexes(table.name):
            assert index["column_names"][0] == "tenant_id", (table.name, index)
        for unique in inspector.get_unique_constraints(table.name):
            assert unique["column_names"][0] == "tenant_id", (table.name, unique)


def test_audit_trail_is_append_only_in_the_database(app, two_tenants):
    engine = app.extensions["engine"]
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from audit_events")).scalar() > 0
        conn.rollback()
        for statement in ("update audit_events set action = 'x'", "delete from audit_events"):
            with pytest.raises(DBAPIError, match="append-only"):
                with conn.begin():
                    conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from audit_events where action = 'x'")).scalar() == 0


def test_downgrade_to_empty_and_back(backend, tmp_path, migrated):
    from core.migrate import downgrade, upgrade

    if backend != "sqlite":
        url = migrated["postgresql"].rsplit("/", 1)[0] + "/postgres"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS roundtrip"))
            conn.execute(text("CREATE DATABASE roundtrip"))
        admin.dispose()
        url = url.rsplit("/", 1)[0] + "/roundtrip"
    else:
        url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    upgrade(url)
    downgrade(url, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    assert "complaints" in inspect(engine).get_table_names()
    engine.dispose()
