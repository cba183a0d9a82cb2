"""The decree side's tables as downloads (issue #12 parts 4, 5, 7 and 8): the decree matrix, the
same case under every decree and the what-if replay, each as CSV and XLSX through
``core/http/table_export.py`` on its page, in the API (``format`` or ``Accept``) and as
``flask province matrix|replay``; with the pages' own refusals, and bad input named."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import auth
from tests.test_province_decrees import VIOLENCE, agencies, jabar, past_cases  # noqa: F401 (fixtures)
from tests.test_web_decisions import _csrf, _login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KOTA = "Dinas Sosial Kota Bekasi (460/Kep.15.a/Dinsos/I/2023)"
KAB = "Dinas Sosial Kabupaten Bekasi (OR.02/2308/DINSOS/2023)"
# Lampiran C.1, kategori berat (cara pelayanan): a written apology, and angka 2 proses disiplin.
KOTA_BERAT_SANCTION = "Lampiran C.1, kategori berat (cara pelayanan) angka 2"


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode()), "CSV is written with a BOM (core/http/table_export.py)"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(body: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def by_first(rows: list[list], *key: str) -> list:
    return next(row for row in rows if tuple(row[:len(key)]) == key)


def attachment(response, name: str) -> None:
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'


# -- the decree matrix: page ---------------------------------------------------------------------


def test_the_matrix_page_links_and_serves_csv_and_xlsx(client, jabar):
    _login(client, jabar.email)
    page = client.get("/provinsi/matriks?tanggal=2024-06-05").get_data(as_text=True)
    assert "Unduh" in page and "format=csv" in page and "format=xlsx" in page
    for fmt, read, mimetype in (("csv", read_csv, "text/csv"), ("xlsx", read_xlsx, XLSX)):
        response = client.get(f"/provinsi/matriks?tanggal=2024-06-05&format={fmt}")
        assert response.status_code == 200 and response.mimetype == mimetype, fmt
        attachment(response, f"matriks-keputusan-32-2024-06-05.{fmt}")
        header, *rows = read(response.get_data())
        assert header == ["komponen", "kategori", KAB, KOTA]
        assert len(rows) == 40  # ten components x (ringan, sedang, berat, none)
        violence = by_first(rows, "perilaku_pelaksana", "berat")
        assert violence[2].startswith("CELAH: tidak ada aturan kompensasi")  # a service-standard decree: the gap
        assert KOTA_BERAT_SANCTION in violence[3] and "proses_disiplin" in violence[3]


def test_the_matrix_page_refuses_bad_input_and_other_roles(client, agencies, jabar, make_user):
    _login(client, jabar.email)
    bad = client.get("/provinsi/matriks?tanggal=2024-06-05&format=pdf")
    assert bad.status_code == 422 and "format: &#39;pdf&#39; is not one of csv, xlsx" in bad.get_data(as_text=True)
    assert client.get("/provinsi/matriks?tanggal=2024-13-01&format=csv").status_code == 422
    assert client.get("/provinsi/matriks?provinsi=18&format=csv").status_code == 404  # another province
    for user in (make_user("petugas", agencies["kota-bekasi"]),
                 make_user("admin_provinsi", province_code="18", email="prov18@test.id")):
        other = client.application.test_client()
        _login(other, user.email)
        status = other.get("/provinsi/matriks?provinsi=32&tanggal=2024-06-05&format=csv").status_code
        assert status == (403 if user.role == "petugas" else 404)


# -- the decree matrix: API ----------------------------------------------------------------------


def test_the_matrix_api_answers_json_or_the_table(client, jabar):
    url = "/api/v1/provinces/32/decree-matrix?on=2024-06-05"
    assert client.get(url, headers=auth(jabar)).mimetype == "application/json"
    for query, accept, read, mimetype in (("&format=csv", None, read_csv, "text/csv"),
                                          ("&format=xlsx", None, read_xlsx, XLSX),
                                          ("", "text/csv", read_csv, "text/csv"),
                                          ("", XLSX, read_xlsx, XLSX)):
        headers = {**auth(jabar), **({"Accept": accept} if accept else {})}
        response = client.get(url + query, headers=headers)
        assert response.status_code == 200 and response.mimetype == mimetype, (query, accept)
        header, *rows = read(response.get_data())
        assert header == ["komponen", "kategori", KAB, KOTA]
        assert KOTA_BERAT_SANCTION in by_first(rows, "perilaku_pelaksana", "berat")[3]
    explicit = client.get(url + "&format=json", headers={**auth(jabar), "Accept": "text/csv"})
    assert explicit.mimetype == "application/json" and explicit.get_json()["province"]["code"] == "32"


def test_the_matrix_api_refusals(client, agencies, jabar, make_user):
    url = "/api/v1/provinces/{}/decree-matrix?on={}&format={}"
    bad = client.get(url.format("32", "2024-06-05", "pdf"), headers=auth(jabar))
    assert bad.status_code == 422 and list(bad.get_json()["error"]["fields"]) == ["format"]
    bad_day = client.get(url.format("32", "2024-02-30", "csv"), headers=auth(jabar))
    assert bad_day.status_code == 422 and "on" in bad_day.get_json()["error"]["fields"]
    assert client.get(url.format("18", "2024-06-05", "csv"), headers=auth(jabar)).status_code == 404
    lampung = make_user("admin_provinsi", province_code="18", email="prov18@test.id")
    assert client.get(url.format("32", "2024-06-05", "csv"), headers=auth(lampung)).status_code == 404
    petugas = make_user("petugas", agencies["kota-bekasi"])
    assert client.get(url.format("32", "2024-06-05", "xlsx"), headers=auth(petugas)).status_code == 403
    assert client.get(url.format("32", "2024-06-05", "csv")).status_code == 401


# -- the what-if replay: page and API ------------------------------------------------------------

REPLAY = "periode=2024-06&keputusan=kab_belitung_2023"
DETAIL_HEADER = ["kode", "berubah", "dinilai", "kategori_sebelum", "kategori_sesudah", "kompensasi_sebelum",
                 "kompensasi_sesudah"]


def _biaya_row(rows):
    """BIAYASOP11 (biaya, tidak sesuai SOP, an oral complaint): Kota Bekasi's Lampiran E.2 grades it
    ringan and C.1 gives an oral apology; Belitung grades nothing (Lampiran angka 5) and owes an
    apology and an explanation."""
    row = by_first(rows, "BIAYASOP11")
    assert row[:5] == ["BIAYASOP11", "category, compensations, sanctions, deadlines", "ya", "ringan", "-"]
    assert row[5] == "maaf_lisan" and row[6] == "maaf_lisan penjelasan_klarifikasi"


def test_the_replay_page_serves_csv_and_xlsx(client, past_cases, make_user):
    head = make_user("pimpinan", past_cases, email="kepala@kota.id")
    _login(client, head.email)
    page = client.get(f"/t/kota-bekasi/andaikan?{REPLAY}").get_data(as_text=True)
    assert "format=csv" in page and "format=xlsx" in page
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        response = client.get(f"/t/kota-bekasi/andaikan?{REPLAY}&format={fmt}")
        assert response.status_code == 200, fmt
        attachment(response, f"andaikan-kota-bekasi-2024-06-kab_belitung_2023.{fmt}")
        header, *rows = read(response.get_data())
        assert header == DETAIL_HEADER and len(rows) == 3
        _biaya_row(rows)


def test_a_province_admin_downloads_the_case_codes_only(client, past_cases, jabar):
    """Those who read the province see what changed, never the cases' categories or compensations."""
    _login(client, jabar.email)
    header, *rows = read_csv(client.get(f"/t/kota-bekasi/andaikan?{REPLAY}&format=csv").get_data())
    assert header == ["kode", "berubah", "dinilai"]
    assert sorted(row[0] for row in rows) == ["BIAYASOP11", "KEKERASAN1", "TIDAKSOPAN"]
    api = client.get("/api/v1/tenants/kota-bekasi/replay?period=2024-06&decree=kab_belitung_2023&format=xlsx",
                     headers=auth(jabar))
    assert read_xlsx(api.get_data())[0] == ["kode", "berubah", "dinilai"]


