"""Sane domains, set once in the schemas and the time module: inputs that broke the server are
refused with the field named, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import auth

SERVICE = {"code": "rujukan", "name": "Layanan rujukan", "time_norm": "7 hari kerja"}
REQUEST = {"service": "rujukan", "reference": "R1", "applicant_name": "Ani", "received_at": "2024-03-04T09:00:00+07:00"}
COMPLAINT = {"channel": "tertulis", "component": "biaya", "description": "Dipungut biaya",
             "occurred_at": "2024-03-05T10:00:00+07:00"}


@pytest.fixture
def dinas(app, make_tenant, make_user):
    tenant = make_tenant("dinas-a", plugin="kota_bekasi_2023")
    admin = make_user("admin_dinas", tenant)
    client = app.test_client()
    assert client.post("/api/v1/tenants/dinas-a/service-types", headers=auth(admin), json=SERVICE).status_code == 201
    return {"tenant": tenant, "admin": admin, "client": client}


def _rows(app, tenant) -> tuple[int, int, int]:
    from core.platform.db import Session
    from core.models import Complaint, ServiceRequest, ServiceType
    from core.models.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant.id):
        return tuple(Session.scalar(select(func.count(m.id))) for m in (ServiceType, ServiceRequest, Complaint))


@pytest.mark.parametrize(("path", "body", "field"), [
    ("service-requests", {**REQUEST, "received_at": "1800-01-01T00:00:00+07:00"}, "received_at"),
    ("service-requests", {**REQUEST, "received_at": "9999-01-01T00:00:00+07:00"}, "received_at"),
    ("service-requests", {**REQUEST, "completed_at": "2024-03-01T09:00:00+07:00"}, "completed_at"),
    ("service-requests", {**REQUEST, "applicant_name": "Ani\u0000"}, "applicant_name"),
    ("service-requests", {**REQUEST, "applicant_name": "Ani\ud800"}, "applicant_name"),
    ("service-types", {**SERVICE, "code": "lama", "time_norm": "2000000 hari kerja"}, "time_norm"),
    ("service-types", {**SERVICE, "code": "lama", "time_norm": "99999999 tahun"}, "time_norm"),
    ("complaints", {**COMPLAINT, "description": "x\u0000y"}, "description"),
    ("complaints", {**COMPLAINT, "occurred_at": "0001-01-01T00:00:00+07:00"}, "occurred_at"),
    ("decisions/preview", {"component": "biaya", "channel": "lisan\u0000"}, "channel"),
])
def test_inputs_that_broke_the_server_are_refused_naming_the_field(app, dinas, path, body, field):
    before = _rows(app, dinas["tenant"])
    response = dinas["client"].post(f"/api/v1/tenants/dinas-a/{path}", headers=auth(dinas["admin"]), json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert _rows(app, dinas["tenant"]) == before, "nothing was written"


def test_a_body_nested_200000_deep_is_a_bad_request(app, dinas):
    deep = "[" * 200_000 + "]" * 200_000
    response = dinas["client"].post("/api/v1/tenants/dinas-a/complaints", headers=auth(dinas["admin"]),
                                    data=deep, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


def test_a_change_that_puts_a_requests_times_out_of_order_is_refused(app, dinas):
    client, admin = dinas["client"], auth(dinas["admin"])
    made = client.post("/api/v1/tenants/dinas-a/service-requests", headers=admin, json=REQUEST).get_json()
    url = f"/api/v1/tenants/dinas-a/service-requests/{made['id']}"
    response = client.patch(url, headers={**admin, "If-Match": "1"}, json={"documents_complete_at": "2024-03-01T09:00:00+07:00"})
    assert response.status_code == 422 and "documents_complete_at" in response.get_json()["error"]["fields"]
    assert client.get(url, headers=admin).get_json()["documents_complete_at"] is None


def test_a_request_on_a_retired_service_type_is_refused(app, dinas):
    client, admin = dinas["client"], auth(dinas["admin"])
    client.post("/api/v1/tenants/dinas-a/service-requests", headers=admin, json=REQUEST)
    service_type = client.get("/api/v1/tenants/dinas-a/service-types", headers=admin).get_json()[0]
    assert client.delete(f"/api/v1/tenants/dinas-a/service-types/{service_type['id']}", headers=admin).status_code == 204
    response = client.post("/api/v1/tenants/dinas-a/service-requests", headers=admin, json={**REQUEST, "reference": "R2"})
    assert response.status_code == 422 and "service" in response.get_json()["error"]["fields"]
