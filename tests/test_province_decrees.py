"""The provincial view's decree parts (issue #12 parts 4, 5, 7): the decree matrix generated from
the plugins, the same case under every agency's decree side by side, and an agency's past cases
replayed under another decree."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import auth

ROOT = Path(__file__).resolve().parent.parent
WIB = ZoneInfo("Asia/Jakarta")


def tables(plugin: str) -> dict:
    with open(ROOT / "plugins" / plugin / "tables.toml", "rb") as handle:
        return tomllib.load(handle)


@pytest.fixture
def agencies(app):
    """The four agencies of tenants/ (Kota and Kabupaten Bekasi in Jawa Barat, 32)."""
    result = app.test_cli_runner().invoke(args=["tenants", "sync"])
    assert result.exit_code == 0, result.output
    from core.platform.db import Session
    from core.models import Tenant
    from core.models.scope import all_tenants

    with app.app_context(), all_tenants():
        found = {t.slug: t for t in Session.query(Tenant).all()}
        for tenant in found.values():
            Session.expunge(tenant)
    return found


@pytest.fixture
def jabar(agencies, make_user):
    return make_user("admin_provinsi", province_code="32")


def _matrix(client, user, code="32", on="2024-06-05"):
    response = client.get(f"/api/v1/provinces/{code}/decree-matrix?on={on}", headers=auth(user))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    index = {a["tenant"]: i for i, a in enumerate(body["agencies"])}
    cells = {(row["component"], row["category"]): row["cells"] for row in body["rows"]}
    return body, lambda slug, component, category: cells[(component, category)][index[slug]]


# -- part 4: the decree matrix -------------------------------------------------------------------


def test_kota_bekasi_column_follows_lampiran_e2_and_c1_row_by_row(client, jabar):
    """Lampiran E.2 (kategori per waktu and cara pelayanan) and C.1 (kompensasi per kategori), each
    row of the decree's tables found in its cell with the same clause and the same codes."""
    body, cell = _matrix(client, jabar)
    kota = tables("kota_bekasi_2023")
    compensation = {(r["severity"], r["form"]): r for r in kota["compensation"]}
    for band in kota["lateness"]:
        found = cell("kota-bekasi", "jangka_waktu", band["severity"])
        assert found["status"] == "covered"
        (rule,) = [r for r in found["rules"] if band["citation"] in r["citations"]]
        row = compensation[(band["severity"], "waktu")]
        owed = [i for i in rule["compensations"] if i["owed"]]
        assert [i["code"] for i in owed] == row["codes"] and {i["citation"] for i in owed} == {row["citation"]}
        if "domiciled_only" in row:  # C.1 berat (waktu) angka 2: only to residents of Kota Bekasi
            (delivery,) = [i for i in rule["compensations"] if not i["owed"]]
            assert delivery["code"] == row["domiciled_only"]["code"]
            assert delivery["citation"] == row["domiciled_only"]["citation"]
        assert rule["sanctions"]["required"] == []
    for conduct, row in kota["conduct"].items():
        found = cell("kota-bekasi", "persyaratan", row["severity"])
        (rule,) = [r for r in found["rules"] if row["citation"] in r["citations"]]
        given = compensation[(row["severity"], "cara")]
        assert [i["code"] for i in rule["compensations"]] == given["codes"]
        assert rule["compensations"][0]["citation"] == given["citation"]
        if "sanction" in given:  # C.1 berat (cara pelayanan) angka 2: proses disiplin
            assert rule["sanctions"]["required"] == [given["sanction"]["code"]]
            assert rule["sanctions"]["citations"] == [given["sanction"]["citation"]]
        else:
            assert rule["sanctions"]["required"] == []
    # C.2 angka 1): the ringan apology is owed on the spot; sedang and berat set no deadline.
    assert cell("kota-bekasi", "jangka_waktu", "ringan")["rules"][0]["compensations"][0]["due_after_hours"] == 0
    assert cell("kota-bekasi", "jangka_waktu", "sedang")["rules"][0]["compensations"][0]["due_after_hours"] is None
    # E.1: a component without a conduct is outside Kota Bekasi's rules, and the cell says so.
    uncovered = cell("kota-bekasi", "persyaratan", None)
    assert uncovered["status"] == "not_covered" and "Lampiran E.1" in uncovered["notes"][0]
    assert cell("kota-bekasi", "jangka_waktu", None)["status"] == "graded"