def test_the_replay_page_refuses_bad_input(client, past_cases, agencies, make_user):
    head = make_user("pimpinan", past_cases, email="kepala@kota.id")
    _login(client, head.email)
    bad = client.get(f"/t/kota-bekasi/andaikan?{REPLAY}&format=docx")
    assert bad.status_code == 422 and "Format unduhan: must be one of: csv, xlsx" in bad.get_data(as_text=True)
    period = client.get("/t/kota-bekasi/andaikan?periode=2024-13&keputusan=kab_belitung_2023&format=csv")
    assert period.status_code == 422 and "a month is 01 to 12" in period.get_data(as_text=True)
    decree = client.get("/t/kota-bekasi/andaikan?periode=2024-06&keputusan=tidak_ada&format=csv")
    assert decree.status_code == 422 and "tidak_ada" in decree.get_data(as_text=True)
    assert client.get(f"/t/tidak-ada/andaikan?{REPLAY}&format=csv").status_code == 404
    assert client.get(f"/t/kab-bekasi/andaikan?{REPLAY}&format=csv").status_code == 404  # another agency
    petugas = make_user("petugas", past_cases)
    other = client.application.test_client()
    _login(other, petugas.email)
    assert other.get(f"/t/kota-bekasi/andaikan?{REPLAY}&format=csv").status_code == 403


