"""The public complaint page (no account): a citizen files the written complaint UU 25/2009 asks
for (Pasal 40–42: who, which service and component, what happened and the loss, the remedy, when
and where), within 30 days of the service, follows it by tracking code, confirms or denies each
compensation, and objects (keberatan) to a rejection or a closure. Anonim and rahasia complaints
are masked wherever shown; the NIK is stored encrypted."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings, strategies as st
from sqlalchemy import select, text

from core.platform.db import Session
from tests.conftest import auth

WIB = ZoneInfo("Asia/Jakarta")
NIK = "3275014501900001"
STANDARD = {"persyaratan": "Fotokopi KTP dan KK", "biaya_tarif": "Tanpa biaya", "dasar_hukum": "Perda 10/2012"}


def _ago(days: float) -> datetime:
    return datetime.now(WIB) - timedelta(days=days)


def complaint_body(**changes) -> dict:
    body = {
        "complainant_name": "Siti Rahayu", "complainant_address": "Jl. Mawar 1, Bekasi",
        "complainant_contact": "0812-3456-7890", "complainant_nik": NIK, "service": "rujukan",
        "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
        "description": "Petugas membentak saya di loket", "loss_description": "Malu dan harus datang lagi",
        "remedy_requested": "Permintaan maaf tertulis", "occurred_at": _ago(3).isoformat(timespec="minutes"),
        "place": "Loket 2, kantor dinas", "request_reference": "REQ-77",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def form_of(body: dict) -> dict:
    """The API body as the page's form posts it: a local moment, ticked boxes as "1"."""
    form = {k: ("1" if v is True else v) for k, v in body.items() if v is not False}
    if "occurred_at" in form and "+" in form["occurred_at"]:
        form["occurred_at"] = datetime.fromisoformat(form["occurred_at"]).astimezone(WIB).strftime("%Y-%m-%dT%H:%M")
    return form


def csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


@pytest.fixture
def agency(app, make_tenant, make_user):
    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023", name="Dinas Sosial Kota Uji")
    admin = make_user("admin_dinas", tenant)
    made = app.test_client().post("/api/v1/tenants/kota-uji/service-types", headers=auth(admin), json={
        "code": "rujukan", "name": "Layanan rujukan", "unit": "Bidang Rehabilitasi Sosial",
        "time_norm": "3 hari kerja", "components": STANDARD})
    assert made.status_code == 201, made.get_json()
    return tenant


def file_via_api(client, slug="kota-uji", **changes):
    response = client.post(f"/api/v1/public/{slug}/complaints", json=complaint_body(**changes))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["tracking_code"]


def stored(app, tenant, code):
    from core.models import Complaint
    from core.models.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant.id):
        complaint = Session.scalar(select(Complaint).where(Complaint.tracking_code == code.replace("-", "")))
        Session.expunge(complaint)
        return complaint


# -- the agency's page ----------------------------------------------------------------


def test_the_agency_page_publishes_each_services_standard(client, agency):
    page = client.get("/p/kota-uji").get_data(as_text=True)
    assert "Layanan rujukan" in page and "3 hari kerja" in page
    assert "Fotokopi KTP dan KK" in page and "Tanpa biaya" in page
    assert "Perda 10/2012" not in page, "internal-management components are not the published standard"
    shown = client.get("/api/v1/public/kota-uji").get_json()
    assert shown["services"][0]["standard"] == [
        {"component": "persyaratan", "label": "Persyaratan", "text": "Fotokopi KTP dan KK"},
        {"component": "biaya_tarif", "label": "Biaya/tarif", "text": "Tanpa biaya"}]


@pytest.mark.parametrize("url", ["/p/tidak-ada", "/p/tidak-ada/pengaduan", "/p/tidak-ada/lacak/ABCDE-FGHJK",
                                 "/api/v1/public/tidak-ada", "/api/v1/public/tidak-ada/complaints/ABCDEFGHJK"])
def test_an_unknown_agency_is_not_found(client, agency, url):
    assert client.get(url).status_code == 404