def test_lampung_row_by_row_and_the_components_it_does_not_cover(client, agencies, make_user):
    """Lampiran angka 6 per component, due 2x24 jam after the complaint (angka 8), teguran or
    pembinaan (angka 7); angka 5 lists five components: the others are marked not covered."""
    platform = make_user("admin_platform")
    _body, cell = _matrix(client, platform, code="18")
    lampung = tables("prov_lampung_2024")
    for component in ("persyaratan", "prosedur", "jangka_waktu", "biaya", "produk", "pengaduan",
                      "kompetensi_pelaksana", "perilaku_pelaksana", "sarana_prasarana", "lainnya"):
        found = cell("prov-lampung", component, None)
        assert cell("prov-lampung", component, "berat")["status"] == "not_graded"
        row = lampung["components"].get(component)
        if row is None:
            assert found["status"] == "not_covered" and "Lampiran angka 5" in found["notes"][0]
            continue
        (rule,) = found["rules"]
        codes = ["maaf_tertulis" if code == "maaf" else code for code in row["compensations"]]
        assert [i["code"] for i in rule["compensations"]] == codes
        assert {i["citation"] for i in rule["compensations"]} == {row["citation"]}
        assert {i["due_after_hours"] for i in rule["compensations"]} == {48}
        assert all(lampung["deadline"]["citation"] in i["citations"] for i in rule["compensations"])
        assert rule["sanctions"]["choose_one_of"] == lampung["sanctions"]["choose_one_of"]
        assert rule["sanctions"]["citations"] == [lampung["sanctions"]["citation"]]


def test_belitung_shows_both_routes_for_jangka_waktu(client, agencies, make_user):
    """Diktum KETIGA (unfinished 2x24 jam after berkas lengkap: apology, notice, delivery) beside
    Lampiran angka 5 (a complaint: apology and explanation); no sanction for a gangguan."""
    _body, cell = _matrix(client, make_user("admin_platform"), code="19")
    rules = cell("kab-belitung", "jangka_waktu", None)["rules"]
    ketiga = [r for r in rules if r["basis"] == "Diktum KETIGA"]
    assert {tuple(i["code"] for i in r["compensations"]) for r in ketiga} == {
        ("maaf_tertulis", "pemberitahuan_ketidaksesuaian", "antar_hasil_layanan")}
    assert [r["sanctions"]["choose_one_of"] for r in ketiga] == [["teguran", "pembinaan"], []]
    (complaint,) = [r for r in rules if r["basis"] is None]
    assert [i["code"] for i in complaint["compensations"]] == ["maaf_tertulis", "penjelasan_klarifikasi"]
    assert complaint["compensations"][0]["citation"] == "Lampiran angka 5 huruf c (Jangka Waktu pelayanan)"


def test_gaps_an_agency_without_a_compensation_decree_and_one_with_none_bound(client, jabar, make_tenant):
    make_tenant("kab-tanpa-keputusan", province_code="32", name="Dinas Tanpa Keputusan")
    body, cell = _matrix(client, jabar)
    agencies = {a["tenant"]: a for a in body["agencies"]}
    assert set(agencies) == {"kota-bekasi", "kab-bekasi", "kab-tanpa-keputusan"}
    assert agencies["kab-bekasi"]["gap"] == "no_rule" and agencies["kab-bekasi"]["decree"]["kind"] == "standar_pelayanan"
    assert "tidak ada aturan kompensasi yang berlaku" in agencies["kab-bekasi"]["notes"][0]
    assert agencies["kab-tanpa-keputusan"]["gap"] == "no_decree" and agencies["kab-tanpa-keputusan"]["decree"] is None
    assert agencies["kota-bekasi"]["gap"] is None
    for component, category in (("jangka_waktu", "berat"), ("biaya", None)):
        assert cell("kab-bekasi", component, category)["status"] == "no_rule"
        assert cell("kab-tanpa-keputusan", component, category)["status"] == "no_decree"


