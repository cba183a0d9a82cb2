"""Evidence files (issue 11, part 4): photos and PDFs attached to a complaint or to one of its
compensation items; the type read from the content, the size limited, the bytes kept outside the
database by their hash; served only to the agency's staff, and only ever as a download."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import func, select
from weasyprint import HTML
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from core.platform.db import Session
from core.case_files.evidence import clean_name
from core.platform.lookup import by_id
from core.models import Complaint, CompensationGiven, EvidenceFile
from core.models.scope import all_tenants
from core.platform.sniff import JPEG as JPEG_TYPE, PDF as PDF_TYPE, PNG as PNG_TYPE, PNG_SIGNATURE, NotAccepted, sniff
from tests.conftest import auth

API = "/api/v1/tenants"


def image(kind: str = "JPEG", size=(32, 24)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, kind)
    return out.getvalue()


def pdf() -> bytes:
    return HTML(string="<p>Tanda terima penyerahan</p>").write_pdf()


JPEG, PNG = image("JPEG"), image("PNG")


@pytest.fixture
def case(two_tenants):
    world = two_tenants["dinas-a"]
    return world["complaint"], world["admin"]


def upload(client, user, complaint, content: bytes | None, name: str = "foto.jpg", slug: str = "dinas-a",
           content_type: str = "image/jpeg", **form):
    """A multipart upload, encoded in memory (the test client's own encoder spools large bodies to
    a temporary file it never closes)."""
    data = MultiDict(form)
    if content is not None:
        data.add("file", FileStorage(io.BytesIO(content), filename=name, content_type=content_type))
    boundary, body = encode_multipart(data)
    return client.post(f"{API}/{slug}/complaints/{complaint['id']}/evidence", headers=auth(user), data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("content, media_type", [(JPEG, "image/jpeg"), (PNG, "image/png"), ("pdf", "application/pdf")])
def test_a_photo_or_pdf_is_kept_by_its_hash_and_listed(app, client, case, content, media_type):
    complaint, staff = case
    content = pdf() if content == "pdf" else content
    response = upload(client, staff, complaint, content, name="bukti.bin", content_type="application/octet-stream")
    assert response.status_code == 201, response.get_json()
    row = response.get_json()
    assert row["media_type"] == media_type, "the type is read from the content, not the name or the client"
    assert row["sha256"] == hashlib.sha256(content).hexdigest() and row["size_bytes"] == len(content)
    assert row["complaint_id"] == complaint["id"] and row["compensation_id"] is None
    assert row["uploaded_by"] == staff.id
    assert Path(app.config["EVIDENCE_DIR"], row["sha256"][:2], row["sha256"]).read_bytes() == content
    listed = client.get(f"{API}/dinas-a/complaints/{complaint['id']}/evidence", headers=auth(staff)).get_json()
    assert [item["id"] for item in listed] == [row["id"]]


def test_a_download_is_an_attachment_never_rendered(client, case):
    complaint, staff = case
    row = upload(client, staff, complaint, PNG, name="kerusakan loket.png").get_json()
    response = client.get(f"{API}/dinas-a/complaints/{complaint['id']}/evidence/{row['id']}/download", headers=auth(staff))
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "kerusakan loket.png" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy


def test_the_client_name_is_a_label_only(app, client, case):
    complaint, staff = case
    row = upload(client, staff, complaint, JPEG, name="../../etc/passwd.pdf").get_json()
    assert row["original_name"] == "passwd.jpg", "no path, and the extension of what the content is"
    names = [p.name for p in Path(app.config["EVIDENCE_DIR"]).rglob("*") if p.is_file()]
    assert names == [row["sha256"]]


@pytest.mark.parametrize("given, expected", [
    ("foto.jpg", "foto.jpg"), ("C:\\Users\\budi\\KTP Budi.JPG", "KTP Budi.jpg"), (".htaccess", "htaccess.jpg"),
    ("a\x00b\u202e.jpg", "ab.jpg"), ("", "bukti.jpg"), ("<script>.jpg", "script.jpg"), ("x" * 300 + ".jpg", "x" * 116 + ".jpg"),
])
def test_clean_names(given, expected):
    assert clean_name(given, "jpg") == expected


def test_evidence_of_a_compensation_item(app, client, case):
    complaint, staff = case
    with app.app_context(), all_tenants("test"):
        row = by_id(Complaint, complaint["id"])
        item = CompensationGiven(tenant_id=row.tenant_id, complaint_id=row.id, code="antar_hasil_layanan", citation="Pasal 1")
        Session.add(item)
        Session.commit()
        item_id = str(item.id)
    response = upload(client, staff, complaint, JPEG, compensation_id=item_id)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["compensation_id"] == item_id
    assert upload(client, staff, complaint, JPEG, compensation_id="").get_json()["compensation_id"] is None


def _polyglot_jpeg_zip() -> bytes:
    return JPEG + b"PK\x03\x04" + b"\x00" * 26 + b"evil.html<script>alert(1)</script>"


def _png_with_trailing_html() -> bytes:
    return PNG + b"<html><script>alert(1)</script></html>"


def _gifar_like_pdf() -> bytes:
    return pdf() + b"\nPK\x03\x04hidden archive"


def _pdf_with_javascript() -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body


def _damaged_png() -> bytes:
    broken = bytearray(PNG)
    broken[20] ^= 0xFF
    return bytes(broken)


BAD = {
    "html renamed .pdf": (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "surat.pdf", "application/pdf"),
    "svg": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "foto.svg", "image/svg+xml"),
    "svg named .png": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "foto.png", "image/png"),
    "html behind a pdf header": (b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF", "a.pdf", "application/pdf"),
    "jpeg with a zip appended (polyglot)": (_polyglot_jpeg_zip(), "a.jpg", "image/jpeg"),
    "png with html appended (polyglot)": (_png_with_trailing_html(), "a.png", "image/png"),
    "pdf with a zip appended (polyglot)": (_gifar_like_pdf(), "a.pdf", "application/pdf"),
    "pdf with javascript": (_pdf_with_javascript(), "a.pdf", "application/pdf"),
    "gif": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "a.gif", "image/gif"),
    "cut-short jpeg": (JPEG[: len(JPEG) // 2], "a.jpg", "image/jpeg"),
    "damaged png": (_damaged_png(), "a.png", "image/png"),
    "executable": (b"MZ\x90\x00" + b"\x00" * 60, "foto.jpg", "image/jpeg"),
    "empty": (b"", "kosong.jpg", "image/jpeg"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_files_are_refused_naming_the_field(app, client, case, kind):
    complaint, staff = case
    content, name, content_type = BAD[kind]
    response = upload(client, staff, complaint, content, name=name, content_type=content_type)
    assert response.status_code == 422, (kind, response.get_json())
    error = response.get_json()["error"]
    assert "file" in error["fields"], error
    with app.app_context(), all_tenants("test"):
        assert Session.scalar(select(func.count(EvidenceFile.id))) == 0


def test_no_file_is_a_422_naming_the_field(client, case):
    complaint, staff = case
    response = upload(client, staff, complaint, None, note="tanpa berkas")
    assert response.status_code == 422
    assert "file" in response.get_json()["error"]["fields"]
    as_json = client.post(f"{API}/dinas-a/complaints/{complaint['id']}/evidence", headers=auth(staff), json={"file": "x"})
    assert as_json.status_code == 422 and "file" in as_json.get_json()["error"]["fields"]


def test_a_file_over_the_limit_is_a_413_naming_the_field(app, client, case):
    complaint, staff = case
    app.config["EVIDENCE_MAX_BYTES"] = len(PNG) - 1
    response = upload(client, staff, complaint, PNG, name="besar.png")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large" and "file" in response.get_json()["error"]["fields"]
    app.config["EVIDENCE_MAX_BYTES"] = 1000
    far_too_big = upload(client, staff, complaint, b"\xff\xd8\xff" + b"\x00" * 200_000, name="besar.jpg")
    assert far_too_big.status_code == 413, "a body beyond the limit is refused before it is read"
    assert "file" in far_too_big.get_json()["error"]["fields"]


def test_the_default_limit_is_five_megabytes_beyond_the_apis_one(app, client, case):
    """The API reads 1 MiB bodies; an evidence upload may be up to the evidence limit (5 MB)."""
    complaint, staff = case
    assert app.config["EVIDENCE_MAX_BYTES"] == 5 * 1024 * 1024
    noisy = Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG", compress_level=0)
    big = out.getvalue()
    assert 1024 * 1024 < len(big) < 5 * 1024 * 1024
    assert upload(client, staff, complaint, big, name="besar.png").status_code == 201


def test_a_bad_compensation_id_is_a_422_naming_it(client, case, two_tenants):
    complaint, staff = case
    for value in ("bukan-uuid", "6f1c1f8e-1d5b-4c1e-9a7f-0c2b8e1e2a11"):
        response = upload(client, staff, complaint, JPEG, compensation_id=value)
        assert response.status_code == 422, response.get_json()
        assert "compensation_id" in response.get_json()["error"]["fields"]


def test_evidence_is_seen_only_by_the_agencys_staff(app, client, two_tenants, make_user):
    complaint, staff = two_tenants["dinas-a"]["complaint"], two_tenants["dinas-a"]["admin"]
    row = upload(client, staff, complaint, JPEG).get_json()
    case = f"{API}/dinas-a/complaints/{complaint['id']}/evidence"
    foreign = two_tenants["dinas-b"]["admin"]
    assert client.get(case, headers=auth(foreign)).status_code == 404
    assert client.get(f"{case}/{row['id']}/download", headers=auth(foreign)).status_code == 404
    assert upload(client, foreign, complaint, JPEG).status_code == 404
    other = two_tenants["dinas-b"]["complaint"]
    assert client.get(f"{API}/dinas-b/complaints/{other['id']}/evidence/{row['id']}/download",
                      headers=auth(foreign)).status_code == 404, "an id of another tenant's file"
    province = make_user("admin_provinsi", province_code="32")
    assert client.get(case, headers=auth(province)).status_code == 403
    assert client.get(case).status_code == 401
    petugas = make_user("petugas", two_tenants["dinas-a"]["tenant"])
    assert client.get(f"{case}/{row['id']}/download", headers=auth(petugas)).status_code == 200
    assert client.get(f"{case}/{row['id']}x/download", headers=auth(petugas)).status_code == 404


def test_a_file_missing_from_the_store_is_a_404_not_a_500(app, client, case):
    complaint, staff = case
    row = upload(client, staff, complaint, JPEG).get_json()
    Path(app.config["EVIDENCE_DIR"], row["sha256"][:2], row["sha256"]).unlink()
    response = client.get(f"{API}/dinas-a/complaints/{complaint['id']}/evidence/{row['id']}/download", headers=auth(staff))
    assert response.status_code == 404


def test_the_same_bytes_are_kept_once(app, client, case):
    complaint, staff = case
    first, second = (upload(client, staff, complaint, JPEG).get_json() for _ in range(2))
    assert first["id"] != second["id"] and first["sha256"] == second["sha256"]
    assert len([p for p in Path(app.config["EVIDENCE_DIR"]).rglob("*") if p.is_file()]) == 1


def test_a_sent_name_is_masked_for_those_who_may_not_see_who_complained(app, client, two_tenants, make_user):
    tenant = two_tenants["dinas-a"]["tenant"]
    taker, head, colleague = (make_user(role, tenant, email=f"{name}@a.id") for role, name in
                              (("petugas", "taker"), ("pimpinan", "head"), ("petugas", "colleague")))
    complaint = client.post(f"{API}/dinas-a/complaints", headers=auth(taker), json={
        "channel": "tertulis", "component": "biaya", "description": "Dipungut biaya", "confidential": True,
        "complainant_name": "Budi", "occurred_at": "2024-03-05T10:00:00+07:00"}).get_json()
    row = upload(client, taker, complaint, JPEG, name="KTP Budi.jpg").get_json()
    case = f"{API}/dinas-a/complaints/{complaint['id']}/evidence"
    for user, name in ((taker, "KTP Budi.jpg"), (head, "KTP Budi.jpg"), (colleague, f"bukti-{row['id'][:8]}.jpg")):
        assert [item["original_name"] for item in client.get(case, headers=auth(user)).get_json()] == [name]
        download = client.get(f"{case}/{row['id']}/download", headers=auth(user))
        assert name in download.headers["Content-Disposition"] and download.data == JPEG


@settings(max_examples=400, deadline=None)
@given(content=st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=512).map(lambda tail: b"\xff\xd8\xff" + tail),
    st.binary(max_size=512).map(lambda tail: PNG_SIGNATURE + tail),
    st.binary(max_size=512).map(lambda tail: b"%PDF-1.7\n" + tail),
    st.integers(0, len(JPEG)).map(lambda cut: JPEG[:cut]),
    st.integers(0, len(PNG)).map(lambda cut: PNG[:cut]),
))
def test_any_bytes_are_either_a_known_type_or_refused_with_a_reason(content):
    """The sniffer is a parser of untrusted bytes: it never fails any other way."""
    try:
        found = sniff(content)
    except NotAccepted as exc:
        assert str(exc)
    else:
        assert found.media_type in (JPEG_TYPE, PNG_TYPE, PDF_TYPE)


@settings(max_examples=100, deadline=None)
@given(tail=st.binary(min_size=1, max_size=256).filter(lambda tail: tail.strip(b"\x00")))
def test_whatever_follows_an_image_is_refused(tail):
    for image_bytes in (JPEG, PNG):
        with pytest.raises(NotAccepted):
            sniff(image_bytes + tail)