# -- filing -----------------------------------------------------------------------------


def test_a_citizen_files_on_the_page_and_gets_a_tracking_code(app, client, agency):
    url = "/p/kota-uji/pengaduan"
    response = client.post(url, data={**form_of(complaint_body()), "csrf_token": csrf(client, url)})
    assert response.status_code == 302
    code = response.headers["Location"].rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", code)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert code in page and "Simpan kode pelacakan ini" in page and "Diterima, menunggu verifikasi" in page
    complaint = stored(app, agency, code)
    assert (complaint.channel, complaint.component, complaint.conduct) == ("tertulis", "perilaku_pelaksana", "tidak_sopan")
    assert complaint.complainant_nik == NIK and complaint.complainant_address == "Jl. Mawar 1, Bekasi"
    assert complaint.loss_description == "Malu dan harus datang lagi" and complaint.place == "Loket 2, kantor dinas"
    assert complaint.request_reference == "REQ-77" and complaint.received_by is None
    assert complaint.service_type_id is not None


def test_the_api_files_and_tracks_a_complaint(client, agency):
    made = client.post("/api/v1/public/kota-uji/complaints", json=complaint_body())
    assert made.status_code == 201
    code = made.get_json()["tracking_code"]
    shown = client.get(f"/api/v1/public/kota-uji/complaints/{code.lower()}")
    assert shown.status_code == 200, "a code is read whatever its case and grouping"
    body = shown.get_json()
    assert body["tracking_code"] == code and body["status"] == "received" and body["service"] == "Layanan rujukan"
    assert body["complainant_nik"] == "••••••••••••0001"
    assert set(body) >= {"decision", "compensations", "may_object"}


WEB_FIELD_ERRORS = [
    ("complainant_name", "", "Wajib diisi."),
    ("complainant_address", "x" * 301, "Isi antara 1 dan 300 karakter."),
    ("complainant_contact", "0812", "Isi nomor telepon (minimal 8 angka) atau alamat email."),
    ("complainant_nik", "32750145", "NIK terdiri atas 16 angka."),
    ("complainant_nik", "327501450190000A", "NIK terdiri atas 16 angka."),
    ("service", "tidak_ada", "Pilih layanan dari daftar layanan dinas ini."),
    ("component", "warna_kantor", "Pilih salah satu dari daftar."),
    ("conduct", "galak", "Pilih salah satu dari daftar."),
    ("occurred_at", "kemarin", "Isi tanggal dan jam yang valid."),
    ("occurred_at", "", "Wajib diisi."),
    ("description", "buruk", "Isi antara 10 dan 10000 karakter."),
    ("loss_description", "   ", "Wajib diisi."),
    ("remedy_requested", "", "Wajib diisi."),
    ("place", "", "Wajib diisi."),
    ("request_reference", "R" * 65, "Isi antara 0 dan 64 karakter."),
]


@pytest.mark.parametrize(("field", "value", "message"), WEB_FIELD_ERRORS)
def test_each_bad_field_is_shown_back_next_to_it_and_the_rest_is_kept(app, client, agency, field, value, message):
    url = "/p/kota-uji/pengaduan"
    form = {**form_of(complaint_body()), field: value, "csrf_token": csrf(client, url)}
    response = client.post(url, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p id="{field}-error" class="field-error">{message}</p>' in page
    assert f'href="#{field}"' in page, "the summary links to the field"
    assert 'aria-invalid="true"' in page
    assert "Petugas membentak saya di loket" in page or field == "description", "what was typed is kept"
    from core.models import Complaint
    from core.models.scope import all_tenants
    with app.app_context(), all_tenants():
        assert Session.scalar(select(Complaint.id)) is None


def test_the_messages_follow_the_english_switch(client, agency):
    url = "/p/kota-uji/pengaduan?lang=en"
    page = client.post(url, data={**form_of(complaint_body()), "complainant_nik": "123",
                                  "csrf_token": csrf(client, url)}).get_data(as_text=True)
    assert "A NIK has 16 digits." in page and "Submit complaint" in page


API_FIELD_ERRORS = [
    ({"complainant_name": None}, "complainant_name", 422),
    ({"complainant_nik": "1234"}, "complainant_nik", 422),
    ({"complainant_nik": 3275014501900001}, "complainant_nik", 422),
    ({"service": "tidak_ada"}, "service", 422),
    ({"component": "warna"}, "component", 422),
    ({"anonymous": "mungkin"}, "anonymous", 422),
    ({"occurred_at": "2024-03-05T10:00:00"}, "occurred_at", 422),
    ({"occurred_at": "1900-01-01T10:00:00+07:00"}, "occurred_at", 422),
    ({"description": "x\u0000y" * 5}, "description", 422),
    ({"remedy_requested": ["a"]}, "remedy_requested", 422),
]


@pytest.mark.parametrize(("changes", "field", "status"), API_FIELD_ERRORS)
def test_the_api_names_each_bad_field(client, agency, changes, field, status):
    response = client.post("/api/v1/public/kota-uji/complaints", json=complaint_body(**changes)
                           if None not in changes.values() else {k: v for k, v in complaint_body().items()
                                                                  if k not in changes})
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]


