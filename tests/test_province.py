"""The provincial view (issue #12 parts 1–3, 6, 8–10): each indicator computed by hand on a small
dataset, the period's strict parsing, the Ombudsman's zones at their boundaries (hijau 81–100,
kuning 51–80.99, merah 0–50.99), agencies too small to rank, the exports, who may see what, and
the rollups equal to a recomputation from scratch."""

from __future__ import annotations

import csv
import io
import random
import re
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from core.province import rollups
from core.platform.db import Session
from core.platform.domain_errors import Invalid
from core.models import (
    CaseDecision, Complaint, CompensationGiven, DailySummary, IndicatorRollup, SanctionGiven, ServiceRequest,
    ServiceType,
)
from core.province.periods import parse_period
from core.province.figures import percentile, zone_of
from core.models.scope import all_tenants, tenant_scope
from core.http.table_export import render_csv, render_xlsx, safe_cell
from tests.conftest import auth

WIB = ZoneInfo("Asia/Jakarta")
FIKTIF_NUMBER = "000/FIKTIF/2020"  # tests/decree_fixture.py


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def _service(tenant_id: int) -> ServiceType:
    return ServiceType(tenant_id=tenant_id, code="layanan", name="Layanan", time_norm_text="1 hari kerja", norm_min=1,
                       norm_max=1, norm_unit="hari", norm_working=True, norm_clock_starts="diterima")


def _request(tenant_id, service, reference, received, completed=None, due=None, documents=None) -> ServiceRequest:
    return ServiceRequest(tenant_id=tenant_id, id=uuid.uuid4(), service_type_id=service.id, reference=reference,
                          applicant_name="Warga", received_at=received, completed_at=completed, due_at=due,
                          documents_complete_at=documents, status="completed" if completed else "received")


def _case(tenant_id, code, received, *, assessment=None, component="jangka_waktu", label=None) -> Complaint:
    status = {"terbukti": "upheld", "tidak_terbukti": "rejected", None: "received"}[assessment]
    return Complaint(tenant_id=tenant_id, id=uuid.uuid4(), tracking_code=code, channel="tertulis", component=component,
                     occurred_at=received - timedelta(hours=1), received_at=received, status=status,
                     assessment=assessment, maladministration=label, complainant_name="Rahasia Pengadu",
                     description="ISI PENGADUAN")


def _decision(tenant_id, complaint, decided, severity, *, override=None, superseded=None) -> CaseDecision:
    return CaseDecision(tenant_id=tenant_id, complaint_id=complaint.id, plugin="fiktif_2020", plugin_version="1",
                        decree_number="1/FIKTIF", facts={}, decision={"severity": severity}, decided_at=decided,
                        override=override, override_reason="alasan" if override else None, superseded_at=superseded)


def _compensation(tenant_id, complaint, due, given=None) -> CompensationGiven:
    return CompensationGiven(tenant_id=tenant_id, complaint_id=complaint.id, code="maaf_tertulis", citation="Pasal 1",
                             due_at=due, given_at=given)


def _sanction(tenant_id, complaint, code, officer, decided) -> SanctionGiven:
    return SanctionGiven(tenant_id=tenant_id, complaint_id=complaint.id, officer_name=officer, code=code,
                         staff_category="PNS", legal_basis="Pasal 2", decided_at=decided)


