"""Defence in depth on PostgreSQL: row-level security filters tenant rows for the application's
role whatever SQL reaches the database, keyed on the transaction's ``app.tenant_ids``."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from core import create_app
from core.models.scope import tenant_tables
from tests.conftest import auth

ROLE, PASSWORD = "kompensasi_app", "rahasia-app"


@pytest.fixture
def app_role_url(backend, app, runner):
    if backend != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    result = runner.invoke(args=["db", "app-role", ROLE, "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    return make_url(app.config["DATABASE_URL"]).set(username=ROLE, password=PASSWORD).render_as_string(hide_password=False)


def test_a_raw_select_as_the_application_role_sees_only_the_tenant_in_the_setting(app, two_tenants, app_role_url):
    a, b = two_tenants["dinas-a"]["tenant"].id, two_tenants["dinas-b"]["tenant"].id
    engine = create_engine(app_role_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('app.tenant_ids', :ids, true)"), {"ids": str(a)})
            for table in sorted(tenant_tables()):
                tenants = set(conn.scalars(text(f"SELECT DISTINCT tenant_id FROM {table}")))
                assert tenants <= {a}, (table, tenants)
            assert conn.scalar(text("SELECT count(*) FROM complaints")) == 1
        with engine.begin() as conn:
            assert conn.scalar(text("SELECT count(*) FROM complaints")) == 0, "no setting, no rows"
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('app.tenant_ids', '*', true)"))
            assert conn.scalar(text("SELECT count(*) FROM complaints")) == 2, "the explicit bypass"
        with pytest.raises(DBAPIError, match="row-level security"):
            with engine.begin() as conn:
                conn.execute(text("SELECT set_config('app.tenant_ids', :ids, true)"), {"ids": str(a)})
                conn.execute(text("UPDATE tenant_decrees SET settings = '{}' WHERE true"))
                conn.execute(text("INSERT INTO days_off (tenant_id, id, day, name) "
                                  "VALUES (:b, gen_random_uuid(), '2024-01-02', 'x')"), {"b": b})
    finally:
        engine.dispose()


def test_the_application_works_as_its_role_under_row_level_security(app, two_tenants, app_role_url):
    """The whole path (token, scope, reads, writes, the audit trail) runs as the non-owning role."""
    bound = create_app({"TESTING": True, "DATABASE_URL": app_role_url, "SECRET_KEY": "test"})
    client, admin = bound.test_client(), auth(two_tenants["dinas-a"]["admin"])
    try:
        listed = client.get("/api/v1/tenants/dinas-a/complaints", headers=admin)
        assert listed.status_code == 200 and len(listed.get_json()) == 1
        created = client.post("/api/v1/tenants/dinas-a/complaints", headers=admin, json={
            "channel": "lisan", "component": "biaya", "description": "Dipungut biaya",
            "occurred_at": "2024-03-05T10:00:00+07:00"})
        assert created.status_code == 201, created.get_json()
        assert client.get("/api/v1/tenants/dinas-b/complaints", headers=admin).status_code == 404
        assert client.get("/api/v1/tenants", headers=admin).status_code == 200
    finally:
        bound.extensions["engine"].dispose()
