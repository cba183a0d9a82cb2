"""Fixtures: every database test runs on SQLite and on PostgreSQL.

Each backend's schema is built once per session by the Alembic migrations;
SQLite tests get a copy of the migrated file, PostgreSQL is emptied after each test.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from core import create_app
from core.platform.db import Base, Session
from core.platform.migrate import upgrade
from tests.pgserver import postgres_server

BACKENDS = [b for b in os.environ.get("KOMPENSASI_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """Per backend, a migrated database: a template file for SQLite, a server for PostgreSQL."""
    built: dict[str, str] = {}
    with _maybe_postgres() as pg_url:
        if "sqlite" in BACKENDS:
            template = tmp_path_factory.mktemp("db") / "template.sqlite3"
            upgrade(f"sqlite:///{template}")
            built["sqlite"] = str(template)
        if pg_url:
            upgrade(pg_url)
            built["postgresql"] = pg_url
        yield built


@pytest.fixture
def database_url(backend, migrated, tmp_path):
    if backend == "sqlite":
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated["sqlite"], copy)
        return f"sqlite:///{copy}"
    return migrated["postgresql"]


class _NoServer:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _maybe_postgres():
    return postgres_server() if "postgresql" in BACKENDS else _NoServer()


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": True,
        "TENANTS_DIR": str(ROOT / "tenants"),
        "EVIDENCE_DIR": str(tmp_path / "evidence"),
    })
    yield app
    Session.remove()
    engine = app.extensions["engine"]
    _empty(engine)
    engine.dispose()


def _empty(engine) -> None:
    """SQLite tests each get a fresh copy; PostgreSQL is emptied (TRUNCATE fires no row triggers)."""
    if engine.dialect.name == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# -- factories ---------------------------------------------------------------

@pytest.fixture
def make_tenant(app):
    from core.models import Tenant, TenantDecree
    from core.models.scope import all_tenants

    def make(slug: str, *, province_code: str = "32", plugin: str | None = None, **columns):
        with app.app_context(), all_tenants():
            tenant = Tenant(
                slug=slug, name=columns.pop("name", f"Dinas {slug}"), level=columns.pop("level", "kota"),
                province_code=province_code, province_name=columns.pop("province_name", "Jawa Barat"), **columns,
            )
            Session.add(tenant)
            Session.flush()
            if plugin:
                Session.add(TenantDecree(tenant_id=tenant.id, plugin=plugin, effective_from=date(2020, 1, 1)))
            Session.commit()
            Session.expunge(tenant)
            return tenant

    return make


@pytest.fixture
def make_user(app):
    from core.models import User
    from core.access.security import hash_password, issue_token

    def make(role: str, tenant=None, *, email: str | None = None, password: str = "rahasia-123", province_code=None):
        with app.app_context():
            user = User(
                email=email or f"{role}-{tenant.slug if tenant else province_code or 'platform'}@test.id",
                name=f"{role} test", role=role, tenant_id=tenant.id if tenant else None,
                province_code=province_code, password_hash=hash_password(password),
            )
            Session.add(user)
            Session.flush()
            token = issue_token(Session, user)
            Session.commit()
            Session.expunge(user)
            user.token = token
            return user

    return make


def auth(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {user.token}"}


@pytest.fixture
def fiktif(app):
    """The fictional decree registered in this app's registry."""
    from tests.decree_fixture import FictionalDecree

    plugin = FictionalDecree()
    app.extensions["decrees"].register(plugin, "fiktif_2020")
    return plugin


@pytest.fixture
def two_tenants(app, make_tenant, make_user, fiktif):
    """Tenant A and tenant B, each with an admin_dinas, a service type, a request and a complaint."""
    world = {}
    for slug in ("dinas-a", "dinas-b"):
        tenant = make_tenant(slug, plugin="fiktif_2020", province_code="32" if slug == "dinas-a" else "18")
        admin = make_user("admin_dinas", tenant)
        client = app.test_client()
        headers = auth(admin)
        st = client.post(f"/api/v1/tenants/{slug}/service-types", headers=headers, json={
            "code": "rujukan", "name": f"Rujukan {slug} SECRET-{slug}", "time_norm": "7 hari kerja"})
        assert st.status_code == 201, st.get_json()
        rq = client.post(f"/api/v1/tenants/{slug}/service-requests", headers=headers, json={
            "service": "rujukan", "reference": f"REQ-{slug}", "applicant_name": f"Warga SECRET-{slug}",
            "received_at": "2024-03-04T09:00:00+07:00"})
        assert rq.status_code == 201, rq.get_json()
        cp = client.post(f"/api/v1/tenants/{slug}/complaints", headers=headers, json={
            "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
            "description": f"Petugas tidak sopan SECRET-{slug}", "occurred_at": "2024-03-05T10:00:00+07:00",
            "service_request_id": rq.get_json()["id"]})
        assert cp.status_code == 201, cp.get_json()
        world[slug] = {
            "tenant": tenant, "admin": admin, "service_type": st.get_json(), "request": rq.get_json(),
            "complaint": cp.get_json(),
        }
        # calendar objects of each agency's own, in a year no request of the fixture reaches
        day_off = client.post(f"/api/v1/tenants/{slug}/calendar/days-off", headers=headers,
                              json={"day": "2030-01-02", "name": f"Libur SECRET-{slug}"})
        kahar = client.post(f"/api/v1/tenants/{slug}/calendar/kahar", headers=headers, json={
            "starts_at": "2030-01-03T08:00:00+07:00", "ends_at": "2030-01-03T09:00:00+07:00", "reason": f"Banjir SECRET-{slug}"})
        assert day_off.status_code == 201 and kahar.status_code == 201, (day_off.get_json(), kahar.get_json())
        world[slug].update(day_off=day_off.get_json(), kahar=kahar.get_json())
    return world


def decide_case(client, petugas, pimpinan, slug: str, complaint_id: str) -> dict:
    """Take a complaint the way staff do: the officer verifies it and sends it to the head, who
    records the decree's decision (core/casework/workflow.py). Returns the decision recorded."""
    url = f"/api/v1/tenants/{slug}/complaints/{complaint_id}"

    def version() -> str:
        return str(client.get(url, headers=auth(pimpinan)).get_json()["version"])

    for step in ("verified", "under_assessment"):
        moved = client.post(f"{url}/transitions", headers={**auth(petugas), "If-Match": version()}, json={"to": step})
        assert moved.status_code == 200, moved.get_json()
    decided = client.post(f"{url}/decision", headers={**auth(pimpinan), "If-Match": version()}, json={})
    assert decided.status_code == 201, decided.get_json()
    return decided.get_json()
