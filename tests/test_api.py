"""The JSON API: schemas in and out, the error format, versions and the audit trail."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tests.conftest import auth

SERVICE = {"code": "rujukan", "name": "Layanan rujukan", "unit": "Rehabilitasi Sosial", "time_norm": "7 hari kerja"}


@pytest.fixture
def dinas(make_tenant, make_user, fiktif):
    tenant = make_tenant("dinas-a", plugin="fiktif_2020")
    return {
        "tenant": tenant,
        "admin": make_user("admin_dinas", tenant),
        "petugas": make_user("petugas", tenant),
        "pimpinan": make_user("pimpinan", tenant),
    }


def _error(response, status):
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_openapi_document_is_generated_from_the_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/tenants/{slug}/complaints/{complaint_id}" in spec["paths"]
    assert "/api/v1/tenants/{slug}/decisions/preview" in spec["paths"]
    assert {"ServiceType", "Complaint", "Facts", "Decision", "Error"} <= set(spec["components"]["schemas"])
    patch = spec["paths"]["/api/v1/tenants/{slug}/complaints/{complaint_id}"]["patch"]
    assert "409" in patch["responses"] and any(p["name"] == "If-Match" for p in patch["parameters"])


def test_service_type_crud(app, dinas):
    client, headers = app.test_client(), auth(dinas["admin"])
    created = client.post("/api/v1/tenants/dinas-a/service-types", headers=headers, json=SERVICE)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["norm"] == {"minimum": 7.0, "maximum": 7.0, "unit": "hari", "working": True, "clock_starts": "diterima",
                            "working_hours": None}
    url = f"/api/v1/tenants/dinas-a/service-types/{body['id']}"
    assert client.get(url, headers=headers).get_json()["name"] == "Layanan rujukan"
    changed = client.patch(url, headers=headers, json={"time_norm": "1 s/d 2 hari kerja"})
    assert changed.status_code == 200 and changed.get_json()["norm"]["maximum"] == 2.0
    listed = client.get("/api/v1/tenants/dinas-a/service-types", headers=headers).get_json()
    assert [s["code"] for s in listed] == ["rujukan"]
    assert client.delete(url, headers=headers).status_code == 204
    _error(client.get(url, headers=headers), 404)


def test_bad_service_type_input_names_the_field(app, dinas):
    client, headers = app.test_client(), auth(dinas["admin"])
    error = _error(client.post("/api/v1/tenants/dinas-a/service-types", headers=headers,
                               json={**SERVICE, "time_norm": "secepatnya"}), 422)
    assert "time_norm" in error["fields"] and "secepatnya" in error["fields"]["time_norm"][0]
    error = _error(client.post("/api/v1/tenants/dinas-a/service-types", headers=headers, json={"code": "X Y"}), 422)
    assert {"code", "name", "time_norm"} <= set(error["fields"])
    client.post("/api/v1/tenants/dinas-a/service-types", headers=headers, json=SERVICE)
    _error(client.post("/api/v1/tenants/dinas-a/service-types", headers=headers, json=SERVICE), 409)


def test_body_must_be_json(app, dinas):
    client, headers = app.test_client(), auth(dinas["admin"])
    _error(client.post("/api/v1/tenants/dinas-a/service-types", headers=headers, data="code=x"), 400)
    _error(client.post("/api/v1/tenants/dinas-a/service-types", headers={**headers, "Content-Type": "application/json"},
                       data="{not json"), 400)


def test_roles_are_checked_by_the_policy(app, dinas):
    client = app.test_client()
    error = _error(client.post("/api/v1/tenants/dinas-a/service-types", headers=auth(dinas["petugas"]), json=SERVICE), 403)
    assert "service_type.write" in error["message"]


def test_service_request_gets_its_deadline_from_the_norm(app, dinas):
    client, headers = app.test_client(), auth(dinas["admin"])
    client.post("/api/v1/tenants/dinas-a/service-types", headers=headers, json=SERVICE)
    petugas = auth(dinas["petugas"])
    bad = _error(client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
        "service": "tidak_ada", "reference": "R1", "applicant_name": "Ani", "received_at": "2024-03-04T09:00:00+07:00"}), 422)
    assert "service" in bad["fields"]
    created = client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
        "service": "rujukan", "reference": "R1", "applicant_name": "Ani", "received_at": "2024-03-04T09:00:00+07:00"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["status"] == "received" and body["service"] == "rujukan"
    # 7 working days from Monday 4 March 2024 09:00 WIB; Nyepi (11 March) and its cuti bersama (12 March) are off
    assert datetime.fromisoformat(body["due_at"]) == datetime.fromisoformat("2024-03-15T09:00:00+07:00")
    assert client.patch(f"/api/v1/tenants/dinas-a/service-requests/{body['id']}", headers=petugas,
                        json={"completed_at": "2024-03-12T10:00:00+07:00"}).status_code == 428
    done = client.patch(f"/api/v1/tenants/dinas-a/service-requests/{body['id']}", headers={**petugas, "If-Match": "1"},
                        json={"completed_at": "2024-03-12T10:00:00+07:00"})
    assert done.get_json()["status"] == "completed"
    naive = _error(client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
        "service": "rujukan", "reference": "R2", "applicant_name": "Ani", "received_at": "2024-03-04T09:00:00"}), 422)
    assert "received_at" in naive["fields"]


COMPLAINT = {
    "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
    "description": "Petugas membentak saya", "occurred_at": "2024-03-05T10:00:00+07:00",
}


def test_complaint_intake_listing_and_versioned_changes(app, dinas):
    client = app.test_client()
    petugas, pimpinan = auth(dinas["petugas"]), auth(dinas["pimpinan"])
    created = client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT)
    assert created.status_code == 201
    complaint = created.get_json()
    assert complaint["version"] == 1 and len(complaint["tracking_code"]) == 10 and complaint["status"] == "received"
    assert [c["id"] for c in client.get("/api/v1/tenants/dinas-a/complaints", headers=petugas).get_json()] == [complaint["id"]]
    url = f"/api/v1/tenants/dinas-a/complaints/{complaint['id']}"

    _error(client.patch(url, headers=petugas, json={"description": "Petugas membentak saya di loket 2"}), 428)
    ok = client.patch(url, headers={**petugas, "If-Match": "1"}, json={"description": "Petugas membentak saya di loket 2"})
    assert ok.status_code == 200 and ok.get_json()["version"] == 2 and ok.headers["ETag"] == '"2"'  # RFC 7232: quoted
    stale = _error(client.patch(url, headers={**pimpinan, "If-Match": "1"}, json={"conduct": "tidak_sesuai_sop"}), 409)
    assert stale["code"] == "stale"
    assert client.get(url, headers=petugas).get_json()["conduct"] == "tidak_sopan", "nothing was overwritten"
    # the status and the assessment move only through the workflow's transitions (tests/test_workflow.py)
    assert "status" in _error(client.patch(url, headers={**pimpinan, "If-Match": "2"}, json={"status": "closed"}), 422)["fields"]
    _error(client.patch(url, headers={**pimpinan, "If-Match": "2"}, json={"assessment": "terbukti"}), 422)
    assert client.get(url, headers=petugas).get_json()["status"] == "received"


def test_every_change_of_a_case_is_audited(app, dinas):
    client = app.test_client()
    petugas, pimpinan = auth(dinas["petugas"]), auth(dinas["pimpinan"])
    complaint = client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT).get_json()
    url = f"/api/v1/tenants/dinas-a/complaints/{complaint['id']}"
    client.post(url + "/transitions", headers={**petugas, "If-Match": "1"}, json={"to": "verified"})
    client.patch(url, headers={**pimpinan, "If-Match": "2"}, json={"conduct": "tidak_sesuai_sop"})
    events = client.get(url + "/audit", headers=pimpinan).get_json()
    assert [e["action"] for e in events] == ["create", "update", "update"]
    assert events[0]["actor_id"] == dinas["petugas"].id and events[0]["after"]["description"] == "Petugas membentak saya"
    assert events[1]["actor_id"] == dinas["petugas"].id
    assert events[1]["before"] == {"status": "received"} and events[1]["after"] == {"status": "verified"}
    assert events[2]["actor_id"] == dinas["pimpinan"].id
    assert events[2]["before"] == {"conduct": "tidak_sopan"} and events[2]["after"] == {"conduct": "tidak_sesuai_sop"}
    _error(client.get(url + "/audit", headers=petugas), 403)


def test_stale_write_between_two_sessions_is_refused(app, dinas):
    """Two officers load the same case; the second write fails instead of overwriting the first."""
    from core.platform.db import session_factory
    from core.models import Complaint
    from core.models.scope import tenant_scope

    client = app.test_client()
    created = client.post("/api/v1/tenants/dinas-a/complaints", headers=auth(dinas["petugas"]), json=COMPLAINT).get_json()
    with app.app_context(), tenant_scope(dinas["tenant"].id):
        first, second = session_factory(), session_factory()
        a = first.scalar(select(Complaint))
        b = second.scalar(select(Complaint))
        a.status = "verified"
        first.commit()
        b.status = "closed"
        with pytest.raises(StaleDataError):
            second.commit()
        second.rollback()
        first.close(), second.close()
    assert client.get(f"/api/v1/tenants/dinas-a/complaints/{created['id']}", headers=auth(dinas["petugas"])).get_json()["status"] == "verified"


def test_decision_preview_and_case_decision(app, dinas):
    client = app.test_client()
    petugas = auth(dinas["petugas"])
    preview = client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=petugas,
                          json={"component": "jangka_waktu", "lateness_days": 3, "occurred_at": "2024-03-05T10:00:00+07:00"})
    assert preview.status_code == 200, preview.get_json()
    assert preview.get_json()["compensations"][0]["code"] == "maaf_tertulis"
    error = _error(client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=petugas,
                               json={"component": "jangka_waktu", "occurred_at": "2024-03-05T10:00:00+07:00"}), 422)
    assert "lateness_days" in error["fields"]
    error = _error(client.post("/api/v1/tenants/dinas-a/decisions/preview", headers=petugas,
                               json={"component": "jangka_waktu", "lateness_days": -2}), 422)
    assert "lateness_days" in error["fields"]

    complaint = client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT).get_json()
    url = f"/api/v1/tenants/dinas-a/complaints/{complaint['id']}"
    client.post(f"{url}/transitions", headers={**petugas, "If-Match": "1"}, json={"to": "verified"})
    client.post(f"{url}/transitions", headers={**petugas, "If-Match": "2"}, json={"to": "under_assessment"})
    decided = client.post(f"{url}/decision", headers={**auth(dinas["pimpinan"]), "If-Match": "3"}, json={})
    assert decided.status_code == 201, decided.get_json()
    from core.platform.db import Session
    from core.models import CaseDecision
    from core.models.scope import tenant_scope

    with app.app_context(), tenant_scope(dinas["tenant"].id):
        record = Session.scalar(select(CaseDecision))
        assert (record.plugin, record.plugin_version) == ("fiktif_2020", "0.0.1")
        assert record.facts["component"] == "perilaku_pelaksana" and record.decision["applies"] is True


def test_provincial_admin_reads_its_province_only(app, make_tenant, make_user, fiktif):
    make_tenant("dinas-jabar", province_code="32", plugin="fiktif_2020")
    make_tenant("dinas-lampung", province_code="18", plugin="fiktif_2020")
    provinsi = make_user("admin_provinsi", province_code="32")
    platform = make_user("admin_platform")
    client = app.test_client()
    assert [t["slug"] for t in client.get("/api/v1/tenants", headers=auth(provinsi)).get_json()] == ["dinas-jabar"]
    assert client.get("/api/v1/tenants/dinas-jabar/complaints", headers=auth(provinsi)).status_code == 200
    assert client.get("/api/v1/tenants/dinas-lampung/complaints", headers=auth(provinsi)).status_code == 404
    _error(client.post("/api/v1/tenants/dinas-jabar/complaints", headers=auth(provinsi), json=COMPLAINT), 403)
    assert len(client.get("/api/v1/tenants", headers=auth(platform)).get_json()) == 2


def test_compare_asks_every_decree_the_same_question(app, make_user, make_tenant):
    provinsi = make_user("admin_provinsi", province_code="32")
    petugas = make_user("petugas", make_tenant("dinas-a"))
    client = app.test_client()
    facts = {"component": "perilaku_pelaksana", "conduct": "tidak_sopan", "channel": "tertulis",
             "occurred_at": "2024-06-05T10:00:00+07:00"}
    answers = client.post("/api/v1/decisions/compare", headers=auth(provinsi), json=facts)
    assert answers.status_code == 200, answers.get_json()
    by_plugin = {a["decree"]["plugin"]: a for a in answers.get_json()}
    assert set(by_plugin) == set(app.extensions["decrees"].names())
    assert by_plugin["kota_bekasi_2023"]["severity"] == "sedang"
    assert by_plugin["prov_lampung_2024"]["applies"] is False
    assert by_plugin["kab_bekasi_2023"]["applies"] is False
    assert by_plugin["kab_belitung_2023"]["sanctions"]["choose_one_of"] == ["teguran", "pembinaan"]
    _error(client.post("/api/v1/decisions/compare", headers=auth(petugas), json=facts), 403)
    late = client.post("/api/v1/decisions/compare", headers=auth(provinsi),
                       json={"component": "perilaku_pelaksana", "channel": "tertulis"}).get_json()
    kota = next(a for a in late if a["decree"]["plugin"] == "kota_bekasi_2023")
    assert "conduct" in kota["error"]["fields"]


def test_a_service_request_with_a_complaint_is_never_deleted(app, dinas):
    client, admin, petugas = app.test_client(), auth(dinas["admin"]), auth(dinas["petugas"])
    client.post("/api/v1/tenants/dinas-a/service-types", headers=admin, json=SERVICE)
    made = [client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
        "service": "rujukan", "reference": ref, "applicant_name": "Ani",
        "received_at": "2024-03-04T09:00:00+07:00"}).get_json() for ref in ("R1", "R2")]
    client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json={**COMPLAINT, "service_request_id": made[0]["id"]})
    _error(client.delete(f"/api/v1/tenants/dinas-a/service-requests/{made[0]['id']}", headers=petugas), 409)
    assert client.delete(f"/api/v1/tenants/dinas-a/service-requests/{made[1]['id']}", headers=petugas).status_code == 204
    listed = client.get("/api/v1/tenants/dinas-a/service-requests", headers=petugas).get_json()
    assert [r["reference"] for r in listed] == ["R1"]


def test_the_openapi_document_validates_and_documents_our_errors(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    one = spec["paths"]["/api/v1/tenants/{slug}/complaints/{complaint_id}"]
    assert {"401", "403", "404"} <= set(one["get"]["responses"])
    assert {"409", "428"} <= set(one["patch"]["responses"]) and "412" not in one["patch"]["responses"]
    listing = spec["paths"]["/api/v1/tenants/{slug}/complaints"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"page", "page_size"}
    assert spec["components"]["schemas"]["Error"]["properties"]["error"]


def test_listings_are_paged_and_counted_when_asked(app, dinas):
    import json

    client, headers = app.test_client(), auth(dinas["petugas"])
    for n in range(3):
        client.post("/api/v1/tenants/dinas-a/complaints", headers=headers, json={**COMPLAINT, "description": f"ke-{n}"})
    first = client.get("/api/v1/tenants/dinas-a/complaints?page_size=2", headers=headers)
    assert len(first.get_json()) == 2
    assert json.loads(first.headers["X-Pagination"]) == {"page": 1, "page_size": 2, "first_page": 1, "next_page": 2}
    page = client.get("/api/v1/tenants/dinas-a/complaints?page=2&page_size=2&count=true", headers=headers)
    assert page.status_code == 200 and len(page.get_json()) == 1
    assert json.loads(page.headers["X-Pagination"]) == {
        "page": 2, "page_size": 2, "first_page": 1, "previous_page": 1, "total": 3, "total_pages": 2, "last_page": 2}
    beyond = client.get("/api/v1/tenants/dinas-a/complaints?page=9&page_size=2&count=true", headers=headers)
    assert beyond.get_json() == [] and json.loads(beyond.headers["X-Pagination"])["total"] == 3
    error = _error(client.get("/api/v1/tenants/dinas-a/complaints?page_size=501", headers=headers), 422)
    assert "page_size" in error["fields"]
    error = _error(client.get("/api/v1/tenants/dinas-a/complaints?page=nol", headers=headers), 422)
    assert "page" in error["fields"]


@pytest.mark.parametrize("listing", ["service-requests", "complaints", "service-types"])
def test_a_listing_costs_the_same_number_of_statements_for_5_rows_or_40(app, dinas, listing):
    """Relationships are loaded with the page (selectinload), never one query per row."""
    from sqlalchemy import event

    client, admin, petugas = app.test_client(), auth(dinas["admin"]), auth(dinas["petugas"])
    engine = app.extensions["engine"]

    def add(start, count):
        for n in range(start, start + count):
            client.post("/api/v1/tenants/dinas-a/service-types", headers=admin,
                        json={**SERVICE, "code": f"layanan_{n}"})
            client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
                "service": f"layanan_{n}", "reference": f"R{n}", "applicant_name": "Ani",
                "received_at": "2024-03-04T09:00:00+07:00"})
            client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT)

    def statements() -> int:
        seen = []
        listener = lambda *args, **kwargs: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = client.get(f"/api/v1/tenants/dinas-a/{listing}?page_size=100", headers=petugas)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200
        return len(seen), len(response.get_json())

    add(0, 5)
    few, rows_few = statements()
    add(5, 35)
    many, rows_many = statements()
    assert (rows_few, rows_many) == (5, 40)
    assert few == many, f"{few} statements for 5 rows, {many} for 40"


def test_odd_versions_and_pages_are_refused_or_empty_never_a_server_error(app, dinas):
    client, petugas = app.test_client(), auth(dinas["petugas"])
    complaint = client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT).get_json()
    url = f"/api/v1/tenants/dinas-a/complaints/{complaint['id']}"
    for if_match in ("*", "abc", 'W/"1"', "2", ""):
        response = client.patch(url, headers={**petugas, "If-Match": if_match}, json={"conduct": "tidak_sesuai_sop"})
        assert response.status_code in (409, 428), (if_match, response.status_code)
    assert client.get(url, headers={**petugas, "If-None-Match": '"1"'}).status_code == 304
    far = _error(client.get("/api/v1/tenants/dinas-a/complaints?page=99999999999999999999", headers=petugas), 422)
    assert "page" in far["fields"]
    past_the_end = client.get("/api/v1/tenants/dinas-a/complaints?page=10000000", headers=petugas)
    assert past_the_end.status_code == 200 and past_the_end.get_json() == []
    broken = _error(client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, data="{",
                                content_type="application/json"), 400)
    assert broken["message"] == "the body is not valid JSON"


def test_a_wrong_method_names_the_allowed_ones_and_a_large_body_is_413(app, dinas):
    client, headers = app.test_client(), auth(dinas["petugas"])
    wrong = client.put("/api/v1/tenants/dinas-a/complaints", headers=headers, json={})
    assert wrong.status_code == 405 and {"GET", "POST"} <= set(wrong.headers["Allow"].replace(" ", "").split(","))
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    big = client.post("/api/v1/tenants/dinas-a/complaints", headers=headers, data="[" + "1," * 600_000 + "1]",
                      content_type="application/json")
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "request_entity_too_large"
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"400", "413", "422"} <= set(spec["paths"]["/api/v1/tenants/{slug}/complaints"]["post"]["responses"])


def test_moments_come_back_in_the_agencys_offset_from_post_and_get_alike(app, dinas):
    client, admin, petugas = app.test_client(), auth(dinas["admin"]), auth(dinas["petugas"])
    client.post("/api/v1/tenants/dinas-a/service-types", headers=admin, json=SERVICE)
    posted = client.post("/api/v1/tenants/dinas-a/service-requests", headers=petugas, json={
        "service": "rujukan", "reference": "R1", "applicant_name": "Ani", "received_at": "2024-03-04T02:00:00+00:00"}).get_json()
    got = client.get(f"/api/v1/tenants/dinas-a/service-requests/{posted['id']}", headers=petugas).get_json()
    listed = client.get("/api/v1/tenants/dinas-a/service-requests", headers=petugas).get_json()[0]
    assert posted["received_at"] == got["received_at"] == listed["received_at"] == "2024-03-04T09:00:00+07:00"
    assert posted["due_at"] == got["due_at"] and got["due_at"].endswith("+07:00")
    complaint = client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT).get_json()
    again = client.get(f"/api/v1/tenants/dinas-a/complaints/{complaint['id']}", headers=petugas).get_json()
    assert complaint["received_at"] == again["received_at"] and again["received_at"].endswith("+07:00")


def test_the_create_event_records_what_was_stored(app, dinas):
    client, petugas, pimpinan = app.test_client(), auth(dinas["petugas"]), auth(dinas["pimpinan"])
    complaint = client.post("/api/v1/tenants/dinas-a/complaints", headers=petugas, json=COMPLAINT).get_json()
    created = client.get(f"/api/v1/tenants/dinas-a/complaints/{complaint['id']}/audit", headers=pimpinan).get_json()[0]
    after = created["after"]
    assert (after["status"], after["version"], after["anonymous"]) == ("received", 1, False)
    assert after["tracking_code"] == complaint["tracking_code"] and after["received_at"]
