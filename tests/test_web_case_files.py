"""The case files page: the head issues the letter the decision owes with one button, staff attach
a photo, and both come back only as downloads."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from PIL import Image

from tests.conftest import auth, decide_case

PASSWORD = "rahasia-123"


def _csrf(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _login(client, email):
    assert client.post("/login", data={"email": email, "password": PASSWORD,
                                       "csrf_token": _csrf(client, "/login")}).status_code == 302


@pytest.fixture
def case(app, make_tenant, make_user, client):
    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023",
                         letterhead={"government": "PEMERINTAH KOTA UJI", "agency": "DINAS SOSIAL", "city": "Uji",
                                     "letter_number": "800/{seq:04d}/KOMP/{year}"})
    head = make_user("pimpinan", tenant, email="pimpinan@uji.id")
    complaint = client.post("/api/v1/tenants/kota-uji/complaints", headers=auth(head), json={
        "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan", "description": "Petugas membentak",
        "occurred_at": "2024-03-05T10:00:00+07:00", "complainant_name": "Dewi Lestari"}).get_json()
    officer = make_user("petugas", tenant, email="petugas@uji.id")
    decision = decide_case(client, officer, head, "kota-uji", complaint["id"])
    assert "maaf_tertulis" in [item["code"] for item in decision["compensations"]], decision
    browser = app.test_client()
    _login(browser, "pimpinan@uji.id")
    return browser, f"/t/kota-uji/pengaduan/{complaint['id']}/berkas"


def test_the_head_issues_the_owed_letter_with_one_button(case):
    browser, url = case
    page = browser.get(url).get_data(as_text=True)
    assert "Terbitkan surat: Permohonan maaf secara tertulis" in page
    issued = browser.post(url.replace("/berkas", "/surat"), data={"csrf_token": _csrf(browser, url), "kind": "maaf_tertulis"})
    assert issued.status_code == 302
    page = browser.get(url).get_data(as_text=True)
    assert "800/0001/KOMP/" in page and "Terbitkan surat" not in page, "issued once; the button is gone"
    link = re.search(r'href="(/t/kota-uji/pengaduan/[^"]+/surat/[^"]+)"', page).group(1)
    pdf = browser.get(link)
    assert pdf.status_code == 200 and pdf.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in pdf.headers["Content-Security-Policy"]
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    assert "PEMERINTAH KOTA UJI" in text and "Dewi Lestari" in text


def test_a_second_letter_of_the_same_kind_is_refused_with_a_message(case):
    browser, url = case
    for _ in range(2):
        browser.post(url.replace("/berkas", "/surat"), data={"csrf_token": _csrf(browser, url), "kind": "maaf_tertulis"})
    assert "already issued" in browser.get(url).get_data(as_text=True)


def test_staff_attach_a_photo_and_get_it_back_as_a_download(case):
    browser, url = case
    photo = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(photo, "JPEG")
    data = {"csrf_token": _csrf(browser, url), "file": (io.BytesIO(photo.getvalue()), "loket rusak.jpg", "image/jpeg")}
    assert browser.post(url.replace("/berkas", "/bukti"), data=data, content_type="multipart/form-data").status_code == 302
    page = browser.get(url).get_data(as_text=True)
    assert "loket rusak.jpg" in page
    link = re.search(r'href="(/t/kota-uji/pengaduan/[^"]+/bukti/[^"]+)"', page).group(1)
    download = browser.get(link)
    assert download.data == photo.getvalue() and download.headers["X-Content-Type-Options"] == "nosniff"
    html = {"csrf_token": _csrf(browser, url), "file": (io.BytesIO(b"<html><script>x</script></html>"), "a.jpg", "image/jpeg")}
    browser.post(url.replace("/berkas", "/bukti"), data=html, content_type="multipart/form-data")
    assert "HTML" in browser.get(url).get_data(as_text=True)


def test_an_upload_without_its_csrf_token_is_refused(case):
    browser, url = case
    data = {"file": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "a.pdf", "application/pdf")}
    browser.post(url.replace("/berkas", "/bukti"), data=data, content_type="multipart/form-data")
    assert "Belum ada bukti" in browser.get(url).get_data(as_text=True)


def test_another_agencys_case_files_are_not_found(case, app, make_tenant, make_user):
    _, url = case
    other = make_tenant("kota-lain", plugin="kota_bekasi_2023")
    make_user("pimpinan", other, email="pimpinan@lain.id")
    stranger = app.test_client()
    _login(stranger, "pimpinan@lain.id")
    assert stranger.get(url).status_code == 404


def test_the_page_in_english(case):
    browser, url = case
    page = browser.get(url + "?lang=en").get_data(as_text=True)
    assert "Letters and evidence" in page and "Issue the letter:" in page
