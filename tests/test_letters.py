"""Letters (issue 11, part 5): the written apology and the notice of non-conformance as PDFs on
the agency's letterhead from ``tenants/*.toml``, numbered per tenant and year, citing the clause
of the compensation the case's decision in force owes; nothing is issued for what it does not owe."""

from __future__ import annotations

import io
import threading
import time
from datetime import datetime, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pypdf
import pytest
from sqlalchemy import select

from core.case_files import letters
from core.platform.db import Session
from core.platform.filestore import FileStore
from core.platform.lookup import by_id
from core.agency.letter_numbers import NumberFormatError, check_format, format_number, next_sequence
from core.models import Complaint, CompensationGiven, Letter, LetterCounter, Tenant
from core.models.scope import all_tenants, tenant_scope
from tests.conftest import auth, decide_case

API = "/api/v1/tenants"
STAFF: dict[str, dict] = {}  # the agencies fixture's staff, by slug
THIS_YEAR = datetime.now(ZoneInfo("Asia/Jakarta")).year


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def agencies(app, runner, make_user):
    """The repository's tenant files, loaded; a petugas and a pimpinan at Belitung and Kota Bekasi."""
    result = runner.invoke(args=["tenants", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context(), all_tenants("test: the synced tenants"):
        tenants = {t.slug: SimpleNamespace(id=t.id, slug=t.slug, timezone=t.timezone) for t in Session.scalars(select(Tenant))}
    staff = {}
    for slug in ("kab-belitung", "kota-bekasi"):
        staff[slug] = {role: make_user(role, tenants[slug]) for role in ("petugas", "pimpinan", "admin_dinas")}
    STAFF.clear()
    STAFF.update(staff)
    return SimpleNamespace(tenants=tenants, staff=staff)


def file_complaint(client, user, slug, **fields):
    body = {"channel": "tertulis", "component": "persyaratan", "description": "Persyaratan ditambah di loket",
            "occurred_at": "2024-03-05T10:00:00+07:00", "complainant_name": "Siti Aminah",
            "complainant_contact": "0812-1111-2222", **fields}
    response = client.post(f"{API}/{slug}/complaints", headers=auth(user), json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def decide(client, user, slug, complaint):
    """The case through the workflow to the head's decision (``user``'s agency's officer and head)."""
    staff = STAFF[slug]
    return decide_case(client, staff["petugas"], staff["pimpinan"], slug, complaint["id"])


def issue(client, user, slug, complaint, kind):
    return client.post(f"{API}/{slug}/complaints/{complaint['id']}/letters", headers=auth(user), json={"kind": kind})


def download(client, user, slug, complaint, letter):
    return client.get(f"{API}/{slug}/complaints/{complaint['id']}/letters/{letter['id']}/download", headers=auth(user))


def late_request_complaint(client, staff, slug="kab-belitung"):
    """A request finished 48 hours and 1 minute after berkas lengkap, complained of in writing:
    Belitung's Diktum KETIGA owes a written apology and a notice of the non-conformance."""
    admin = staff[slug]["admin_dinas"]
    st = client.post(f"{API}/{slug}/service-types", headers=auth(admin),
                     json={"code": "rujukan", "name": "Layanan rujukan", "time_norm": "2 hari kerja"})
    assert st.status_code == 201, st.get_json()
    rq = client.post(f"{API}/{slug}/service-requests", headers=auth(admin), json={
        "service": "rujukan", "reference": "RJ-1", "applicant_name": "Budi Santoso",
        "received_at": "2024-03-04T09:00:00+07:00", "documents_complete_at": "2024-03-05T10:00:00+07:00",
        "completed_at": "2024-03-07T10:01:00+07:00"})
    assert rq.status_code == 201, rq.get_json()
    return file_complaint(client, staff[slug]["petugas"], slug, component="jangka_waktu", complainant_name="Budi Santoso",
                          occurred_at="2024-03-08T10:00:00+07:00", service_request_id=rq.get_json()["id"])


def test_the_written_apology_carries_letterhead_number_complainant_and_clause(client, agencies):
    petugas, pimpinan = agencies.staff["kab-belitung"]["petugas"], agencies.staff["kab-belitung"]["pimpinan"]
    complaint = file_complaint(client, petugas, "kab-belitung")
    decision = decide(client, pimpinan, "kab-belitung", complaint)
    owed = {item["code"]: item for item in decision["compensations"]}
    assert "maaf_tertulis" in owed, decision  # Lampiran angka 5 huruf a: a written complaint, a written apology

    response = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis")
    assert response.status_code == 201, response.get_json()
    letter = response.get_json()
    assert letter["number"] == f"188.4/0001/KOMP/DSPPPA/{THIS_YEAR}"
    assert (letter["year"], letter["sequence"], letter["kind"]) == (THIS_YEAR, 1, "maaf_tertulis")
    assert letter["citation"] == owed["maaf_tertulis"]["citation"]

    pdf = download(client, petugas, "kab-belitung", complaint, letter)
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in pdf.headers["Content-Security-Policy"]
    text = pdf_text(pdf.data)
    for expected in ("PEMERINTAH KABUPATEN BELITUNG", "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
                     "Jalan Jend. A. Yani No. 100 Tanjungpandan", letter["number"], "Siti Aminah",
                     "188.4/062/KEP/DSPPPA/2023", owed["maaf_tertulis"]["citation"], complaint["tracking_code"],
                     "Permohonan Maaf", "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Belitung"):
        assert expected in text, (expected, text)

    listed = client.get(f"{API}/kab-belitung/complaints/{complaint['id']}/letters", headers=auth(petugas)).get_json()
    assert [item["number"] for item in listed] == [letter["number"]]


def test_the_notice_of_non_conformance_cites_diktum_ketiga(client, agencies):
    complaint = late_request_complaint(client, agencies.staff)
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    decision = decide(client, pimpinan, "kab-belitung", complaint)
    owed = {item["code"]: item for item in decision["compensations"]}
    assert {"maaf_tertulis", "pemberitahuan_ketidaksesuaian"} <= set(owed), decision
    notice = issue(client, pimpinan, "kab-belitung", complaint, "pemberitahuan_ketidaksesuaian")
    assert notice.status_code == 201, notice.get_json()
    apology = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis").get_json()
    assert (notice.get_json()["sequence"], apology["sequence"]) == (1, 2)
    text = pdf_text(download(client, pimpinan, "kab-belitung", complaint, notice.get_json()).data)
    assert "Pemberitahuan atas Ketidaksesuaian Pelayanan" in text
    assert owed["pemberitahuan_ketidaksesuaian"]["citation"] in text and "KETIGA" in text
    assert "Layanan rujukan" in text and "Budi Santoso" in text


def test_an_anonymous_complainant_is_masked_in_the_letter(client, agencies):
    pimpinan = agencies.staff["kota-bekasi"]["pimpinan"]
    complaint = file_complaint(client, agencies.staff["kota-bekasi"]["petugas"], "kota-bekasi", anonymous=True,
                               component="perilaku_pelaksana", conduct="tidak_sopan", complainant_name="Rahasia Sekali")
    decision = decide(client, pimpinan, "kota-bekasi", complaint)
    kind = next(item["code"] for item in decision["compensations"] if item["code"] in letters.KINDS)
    letter = issue(client, pimpinan, "kota-bekasi", complaint, kind).get_json()
    text = pdf_text(download(client, pimpinan, "kota-bekasi", complaint, letter).data)
    assert "Rahasia Sekali" not in text
    assert "(disamarkan)" in text
    assert "PEMERINTAH KOTA BEKASI" in text and letter["number"] == f"800/0001/KOMP/Dinsos/{THIS_YEAR}"


def test_a_letter_the_decision_does_not_owe_is_a_409_naming_why(client, agencies):
    petugas, pimpinan = agencies.staff["kab-belitung"]["petugas"], agencies.staff["kab-belitung"]["pimpinan"]
    complaint = file_complaint(client, petugas, "kab-belitung")

    undecided = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis")
    assert undecided.status_code == 409
    assert undecided.get_json()["error"]["code"] == "no_decision" and "no decision" in undecided.get_json()["error"]["message"]

    decide(client, pimpinan, "kab-belitung", complaint)  # a written complaint about requirements: no notice owed
    refused = issue(client, pimpinan, "kab-belitung", complaint, "pemberitahuan_ketidaksesuaian")
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "not_owed" and "does not owe pemberitahuan_ketidaksesuaian" in error["message"]
    assert "maaf_tertulis" in error["message"] and "kind" in error["fields"]

    assert issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis").status_code == 201
    again = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_issued"
    assert f"188.4/0001/KOMP/DSPPPA/{THIS_YEAR}" in again.get_json()["error"]["message"]


@pytest.mark.parametrize("body, status, field", [
    ({"kind": "maaf_lisan"}, 422, "kind"),  # an oral apology is not a letter
    ({"kind": "surat_cinta"}, 422, "kind"),
    ({}, 422, "kind"),
    ({"kind": "maaf_tertulis", "extra": 1}, 422, "extra"),
    ({"kind": "maaf_tertulis\x00"}, 422, "kind"),
])
def test_bad_letter_requests_name_the_field(client, agencies, body, status, field):
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    complaint = file_complaint(client, agencies.staff["kab-belitung"]["petugas"], "kab-belitung")
    response = client.post(f"{API}/kab-belitung/complaints/{complaint['id']}/letters", headers=auth(pimpinan), json=body)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]


def test_letters_are_the_agency_staffs_own(client, agencies, make_user):
    petugas = agencies.staff["kab-belitung"]["petugas"]
    complaint = file_complaint(client, petugas, "kab-belitung")
    decide(client, petugas, "kab-belitung", complaint)
    letter = issue(client, petugas, "kab-belitung", complaint, "maaf_tertulis").get_json()
    case = f"{API}/kab-belitung/complaints/{complaint['id']}/letters"
    foreign = agencies.staff["kota-bekasi"]["pimpinan"]
    assert client.get(case, headers=auth(foreign)).status_code == 404
    assert download(client, foreign, "kab-belitung", complaint, letter).status_code == 404
    assert issue(client, foreign, "kab-belitung", complaint, "maaf_tertulis").status_code == 404
    assert issue(client, agencies.staff["kab-belitung"]["admin_dinas"], "kab-belitung", complaint, "maaf_tertulis").status_code == 403
    province = make_user("admin_provinsi", province_code="19")
    assert client.get(case, headers=auth(province)).status_code == 403
    other = file_complaint(client, petugas, "kab-belitung")
    assert download(client, petugas, "kab-belitung", other, letter).status_code == 404, "a letter of another case"
    assert client.get(f"{case}/not-a-uuid/download", headers=auth(petugas)).status_code == 404
    assert client.post(case, headers=auth(petugas), data="kind=maaf_tertulis").status_code == 400


def test_numbers_run_per_tenant_and_per_year(app, client, agencies):
    belitung, bekasi = agencies.tenants["kab-belitung"], agencies.tenants["kota-bekasi"]
    with app.app_context():
        with tenant_scope(belitung.id):
            taken = [next_sequence(belitung.id, 2030) for _ in range(3)] + [next_sequence(belitung.id, 2031)]
            Session.commit()
        with tenant_scope(bekasi.id):
            taken.append(next_sequence(bekasi.id, 2030))
            Session.commit()
    assert taken == [1, 2, 3, 1, 1]


def test_a_new_year_starts_at_one_in_the_agencys_own_time_zone(app, client, agencies):
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    first = file_complaint(client, pimpinan, "kab-belitung")
    second = file_complaint(client, pimpinan, "kab-belitung")
    for complaint in (first, second):
        decide(client, pimpinan, "kab-belitung", complaint)
    tenant_id = agencies.tenants["kab-belitung"].id
    store = FileStore(app.config["EVIDENCE_DIR"])
    with app.app_context(), tenant_scope(tenant_id):
        tenant = Session.get(Tenant, tenant_id)
        # 31 December 2030, 17:30 UTC is already 1 January 2031 in Tanjungpandan (WIB, UTC+7)
        new_year = letters.issue(store, tenant, by_id(Complaint, first["id"]), "maaf_tertulis",
                                 now=datetime(2030, 12, 31, 17, 30, tzinfo=timezone.utc))
        old_year = letters.issue(store, tenant, by_id(Complaint, second["id"]), "maaf_tertulis",
                                 now=datetime(2030, 12, 31, 16, 59, tzinfo=timezone.utc))
        Session.commit()
        assert (new_year.number, old_year.number) == ("188.4/0001/KOMP/DSPPPA/2031", "188.4/0001/KOMP/DSPPPA/2030")


@pytest.mark.parametrize("workers", [6])
def test_concurrent_workers_never_share_a_number(app, agencies, workers):
    """Several workers (threads, each with its own connection and transaction) take numbers at
    once, each holding its transaction open a moment: every number is taken exactly once."""
    tenant_id = agencies.tenants["kota-bekasi"].id
    per_worker, taken, failures = 4, [], []
    start = threading.Barrier(workers)

    def work():
        try:
            with app.app_context():
                start.wait()
                for _ in range(per_worker):
                    with tenant_scope(tenant_id):
                        number = next_sequence(tenant_id, 2040)
                        time.sleep(0.005)  # the letter is rendered while the number is held
                        Session.commit()
                    taken.append(number)
                Session.remove()
        except Exception as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    assert sorted(taken) == list(range(1, workers * per_worker + 1))
    with app.app_context(), tenant_scope(tenant_id):
        counter = Session.scalar(select(LetterCounter).where(LetterCounter.year == 2040))
        assert counter.last_sequence == workers * per_worker


def test_a_failed_letter_gives_its_number_back(app, agencies, monkeypatch, client):
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    complaint = file_complaint(client, pimpinan, "kab-belitung")
    decide(client, pimpinan, "kab-belitung", complaint)

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(letters, "render_pdf", broken)
    failed = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis")
    assert failed.status_code == 503 and failed.get_json()["error"]["code"] == "letter_not_rendered"
    monkeypatch.undo()
    letter = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis").get_json()
    assert letter["sequence"] == 1


def test_the_letter_is_linked_to_the_compensation_item_it_gives(app, client, agencies):
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    complaint = file_complaint(client, pimpinan, "kab-belitung")
    decide(client, pimpinan, "kab-belitung", complaint)
    tenant_id = agencies.tenants["kab-belitung"].id
    with app.app_context(), tenant_scope(tenant_id):
        item = CompensationGiven(tenant_id=tenant_id, complaint_id=by_id(Complaint, complaint["id"]).id,
                                 code="maaf_tertulis", citation="Lampiran angka 5 huruf a")
        Session.add(item)
        Session.commit()
        item_id = str(item.id)
    letter = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis").get_json()
    assert letter["compensation_id"] == item_id


@pytest.mark.parametrize("template, day, sequence, expected", [
    ("800/{seq:04d}/KOMP/{year}", (2026, 3, 1), 1, "800/0001/KOMP/2026"),
    ("{seq}/KOMP/{month_roman}/{year}", (2026, 11, 23), 12, "12/KOMP/XI/2026"),
    ("460/{seq:03d}/Dinsos/{month:02d}/{year}", (2026, 2, 3), 7, "460/007/Dinsos/02/2026"),
])
def test_number_formats(template, day, sequence, expected):
    from datetime import date

    assert format_number(check_format(template), sequence, date(*day)) == expected


@pytest.mark.parametrize("template", ["KOMP/{year}", "{seq.__class__}", "{seq[0]}", "{tenant}", "{seq", "{seq:zz}"])
def test_number_formats_that_are_refused(template):
    with pytest.raises(NumberFormatError):
        check_format(template)


def test_letters_are_stored_by_hash_outside_the_database(app, client, agencies):
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    complaint = file_complaint(client, pimpinan, "kab-belitung")
    decide(client, pimpinan, "kab-belitung", complaint)
    letter = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis").get_json()
    stored = FileStore(app.config["EVIDENCE_DIR"]).path_of(letter["sha256"])
    assert stored.is_file() and stored.read_bytes() == download(client, pimpinan, "kab-belitung", complaint, letter).data
    with app.app_context(), all_tenants("test"):
        assert Session.scalar(select(Letter.size_bytes)) == stored.stat().st_size


def test_a_rahasia_complainants_letter_is_for_those_handling_the_case(client, agencies, make_user):
    taker, pimpinan = agencies.staff["kab-belitung"]["petugas"], agencies.staff["kab-belitung"]["pimpinan"]
    colleague = make_user("petugas", agencies.tenants["kab-belitung"], email="petugas-lain@test.id")
    complaint = file_complaint(client, taker, "kab-belitung", confidential=True, complainant_name="Nama Dirahasiakan")
    decide(client, pimpinan, "kab-belitung", complaint)
    letter = issue(client, pimpinan, "kab-belitung", complaint, "maaf_tertulis").get_json()
    assert "Nama Dirahasiakan" in pdf_text(download(client, pimpinan, "kab-belitung", complaint, letter).data)
    assert download(client, taker, "kab-belitung", complaint, letter).status_code == 200
    refused = download(client, colleague, "kab-belitung", complaint, letter)
    assert refused.status_code == 403 and "rahasia" in refused.get_json()["error"]["message"]
    listed = client.get(f"{API}/kab-belitung/complaints/{complaint['id']}/letters", headers=auth(colleague))
    assert listed.status_code == 200 and "Nama Dirahasiakan" not in listed.get_data(as_text=True)


def test_letters_issued_at_once_by_several_workers_get_distinct_numbers(app, client, agencies):
    """The whole path, concurrently: each worker renders its letter while holding its number."""
    pimpinan = agencies.staff["kab-belitung"]["pimpinan"]
    complaints = [file_complaint(client, pimpinan, "kab-belitung") for _ in range(4)]
    for complaint in complaints:
        decide(client, pimpinan, "kab-belitung", complaint)
    answers, start = [], threading.Barrier(len(complaints))

    def work(complaint):
        worker = app.test_client()
        start.wait()
        answers.append(issue(worker, pimpinan, "kab-belitung", complaint, "maaf_tertulis"))

    threads = [threading.Thread(target=work, args=(complaint,)) for complaint in complaints]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert [answer.status_code for answer in answers] == [201] * len(complaints), [a.get_json() for a in answers]
    assert sorted(answer.get_json()["sequence"] for answer in answers) == [1, 2, 3, 4]
    for answer in answers:
        letter = answer.get_json()
        complaint = next(c for c in complaints if c["id"] == letter["complaint_id"])
        assert letter["number"] in pdf_text(download(client, pimpinan, "kab-belitung", complaint, letter).data)
