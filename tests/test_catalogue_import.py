"""The service catalogue imported from CSV (issue #11 part 8): a preview row by row, every error
naming its line and column, nothing written unless every row is valid, the same file twice
changing nothing, cells kept as text (``=cmd`` too), and a template that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core.agency import catalogue_import
from tests.conftest import auth

BASE = "/api/v1/tenants/dinas-a/service-types"
HEADER = "code,name,unit,time_norm,persyaratan,biaya_tarif"
GOOD = (HEADER + "\r\n"
        "akta_kelahiran,Akta Kelahiran,Bidang Capil,3 hari kerja,1. KTP; 2. KK,Gratis\r\n"
        'kartu_keluarga,"Kartu Keluarga, baru",Bidang Capil,1 hari kerja,KTP,Gratis\r\n')


@pytest.fixture
def world(two_tenants, make_user):
    a = two_tenants["dinas-a"]
    return {"admin": a["admin"], "petugas": make_user("petugas", a["tenant"]),
            "pimpinan": make_user("pimpinan", a["tenant"]), "other_admin": two_tenants["dinas-b"]["admin"]}


def _send(client, user, content: bytes | str, path="/import", name="katalog.csv", slug="dinas-a"):
    """A multipart upload, its body encoded in memory (the test client spools a large one to a
    temporary file it never closes)."""
    if isinstance(content, str):
        content = content.encode()
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), filename=name)})
    url = f"/api/v1/tenants/{slug}/service-types{path}"
    return client.post(url, headers=auth(user), data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _catalogue(client, admin) -> dict[str, dict]:
    return {row["code"]: row for row in client.get(BASE, headers=auth(admin)).get_json()}


def test_the_preview_shows_each_row_and_writes_nothing(client, world):
    preview = _send(client, world["admin"], GOOD, "/import/preview")
    assert preview.status_code == 200, preview.get_json()
    plan = preview.get_json()
    assert plan["valid"] is True and plan["created"] == 2
    assert [(r["line"], r["code"], r["action"]) for r in plan["rows"]] == [(2, "akta_kelahiran", "create"), (3, "kartu_keluarga", "create")]
    assert "akta_kelahiran" not in _catalogue(client, world["admin"])


def test_an_import_creates_then_a_second_import_of_the_same_file_changes_nothing(client, world):
    first = _send(client, world["admin"], GOOD)
    assert first.status_code == 200, first.get_json()
    catalogue = _catalogue(client, world["admin"])
    akta = catalogue["akta_kelahiran"]
    assert akta["name"] == "Akta Kelahiran" and akta["unit"] == "Bidang Capil"
    assert akta["components"] == {"persyaratan": "1. KTP; 2. KK", "biaya_tarif": "Gratis"}
    assert akta["norm"]["maximum"] == 3 and akta["norm"]["working"] is True
    assert catalogue["kartu_keluarga"]["name"] == "Kartu Keluarga, baru"
    again = _send(client, world["admin"], GOOD).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert _catalogue(client, world["admin"]) == catalogue


def test_an_existing_code_is_updated_and_its_changes_named(client, world):
    _send(client, world["admin"], GOOD)
    changed = GOOD.replace("3 hari kerja", "5 hari kerja").replace("1. KTP; 2. KK,Gratis", "1. KTP,")
    plan = _send(client, world["admin"], changed, "/import/preview").get_json()
    row = plan["rows"][0]
    assert row["action"] == "update" and row["changes"] == ["time_norm", "persyaratan", "biaya_tarif"]
    assert _send(client, world["admin"], changed).status_code == 200
    akta = _catalogue(client, world["admin"])["akta_kelahiran"]
    assert akta["norm"]["maximum"] == 5 and akta["components"] == {"persyaratan": "1. KTP"}, "an empty component is removed"


def test_one_bad_row_writes_nothing_and_each_error_names_line_and_column(client, world):
    bad = GOOD + "Bad Code,,x,segera,,\r\nakta_kelahiran,Lagi,x,2 hari,,\r\n"
    preview = _send(client, world["admin"], bad, "/import/preview").get_json()
    assert preview["valid"] is False
    errors = {r["line"]: r["errors"] for r in preview["rows"] if r["errors"]}
    assert set(errors[4]) == {"code", "name", "time_norm"}
    assert "segera" in errors[4]["time_norm"][0], "the norm that cannot be read is quoted"
    assert errors[5] == {"code": ["code 'akta_kelahiran' is already on line 2"]}
    refused = _send(client, world["admin"], bad)
    assert refused.status_code == 422
    fields = refused.get_json()["error"]["fields"]
    assert {"line 4: code", "line 4: name", "line 4: time_norm", "line 5: code"} <= set(fields)
    assert "akta_kelahiran" not in _catalogue(client, world["admin"]), "nothing was written"


@pytest.mark.parametrize("content, key, words", [
    ("kode,nama,waktu\r\nx,y,1 hari\r\n", "columns", "unknown column 'kode'"),
    ("code,name\r\nx,y\r\n", "columns", "missing column 'time_norm'"),
    ("code,name,time_norm,name\r\nx,y,1 hari,z\r\n", "columns", "column 'name' appears twice"),
    (HEADER + "\r\n", "file", "no data rows"),
])
def test_a_file_with_wrong_columns_is_refused_naming_them(client, world, content, key, words):
    for path in ("/import/preview", "/import"):
        answer = _send(client, world["admin"], content, path)
        body = answer.get_json()
        messages = body["file_errors"] if path.endswith("preview") else body["error"]["fields"]
        assert words in " ".join(messages[key]), body


def test_a_row_with_too_many_cells_is_an_error_on_its_line(client, world):
    plan = _send(client, world["admin"], GOOD + "a,b,c,1 hari,d,e,f\r\n", "/import/preview").get_json()
    assert plan["rows"][-1]["line"] == 4 and "7 cells where the header has 6" in plan["rows"][-1]["errors"]["row"][0]


@pytest.mark.parametrize("content, words", [
    (GOOD.replace("Akta", "Ákta").encode("latin-1"), "not UTF-8"),
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    (b"code,name,time_norm\r\nx,y\x00z,1 hari\r\n", "NUL"),
    (b'code,name,time_norm\r\nx,"y\r\n', "well-formed"),
])
def test_a_file_that_is_not_a_utf8_csv_is_a_422(client, world, content, words):
    for path in ("/import/preview", "/import"):
        refused = _send(client, world["admin"], content, path)
        assert refused.status_code == 422, refused.get_json()
        body = refused.get_json()["error"]
        assert words in body["message"] + " ".join(body["fields"].get("file", []))


def test_a_utf8_file_with_a_bom_and_semicolons_as_a_spreadsheet_saves_it_is_read(client, world):
    content = ("\ufeffcode;name;unit;time_norm;persyaratan\r\n"
               'akta_kelahiran;Akta Kelahiran;Bidang Capil;3 hari kerja;"1. KTP; 2. KK"\r\n'
               "kartu_keluarga;Kartu Keluarga, baru;Bidang Capil;1 hari kerja;KTP\r\n").encode("utf-8")
    answer = _send(client, world["admin"], content)
    assert answer.status_code == 200, answer.get_json()
    catalogue = _catalogue(client, world["admin"])
    assert catalogue["kartu_keluarga"]["name"] == "Kartu Keluarga, baru"
    assert catalogue["akta_kelahiran"]["components"] == {"persyaratan": "1. KTP; 2. KK"}


def test_a_huge_file_is_refused_before_it_is_read(client, world):
    huge = (HEADER + "\r\n").encode() + b"x" * (catalogue_import.MAX_BYTES + 10)
    refused = _send(client, world["admin"], huge)
    assert refused.status_code == 413 and "file" in refused.get_json()["error"]["fields"]


def test_too_many_rows_are_refused(client, world):
    rows = "".join(f"s{i},Layanan {i},,1 hari\r\n" for i in range(catalogue_import.MAX_ROWS + 1))
    refused = _send(client, world["admin"], "code,name,unit,time_norm\r\n" + rows, "/import/preview")
    assert refused.status_code == 413 and "2000 rows" in refused.get_json()["error"]["fields"]["file"][0]


def test_no_file_or_not_multipart_is_a_422_naming_the_file(client, world):
    none = client.post(f"{BASE}/import", headers=auth(world["admin"]), data={}, content_type="multipart/form-data")
    assert none.status_code == 422 and "file" in none.get_json()["error"]["fields"]
    json_body = client.post(f"{BASE}/import", headers=auth(world["admin"]), json={"file": GOOD})
    assert json_body.status_code == 422 and "file" in json_body.get_json()["error"]["fields"]


def test_formula_cells_are_kept_as_text_and_exported_as_text(client, world):
    content = HEADER + '\r\nrumus,=cmd|\' /C calc\'!A0,@SUM(1),1 hari,+1+1,-2\r\n'
    assert _send(client, world["admin"], content).status_code == 200
    row = _catalogue(client, world["admin"])["rumus"]
    assert row["name"] == "=cmd|' /C calc'!A0" and row["unit"] == "@SUM(1)"
    assert row["components"] == {"persyaratan": "+1+1", "biaya_tarif": "-2"}
    exported = client.get(f"{BASE}/export", headers=auth(world["admin"]))
    assert exported.status_code == 200 and exported.headers["Content-Disposition"].startswith("attachment")
    cells = {r["code"]: r for r in csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig")))}
    assert cells["rumus"]["name"] == "'=cmd|' /C calc'!A0" and cells["rumus"]["unit"] == "'@SUM(1)"
    again = _send(client, world["admin"], exported.data).get_json()
    assert again["updated"] == 0 and again["created"] == 0, "the export imports back unchanged"


def test_the_template_downloads_and_imports(client, world):
    template = client.get(f"{BASE}/import/template", headers=auth(world["admin"]))
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.headers["Content-Disposition"].startswith("attachment")
    header = next(csv.reader(io.StringIO(template.data.decode("utf-8-sig"))))
    assert header == list(catalogue_import.COLUMNS)
    plan = _send(client, world["admin"], template.data, "/import/preview").get_json()
    assert plan["valid"] and plan["created"] == 1


def test_a_retired_service_is_brought_back_by_an_import(client, world, app):
    _send(client, world["admin"], GOOD)
    akta = _catalogue(client, world["admin"])["akta_kelahiran"]
    client.post("/api/v1/tenants/dinas-a/service-requests", headers=auth(world["admin"]), json={
        "service": "akta_kelahiran", "reference": "R-1", "applicant_name": "Warga", "received_at": "2024-03-04T09:00:00+07:00"})
    assert client.delete(f"{BASE}/{akta['id']}", headers=auth(world["admin"])).status_code == 204
    assert _catalogue(client, world["admin"])["akta_kelahiran"]["active"] is False
    plan = _send(client, world["admin"], GOOD).get_json()
    assert plan["rows"][0]["action"] == "update" and plan["rows"][0]["changes"] == ["active"]
    assert _catalogue(client, world["admin"])["akta_kelahiran"]["active"] is True


def test_an_import_reaches_only_its_own_agency(client, world):
    _send(client, world["admin"], GOOD)
    b = {row["code"] for row in client.get("/api/v1/tenants/dinas-b/service-types", headers=auth(world["other_admin"])).get_json()}
    assert "akta_kelahiran" not in b
    assert _send(client, world["admin"], GOOD, slug="dinas-b").status_code == 404
    rujukan = GOOD + "rujukan,Rujukan baru,x,2 hari,,\r\n"
    plan = _send(client, world["admin"], rujukan, "/import/preview").get_json()
    assert plan["rows"][-1]["action"] == "update", "its own rujukan, not dinas-b's"


@pytest.mark.parametrize("role", ["petugas", "pimpinan"])
def test_staff_may_not_import(client, world, role):
    assert _send(client, world[role], GOOD).status_code == 403
    assert _send(client, world[role], GOOD, "/import/preview").status_code == 403
    assert client.get(f"{BASE}/import/template", headers=auth(world[role])).status_code == 403