def test_the_matrix_is_read_only_for_province_and_platform_admins(client, agencies, jabar, make_user):
    assert client.get("/api/v1/provinces/18/decree-matrix", headers=auth(jabar)).status_code == 404  # another province
    assert client.get("/api/v1/provinces/99/decree-matrix", headers=auth(make_user("admin_platform"))).status_code == 404
    for role in ("petugas", "pimpinan", "admin_dinas"):
        user = make_user(role, agencies["kota-bekasi"])
        assert client.get("/api/v1/provinces/32/decree-matrix", headers=auth(user)).status_code == 403
    bad = client.get("/api/v1/provinces/32/decree-matrix?on=2024-13-01", headers=auth(jabar))
    assert bad.status_code == 422 and "on" in bad.get_json()["error"]["fields"]
    assert client.get("/api/v1/provinces/32/decree-matrix").status_code == 401


def test_the_matrix_page_and_its_csv(client, jabar):
    from tests.test_web_decisions import _login

    _login(client, jabar.email)
    page = client.get("/provinsi/matriks?tanggal=2024-06-05").get_data(as_text=True)
    assert "Dinas Sosial Kabupaten Bekasi" in page and "CELAH" in page
    assert "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in page
    csv = client.get("/provinsi/matriks?tanggal=2024-06-05&format=csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    header, *rows = csv.get_data().decode("utf-8-sig").splitlines()  # core/http/table_export.py writes a BOM
    assert header.startswith("komponen,kategori,") and len(rows) == 40
    assert client.get("/provinsi/matriks?provinsi=18").status_code == 404
    assert client.get("/provinsi/matriks?tanggal=kemarin").status_code == 422


# -- part 5: same case, every decree -------------------------------------------------------------

VIOLENCE = {"component": "perilaku_pelaksana", "conduct": "kekerasan_fisik", "channel": "tertulis",
            "occurred_at": "2024-06-05T10:00:00+07:00"}


def _side(client, user, facts, **extra):
    response = client.post("/api/v1/decisions/side-by-side", headers=auth(user), json={**facts, **extra})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    index = {c["tenant"]: i for i, c in enumerate(body["columns"])}
    rows = {row["question"]: row for row in body["rows"]}
    return body, lambda slug, question: rows[question]["cells"][index[slug]], rows


def test_an_officers_violence_under_the_four_decrees(client, agencies, make_user):
    body, cell, rows = _side(client, make_user("admin_platform"), VIOLENCE)
    assert [c["tenant"] for c in body["columns"]] == ["prov-lampung", "kab-belitung", "kab-bekasi", "kota-bekasi"]
    # Kota Bekasi, Lampiran E.2 and C.1: berat cara pelayanan, a written apology, proses disiplin.
    assert cell("kota-bekasi", "applies")["value"] is True
    assert cell("kota-bekasi", "category")["value"] == "berat"
    assert cell("kota-bekasi", "category")["citations"] == ["Lampiran E.2, kategori berat (cara pelayanan)"]
    assert cell("kota-bekasi", "compensation")["value"] == ["maaf_tertulis"]
    assert cell("kota-bekasi", "sanction")["required"] == ["proses_disiplin"]
    assert cell("kota-bekasi", "sanction")["citations"] == ["Lampiran C.1, kategori berat (cara pelayanan) angka 2"]
    # Belitung, Lampiran angka 5 huruf h and 6: apology and explanation, teguran or pembinaan.
    assert cell("kab-belitung", "category")["value"] is None
    assert cell("kab-belitung", "compensation")["value"] == ["maaf_tertulis", "penjelasan_klarifikasi"]
    assert cell("kab-belitung", "sanction")["choose_one_of"] == ["teguran", "pembinaan"]
    assert cell("kab-belitung", "sanction")["citations"] == ["Lampiran angka 6"]
    # Lampung, Lampiran angka 5: perilaku pelaksana is not among its five components.
    assert cell("prov-lampung", "applies")["value"] is False
    assert "di luar keputusan ini" in cell("prov-lampung", "applies")["notes"][0]
    # Kabupaten Bekasi: a service-standard decree, no compensation rule.
    assert cell("kab-bekasi", "applies")["value"] is False
    assert all(rows[q]["differs"] for q in ("applies", "category", "compensation", "sanction"))
    assert cell("kota-bekasi", "category")["differs"] and cell("kab-belitung", "sanction")["differs"]


def test_a_province_admin_compares_its_own_agencies(client, jabar, agencies, make_user):
    body, cell, rows = _side(client, jabar, {**VIOLENCE, "conduct": "tidak_sopan"})
    assert [c["tenant"] for c in body["columns"]] == ["kab-bekasi", "kota-bekasi"]
    assert cell("kota-bekasi", "category")["value"] == "sedang"
    assert client.post("/api/v1/decisions/side-by-side", headers=auth(jabar),
                       json={**VIOLENCE, "province": "18"}).status_code == 404
    platform = make_user("admin_platform")
    body, _cell, _rows = _side(client, platform, VIOLENCE, province="18")
    assert [c["tenant"] for c in body["columns"]] == ["prov-lampung"]


def test_a_column_that_cannot_judge_the_facts_names_the_field(client, jabar):
    body, cell, rows = _side(client, jabar, {"component": "jangka_waktu", "channel": "tertulis",
                                             "occurred_at": "2024-06-05T10:00:00+07:00"})
    kota = next(c for c in body["columns"] if c["tenant"] == "kota-bekasi")
    assert "lateness_days" in kota["error"]["fields"] and cell("kota-bekasi", "applies") is None


def test_side_by_side_bad_input(client, jabar, agencies, make_user):
    bad = client.post("/api/v1/decisions/side-by-side", headers=auth(jabar), json={"component": "lain"})
    assert bad.status_code == 422 and "component" in bad.get_json()["error"]["fields"]
    petugas = make_user("petugas", agencies["kota-bekasi"])
    assert client.post("/api/v1/decisions/side-by-side", headers=auth(petugas), json=VIOLENCE).status_code == 403


def test_the_compare_page_is_the_side_by_side_table(client, jabar):
    from tests.test_web_decisions import _csrf, _login

    _login(client, jabar.email)
    page = client.post("/bandingkan", data={"csrf_token": _csrf(client, "/bandingkan"), "component": "perilaku_pelaksana",
                                            "conduct": "kekerasan_fisik", "channel": "tertulis",
                                            "occurred_at": "2024-06-05T10:00"}).get_data(as_text=True)
    assert 'data-tenant="kota-bekasi"' in page and 'data-tenant="kab-bekasi"' in page
    assert 'data-tenant="prov-lampung"' not in page
    assert page.count('class="differs"') >= 4 and "berbeda antar dinas" in page
    assert "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in page


# -- part 7: what if the decree changed ----------------------------------------------------------


def _case(app, registry, tenant, *, decided=True, **columns):
    from core.casework import cases
    from core.platform.db import Session
    from core.models import Complaint
    from core.models.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant.id):
        complaint = Complaint(tenant_id=tenant.id, tracking_code=columns.pop("code"), complainant_name="Budi SECRET",
                              received_at=columns["occurred_at"], **columns)
        Session.add(complaint)
        Session.flush()
        if decided:
            cases.decide(registry, tenant, complaint, None)
        Session.commit()