def test_the_api_refuses_a_body_that_is_not_json(client, agency):
    response = client.post("/api/v1/public/kota-uji/complaints", data="nama=Siti")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
    assert client.post("/api/v1/public/kota-uji/complaints", json=[1, 2]).status_code == 422


# -- the 30-day window (UU 25/2009) -----------------------------------------------------


@pytest.mark.parametrize(("days_ago", "accepted"), [(0.01, True), (29, True), (30, True), (31, False), (400, False)])
def test_a_complaint_is_filed_within_30_days_of_the_service(client, agency, days_ago, accepted):
    moment = (datetime.now(WIB).replace(hour=12, minute=0) - timedelta(days=days_ago)) if days_ago >= 1 else _ago(days_ago)
    response = client.post("/api/v1/public/kota-uji/complaints", json=complaint_body(occurred_at=moment.isoformat()))
    assert response.status_code == (201 if accepted else 422)
    if not accepted:
        message = response.get_json()["error"]["fields"]["occurred_at"][0]
        assert "paling lambat 30 hari" in message and "Ombudsman" in message


def test_a_service_in_the_future_is_refused(client, agency):
    response = client.post("/api/v1/public/kota-uji/complaints", json=complaint_body(occurred_at=_ago(-1).isoformat()))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["occurred_at"] == ["Waktu kejadian tidak boleh di masa depan."]


def test_the_window_is_counted_in_the_agencys_calendar_days():
    """A service at 23:30 WIB on 1 March may be complained of through 31 March, whatever UTC says."""
    from types import SimpleNamespace

    from core.casework.cases import filing_window_errors

    tenant = SimpleNamespace(timezone="Asia/Jakarta")
    service = datetime(2024, 3, 1, 23, 30, tzinfo=WIB)
    assert filing_window_errors(tenant, service, datetime(2024, 3, 31, 23, 59, tzinfo=WIB)) == {}
    assert filing_window_errors(tenant, service, datetime(2024, 4, 1, 0, 1, tzinfo=WIB))
    assert filing_window_errors(tenant, service, datetime(2024, 3, 31, 16, 59, tzinfo=timezone.utc)) == {}


# -- anonim and rahasia --------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["anonymous", "confidential"])
def test_an_anonim_or_rahasia_complainant_is_masked_on_the_status_page(client, agency, flag):
    code = file_via_api(client, **{flag: True})
    page = client.get(f"/p/kota-uji/lacak/{code}").get_data(as_text=True)
    body = client.get(f"/api/v1/public/kota-uji/complaints/{code}").get_data(as_text=True)
    for shown in (page, body):
        assert "Siti Rahayu" not in shown and NIK not in shown and "0001" not in shown
        assert "(disamarkan)" in shown