def test_the_replay_api_answers_the_table(client, past_cases, make_user):
    head = make_user("pimpinan", past_cases)
    url = "/api/v1/tenants/{}/replay?period={}&decree={}"
    csv_body = client.get(url.format("kota-bekasi", "2024-06", "kab_belitung_2023") + "&format=csv", headers=auth(head))
    assert csv_body.mimetype == "text/csv"
    header, *rows = read_csv(csv_body.get_data())
    assert header == DETAIL_HEADER
    _biaya_row(rows)
    accepted = client.get(url.format("kota-bekasi", "2024-06", "kab_belitung_2023"), headers={**auth(head), "Accept": XLSX})
    assert accepted.mimetype == XLSX and read_xlsx(accepted.get_data())[0] == DETAIL_HEADER
    for query, field in (("&format=pdf", "format"), ("&format=", "format")):
        bad = client.get(url.format("kota-bekasi", "2024-06", "kab_belitung_2023") + query, headers=auth(head))
        assert bad.status_code == 422 and field in bad.get_json()["error"]["fields"], query
    for period, decree, field in (("2024-13", "kab_belitung_2023", "period"), ("2024-06", "tidak_ada", "decree")):
        bad = client.get(url.format("kota-bekasi", period, decree) + "&format=csv", headers=auth(head))
        assert bad.status_code == 422 and field in bad.get_json()["error"]["fields"], field
    assert client.get(url.format("tidak-ada", "2024-06", "kab_belitung_2023") + "&format=csv",
                      headers=auth(head)).status_code == 404


# -- same case, every decree: the page's download ------------------------------------------------

FORM = {"component": "perilaku_pelaksana", "conduct": "kekerasan_fisik", "channel": "tertulis",
        "occurred_at": "2024-06-05T10:00"}


def _links(client) -> dict[str, str]:
    """The download links of the compare page after posting the facts."""
    page = client.post("/bandingkan", data={"csrf_token": _csrf(client, "/bandingkan"), **FORM}).get_data(as_text=True)
    found = dict(re.findall(r'href="(/bandingkan/ekspor\?[^"]+)">(CSV|XLSX)<', page))
    return {label: html.unescape(url) for url, label in found.items()}


def test_the_compare_page_downloads_the_table_it_shows(client, jabar):
    _login(client, jabar.email)
    links = _links(client)
    assert set(links) == {"CSV", "XLSX"} and "component=perilaku_pelaksana" in links["CSV"]
    assert "csrf_token" not in links["CSV"]
    for label, read in (("CSV", read_csv), ("XLSX", read_xlsx)):
        response = client.get(links[label])
        assert response.status_code == 200, label
        attachment(response, f"bandingkan-semua.{label.lower()}")
        header, *rows = read(response.get_data())
        assert header == ["pertanyaan", KAB, KOTA]
        assert [row[0] for row in rows] == ["applies", "category", "compensation", "due", "sanction"]
        sanction = by_first(rows, "sanction")
        assert sanction[2].startswith("proses_disiplin") and KOTA_BERAT_SANCTION in sanction[2]


def test_the_compare_download_keeps_one_question_and_one_province(client, agencies, make_user):
    platform = make_user("admin_platform")
    _login(client, platform.email)
    query = "&".join(f"{k}={v}" for k, v in FORM.items())
    header, *rows = read_csv(client.get(f"/bandingkan/ekspor?format=csv&provinsi=32&only=sanction&{query}").get_data())
    assert header == ["pertanyaan", KAB, KOTA] and [row[0] for row in rows] == ["sanction"]


def test_the_compare_download_refuses_bad_input(client, agencies, jabar, make_user):
    _login(client, jabar.email)
    query = "&".join(f"{k}={v}" for k, v in FORM.items())
    for url, field in ((f"/bandingkan/ekspor?{query}", "format"),
                       (f"/bandingkan/ekspor?format=pdf&{query}", "format"),
                       ("/bandingkan/ekspor?format=csv&channel=tertulis", "component"),
                       (f"/bandingkan/ekspor?format=csv&{query.replace('perilaku_pelaksana', 'lain')}", "component"),
                       (f"/bandingkan/ekspor?format=csv&{query}&occurred_at=kemarin", "occurred_at"),
                       (f"/bandingkan/ekspor?format=csv&{query}&lateness_days=-1", "lateness_days")):
        response = client.get(url)
        assert response.status_code == 422 and f"{field}:" in response.get_data(as_text=True), url
    assert client.get(f"/bandingkan/ekspor?format=csv&provinsi=18&{query}").status_code == 404
    petugas = make_user("petugas", agencies["kota-bekasi"])
    other = client.application.test_client()
    _login(other, petugas.email)
    assert other.get(f"/bandingkan/ekspor?format=csv&{query}").status_code == 403
    assert client.application.test_client().get(f"/bandingkan/ekspor?format=csv&{query}").status_code == 302


