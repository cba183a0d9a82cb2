"""Issue #11 as people live it, in real headless Chromium, from the citizen's phone to the closed case.

A citizen of Kabupaten Belitung waited too long for a service. On a phone, with no account, she
opens the agency's public page, files a written complaint (UU 25/2009 Pasal 40-42: who, which
service and component, what happened and what loss followed, the remedy asked, when and where)
and keeps the tracking code. The officer signs in and verifies it. The head opens the assessment
screen, reads what the agency's decree (188.4/062/KEP/DSPPPA/2023) says with its citations, records
that decision, upholds it and picks the officer's sanction where the decree leaves the choice
(Lampiran angka 6: teguran or pembinaan). The numbered written apology (``maaf_tertulis``) is issued,
downloaded in the browser and read back. The compensation is recorded as given, the case closes,
and the citizen's tracking page shows the decision and the compensation, and neither who handled
the case nor the notes the agency kept for itself.

Each step's screenshot is saved under ``tests/artifacts/e2e/`` (gitignored); the path is printed.
"""

from __future__ import annotations

import io
import re
import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.test_browser import ARGS, CHROMIUM, NO_CHROMIUM, _sign_in

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "e2e"
PHONE = {"width": 360, "height": 740}
PASSWORD = "demo-kompensasi"
SLUG = "kab-belitung"
DECREE = "188.4/062/KEP/DSPPPA/2023"
OFFICER_ACCOUNT = "Petugas Loket Belitung"
HEAD_ACCOUNT = "Pimpinan Belitung"
SANCTIONED_OFFICER = "Budi Santoso"
INTERNAL_NOTE = "Catatan internal: loket 2 kekurangan petugas pada minggu itu"


@pytest.fixture
def belitung_server(migrated, tmp_path):
    """The real app on a loopback port: the repository's tenants, Belitung's officer and head, and
    one service Belitung publishes (what its tenant admin enters in the catalogue)."""
    from core import create_app
    from core.agency import catalogue
    from core.platform.db import Session
    from core.demo.logins import create_user
    from core.models import Tenant
    from core.models.scope import tenant_scope

    if "sqlite" not in migrated:
        pytest.skip("the browser tests serve the embedded SQLite database")
    database = tmp_path / "e2e.sqlite3"
    shutil.copyfile(migrated["sqlite"], database)
    # The sanctioned officer has no account here, so nobody answers the proposal: no waiting
    # period, the head records it at once (the officer's answer: tests/test_web_cases.py).
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "browser-test", "SANCTION_ANSWER_DAYS": 0,
                      "EVIDENCE_DIR": str(tmp_path / "files")})
    assert app.test_cli_runner().invoke(args=["tenants", "sync"]).exit_code == 0
    with app.app_context():
        create_user("petugas@kab-belitung.uji", OFFICER_ACCOUNT, "petugas", PASSWORD, SLUG)
        create_user("pimpinan@kab-belitung.uji", HEAD_ACCOUNT, "pimpinan", PASSWORD, SLUG)
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == SLUG))
        with tenant_scope(tenant.id):
            catalogue.save_service_type(tenant, {
                "code": "rekomendasi_pbi", "name": "Rekomendasi PBI-JK", "unit": "Bidang Perlindungan dan Jaminan Sosial",
                "time_norm_text": "2 hari kerja",
                "components": {"persyaratan": "1. Fotokopi KTP 2. Fotokopi KK", "biaya_tarif": "Tidak dipungut biaya"}})
            Session.commit()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}"
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