@pytest.fixture
def province(app, make_tenant, make_user, fiktif):
    """Jawa Barat (32): agency A with June 2024 worked out by hand, agency B with one request;
    Lampung (18): agency C. Users of each kind. The rollups rebuilt."""
    app.config["PROVINCE_MIN_REQUESTS"] = 3
    a = make_tenant("dinas-a", plugin="fiktif_2020", name="Dinas A")
    b = make_tenant("dinas-b", plugin="fiktif_2020", name="Dinas B")
    c = make_tenant("dinas-c", plugin="fiktif_2020", name="Dinas C", province_code="18", province_name="Lampung")
    with app.app_context():
        for tenant in (a, b, c):
            with tenant_scope(tenant.id):
                service = _service(tenant.id)
                Session.add(service)
                Session.flush()
                if tenant is not a:
                    Session.add(_request(tenant.id, service, "R-1", wib(2024, 6, 3, 9), wib(2024, 6, 3, 10),
                                         wib(2024, 6, 4, 9)))
                    Session.commit()
                    continue
                t = a.id
                Session.add_all([
                    # received → documents → completed, deadline: on time, 3 h (response 0.5 h → 1)
                    _request(t, service, "R-1", wib(2024, 6, 3, 9), wib(2024, 6, 3, 12), wib(2024, 6, 4, 9),
                             wib(2024, 6, 3, 9, 30)),
                    # on time, 24 h (response 2 h)
                    _request(t, service, "R-2", wib(2024, 6, 4, 8), wib(2024, 6, 5, 8), wib(2024, 6, 5, 9),
                             wib(2024, 6, 4, 10)),
                    # late, 120 h
                    _request(t, service, "R-3", wib(2024, 6, 5, 8), wib(2024, 6, 10, 8), wib(2024, 6, 6, 8)),
                    # no deadline: served, not judged on time; 2 h
                    _request(t, service, "R-4", wib(2024, 6, 6, 8), wib(2024, 6, 6, 10)),
                    # completed in July: not served in June
                    _request(t, service, "R-5", wib(2024, 6, 28, 8), wib(2024, 7, 1, 8), wib(2024, 6, 30, 8)),
                    # completed 1 June 00:30 WIB (31 May in UTC): June in the agency's calendar; 1 h, on time
                    _request(t, service, "R-6", wib(2024, 5, 31, 23, 30), wib(2024, 6, 1, 0, 30), wib(2024, 6, 2, 8)),
                ])
                c1 = _case(t, "C1", wib(2024, 6, 5, 9), assessment="terbukti", label="penundaan_berlarut")
                c2 = _case(t, "C2", wib(2024, 6, 7, 9), assessment="terbukti", component="perilaku_pelaksana",
                           label="tidak_patut")
                c3 = _case(t, "C3", wib(2024, 6, 8, 9), assessment="tidak_terbukti")
                c4 = _case(t, "C4", wib(2024, 6, 9, 9))
                c5 = _case(t, "C5", wib(2024, 6, 20, 8), assessment="terbukti", label="penundaan_berlarut")
                Session.add_all([c1, c2, c3, c4, c5])
                Session.flush()
                Session.add_all([
                    _decision(t, c1, wib(2024, 6, 6, 9), "ringan"),
                    _decision(t, c2, wib(2024, 6, 8, 9), None, override={"sanction": "teguran"}),
                    _decision(t, c5, wib(2024, 6, 20, 9), "berat", superseded=wib(2024, 6, 21, 9)),
                    _decision(t, c5, wib(2024, 6, 21, 9), "sedang"),
                    _compensation(t, c1, wib(2024, 6, 6, 12), wib(2024, 6, 6, 10)),  # on time; 25 h → bucket 30
                    _compensation(t, c1, wib(2024, 6, 6, 12), wib(2024, 6, 7, 12)),  # late; 51 h → bucket 54
                    _compensation(t, c2, wib(2024, 6, 10, 12)),  # due in June, not given
                    _compensation(t, c5, wib(2024, 7, 2, 12), wib(2024, 6, 22, 8)),  # due in July; 48 h
                    _sanction(t, c1, "teguran", "Budi Santoso", wib(2024, 6, 10, 9)),
                    _sanction(t, c2, "pembinaan", "Budi  Santoso", wib(2024, 6, 11, 9)),
                    _sanction(t, c2, "teguran", "Budi Santoso", wib(2024, 6, 11, 9)),
                    _sanction(t, c5, "teguran", "Sari Dewi", wib(2024, 6, 21, 9)),
                    DailySummary(tenant_id=t, day=date(2024, 6, 30), open_requests=4, at_risk=0, late=2,
                                 overdue_compensation=1),
                ])
                Session.commit()
        rollups.rebuild()
    users = {
        "jabar": make_user("admin_provinsi", province_code="32"),
        "lampung": make_user("admin_provinsi", province_code="18"),
        "platform": make_user("admin_platform"),
        "pimpinan": make_user("pimpinan", a),
        "admin_dinas": make_user("admin_dinas", a),
    }
    return {"a": a, "b": b, "c": c, **users}