# -- the commands ---------------------------------------------------------------------------------


def test_flask_province_matrix(app, agencies, tmp_path):
    runner = app.test_cli_runner()
    text = runner.invoke(args=["province", "matrix", "--province", "32", "--on", "2024-06-05"])
    assert text.exit_code == 0, text.output
    header, rule, *lines = text.stdout.splitlines()
    assert re.match(r"komponen +kategori +Dinas Sosial Kabupaten Bekasi", header) and set(rule) <= {"-", " "}
    assert len(lines) == 40 and rule.index(" ") == header.index("kategori") - 2
    to_stdout = runner.invoke(args=["province", "matrix", "--province", "32", "--on", "2024-06-05", "--format", "csv"])
    assert read_csv(to_stdout.stdout_bytes)[0] == ["komponen", "kategori", KAB, KOTA]
    target = tmp_path / "matriks.xlsx"
    written = runner.invoke(args=["province", "matrix", "--province", "32", "--on", "2024-06-05",
                                  "--format", "xlsx", "--output", str(target)])
    assert written.exit_code == 0 and "40 rows written" in written.output
    rows = read_xlsx(target.read_bytes())
    assert rows[0] == ["komponen", "kategori", KAB, KOTA]
    assert KOTA_BERAT_SANCTION in by_first(rows, "perilaku_pelaksana", "berat")[3]


@pytest.mark.parametrize("args, option", [
    (["--province", "99"], "--province"),
    ([], "--province"),
    (["--province", "32", "--on", "2024-13-01"], "--on"),
    (["--province", "32", "--format", "pdf"], "--format"),
    (["--province", "32", "--format", "csv", "--output", "/nonexistent-dir/matriks.csv"], "--output"),
])
def test_flask_province_matrix_bad_input(app, agencies, args, option):
    result = app.test_cli_runner().invoke(args=["province", "matrix", *args])
    assert result.exit_code == 2 and option in result.output and "Traceback" not in result.output, result.output


def test_flask_province_replay(app, past_cases, tmp_path):
    runner = app.test_cli_runner()
    text = runner.invoke(args=["province", "replay", "kota-bekasi", "--period", "2024-06", "--decree", "kab_belitung_2023"])
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[0].split() == DETAIL_HEADER
    assert re.search(r"^BIAYASOP11 +category, compensations, sanctions, deadlines +ya +ringan +- ", text.stdout, re.M)
    assert "3 cases replayed, 3 would change, 0 not judged, 1 undecided" in text.stdout
    target = tmp_path / "andaikan.csv"
    written = runner.invoke(args=["province", "replay", "kota-bekasi", "--period", "2024-06", "--decree",
                                  "kab_belitung_2023", "--format", "csv", "--output", str(target)])
    assert written.exit_code == 0, written.output
    header, *rows = read_csv(target.read_bytes())
    assert header == DETAIL_HEADER
    _biaya_row(rows)


@pytest.mark.parametrize("args, option", [
    (["tidak-ada", "--period", "2024-06", "--decree", "kab_belitung_2023"], "SLUG"),
    (["kota-bekasi", "--period", "2024-13", "--decree", "kab_belitung_2023"], "--period"),
    (["kota-bekasi", "--period", "2024-06", "--decree", "tidak_ada"], "--decree"),
    (["kota-bekasi", "--period", "2024-06"], "--decree"),
    (["kota-bekasi", "--period", "2024-06", "--decree", "kab_belitung_2023", "--format", "ods"], "--format"),
])
def test_flask_province_replay_bad_input(app, past_cases, args, option):
    result = app.test_cli_runner().invoke(args=["province", "replay", *args])
    assert result.exit_code == 2 and option in result.output and "Traceback" not in result.output, result.output


def test_a_lone_dash_is_none_not_a_formula():
    """The decree tables write "-" for no category or no compensation: it stays "-", while a
    cell that starts with a dash and goes on is still defused."""
    from core.http.table_export import safe_cell

    assert safe_cell("-") == "-" and safe_cell("-1+1") == "'-1+1" and safe_cell("--") == "'--"
