"""Keadaan kahar: a normal state, never a crash; it stops a decree's clocks only where the decree
says so, or where the tenant sets it (and the decision says so)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from marshmallow import ValidationError
from hypothesis import strategies as st

from core.decrees.contract import EvaluationContext, FactsError
from core.decrees.facts import load_facts
from core.decrees.registry import DecreeRegistry
from core.timekeeping.calendar import ClockStopped, WorkingCalendar
from core.timekeeping.norms import parse_time_norm
from tests.conftest import auth

WIB = ZoneInfo("Asia/Jakarta")
BASE = datetime(2024, 6, 3, 9, 0, tzinfo=WIB)
REGISTRY = DecreeRegistry()
CATALOGUE = {"rujukan": parse_time_norm("3 hari kerja"), "bansos": parse_time_norm("14 hari"),
             "kilat": parse_time_norm("2 x 24 jam setelah berkas lengkap")}


def at(hours: float) -> str:
    return (BASE + timedelta(hours=hours)).isoformat()


kahar_periods = st.lists(
    st.tuples(st.integers(-400, 600), st.one_of(st.none(), st.integers(1, 500))), max_size=4,
)
hours = st.integers(0, 400)


@st.composite
def facts(draw):
    occurred = draw(hours)
    raw = {"component": draw(st.sampled_from(["jangka_waktu", "perilaku_pelaksana", "biaya", "sarana_prasarana"])),
           "occurred_at": at(occurred)}
    if draw(st.booleans()):
        raw["channel"] = draw(st.sampled_from(["lisan", "tertulis"]))
        if draw(st.booleans()):
            raw["complaint_received_at"] = at(occurred + draw(st.integers(0, 200)))
    if raw["component"] == "perilaku_pelaksana":
        raw["conduct"] = draw(st.sampled_from(["tidak_sesuai_sop", "tidak_sopan", "kekerasan_fisik"]))
    if draw(st.booleans()):
        raw["disruption"] = "jaringan"
    if draw(st.booleans()):
        received = draw(st.integers(-300, 0))
        request = {"service": draw(st.sampled_from(sorted(CATALOGUE))), "received_at": at(received)}
        if draw(st.booleans()):
            request["documents_complete_at"] = at(received + draw(st.integers(0, 48)))
        if draw(st.booleans()):
            request["completed_at"] = at(received + 48 + draw(st.integers(0, 300)))
        raw["service_request"] = request
    elif draw(st.booleans()):
        raw["lateness_days"] = draw(st.floats(0, 20))
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(periods=kahar_periods, raw=facts(), stops=st.booleans(), working=st.booleans())
def test_no_kahar_configuration_breaks_a_decision(periods, raw, stops, working):
    """Open-ended, overlapping, before or after the facts: every decree answers, or names a field."""
    kahar = [(BASE + timedelta(hours=a), BASE + timedelta(hours=a + d) if d else None) for a, d in periods]
    context = EvaluationContext(
        calendar=WorkingCalendar(kahar=kahar), catalogue=CATALOGUE,
        settings={"kahar_stops_clock": stops, "two_by_24_as_working_days": working},
    )
    try:
        facts_ = load_facts(raw)
    except ValidationError:  # the generator may pair a service request with impossible times
        assume(False)
    for plugin in REGISTRY.names():
        try:
            decision = REGISTRY.evaluate(plugin, facts_, context).to_dict()
        except FactsError as exc:
            assert exc.fields
            continue
        json.dumps(decision)
        for item in decision["compensations"]:
            assert item["citation"]


@settings(max_examples=200, deadline=None)
@given(periods=kahar_periods, start=hours, amount=st.floats(0, 30), unit=st.sampled_from(["jam", "hari", "bulan"]),
       working=st.booleans())
def test_adding_time_across_any_kahar_ends_or_says_the_clock_is_stopped(periods, start, amount, unit, working):
    kahar = [(BASE + timedelta(hours=a), BASE + timedelta(hours=a + d) if d else None) for a, d in periods]
    calendar = WorkingCalendar(kahar=kahar)
    try:
        end = calendar.add(BASE + timedelta(hours=start), amount, unit, working=working)
    except ClockStopped as stopped:
        assert stopped.since == calendar.open_kahar_since
        return
    began = BASE + timedelta(hours=start)
    assert end >= began
    assert end == began or not calendar.in_kahar(end), "time added ends outside keadaan kahar"


def _declare_kahar(app, tenant, starts_at, ends_at=None):
    from core.platform.db import Session
    from core.models import KaharPeriod
    from core.models.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant.id):
        Session.add(KaharPeriod(tenant_id=tenant.id, starts_at=starts_at, ends_at=ends_at, reason="banjir"))
        Session.commit()


@pytest.mark.parametrize("plugin", ["kota_bekasi_2023", "kab_belitung_2023", "prov_lampung_2024", "kab_bekasi_2023"])
def test_flask_decree_evaluate_under_an_open_ended_kahar_answers_in_json(app, runner, make_tenant, plugin):
    tenant = make_tenant("dinas-kahar", plugin=plugin)
    _declare_kahar(app, tenant, datetime(2024, 6, 4, tzinfo=WIB))
    for raw in (
        {"component": "jangka_waktu", "occurred_at": "2024-06-10T10:00:00+07:00",
         "service_request": {"received_at": "2024-06-03T09:00:00+07:00", "documents_complete_at": "2024-06-03T10:00:00+07:00"}},
        {"component": "jangka_waktu", "channel": "tertulis", "lateness_days": 3, "occurred_at": "2024-06-05T10:00:00+07:00"},
        {"component": "biaya", "channel": "lisan", "occurred_at": "2024-06-05T10:00:00+07:00",
         "complaint_received_at": "2024-06-05T11:00:00+07:00"},
        {"component": "perilaku_pelaksana", "conduct": "kekerasan_fisik", "channel": "tertulis",
         "occurred_at": "2024-06-05T10:00:00+07:00"},
    ):
        for only in ([], ["--only", "classify"], ["--only", "compensate"], ["--only", "sanction"]):
            result = runner.invoke(args=["decree", "evaluate", "--tenant", "dinas-kahar", *only], input=json.dumps(raw))
            assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
            assert result.exit_code in (0, 2), result.output
            json.loads(result.output)


def test_request_deadlines_stop_for_kahar_only_where_the_decree_says_so(app, make_tenant, make_user):
    """Kota Bekasi (Lampiran E.3) pauses a request's clock for kahar; Belitung's decree is silent, so
    its deadlines stand unless the tenant sets kahar_stops_clock; an open kahar leaves no deadline."""
    client = app.test_client()
    due = {}
    for slug, plugin in (("kota-uji", "kota_bekasi_2023"), ("belitung-uji", "kab_belitung_2023")):
        tenant = make_tenant(slug, plugin=plugin)
        admin = make_user("admin_dinas", tenant)
        _declare_kahar(app, tenant, datetime(2024, 6, 4, tzinfo=WIB), datetime(2024, 6, 5, tzinfo=WIB))
        assert client.post(f"/api/v1/tenants/{slug}/service-types", headers=auth(admin), json={
            "code": "rujukan", "name": "Rujukan", "time_norm": "3 hari kerja"}).status_code == 201
        response = client.post(f"/api/v1/tenants/{slug}/service-requests", headers=auth(admin), json={
            "service": "rujukan", "reference": "R-1", "applicant_name": "Warga", "received_at": "2024-06-03T09:00:00+07:00"})
        assert response.status_code == 201, response.get_json()
        due[slug] = datetime.fromisoformat(response.get_json()["due_at"]).astimezone(WIB)
    assert due["belitung-uji"] == datetime(2024, 6, 6, 9, 0, tzinfo=WIB)
    assert due["kota-uji"] == datetime(2024, 6, 7, 9, 0, tzinfo=WIB)


def test_an_open_ended_kahar_leaves_a_request_without_a_deadline_not_a_server_error(app, make_tenant, make_user):
    client = app.test_client()
    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023")
    admin = make_user("admin_dinas", tenant)
    _declare_kahar(app, tenant, datetime(2024, 6, 4, tzinfo=WIB))
    client.post("/api/v1/tenants/kota-uji/service-types", headers=auth(admin), json={
        "code": "rujukan", "name": "Rujukan", "time_norm": "3 hari kerja"})
    response = client.post("/api/v1/tenants/kota-uji/service-requests", headers=auth(admin), json={
        "service": "rujukan", "reference": "R-1", "applicant_name": "Warga", "received_at": "2024-06-03T09:00:00+07:00"})
    assert response.status_code == 201 and response.get_json()["due_at"] is None
    preview = client.post("/api/v1/tenants/kota-uji/decisions/preview", headers=auth(admin), json={
        "component": "jangka_waktu", "channel": "tertulis", "occurred_at": "2024-06-20T10:00:00+07:00",
        "service_request": {"service": "rujukan", "received_at": "2024-06-03T09:00:00+07:00"}})
    assert preview.status_code == 200, preview.get_json()
    assert preview.get_json()["severity"] is None


def test_a_kahar_that_ends_before_it_starts_cannot_be_stored(app, make_tenant):
    from sqlalchemy.exc import IntegrityError

    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023")
    with pytest.raises(IntegrityError):
        _declare_kahar(app, tenant, datetime(2024, 6, 5, tzinfo=WIB), datetime(2024, 6, 4, tzinfo=WIB))


def test_an_agency_with_no_decree_bound_is_told_so_not_a_server_error(app, runner, client, make_tenant, make_user):
    tenant = make_tenant("tanpa-keputusan")
    petugas = make_user("petugas", tenant)
    response = client.post("/api/v1/tenants/tanpa-keputusan/decisions/preview", headers=auth(petugas),
                           json={"component": "biaya", "channel": "lisan"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "no_decree"
    result = runner.invoke(args=["decree", "evaluate", "--tenant", "tanpa-keputusan"], input='{"component": "biaya"}')
    assert result.exit_code == 2 and json.loads(result.output)["error"]["code"] == "no_decree"