def _indicators(client, user, period="2024-06", code="32"):
    answer = client.get(f"/api/v1/provinces/{code}/indicators?period={period}", headers=auth(user))
    assert answer.status_code == 200, answer.get_json()
    return {agency["slug"]: agency for agency in answer.get_json()["agencies"]}


def test_each_indicator_of_june_by_hand(app, province):
    a = _indicators(app.test_client(), province["jabar"])["dinas-a"]
    assert a["served"] == 5  # R-1, R-2, R-3, R-4, R-6 (R-5 completed in July)
    assert a["share_on_time"] == 0.75  # R-1, R-2, R-6 of the four with a deadline
    assert a["completion_median_hours"] == 3  # 1, 2, 3, 24, 120: the 3rd of 5
    assert a["response_median_hours"] == 1  # 1 (0.5 h rounded up), 2: the 1st of 2
    assert a["complaints"] == 5
    assert a["share_upheld"] == 0.75  # C1, C2, C5 of the four assessed (C4 not yet)
    assert a["breaches"] == 3
    assert a["breaches_per_1000"] == 600.0  # 3 × 1000 ÷ 5
    assert a["breaches_per_1000_by_component"] == {"jangka_waktu": 400.0, "perilaku_pelaksana": 200.0}
    # the category of the decision in force (C5's superseded "berat" does not count)
    assert a["breaches_per_1000_by_category"] == {"ringan": 200.0, "sedang": 200.0, "tanpa_kategori": 200.0}
    assert a["maladministration"] == {"penundaan_berlarut": 2, "tidak_patut": 1}
    assert a["share_compensation_on_time"] == pytest.approx(1 / 3)  # due in June: 3, in time: 1
    assert a["compensation_median_hours"] == 48  # buckets 30, 48, 54: the 2nd of 3
    assert a["compensation_p90_hours"] == 54  # rank ⌈0.9 × 3⌉ = 3
    assert a["sanctions"] == {"pembinaan": 1, "teguran": 3}
    assert a["overrides"] == 1
    assert a["repeat_offenders"] == [{"officer": "Budi Santoso", "upheld": 2}]  # C1 and C2, each once
    assert a["open_overdue"] == 3 and a["open_overdue_on"] == "2024-06-30"
    # 100 × (50 × 0.75 + 25 × max(0, 1 − 600/100) + 25 × 1/3) ÷ 100
    assert a["score"] == 45.83 and a["zone"] == "merah"
    assert a["compensation_decree"] is True and a["decree"] == FIKTIF_NUMBER


def test_a_quarter_and_a_year_add_their_months(app, province):
    client = app.test_client()
    quarter = _indicators(client, province["jabar"], "2024-Q2")["dinas-a"]
    assert quarter["served"] == 5 and quarter["complaints"] == 5
    year = _indicators(client, province["jabar"], "2024")["dinas-a"]
    assert year["served"] == 6  # R-5, completed in July, joins
    assert year["share_compensation_on_time"] == pytest.approx(2 / 4)  # July's item given in time
    assert _indicators(client, province["jabar"], "2023")["dinas-a"]["served"] == 0


def test_agencies_with_too_few_requests_are_not_ranked(app, province):
    client = app.test_client()
    agencies = _indicators(client, province["jabar"])
    assert agencies["dinas-a"]["rankable"] is True and agencies["dinas-a"]["rank"] == 1
    assert agencies["dinas-b"]["served"] == 1
    assert agencies["dinas-b"]["rankable"] is False and agencies["dinas-b"]["rank"] is None
    page = _signed_in(app, province["jabar"]).get("/provinsi/32?period=2024-06").get_data(as_text=True)
    assert "terlalu sedikit untuk diperingkat" in page


