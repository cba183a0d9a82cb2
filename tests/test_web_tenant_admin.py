"""The tenant admin's pages (issue #11 parts 8 and 10): users, the catalogue and its CSV import,
the calendar and keadaan kahar, the letterhead; each over the service the API uses, each refusal
shown on the page by field, staff of other roles refused, another agency's objects not found."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from PIL import Image

from core.platform.db import Session
from core.models import User
from tests.conftest import auth

PASSWORD = "rahasia-123"
CSV = ("code,name,unit,time_norm,persyaratan\r\n"
       "akta_kelahiran,Akta Kelahiran,Capil,3 hari kerja,KTP\r\n"
       "rumus,=cmd,Capil,1 hari kerja,@SUM(1)\r\n")


def _csrf(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def _login(client, email):
    assert client.post("/login", data={"email": email, "password": PASSWORD,
                                       "csrf_token": _csrf(client, "/login")}).status_code == 302


@pytest.fixture
def agency(app, two_tenants, make_user):
    a = two_tenants["dinas-a"]
    staff = {role: make_user(role, a["tenant"]) for role in ("petugas", "pimpinan")}
    browser = app.test_client()
    _login(browser, a["admin"].email)
    return {"browser": browser, "admin": a["admin"], "tenant": a["tenant"], "world": two_tenants, **staff}


def _post(browser, page_url, action_url, data, **kwargs):
    return browser.post(action_url, data={"csrf_token": _csrf(browser, page_url), **data}, **kwargs)


def test_the_admin_home_links_every_admin_screen(agency):
    page = agency["browser"].get("/t/dinas-a/admin")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path in ("/admin/pengguna", "/admin/layanan", "/admin/kalender", "/admin/kop"):
        assert f'href="/t/dinas-a{path}"' in html
    assert 'href="/t/dinas-a/admin"' in agency["browser"].get("/").get_data(as_text=True), "linked from the start page"


@pytest.mark.parametrize("role", ["petugas", "pimpinan"])
def test_staff_of_other_roles_are_refused_every_admin_screen(app, agency, role):
    browser = app.test_client()
    _login(browser, agency[role].email)
    for path in ("", "/pengguna", "/layanan", "/layanan/baru", "/kalender", "/kop", "/layanan/templat.csv"):
        assert browser.get(f"/t/dinas-a/admin{path}").status_code == 403, path
    assert 'href="/t/dinas-a/admin"' not in browser.get("/").get_data(as_text=True)


def test_another_agencys_admin_screens_and_objects_are_not_found(agency):
    browser, b = agency["browser"], agency["world"]["dinas-b"]
    assert browser.get("/t/dinas-b/admin").status_code == 404
    assert browser.get(f"/t/dinas-a/admin/layanan/{b['service_type']['id']}").status_code == 404
    url = "/t/dinas-a/admin/pengguna"
    assert _post(browser, url, f"{url}/{b['admin'].id}", {"active": "false", "version": "x"}).status_code == 404
    cal = "/t/dinas-a/admin/kalender"
    assert _post(browser, cal, f"{cal}/libur/{b['day_off']['id']}/hapus", {}).status_code == 404
    assert _post(browser, cal, f"{cal}/kahar/{b['kahar']['id']}/cabut", {}).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(agency):
    refused = agency["browser"].post("/t/dinas-a/admin/pengguna", data={"email": "x@y.id"})
    assert refused.status_code == 400
    upload = agency["browser"].post("/t/dinas-a/admin/layanan/impor", data={"file": (io.BytesIO(CSV.encode()), "k.csv")},
                                    content_type="multipart/form-data")
    assert upload.status_code == 400


# -- users ---------------------------------------------------------------------


def test_the_admin_creates_a_user_changes_the_role_and_deactivates_them(app, agency):
    browser, url = agency["browser"], "/t/dinas-a/admin/pengguna"
    created = _post(browser, url, url, {"name": "Sari", "email": "sari@dinas-a.id", "role": "petugas", "password": "kata-sandi-baru"})
    assert created.status_code == 303
    with app.app_context():
        sari = Session.query(User).filter_by(email="sari@dinas-a.id").one()
        assert sari.role == "petugas" and sari.tenant_id == agency["tenant"].id
    page = browser.get(url).get_data(as_text=True)
    version = re.search(rf'action="{url}/{sari.id}".*?name="version" value="([^"]+)"', page, re.S).group(1)
    assert _post(browser, url, f"{url}/{sari.id}", {"role": "pimpinan", "version": version}).status_code == 303
    stale = _post(browser, url, f"{url}/{sari.id}", {"active": "false", "version": version})
    assert "diubah orang lain" in browser.get(url).get_data(as_text=True) and stale.status_code == 303
    page = browser.get(url).get_data(as_text=True)
    version = re.search(rf'action="{url}/{sari.id}".*?name="version" value="([^"]+)"', page, re.S).group(1)
    _post(browser, url, f"{url}/{sari.id}", {"active": "false", "version": version})
    with app.app_context():
        sari = Session.get(User, sari.id)
        assert (sari.role, sari.active) == ("pimpinan", False)
    other = app.test_client()
    other.post("/login", data={"email": "sari@dinas-a.id", "password": "kata-sandi-baru", "csrf_token": _csrf(other, "/login")})
    assert other.get("/").status_code == 302, "a deactivated user cannot sign in"


@pytest.mark.parametrize("data, field", [
    ({"name": "X", "email": "bukan", "role": "petugas", "password": "kata-sandi-baru"}, "email"),
    ({"name": "X", "email": "x@dinas-a.id", "role": "admin_platform", "password": "kata-sandi-baru"}, "role"),
    ({"name": "X", "email": "x@dinas-a.id", "role": "petugas", "password": "pendek"}, "password"),
    ({"name": "", "email": "x@dinas-a.id", "role": "petugas", "password": "kata-sandi-baru"}, "name"),
])
def test_bad_user_input_is_shown_next_to_its_field(agency, data, field):
    url = "/t/dinas-a/admin/pengguna"
    refused = _post(agency["browser"], url, url, data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert f'id="{field}-error"' in html and 'aria-invalid="true"' in html
    assert "kata-sandi-baru" not in html, "a password is never written back into the page"


def test_the_admin_cannot_deactivate_themself_from_the_page(agency):
    url = "/t/dinas-a/admin/pengguna"
    page = agency["browser"].get(url).get_data(as_text=True)
    assert f'action="{url}/{agency["admin"].id}"' not in page, "no button against oneself"
    _post(agency["browser"], url, f"{url}/{agency['admin'].id}", {"active": "false", "version": "x"})
    assert "diubah orang lain" in agency["browser"].get(url).get_data(as_text=True)


# -- catalogue -----------------------------------------------------------------


def _upload(browser, content: bytes, name="katalog.csv"):
    url = "/t/dinas-a/admin/layanan"
    return browser.post(f"{url}/impor", data={"csrf_token": _csrf(browser, url), "file": (io.BytesIO(content), name)},
                        content_type="multipart/form-data")


def test_a_csv_is_previewed_then_applied_and_formula_cells_stay_text(agency):
    browser = agency["browser"]
    preview = _upload(browser, CSV.encode())
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "2 baru, 0 diperbarui, 0 tidak berubah, 0 salah" in html
    listing = browser.get("/t/dinas-a/admin/layanan").get_data(as_text=True)
    assert "akta_kelahiran" not in listing, "nothing written by the preview"
    content = re.search(r'name="content" value="([^"]*)"', html).group(1)
    import html as markup
    applied = browser.post("/t/dinas-a/admin/layanan/impor/terapkan",
                           data={"csrf_token": _csrf(browser, "/t/dinas-a/admin/layanan"), "content": markup.unescape(content)})
    assert applied.status_code == 303
    listing = browser.get("/t/dinas-a/admin/layanan").get_data(as_text=True)
    assert "akta_kelahiran" in listing and '">=cmd</td>' in listing
    again = _upload(browser, CSV.encode()).get_data(as_text=True)
    assert "0 baru, 0 diperbarui, 2 tidak berubah" in again


def test_a_bad_csv_shows_each_error_by_line_and_column_and_offers_no_apply(agency):
    bad = CSV + "Bad,,x,segera,\r\nakta_kelahiran,Dua,x,1 hari,\r\n"
    preview = _upload(agency["browser"], bad.encode())
    assert preview.status_code == 422
    html = preview.get_data(as_text=True)
    assert "baris 4, kolom code" in html and "baris 4, kolom time_norm" in html and "segera" in html
    assert "baris 5, kolom code" in html and "already on line 2" in html
    assert "Terapkan impor" not in html


@pytest.mark.parametrize("content, words", [
    ("kode,nama\r\nx,y\r\n".encode(), "unknown column"),
    ("code,name,time_norm\r\nx,Ákta,1 hari\r\n".encode("latin-1"), "not UTF-8"),
    (b"", "empty"),
])
def test_a_file_that_cannot_be_read_is_explained(agency, content, words):
    answer = _upload(agency["browser"], content)
    assert answer.status_code == 422 and words in answer.get_data(as_text=True)


def test_no_file_chosen_is_explained(agency):
    url = "/t/dinas-a/admin/layanan"
    answer = agency["browser"].post(f"{url}/impor", data={"csrf_token": _csrf(agency["browser"], url)},
                                    content_type="multipart/form-data")
    assert answer.status_code == 422 and "Pilih berkas CSV" in answer.get_data(as_text=True)


def test_the_template_downloads_as_an_attachment(agency):
    template = agency["browser"].get("/t/dinas-a/admin/layanan/templat.csv")
    assert template.status_code == 200 and template.headers["Content-Disposition"].startswith("attachment")
    assert template.data.decode("utf-8-sig").startswith("code,name,unit,time_norm,persyaratan")


def test_the_admin_creates_and_edits_a_service_with_its_components(agency):
    browser, url = agency["browser"], "/t/dinas-a/admin/layanan/baru"
    created = _post(browser, url, url, {"code": "kk_baru", "name": "KK Baru", "unit": "", "time_norm": "2 hari kerja",
                                        "active": "1", "c_biaya_tarif": "Gratis"})
    assert created.status_code == 303
    listing = browser.get("/t/dinas-a/admin/layanan").get_data(as_text=True)
    edit = re.search(r'href="(/t/dinas-a/admin/layanan/[0-9a-f-]{36})">kk_baru', listing).group(1)
    form = browser.get(edit).get_data(as_text=True)
    assert "Gratis" in form
    version = re.search(r'name="version" value="([^"]+)"', form).group(1)
    changed = _post(browser, edit, edit, {"name": "KK Baru (ubah)", "time_norm": "3 hari kerja", "active": "1",
                                          "version": version})
    assert changed.status_code == 303
    stale = _post(browser, edit, edit, {"name": "Lagi", "time_norm": "3 hari kerja", "active": "1", "version": version})
    assert stale.status_code == 409
    services = {s["code"]: s for s in browser.application.test_client().get(
        "/api/v1/tenants/dinas-a/service-types", headers=auth(agency["admin"])).get_json()}
    assert services["kk_baru"]["name"] == "KK Baru (ubah)" and services["kk_baru"]["components"] == {}


@pytest.mark.parametrize("data, field", [
    ({"code": "kk", "name": "KK", "time_norm": "segera"}, "time_norm"),
    ({"code": "Bad Code", "name": "KK", "time_norm": "1 hari"}, "code"),
    ({"code": "kk", "name": "", "time_norm": "1 hari"}, "name"),
    ({"code": "rujukan", "name": "KK", "time_norm": "1 hari"}, "code"),
])
def test_a_bad_service_is_refused_naming_the_field(agency, data, field):
    url = "/t/dinas-a/admin/layanan/baru"
    refused = _post(agency["browser"], url, url, data)
    assert refused.status_code in (409, 422)
    assert f'id="{field}-error"' in refused.get_data(as_text=True)


# -- calendar ------------------------------------------------------------------


def test_the_calendar_lists_holidays_with_their_source_and_changes_report_moved_deadlines(agency):
    browser, url = agency["browser"], "/t/dinas-a/admin/kalender"
    page = browser.get(f"{url}?tahun=2024").get_data(as_text=True)
    assert "Maulid Nabi" in page and "16-09-2024" in page
    added = _post(browser, url, f"{url}/libur", {"day": "2024-03-05", "name": "Hari jadi kota"})
    assert added.status_code == 303
    page = browser.get(url).get_data(as_text=True)
    assert "tenggat permohonan terbuka dihitung ulang" in page and "Hari jadi kota" in page
    assert re.search(r"Tersimpan\. 1 tenggat", page), "the fixture's open request received on 4 March moved"
    declared = _post(browser, url, f"{url}/kahar", {"starts_at": "2024-03-06T08:00", "ends_at": "", "reason": "Banjir"})
    assert declared.status_code == 303
    page = browser.get(url).get_data(as_text=True)
    assert "belum diakhiri" in page and "Banjir" in page
    kahar_id = re.search(r'/kahar/([0-9a-f-]{36})/akhiri', page).group(1)
    refused = _post(browser, url, f"{url}/kahar/{kahar_id}/akhiri", {"ends_at": "2024-03-06T07:00"})
    assert refused.status_code == 422 and f'id="end-{kahar_id}-error"' in refused.get_data(as_text=True)
    assert _post(browser, url, f"{url}/kahar/{kahar_id}/akhiri", {"ends_at": "2024-03-07T08:00"}).status_code == 303
    assert _post(browser, url, f"{url}/kahar/{kahar_id}/cabut", {}).status_code == 303


@pytest.mark.parametrize("path, data, field", [
    ("/libur", {"day": "", "name": "X"}, "day"),
    ("/libur", {"day": "1800-01-01", "name": "X"}, "day"),
    ("/libur", {"day": "2030-01-02", "name": "Dua kali"}, "day"),
    ("/kahar", {"starts_at": "", "reason": "X"}, "starts_at"),
    ("/kahar", {"starts_at": "2024-03-06T08:00", "ends_at": "2024-03-06T07:00", "reason": "X"}, "ends_at"),
    ("/kahar", {"starts_at": "kemarin", "reason": "X"}, "starts_at"),
    ("/kahar", {"starts_at": "2024-03-06T08:00", "reason": ""}, "reason"),
])
def test_bad_calendar_input_is_shown_next_to_its_field(agency, path, data, field):
    url = "/t/dinas-a/admin/kalender"
    refused = _post(agency["browser"], url, f"{url}{path}", data)
    assert refused.status_code in (409, 422)
    assert f'id="{field}-error"' in refused.get_data(as_text=True)


def test_a_bad_year_is_named(agency):
    page = agency["browser"].get("/t/dinas-a/admin/kalender?tahun=abc").get_data(as_text=True)
    assert 'href="#tahun"' in page


# -- letterhead ----------------------------------------------------------------


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "green").save(out, "PNG")
    return out.getvalue()


def test_the_letterhead_is_edited_previewed_and_used_in_the_sample_letter(agency):
    browser, url = agency["browser"], "/t/dinas-a/admin/kop"
    version = re.search(r'name="version" value="([^"]+)"', browser.get(url).get_data(as_text=True)).group(1)
    saved = _post(browser, url, url, {"government": "PEMERINTAH KOTA UJI", "agency": "DINAS SOSIAL", "address": "Jl. Merdeka 1",
                                      "letter_number": "800/{seq:04d}/KOMP/{year}", "version": version})
    assert saved.status_code == 303
    page = browser.get(url).get_data(as_text=True)
    assert 'class="kop-government">PEMERINTAH KOTA UJI' in page
    logo = browser.post(f"{url}/logo", data={"csrf_token": _csrf(browser, url), "logo": (io.BytesIO(_png()), "logo.png")},
                        content_type="multipart/form-data")
    assert logo.status_code == 303
    page = browser.get(url).get_data(as_text=True)
    assert 'class="kop-logo"' in page
    image = browser.get(f"{url}/logo")
    assert image.data == _png() and image.mimetype == "image/png" and image.headers["X-Content-Type-Options"] == "nosniff"
    sample = browser.get(f"{url}/contoh.pdf")
    assert sample.status_code == 200 and sample.headers["Content-Disposition"].startswith("attachment")
    reader = pypdf.PdfReader(io.BytesIO(sample.data))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "PEMERINTAH KOTA UJI" in text and "Jl. Merdeka 1" in text and "800/0001/KOMP/" in text
    assert reader.pages[0].images, "the logo is drawn in the letter"
    stale = _post(browser, url, url, {"government": "LAMA", "version": version})
    assert stale.status_code == 409


@pytest.mark.parametrize("data, field", [
    ({"letter_number": "{nomor}/KOMP"}, "letter_number"),
    ({"letter_number": "KOMP/{year}"}, "letter_number"),
    ({"government": "x" * 201}, "government"),
])
def test_bad_letterhead_input_is_shown_next_to_its_field(agency, data, field):
    url = "/t/dinas-a/admin/kop"
    version = re.search(r'name="version" value="([^"]+)"', agency["browser"].get(url).get_data(as_text=True)).group(1)
    refused = _post(agency["browser"], url, url, {**data, "version": version})
    assert refused.status_code == 422 and f'id="{field}-error"' in refused.get_data(as_text=True)


@pytest.mark.parametrize("content, name", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.png"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "logo.png"),
    (b"GIF89a....", "logo.gif"),
])
def test_a_logo_that_is_not_a_png_or_jpeg_by_content_is_refused(agency, content, name):
    url = "/t/dinas-a/admin/kop"
    refused = agency["browser"].post(f"{url}/logo", data={"csrf_token": _csrf(agency["browser"], url),
                                                          "logo": (io.BytesIO(content), name)},
                                     content_type="multipart/form-data")
    assert refused.status_code == 422 and 'id="logo-error"' in refused.get_data(as_text=True)
    assert 'class="kop-logo"' not in agency["browser"].get(url).get_data(as_text=True)


def test_a_large_csv_goes_through_the_preview_and_its_confirmation(agency):
    """Beyond the form's default in-memory limit (500 KB): the confirmation carries the whole text."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    rows = "".join(f"layanan_{i},Layanan {i},Unit,2 hari kerja,{'Persyaratan panjang; ' * 20}\r\n" for i in range(1500))
    content = ("code,name,unit,time_norm,persyaratan\r\n" + rows).encode()
    assert 600_000 < len(content) < 1024 * 1024
    browser, url = agency["browser"], "/t/dinas-a/admin/layanan"
    boundary, body = encode_multipart({"csrf_token": _csrf(browser, url), "file": FileStorage(io.BytesIO(content), filename="besar.csv")})
    preview = browser.post(f"{url}/impor", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert preview.status_code == 200 and "1500 baru" in preview.get_data(as_text=True)
    import html as markup
    hidden = markup.unescape(re.search(r'name="content" value="([^"]*)"', preview.get_data(as_text=True)).group(1))
    applied = browser.post(f"{url}/impor/terapkan", data={"csrf_token": _csrf(browser, url), "content": hidden})
    assert applied.status_code == 303
    assert "layanan_1499" in browser.get(url).get_data(as_text=True)


def test_the_admin_screens_switch_to_english(agency):
    browser = agency["browser"]
    browser.get("/lang/en")
    html = browser.get("/t/dinas-a/admin").get_data(as_text=True)
    assert "Agency admin" in html and "Service catalogue" in html and "Letterhead" in html
    assert "Import from CSV" in browser.get("/t/dinas-a/admin/layanan").get_data(as_text=True)
