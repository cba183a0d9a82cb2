"""The request path: no write on a read, work done once per process, listings read in index order.

Speed itself is measured by ``bench/request_path.py``; these tests pin the properties that make it fast.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from tests.conftest import auth

SERVICE = {"code": "rujukan", "name": "Layanan rujukan", "time_norm": "3 hari kerja"}
COMPLAINT = {"channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
             "description": "Petugas membentak saya", "occurred_at": "2024-03-05T10:00:00+07:00",
             "complainant_name": "Siti", "anonymous": True}
FACTS = {"component": "jangka_waktu", "channel": "tertulis", "lateness_days": 2, "occurred_at": "2024-03-05T10:00:00+07:00"}


@pytest.fixture
def dinas(make_tenant, make_user, fiktif):
    tenant = make_tenant("dinas-a", plugin="fiktif_2020")
    return {"tenant": tenant, "admin": make_user("admin_dinas", tenant), "petugas": make_user("petugas", tenant),
            "pimpinan": make_user("pimpinan", tenant)}


def _statements(_app):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement.split(None, 1)[0].upper())

    return seen, record


def test_an_authenticated_read_writes_nothing_and_costs_one_statement_before_its_own(app, dinas):
    """The token, its user and the URL's tenant come in one query; a read never writes (the
    token's last use is recorded after the response, at most once a minute)."""
    client, headers = app.test_client(), auth(dinas["petugas"])
    client.get("/api/v1/me", headers=headers).close()  # the first use of the token is recorded
    engine = app.extensions["engine"]
    seen, record = _statements(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        me = list(seen)
        seen.clear()
        assert client.get("/api/v1/tenants/dinas-a", headers=headers).status_code == 200
        tenant = list(seen)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert [s for s in me + tenant if s != "SELECT"] == [], (me, tenant)  # no INSERT, UPDATE, DELETE
    assert me.count("SELECT") == 1 and tenant.count("SELECT") == 1, (me, tenant)


def test_a_tokens_last_use_is_recorded_at_most_once_a_minute(app, dinas):
    from core.platform.db import Session
    from core.models import ApiToken

    client, headers = app.test_client(), auth(dinas["petugas"])
    # The use is written after the response has gone, when the server closes it.
    with app.app_context():
        assert set(Session.scalars(select(ApiToken.last_used_at)).all()) == {None}
    client.get("/api/v1/me", headers=headers).close()  # as a WSGI server does, once the response is sent
    with app.app_context():
        first = Session.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == dinas["petugas"].id))
    assert first is not None and datetime.now(timezone.utc) - first < timedelta(minutes=1)
    client.get("/api/v1/me", headers=headers).close()  # as a WSGI server does, once the response is sent
    with app.app_context():
        again = Session.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == dinas["petugas"].id))
        assert again == first  # within the minute: not written again
        token = Session.scalar(select(ApiToken).where(ApiToken.user_id == dinas["petugas"].id))
        token.last_used_at = first - timedelta(minutes=2)
        Session.commit()
    client.get("/api/v1/me", headers=headers).close()  # as a WSGI server does, once the response is sent
    with app.app_context():
        later = Session.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == dinas["petugas"].id))
    assert later > first
    listed = client.get("/api/v1/me/tokens", headers=headers).get_json()
    assert listed[0]["last_used_at"] is not None


def test_the_openapi_document_is_built_once_per_process(app, monkeypatch):
    from core.api import api

    client = app.test_client()
    first = client.get("/api/v1/openapi.json")
    monkeypatch.setattr(api.spec, "to_dict", lambda: pytest.fail("the document was rebuilt"))
    second = client.get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200 and first.data == second.data


def test_request_schemas_are_built_once_not_per_request(app, dinas, monkeypatch):
    from marshmallow import Schema

    client, headers = app.test_client(), auth(dinas["petugas"])
    client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=headers, json=FACTS)
    built = []
    original = Schema.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Schema, "__init__", counting)
    assert client.post("/api/v1/tenants/dinas-a/complaints", headers=headers, json=COMPLAINT).status_code == 201
    assert client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=headers, json=FACTS).status_code == 200
    assert client.get("/api/v1/tenants/dinas-a/complaints", headers=headers).status_code == 200
    assert [name for name in built if name != "ListingMetadataSchema"] == []