@pytest.mark.parametrize("period", ["2024-13", "2024-Q5", "2024-Q0", "24-06", "2024-6", "2024-06-01", "", "1999",
                                    "2024q2", "２０２４", "2024-00"])
def test_a_bad_period_is_422_naming_period(app, province, period):
    answer = app.test_client().get(f"/api/v1/provinces/32/indicators?period={period}", headers=auth(province["jabar"]))
    assert answer.status_code == 422
    assert "period" in answer.get_json()["error"]["fields"]


def test_a_missing_period_is_422_naming_period(app, province):
    answer = app.test_client().get("/api/v1/provinces/32/indicators", headers=auth(province["jabar"]))
    assert answer.status_code == 422 and "period" in answer.get_json()["error"]["fields"]


def test_a_bad_period_on_the_page_is_422(app, province):
    assert _signed_in(app, province["jabar"]).get("/provinsi/32?period=2024-13").status_code == 422


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_a_month_parses_to_itself(year, month):
    period = parse_period(f"{year:04d}-{month:02d}")
    assert period.first == period.last == date(year, month, 1)


@given(st.integers(2000, 2099), st.integers(1, 4))
def test_a_quarter_is_its_three_months(year, quarter):
    period = parse_period(f"{year}-Q{quarter}")
    assert period.months == [date(year, 3 * quarter - 2 + i, 1) for i in range(3)]


@given(st.integers(2000, 2099))
def test_a_year_is_its_twelve_months(year):
    assert parse_period(str(year)).months == [date(year, m, 1) for m in range(1, 13)]


@given(st.text(max_size=12))
def test_anything_else_is_refused(text):
    strict = re.fullmatch(r"20[0-9][0-9](-(0[1-9]|1[0-2])|-Q[1-4])?", text)
    if strict:
        assert parse_period(text).label == text
    else:
        with pytest.raises(Invalid) as refused:
            parse_period(text)
        assert "period" in refused.value.fields


@pytest.mark.parametrize(("score", "zone"), [
    (100, "hijau"), (81, "hijau"), (81.0, "hijau"), (80.99, "kuning"), (80.994, "kuning"), (51, "kuning"),
    (50.99, "merah"), (50.994, "merah"), (0, "merah"), (None, None)])
def test_the_ombudsman_zones_at_their_boundaries(score, zone):
    assert zone_of(score) == zone


def test_percentiles_are_nearest_rank_over_buckets():
    from collections import Counter

    assert percentile(Counter({1: 1, 2: 1, 3: 1, 24: 1, 120: 1}), 0.5) == 3
    assert percentile(Counter({1: 1, 2: 1}), 0.5) == 1
    assert percentile(Counter({5: 9, 70: 1}), 0.9) == 5
    assert percentile(Counter(), 0.5) is None


def test_duration_buckets():
    assert [rollups.duration_bucket(h * 3600) for h in (0, 0.5, 1, 24, 25, 168, 169, 1440, 1441)] == \
        [0, 1, 1, 24, 30, 168, 192, 1440, 2160]


# -- exports -------------------------------------------------------------------------


def test_the_csv_export_is_the_table_on_the_page(app, province):
    client = _signed_in(app, province["jabar"])
    answer = client.get("/provinsi/32/ekspor/indikator.csv?period=2024-06")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert 'filename="indikator_32_2024-06.csv"' in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    a = next(row for row in rows if row["Dinas"] == "Dinas A")
    assert a["Permohonan selesai"] == "5" and a["Tepat waktu (%)"] == "75.0" and a["Nilai kepatuhan"] == "45.83"
    assert a["Zona"] == "merah" and a["Pelanggaran per 1.000"] == "600.0"
    b = next(row for row in rows if row["Dinas"] == "Dinas B")
    assert b["Peringkat"] == "terlalu sedikit untuk diperingkat"


def test_the_xlsx_export_reads_back(app, province):
    client = _signed_in(app, province["jabar"])
    answer = client.get("/provinsi/32/ekspor/sanksi.xlsx?period=2024-06")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.get_data())).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Dinas", "Sanksi", "Jumlah")
    assert set(rows[1:]) == {("Dinas A", "Pembinaan", 1), ("Dinas A", "Teguran", 3)}


