"""The tenant admin imports the service catalogue from CSV in real headless Chromium (issue #11
parts 8 and 10): a file with an error is shown line by line and nothing is offered to apply; the
corrected file is previewed, applied, and its services listed; on a phone-sized window too."""

from __future__ import annotations

import pytest

from tests.test_browser import CHROMIUM, page, server, _sign_in  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (.ci/run installs it)")

BAD = ("code;name;unit;time_norm;persyaratan\n"
       "akta_kelahiran;Akta Kelahiran;Capil;3 hari kerja;\"1. KTP; 2. KK\"\n"
       "kartu_keluarga;Kartu Keluarga;Capil;segera;KTP\n")
GOOD = BAD.replace(";segera;", ";1 hari kerja;")


def _choose(page, tmp_path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.set_input_files("#file", str(path))


def test_the_admin_previews_a_csv_sees_the_error_then_imports_the_corrected_file(server, page, tmp_path):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, server, "admin@kota-bekasi.demo")
    page.click("main a:text-is(\"Admin dinas\")")
    page.click(".admin-nav >> text=Katalog layanan")
    _choose(page, tmp_path, "katalog-salah.csv", BAD)
    page.click("text=Pratinjau impor")
    page.wait_for_selector("table.import-plan")
    plan = page.inner_text("table.import-plan")
    assert "baris 3, kolom time_norm" in plan and "segera" in plan
    assert page.locator("text=Terapkan impor").count() == 0, "nothing to apply while a row is wrong"
    page.screenshot(path=str(tmp_path / "admin-import-error-phone.png"), full_page=True)

    page.click("text=Kembali ke katalog dan unggah berkas lain")
    _choose(page, tmp_path, "katalog.csv", GOOD)
    page.click("text=Pratinjau impor")
    assert "2 baru, 0 diperbarui, 0 tidak berubah, 0 salah" in page.inner_text("#import-summary")
    page.click("text=Terapkan impor")
    page.wait_for_selector(".flash.info")
    assert "2 baru" in page.inner_text(".flash.info")
    listing = page.inner_text("main table")
    assert "akta_kelahiran" in listing and "kartu_keluarga" in listing
    page.screenshot(path=str(tmp_path / "admin-import-done-phone.png"), full_page=True)

    page.click("text=akta_kelahiran")
    assert page.input_value("#c_persyaratan") == "1. KTP; 2. KK", "the quoted cell with a semicolon kept whole"