@pytest.mark.parametrize("flag", ["anonymous", "confidential"])
def test_an_anonim_or_rahasia_complaint_is_masked_in_the_staff_api_but_for_the_head(app, client, agency, make_user, flag):
    code = file_via_api(client, **{flag: True})
    complaint_id = stored(app, agency, code).id
    officer, head = make_user("petugas", agency), make_user("pimpinan", agency)
    url = f"/api/v1/tenants/kota-uji/complaints/{complaint_id}"
    for_officer = client.get(url, headers=auth(officer)).get_json()
    for_head = client.get(url, headers=auth(head)).get_json()
    for name in ("complainant_name", "complainant_address", "complainant_contact", "complainant_nik"):
        assert for_officer[name] == "(disamarkan)", name
    assert for_head["complainant_nik"] == NIK and for_head["complainant_address"] == "Jl. Mawar 1, Bekasi"
    listed = client.get("/api/v1/tenants/kota-uji/complaints", headers=auth(officer)).get_data(as_text=True)
    assert NIK not in listed and "Siti Rahayu" not in listed
    audit = client.get(url + "/audit", headers=auth(head)).get_data(as_text=True)
    assert NIK not in audit and "(terenkripsi)" in audit, "the trail records that a NIK was given, never the NIK"


def test_an_ordinary_complaint_shows_the_name_and_only_the_last_digits_of_the_nik(client, agency):
    code = file_via_api(client)
    page = client.get(f"/p/kota-uji/lacak/{code}").get_data(as_text=True)
    assert "Siti Rahayu" in page and "••••••••••••0001" in page and NIK not in page


# -- the NIK at rest -------------------------------------------------------------------------


def test_the_nik_is_stored_encrypted(app, client, agency):
    code = file_via_api(client)
    with app.extensions["engine"].connect() as conn:
        raw = conn.execute(text("SELECT complainant_nik FROM complaints WHERE tracking_code = :c"),
                           {"c": code.replace("-", "")}).scalar_one()
        trail = conn.execute(text("SELECT after FROM audit_events WHERE entity = 'complaints'")).scalars().all()
    assert NIK not in raw and raw.startswith("gAAAA"), "a Fernet token, not the number"
    from core.platform.field_crypto import DEVELOPMENT_KEY
    assert Fernet(DEVELOPMENT_KEY).decrypt(raw.encode()).decode() == NIK
    assert all(NIK not in str(after) for after in trail)


# -- tracking codes -----------------------------------------------------------------------------


def test_an_unknown_code_is_not_found(client, agency):
    assert client.get("/p/kota-uji/lacak/ABCDE-FGHJK").status_code == 404
    assert client.get("/api/v1/public/kota-uji/complaints/ABCDEFGHJK").status_code == 404
    assert client.get("/api/v1/public/kota-uji/complaints/" + "A" * 40).status_code == 404


def test_another_agencys_code_is_not_found_under_this_agency(app, client, agency, make_tenant, make_user):
    other = make_tenant("kota-lain", plugin="kota_bekasi_2023")
    admin = make_user("admin_dinas", other)
    client.post("/api/v1/tenants/kota-lain/service-types", headers=auth(admin),
                json={"code": "rujukan", "name": "Rujukan lain", "time_norm": "3 hari kerja"})
    code = file_via_api(client, slug="kota-lain")
    assert client.get(f"/p/kota-lain/lacak/{code}").status_code == 200
    assert client.get(f"/p/kota-uji/lacak/{code}").status_code == 404
    assert client.get(f"/api/v1/public/kota-uji/complaints/{code}").status_code == 404


def test_the_tracking_form_leads_to_the_case(client, agency):
    code = file_via_api(client)
    found = client.get(f"/p/kota-uji/lacak?kode={code.lower().replace('-', ' ')}")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/p/kota-uji/lacak/{code}")


# -- rate limits ------------------------------------------------------------------------------------