@pytest.mark.parametrize("name", ["tren", "peringkat", "pelanggaran", "maladministrasi", "pelanggar_berulang"])
def test_every_table_exports_in_both_formats(app, province, name):
    client = _signed_in(app, province["jabar"])
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/provinsi/32/ekspor/{name}.{fmt}?period=2024-Q2").status_code == 200


def test_an_unknown_table_or_format_is_404(app, province):
    client = _signed_in(app, province["jabar"])
    assert client.get("/provinsi/32/ekspor/indikator.pdf").status_code == 404
    assert client.get("/provinsi/32/ekspor/rahasia.csv").status_code == 404


def test_a_formula_in_a_cell_is_defused_in_both_formats():
    columns = (("name", "=Nama"), ("n", "Jumlah"))
    rows = [{"name": '=HYPERLINK("http://x","klik")', "n": -3}, {"name": "+62 21", "n": 2.5},
            {"name": "@SUM(A1)", "n": None}, {"name": "-1+1", "n": 0}, {"name": "\tx", "n": 1}]
    text = render_csv(columns, rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["'=Nama", "Jumlah"]
    assert [row[0] for row in parsed[1:]] == ["'=HYPERLINK(\"http://x\",\"klik\")", "'+62 21", "'@SUM(A1)", "'-1+1",
                                              "'\tx"]
    assert [row[1] for row in parsed[1:]] == ["-3", "2.5", "", "0", "1"]  # numbers stay numbers
    sheet = load_workbook(io.BytesIO(render_xlsx(columns, rows))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" and cell.value.startswith("'") for cell in cells)
    assert sheet.cell(row=2, column=2).value == -3
    assert safe_cell(True) == "ya" and safe_cell("Dinas") == "Dinas"


# -- who sees what --------------------------------------------------------------------


def _signed_in(app, user):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": user.email, "password": "rahasia-123",
                                       "csrf_token": token}).status_code == 302
    return client


PROVINCE_URLS = ("/provinsi/{code}?period=2024-06", "/provinsi/{code}/ekspor/indikator.csv?period=2024-06",
                 "/provinsi/{code}/kasus/dinas-a?period=2024-06&figure=upheld")


@pytest.mark.parametrize("who", ["pimpinan", "admin_dinas", "lampung"])
def test_others_get_404_for_jawa_barat(app, province, who):
    user = province[who]
    client = _signed_in(app, user)
    for url in PROVINCE_URLS:
        assert client.get(url.format(code="32")).status_code == 404, url
    assert app.test_client().get("/api/v1/provinces/32/indicators?period=2024-06", headers=auth(user)).status_code == 404
    assert client.get("/provinsi/ekspor/provinsi.csv").status_code == 404


@pytest.mark.parametrize("who", ["pimpinan", "admin_dinas"])
def test_agency_staff_have_no_provincial_view(app, province, who):
    client = _signed_in(app, province[who])
    assert client.get("/provinsi").status_code == 404
    answer = app.test_client().get("/api/v1/provinces/32/indicators?period=2024-13", headers=auth(province[who]))
    assert answer.status_code == 404  # the province is checked before the period is read


def test_a_provincial_admin_sees_its_own_province_read_only(app, province):
    client = _signed_in(app, province["jabar"])
    home = client.get("/provinsi?period=2024-06")
    assert home.status_code == 302 and home.location.startswith("/provinsi/32")
    page = client.get("/provinsi/32?period=2024-06").get_data(as_text=True)
    assert "Dinas A" in page and "Dinas B" in page and "Dinas C" not in page
    assert "<form method=\"post\"" not in page.split("</header>", 1)[1]  # nothing to change
    assert client.get("/provinsi/18?period=2024-06").status_code == 404
    assert client.post("/provinsi/32?period=2024-06").status_code in (400, 405)
    names = {a["slug"] for a in _indicators(app.test_client(), province["jabar"]).values()}
    assert names == {"dinas-a", "dinas-b"}


