"""End to end in real headless Chromium on a phone-sized window: a citizen, with no account,
reads an agency's services, files a complaint (a mistake shown back first), and follows it by
its tracking code. Same server as tests/test_browser.py: the real app on a migrated SQLite copy."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.test_browser import ARGS, CHROMIUM, pytestmark, server  # noqa: F401  (the skip mark and the server fixture)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
            page = context.new_page()
            page.csp_violations = []
            page.on("console", lambda message: "Content Security Policy" in message.text
                    and page.csp_violations.append(message.text))
            yield page
        finally:
            browser.close()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_files_a_complaint_on_a_phone_and_tracks_it(server, phone, tmp_path):  # noqa: F811
    page = phone
    page.goto(f"{server}/p/kota-bekasi")
    assert "Layanan rujukan (demo)" in page.locator("main").inner_text()
    page.locator("summary", has_text="Layanan rujukan (demo)").click()
    assert page.locator("details.service[open]").inner_text().count("3 hari kerja") == 1
    assert _fits_the_screen(page)
    page.get_by_role("link", name="Ajukan pengaduan").click()

    page.get_by_label("Nama lengkap").fill("Siti Rahayu")
    page.get_by_label("Alamat lengkap").fill("Jl. Mawar 1, Bekasi Timur")
    page.get_by_label("Nomor telepon atau email").fill("0812 3456 7890")
    page.get_by_label("NIK", exact=True).fill("32750145")
    page.get_by_label("Rahasia").check()
    page.get_by_label("Layanan", exact=True).select_option("rujukan")
    page.get_by_label("Komponen standar yang tidak dipenuhi").select_option("perilaku_pelaksana")
    page.get_by_label("Perilaku petugas").select_option("tidak_sopan")
    moment = datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=2)
    page.get_by_label("Waktu pelayanan atau kejadian").fill(moment.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Tempat").fill("Loket 2")
    page.get_by_label("Apa yang terjadi").fill("Petugas membentak saya ketika bertanya tentang berkas")
    page.get_by_label("Kerugian yang Anda alami").fill("Malu, dan harus datang lagi besok")
    page.get_by_label("Penyelesaian yang Anda minta").fill("Permintaan maaf tertulis")
    page.get_by_role("button", name="Kirim pengaduan").click()

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "NIK terdiri atas 16 angka." in summary.inner_text()
    nik = page.get_by_label("NIK", exact=True)
    assert nik.get_attribute("aria-invalid") == "true"
    assert page.locator("#complainant_nik-error").inner_text() == "NIK terdiri atas 16 angka."
    assert page.get_by_label("Nama lengkap").input_value() == "Siti Rahayu", "what was typed is kept"
    page.screenshot(path=str(tmp_path / "public-form-error-phone.png"), full_page=True)
    assert _fits_the_screen(page)
    nik.fill("3275014501900001")
    page.get_by_role("button", name="Kirim pengaduan").click()

    page.wait_for_url(f"{server}/p/kota-bekasi/lacak/*")
    code = page.locator("p.code").inner_text()
    assert "Simpan kode pelacakan ini" in page.locator("[role=alert]").first.inner_text()
    assert page.locator("dd.status").inner_text() == "Diterima, menunggu verifikasi"
    assert page.locator("dd.complainant").inner_text() == "(disamarkan)", "rahasia: the name is masked"
    assert "Siti Rahayu" not in page.content() and "3275014501900001" not in page.content()
    page.screenshot(path=str(tmp_path / "public-case-phone.png"), full_page=True)

    page.goto(f"{server}/p/kota-bekasi")
    page.get_by_label("Kode pelacakan").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Lihat status").click()
    page.wait_for_url(f"{server}/p/kota-bekasi/lacak/{code}")
    assert page.locator("p.code").inner_text() == code
    assert _fits_the_screen(page)
    assert page.csp_violations == [], "no inline script or style anywhere"
