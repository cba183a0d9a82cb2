"""The case pages: the head assesses a case with the decree's decision in front of them, the
officer records what was given; each role's work list."""

from __future__ import annotations

import re

import pytest

from tests.conftest import auth


def _login(client, email):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": email, "password": "rahasia-123", "csrf_token": token}).status_code == 302


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def _version(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


@pytest.fixture
def agency(app, make_tenant, make_user):
    tenant = make_tenant("kota-bekasi-uji", plugin="kota_bekasi_2023")
    officer = make_user("petugas", tenant, email="petugas@uji.id")
    make_user("pimpinan", tenant, email="pimpinan@uji.id")
    api = app.test_client()
    complaint = api.post("/api/v1/tenants/kota-bekasi-uji/complaints", headers=auth(officer), json={
        "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "kekerasan_fisik",
        "description": "Petugas mendorong saya", "occurred_at": "2024-03-05T10:00:00+07:00"}).get_json()
    url = f"/api/v1/tenants/kota-bekasi-uji/complaints/{complaint['id']}/transitions"
    api.post(url, headers={**auth(officer), "If-Match": "1"}, json={"to": "verified"})
    api.post(url, headers={**auth(officer), "If-Match": "2"}, json={"to": "under_assessment"})
    clients = {}
    for role, email in (("petugas", "petugas@uji.id"), ("pimpinan", "pimpinan@uji.id")):
        clients[role] = app.test_client()
        _login(clients[role], email)
    return {"complaint": complaint, "page": f"/t/kota-bekasi-uji/pengaduan/{complaint['id']}", **clients}


def test_the_head_assesses_with_the_decrees_decision_and_decides_the_sanction(agency):
    head, url = agency["pimpinan"], agency["page"]
    page = head.get(url).get_data(as_text=True)
    assert "Berat" in page and "Proses disiplin sesuai ketentuan" in page
    assert "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in page, "the clause, from the case's own facts"
    assert "Belum ada keputusan tercatat." in page
    done = head.post(f"{url}/keputusan", data={"csrf_token": _csrf(page), "version": _version(page)}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Keputusan dicatat." in page and "460/Kep.15.a/Dinsos/I/2023" in page
    upheld = head.post(f"{url}/langkah", data={"csrf_token": _csrf(page), "version": _version(page), "to": "upheld",
                                               "maladministration": "tidak_patut"}, follow_redirects=True)
    page = upheld.get_data(as_text=True)
    assert 'id="case-status">Terbukti<' in page and "Tidak patut" in page
    assert "Belum ditetapkan: Proses disiplin sesuai ketentuan" in page, "the code in the reader's words"
    officer_id = re.search(r'<option value="(\d+)">', page).group(1)
    proposed = head.post(f"{url}/sanksi", data={"csrf_token": _csrf(page), "officer_user_id": officer_id,
                                                "officer_name": "Budi", "staff_category": "PNS", "code": "proses_disiplin"},
                         follow_redirects=True).get_data(as_text=True)
    assert "Usulan sanksi dicatat" in proposed and "Menunggu jawaban petugas sampai" in proposed
    assert 'id="record-proposal-1"' not in proposed, "the officer's answer is awaited first"
    officer = agency["petugas"]
    inbox = officer.get("/t/kota-bekasi-uji/notifikasi").get_data(as_text=True)
    assert 'id="unread-count">1<' in inbox and "Pimpinan mengusulkan sanksi Proses disiplin" in inbox
    seen = officer.get(url).get_data(as_text=True)
    answer_url = re.search(r'action="([^"]+/jawab)"', seen).group(1)
    answered = officer.post(answer_url, data={"csrf_token": _csrf(seen), "answer": "Saya hanya menahan pintu"},
                            follow_redirects=True).get_data(as_text=True)
    assert "Jawaban Anda dicatat" in answered
    page = head.get(url).get_data(as_text=True)
    assert "Saya hanya menahan pintu" in page and 'id="record-proposal-1"' in page
    record_url = re.search(r'action="([^"]+/tetapkan)"', page).group(1)
    decided = head.post(record_url, data={"csrf_token": _csrf(page)}, follow_redirects=True)
    page = decided.get_data(as_text=True)
    assert "Sanksi ditetapkan." in page and "Budi (PNS): Proses disiplin sesuai ketentuan" in page
    assert "hukuman disiplin PP 94/2021" in page


def test_a_stale_form_and_a_missing_reason_are_shown_back_and_change_nothing(agency):
    head, url = agency["pimpinan"], agency["page"]
    page = head.get(url).get_data(as_text=True)
    stale = head.post(f"{url}/langkah", data={"csrf_token": _csrf(page), "version": "1", "to": "rejected",
                                              "reason": "x"}, follow_redirects=True).get_data(as_text=True)
    assert "telah diubah orang lain" in stale and 'id="case-status">Menunggu penilaian pimpinan<' in stale
    missing = head.post(f"{url}/langkah", data={"csrf_token": _csrf(page), "version": _version(page), "to": "rejected"},
                        follow_redirects=True).get_data(as_text=True)
    assert "reason: required for this step" in missing and 'id="case-status">Menunggu penilaian pimpinan<' in missing


def test_the_officer_may_not_take_the_heads_step_nor_decide(agency):
    officer, url = agency["petugas"], agency["page"]
    page = officer.get(url).get_data(as_text=True)
    assert 'id="step-upheld"' not in page and 'id="record-decision"' not in page
    refused = officer.post(f"{url}/langkah", data={"csrf_token": _csrf(page), "version": "3", "to": "upheld",
                                                   "maladministration": "tidak_patut"})
    assert refused.status_code == 403
    assert officer.post(f"{url}/keputusan", data={"csrf_token": _csrf(page), "version": "3"}).status_code == 403


def test_each_role_sees_its_own_work_lists(agency):
    officer = agency["petugas"].get("/t/kota-bekasi-uji/kerja").get_data(as_text=True)
    assert "Kasus saya yang masih terbuka (1)" in officer and agency["complaint"]["tracking_code"] in officer
    assert "awaiting-assessment" not in officer
    head = agency["pimpinan"].get("/t/kota-bekasi-uji/kerja").get_data(as_text=True)
    assert "Menunggu penilaian (1)" in head and "Sanksi belum ditetapkan (0)" in head
    assert "Kasus saya yang masih terbuka" not in head


def test_another_agencys_case_page_is_404(app, agency, make_tenant):
    make_tenant("dinas-lain", plugin="kota_bekasi_2023")
    assert agency["pimpinan"].get(agency["page"].replace("kota-bekasi-uji", "dinas-lain")).status_code == 404
    assert agency["pimpinan"].get("/t/kota-bekasi-uji/pengaduan/bukan-uuid").status_code == 404


def test_the_case_page_speaks_english_second(agency):
    page = agency["pimpinan"].get(agency["page"] + "?lang=en").get_data(as_text=True)
    assert "What the agency's decree says of these facts" in page and "Record the decision" in page


def test_the_assessment_screen_reads_the_linked_requests_clock(app, agency, make_user):
    """A time complaint linked to a request: the lateness comes from the request's own clock
    (Kota Bekasi Lampiran E.2: more than 1 up to 5 days late is sedang)."""
    from core.models import Tenant  # noqa: F401  (the tenant made by the fixture)
    admin = make_user("admin_dinas", _tenant(app, "kota-bekasi-uji"), email="admin@uji.id")
    api = app.test_client()
    assert api.post("/api/v1/tenants/kota-bekasi-uji/service-types", headers=auth(admin), json={
        "code": "rujukan", "name": "Rujukan panti", "time_norm": "7 hari kerja"}).status_code == 201
    request_ = api.post("/api/v1/tenants/kota-bekasi-uji/service-requests", headers=auth(admin), json={
        "service": "rujukan", "reference": "R-1", "applicant_name": "Ani",
        "received_at": "2024-03-04T09:00:00+07:00"}).get_json()
    late = api.post("/api/v1/tenants/kota-bekasi-uji/complaints", headers=auth(admin), json={
        "channel": "tertulis", "component": "jangka_waktu", "description": "Rujukan belum selesai",
        "occurred_at": "2024-03-18T10:00:00+07:00", "service_request_id": request_["id"]}).get_json()
    page = agency["pimpinan"].get(f"/t/kota-bekasi-uji/pengaduan/{late['id']}").get_data(as_text=True)
    assert "Sedang" in page and "Lampiran E.2, kategori sedang (waktu)" in page


def _tenant(app, slug):
    from sqlalchemy import select

    from core.platform.db import Session
    from core.models import Tenant

    with app.app_context():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == slug))
        Session.expunge(tenant)
        return tenant