def test_the_platform_admin_sees_every_province_and_the_national_page(app, province):
    client = _signed_in(app, province["platform"])
    national = client.get("/provinsi?period=2024-06")
    assert national.status_code == 200
    text = national.get_data(as_text=True)
    assert "Jawa Barat" in text and "Lampung" in text
    assert client.get("/provinsi/18?period=2024-06").status_code == 200
    rows = list(csv.DictReader(io.StringIO(client.get("/provinsi/ekspor/provinsi.csv?period=2024-06")
                                           .get_data().decode("utf-8-sig"))))
    jabar = next(row for row in rows if row["Kode"] == "32")
    assert jabar["Dinas"] == "2" and jabar["Permohonan selesai"] == "6" and jabar["Zona merah"] == "1"
    assert jabar["terlalu sedikit untuk diperingkat"] == "1"
    assert client.get("/provinsi/99").status_code == 404  # no such province


def test_repeat_offenders_are_named_only_to_those_who_supervise_staff(app, province):
    client = app.test_client()
    named = _indicators(client, province["jabar"])["dinas-a"]["repeat_offenders"]
    unnamed = _indicators(client, province["platform"])["dinas-a"]["repeat_offenders"]
    assert named == [{"officer": "Budi Santoso", "upheld": 2}]
    assert unnamed == [{"officer": "Petugas 1", "upheld": 2}]
    page = _signed_in(app, province["platform"]).get("/provinsi/32?period=2024-06").get_data(as_text=True)
    assert "Budi" not in page and "Petugas 1" in page


def test_figures_link_to_the_cases_behind_them_without_the_complainant(app, province):
    client = _signed_in(app, province["jabar"])
    page = client.get("/provinsi/32?period=2024-06").get_data(as_text=True)
    link = "/provinsi/32/kasus/dinas-a?period=2024-06&amp;figure=upheld"
    assert link in page
    cases = client.get(link.replace("&amp;", "&"))
    assert cases.status_code == 200
    body = cases.get_data(as_text=True)
    assert body.count("<tr><td>2024-06") == 3  # C1, C2, C5
    assert "Rahasia Pengadu" not in body and "ISI PENGADUAN" not in body and "C1" not in body
    component = client.get("/provinsi/32/kasus/dinas-a?period=2024-06&figure=breach_component&key=perilaku_pelaksana")
    assert component.get_data(as_text=True).count("<tr><td>2024-06") == 1
    assert client.get("/provinsi/32/kasus/dinas-a?period=2024-06&figure=rahasia").status_code == 422
    assert client.get("/provinsi/32/kasus/dinas-c?period=2024-06&figure=upheld").status_code == 404  # Lampung's


def test_the_page_shows_the_formula_the_zones_and_the_charts(app, province):
    page = _signed_in(app, province["jabar"]).get("/provinsi/32?period=2024-06").get_data(as_text=True)
    assert "Cara menghitung" in page and "hijau ≥ 81, kuning 51–80,99, merah &lt; 51" in page
    assert page.count("<svg") == 2 and "<script" not in page and "style=" not in page
    assert 'aria-labelledby="trend-t trend-d"' in page and 'aria-labelledby="ranking-t ranking-d"' in page
    assert "/provinsi/matriks" in page and "/provinsi/bandingkan" in page and "/provinsi/replay" in page


# -- the rollups ---------------------------------------------------------------------


def test_the_rollups_equal_a_recomputation_from_scratch(app, province):
    with app.app_context():
        for tenant in rollups.all_agencies():
            months = rollups.months_with_data(tenant)
            assert months, tenant.slug
            assert rollups.stored(tenant, months) == rollups.compute(tenant, months)
        with all_tenants():
            before = Session.scalar(select(func.count()).select_from(IndicatorRollup))
        rollups.rebuild()  # idempotent: the same rows again
        with all_tenants():
            assert Session.scalar(select(func.count()).select_from(IndicatorRollup)) == before


