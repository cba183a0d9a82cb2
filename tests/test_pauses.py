"""An officer pauses one request's clock with a reason from a closed list and resumes it: the
deadline moves by exactly the paused working time; the request is ``paused`` meanwhile."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.agency import pauses
from core.agency.catalogue import save_service_request
from core.platform.db import Session
from core.decrees.dispatch import request_calendar
from core.models import RequestPause, ServiceRequest, Tenant
from core.models.scope import tenant_scope
from tests.conftest import auth

WIB = ZoneInfo("Asia/Jakarta")
FRIDAY = datetime(2024, 9, 13, 10, 0, tzinfo=WIB)  # the Friday before Maulid Nabi (Monday 16 September 2024)
BASE = "/api/v1/tenants/kota-uji/service-requests"


@pytest.fixture
def agency(app, make_tenant, make_user):
    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023")
    world = {"tenant": tenant, "client": app.test_client()}
    for role in ("admin_dinas", "petugas", "pimpinan"):
        world[role] = make_user(role, tenant)
    for code, norm in (("kilat", "1 hari kerja"), ("tiga", "3 hari kerja"), ("dua24", "2 x 24 jam"), ("enam", "6 jam")):
        response = world["client"].post("/api/v1/tenants/kota-uji/service-types", headers=auth(world["admin_dinas"]),
                                        json={"code": code, "name": code, "time_norm": norm})
        assert response.status_code == 201, response.get_json()
    return world


@pytest.fixture
def clock(monkeypatch):
    """The moment the API and the commands take as now."""
    moment = {"now": FRIDAY}
    monkeypatch.setattr("core.api.agency.now", lambda: moment["now"])
    monkeypatch.setattr("core.cli.calendar.now", lambda: moment["now"])
    return moment


def new_request(world, reference="R-1", service="kilat", **times):
    response = world["client"].post(BASE, headers=auth(world["petugas"]), json={
        "service": service, "reference": reference, "applicant_name": "Warga", "received_at": FRIDAY.isoformat(), **times})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def act(world, request, action, body=None, role="petugas", version=None):
    headers = {**auth(world[role]), "If-Match": str(version if version is not None else request["version"])}
    if body is None:
        return world["client"].post(f"{BASE}/{request['id']}/{action}", headers=headers)
    return world["client"].post(f"{BASE}/{request['id']}/{action}", headers=headers, json=body)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 9, day, hour, minute, tzinfo=WIB)


def due(body) -> datetime | None:
    return datetime.fromisoformat(body["due_at"]).astimezone(WIB) if body["due_at"] else None


def test_pause_and_resume_move_the_deadline_by_the_paused_working_time(agency, clock):
    """Hand computation: 1 working day (7.5 h) from Friday 10.00 is Tuesday 17 September 10.00
    (Monday is Maulid Nabi). Paused from Friday 11.00 to 14.00: 11.00–12.00 and 13.00–14.00 are
    2 working hours (12.00–13.00 is the break), so the deadline moves to Tuesday 12.00."""
    request = new_request(agency)
    assert due(request) == at(17, 10)
    clock["now"] = at(13, 11)
    paused = act(agency, request, "pause", {"reason": "menunggu_pemohon"})
    assert paused.status_code == 200, paused.get_json()
    body = paused.get_json()
    assert body["status"] == "paused" and body["due_at"] is None  # the deadline is not known while paused
    assert paused.headers["ETag"] == f'"{body["version"]}"' and body["version"] == request["version"] + 1
    [pause] = body["pauses"]
    assert pause["reason"] == "menunggu_pemohon" and pause["reason_label"] == "Menunggu tindakan/keterangan pemohon"
    assert pause["started_by"] == agency["petugas"].id and datetime.fromisoformat(pause["started_at"]) == at(13, 11)
    assert pause["ended_at"] is None

    clock["now"] = at(13, 14)
    resumed = act(agency, body, "resume", role="pimpinan")
    assert resumed.status_code == 200, resumed.get_json()
    body = resumed.get_json()
    assert body["status"] == "received" and due(body) == at(17, 12)
    assert body["pauses"][0]["ended_by"] == agency["pimpinan"].id
    assert datetime.fromisoformat(body["pauses"][0]["ended_at"]) == at(13, 14)
    listed = agency["client"].get(f"{BASE}/{request['id']}/pauses", headers=auth(agency["petugas"])).get_json()
    assert listed == body["pauses"]
    assert agency["client"].get(BASE, headers=auth(agency["petugas"])).get_json()[0]["pauses"] == body["pauses"]


def test_a_pause_over_the_weekend_and_the_holiday_counts_only_working_time(agency, clock):
    """Paused Friday 15.00 to Tuesday 08.00: Friday 15.00–16.00 and Tuesday 07.30–08.00 are 1.5
    working hours (the weekend and Maulid Nabi count nothing): Tuesday 10.00 becomes 11.30."""
    request = new_request(agency, documents_complete_at=FRIDAY.isoformat())
    assert request["status"] == "in_progress"
    clock["now"] = at(13, 15)
    body = act(agency, request, "pause", {"reason": "menunggu_instansi_lain"}).get_json()
    clock["now"] = at(17, 8)
    body = act(agency, body, "resume").get_json()
    assert due(body) == at(17, 11, 30) and body["status"] == "in_progress"


def test_a_calendar_change_while_paused_keeps_the_request_paused(agency, clock):
    request = new_request(agency)
    clock["now"] = at(13, 11)
    body = act(agency, request, "pause", {"reason": "berkas_belum_lengkap"}).get_json()
    response = agency["client"].post("/api/v1/tenants/kota-uji/calendar/days-off", headers=auth(agency["admin_dinas"]),
                                     json={"day": "2024-09-17", "name": "HUT Kota"})
    assert response.status_code == 201
    again = agency["client"].get(f"{BASE}/{request['id']}", headers=auth(agency["petugas"])).get_json()
    assert again["status"] == "paused" and again["due_at"] is None and again["version"] == body["version"]
    clock["now"] = at(13, 14)
    body = act(agency, again, "resume").get_json()
    assert due(body) == at(18, 12)  # Tuesday is now a day off too


def stored(app, tenant, request_id):
    with app.app_context(), tenant_scope(tenant.id):
        row = Session.scalar(select(ServiceRequest).where(ServiceRequest.id == uuid.UUID(request_id)))
        return row.version, row.status, row.due_at, len(Session.scalars(select(RequestPause)).all())


@pytest.mark.parametrize("body, field", [
    ({}, "reason"), ({"reason": None}, "reason"), ({"reason": ""}, "reason"), ({"reason": "libur"}, "reason"),
    ({"reason": ["menunggu_pemohon"]}, "reason"), ({"reason": "menunggu_pemohon", "extra": 1}, "extra"),
])
def test_a_pause_without_a_reason_from_the_list_is_refused(app, agency, clock, body, field):
    request = new_request(agency)
    before = stored(app, agency["tenant"], request["id"])
    response = act(agency, request, "pause", body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert stored(app, agency["tenant"], request["id"]) == before


def test_pausing_a_finished_request_is_refused(app, agency, clock):
    for reference, times in (("R-done", {"completed_at": at(13, 11).isoformat()}),
                             ("R-handed", {"completed_at": at(13, 11).isoformat(), "handed_over_at": at(13, 12).isoformat()})):
        request = new_request(agency, reference, **times)
        before = stored(app, agency["tenant"], request["id"])
        response = act(agency, request, "pause", {"reason": "menunggu_pemohon"})
        assert response.status_code == 409 and "status" in response.get_json()["error"]["fields"], response.get_json()
        assert stored(app, agency["tenant"], request["id"]) == before


def test_pausing_twice_and_resuming_a_running_request_are_refused(app, agency, clock):
    request = new_request(agency)
    resume = act(agency, request, "resume")
    assert resume.status_code == 409 and "status" in resume.get_json()["error"]["fields"]
    clock["now"] = at(13, 11)
    body = act(agency, request, "pause", {"reason": "menunggu_pemohon"}).get_json()
    before = stored(app, agency["tenant"], request["id"])
    again = act(agency, body, "pause", {"reason": "menunggu_pemohon"})
    assert again.status_code == 409 and "status" in again.get_json()["error"]["fields"]
    assert stored(app, agency["tenant"], request["id"]) == before


def test_a_request_past_its_deadline_cannot_be_paused(app, agency, clock):
    """Its breach has happened: a pause must not hide it from the sweep."""
    request = new_request(agency)
    clock["now"] = at(17, 10, 1)
    before = stored(app, agency["tenant"], request["id"])
    response = act(agency, request, "pause", {"reason": "menunggu_pemohon"})
    assert response.status_code == 409 and "due_at" in response.get_json()["error"]["fields"]
    assert stored(app, agency["tenant"], request["id"]) == before


def test_pause_and_resume_need_the_current_version(app, agency, clock):
    request = new_request(agency)
    before = stored(app, agency["tenant"], request["id"])
    missing = agency["client"].post(f"{BASE}/{request['id']}/pause", headers=auth(agency["petugas"]),
                                    json={"reason": "menunggu_pemohon"})
    assert missing.status_code == 428 and set(missing.get_json()["error"]) == {"code", "message", "fields"}
    stale = act(agency, request, "pause", {"reason": "menunggu_pemohon"}, version=request["version"] + 7)
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale"
    assert stored(app, agency["tenant"], request["id"]) == before
    body = act(agency, request, "pause", {"reason": "menunggu_pemohon"}).get_json()
    assert act(agency, body, "resume", version=request["version"]).status_code == 409
    assert stored(app, agency["tenant"], request["id"])[1] == "paused"


def test_only_officers_pause(app, agency, clock):
    request = new_request(agency)
    before = stored(app, agency["tenant"], request["id"])
    assert act(agency, request, "pause", {"reason": "menunggu_pemohon"}, role="admin_dinas").status_code == 403
    assert stored(app, agency["tenant"], request["id"]) == before
    assert act(agency, request, "pause", {"reason": "menunggu_pemohon"}, role="pimpinan").status_code == 200


def test_another_agencys_officer_gets_404(app, agency, clock, make_tenant, make_user):
    other = make_tenant("dinas-lain", plugin="kota_bekasi_2023")
    stranger = make_user("petugas", other)
    request = new_request(agency)
    before = stored(app, agency["tenant"], request["id"])
    for slug in ("kota-uji", "dinas-lain"):
        for action in ("pause", "resume"):
            response = agency["client"].post(f"/api/v1/tenants/{slug}/service-requests/{request['id']}/{action}",
                                             headers={**auth(stranger), "If-Match": "1"}, json={"reason": "menunggu_pemohon"})
            assert response.status_code == 404, (slug, action, response.get_json())
        assert agency["client"].get(f"/api/v1/tenants/{slug}/service-requests/{request['id']}/pauses",
                                    headers=auth(stranger)).status_code == 404
    assert stored(app, agency["tenant"], request["id"]) == before


def test_pauses_are_in_the_requests_audit_trail(agency, clock):
    request = new_request(agency)
    clock["now"] = at(13, 11)
    body = act(agency, request, "pause", {"reason": "menunggu_pemohon"}).get_json()
    clock["now"] = at(13, 14)
    act(agency, body, "resume")
    trail = agency["client"].get(f"{BASE}/{request['id']}/audit", headers=auth(agency["pimpinan"]))
    assert trail.status_code == 200
    events = [(e["entity"], e["action"]) for e in trail.get_json()]
    assert events == [("service_requests", "create"), ("request_pauses", "create"), ("service_requests", "update"),
                      ("request_pauses", "update"), ("service_requests", "update")]
    pause_created = trail.get_json()[1]
    assert pause_created["actor_id"] == agency["petugas"].id and pause_created["after"]["reason"] == "menunggu_pemohon"
    assert trail.get_json()[2]["after"]["status"] == "paused"
    assert trail.get_json()[3]["after"]["ended_by"] == agency["petugas"].id
    assert agency["client"].get(f"{BASE}/{request['id']}/audit", headers=auth(agency["petugas"])).status_code == 403


def test_completing_a_paused_request_ends_what_its_pause_stopped(app, agency, clock):
    """A pause still open when the request is completed stops its clock until completion only."""
    request = new_request(agency)
    clock["now"] = at(13, 11)
    body = act(agency, request, "pause", {"reason": "menunggu_pemohon"}).get_json()
    done = agency["client"].patch(f"{BASE}/{request['id']}", headers={**auth(agency["petugas"]), "If-Match": str(body["version"])},
                                  json={"completed_at": at(13, 14).isoformat()})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "completed" and due(done.get_json()) == at(17, 12)


# -- any pause interval --------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(start=st.integers(0, 4 * 24 * 7), length=st.integers(1, 4 * 24 * 10), service=st.sampled_from(["tiga", "dua24", "enam"]))
def test_resuming_moves_the_deadline_by_exactly_the_paused_time(app, agency, start, length, service):
    """For any pause (in quarter hours) that starts before the deadline: the deadline moves by the
    working time paused (a working-day or hour norm) or the elapsed time paused (2 x 24 jam)."""
    registry = app.extensions["decrees"]
    with app.app_context():
        tenant = Session.get(Tenant, agency["tenant"].id)
        with tenant_scope(tenant.id):
            request = save_service_request(registry, tenant, {
                "service": service, "reference": uuid.uuid4().hex[:20], "applicant_name": "Warga", "received_at": FRIDAY})
            Session.commit()
            before = request.due_at
            paused_at, resumed_at = FRIDAY + timedelta(minutes=15 * start), FRIDAY + timedelta(minutes=15 * (start + length))
            assume(paused_at < before)
            pauses.pause(registry, tenant, request, "menunggu_pemohon", None, paused_at)
            Session.commit()
            assert request.status == "paused"
            pauses.resume(registry, tenant, request, None, resumed_at)
            Session.commit()
            after = request.due_at
            calendar = request_calendar(registry, tenant, FRIDAY.date())
            if service == "dua24":
                assert (after - before).total_seconds() == (resumed_at - paused_at).total_seconds()
            else:
                assert calendar.working_seconds_between(before, after) == pytest.approx(
                    calendar.working_seconds_between(paused_at, resumed_at))
            assert request.status == "received"


# -- the same through the CLI ------------------------------------------------


def test_pause_and_resume_commands(app, runner, agency, clock):
    request = new_request(agency)
    clock["now"] = at(13, 11)
    result = runner.invoke(args=["requests", "pause", "--tenant", "kota-uji", "R-1", "--reason", "berkas_belum_lengkap",
                                 "--by", agency["petugas"].email])
    assert result.exit_code == 0 and "status paused" in result.output, result.output
    clock["now"] = at(13, 14)
    result = runner.invoke(args=["requests", "resume", "--tenant", "kota-uji", "R-1", "--by", agency["pimpinan"].email])
    assert result.exit_code == 0 and "due 2024-09-17T12:00:00+07:00" in result.output, result.output
    body = agency["client"].get(f"{BASE}/{request['id']}", headers=auth(agency["petugas"])).get_json()
    assert [(p["started_by"], p["ended_by"]) for p in body["pauses"]] == [(agency["petugas"].id, agency["pimpinan"].id)]


@pytest.mark.parametrize("args, field", [
    (["pause", "--tenant", "kota-uji", "R-1", "--by", "petugas-kota-uji@test.id"], "reason"),
    (["pause", "--tenant", "kota-uji", "R-1", "--reason", "libur", "--by", "petugas-kota-uji@test.id"], "reason"),
    (["pause", "--tenant", "kota-uji", "R-1", "--reason", "menunggu_pemohon", "--by", "admin_dinas-kota-uji@test.id"], "by"),
    (["pause", "--tenant", "kota-uji", "R-9", "--reason", "menunggu_pemohon", "--by", "petugas-kota-uji@test.id"], "reference"),
    (["pause", "--tenant", "kota-uji", "R-done", "--reason", "menunggu_pemohon", "--by", "petugas-kota-uji@test.id"], "status"),
    (["resume", "--tenant", "kota-uji", "R-1", "--by", "petugas-kota-uji@test.id"], "status"),
])
def test_bad_pause_commands_name_the_field_and_change_nothing(app, runner, agency, clock, args, field):
    request = new_request(agency)
    new_request(agency, "R-done", completed_at=at(13, 11).isoformat())
    before = stored(app, agency["tenant"], request["id"])
    result = runner.invoke(args=["requests", *args])
    assert result.exit_code == 2, result.output
    assert field in json.loads(result.stderr)["error"]["fields"]
    assert stored(app, agency["tenant"], request["id"]) == before


def test_a_request_recorded_in_error_is_deleted_with_its_pauses(app, agency, clock):
    request = new_request(agency)
    clock["now"] = at(13, 11)
    act(agency, request, "pause", {"reason": "menunggu_pemohon"})
    response = agency["client"].delete(f"{BASE}/{request['id']}", headers=auth(agency["petugas"]))
    assert response.status_code == 204, response.get_json()
    with app.app_context(), tenant_scope(agency["tenant"].id):
        assert Session.scalars(select(RequestPause)).all() == []