@pytest.fixture
def shots():
    """Save a full-page screenshot per step, numbered in order, under tests/artifacts/e2e/."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    taken: list[Path] = []

    def shoot(page, name: str) -> None:
        path = ARTIFACTS / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)

    yield shoot
    print(f"\n{len(taken)} screenshots of the end-to-end test in {ARTIFACTS}")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).split())


def test_a_late_service_goes_from_a_citizens_phone_to_a_closed_case_with_a_written_apology(belitung_server, browser,
                                                                                            shots):
    server = belitung_server

    # -- the citizen, on a phone, without an account -------------------------------------------
    citizen = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=False).new_page()
    citizen.goto(f"{server}/p/{SLUG}")
    assert citizen.locator("html").get_attribute("lang") == "id"
    citizen.locator("summary", has_text="Rekomendasi PBI-JK").click()
    assert "2 hari kerja" in citizen.locator("details.service[open]").inner_text()
    assert _fits(citizen)
    shots(citizen, "citizen-agency-page-phone")
    citizen.get_by_role("link", name="Ajukan pengaduan").click()

    citizen.get_by_label("Nama lengkap").fill("Siti Rahayu")
    citizen.get_by_label("Alamat lengkap").fill("Jl. Sriwijaya 12, Tanjungpandan")
    citizen.get_by_label("Nomor telepon atau email").fill("0819 2233 4455")
    citizen.get_by_label("NIK", exact=True).fill("1902014501900001")
    citizen.get_by_label("Layanan", exact=True).select_option("rekomendasi_pbi")
    citizen.get_by_label("Komponen standar yang tidak dipenuhi").select_option("jangka_waktu")
    served = datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=3)
    citizen.get_by_label("Waktu pelayanan atau kejadian").fill(served.strftime("%Y-%m-%dT10:00"))
    citizen.get_by_label("Tempat").fill("Loket 2, kantor dinas")
    citizen.get_by_label("Nomor permohonan").fill("PBI-2026-0042")
    citizen.get_by_label("Apa yang terjadi").fill(
        "Rekomendasi yang dijanjikan selesai dalam 2 hari kerja belum juga selesai setelah seminggu")
    citizen.get_by_label("Kerugian yang Anda alami").fill("Tiga kali datang ke kantor, ongkos dan izin kerja")
    citizen.get_by_label("Penyelesaian yang Anda minta").fill("Rekomendasi segera diterbitkan dan permohonan maaf")
    assert _fits(citizen)
    shots(citizen, "citizen-complaint-form-phone")
    citizen.get_by_role("button", name="Kirim pengaduan").click()

    citizen.wait_for_url(f"{server}/p/{SLUG}/lacak/*")
    code = citizen.locator("p.code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}(-[A-Z0-9]{1,5})+", code), code
    assert citizen.locator("dd.status").inner_text() == "Diterima, menunggu verifikasi"
    tracking_url = citizen.url
    shots(citizen, "citizen-tracking-code-phone")

    # -- the officer verifies it and sends it to the head ----------------------------------------
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(desk, server, "petugas@kab-belitung.uji")
    desk.get_by_role("link", name="Daftar kerja").click()
    desk.locator("#awaiting-verification").get_by_role("link", name=code.replace("-", "")).click()
    assert desk.locator("#case-status").inner_text() == "Diterima"
    facts = desk.locator("section.facts").inner_text()
    assert "Siti Rahayu" in facts and "Jangka waktu pelayanan" in facts
    shots(desk, "officer-received-case")
    desk.click("#step-verified")
    assert desk.locator("#case-status").inner_text() == "Diverifikasi"
    desk.click("#step-under_assessment")
    assert desk.locator("#case-status").inner_text() == "Menunggu penilaian pimpinan"
    shots(desk, "officer-sent-to-head")

    # -- the head assesses with the decree's decision in front of them --------------------------
    head = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    _sign_in(head, server, "pimpinan@kab-belitung.uji")
    head.get_by_role("link", name="Daftar kerja").click()
    head.locator("#awaiting-assessment").get_by_role("link", name=code.replace("-", "")).click()
    proposal = head.locator("section.proposal").inner_text()
    assert DECREE in proposal
    assert "Permohonan maaf secara tertulis" in proposal
    assert "Teguran / Pembinaan" in proposal, "Lampiran angka 6 leaves the head the choice"
    citations = head.locator("section.proposal h3", has_text="Dasar").locator("xpath=following-sibling::ul[1]/li")
    assert citations.count() >= 1 and all(text.strip() for text in citations.all_inner_texts())
    shots(head, "head-assessment-with-the-decree")

    head.click("#record-decision")
    assert "Keputusan dicatat." in head.locator("[role=alert]").inner_text()
    head.select_option("#maladministration-upheld", "tidak_patut")
    head.fill("#reason-upheld", INTERNAL_NOTE)
    head.click("#step-upheld")
    assert head.locator("#case-status").inner_text() == "Terbukti"

    head.fill("#officer_name", SANCTIONED_OFFICER)
    head.select_option("#staff_category", "honorer")
    assert head.locator("#sanction_code option").all_inner_texts() == ["Teguran", "Pembinaan"]
    head.select_option("#sanction_code", "teguran")
    head.click("#decide-sanction")
    assert "Usulan sanksi dicatat" in head.locator("[role=alert]").inner_text()
    head.click("#record-proposal-1")
    assert f"{SANCTIONED_OFFICER} (Tenaga honorer / non-ASN): Teguran" in head.locator("section.sanctions").inner_text()
    shots(head, "head-upheld-and-sanctioned")

    # -- the written apology, issued, downloaded and read --------------------------------------
    head.get_by_role("link", name="Surat dan bukti").click()
    head.get_by_role("button", name="Terbitkan surat: Permohonan maaf secara tertulis").click()
    issued = head.locator("[role=alert]").inner_text()
    number = re.search(r"188\.4/\d{4}/KOMP/DSPPPA/\d{4}", issued).group(0)
    shots(head, "head-letter-issued")
    with head.expect_download() as waiting:
        head.locator("tr", has_text=number).get_by_role("link", name="Unduh PDF").click()
    download = waiting.value
    assert download.suggested_filename == f"maaf_tertulis-{number.replace('/', '-')}.pdf"
    letter = _pdf_text(Path(download.path()).read_bytes())
    shutil.copyfile(download.path(), ARTIFACTS / "maaf_tertulis.pdf")
    assert f"Nomor : {number}" in letter
    assert "PEMERINTAH KABUPATEN BELITUNG" in letter
    assert "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK" in letter
    assert "permohonan maaf secara tertulis" in letter and code.replace("-", "") in letter
    clause = head.locator("tr", has_text=number).locator("td").nth(2).inner_text()
    assert clause == "Lampiran angka 5 huruf c (Jangka Waktu pelayanan)", "the decree's clause for a late service"
    assert f"Keputusan Nomor {DECREE}, {clause}." in letter, "the letter cites the clause the apology is owed under"
    assert "Siti Rahayu" in letter

    # -- the officer records each compensation as given ----------------------------------------
    desk.reload()
    assert desk.locator("#case-status").inner_text() == "Terbukti"
    owed = [button.get_attribute("id").removeprefix("give-") for button in desk.locator("form.given button").all()]
    assert "maaf_tertulis" in owed
    for item in owed:
        desk.fill(f"#evidence-{item}", f"Surat {number}" if item == "maaf_tertulis" else "Dijelaskan di loket, tanda terima 17")
        desk.click(f"#give-{item}")
        assert "Kompensasi dicatat telah diberikan." in desk.locator("[role=alert]").inner_text()
    given = desk.locator("section.compensations").inner_text()
    assert f"Surat {number}" in given and "belum" not in given
    shots(desk, "officer-compensation-given")

    # -- the head closes the case --------------------------------------------------------------
    head.get_by_role("link", name=f"Pengaduan {code.replace('-', '')}").click()
    head.click("#step-closed")
    assert head.locator("#case-status").inner_text() == "Selesai"
    shots(head, "head-case-closed")

    # -- the citizen sees the outcome, not the agency's inside --------------------------------
    citizen.goto(tracking_url)
    page = citizen.locator("main").inner_text()
    assert citizen.locator("dd.status").inner_text() == "Selesai"
    assert "Pimpinan menilai pengaduan ini terbukti." in page
    assert DECREE in page and "Permohonan maaf secara tertulis" in page
    compensation = citizen.locator("div.compensation", has_text="Permohonan maaf secara tertulis").inner_text()
    assert re.search(r"Diberikan: \d{2}-\d{2}-\d{4} \d{2}:\d{2}", compensation), compensation
    html = citizen.content()
    for internal in (SANCTIONED_OFFICER, OFFICER_ACCOUNT, HEAD_ACCOUNT, INTERNAL_NOTE, "Teguran", "Tidak patut",
                     "petugas@kab-belitung.uji", "tanda terima 17"):
        assert internal not in html, f"the citizen's page shows {internal!r}"
    assert _fits(citizen)
    shots(citizen, "citizen-sees-the-outcome-phone")