def test_the_scheduler_job_keeps_the_recent_months_current(app, province):
    from core.jobs import scheduler

    a = province["a"]
    now = datetime.now(timezone.utc)
    with app.app_context(), tenant_scope(a.id):
        service = Session.scalar(select(ServiceType))
        Session.add(_request(a.id, service, "R-NOW", now - timedelta(hours=3), now - timedelta(hours=1),
                             now + timedelta(hours=5)))
        Session.commit()
    assert scheduler.run_job(app, "province-rollup", now=now)
    with app.app_context():
        tenant = next(t for t in rollups.all_agencies() if t.id == a.id)
        month = now.astimezone(WIB).date().replace(day=1)
        assert rollups.stored(tenant, [month]) == rollups.compute(tenant, [month])
        assert rollups.stored(tenant, [month])[(month, "served_on_time", "", 0)] == 1


# -- demo data -----------------------------------------------------------------------


@pytest.fixture
def synced(app, runner):
    assert runner.invoke(args=["tenants", "sync"]).exit_code == 0
    return runner


def test_demo_seed_fills_both_bekasi_agencies_once(app, synced, make_user):
    first = synced.invoke(args=["demo", "seed", "--requests", "120"])
    assert first.exit_code == 0, first.output
    assert "kab-bekasi: 40 requests" in first.output and "kota-bekasi: 40 requests" in first.output
    again = synced.invoke(args=["demo", "seed", "--requests", "120"])
    assert again.exit_code == 0 and "nothing seeded" in again.output
    with app.app_context(), all_tenants():
        assert Session.scalar(select(func.count()).select_from(ServiceRequest)) == 120
        assert Session.scalar(select(func.count()).select_from(ServiceRequest).where(ServiceRequest.demo.is_(False))) == 0
        assert Session.scalar(select(func.count()).select_from(Complaint).where(Complaint.demo.is_(False))) == 0
        assert Session.scalar(select(func.count()).select_from(IndicatorRollup)) > 0
    jabar = make_user("admin_provinsi", province_code="32")
    year = str(datetime.now(WIB).year)
    agencies = _indicators(app.test_client(), jabar, year)
    previous = _indicators(app.test_client(), jabar, str(int(year) - 1))
    for slug in ("kota-bekasi", "kab-bekasi"):
        assert agencies[slug]["served"] + previous[slug]["served"] > 0
    assert agencies["kab-bekasi"]["compensation_decree"] is False  # the gap: standards, no compensation
    assert agencies["kota-bekasi"]["compensation_decree"] is True
    page = _signed_in(app, jabar).get(f"/provinsi/32?period={year}").get_data(as_text=True)
    assert "tidak ada keputusan kompensasi" in page


def test_demo_data_is_deterministic(app, synced):
    from core.demo import seed as demo_seed
    from core.http.extensions import decrees
    from core.models import Tenant

    now = datetime(2024, 9, 15, 3, tzinfo=timezone.utc)
    with app.app_context(), all_tenants():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "kota-bekasi"))
        drawn = []
        for _ in range(2):
            seeder = demo_seed.TenantSeeder(decrees(), tenant, random.Random("x"), now)
            for number in range(80):
                seeder.request(number)
            drawn.append({model.__name__: rows for model, rows in seeder.rows.items()})
    assert drawn[0] == drawn[1]
    assert drawn[0]["Complaint"], "80 requests draw some complaints"


def test_the_charts_are_plain_svg_drawn_to_scale():
    from core.province import charts

    svg = charts.ranking([charts.Bar("Dinas <A>", 50.0, "bar zone-merah"), charts.Bar("Dinas B", 0, "bar", "terlalu sedikit")],
                         "Peringkat")
    assert '<rect x="220" y="6" width="180.0" height="18" class="bar zone-merah"/>' in svg  # half of 360
    assert "Dinas &lt;A&gt;" in svg and "terlalu sedikit" in svg and "<script" not in svg and "style" not in svg
    trend = charts.trend([("2024-05", 10, 0.5), ("2024-06", 0, None), ("2024-07", 20, 1.0)], "Tren")
    assert trend.count("<rect") == 3 and "<polyline" not in trend  # the gap in June breaks the line
    assert "2024-06: 0 selesai, - tepat waktu" in trend
