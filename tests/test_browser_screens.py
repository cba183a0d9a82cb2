"""Every screen, as each role uses it, on a 360x740 phone and at desktop width, in Bahasa Indonesia and
in English, in real headless Chromium (issue #11 part 10).

On every screen: ``html[lang]`` is the language chosen; the ID · EN switch is there; nothing scrolls
sideways at 360px (nor at 1280px); every form control has an accessible name; every field marked
invalid names its error (``aria-describedby``); each control reached with Tab shows a visible focus
ring; and axe-core (shipped inside the ``axe-playwright-python`` wheel, so nothing is fetched at test
time) finds no WCAG 2 A/AA violation, colour contrast included.
"""

from __future__ import annotations

import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.test_browser import ARGS, CHROMIUM, pytestmark  # noqa: F401  (the skip mark)

PASSWORD = "demo-kompensasi"
SLUG = "kota-bekasi"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screens"
CASES: dict[str, tuple[str, str]] = {}  # the world's cases by state, to name the screenshots
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = {
    "petugas": "petugas@kota-bekasi.demo",
    "pimpinan": "pimpinan@kota-bekasi.demo",
    "admin_dinas": "admin@kota-bekasi.demo",
    "admin_provinsi": "provinsi@jawa-barat.demo",
    "admin_platform": "platform@kompensasi.demo",
}


@pytest.fixture(scope="module")
def world(migrated, tmp_path_factory):
    """The real app on a loopback port with the repository's tenants, the demo logins, and Kota
    Bekasi's cases in the states whose screens differ: just received, and upheld with its decision,
    a letter issued and compensation owed."""
    from core import create_app
    from core.casework import workflow
    from core.casework.cases import intake
    from core.platform.db import Session
    from core.http.extensions import decrees
    from core.case_files.letters import issue
    from core.http.downloads import case_store
    from core.models import Tenant, User
    from core.models.scope import tenant_scope

    if "sqlite" not in migrated:
        pytest.skip("the browser tests serve the embedded SQLite database")
    folder = tmp_path_factory.mktemp("screens")
    database = folder / "screens.sqlite3"
    shutil.copyfile(migrated["sqlite"], database)
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "browser-test",
                      "EVIDENCE_DIR": str(folder / "files")})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["tenants", "sync"]).exit_code == 0
    assert runner.invoke(args=["users", "demo"]).exit_code == 0
    moment = datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=3)
    with app.test_request_context():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == SLUG))
        officer = Session.scalar(select(User).where(User.email == ROLES["petugas"]))
        head = Session.scalar(select(User).where(User.email == ROLES["pimpinan"]))
        with tenant_scope(tenant.id):
            fresh = intake(tenant, {
                "channel": "tertulis", "component": "persyaratan", "description": "Persyaratan ditambah di loket",
                "complainant_name": "Warga Satu", "occurred_at": moment}, received_by=officer.id)
            upheld = intake(tenant, {
                "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
                "description": "Petugas membentak", "complainant_name": "Warga Dua", "occurred_at": moment},
                received_by=officer.id)
            Session.flush()
            for step in ("verified", "under_assessment"):
                workflow.transition(tenant, upheld, officer, step, {})
                Session.flush()
            workflow.record_decision(decrees(), tenant, upheld, head, {})
            Session.flush()
            workflow.transition(tenant, upheld, head, "upheld", {"maladministration": "tidak_patut"})
            Session.flush()
            issue(case_store(), tenant, upheld, "maaf_tertulis", actor_id=head.id)
            Session.commit()
            cases = {"fresh": (str(fresh.id), fresh.tracking_code), "upheld": (str(upheld.id), upheld.tracking_code)}
            CASES.update(cases)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}", cases
    http.shutdown()
    app.extensions["engine"].dispose()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _staff_screens(cases, role: str) -> list[str]:
    base = f"/t/{SLUG}"
    screens = ["/", f"{base}/keputusan", ("submit", f"{base}/keputusan")]
    if role in ("petugas", "pimpinan", "admin_dinas", "admin_platform"):
        screens += [f"{base}/kerja", f"{base}/pengaduan"]
        for complaint_id, _code in cases.values():
            screens += [f"{base}/pengaduan/{complaint_id}", f"{base}/pengaduan/{complaint_id}/berkas"]
    if role in ("petugas", "pimpinan", "admin_dinas"):
        screens += [f"{base}/notifikasi"]
    if role == "petugas":
        screens += [f"{base}/klaim-lisan"]
    if role in ("pimpinan", "admin_dinas"):
        screens += [f"{base}/andaikan"]
    if role in ("admin_dinas", "admin_platform"):
        screens += [f"{base}/admin{page}" for page in ("", "/pengguna", "/layanan", "/kalender", "/kop")]
    if role in ("admin_provinsi", "admin_platform"):
        screens += ["/provinsi", "/provinsi/matriks", f"/provinsi/32/kasus/{SLUG}?figure=upheld",
                    f"/provinsi/32/kasus/{SLUG}?figure=open_overdue"]
    if role != "petugas":
        screens += ["/bandingkan", ("submit", "/bandingkan")]
    return screens + ["/akun/kata-sandi", "/tidak-ada"]  # not submitted: a wrong password counts as a failed sign-in