@pytest.fixture
def past_cases(app, agencies):
    """Kota Bekasi's cases: three decided in June 2024, one undecided, one decided in May."""
    registry = app.extensions["decrees"]
    kota = agencies["kota-bekasi"]
    june = datetime(2024, 6, 5, 10, tzinfo=WIB)
    _case(app, registry, kota, code="KEKERASAN1", component="perilaku_pelaksana", conduct="kekerasan_fisik",
          channel="tertulis", occurred_at=june)
    _case(app, registry, kota, code="TIDAKSOPAN", component="prosedur", conduct="tidak_sopan", channel="lisan",
          occurred_at=june.replace(day=10))
    _case(app, registry, kota, code="BIAYASOP11", component="biaya", conduct="tidak_sesuai_sop", channel="lisan",
          occurred_at=june.replace(day=30, hour=23))
    _case(app, registry, kota, code="BELUMPUTUS", component="biaya", channel="tertulis", occurred_at=june, decided=False)
    _case(app, registry, kota, code="MEIPERSYAR", component="persyaratan", conduct="tidak_sesuai_sop",
          channel="tertulis", occurred_at=datetime(2024, 5, 31, 23, tzinfo=WIB))
    return kota


def _replay(client, user, slug="kota-bekasi", **query):
    return client.get(f"/api/v1/tenants/{slug}/replay", headers=auth(user), query_string=query)


