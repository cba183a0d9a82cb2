"""The scheduler's jobs: the breach sweep opens one case per late request with the tenant's decree
decision (Kota Bekasi's lateness bands, Lampiran E.2 and C.1; Belitung's 2x24 jam, Diktum KETIGA),
the warning at the tenant's share of the norm, the compensation watch, the daily summary."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from core.casework import sweeps
from core.jobs import leases
from core.platform.db import Session
from core.models import (AuditEvent, CaseDecision, Complaint, CompensationGiven, DailySummary, Notification,
                         ServiceRequest, TenantDecree)
from core.models.scope import all_tenants, tenant_scope
from tests.conftest import auth

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def agency(app, make_tenant, make_user):
    """A tenant bound to a decree, with a service type and a way to record requests through the API."""

    def make(slug: str, plugin: str, norm: str = "1 hari kerja", settings: dict | None = None, **columns):
        tenant = make_tenant(slug, plugin=plugin, **columns)
        if settings:
            with app.app_context(), tenant_scope(tenant.id):
                Session.scalar(select(TenantDecree)).settings = settings
                Session.commit()
        admin = make_user("admin_dinas", tenant)
        client = app.test_client()
        made = client.post(f"/api/v1/tenants/{slug}/service-types", headers=auth(admin),
                           json={"code": "layanan", "name": "Layanan", "time_norm": norm})
        assert made.status_code == 201, made.get_json()

        def request(reference: str, received_at: datetime, **fields):
            body = {"service": "layanan", "reference": reference, "applicant_name": "Warga",
                    "received_at": received_at.isoformat(), **{k: v.isoformat() if isinstance(v, datetime) else v
                                                               for k, v in fields.items()}}
            answer = client.post(f"/api/v1/tenants/{slug}/service-requests", headers=auth(admin), json=body)
            assert answer.status_code == 201, answer.get_json()
            return answer.get_json()

        tenant.request = request
        tenant.admin = admin
        return tenant

    return make


def sweep(app, now: datetime, **kwargs) -> sweeps.SweepReport:
    with app.app_context():
        return sweeps.sweep_breaches(app.extensions["decrees"], now, **kwargs)


def system_cases(app, tenant) -> dict[str, tuple[Complaint, list[CaseDecision]]]:
    """The tenant's system cases by request reference, each with its decisions."""
    with app.app_context(), tenant_scope(tenant.id):
        found = {}
        for complaint, reference in Session.execute(
                select(Complaint, ServiceRequest.reference)
                .join(ServiceRequest, ServiceRequest.id == Complaint.service_request_id)
                .where(Complaint.origin == "system")):
            decisions = Session.scalars(select(CaseDecision).where(CaseDecision.complaint_id == complaint.id)).all()
            found[reference] = (complaint, decisions)
        return found


# -- the breach sweep: the decrees' answers ------------------------------------------------

def test_kota_bekasi_lateness_bands_come_out_as_lampiran_e2_says(app, agency):
    """Lampiran E.2 (waktu): ringan up to 1 day late, sedang over 1 up to 5, berat over 5, in
    working days for a working norm; Lampiran C.1: maaf_lisan, maaf_tertulis, and for berat the
    product delivered to a user domiciled in Kota Bekasi. Judged when the platform detects it."""
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    tenant.request("RINGAN", wib(2024, 3, 4, 8, 0))  # due Tue 5 Mar 08:00: 4 h late = 0.53 day
    tenant.request("SEDANG", wib(2024, 2, 29, 8, 0))  # due Fri 1 Mar 08:00: 19 h late = 2.53 days
    tenant.request("BERAT", wib(2024, 2, 20, 8, 0), user_in_jurisdiction=True)  # 9.5 days
    tenant.request("BERAT-LUAR", wib(2024, 2, 20, 8, 0), user_in_jurisdiction=False)
    tenant.request("TEPAT", wib(2024, 3, 5, 8, 0))  # due Wed: not late, no case
    report = sweep(app, wib(2024, 3, 5, 12, 0))
    assert report.opened == 4 and not report.failed
    cases = system_cases(app, tenant)
    assert set(cases) == {"RINGAN", "SEDANG", "BERAT", "BERAT-LUAR"}
    expected = {"RINGAN": ("ringan", ["maaf_lisan"]), "SEDANG": ("sedang", ["maaf_tertulis"]),
                "BERAT": ("berat", ["maaf_tertulis", "antar_hasil_layanan"]), "BERAT-LUAR": ("berat", ["maaf_tertulis"])}
    for reference, (severity, compensations) in expected.items():
        complaint, decisions = cases[reference]
        assert (complaint.origin, complaint.breach_kind, complaint.channel, complaint.component) == (
            "system", "late", None, "jangka_waktu")
        assert complaint.occurred_at == wib(2024, 3, 5, 12, 0)
        [decision] = decisions
        assert decision.plugin == "kota_bekasi_2023"
        assert decision.decision["applies"] is True
        assert decision.decision["severity"] == severity, reference
        assert [c["code"] for c in decision.decision["compensations"]] == compensations, reference
        assert decision.facts["service_request"]["service"] == "layanan"