def test_the_evaluation_context_is_kept_until_the_tenant_changes(app, dinas):
    """A preview reads no calendar, catalogue or binding rows once the tenant's context is kept;
    adding a service type or a day off moves the tenant's context version and the next request
    sees the change."""
    from core.platform.db import Session
    from core.models import DayOff, Tenant
    from core.models.scope import tenant_scope

    client, headers = app.test_client(), auth(dinas["petugas"])
    admin = auth(dinas["admin"])
    assert client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=headers, json=FACTS).status_code == 200
    engine = app.extensions["engine"]
    seen, record = _statements(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=headers, json=FACTS).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert seen.count("SELECT") == 1, seen  # the token lookup (with the tenant), nothing else

    def version():
        with app.app_context():
            return Session.scalar(select(Tenant.context_version).where(Tenant.slug == "dinas-a"))

    before = version()
    assert client.post("/api/v1/tenants/dinas-a/service-types", headers=admin, json=SERVICE).status_code == 201
    assert version() == before + 1
    with app.app_context(), tenant_scope(dinas["tenant"].id):
        Session.add(DayOff(tenant_id=dinas["tenant"].id, day=datetime(2024, 3, 6).date(), name="Libur daerah"))
        Session.commit()
    assert version() == before + 2
    with app.app_context():
        from core.decrees.dispatch import evaluation_context

        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "dinas-a"))
        context = evaluation_context(tenant)
        assert "rujukan" in context.catalogue
        assert not context.calendar.is_working_day(datetime(2024, 3, 6).date())


def test_a_bulk_statement_on_a_context_table_moves_the_version_too(app, dinas):
    from sqlalchemy import delete

    from core.platform.db import Session
    from core.models import DayOff, Tenant
    from core.models.scope import tenant_scope

    with app.app_context():
        before = Session.scalar(select(Tenant.context_version).where(Tenant.slug == "dinas-a"))
        with tenant_scope(dinas["tenant"].id):
            Session.execute(delete(DayOff))
            Session.commit()
        assert Session.scalar(select(Tenant.context_version).where(Tenant.slug == "dinas-a")) == before + 1


def test_a_page_is_dumped_exactly_as_marshmallow_would(app, dinas):
    """The planned dump of a listing (core.api.listing_dump) answers what ``Schema.dump`` answers,
    on every listing schema, with masked identities and moments in the agency's zone."""
    from flask import g

    from core.api.agency_schemas import ServiceRequestSchema
    from core.api.casework_schemas import ComplaintSchema
    from core.http.schemas.catalogue import ServiceTypeSchema
    from core.api.listing_dump import fast_dump
    from core.platform.db import Session
    from core.models import Complaint, ServiceRequest, ServiceType, Tenant
    from core.models.scope import tenant_scope

    client, petugas, admin = app.test_client(), auth(dinas["petugas"]), auth(dinas["admin"])
    client.post("/api/v1/tenants/dinas-a/service-types", headers=admin, json=SERVICE)
    client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
        "service": "rujukan", "reference": "R-1", "applicant_name": "Budi",
        "received_at": "2024-03-04T09:00:00+07:00", "completed_at": "2024-03-05T09:00:00+07:00"})
    client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT)
    client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json={**COMPLAINT, "anonymous": False})
    with app.test_request_context(), tenant_scope(dinas["tenant"].id):
        from flask_login import login_user

        login_user(Session.get(type(dinas["admin"]), dinas["admin"].id))  # admin: anonim names masked
        g.tenant = Session.scalar(select(Tenant).where(Tenant.slug == "dinas-a"))
        for schema, model in ((ComplaintSchema(many=True), Complaint),
                              (ServiceRequestSchema(many=True), ServiceRequest),
                              (ServiceTypeSchema(many=True), ServiceType)):
            rows = Session.scalars(select(model)).all()
            assert rows
            assert fast_dump(schema, rows) == schema.dump(rows)
        from core.access.policy import MASKED

        dumped = fast_dump(ComplaintSchema(many=True), Session.scalars(select(Complaint)).all())
        assert sorted(row["complainant_name"] for row in dumped) == sorted(["Siti", MASKED])
        assert all(row["occurred_at"] == "2024-03-05T10:00:00+07:00" for row in dumped)


