"""The decision pages: a head describes a breach and reads the decree's answer with its clauses."""

from __future__ import annotations

import re

import pytest


def _login(client, email):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": email, "password": "rahasia-123", "csrf_token": token}).status_code == 302


def _csrf(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def head(app, make_tenant, make_user):
    tenant = make_tenant("kota-bekasi-uji", plugin="kota_bekasi_2023")
    make_user("pimpinan", tenant, email="pimpinan@uji.id")
    client = app.test_client()
    _login(client, "pimpinan@uji.id")
    return client


def test_a_head_sees_category_compensation_and_sanction_with_their_clauses(head):
    url = "/t/kota-bekasi-uji/keputusan"
    assert head.get(url).status_code == 200
    response = head.post(url, data={"csrf_token": _csrf(head, url), "component": "perilaku_pelaksana",
                                    "conduct": "kekerasan_fisik", "channel": "tertulis",
                                    "occurred_at": "2024-03-05T10:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Berat" in page and "Permohonan maaf secara tertulis" in page and "Proses disiplin sesuai ketentuan" in page
    assert "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in page


def test_three_working_days_late(head):
    url = "/t/kota-bekasi-uji/keputusan"
    page = head.post(url, data={"csrf_token": _csrf(head, url), "component": "jangka_waktu", "channel": "tertulis",
                                "lateness_days": "3", "occurred_at": "2024-03-05T10:00"}).get_data(as_text=True)
    assert "Sedang" in page and "Lampiran E.2, kategori sedang (waktu)" in page


def test_missing_facts_are_named_not_guessed(head):
    url = "/t/kota-bekasi-uji/keputusan"
    response = head.post(url, data={"csrf_token": _csrf(head, url), "component": "jangka_waktu", "channel": "tertulis"})
    assert response.status_code == 422
    assert "lateness_days" in response.get_data(as_text=True)


def test_another_tenants_page_is_404_and_anonymous_users_sign_in_first(app, head, make_tenant):
    make_tenant("dinas-lain", plugin="kota_bekasi_2023")
    assert head.get("/t/dinas-lain/keputusan").status_code == 404
    assert app.test_client().get("/t/kota-bekasi-uji/keputusan").status_code == 302


def test_a_provincial_admin_compares_the_decrees_of_its_agencies(app, make_tenant, make_user):
    make_tenant("kota-uji", plugin="kota_bekasi_2023", name="Dinas Kota Uji")
    make_tenant("kab-uji", plugin="kab_bekasi_2023", name="Dinas Kabupaten Uji")
    make_tenant("lampung-uji", plugin="prov_lampung_2024", province_code="18", name="Dinas Lampung Uji")
    make_user("admin_provinsi", province_code="32", email="provinsi@uji.id")
    client = app.test_client()
    _login(client, "provinsi@uji.id")
    page = client.post("/bandingkan", data={"csrf_token": _csrf(client, "/bandingkan"), "component": "perilaku_pelaksana",
                                            "conduct": "tidak_sopan", "channel": "tertulis",
                                            "occurred_at": "2024-06-05T10:00"}).get_data(as_text=True)
    for number in ("460/Kep.15.a/Dinsos/I/2023", "OR.02/2308/DINSOS/2023"):
        assert number in page
    assert "Dinas Lampung Uji" not in page  # another province's agency
    assert "Lampiran E.2, kategori sedang (cara pelayanan)" in page


def test_a_head_compares_the_installed_decrees(head):
    page = head.post("/bandingkan", data={"csrf_token": _csrf(head, "/bandingkan"), "component": "biaya",
                                          "channel": "tertulis", "occurred_at": "2024-06-05T10:00"}).get_data(as_text=True)
    for number in ("460/Kep.15.a/Dinsos/I/2023", "188.4/062/KEP/DSPPPA/2023", "400.9.3.21//4 IV.07/B.II/2024",
                   "OR.02/2308/DINSOS/2023"):
        assert number in page
    assert "Cenderamata dari ruang pelayanan" in page  # Lampung, Lampiran angka 6 (biaya)


def test_an_officer_may_not_compare_across_agencies(app, make_tenant, make_user):
    make_user("petugas", make_tenant("dinas-a"), email="petugas@uji.id")
    client = app.test_client()
    _login(client, "petugas@uji.id")
    assert client.get("/bandingkan").status_code == 403


def test_the_decision_page_speaks_english_second(head):
    page = head.get("/t/kota-bekasi-uji/keputusan?lang=en").get_data(as_text=True)
    assert "What does the decree say?" in page and "Component violated" in page