def test_belitung_ketiga_48_elapsed_hours_after_berkas_lengkap(app, agency):
    """Diktum KETIGA: a request unfinished 2x24 jam after berkas lengkap owes an apology (written),
    a notice of the non-conformance and delivery of the product; the platform detected it with no
    complaint and proposes it to the head, and says so (interpretation)."""
    tenant = agency("kab-belitung", "kab_belitung_2023")
    tenant.request("KETIGA", wib(2024, 3, 1, 9, 0), documents_complete_at=wib(2024, 3, 1, 10, 0))
    sweep(app, wib(2024, 3, 4, 11, 0))  # 73 elapsed hours after berkas lengkap; service norm due Mon 10:00
    [decision] = system_cases(app, tenant)["KETIGA"][1]
    answer = decision.decision
    assert answer["applies"] is True
    assert [c["code"] for c in answer["compensations"]] == ["maaf_tertulis", "pemberitahuan_ketidaksesuaian",
                                                             "antar_hasil_layanan"]
    assert "Diktum KETIGA" in answer["citations"]
    assert any("platform mendeteksi sendiri pelanggaran Diktum KETIGA ini" in note for note in answer["notes"])
    assert any("48 jam berturut-turut sejak berkas lengkap" in note for note in answer["notes"])


def test_belitung_two_working_days_setting_over_a_weekend(app, agency):
    """Diktum KETIGA with the tenant's two-working-days setting: berkas lengkap on Friday 10:00 is
    due on Tuesday 10:00, so on Monday 11:00 the request is past its own 1-working-day norm (a
    case is opened) but the decree's 2x24 jam has not run: the decision says no KETIGA breach."""
    tenant = agency("kab-belitung", "kab_belitung_2023", settings={"two_by_24_as_working_days": True})
    tenant.request("AKHIR-PEKAN", wib(2024, 3, 1, 9, 0), documents_complete_at=wib(2024, 3, 1, 10, 0))
    sweep(app, wib(2024, 3, 4, 11, 0))
    [decision] = system_cases(app, tenant)["AKHIR-PEKAN"][1]
    assert decision.decision["applies"] is False
    assert decision.decision["compensations"] == []
    assert any("dua hari kerja (pengaturan instansi)" in note for note in decision.decision["notes"])


def test_belitung_is_asked_again_until_its_2x24_jam_has_run(app, agency):
    """Diktum KETIGA's limit runs after the service's own norm: the case opened on Monday says
    no KETIGA breach yet; the sweep asks the decree again each time until it applies (Tuesday
    after 10:00), then its decision supersedes the first, and nobody asks again."""
    tenant = agency("kab-belitung", "kab_belitung_2023", settings={"two_by_24_as_working_days": True})
    tenant.request("AKHIR-PEKAN", wib(2024, 3, 1, 9, 0), documents_complete_at=wib(2024, 3, 1, 10, 0))
    sweep(app, wib(2024, 3, 4, 11, 0))
    complaint, [first] = system_cases(app, tenant)["AKHIR-PEKAN"]
    assert first.decision["applies"] is False and complaint.ask_decree_again is True
    early = sweep(app, wib(2024, 3, 5, 9, 0))  # Tuesday 09:00: the two working days end at 10:00
    assert (early.asked_again, early.now_applying) == (1, 0)
    assert len(system_cases(app, tenant)["AKHIR-PEKAN"][1]) == 1
    late = sweep(app, wib(2024, 3, 5, 11, 0))
    assert (late.asked_again, late.now_applying) == (1, 1)
    assert "decree asked again on 1 case(s); 1 now apply" in late.lines()
    complaint, decisions = system_cases(app, tenant)["AKHIR-PEKAN"]
    in_force = [d for d in decisions if d.superseded_at is None]
    assert len(decisions) == 2 and len(in_force) == 1
    assert in_force[0].decision["applies"] is True and "Diktum KETIGA" in in_force[0].decision["citations"]
    assert in_force[0].reason.startswith("Ditanyakan ulang oleh sistem") and in_force[0].decided_by is None
    assert complaint.ask_decree_again is False
    assert sweep(app, wib(2024, 3, 6, 11, 0)).asked_again == 0