def test_writes_are_limited_per_address_across_workers(app, client, agency):
    app.config["PUBLIC_WRITE_RATE_LIMIT"] = 2
    file_via_api(client)
    file_via_api(app.test_client())  # another client, the same address: the count is in the database
    refused = client.post("/api/v1/public/kota-uji/complaints", json=complaint_body())
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"]["code"] == "rate_limited"
    url = "/p/kota-uji/pengaduan"
    page = client.post(url, data={**form_of(complaint_body()), "csrf_token": csrf(client, url)})
    assert page.status_code == 429 and "Terlalu banyak permintaan" in page.get_data(as_text=True)
    other = client.post("/api/v1/public/kota-uji/complaints", json=complaint_body(),
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201, "another address is not held back"


def test_guessing_tracking_codes_is_limited(app, client, agency):
    app.config["PUBLIC_MISS_RATE_LIMIT"] = 3
    code = file_via_api(client)
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"):
        assert client.get(f"/api/v1/public/kota-uji/complaints/{guess}").status_code == 404
    assert client.get(f"/api/v1/public/kota-uji/complaints/{code}").status_code == 429
    assert client.get(f"/p/kota-uji/lacak/{code}").status_code == 429


# -- the citizen's say --------------------------------------------------------------------------------


def decide(app, tenant, code, *, assessment=None, status=None, compensation=False):
    """The agency's side, as the case workflow would leave it: the decree's decision recorded, the
    head's assessment, a compensation item given."""
    from core.casework import cases
    from core.models import CompensationGiven, Complaint
    from core.models.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant.id):
        complaint = Session.scalar(select(Complaint).where(Complaint.tracking_code == code.replace("-", "")))
        cases.decide(app.extensions["decrees"], Session.get(type(tenant), tenant.id), complaint, None)
        complaint.assessment = assessment
        if status:
            complaint.status = status
        item = None
        if compensation:
            item = CompensationGiven(tenant_id=tenant.id, complaint_id=complaint.id, code="maaf_tertulis",
                                     citation="Lampiran C.1, kategori sedang (cara pelayanan)",
                                     due_at=datetime.now(timezone.utc), given_at=datetime.now(timezone.utc), given_by=1)
            Session.add(item)
        Session.commit()
        return complaint.id, item.id if item else None


def test_the_status_page_shows_the_decision_and_compensation_never_who_handled_it(app, client, agency, make_user):
    make_user("petugas", agency, email="budi.petugas@kota-uji.id")
    code = file_via_api(client)
    decide(app, agency, code, assessment="terbukti", compensation=True)
    page = client.get(f"/p/kota-uji/lacak/{code}").get_data(as_text=True)
    assert "Pimpinan menilai pengaduan ini terbukti." in page and "Sedang" in page
    assert "Permohonan maaf secara tertulis" in page and "Lampiran C.1, kategori sedang (cara pelayanan)" in page
    assert "petugas test" not in page and "budi.petugas" not in page
    assert "Sanksi" not in page and "Teguran" not in page, "the officer's sanction is not the citizen's to read"
    body = client.get(f"/api/v1/public/kota-uji/complaints/{code}").get_json()
    assert body["outcome"] == "upheld" and body["decision"]["compensations"][0]["code"] == "maaf_tertulis"
    assert "given_by" not in str(body) and "sanctions" not in body["decision"]


def test_the_citizen_confirms_or_denies_receipt_of_a_compensation(app, client, agency, make_user):
    code = file_via_api(client)
    complaint_id, item_id = decide(app, agency, code, assessment="terbukti", compensation=True)
    url = f"/p/kota-uji/lacak/{code}"
    answered = client.post(f"{url}/kompensasi/{item_id}", data={"received": "0", "note": "Surat belum sampai",
                                                                "csrf_token": csrf(client, url)})
    assert answered.status_code == 302
    assert "Anda menyatakan kompensasi ini belum diterima." in client.get(url).get_data(as_text=True)
    api = client.post(f"/api/v1/public/kota-uji/complaints/{code}/compensations/{item_id}/receipt",
                      json={"received": True})
    assert api.status_code == 204
    assert "Anda menyatakan kompensasi ini sudah diterima." in client.get(url).get_data(as_text=True)
    head = make_user("pimpinan", agency)
    said = client.get(f"/api/v1/tenants/kota-uji/complaints/{complaint_id}/citizen-responses", headers=auth(head)).get_json()
    assert [(r["kind"], r["note"]) for r in said] == [("tidak_diterima", "Surat belum sampai"), ("diterima", "")]