def _citizen_screens(cases) -> list[str]:
    return ["/login", ("wrong-password", "/login"), f"/p/{SLUG}", f"/p/{SLUG}/pengaduan",
            ("submit", f"/p/{SLUG}/pengaduan"), f"/p/{SLUG}/lacak/{cases['fresh'][1]}",
            f"/p/{SLUG}/lacak/{cases['upheld'][1]}", f"/p/{SLUG}/lacak/TIDAKADA"]


def _open(page, server: str, screen) -> None:
    if isinstance(screen, str):
        page.goto(server + screen)
        return
    action, path = screen
    page.goto(server + path)
    if action == "wrong-password":
        page.fill("#email", "pimpinan@kota-bekasi.demo")
        page.fill("#password", "salah")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def _shot_path(role: str, language: str, screen) -> Path:
    """tests/artifacts/screens/<language>/<role>--<screen>.png: every screen as the walk saw it on a phone."""
    name = screen if isinstance(screen, str) else f"{screen[1]}-{screen[0]}"
    for state, (complaint_id, _code) in CASES.items():
        name = name.replace(complaint_id, state)
    folder = ARTIFACTS / language
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{role}--{name.strip('/').replace('/', '_') or 'home'}.png"


UNNAMED_CONTROLS = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, [role=button]')]
  .filter(el => {
    const named = (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some(id => (document.getElementById(id)?.textContent || '').trim())
      || [...(el.labels || [])].some(label => label.textContent.trim())
      || (el.getAttribute('title') || '').trim()
      || ((el.tagName === 'BUTTON' || el.getAttribute('role') === 'button') && el.textContent.trim());
    return !named;
  }).map(el => el.outerHTML.slice(0, 120))"""

INVALID_WITHOUT_MESSAGE = """() => [...document.querySelectorAll('[aria-invalid=true]')]
  .filter(el => !(el.getAttribute('aria-describedby') || '').split(/\\s+/)
    .some(id => document.getElementById(id)?.classList.contains('field-error')))
  .map(el => el.id || el.outerHTML.slice(0, 80))"""

FOCUS_RING = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {what: el.outerHTML.slice(0, 80), visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2}; }"""


def _check_screen(page, server: str, language: str, axe, problems: list[str], where: str) -> None:
    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f"{where}: html[lang]={lang!r}")
    switch = page.locator("nav a[href$='/lang/id'], nav a[href$='/lang/en']")
    if switch.count() != 2:
        problems.append(f"{where}: no ID · EN switch")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        problems.append(f"{where}: scrolls sideways ({width[0]}px > {width[1]}px)")
    for control in page.evaluate(UNNAMED_CONTROLS):
        problems.append(f"{where}: a control without an accessible name: {control}")
    for field in page.evaluate(INVALID_WITHOUT_MESSAGE):
        problems.append(f"{where}: {field} is marked invalid without aria-describedby naming its message")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    focusable = page.locator("a[href], button, input:not([type=hidden]), select, textarea, summary").count()
    for _ in range(min(focusable, 40)):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring and not ring["visible"]:
            problems.append(f"{where}: no visible focus on {ring['what']}")
            break
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    assert results.response["passes"], f"{where}: axe-core ran no rule"
    for violation in results.response["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
        problems.append(f"{where}: axe {violation['id']} ({violation['impact']}): {targets}")


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_screen_as_each_role_on_a_phone_and_a_desktop(world, chromium, language):
    from axe_playwright_python.sync_playwright import Axe

    server, cases = world
    axe = Axe()
    problems: list[str] = []
    visits = [("warga", None, _citizen_screens(cases))] + [(role, email, _staff_screens(cases, role))
                                                          for role, email in ROLES.items()]
    for role, email, screens in visits:
        for viewport in (PHONE, DESKTOP):
            context = chromium.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
            context.add_cookies([{"name": "lang", "value": language, "url": server}])
            page = context.new_page()
            if email:
                page.goto(f"{server}/login")
                page.fill("#email", email)
                page.fill("#password", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_url(f"{server}/")
            for screen in screens:
                _open(page, server, screen)
                where = f"{role} {viewport['width']}px {language} {screen}"
                if viewport is PHONE:
                    _check_screen(page, server, language, axe, problems, where)
                    page.screenshot(path=str(_shot_path(role, language, screen)), full_page=True)
                elif page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
                    problems.append(f"{where}: scrolls sideways")
            context.close()
    print(f"\nscreens as each role saw them on a phone: {ARTIFACTS / language}")
    assert problems == [], "\n".join(problems)


def test_the_language_switch_keeps_the_reader_on_the_same_screen(world, chromium):
    server, cases = world
    page = chromium.new_context(viewport=PHONE).new_page()
    page.goto(f"{server}/p/{SLUG}/pengaduan")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("button", name="Kirim pengaduan").count() == 1
    assert page.get_by_role("link", name="Bahasa Indonesia").get_attribute("aria-current") == "true"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{server}/p/{SLUG}/pengaduan")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Submit complaint").count() == 1
    assert page.get_by_role("link", name="English").get_attribute("aria-current") == "true"
    page.get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_url(f"{server}/p/{SLUG}/pengaduan")
    assert page.locator("html").get_attribute("lang") == "id"