def test_a_request_finished_before_the_decrees_limit_is_not_asked_about_again(app, agency):
    tenant = agency("kab-belitung", "kab_belitung_2023", settings={"two_by_24_as_working_days": True})
    made = tenant.request("SELESAI", wib(2024, 3, 1, 9, 0), documents_complete_at=wib(2024, 3, 1, 10, 0))
    sweep(app, wib(2024, 3, 4, 11, 0))
    answer = app.test_client().patch(f"/api/v1/tenants/kab-belitung/service-requests/{made['id']}",
                                     headers={**auth(tenant.admin), "If-Match": str(made["version"])},
                                     json={"completed_at": wib(2024, 3, 4, 15, 0).isoformat()})
    assert answer.status_code == 200, answer.get_json()
    report = sweep(app, wib(2024, 3, 6, 11, 0))
    assert (report.asked_again, report.now_applying) == (1, 0)
    complaint, [only] = system_cases(app, tenant)["SELESAI"]
    assert only.decision["applies"] is False and complaint.ask_decree_again is False
    assert sweep(app, wib(2024, 3, 7, 11, 0)).asked_again == 0


# -- the breach sweep: idempotent, set-based ---------------------------------------------

def test_a_repeated_sweep_opens_no_second_case(app, agency):
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    tenant.request("LATE", wib(2024, 3, 4, 8, 0))
    assert sweep(app, wib(2024, 3, 5, 12, 0)).opened == 1
    assert sweep(app, wib(2024, 3, 5, 12, 1)).opened == 0
    assert sweep(app, wib(2024, 3, 8, 12, 0)).opened == 0
    assert len(system_cases(app, tenant)) == 1


def test_the_schema_refuses_a_second_case_for_one_breach(app, agency):
    """The unique key (tenant, request, breach kind): whatever races, one breach is one case;
    citizens' complaints (no breach kind) on the same request are not limited by it."""
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    request = tenant.request("LATE", wib(2024, 3, 4, 8, 0))
    sweep(app, wib(2024, 3, 5, 12, 0))
    with app.app_context(), tenant_scope(tenant.id):
        common = dict(tenant_id=tenant.id, service_request_id=uuid.UUID(request["id"]), component="jangka_waktu",
                      occurred_at=wib(2024, 3, 5, 12, 0))
        for code in ("CITIZEN1", "CITIZEN2"):
            Session.add(Complaint(tracking_code=code, channel="tertulis", **common))
        Session.commit()
        Session.add(Complaint(tracking_code="DUPLICATE", origin="system", breach_kind="late", **common))
        with pytest.raises(IntegrityError):
            Session.commit()
        Session.rollback()


def test_one_tenants_breaches_stay_its_own(app, agency):
    a = agency("kota-bekasi", "kota_bekasi_2023")
    b = agency("kab-belitung", "kab_belitung_2023", province_code="19")
    a.request("A-LATE", wib(2024, 3, 4, 8, 0))
    b.request("B-LATE", wib(2024, 3, 1, 9, 0), documents_complete_at=wib(2024, 3, 1, 10, 0))
    sweep(app, wib(2024, 3, 5, 12, 0), batch_size=1)
    assert set(system_cases(app, a)) == {"A-LATE"}
    assert set(system_cases(app, b)) == {"B-LATE"}
    assert system_cases(app, b)["B-LATE"][0].tenant_id == b.id