def test_june_under_belitung_in_totals_and_per_case(client, past_cases, make_user):
    """Kota Bekasi grades (E.2) and gives one apology (C.1); Belitung grades nothing and owes an
    apology and an explanation for any component (Lampiran angka 5), teguran or pembinaan (angka 6)."""
    head = make_user("pimpinan", past_cases)
    response = _replay(client, head, period="2024-06", decree="kab_belitung_2023")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    totals = body["totals"]
    assert (totals["cases"], totals["changed"], totals["not_judged"], totals["undecided"]) == (3, 3, 0, 1)
    assert totals["changed_by_aspect"] == {"applies": 0, "category": 3, "compensations": 3, "sanctions": 3,
                                           "deadlines": 1}
    assert totals["categories"] == {"before": {"berat": 1, "ringan": 1, "sedang": 1}, "after": {"-": 3}}
    assert totals["compensations"] == {"before": {"maaf_lisan": 1, "maaf_tertulis": 2},
                                       "after": {"maaf_lisan": 2, "maaf_tertulis": 1, "penjelasan_klarifikasi": 3}}
    assert totals["sanctions"] == {"before": {"proses_disiplin": 1}, "after": {"pembinaan": 3, "teguran": 3}}
    assert totals["deadlines"] == {"before": 1, "after": 0}  # C.2 angka 1): the ringan apology is due on the spot
    by_code = {c["tracking_code"]: c for c in body["cases"]}
    assert set(by_code) == {"KEKERASAN1", "TIDAKSOPAN", "BIAYASOP11"}
    assert by_code["BIAYASOP11"]["changed"] == ["category", "compensations", "sanctions", "deadlines"]
    assert by_code["KEKERASAN1"]["before"]["sanctions"]["required"] == ["proses_disiplin"]
    assert by_code["KEKERASAN1"]["after"]["sanctions"]["choose_one_of"] == ["teguran", "pembinaan"]
    assert "SECRET" not in response.get_data(as_text=True)


def test_a_quarter_and_a_year_take_the_may_case_too(client, past_cases, make_user):
    head = make_user("pimpinan", past_cases)
    for period, count in (("2024-Q2", 4), ("2024", 4), ("2024-05", 1), ("2024-Q3", 0), ("2023", 0)):
        totals = _replay(client, head, period=period, decree="kab_belitung_2023").get_json()["totals"]
        assert totals["cases"] == count, period


def test_under_lampung_deadlines_appear_and_a_component_falls_outside(client, past_cases, make_user):
    """Lampung: 2x24 jam after the complaint (angka 8) for each item; perilaku pelaksana is not
    among its components (angka 5)."""
    body = _replay(client, make_user("pimpinan", past_cases), period="2024-06", decree="prov_lampung_2024").get_json()
    assert body["totals"]["applies"] == {"before": {"yes": 3}, "after": {"no": 1, "yes": 2}}
    assert body["totals"]["deadlines"] == {"before": 1, "after": 5}
    changed = {c["tracking_code"]: c["changed"] for c in body["cases"]}
    assert "applies" in changed["KEKERASAN1"] and "deadlines" in changed["TIDAKSOPAN"]


