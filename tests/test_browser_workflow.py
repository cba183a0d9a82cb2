"""End to end in real headless Chromium: the head of Kabupaten Belitung's Dinas assesses a complaint
with the decree's decision in front of them, upholds it, picks the officer's sanction where the
decree leaves a choice (Lampiran 6: teguran or pembinaan), records the compensation given, and closes
the case. Screenshots are saved, one of them phone-sized."""

from __future__ import annotations

import shutil
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.test_browser import ARGS, CHROMIUM, NO_CHROMIUM, _sign_in

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM)
PASSWORD = "demo-kompensasi"


@pytest.fixture
def belitung(migrated, tmp_path):
    """The real app on a loopback port, with Belitung's head and officer and a complaint sent for assessment."""
    from core import create_app
    from core.casework import workflow
    from core.casework.cases import intake
    from core.platform.db import Session
    from core.demo.logins import create_user
    from core.models import Tenant
    from core.models.scope import tenant_scope

    if "sqlite" not in migrated:
        pytest.skip("the browser tests serve the embedded SQLite database")
    database = tmp_path / "browser.sqlite3"
    shutil.copyfile(migrated["sqlite"], database)
    # No waiting period for the officer's answer: a proposed sanction may be recorded at once here
    # (the officer's answer is tested in tests/test_web_cases.py and tests/test_notices.py).
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "browser-test", "SANCTION_ANSWER_DAYS": 0})
    assert app.test_cli_runner().invoke(args=["tenants", "sync"]).exit_code == 0
    with app.app_context():
        officer = create_user("petugas@kab-belitung.uji", "Petugas Belitung", "petugas", PASSWORD, "kab-belitung")
        create_user("pimpinan@kab-belitung.uji", "Pimpinan Belitung", "pimpinan", PASSWORD, "kab-belitung")
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "kab-belitung"))
        with tenant_scope(tenant.id):
            complaint = intake(tenant, {
                "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
                "description": "Petugas loket membentak saya", "complainant_name": "Siti",
                "occurred_at": datetime.fromisoformat("2024-03-05T10:00:00+07:00")}, received_by=officer.id)
            Session.flush()
            for step in ("verified", "under_assessment"):
                workflow.transition(tenant, complaint, officer, step, {})
                Session.flush()
            fresh = intake(tenant, {
                "channel": "lisan", "component": "persyaratan", "description": "Persyaratan ditambah di loket",
                "occurred_at": datetime.fromisoformat("2024-03-06T10:00:00+07:00")}, received_by=officer.id)
            Session.commit()
            tracking, fresh_tracking = complaint.tracking_code, fresh.tracking_code
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}", tracking, fresh_tracking
    http.shutdown()
    app.extensions["engine"].dispose()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def test_the_head_assesses_upholds_picks_the_sanction_and_closes_the_case(belitung, browser, tmp_path):
    server, tracking, _fresh = belitung
    page = browser.new_page()
    _sign_in(page, server, "pimpinan@kab-belitung.uji")
    page.click("text=Daftar kerja")
    page.locator("#awaiting-assessment").get_by_text(tracking).click()
    proposal = page.locator("section.proposal").inner_text()
    assert "188.4/062/KEP/DSPPPA/2023" in proposal
    assert "Teguran / Pembinaan" in proposal, "the decree leaves the head a choice"
    assert "Permohonan maaf secara tertulis" in proposal
    page.screenshot(path=str(tmp_path / "assessment.png"), full_page=True)

    assert page.locator("#uphold-needs-decision").is_visible(), "upholding waits for the recorded decision"
    page.click("#record-decision")
    assert "Keputusan dicatat." in page.locator("[role=alert]").inner_text()
    page.select_option("#maladministration-upheld", "tidak_patut")
    page.click("#step-upheld")
    assert page.locator("#case-status").inner_text() == "Terbukti"

    page.fill("#officer_name", "Budi Santoso")
    page.select_option("#staff_category", "PPPK")
    assert page.locator("#sanction_code option").all_inner_texts() == ["Teguran", "Pembinaan"]
    page.select_option("#sanction_code", "pembinaan")
    page.click("#decide-sanction")
    assert "Usulan sanksi dicatat" in page.locator("[role=alert]").inner_text()
    page.click("#record-proposal-1")
    sanctions = page.locator("section.sanctions").inner_text()
    assert "Budi Santoso (PPPK): Pembinaan" in sanctions and "PP 94/2021" not in sanctions

    for code in [c.get_attribute("id").removeprefix("give-") for c in page.locator("form.given button").all()]:
        page.fill(f"#evidence-{code}", f"Surat No. 188/{code}")
        page.click(f"#give-{code}")
        assert "Kompensasi dicatat telah diberikan." in page.locator("[role=alert]").inner_text()
    assert "Surat No. 188/maaf_tertulis" in page.locator("section.compensations").inner_text()
    page.click("#step-closed")
    assert page.locator("#case-status").inner_text() == "Selesai"
    page.screenshot(path=str(tmp_path / "closed.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    _sign_in(phone, server, "pimpinan@kab-belitung.uji")
    phone.goto(f"{server}/t/kab-belitung/pengaduan")
    phone.get_by_text(tracking).click()
    assert phone.locator("#case-status").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the case page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(tmp_path / "closed-phone.png"), full_page=True)


def test_the_officer_verifies_a_new_complaint_and_sends_it_to_the_head_on_a_phone(belitung, browser, tmp_path):
    server, _assessed, fresh = belitung
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _sign_in(page, server, "petugas@kab-belitung.uji")
    page.click("text=Daftar kerja")
    page.locator("#my-open-cases").get_by_text(fresh).click()
    assert page.locator("#case-status").inner_text() == "Diterima"
    assert page.locator("#record-decision").count() == 0 and page.locator("#step-upheld").count() == 0
    page.click("#step-verified")
    assert page.locator("#case-status").inner_text() == "Diverifikasi"
    page.click("#step-under_assessment")
    assert page.locator("#case-status").inner_text() == "Menunggu penilaian pimpinan"
    assert page.locator("#step-upheld").count() == 0, "the head's step is not the officer's"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "officer-phone.png"), full_page=True)