def test_requests_not_open_or_not_due_open_no_case(app, agency):
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    tenant.request("DONE", wib(2024, 3, 4, 8, 0), completed_at=wib(2024, 3, 5, 9, 0))
    tenant.request("NOT-YET", wib(2024, 3, 5, 8, 0))
    paused = tenant.request("PAUSED", wib(2024, 3, 4, 8, 0))
    with app.app_context(), tenant_scope(tenant.id):
        Session.get(ServiceRequest, (tenant.id, uuid.UUID(paused["id"]))).status = "paused"
        Session.commit()
    assert sweep(app, wib(2024, 3, 5, 12, 0)).opened == 0


def test_a_tenant_with_no_decree_is_reported_not_judged(app, make_tenant):
    tenant = make_tenant("dinas-tanpa")
    with app.app_context(), tenant_scope(tenant.id):
        from core.models import ServiceType
        service = ServiceType(tenant_id=tenant.id, code="x", name="x", time_norm_text="1 hari", norm_min=1,
                              norm_max=1, norm_unit="hari", norm_working=False, norm_clock_starts="diterima")
        Session.add(service)
        Session.flush()
        Session.add(ServiceRequest(tenant_id=tenant.id, service_type_id=service.id, reference="R", applicant_name="W",
                                   received_at=wib(2024, 3, 1, 9), due_at=wib(2024, 3, 2, 9), status="received"))
        Session.commit()
    report = sweep(app, wib(2024, 3, 5, 12, 0))
    assert report.opened == 0 and report.without_decree == ["dinas-tanpa"]


def test_the_breach_query_uses_the_tenant_status_due_index(app, agency):
    """One statement per batch, and its plan walks (tenant_id, status, due_at, id) and nothing
    else: SQLite's planner says SEARCH … USING COVERING INDEX (the keys come from the index
    alone, no table lookup per row); PostgreSQL's (sequential scans priced out, as a tiny test table
    would otherwise be read whole) an Index Scan on it, with all three columns as index conditions."""
    agency("kota-bekasi", "kota_bekasi_2023").request("LATE", wib(2024, 3, 4, 8, 0))
    engine = app.extensions["engine"]
    statement = sweeps.late_requests([1, 2, 3], wib(2024, 3, 5, 12, 0))
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = "\n".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "SEARCH service_requests USING COVERING INDEX ix_service_requests_tenant_id_status_due_at_id " \
                   "(tenant_id=? AND status=? AND due_at<?)" in plan, plan
            assert "SCAN service_requests" not in plan, plan
        else:
            # A table of one row is best read by any index: give it the shape the sweep meets (many
            # open requests not yet due beside the late one) and its statistics, then ask for the plan.
            columns = [c.name for c in inspect(ServiceRequest).columns]
            copied = ", ".join({"id": "gen_random_uuid()", "reference": "reference || '-' || n",
                                "due_at": "due_at + interval '30 days'",
                                "warn_at": "warn_at + interval '30 days'"}.get(c, c) for c in columns)
            conn.exec_driver_sql(f"INSERT INTO service_requests ({', '.join(columns)}) SELECT {copied} "
                                 "FROM service_requests, generate_series(1, 5000) AS n")
            conn.exec_driver_sql("ANALYZE service_requests")
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql))
            assert "ix_service_requests_tenant_id_status_due_at_id" in plan, plan
            assert "Seq Scan on service_requests" not in plan, plan
            index_line = plan[plan.index("ix_service_requests_tenant_id_status_due_at_id"):]
            assert all(column in index_line for column in ("tenant_id = ANY", "status", "due_at <")), plan
            conn.rollback()


# -- the warning -------------------------------------------------------------------------