def test_a_province_admin_sees_totals_and_case_codes_only(client, past_cases, jabar):
    body = _replay(client, jabar, period="2024-06", decree="kab_belitung_2023").get_json()
    assert body["totals"]["changed"] == 3
    assert {c["tracking_code"] for c in body["cases"]} == {"KEKERASAN1", "TIDAKSOPAN", "BIAYASOP11"}
    assert all(c["before"] is None and c["after"] is None for c in body["cases"])


def test_a_draft_decree_is_a_replay_target_and_an_unbound_one_is_not(app, client, past_cases, make_user, fiktif):
    from tests.decree_fixture import INFO, FictionalDecree

    head = make_user("pimpinan", past_cases)
    refused = _replay(client, head, period="2024-06", decree="fiktif_2020")  # installed, bound to no agency, no draft
    assert refused.status_code == 422 and "decree" in refused.get_json()["error"]["fields"]
    app.extensions["decrees"].register(FictionalDecree(replace(INFO, plugin="draf_2030", draft=True,
                                                               effective_from=INFO.effective_from.replace(year=2030))),
                                       "draf_2030")
    body = _replay(client, head, period="2024-06", decree="draf_2030").get_json()
    assert body["decree"]["draft"] is True  # judged as if in force, though it starts in 2030
    assert body["totals"]["applies"]["after"] == {"yes": 3}
    assert body["totals"]["compensations"]["after"] == {"maaf_lisan": 3}


def test_replay_bad_input(client, past_cases, agencies, jabar, make_user):
    head = make_user("pimpinan", past_cases)
    for period in ("2024-6", "2024-13", "2024-Q5", "2024q2", "juni", "1969", "2024-06-01", ""):
        response = _replay(client, head, period=period, decree="kab_belitung_2023")
        assert response.status_code == 422 and "period" in response.get_json()["error"]["fields"], period
    missing = client.get("/api/v1/tenants/kota-bekasi/replay?decree=kab_belitung_2023", headers=auth(head))
    assert missing.status_code == 422 and "period" in missing.get_json()["error"]["fields"]
    unknown = _replay(client, head, period="2024-06", decree="tidak_ada")
    assert unknown.status_code == 422 and "decree" in unknown.get_json()["error"]["fields"]
    lampung_admin = make_user("admin_provinsi", province_code="18", email="prov18@test.id")
    assert _replay(client, lampung_admin, period="2024-06", decree="kab_belitung_2023").status_code == 404
    other_head = make_user("pimpinan", agencies["kab-bekasi"])
    assert _replay(client, other_head, period="2024-06", decree="kab_belitung_2023").status_code == 404
    petugas = make_user("petugas", past_cases)
    assert _replay(client, petugas, period="2024-06", decree="kab_belitung_2023").status_code == 403


def test_the_replay_page(client, past_cases, make_user):
    from tests.test_web_decisions import _login

    head = make_user("pimpinan", past_cases, email="kepala@kota.id")
    _login(client, head.email)
    page = client.get("/t/kota-bekasi/andaikan?periode=2024-06&keputusan=kab_belitung_2023")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-code="BIAYASOP11"' in text and 'data-total="changed">3<' in text
    bad = client.get("/t/kota-bekasi/andaikan?periode=2024-13&keputusan=kab_belitung_2023")
    assert bad.status_code == 422 and "a month is 01 to 12" in bad.get_data(as_text=True)
    csv = client.get("/t/kota-bekasi/andaikan?periode=2024-06&keputusan=kab_belitung_2023&format=csv")
    assert csv.mimetype == "text/csv" and "BIAYASOP11" in csv.get_data(as_text=True)


@pytest.fixture
def draft(app):
    from tests.decree_fixture import INFO, FictionalDecree

    plugin = FictionalDecree(replace(INFO, plugin="draf_2030", draft=True))
    app.extensions["decrees"].register(plugin, "draf_2030")
    return plugin