def test_a_receipt_names_its_bad_input_and_another_cases_compensation_is_not_found(app, client, agency):
    code = file_via_api(client)
    other = file_via_api(client, description="Kasus lain yang berbeda")
    _, item_id = decide(app, agency, code, assessment="terbukti", compensation=True)
    base = "/api/v1/public/kota-uji/complaints"
    missing = client.post(f"{base}/{code}/compensations/{item_id}/receipt", json={"note": "x"})
    assert missing.status_code == 422 and "received" in missing.get_json()["error"]["fields"]
    assert client.post(f"{base}/{other}/compensations/{item_id}/receipt", json={"received": True}).status_code == 404
    assert client.post(f"{base}/{code}/compensations/bukan-uuid/receipt", json={"received": True}).status_code == 404


def test_keberatan_against_a_rejection_marks_the_case_for_the_head(app, client, agency, make_user):
    code = file_via_api(client)
    url = f"/p/kota-uji/lacak/{code}"
    early = client.post(f"/api/v1/public/kota-uji/complaints/{code}/objection", json={"reason": "Saya tidak setuju sama sekali"})
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "nothing_to_object_to"
    complaint_id, _ = decide(app, agency, code, assessment="tidak_terbukti", status="rejected")
    page = client.get(url).get_data(as_text=True)
    assert "Pimpinan menilai pengaduan ini tidak terbukti." in page and "Ajukan keberatan" in page
    short = client.post(f"{url}/keberatan", data={"reason": "tidak", "csrf_token": csrf(client, url)})
    assert short.status_code == 422 and "Isi antara 10 dan 5000 karakter." in short.get_data(as_text=True)
    done = client.post(f"{url}/keberatan", data={"reason": "Petugas jelas membentak, ada saksi di loket",
                                                 "csrf_token": csrf(client, url)})
    assert done.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Petugas jelas membentak, ada saksi di loket" in page and "Ajukan keberatan" not in page
    head = make_user("pimpinan", agency)
    case = client.get(f"/api/v1/tenants/kota-uji/complaints/{complaint_id}", headers=auth(head)).get_json()
    assert case["reopen_requested"] is True and case["status"] == "reopened"
    again = client.post(f"/api/v1/public/kota-uji/complaints/{code}/objection", json={"reason": "Sekali lagi saya keberatan"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "objection_pending"
    trail = client.get(f"/api/v1/tenants/kota-uji/complaints/{complaint_id}/audit", headers=auth(head)).get_json()
    assert any(e["after"] and e["after"].get("reopen_requested") is True for e in trail)


def test_keberatan_against_a_closure(app, client, agency):
    code = file_via_api(client)
    decide(app, agency, code, assessment="terbukti", status="closed")
    response = client.post(f"/api/v1/public/kota-uji/complaints/{code}/objection",
                           json={"reason": "Kompensasi tidak pernah saya terima"})
    assert response.status_code == 204
    shown = client.get(f"/api/v1/public/kota-uji/complaints/{code}").get_json()
    assert shown["objection"]["reason"] == "Kompensasi tidak pernah saya terima" and shown["may_object"] is False


# -- properties of the window and of the codes --------------------------------------------------------

MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc))


@settings(max_examples=300, deadline=None)
@given(service=MOMENTS, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)))
def test_the_window_accepts_exactly_the_day_of_the_service_and_thirty_after_it(service, later):
    from types import SimpleNamespace

    from core.casework.cases import filing_window_errors

    now = service + later
    local_days = (now.astimezone(WIB).date() - service.astimezone(WIB).date()).days
    accepted = filing_window_errors(SimpleNamespace(timezone="Asia/Jakarta"), service, now) == {}
    assert accepted is (local_days <= 30)


@given(code=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=10, max_size=10),
       style=st.sampled_from([str, str.lower]), separator=st.sampled_from(["-", " ", "", " - "]))
