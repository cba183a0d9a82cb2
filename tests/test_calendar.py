"""The agency's calendar through the API and the CLI: holidays with their source, the agency's own
days off, keadaan kahar; each change recomputes the deadlines of open requests in one pass."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from core.platform.db import Session
from core.models import DayOff, KaharPeriod, ServiceRequest
from core.models.scope import tenant_scope
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.norms import parse_time_norm
from tests.conftest import auth

WIB = ZoneInfo("Asia/Jakarta")
FRIDAY = "2024-09-13T10:00:00+07:00"  # the Friday before Maulid Nabi Muhammad (Monday 16 September 2024)


def due(response) -> datetime | None:
    value = response.get_json()["due_at"]
    return datetime.fromisoformat(value).astimezone(WIB) if value else None


@pytest.fixture
def agency(app, make_tenant, make_user):
    """Kota Bekasi's decree stops request clocks for keadaan kahar (Lampiran E.3); working hours
    07.30–12.00 and 13.00–16.00 (7.5 hours a day), Monday to Friday; a 1-working-day service."""
    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023")
    world = {"tenant": tenant, "client": app.test_client()}
    for role in ("admin_dinas", "petugas", "pimpinan"):
        world[role] = make_user(role, tenant)
    response = world["client"].post("/api/v1/tenants/kota-uji/service-types", headers=auth(world["admin_dinas"]),
                                    json={"code": "kilat", "name": "Layanan kilat", "time_norm": "1 hari kerja"})
    assert response.status_code == 201, response.get_json()
    return world


def new_request(world, reference: str, received_at: str = FRIDAY, **times):
    response = world["client"].post("/api/v1/tenants/kota-uji/service-requests", headers=auth(world["admin_dinas"]), json={
        "service": "kilat", "reference": reference, "applicant_name": "Warga", "received_at": received_at, **times})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def get_request(world, request_id):
    return world["client"].get(f"/api/v1/tenants/kota-uji/service-requests/{request_id}", headers=auth(world["admin_dinas"]))


def post(world, path, body, role="admin_dinas"):
    return world["client"].post(f"/api/v1/tenants/kota-uji/calendar/{path}", headers=auth(world[role]), json=body)


def test_friday_before_a_national_holiday_and_a_kahar_over_the_deadline(agency):
    """Hand computation. Received Friday 13 September 2024 at 10.00 WIB on a norm of 1 working day
    (7.5 working hours): Friday counts 10.00–12.00 and 13.00–16.00 = 5 h; Saturday and Sunday are
    no working days; Monday 16 September is Maulid Nabi Muhammad (a national holiday); Tuesday
    counts the remaining 2.5 h from 07.30, so the deadline is Tuesday 17 September at 10.00.
    A keadaan kahar declared from Tuesday 08.00 to 09.00 takes 1 working hour out of the clock
    (Kota Bekasi's decree stops its clocks for kahar, Lampiran E.3): the deadline moves by
    exactly that hour, to 11.00."""
    request = new_request(agency, "R-1")
    assert datetime.fromisoformat(request["due_at"]) == datetime(2024, 9, 17, 10, 0, tzinfo=WIB)
    holidays = agency["client"].get("/api/v1/tenants/kota-uji/calendar/holidays?year=2024",
                                    headers=auth(agency["petugas"])).get_json()
    assert {"day": "2024-09-16", "name": "Maulid Nabi Muhammad", "source": "libur_nasional",
            "source_label": "Hari libur nasional", "estimated": False} in holidays

    declared = post(agency, "kahar", {"starts_at": "2024-09-17T08:00:00+07:00", "ends_at": "2024-09-17T09:00:00+07:00",
                                      "reason": "banjir"})
    assert declared.status_code == 201, declared.get_json()
    assert declared.get_json()["declared_by"] == agency["admin_dinas"].id
    after = get_request(agency, request["id"])
    assert due(after) == datetime(2024, 9, 17, 11, 0, tzinfo=WIB)
    assert after.get_json()["version"] == request["version"] + 1

    assert agency["client"].delete(f"/api/v1/tenants/kota-uji/calendar/kahar/{declared.get_json()['id']}",
                                   headers=auth(agency["admin_dinas"])).status_code == 204
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 17, 10, 0, tzinfo=WIB)


def test_a_kahar_over_the_deadline_under_a_decree_silent_on_kahar_moves_nothing(app, make_tenant, make_user):
    """Kabupaten Belitung's decree says nothing of keadaan kahar: its clocks run through it
    (core/decrees/kahar.py), unless the tenant sets kahar_stops_clock."""
    tenant = make_tenant("belitung-uji", plugin="kab_belitung_2023")
    admin = make_user("admin_dinas", tenant)
    client = app.test_client()
    client.post("/api/v1/tenants/belitung-uji/service-types", headers=auth(admin),
                json={"code": "kilat", "name": "Kilat", "time_norm": "1 hari kerja"})
    request = client.post("/api/v1/tenants/belitung-uji/service-requests", headers=auth(admin), json={
        "service": "kilat", "reference": "B-1", "applicant_name": "Warga", "received_at": FRIDAY}).get_json()
    assert client.post("/api/v1/tenants/belitung-uji/calendar/kahar", headers=auth(admin), json={
        "starts_at": "2024-09-17T08:00:00+07:00", "ends_at": "2024-09-17T09:00:00+07:00", "reason": "banjir"}).status_code == 201
    again = client.get(f"/api/v1/tenants/belitung-uji/service-requests/{request['id']}", headers=auth(admin)).get_json()
    assert again["due_at"] == request["due_at"] and again["version"] == request["version"]


def test_an_open_ended_kahar_stops_the_clock_until_it_is_ended(agency):
    request = new_request(agency, "R-1")
    declared = post(agency, "kahar", {"starts_at": "2024-09-17T08:00:00+07:00", "reason": "gempa"})
    assert declared.status_code == 201 and declared.get_json()["ends_at"] is None
    assert get_request(agency, request["id"]).get_json()["due_at"] is None  # the deadline is not known yet
    kahar = f"/api/v1/tenants/kota-uji/calendar/kahar/{declared.get_json()['id']}"
    ended = agency["client"].patch(kahar, headers=auth(agency["admin_dinas"]), json={"ends_at": "2024-09-18T08:00:00+07:00"})
    assert ended.status_code == 200, ended.get_json()
    assert ended.get_json()["ended_by"] == agency["admin_dinas"].id
    # Tuesday 07.30–08.00 counted 0.5 h; the kahar ends Wednesday 08.00: 2 h more, to 10.00.
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 18, 10, 0, tzinfo=WIB)
    again = agency["client"].patch(kahar, headers=auth(agency["admin_dinas"]), json={"ends_at": "2024-09-19T08:00:00+07:00"})
    assert again.status_code == 409 and "ends_at" in again.get_json()["error"]["fields"]
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 18, 10, 0, tzinfo=WIB)


def _kahar_rows(app, tenant):
    with app.app_context(), tenant_scope(tenant.id):
        return Session.scalars(select(KaharPeriod)).all()


@pytest.mark.parametrize("body, field", [
    ({"starts_at": "2024-09-17T09:00:00+07:00", "ends_at": "2024-09-17T08:00:00+07:00", "reason": "banjir"}, "ends_at"),
    ({"starts_at": "2024-09-17T09:00:00+07:00", "ends_at": "2024-09-17T09:00:00+07:00", "reason": "banjir"}, "ends_at"),
    ({"starts_at": "2024-09-17T09:00:00", "reason": "banjir"}, "starts_at"),
    ({"starts_at": "kemarin", "reason": "banjir"}, "starts_at"),
    ({"reason": "banjir"}, "starts_at"),
    ({"starts_at": "2024-09-17T09:00:00+07:00"}, "reason"),
    ({"starts_at": "2024-09-17T09:00:00+07:00", "reason": ""}, "reason"),
    ({"starts_at": "1800-09-17T09:00:00+07:00", "reason": "banjir"}, "starts_at"),
])
def test_a_bad_kahar_is_refused_naming_the_field_and_changes_nothing(app, agency, body, field):
    request = new_request(agency, "R-1")
    response = post(agency, "kahar", body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert _kahar_rows(app, agency["tenant"]) == []
    assert get_request(agency, request["id"]).get_json()["due_at"] == request["due_at"]


def test_ending_a_kahar_before_it_starts_is_refused(app, agency):
    declared = post(agency, "kahar", {"starts_at": "2024-09-17T08:00:00+07:00", "reason": "gempa"}).get_json()
    path = f"/api/v1/tenants/kota-uji/calendar/kahar/{declared['id']}"
    for body in ({"ends_at": "2024-09-17T07:00:00+07:00"}, {}, {"ends_at": None}):
        response = agency["client"].patch(path, headers=auth(agency["admin_dinas"]), json=body)
        assert response.status_code == 422 and "ends_at" in response.get_json()["error"]["fields"], response.get_json()
    assert [row.ends_at for row in _kahar_rows(app, agency["tenant"])] == [None]


def test_days_off_of_the_agency_move_open_deadlines(agency):
    request = new_request(agency, "R-1")
    added = post(agency, "days-off", {"day": "2024-09-17", "name": "HUT Kota"})
    assert added.status_code == 201, added.get_json()
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 18, 10, 0, tzinfo=WIB)
    listing = agency["client"].get("/api/v1/tenants/kota-uji/calendar/days-off", headers=auth(agency["petugas"]))
    assert [(d["day"], d["name"]) for d in listing.get_json()] == [("2024-09-17", "HUT Kota")]
    holidays = agency["client"].get("/api/v1/tenants/kota-uji/calendar/holidays?year=2024",
                                    headers=auth(agency["petugas"])).get_json()
    assert {"day": "2024-09-17", "name": "HUT Kota", "source": "libur_dinas",
            "source_label": "Hari libur dinas (ditetapkan instansi)", "estimated": False} in holidays

    duplicate = post(agency, "days-off", {"day": "2024-09-17", "name": "lagi"})
    assert duplicate.status_code == 409 and "day" in duplicate.get_json()["error"]["fields"]

    removed = agency["client"].delete(f"/api/v1/tenants/kota-uji/calendar/days-off/{added.get_json()['id']}",
                                      headers=auth(agency["admin_dinas"]))
    assert removed.status_code == 204
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 17, 10, 0, tzinfo=WIB)


@pytest.mark.parametrize("body, field", [
    ({"day": "2024-13-01", "name": "x"}, "day"), ({"name": "x"}, "day"), ({"day": "2024-09-17"}, "name"),
    ({"day": "2024-09-17", "name": ""}, "name"), ({"day": "1066-10-14", "name": "x"}, "day"),
    ({"day": "2024-09-17", "name": "a\u0000b"}, "name"),
])
def test_a_bad_day_off_is_refused_naming_the_field(app, agency, body, field):
    response = post(agency, "days-off", body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"], response.get_json()
    with app.app_context(), tenant_scope(agency["tenant"].id):
        assert Session.scalars(select(DayOff)).all() == []


def test_holidays_name_their_source(agency):
    agency["client"].post("/api/v1/tenants/kota-uji/calendar/days-off", headers=auth(agency["admin_dinas"]),
                          json={"day": "2025-02-03", "name": "HUT Kota"})
    listing = agency["client"].get("/api/v1/tenants/kota-uji/calendar/holidays?year=2025", headers=auth(agency["petugas"]))
    by_day = {(h["day"], h["source"]): h["name"] for h in listing.get_json()}
    assert by_day[("2025-01-01", "libur_nasional")] == "Tahun Baru Masehi"
    assert by_day[("2025-01-28", "cuti_bersama")] == "Cuti Bersama Tahun Baru Imlek"
    assert by_day[("2025-02-03", "libur_dinas")] == "HUT Kota"
    for year in ("1800", "tahun", "3000"):
        bad = agency["client"].get(f"/api/v1/tenants/kota-uji/calendar/holidays?year={year}", headers=auth(agency["petugas"]))
        assert bad.status_code == 422 and "year" in bad.get_json()["error"]["fields"]


@pytest.mark.parametrize("role", ["petugas", "pimpinan"])
def test_only_the_agency_admin_changes_the_calendar(app, agency, role):
    request = new_request(agency, "R-1")
    assert post(agency, "kahar", {"starts_at": "2024-09-17T08:00:00+07:00", "reason": "banjir"}, role).status_code == 403
    assert post(agency, "days-off", {"day": "2024-09-17", "name": "x"}, role).status_code == 403
    declared = post(agency, "kahar", {"starts_at": "2024-09-17T08:00:00+07:00", "reason": "banjir"}).get_json()
    path = f"/api/v1/tenants/kota-uji/calendar/kahar/{declared['id']}"
    assert agency["client"].patch(path, headers=auth(agency[role]), json={"ends_at": "2024-09-18T08:00:00+07:00"}).status_code == 403
    assert agency["client"].delete(path, headers=auth(agency[role])).status_code == 403
    assert agency["client"].get(path, headers=auth(agency[role])).status_code == 200
    assert [row.ends_at for row in _kahar_rows(app, agency["tenant"])] == [None]
    assert get_request(agency, request["id"]).get_json()["due_at"] is None


def test_another_agencys_admin_gets_404_for_the_calendar(app, agency, make_tenant, make_user):
    other = make_tenant("dinas-lain", plugin="kota_bekasi_2023")
    stranger = make_user("admin_dinas", other)
    day_off = post(agency, "days-off", {"day": "2024-09-17", "name": "HUT Kota"}).get_json()
    kahar = post(agency, "kahar", {"starts_at": "2024-09-17T08:00:00+07:00", "reason": "banjir"}).get_json()
    client, headers = agency["client"], auth(stranger)
    for slug in ("kota-uji", "dinas-lain"):
        base = f"/api/v1/tenants/{slug}/calendar"
        assert client.get(f"{base}/kahar/{kahar['id']}", headers=headers).status_code == 404
        assert client.patch(f"{base}/kahar/{kahar['id']}", headers=headers, json={"ends_at": "2024-09-18T08:00:00+07:00"}).status_code == 404
        assert client.delete(f"{base}/kahar/{kahar['id']}", headers=headers).status_code == 404
        assert client.delete(f"{base}/days-off/{day_off['id']}", headers=headers).status_code == 404
    assert client.get("/api/v1/tenants/kota-uji/calendar/holidays", headers=headers).status_code == 404
    assert client.get("/api/v1/tenants/dinas-lain/calendar/days-off", headers=headers).get_json() == []
    assert client.get("/api/v1/tenants/dinas-lain/calendar/kahar", headers=headers).get_json() == []
    assert [row.ends_at for row in _kahar_rows(app, agency["tenant"])] == [None]


def test_finished_requests_keep_their_deadline(agency):
    """A completed or handed-over request keeps the judgement it was given; only open ones move."""
    done = new_request(agency, "R-done", completed_at="2024-09-17T15:00:00+07:00")
    handed = new_request(agency, "R-handed", completed_at="2024-09-17T09:00:00+07:00",
                         handed_over_at="2024-09-17T09:30:00+07:00")
    open_ = new_request(agency, "R-open")
    assert post(agency, "days-off", {"day": "2024-09-17", "name": "HUT Kota"}).status_code == 201
    assert post(agency, "kahar", {"starts_at": "2024-09-13T11:00:00+07:00", "reason": "banjir"}).status_code == 201
    for finished in (done, handed):
        again = get_request(agency, finished["id"]).get_json()
        assert (again["due_at"], again["status"], again["version"]) == (finished["due_at"], finished["status"], finished["version"])
    assert get_request(agency, open_["id"]).get_json()["due_at"] is None


def test_the_recompute_is_one_select_and_one_executemany_update(app, agency):
    """Set-based: the open requests are read once and written back in one executemany UPDATE,
    not one flush per row."""
    requests = [new_request(agency, f"R-{i}") for i in range(12)]
    engine = app.extensions["engine"]
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "service_requests" in statement and statement.lstrip().upper().startswith(("UPDATE", "SELECT")):
            statements.append((statement.split()[0].upper(), executemany, len(parameters) if executemany else 1))

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert post(agency, "days-off", {"day": "2024-09-17", "name": "HUT Kota"}).status_code == 201
    finally:
        event.remove(engine, "before_cursor_execute", count)
    updates = [s for s in statements if s[0] == "UPDATE"]
    assert updates == [("UPDATE", True, 12)], statements
    for request in requests:
        assert due(get_request(agency, request["id"])) == datetime(2024, 9, 18, 10, 0, tzinfo=WIB)


# -- the same through the CLI ------------------------------------------------


def _cli(runner, *args):
    return runner.invoke(args=list(args), catch_exceptions=False)


def test_the_calendar_commands(app, runner, agency):
    request = new_request(agency, "R-1")
    result = _cli(runner, "calendar", "holidays", "--tenant", "kota-uji", "--year", "2024")
    assert result.exit_code == 0 and "2024-09-16  libur_nasional  Maulid Nabi Muhammad" in result.output

    result = _cli(runner, "calendar", "add-day-off", "--tenant", "kota-uji", "2024-09-17", "HUT Kota")
    assert result.exit_code == 0 and "1 open request deadline(s) recomputed" in result.output, result.output
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 18, 10, 0, tzinfo=WIB)
    assert "2024-09-17  HUT Kota" in _cli(runner, "calendar", "days-off", "--tenant", "kota-uji").output
    assert "2024-09-17  libur_dinas" in _cli(runner, "calendar", "holidays", "--tenant", "kota-uji", "--year", "2024").output
    result = _cli(runner, "calendar", "remove-day-off", "--tenant", "kota-uji", "2024-09-17")
    assert result.exit_code == 0, result.output
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 17, 10, 0, tzinfo=WIB)

    result = _cli(runner, "calendar", "declare-kahar", "--tenant", "kota-uji", "--starts", "2024-09-17T08:00:00+07:00",
                  "--reason", "banjir", "--by", agency["admin_dinas"].email)
    assert result.exit_code == 0, result.output
    assert get_request(agency, request["id"]).get_json()["due_at"] is None
    [row] = _kahar_rows(app, agency["tenant"])
    assert row.declared_by == agency["admin_dinas"].id
    listing = _cli(runner, "calendar", "kahar", "--tenant", "kota-uji").output
    assert f"{row.id}  2024-09-17T08:00:00+07:00  (belum berakhir)  banjir" in listing
    result = _cli(runner, "calendar", "end-kahar", "--tenant", "kota-uji", str(row.id), "--ends", "2024-09-17T09:00:00+07:00")
    assert result.exit_code == 0, result.output
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 17, 11, 0, tzinfo=WIB)
    result = _cli(runner, "calendar", "withdraw-kahar", "--tenant", "kota-uji", str(row.id))
    assert result.exit_code == 0, result.output
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 17, 10, 0, tzinfo=WIB)


@pytest.mark.parametrize("args, field", [
    (["declare-kahar", "--tenant", "kota-uji", "--starts", "2024-09-17T09:00:00+07:00", "--ends", "2024-09-17T08:00:00+07:00",
      "--reason", "banjir"], "ends_at"),
    (["declare-kahar", "--tenant", "kota-uji", "--starts", "2024-09-17T09:00:00", "--reason", "banjir"], "starts_at"),
    (["declare-kahar", "--tenant", "kota-uji", "--starts", "2024-09-17T09:00:00+07:00", "--reason", ""], "reason"),
    (["declare-kahar", "--tenant", "nowhere", "--starts", "2024-09-17T09:00:00+07:00", "--reason", "x"], "tenant"),
    (["declare-kahar", "--tenant", "kota-uji", "--starts", "2024-09-17T09:00:00+07:00", "--reason", "x",
      "--by", "petugas-kota-uji@test.id"], "by"),
    (["add-day-off", "--tenant", "kota-uji", "2024-02-30", "x"], "day"),
    (["remove-day-off", "--tenant", "kota-uji", "2024-09-17"], "day"),
    (["end-kahar", "--tenant", "kota-uji", "not-an-id", "--ends", "2024-09-17T09:00:00+07:00"], "id"),
    (["holidays", "--tenant", "kota-uji", "--year", "1800"], "year"),
])
def test_bad_calendar_commands_name_the_field_and_change_nothing(app, runner, agency, args, field):
    import json

    request = new_request(agency, "R-1")
    result = runner.invoke(args=["calendar", *args])
    assert result.exit_code == 2, result.output
    assert field in json.loads(result.stderr)["error"]["fields"]
    assert _kahar_rows(app, agency["tenant"]) == []
    assert get_request(agency, request["id"]).get_json() == get_request(agency, request["id"]).get_json()
    with app.app_context(), tenant_scope(agency["tenant"].id):
        stored = Session.scalar(select(ServiceRequest).where(ServiceRequest.reference == "R-1"))
        assert stored.version == request["version"]


def test_ending_a_kahar_twice_through_the_cli_is_refused(app, runner, agency):
    import json

    _cli(runner, "calendar", "declare-kahar", "--tenant", "kota-uji", "--starts", "2024-09-17T08:00:00+07:00",
         "--ends", "2024-09-17T09:00:00+07:00", "--reason", "banjir")
    [row] = _kahar_rows(app, agency["tenant"])
    result = runner.invoke(args=["calendar", "end-kahar", "--tenant", "kota-uji", str(row.id), "--ends", "2024-09-18T09:00:00+07:00"])
    assert result.exit_code == 2 and "ends_at" in json.loads(result.stderr)["error"]["fields"]
    assert [r.ends_at for r in _kahar_rows(app, agency["tenant"])] == [datetime(2024, 9, 17, 9, 0, tzinfo=WIB)]


@pytest.mark.parametrize("norm", ["secepatnya", "0 hari kerja", "", "7 hari kerja 3 jam"])
def test_a_norm_that_cannot_be_parsed_is_refused_naming_the_field(app, agency, norm):
    client, headers = agency["client"], auth(agency["admin_dinas"])
    created = client.post("/api/v1/tenants/kota-uji/service-types", headers=headers,
                          json={"code": "baru", "name": "Baru", "time_norm": norm})
    assert created.status_code == 422 and "time_norm" in created.get_json()["error"]["fields"], created.get_json()
    [kilat] = [t for t in client.get("/api/v1/tenants/kota-uji/service-types", headers=headers).get_json()]
    changed = client.patch(f"/api/v1/tenants/kota-uji/service-types/{kilat['id']}", headers=headers, json={"time_norm": norm})
    assert changed.status_code == 422 and "time_norm" in changed.get_json()["error"]["fields"]
    assert client.get(f"/api/v1/tenants/kota-uji/service-types/{kilat['id']}", headers=headers).get_json() == kilat


def test_the_recompute_carries_every_field_the_deadline_function_sets(app, agency, monkeypatch):
    """The recompute knows no deadline field by name: whatever ``set_deadline_and_status`` sets
    (a warning moment tomorrow) is written back with the deadline."""
    import core.agency.deadlines
    from core.agency.catalogue import set_deadline_and_status

    def also_sets_another_field(registry, tenant, request, service_type, **kwargs):
        set_deadline_and_status(registry, tenant, request, service_type, **kwargs)
        request.applicant_contact = f"due {request.due_at:%Y-%m-%d %H:%M}"

    request = new_request(agency, "R-1")
    monkeypatch.setattr(core.agency.deadlines, "set_deadline_and_status", also_sets_another_field)
    assert post(agency, "days-off", {"day": "2024-09-17", "name": "HUT Kota"}).status_code == 201
    body = get_request(agency, request["id"]).get_json()
    assert due(get_request(agency, request["id"])) == datetime(2024, 9, 18, 10, 0, tzinfo=WIB)
    assert body["applicant_contact"] == "due 2024-09-18 10:00"


@settings(max_examples=150, deadline=None)
@given(start=st.integers(0, 4 * 24 * 6), length=st.integers(1, 4 * 24 * 6), norm=st.sampled_from(["1 hari kerja", "3 hari kerja", "5 jam", "2 x 24 jam"]))
def test_a_kahar_moves_a_deadline_by_exactly_its_working_time(start, length, norm):
    """For any keadaan kahar that begins after receipt and before the deadline, the deadline moves
    by the kahar's working time (working-time norms) or its elapsed time (2 x 24 jam)."""
    received = datetime(2024, 9, 13, 10, 0, tzinfo=WIB)
    plain = WorkingCalendar()
    parsed = parse_time_norm(norm)
    before = parsed.deadline(received, plain)
    a, b = received + timedelta(minutes=15 * start), received + timedelta(minutes=15 * (start + length))
    assume(a < before)
    after = parsed.deadline(received, plain.with_stops([(a, b)]))
    if parsed.working:
        assert plain.working_seconds_between(before, after) == pytest.approx(plain.working_seconds_between(a, b))
    else:
        assert (after - before) == (b - a)