def test_a_draft_decree_is_never_bound_nor_compared(app, tmp_path, draft, make_tenant, make_user):
    from core.agency.tenant_files import TenantFileError, read_file

    text = (ROOT / "tenants" / "kota-bekasi.toml").read_text().replace('plugin = "kota_bekasi_2023"', 'plugin = "draf_2030"')
    path = tmp_path / "kota-bekasi.toml"
    path.write_text(text)
    with pytest.raises(TenantFileError) as refused:
        read_file(path, app.extensions["decrees"])
    assert "draft" in refused.value.field_errors["decrees.0.plugin"][0]
    head = make_user("pimpinan", make_tenant("kota-uji", plugin="kota_bekasi_2023"))
    body = app.test_client().post("/api/v1/decisions/side-by-side", headers=auth(head), json=VIOLENCE).get_json()
    assert "draf_2030" not in {c["decree"]["plugin"] for c in body["columns"]}
    assert len(body["columns"]) == 4
    compared = app.test_client().post("/api/v1/decisions/compare", headers=auth(head), json=VIOLENCE).get_json()
    assert "draf_2030" not in {answer["decree"]["plugin"] for answer in compared}


def test_each_decree_lists_the_situations_its_tables_tell_apart(app):
    """kompensasi_situations: Kota Bekasi one written complaint per lateness band of Lampiran E.2,
    Belitung Diktum KETIGA (a request unfinished after berkas lengkap, then held up by each
    gangguan); Lampung and Kabupaten Bekasi none. A plugin answering anything else is refused."""
    from core.decrees import hookimpl
    from core.decrees.registry import PluginError
    from tests.decree_fixture import INFO, FictionalDecree

    registry = app.extensions["decrees"]
    moment = datetime(2024, 6, 5, 9, tzinfo=WIB)
    kota = registry.situations("kota_bekasi_2023", moment)
    assert [s.basis for s in kota] == [row["citation"] for row in tables("kota_bekasi_2023")["lateness"]]
    assert [s.facts.lateness_days for s in kota] == [1.0, 5.0, 6.0]
    belitung = registry.situations("kab_belitung_2023", moment)
    assert [s.facts.disruption for s in belitung] == [None, "jaringan", "sarana_prasarana"]
    assert all(s.facts.channel is None and s.basis == "Diktum KETIGA" for s in belitung)
    assert registry.situations("prov_lampung_2024", moment) == registry.situations("kab_bekasi_2023", moment) == []

    class Careless(FictionalDecree):
        @hookimpl
        def kompensasi_situations(self, moment):
            return [{"label": "not a Situation"}]

    registry.register(Careless(replace(INFO, plugin="ceroboh_2020")), "ceroboh_2020")
    with pytest.raises(PluginError):
        registry.situations("ceroboh_2020", moment)


def test_batches_of_any_size_give_the_same_replay(app, past_cases):
    """Cases are read in batches (keyset on received_at, id): one at a time gives what 500 do."""
    from core.province.replay import replay
    from core.models.scope import tenant_scope
    from core.timekeeping.periods import parse_period

    registry = app.extensions["decrees"]
    with app.app_context(), tenant_scope(past_cases.id):
        whole = replay(registry, past_cases, parse_period("2024-Q2"), "kab_belitung_2023")
        for size in (1, 2, 3):
            assert replay(registry, past_cases, parse_period("2024-Q2"), "kab_belitung_2023", batch_size=size) == whole
    assert whole["totals"]["cases"] == 4


def test_the_comparison_as_a_table_for_export(app, agencies):
    from core.decrees.facts import load_facts
    from core.province.side_by_side import Column, side_by_side, side_by_side_table

    with app.app_context():
        columns = [Column(agencies[slug].name, tenant=agencies[slug]) for slug in ("kota-bekasi", "kab-belitung")]
        table = side_by_side(app.extensions["decrees"], load_facts(VIOLENCE), columns)
        header, rows = side_by_side_table(table)
    assert header[0] == "pertanyaan" and "460/Kep.15.a/Dinsos/I/2023" in header[1]
    sanction = next(row for row in rows if row[0] == "sanction")
    assert sanction[1].startswith("proses_disiplin") and "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in sanction[1]
    assert sanction[2].startswith("teguran / pembinaan")