def test_a_code_reads_back_however_it_is_typed(code, style, separator):
    from core.casework.tracking import display_code, normalise_code

    shown = display_code(code)
    assert shown == f"{code[:5]}-{code[5:]}"
    assert normalise_code(style(shown.replace("-", separator))) == code


def test_a_new_tracking_code_avoids_look_alike_characters():
    from core.casework.tracking import new_tracking_code

    codes = {new_tracking_code() for _ in range(500)}
    assert len(codes) == 500 and not set("".join(codes)) & set("01IO")


def test_staff_record_the_written_complaints_fields_too(client, agency, make_user):
    officer = make_user("petugas", agency)
    body = {"channel": "tertulis", "component": "biaya", "description": "Dipungut biaya",
            "occurred_at": "2024-03-05T10:00:00+07:00", "complainant_nik": "12345"}
    refused = client.post("/api/v1/tenants/kota-uji/complaints", headers=auth(officer), json=body)
    assert refused.status_code == 422 and "complainant_nik" in refused.get_json()["error"]["fields"]
    made = client.post("/api/v1/tenants/kota-uji/complaints", headers=auth(officer), json={
        **body, "complainant_nik": NIK, "loss_description": "Rp 50.000", "place": "Loket 1"})
    assert made.status_code == 201
    shown = made.get_json()
    assert (shown["complainant_nik"], shown["loss_description"], shown["place"]) == (NIK, "Rp 50.000", "Loket 1")
    assert shown["reopen_requested"] is False


def test_a_service_a_complaint_names_is_retired_not_deleted(app, client, agency, make_user):
    file_via_api(client)
    admin = make_user("admin_dinas", agency, email="admin2@kota-uji.id")
    service_id = client.get("/api/v1/tenants/kota-uji/service-types", headers=auth(admin)).get_json()[0]["id"]
    assert client.delete(f"/api/v1/tenants/kota-uji/service-types/{service_id}", headers=auth(admin)).status_code == 204
    kept = client.get(f"/api/v1/tenants/kota-uji/service-types/{service_id}", headers=auth(admin)).get_json()
    assert kept["active"] is False
    assert "Layanan rujukan" not in client.get("/p/kota-uji").get_data(as_text=True), "no longer offered"


def test_a_standards_numbered_text_is_shown_one_item_to_a_line():
    from core.web.citizen import numbered_lines

    assert numbered_lines("Pemohon membawa: 1. Fotokopi KK; 2. Fotokopi E-KTP; 10. Surat kuasa") == [
        "Pemohon membawa:", "1. Fotokopi KK;", "2. Fotokopi E-KTP;", "10. Surat kuasa"]
    assert numbered_lines("Tanpa Dipungut Biaya") == ["Tanpa Dipungut Biaya"]


def test_the_request_number_a_citizen_gives_links_the_case_to_that_requests_clock(app, client, agency, make_user):
    """A time complaint naming the agency's request by its number is judged by that request's own
    clock; a number the agency does not know stays text on the case, and nothing is guessed."""
    officer = make_user("petugas", agency)
    recorded = client.post("/api/v1/tenants/kota-uji/service-requests", headers=auth(officer), json={
        "service": "rujukan", "reference": "REQ-77", "applicant_name": "Siti Rahayu",
        "received_at": _ago(10).isoformat(timespec="minutes")})
    assert recorded.status_code == 201, recorded.get_json()
    linked = stored(app, agency, file_via_api(client, component="jangka_waktu", conduct=None))
    assert str(linked.service_request_id) == recorded.get_json()["id"]
    unknown = stored(app, agency, file_via_api(client, component="jangka_waktu", conduct=None,
                                               request_reference="TIDAK-ADA"))
    assert unknown.service_request_id is None and unknown.request_reference == "TIDAK-ADA"
    with app.app_context():
        from core.casework.cases import facts_of
        from core.models.scope import tenant_scope

        with tenant_scope(agency.id):
            facts = facts_of(Session.merge(linked))
    assert facts["service_request"]["service"] == "rujukan" and facts["service_request"]["completed_at"] is None
