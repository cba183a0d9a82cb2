"""End to end in real headless Chromium: a head signs in and asks what the decree says.

Debian's chromium (``/usr/bin/chromium``) driven by Playwright; the server is the real app on a
loopback port, on a migrated SQLite copy loaded with the repository's tenants.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NO_CHROMIUM = ("the browser tests need Debian's chromium at /usr/bin/chromium: install it with "
               "`sudo apt-get install chromium` (.ci/run does)")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.fixture
def server(migrated, tmp_path):
    from core import create_app

    if "sqlite" not in migrated:
        pytest.skip("the browser tests serve the embedded SQLite database")
    database = tmp_path / "browser.sqlite3"
    shutil.copyfile(migrated["sqlite"], database)
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "browser-test"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["tenants", "sync"]).exit_code == 0
    assert runner.invoke(args=["users", "demo"]).exit_code == 0
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    app.extensions["engine"].dispose()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def _sign_in(page, server: str, email: str) -> None:
    page.goto(f"{server}/login")
    page.fill("#email", email)
    page.fill("#password", "demo-kompensasi")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")


def test_a_head_signs_in_and_reads_the_decision_for_a_rude_officer(server, page):
    _sign_in(page, server, "pimpinan@kota-bekasi.demo")
    page.click("text=Apa kata keputusan?")
    page.select_option("#component", "perilaku_pelaksana")
    page.select_option("#conduct", "tidak_sopan")
    page.select_option("#channel", "tertulis")
    page.fill("#occurred_at", "2024-03-05T10:00")
    page.click("text=Tampilkan keputusan")
    decision = page.locator("section.decision")
    decision.wait_for()
    text = decision.inner_text()
    assert "Sedang" in text and "Permohonan maaf secara tertulis" in text
    assert "Lampiran C.1, kategori sedang (cara pelayanan)" in text


def test_a_wrong_password_is_refused_in_the_browser(server, page):
    page.goto(f"{server}/login")
    page.fill("#email", "pimpinan@kota-bekasi.demo")
    page.fill("#password", "salah")
    page.click("button[type=submit]")
    assert "Email atau kata sandi salah." in page.locator("[role=alert]").inner_text()


def test_a_provincial_admin_lines_up_the_sanction_rules_of_its_agencies(server, page, tmp_path):
    _sign_in(page, server, "provinsi@jawa-barat.demo")
    page.goto(f"{server}/bandingkan")
    page.select_option("#only", "sanction")
    page.select_option("#component", "perilaku_pelaksana")
    page.select_option("#conduct", "kekerasan_fisik")
    page.select_option("#channel", "tertulis")
    page.fill("#occurred_at", "2024-06-05T10:00")
    page.click("text=Tampilkan keputusan")
    table = page.locator("table.side")
    table.wait_for()
    columns = [th.get_attribute("data-tenant") for th in table.locator("thead th[data-tenant]").all()]
    assert columns == ["kab-bekasi", "kota-bekasi"]
    row = table.locator("tr[data-question=sanction]")
    cells = row.locator("td").all()
    assert "Proses disiplin sesuai ketentuan" in cells[1].inner_text() and "Pimpinan" in cells[1].inner_text()
    assert "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in cells[1].inner_text()
    assert "berbeda antar dinas" in row.inner_text()  # the difference is written, not only coloured
    assert table.locator("tr[data-question=applies]").count() == 0  # only the sanction hook's rows
    page.screenshot(path=str(tmp_path / "compare-sanction.png"), full_page=True)


def test_a_provincial_admin_reads_the_decree_matrix_with_its_gap(server, page, tmp_path):
    _sign_in(page, server, "provinsi@jawa-barat.demo")
    page.click("text=Matriks keputusan provinsi")
    page.fill("#tanggal", "2024-06-05")
    page.click("form.filters button")
    table = page.locator("table.matrix")
    table.wait_for()
    heads = table.locator("thead th").all_inner_texts()
    assert any("Kabupaten Bekasi" in h and "CELAH" in h for h in heads)
    berat = table.locator("tr[data-component=jangka_waktu][data-category=berat]").inner_text()
    assert "Lampiran C.1, kategori berat (waktu) angka 2" in berat and "bersyarat" in berat
    assert table.locator("td[data-status=no_rule]").count() == 40
    page.screenshot(path=str(tmp_path / "decree-matrix.png"), full_page=True)