def test_warn_at_is_the_tenants_share_of_the_norm(app, agency):
    """1 hari kerja = 7.5 working hours from Monday 08:00: 80% (6 h: 4 before the 12:00 break, 2
    after 13:00) runs at 15:00; a tenant that sets 50% (3.75 h) is warned at 11:45."""
    default = agency("kota-bekasi", "kota_bekasi_2023")
    assert default.request("R", wib(2024, 3, 4, 8, 0))["due_at"].startswith("2024-03-05T08:00")
    half = agency("kab-belitung", "kab_belitung_2023", province_code="19", warning_share=0.5)
    half.request("H", wib(2024, 3, 4, 8, 0))
    with app.app_context(), all_tenants("test"):
        warn = dict(Session.execute(select(ServiceRequest.reference, ServiceRequest.warn_at)).all())
    assert warn["R"] == wib(2024, 3, 4, 15, 0)
    assert warn["H"] == wib(2024, 3, 4, 11, 45)


def test_the_warning_is_given_once_to_whoever_recorded_the_request(app, agency):
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    tenant.request("R", wib(2024, 3, 4, 8, 0))
    tenant.request("EARLY", wib(2024, 3, 4, 10, 0))  # warned at Tue 09:30
    with app.app_context():
        assert sweeps.warn_before_deadlines(wib(2024, 3, 4, 14, 59)) == 0
        assert sweeps.warn_before_deadlines(wib(2024, 3, 4, 15, 30)) == 1
        assert sweeps.warn_before_deadlines(wib(2024, 3, 4, 15, 31)) == 0
        assert sweeps.warn_before_deadlines(wib(2024, 3, 6, 9, 0)) == 0  # EARLY is late by then: the sweep's
        with tenant_scope(tenant.id):
            [note] = Session.scalars(select(Notification)).all()
    assert (note.kind, note.recipient_user_id, note.recipient_role) == ("deadline_warning", tenant.admin.id, None)
    assert "R" in note.message and "05-03-2024 08:00" in note.message


def test_a_warning_share_outside_0_and_1_is_refused_naming_the_field(tmp_path, app):
    from core.agency.tenant_files import TenantFileError, read_file

    text = (Path(app.config["TENANTS_DIR"]) / "kota-bekasi.toml").read_text()
    for bad in ("1.5", "0", '"banyak"'):
        path = tmp_path / "kota-bekasi.toml"
        path.write_text(f"warning_share = {bad}\n" + text)
        with pytest.raises(TenantFileError) as refused:
            read_file(path, app.extensions["decrees"])
        assert "warning_share" in refused.value.field_errors
    path.write_text("warning_share = 0.6\n" + text)
    assert read_file(path, app.extensions["decrees"]).data["warning_share"] == 0.6


# -- the compensation watch ---------------------------------------------------------------

def _owe(app, tenant, complaint, due_at, code="maaf_tertulis", given_at=None):
    with app.app_context(), tenant_scope(tenant.id):
        Session.add(CompensationGiven(tenant_id=tenant.id, complaint_id=complaint.id, code=code, citation="Diktum KETIGA",
                                      due_at=due_at, given_at=given_at))
        Session.commit()


def test_overdue_compensation_is_escalated_to_the_head_once(app, agency):
    tenant = agency("kab-belitung", "kab_belitung_2023")
    tenant.request("K", wib(2024, 3, 1, 9, 0), documents_complete_at=wib(2024, 3, 1, 10, 0))
    sweep(app, wib(2024, 3, 4, 11, 0))
    complaint = system_cases(app, tenant)["K"][0]
    _owe(app, tenant, complaint, wib(2024, 3, 6, 11, 0))
    _owe(app, tenant, complaint, wib(2024, 3, 6, 11, 0), code="antar_hasil_layanan", given_at=wib(2024, 3, 5, 9, 0))
    _owe(app, tenant, complaint, wib(2024, 3, 9, 11, 0), code="pemberitahuan_ketidaksesuaian")
    with app.app_context():
        assert sweeps.escalate_overdue_compensation(wib(2024, 3, 6, 10, 0)) == 0
        assert sweeps.escalate_overdue_compensation(wib(2024, 3, 7, 10, 0)) == 1
        assert sweeps.escalate_overdue_compensation(wib(2024, 3, 7, 10, 5)) == 0
        with tenant_scope(tenant.id):
            [note] = Session.scalars(select(Notification)).all()
            [event] = Session.scalars(select(AuditEvent).where(AuditEvent.action == "escalate")).all()
    assert (note.kind, note.recipient_role, note.complaint_id) == ("compensation_overdue", "pimpinan", complaint.id)
    assert complaint.tracking_code in note.message and "maaf_tertulis" in note.message
    assert (event.entity, event.entity_id, event.after["code"]) == ("complaints", str(complaint.id), "maaf_tertulis")
    trail = app.test_client().get(f"/api/v1/tenants/kab-belitung/complaints/{complaint.id}/audit",
                                  headers=auth(tenant.admin))
    assert "escalate" in [e["action"] for e in trail.get_json()]


