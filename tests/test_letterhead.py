"""The agency's letterhead through the API (issue #11 part 8): read with its version, changed only
with the current one, the number format checked, the logo a PNG or JPEG by content, kept in the
case file store and drawn in every letter issued after."""

from __future__ import annotations

import io

import pypdf
import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import auth, decide_case

URL = "/api/v1/tenants/dinas-a/letterhead"


@pytest.fixture
def world(two_tenants, make_user):
    a = two_tenants["dinas-a"]
    return {"admin": a["admin"], "petugas": make_user("petugas", a["tenant"]),
            "pimpinan": make_user("pimpinan", a["tenant"]), "other_admin": two_tenants["dinas-b"]["admin"]}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), "red").save(out, "JPEG")
    return out.getvalue()


def _logo(client, user, content: bytes, name="logo.jpg", slug="dinas-a"):
    """A multipart upload encoded in memory (the test client spools a large body to a file it never closes)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), filename=name)})
    return client.put(f"/api/v1/tenants/{slug}/letterhead/logo", headers=auth(user), data=body,
                      content_type=f"multipart/form-data; boundary={boundary}")


def test_the_letterhead_changes_only_with_the_current_version(client, world):
    read = client.get(URL, headers=auth(world["admin"]))
    assert read.status_code == 200 and read.get_json()["agency"] == ""
    etag = read.headers["ETag"]
    assert client.patch(URL, headers=auth(world["admin"]), json={"agency": "DINAS A"}).status_code == 428
    changed = client.patch(URL, headers={**auth(world["admin"]), "If-Match": etag},
                           json={"agency": "DINAS A", "city": "Kota A", "letter_number": "470/{seq:03d}/{month_roman}/{year}"})
    assert changed.status_code == 200 and changed.get_json()["agency"] == "DINAS A"
    stale = client.patch(URL, headers={**auth(world["admin"]), "If-Match": etag}, json={"agency": "LAMA"})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale"
    emptied = client.patch(URL, headers={**auth(world["admin"]), "If-Match": changed.headers["ETag"]}, json={"city": ""})
    assert emptied.get_json()["city"] == "" and emptied.get_json()["agency"] == "DINAS A"


@pytest.mark.parametrize("body, field", [
    ({"letter_number": "{seq}/{nomor}"}, "letter_number"),
    ({"letter_number": "tanpa-nomor/{year}"}, "letter_number"),
    ({"letter_number": "{seq.__class__}"}, "letter_number"),
    ({"government": "x" * 201}, "government"),
    ({"logo": "0" * 64}, "logo"),
    ({"kop": "x"}, "kop"),
    ({"agency": 5}, "agency"),
])
def test_bad_letterhead_input_is_a_422_naming_the_field(client, world, body, field):
    etag = client.get(URL, headers=auth(world["admin"])).headers["ETag"]
    refused = client.patch(URL, headers={**auth(world["admin"]), "If-Match": etag}, json=body)
    assert refused.status_code == 422 and field in refused.get_json()["error"]["fields"], refused.get_json()


def test_a_logo_is_checked_by_content_and_kept_in_the_store(client, world):
    for content, name in ((b"<html><script>x</script></html>", "logo.jpg"), (b"%PDF-1.4\n%%EOF\n", "logo.png"),
                          (b"", "logo.png"), (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "logo.jpg")):
        refused = _logo(client, world["admin"], content, name)
        assert refused.status_code == 422 and "logo" in refused.get_json()["error"]["fields"], refused.get_json()
    assert client.get(f"{URL}/logo", headers=auth(world["admin"])).status_code == 404
    jpeg = _jpeg()
    stored = _logo(client, world["admin"], jpeg)
    assert stored.status_code == 200 and len(stored.get_json()["logo"]) == 64
    back = client.get(f"{URL}/logo", headers=auth(world["admin"]))
    assert back.data == jpeg and back.headers["Content-Disposition"].startswith("attachment")
    assert client.delete(f"{URL}/logo", headers=auth(world["admin"])).status_code == 204
    assert client.get(URL, headers=auth(world["admin"])).get_json()["logo"] == ""


def test_no_file_is_a_422_naming_it(client, world):
    none = client.put(f"{URL}/logo", headers=auth(world["admin"]), data={}, content_type="multipart/form-data")
    assert none.status_code == 422 and "file" in none.get_json()["error"]["fields"]
    as_json = client.put(f"{URL}/logo", headers=auth(world["admin"]), json={"file": "x"})
    assert as_json.status_code == 422 and "file" in as_json.get_json()["error"]["fields"]


def test_the_letters_issued_after_a_logo_is_set_draw_it(client, make_tenant, make_user):
    """Kota Bekasi's decree owes a written apology for a rude officer (Lampiran C.1, kategori sedang)."""
    tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023", letterhead={"agency": "DINAS UJI"})
    admin, head, officer = (make_user(role, tenant) for role in ("admin_dinas", "pimpinan", "petugas"))
    assert _logo(client, admin, _jpeg(), slug="kota-uji").status_code == 200
    complaint = client.post("/api/v1/tenants/kota-uji/complaints", headers=auth(head), json={
        "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan", "description": "Petugas membentak",
        "occurred_at": "2024-03-05T10:00:00+07:00", "complainant_name": "Dewi"}).get_json()
    decide_case(client, officer, head, "kota-uji", complaint["id"])
    case = f"/api/v1/tenants/kota-uji/complaints/{complaint['id']}"
    letter = client.post(f"{case}/letters", headers=auth(head), json={"kind": "maaf_tertulis"})
    assert letter.status_code == 201, letter.get_json()
    pdf = client.get(f"{case}/letters/{letter.get_json()['id']}/download", headers=auth(head))
    page = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0]
    assert page.images and "DINAS UJI" in page.extract_text(), "the logo is drawn beside the kop"


def test_a_logo_over_the_limit_is_a_413_naming_the_file(client, world):
    too_big = b"\xff\xd8\xff" + b"\x00" * (600 * 1024)
    refused = _logo(client, world["admin"], too_big)
    assert refused.status_code == 413 and refused.get_json()["error"]["code"] == "too_large"


def test_another_agencys_letterhead_is_not_found_and_staff_are_refused(client, world):
    assert client.get("/api/v1/tenants/dinas-b/letterhead", headers=auth(world["admin"])).status_code == 404
    assert _logo(client, world["admin"], _jpeg(), slug="dinas-b").status_code == 404
    for role in ("petugas", "pimpinan"):
        assert client.get(URL, headers=auth(world[role])).status_code == 403
        assert client.patch(URL, headers={**auth(world[role]), "If-Match": "x"}, json={"agency": "X"}).status_code == 403
        assert _logo(client, world[role], _jpeg()).status_code == 403
