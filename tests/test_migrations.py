"""Migrations build the schema from empty, and agree with the models."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

import core.models  # noqa: F401
from core.platform.db import Base, make_engine


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


def _scratch_database(backend, tmp_path, migrated, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    url = migrated["postgresql"].rsplit("/", 1)[0] + "/postgres"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return url.rsplit("/", 1)[0] + "/" + name


def test_downgrade_to_empty_and_back(backend, tmp_path, migrated):
    from core.platform.migrate import downgrade, upgrade

    url = _scratch_database(backend, tmp_path, migrated, "roundtrip")
    upgrade(url)
    downgrade(url, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    assert "complaints" in inspect(engine).get_table_names()
    engine.dispose()


def test_0002_reads_stored_norms_again_keeping_their_text(backend, tmp_path, migrated):
    """Norms stored before 0002 lost a cell's printed working hours and started "… setelah berkas
    … diterima" at berkas lengkap: the migration reads each stored text again."""
    import uuid

    from core.platform.migrate import upgrade

    url = _scratch_database(backend, tmp_path, migrated, "norms0002")
    upgrade(url, "0001")
    engine = make_engine(url)
    rows = {
        "bansos": ("1 s/d 2 Hari setelah berkas pengajuan Permohonan Bantuan Sosial diterima", 1, 2, "hari", False),
        "odgj": ("➢ Jam kerja 08.00 – 15.30 ➢ 1 Hari Kerja", 1, 1, "hari", True),
    }
    with engine.begin() as conn:
        conn.execute(text("insert into tenants (slug, name, level, province_code, province_name, timezone, working_days,"
                          " working_periods, letterhead, config_digest, created_at, updated_at) values ('t', 'T', 'kota',"
                          " '32', 'Jawa Barat', 'Asia/Jakarta', '[0,1,2,3,4]', '[]', '{}', '', :now, :now)"),
                     {"now": "2024-01-01 00:00:00"})
        for code, (norm, low, high, unit, working) in rows.items():
            conn.execute(text(
                "insert into service_types (tenant_id, id, code, name, unit, components, time_norm_text, norm_min, norm_max,"
                " norm_unit, norm_working, norm_clock_starts, source, active, created_at, updated_at) values"
                " (1, :id, :code, :code, '', '{}', :norm, :low, :high, :unit, :working, 'berkas_lengkap', 'tenant', true,"
                " :now, :now)"),
                {"id": uuid.uuid4().hex if backend == "sqlite" else uuid.uuid4(), "code": code, "norm": norm, "low": low,
                 "high": high, "unit": unit, "working": working, "now": "2024-01-01 00:00:00"})
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        got = {r.code: (r.time_norm_text, r.norm_clock_starts, r.norm_working_hours) for r in conn.execute(
            text("select code, time_norm_text, norm_clock_starts, norm_working_hours from service_types"))}
    engine.dispose()
    assert got["bansos"][:2] == (rows["bansos"][0], "diterima")
    assert got["odgj"][0] == rows["odgj"][0]
    hours = got["odgj"][2]
    assert (hours if isinstance(hours, list) else json.loads(hours)) == ["08:00", "15:30"]


def test_the_migration_commands_write_number_and_report_revisions(backend, tmp_path, migrated, app, runner):
    """flask db migrate/revision/history/current/stamp over Alembic, on a copy of migrations/."""
    import shutil

    from core.platform.config import ROOT

    directory = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", directory, ignore=shutil.ignore_patterns("__pycache__"))
    app.config["MIGRATIONS_DIR"] = str(directory)
    current = runner.invoke(args=["db", "current"])
    assert current.exit_code == 0, current.output
    numbers = sorted(int(p.name[:4]) for p in (directory / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    head, following = f"{numbers[-1]:04d}", f"{numbers[-1] + 1:04d}"
    history = runner.invoke(args=["db", "history"])
    assert head in history.output and "0001" in history.output
    made = runner.invoke(args=["db", "migrate", "-m", "nothing changed"])
    assert made.exit_code == 0, made.output
    written = directory / "versions" / f"{following}_nothing_changed.py"
    assert written.exists() and "pass" in written.read_text(), "no model change: an empty revision"
    assert runner.invoke(args=["db", "revision", "-m", "by hand"]).exit_code == 0
    assert list((directory / "versions").glob(f"{int(following) + 1:04d}_by_hand.py"))
    assert runner.invoke(args=["db", "stamp", f"{int(following) + 1:04d}"]).exit_code == 0
    assert runner.invoke(args=["db", "stamp", head]).exit_code == 0