# -- the daily summary --------------------------------------------------------------------

def test_daily_summary_counts_and_the_command_shows_it(app, agency, runner):
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    tenant.request("LATE", wib(2024, 3, 4, 8, 0))  # due Tue 08:00
    tenant.request("AT-RISK", wib(2024, 3, 4, 10, 0))  # warn Tue 09:30, due Tue 10:00
    tenant.request("FRESH", wib(2024, 3, 5, 8, 0))
    tenant.request("DONE", wib(2024, 3, 4, 8, 0), completed_at=wib(2024, 3, 4, 9, 0))
    now = wib(2024, 3, 5, 9, 45)
    sweep(app, now)
    _owe(app, tenant, system_cases(app, tenant)["LATE"][0], wib(2024, 3, 5, 9, 0))
    with app.app_context():
        assert sweeps.store_daily_summaries(now) == 1
        assert sweeps.store_daily_summaries(now + timedelta(minutes=5)) == 1  # same day: replaced, not added
        with tenant_scope(tenant.id):
            [row] = Session.scalars(select(DailySummary)).all()
    assert (row.day.isoformat(), row.open_requests, row.at_risk, row.late, row.overdue_compensation) == (
        "2024-03-05", 3, 1, 1, 1)
    shown = runner.invoke(args=["scheduler", "summary", "--tenant", "kota-bekasi"])
    assert shown.exit_code == 0, shown.output
    assert "2024-03-05" in shown.output and "       3        1       1                     1" in shown.output
    unknown = runner.invoke(args=["scheduler", "summary", "--tenant", "tidak-ada"])
    assert unknown.exit_code == 2 and "no tenant 'tidak-ada'" in unknown.output


# -- the commands and the lease ------------------------------------------------------------

def test_jobs_lists_every_job_with_its_next_run(runner):
    shown = runner.invoke(args=["scheduler", "jobs"])
    assert shown.exit_code == 0, shown.output
    for name in ("breach-sweep", "warning", "compensation-watch", "daily-summary"):
        assert name in shown.output
    assert "WIB" in shown.output


def test_run_once_runs_a_job_now_and_refuses_an_unknown_one(app, agency, runner):
    agency("kota-bekasi", "kota_bekasi_2023").request("LATE", wib(2024, 3, 4, 8, 0))
    done = runner.invoke(args=["scheduler", "run-once", "breach-sweep"])
    assert done.exit_code == 0, done.output
    assert "breach-sweep: 1 case(s) opened" in done.output
    unknown = runner.invoke(args=["scheduler", "run-once", "sapu-jagat"])
    assert unknown.exit_code == 2 and "no job 'sapu-jagat'" in unknown.output


def test_a_held_lease_makes_run_once_pass_and_one_tick_runs_once(app, runner):
    now = datetime.now(ZoneInfo("UTC"))
    with app.app_context():
        assert leases.acquire("breach-sweep", "other", now, now, 60)
        assert not leases.acquire("breach-sweep", "me", now + timedelta(seconds=1), now, 60)
    busy = runner.invoke(args=["scheduler", "run-once", "breach-sweep"])
    assert busy.exit_code == 3 and "another process is running it" in busy.output
    with app.app_context():
        leases.release("breach-sweep", "other", now)
        assert not leases.acquire("breach-sweep", "me", now, now, 60)  # that tick was run
        assert leases.acquire("breach-sweep", "me", now + timedelta(minutes=1), now, 60)
        with pytest.raises(leases.LeaseLost):
            leases.renew("breach-sweep", "other", now, 60)


def test_the_dev_server_starts_the_scheduler_only_in_the_reloaders_child(app, monkeypatch):
    from core.jobs import scheduler

    app.debug = True
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    assert scheduler.start_in_process(app) is None
