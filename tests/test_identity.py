"""Anonim and rahasia complaints hide who complained from everyone not handling the case: in the
API (one case, the list, the audit trail), for every role."""

from __future__ import annotations

import pytest

from tests.conftest import auth

COMPLAINT = {"channel": "tertulis", "component": "biaya", "description": "Dipungut biaya",
             "occurred_at": "2024-03-05T10:00:00+07:00", "complainant_name": "Siti Rahayu",
             "complainant_contact": "0812-0000-1111"}


@pytest.fixture
def office(app, make_tenant, make_user):
    tenant = make_tenant("dinas-a", province_code="32", plugin="kota_bekasi_2023")
    people = {
        "taker": make_user("petugas", tenant, email="taker@a.id"),
        "colleague": make_user("petugas", tenant, email="colleague@a.id"),
        "pimpinan": make_user("pimpinan", tenant),
        "admin_dinas": make_user("admin_dinas", tenant),
        "admin_provinsi": make_user("admin_provinsi", province_code="32"),
        "admin_platform": make_user("admin_platform"),
    }
    return tenant, people


@pytest.mark.parametrize("flag", ["anonymous", "confidential"])
@pytest.mark.parametrize(("viewer", "sees"), [
    ("taker", True), ("pimpinan", True), ("colleague", False), ("admin_dinas", False),
    ("admin_provinsi", False), ("admin_platform", False),
])
def test_who_complained_is_seen_only_by_those_handling_the_case(app, office, flag, viewer, sees):
    _tenant, people = office
    client = app.test_client()
    made = client.post("/api/v1/tenants/dinas-a/complaints", headers=auth(people["taker"]), json={**COMPLAINT, flag: True})
    assert made.status_code == 201
    url = f"/api/v1/tenants/dinas-a/complaints/{made.get_json()['id']}"
    headers = auth(people[viewer])
    bodies = [client.get(url, headers=headers).get_data(as_text=True),
              client.get("/api/v1/tenants/dinas-a/complaints", headers=headers).get_data(as_text=True)]
    audit = client.get(url + "/audit", headers=headers)
    if audit.status_code == 200:
        bodies.append(audit.get_data(as_text=True))
    for body in bodies:
        assert ("Siti Rahayu" in body) is sees and ("0812-0000-1111" in body) is sees
        assert ("(disamarkan)" in body) is not sees


def test_an_ordinary_complaint_shows_its_complainant_to_the_agency(app, office):
    _tenant, people = office
    client = app.test_client()
    made = client.post("/api/v1/tenants/dinas-a/complaints", headers=auth(people["taker"]), json=COMPLAINT).get_json()
    shown = client.get(f"/api/v1/tenants/dinas-a/complaints/{made['id']}", headers=auth(people["colleague"])).get_json()
    assert shown["complainant_name"] == "Siti Rahayu"


def test_a_service_request_is_changed_only_from_the_version_read(app, office):
    _tenant, people = office
    client, admin = app.test_client(), auth(people["admin_dinas"])
    client.post("/api/v1/tenants/dinas-a/service-types", headers=admin,
                json={"code": "rujukan", "name": "Rujukan", "time_norm": "3 hari kerja"})
    made = client.post("/api/v1/tenants/dinas-a/service-requests", headers=admin, json={
        "service": "rujukan", "reference": "R1", "applicant_name": "Ani", "received_at": "2024-03-04T09:00:00+07:00"})
    assert made.headers["ETag"] == '"1"'
    url = f"/api/v1/tenants/dinas-a/service-requests/{made.get_json()['id']}"
    assert client.patch(url, headers=admin, json={"applicant_name": "Ani S."}).status_code == 428
    assert client.patch(url, headers={**admin, "If-Match": '"1"'}, json={"applicant_name": "Ani S."}).status_code == 200
    stale = client.patch(url, headers={**admin, "If-Match": '"1"'}, json={"applicant_name": "Ani Sutrisno"})
    assert stale.status_code == 409 and client.get(url, headers=admin).get_json()["applicant_name"] == "Ani S."