def test_listings_are_read_in_the_order_of_an_index_that_leads_with_tenant_id(app, dinas):
    """Each listing's ORDER BY is served by an index (tenant_id, that column): no sort step."""
    from core.api.base import page_of
    from core.models import Complaint, ServiceRequest, ServiceType
    from core.models.scope import tenant_scope

    engine = app.extensions["engine"]
    listings = {
        "complaints": select(Complaint).order_by(Complaint.received_at.desc()),
        "service_requests": select(ServiceRequest).order_by(ServiceRequest.received_at.desc()),
        "service_types": select(ServiceType).order_by(ServiceType.code),
    }
    for table, statement in listings.items():
        with app.app_context(), tenant_scope(dinas["tenant"].id):
            seen = []

            def capture(conn, cursor, sql, parameters, context, executemany):
                if sql.lstrip().upper().startswith("SELECT") and f"FROM {table}" in sql and "LIMIT" in sql:
                    seen.append((sql, parameters))

            event.listen(engine, "before_cursor_execute", capture)
            try:
                page_of(statement, 1, 100, False)
            finally:
                event.remove(engine, "before_cursor_execute", capture)
            sql, parameters = seen[0]
            plan = _plan(engine, sql, parameters)
        assert _uses_index_in_order(engine.dialect.name, plan, table), (table, plan)


def _plan(engine, sql: str, parameters) -> str:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters).all()
            return "\n".join(row[-1] for row in rows)
        connection.exec_driver_sql("ANALYZE")  # statistics of these tables, not of an earlier test's
        connection.exec_driver_sql("SET enable_seqscan = off")  # a small table: ask what the index can do
        rows = connection.exec_driver_sql(f"EXPLAIN {sql}", parameters).all()
        return "\n".join(row[0] for row in rows)


def _uses_index_in_order(dialect: str, plan: str, table: str) -> bool:
    if dialect == "sqlite":
        return ("USING INDEX" in plan or "USING COVERING INDEX" in plan) and "TEMP B-TREE" not in plan
    return "Index Scan" in plan and "Sort" not in plan and f"on {table}" in plan


def test_listing_indexes_lead_with_tenant_id_and_the_sort_column(app):
    from core.platform.db import Base

    wanted = {"complaints": ["tenant_id", "received_at"], "service_requests": ["tenant_id", "received_at"]}
    for table, columns in wanted.items():
        indexes = [[c.name for c in index.columns] for index in Base.metadata.tables[table].indexes]
        assert columns in indexes, (table, indexes)


def test_counting_is_asked_for_and_the_next_page_is_known_without_it(app, dinas):
    client, headers = app.test_client(), auth(dinas["petugas"])
    for n in range(3):
        client.post("/api/v1/tenants/dinas-a/complaints", headers=headers, json={**COMPLAINT, "description": f"{n}"})
    engine = app.extensions["engine"]
    captured = []

    def capture(conn, cursor, statement, *_):
        captured.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        last = client.get("/api/v1/tenants/dinas-a/complaints?page=2&page_size=2", headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert not any("count(" in sql.lower() for sql in captured)
    assert json.loads(last.headers["X-Pagination"]) == {"page": 2, "page_size": 2, "first_page": 1, "previous_page": 1}
    bad = client.get("/api/v1/tenants/dinas-a/complaints?count=perhaps", headers=headers)
    assert bad.status_code == 422 and "count" in bad.get_json()["error"]["fields"]
