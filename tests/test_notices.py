"""The citizen's say wired into the workflow, Kota Bekasi's claim rules, and notices (issue #11
parts 6, 7, 9; docs/notices.md): a keberatan reopens the case; a sanction is proposed, answered by
the officer, then recorded; a time complaint filed during keadaan kahar is held until it ends
(Kota Bekasi, Lampiran C.2 angka 3)); an oral ringan claim is apologised on the spot (angka 1));
the complainant is told of each decision (e-mail when configured, else on the case); staff read
their inbox."""

from __future__ import annotations

import re
import socket
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from core.platform.db import Session
from tests.conftest import auth

COMPLAINT = {
    "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
    "description": "Petugas membentak saya", "occurred_at": "2024-03-05T10:00:00+07:00",
    "complainant_name": "Siti Aminah", "complainant_contact": "siti@example.id",
}
BASE = "/api/v1/tenants/dinas-a"


@pytest.fixture
def dinas(make_tenant, make_user, fiktif):
    tenant = make_tenant("dinas-a", plugin="fiktif_2020")
    return {"tenant": tenant, "petugas": make_user("petugas", tenant), "pimpinan": make_user("pimpinan", tenant),
            "admin_dinas": make_user("admin_dinas", tenant),
            "petugas2": make_user("petugas", tenant, email="petugas2@dinas-a.id")}


class Case:
    """A complaint of ``dinas`` moved through the workflow by its API."""

    def __init__(self, client, dinas, body=None):
        self.client, self.dinas = client, dinas
        made = client.post(f"{BASE}/complaints", headers=auth(dinas["petugas"]), json=body or COMPLAINT)
        assert made.status_code == 201, made.get_json()
        self.id, self.code = made.get_json()["id"], made.get_json()["tracking_code"]
        self.url = f"{BASE}/complaints/{self.id}"

    def get(self) -> dict:
        return self.client.get(self.url, headers=auth(self.dinas["pimpinan"])).get_json()

    def move(self, role: str, to: str, **body):
        moved = self.client.post(f"{self.url}/transitions", json={"to": to, **body},
                                 headers={**auth(self.dinas[role]), "If-Match": str(self.get()["version"])})
        return moved

    def decide(self, **body):
        return self.client.post(f"{self.url}/decision", json=body,
                                headers={**auth(self.dinas["pimpinan"]), "If-Match": str(self.get()["version"])})

    def to_assessment(self) -> Case:
        assert self.move("petugas", "verified").status_code == 200
        assert self.move("petugas", "under_assessment").status_code == 200
        return self

    def upheld(self, sanction: str | None = "teguran") -> Case:
        self.to_assessment()
        body = {"override": {"sanction": sanction}, "override_reason": "membentak pengguna"} if sanction else {}
        assert self.decide(**body).status_code == 201
        moved = self.move("pimpinan", "upheld", maladministration="tidak_patut")
        assert moved.status_code == 200, moved.get_json()
        return self

    def rejected(self) -> Case:
        self.to_assessment()
        moved = self.move("pimpinan", "rejected", reason="tidak terbukti setelah klarifikasi")
        assert moved.status_code == 200, moved.get_json()
        return self


def _error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()["error"]


def _object(client, slug: str, code: str, reason: str = "Saya tidak setuju, ada saksi di loket"):
    return client.post(f"/api/v1/public/{slug}/complaints/{code}/objection", json={"reason": reason})


# -- part 6: keberatan reopens the case ------------------------------------------------------------


def test_a_keberatan_to_a_rejection_reopens_the_case_through_the_state_machine_for_the_head(app, client, dinas):
    case = Case(client, dinas).rejected()
    assert _object(client, "dinas-a", case.code).status_code == 204
    shown = case.get()
    assert (shown["status"], shown["reopen_requested"]) == ("reopened", True)
    assert shown["status_reason"] == "Saya tidak setuju, ada saksi di loket", "the objection is attached to the case"
    trail = client.get(f"{case.url}/audit", headers=auth(dinas["pimpinan"])).get_json()
    step = [e for e in trail if e["action"] == "update" and (e["after"] or {}).get("status") == "reopened"]
    assert len(step) == 1 and step[0]["before"]["status"] == "rejected" and step[0]["actor_id"] is None
    head = auth(dinas["pimpinan"])
    listed = client.get(f"{BASE}/worklists/objections", headers=head).get_json()
    assert [(c["id"], c["status_reason"]) for c in listed] == [(case.id, "Saya tidak setuju, ada saksi di loket")]
    assert client.get(f"{BASE}/worklists", headers=head).get_json()["lists"]["objections"] == 1
    inbox = client.get(f"{BASE}/notifications", headers=head).get_json()
    assert [n["kind"] for n in inbox] == ["objection"] and "ada saksi di loket" in inbox[0]["message"]
    _error(client.get(f"{BASE}/worklists/objections", headers=auth(dinas["petugas"])), 403)
    # the head looks again: back under assessment (the objection no longer pending), then decides
    assert case.move("pimpinan", "under_assessment").status_code == 200
    assert case.get()["reopen_requested"] is False
    assert client.get(f"{BASE}/worklists/objections", headers=head).get_json() == []


def test_the_head_may_keep_the_outcome_with_a_reason_and_a_second_keberatan_is_refused(app, client, dinas):
    case = Case(client, dinas).rejected()
    assert _object(client, "dinas-a", case.code).status_code == 204
    pending = _error(_object(client, "dinas-a", case.code, "Sekali lagi saya keberatan"), 409)
    assert pending["code"] == "objection_pending" and "reason" in pending["fields"]
    assert "reason" in _error(case.move("pimpinan", "closed"), 422)["fields"], "keeping the outcome needs a reason"
    assert case.move("pimpinan", "closed", reason="keterangan saksi tidak menguatkan").status_code == 200
    again = _error(_object(client, "dinas-a", case.code, "Saya tetap keberatan atas penutupan"), 409)
    assert again["code"] == "objected_already" and "Ombudsman" in again["fields"]["reason"][0]
    assert case.get()["status"] == "closed"


def test_a_keberatan_to_a_closed_upheld_case_reopens_it_and_upholding_again_owes_nothing_twice(app, client, dinas):
    case = Case(client, dinas).upheld(sanction=None)
    petugas = auth(dinas["petugas"])
    items = client.get(f"{case.url}/compensations", headers=petugas).get_json()
    for item in items:
        assert client.post(f"{case.url}/compensations/{item['id']}/given", headers=petugas,
                           json={"evidence": "Surat 1"}).status_code == 200
    assert case.move("pimpinan", "closed").status_code == 200
    assert _object(client, "dinas-a", case.code, "Permohonan maaf tidak pernah saya terima").status_code == 204
    assert case.move("pimpinan", "under_assessment").status_code == 200
    _error(case.decide(), 422)  # deciding again needs a reason
    assert case.decide(reason="keberatan pengadu").status_code == 201
    assert case.move("pimpinan", "upheld", maladministration="tidak_patut").status_code == 200
    again = client.get(f"{case.url}/compensations", headers=petugas).get_json()
    assert [i["id"] for i in again] == [i["id"] for i in items], "what was owed and given is not owed twice"


@pytest.mark.parametrize("status", ["received", "verified", "under_assessment", "upheld"])
def test_only_a_rejection_or_a_closure_can_be_objected_to(app, client, dinas, status):
    from core.models import Complaint
    from core.models.scope import tenant_scope

    case = Case(client, dinas)
    with app.app_context(), tenant_scope(dinas["tenant"].id):
        Session.scalar(select(Complaint).where(Complaint.id == uuid.UUID(case.id))).status = status
        Session.commit()
    assert _error(_object(client, "dinas-a", case.code), 409)["code"] == "nothing_to_object_to"
    assert case.get()["status"] == status


def test_a_keberatan_names_its_bad_input_and_another_agencys_code_is_not_found(app, client, dinas, make_tenant):
    case = Case(client, dinas).rejected()
    url = f"/api/v1/public/dinas-a/complaints/{case.code}/objection"
    assert "reason" in _error(client.post(url, json={}), 422)["fields"]
    assert "reason" in _error(client.post(url, json={"reason": "x" * 5001}), 422)["fields"]
    assert "reason" in _error(client.post(url, json={"reason": 12}), 422)["fields"]
    assert "extra" in _error(client.post(url, json={"reason": "Saya keberatan sekali", "extra": 1}), 422)["fields"]
    assert client.post(url, data="bukan json", headers={"Content-Type": "application/json"}).status_code == 400
    make_tenant("dinas-b", plugin="fiktif_2020")
    assert _object(client, "dinas-b", case.code).status_code == 404
    assert case.get()["status"] == "rejected", "nothing changed"


@pytest.mark.parametrize("role", ["petugas", "pimpinan", "admin_dinas"])
def test_staff_cannot_take_the_complainants_or_the_platforms_steps(app, client, dinas, role):
    case = Case(client, dinas).rejected()
    refused = _error(case.move(role, "reopened", reason="dibuka sendiri"), 403)
    assert "complaint.object" in refused["message"]
    fresh = Case(client, dinas)
    assert "complaint.hold" in _error(fresh.move(role, "held_kahar"), 403)["message"]


def test_the_desk_step_is_not_taken_through_the_workflow_endpoint(app, client, dinas):
    case = Case(client, dinas)
    refused = _error(case.move("petugas", "closed"), 409)
    assert "desk form" in refused["message"] and case.get()["status"] == "received"
    steps = client.get(f"{case.url}/transitions", headers=auth(dinas["petugas"])).get_json()
    assert {s["to"] for s in steps} == {"verified", "tunda", "forwarded"}


# -- part 6: the officer answers a proposed sanction ------------------------------------------------


def test_the_officer_named_is_notified_of_a_proposed_sanction_and_answers_before_it_is_recorded(app, client, dinas):
    case = Case(client, dinas).upheld()
    head, officer = auth(dinas["pimpinan"]), auth(dinas["petugas"])
    body = {"officer_user_id": dinas["petugas"].id, "code": "teguran", "staff_category": "PNS"}
    proposed = client.post(f"{case.url}/sanction-proposals", headers=head, json=body)
    assert proposed.status_code == 201, proposed.get_json()
    proposal = proposed.get_json()
    assert proposal["officer_name"] == "petugas test" and proposal["answer"] is None
    inbox = client.get(f"{BASE}/notifications", headers=officer).get_json()
    assert [n["kind"] for n in inbox] == ["sanction_proposed"] and "Teguran" in inbox[0]["message"]
    assert client.get(f"{BASE}/notifications", headers=auth(dinas["petugas2"])).get_json() == [], "only the officer named"
    waiting = client.get(f"{BASE}/worklists/sanction-answers", headers=head).get_json()
    assert [p["id"] for p in waiting] == [proposal["id"]]
    record = {"officer_name": "petugas test", "code": "teguran", "staff_category": "PNS"}
    assert _error(client.post(f"{case.url}/sanctions", headers=head, json=record), 409)["code"] == "answer_awaited"
    answer_url = f"{case.url}/sanction-proposals/{proposal['id']}/answer"
    assert "answer" in _error(client.post(answer_url, headers=officer, json={}), 422)["fields"]
    assert "answer" in _error(client.post(answer_url, headers=officer, json={"answer": ""}), 422)["fields"]
    _error(client.post(answer_url, headers=auth(dinas["petugas2"]), json={"answer": "bukan saya"}), 403)
    _error(client.post(answer_url, headers=head, json={"answer": "saya jawab sendiri"}), 403)
    answered = client.post(answer_url, headers=officer, json={"answer": "Saya sedang menangani tiga loket sekaligus"})
    assert answered.status_code == 200 and answered.get_json()["answered_at"]
    _error(client.post(answer_url, headers=officer, json={"answer": "tambahan"}), 409)
    kinds = [n["kind"] for n in client.get(f"{BASE}/notifications", headers=head).get_json()]
    assert "sanction_answered" in kinds, "the head is told of the answer"
    trail = client.get(f"{case.url}/audit", headers=head).get_json()
    assert any(e["entity"] == "sanction_proposals" and (e["after"] or {}).get("answer") for e in trail), "audited"
    made = client.post(f"{case.url}/sanctions", headers=head, json=record)
    assert made.status_code == 201, made.get_json()
    listed = client.get(f"{case.url}/sanction-proposals", headers=head).get_json()
    assert listed[0]["sanction_id"] == made.get_json()["id"]
    _error(client.post(answer_url, headers=officer, json={"answer": "terlambat"}), 409)
    assert client.get(f"{BASE}/worklists/sanction-answers", headers=head).get_json() == []


def test_without_an_answer_the_head_records_once_the_waiting_period_has_run(app, client, dinas, monkeypatch):
    from core.casework import workflow

    case = Case(client, dinas).upheld()
    head = auth(dinas["pimpinan"])
    body = {"officer_user_id": dinas["petugas"].id, "code": "teguran", "staff_category": "PNS"}
    proposal = client.post(f"{case.url}/sanction-proposals", headers=head, json=body).get_json()
    due = datetime.fromisoformat(proposal["answer_due_at"])
    proposed = datetime.fromisoformat(proposal["proposed_at"])
    assert due - proposed == timedelta(days=app.config["SANCTION_ANSWER_DAYS"])
    record = {"officer_name": "petugas test", "code": "teguran", "staff_category": "PNS"}
    monkeypatch.setattr(workflow, "now", lambda *zone: due - timedelta(seconds=1))
    assert _error(client.post(f"{case.url}/sanctions", headers=head, json=record), 409)["code"] == "answer_awaited"
    monkeypatch.setattr(workflow, "now", lambda *zone: due)
    assert client.post(f"{case.url}/sanctions", headers=head, json=record).status_code == 201


def test_a_proposal_names_its_bad_input_and_its_refusals(app, client, dinas, make_tenant, make_user):
    case = Case(client, dinas)
    head = auth(dinas["pimpinan"])
    url = f"{case.url}/sanction-proposals"
    body = {"officer_name": "Budi", "code": "teguran", "staff_category": "PNS"}
    assert "upheld" in _error(client.post(url, headers=head, json=body), 409)["message"]
    case_upheld = Case(client, dinas).upheld()
    url = f"{case_upheld.url}/sanction-proposals"
    for field, value in (("code", "pecat"), ("staff_category", "kontrak"), ("officer_user_id", 0),
                         ("officer_user_id", "satu"), ("officer_name", ""), ("officer_name", "x" * 201)):
        assert field in _error(client.post(url, headers=head, json={**body, field: value}), 422)["fields"], field
    assert "officer_name" in _error(client.post(url, headers=head, json={"code": "teguran", "staff_category": "PNS"}),
                                    422)["fields"]
    other = make_tenant("dinas-b", plugin="fiktif_2020")
    stranger = make_user("petugas", other)
    foreign = _error(client.post(url, headers=head, json={**body, "officer_user_id": stranger.id}), 422)
    assert "officer_user_id" in foreign["fields"], "another agency's officer is no officer here"
    _error(client.post(url, headers=auth(dinas["petugas"]), json=body), 403)
    assert "override" in _error(client.post(url, headers=head, json={**body, "code": "pembinaan"}), 409)["message"]
    assert client.post(url, headers=head, json=body).status_code == 201
    assert "proposed already" in _error(client.post(url, headers=head, json=body), 409)["fields"]["code"]
    _error(client.post(f"{url}/{uuid.uuid4()}/answer", headers=head, json={"answer": "x"}), 404)
    _error(client.post(f"{url}/bukan-uuid/answer", headers=head, json={"answer": "x"}), 404)
    outsider = make_user("pimpinan", other)
    assert client.post(url.replace("dinas-a", "dinas-b"), headers=auth(outsider), json=body).status_code == 404
    assert client.get(url, headers=auth(outsider)).status_code == 404


# -- part 7: Kota Bekasi's claim rules -------------------------------------------------------------


@pytest.fixture
def bekasi(make_tenant, make_user):
    tenant = make_tenant("kota-bekasi", plugin="kota_bekasi_2023")
    return {"tenant": tenant, "petugas": make_user("petugas", tenant), "pimpinan": make_user("pimpinan", tenant),
            "admin_dinas": make_user("admin_dinas", tenant)}


def _declare_kahar(client, admin, slug: str, starts_at: datetime) -> str:
    made = client.post(f"/api/v1/tenants/{slug}/calendar/kahar", headers=auth(admin),
                       json={"starts_at": starts_at.isoformat(), "reason": "banjir"})
    assert made.status_code == 201, made.get_json()
    return made.get_json()["id"]


TIME_COMPLAINT = {"channel": "tertulis", "component": "jangka_waktu", "description": "Rujukan belum selesai",
                  "complainant_contact": "warga@example.id"}


def test_a_time_complaint_during_keadaan_kahar_is_held_until_it_ends_then_continues(app, client, bekasi):
    """Kota Bekasi, Lampiran C.2 angka 3): a claim during kahar is made once the state is declared over."""
    from core.jobs import scheduler

    now = datetime.now(timezone.utc)
    kahar = _declare_kahar(client, bekasi["admin_dinas"], "kota-bekasi", now - timedelta(days=1))
    officer = auth(bekasi["petugas"])
    url = "/api/v1/tenants/kota-bekasi/complaints"
    held = client.post(url, headers=officer, json={**TIME_COMPLAINT, "occurred_at": (now - timedelta(hours=2)).isoformat()})
    assert held.status_code == 201 and held.get_json()["status"] == "held_kahar"
    assert held.get_json()["status_reason"] == "Lampiran C.2 angka 3)"
    conduct = client.post(url, headers=officer, json={**TIME_COMPLAINT, "component": "perilaku_pelaksana",
                                                       "conduct": "tidak_sopan", "occurred_at": now.isoformat()})
    assert conduct.get_json()["status"] == "received", "only a complaint about the time of service waits"
    case_url = f"{url}/{held.get_json()['id']}"
    notices = client.get(f"{case_url}/notices", headers=officer).get_json()
    assert [n["channel"] for n in notices] == ["case"] and "keadaan kahar" in notices[0]["message"]
    assert scheduler.run_job(app, "kahar-release", now=now, tick=now) == ["0 complaint(s) held during keadaan kahar released"]
    ended = client.patch(f"/api/v1/tenants/kota-bekasi/calendar/kahar/{kahar}", headers=auth(bekasi["admin_dinas"]),
                         json={"ends_at": (now - timedelta(minutes=5)).isoformat()})
    assert ended.status_code == 200, ended.get_json()
    later = now + timedelta(minutes=5)
    assert scheduler.run_job(app, "kahar-release", now=later, tick=later) == [
        "1 complaint(s) held during keadaan kahar released"]
    again = later + timedelta(minutes=5)
    assert scheduler.run_job(app, "kahar-release", now=again, tick=again) == [
        "0 complaint(s) held during keadaan kahar released"], "idempotent"
    shown = client.get(case_url, headers=officer).get_json()
    assert shown["status"] == "received"
    trail = client.get(f"{case_url}/audit", headers=auth(bekasi["pimpinan"])).get_json()
    moves = [(e["before"]["status"], e["after"]["status"]) for e in trail
             if e["action"] == "update" and "status" in (e["after"] or {})]
    assert moves == [("received", "held_kahar"), ("held_kahar", "received")], "both steps audited"
    told = [n["subject"] for n in client.get(f"{case_url}/notices", headers=officer).get_json()]
    assert len(told) == 2 and "Dilanjutkan" in told[1]


def test_a_decree_without_the_rule_holds_nothing_during_kahar(app, client, dinas):
    now = datetime.now(timezone.utc)
    _declare_kahar(client, dinas["admin_dinas"], "dinas-a", now - timedelta(days=1))
    made = client.post(f"{BASE}/complaints", headers=auth(dinas["petugas"]),
                       json={**TIME_COMPLAINT, "occurred_at": now.isoformat()})
    assert made.get_json()["status"] == "received"


def test_a_citizens_time_complaint_filed_on_the_public_page_during_kahar_is_held(app, client, bekasi):
    now = datetime.now(timezone.utc)
    _declare_kahar(client, bekasi["admin_dinas"], "kota-bekasi", now - timedelta(days=1))
    admin = auth(bekasi["admin_dinas"])
    assert client.post("/api/v1/tenants/kota-bekasi/service-types", headers=admin, json={
        "code": "rujukan", "name": "Layanan rujukan", "time_norm": "3 hari kerja"}).status_code == 201
    filed = client.post("/api/v1/public/kota-bekasi/complaints", json={
        "complainant_name": "Ani", "complainant_address": "Jl. Melati 1", "complainant_nik": "3275010101900001", "complainant_contact": "ani@example.id",
        "service": "rujukan", "component": "jangka_waktu", "occurred_at": (now - timedelta(days=2)).isoformat(),
        "place": "Loket", "description": "Rujukan saya belum selesai", "loss_description": "Tertunda",
        "remedy_requested": "Segera diselesaikan"})
    assert filed.status_code == 201, filed.get_json()
    shown = client.get(f"/api/v1/public/kota-bekasi/complaints/{filed.get_json()['tracking_code']}").get_json()
    assert shown["status"] == "held_kahar"
    page = client.get(f"/p/kota-bekasi/lacak/{filed.get_json()['tracking_code']}").get_data(as_text=True)
    assert "Ditahan selama keadaan kahar" in page


WIB = timezone(timedelta(hours=7))
JUST_NOW = (datetime.now(WIB) - timedelta(minutes=10)).replace(second=0, microsecond=0)
ORAL = {"component": "perilaku_pelaksana", "conduct": "tidak_sesuai_sop", "description": "Antrean diserobot",
        "occurred_at": JUST_NOW.isoformat()}


def test_an_oral_ringan_claim_is_recorded_apologised_and_closed_in_one_action(app, client, bekasi):
    """Kota Bekasi, Lampiran C.2 angka 1): ringan is claimed orally; the officer apologises at once."""
    officer = auth(bekasi["petugas"])
    made = client.post("/api/v1/tenants/kota-bekasi/oral-claims", headers=officer, json=ORAL)
    assert made.status_code == 201, made.get_json()
    case = made.get_json()
    assert (case["status"], case["channel"], case["assessment"]) == ("closed", "lisan", "terbukti")
    case_url = f"/api/v1/tenants/kota-bekasi/complaints/{case['id']}"
    given = client.get(f"{case_url}/compensations", headers=officer).get_json()
    assert [(i["code"], i["given_by"]) for i in given] == [("maaf_lisan", bekasi["petugas"].id)]
    assert given[0]["given_at"] and "Lampiran C.2 angka 1)" in given[0]["evidence"]
    decisions = client.get(f"{case_url}/decisions", headers=officer).get_json()
    assert decisions[0]["decision"]["severity"] == "ringan"
    trail = client.get(f"{case_url}/audit", headers=auth(bekasi["pimpinan"])).get_json()
    moves = [(e["before"]["status"], e["after"]["status"], e["actor_id"]) for e in trail
             if e["action"] == "update" and "status" in (e["after"] or {})]
    assert moves == [("received", "closed", bekasi["petugas"].id)]


def test_an_oral_claim_the_decree_grades_heavier_is_refused_and_nothing_is_kept(app, client, bekasi):
    officer = auth(bekasi["petugas"])
    refused = _error(client.post("/api/v1/tenants/kota-bekasi/oral-claims", headers=officer,
                                 json={**ORAL, "conduct": "kekerasan_fisik"}), 409)
    assert refused["code"] == "not_an_oral_claim" and "berat" in refused["message"]
    assert client.get("/api/v1/tenants/kota-bekasi/complaints", headers=officer).get_json() == []


def test_an_oral_claim_only_where_the_decree_says_so_by_the_officer_with_good_input(app, client, bekasi, dinas):
    refused = _error(client.post(f"{BASE}/oral-claims", headers=auth(dinas["petugas"]), json=ORAL), 409)
    assert refused["code"] == "no_oral_claim"
    url = "/api/v1/tenants/kota-bekasi/oral-claims"
    _error(client.post(url, headers=auth(bekasi["pimpinan"]), json=ORAL), 403)
    officer = auth(bekasi["petugas"])
    for field, value in (("component", "rasa"), ("component", None), ("occurred_at", "kemarin"),
                         ("description", ""), ("conduct", "galak"), ("channel", "lisan")):
        body = {**ORAL, field: value}
        assert field in _error(client.post(url, headers=officer, json=body), 422)["fields"], field
    body = {k: v for k, v in ORAL.items() if k != "occurred_at"}
    assert "occurred_at" in _error(client.post(url, headers=officer, json=body), 422)["fields"]
    for moment in (JUST_NOW + timedelta(days=1), JUST_NOW - timedelta(days=40)):
        refused = _error(client.post(url, headers=officer, json={**ORAL, "occurred_at": moment.isoformat()}), 422)
        assert "occurred_at" in refused["fields"], "ahead, or long past: not a claim on the spot"
    assert client.get(url.replace("oral-claims", "complaints"), headers=officer).get_json() == [], "nothing kept"
    assert client.post(url.replace("kota-bekasi", "dinas-a"), headers=officer, json=ORAL).status_code == 404


# -- part 9: what the complainant is told ------------------------------------------------------------


def test_each_decision_is_recorded_on_the_case_for_the_complainant_without_smtp(app, client, dinas):
    case = Case(client, dinas).upheld()
    told = client.get(f"{case.url}/notices", headers=auth(dinas["petugas"])).get_json()
    assert [n["channel"] for n in told] == ["case", "case"]
    assert [n["subject"].split(": ")[1] for n in told] == ["Menunggu penilaian pimpinan", "Terbukti"]
    upheld = told[-1]["message"]
    assert "Pimpinan menilai pengaduan Anda terbukti" in upheld and "Permohonan maaf" in upheld
    assert "petugas test" not in upheld and "pimpinan test" not in upheld and "Siti" not in upheld


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}", sink
    controller.stop()


def test_with_smtp_the_message_is_sent_after_the_commit_and_its_outcome_recorded(app, client, dinas, smtp_server):
    from email import message_from_bytes, policy

    from core.jobs import scheduler

    url, sink = smtp_server
    app.config["SMTP_URL"] = url
    case = Case(client, dinas)
    case.to_assessment()
    told = client.get(f"{case.url}/notices", headers=auth(dinas["petugas"])).get_json()
    assert [(n["channel"], n["sent_at"]) for n in told] == [("email", None)], "recorded, not sent inside the request"
    assert sink.messages == []
    now = datetime.now(timezone.utc)
    assert scheduler.run_job(app, "send-notices", now=now, tick=now) == ["1 message(s) sent, 0 failed"]
    assert len(sink.messages) == 1 and sink.messages[0].rcpt_tos == ["siti@example.id"]
    mail = message_from_bytes(sink.messages[0].content, policy=policy.default)
    text = mail.get_content()
    assert mail["Subject"].startswith("Pengaduan ") and "sedang dinilai oleh pimpinan" in text
    assert "petugas test" not in text and f"/p/dinas-a/lacak/{case.code[:5]}-{case.code[5:]}" in text
    told = client.get(f"{case.url}/notices", headers=auth(dinas["petugas"])).get_json()
    assert told[0]["sent_at"] and told[0]["attempts"] == 1 and told[0]["delivery_error"] is None
    later = now + timedelta(minutes=1)
    assert scheduler.run_job(app, "send-notices", now=later, tick=later) == ["0 message(s) sent, 0 failed"]
    assert len(sink.messages) == 1, "sent once"


def test_a_failed_delivery_is_recorded_and_tried_again(app, client, dinas):
    from core.jobs import scheduler

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"  # nothing listens there
    case = Case(client, dinas)
    case.to_assessment()
    now = datetime.now(timezone.utc)
    assert scheduler.run_job(app, "send-notices", now=now, tick=now) == ["0 message(s) sent, 1 failed"]
    told = client.get(f"{case.url}/notices", headers=auth(dinas["petugas"])).get_json()[0]
    assert told["sent_at"] is None and told["attempts"] == 1 and "Connection" in told["delivery_error"]


def test_an_anonymous_complaint_without_contact_is_never_sent_by_email(app, client, dinas, smtp_server):
    url, sink = smtp_server
    app.config["SMTP_URL"] = url
    case = Case(client, dinas, {**COMPLAINT, "anonymous": True, "complainant_name": "", "complainant_contact": ""})
    case.to_assessment()
    told = client.get(f"{case.url}/notices", headers=auth(dinas["petugas"])).get_json()
    assert [(n["channel"], n["subject"].startswith("Pengaduan")) for n in told] == [("case", True)]
    phone = Case(client, dinas, {**COMPLAINT, "complainant_contact": "0812 3456 7890"})
    phone.to_assessment()
    assert [n["channel"] for n in client.get(f"{phone.url}/notices", headers=auth(dinas["petugas"])).get_json()] == ["case"]


def test_the_smtp_url_is_read_strictly():
    from core.casework.notices import Smtp

    assert Smtp.parse("smtps://u%40x:p@mail.example.id") == Smtp("mail.example.id", 465, True, False, "u@x", "p")
    assert Smtp.parse("smtp://mail.example.id:587?starttls=1").starttls is True
    for bad in ("http://mail.example.id", "smtp://", "mail.example.id"):
        with pytest.raises(ValueError):
            Smtp.parse(bad)


# -- part 9: the staff inbox ---------------------------------------------------------------------------


def _escalated(app, dinas, client) -> None:
    """An overdue compensation, escalated to the head by the compensation watch."""
    from core.casework import sweeps
    from core.models import CompensationGiven
    from core.models.scope import tenant_scope

    case = Case(client, dinas).upheld(sanction=None)
    with app.app_context(), tenant_scope(dinas["tenant"].id):
        for item in Session.scalars(select(CompensationGiven)):
            item.due_at = datetime.now(timezone.utc) - timedelta(days=1)
        Session.commit()
        assert sweeps.escalate_overdue_compensation(datetime.now(timezone.utc)) >= 1
    return case


def test_the_head_is_told_of_escalations_in_an_inbox_read_and_marked_with_if_match(app, client, dinas):
    _escalated(app, dinas, client)
    head = auth(dinas["pimpinan"])
    listed = client.get(f"{BASE}/notifications?count=true", headers=head)
    assert listed.status_code == 200 and '"total": 1' in listed.headers["X-Pagination"]
    note = listed.get_json()[0]
    assert note["kind"] == "compensation_overdue" and note["read_at"] is None
    assert client.get(f"{BASE}/notifications", headers=auth(dinas["petugas"])).get_json() == [], "the head's, not the officer's"
    assert client.get(f"{BASE}/notifications/unread", headers=head).get_json() == {"unread": 1}
    one = client.get(f"{BASE}/notifications/{note['id']}", headers=head)
    assert one.headers["ETag"] == f'"{note["version"]}"'
    url = f"{BASE}/notifications/{note['id']}"
    assert client.patch(url, headers=head, json={"read": True}).status_code == 428
    assert _error(client.patch(url, headers={**head, "If-Match": "99"}, json={"read": True}), 409)["code"] == "stale"
    for bad in ({"read": "mungkin"}, {}, {"read": True, "kind": "x"}):
        assert _error(client.patch(url, headers={**head, "If-Match": one.headers["ETag"]}, json=bad), 422)["fields"]
    done = client.patch(url, headers={**head, "If-Match": one.headers["ETag"]}, json={"read": True})
    assert done.status_code == 200 and done.get_json()["read_at"] and done.headers["ETag"] != one.headers["ETag"]
    assert client.get(f"{BASE}/notifications/unread", headers=head).get_json() == {"unread": 0}
    assert client.get(f"{BASE}/notifications?unread=true", headers=head).get_json() == []
    assert "unread" in _error(client.get(f"{BASE}/notifications?unread=kadang", headers=head), 422)["fields"]
    assert "page_size" in _error(client.get(f"{BASE}/notifications?page_size=0", headers=head), 422)["fields"]
    back = client.patch(url, headers={**head, "If-Match": done.headers["ETag"]}, json={"read": False})
    assert back.get_json()["read_at"] is None


def test_another_users_or_another_agencys_notification_is_not_found(app, client, dinas, make_tenant, make_user):
    _escalated(app, dinas, client)
    note = client.get(f"{BASE}/notifications", headers=auth(dinas["pimpinan"])).get_json()[0]
    url = f"{BASE}/notifications/{note['id']}"
    assert _error(client.get(url, headers=auth(dinas["petugas"])), 404)
    assert _error(client.patch(url, headers={**auth(dinas["petugas"]), "If-Match": "1"}, json={"read": True}), 404)
    assert _error(client.get(f"{BASE}/notifications/bukan-uuid", headers=auth(dinas["pimpinan"])), 404)
    other = make_tenant("dinas-b", plugin="fiktif_2020")
    outsider = make_user("pimpinan", other)
    assert client.get("/api/v1/tenants/dinas-b/notifications", headers=auth(outsider)).get_json() == []
    assert client.get(url.replace("dinas-a", "dinas-b"), headers=auth(outsider)).status_code == 404
    assert client.get(url, headers=auth(outsider)).status_code == 404
    assert client.get(f"{BASE}/notifications", headers=auth(make_user("admin_provinsi", province_code="32"))
                      ).status_code == 403


# -- the pages -----------------------------------------------------------------------------------------


def _login(client, email):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": email, "password": "rahasia-123", "csrf_token": token}).status_code == 302


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def test_the_inbox_page_shows_the_unread_count_in_the_header_and_marks_read(app, client, dinas):
    _escalated(app, dinas, client)
    browser = app.test_client()
    _login(browser, "pimpinan-dinas-a@test.id")
    page = browser.get("/t/dinas-a/kerja").get_data(as_text=True)
    assert 'id="unread-count">1<' in page
    inbox = browser.get("/t/dinas-a/notifikasi").get_data(as_text=True)
    assert "lewat tenggat" in inbox and "belum dibaca" in inbox
    action = re.search(r'action="(/t/dinas-a/notifikasi/[^"]+)"', inbox).group(1)
    version = re.search(r'name="version" value="(\d+)"', inbox).group(1)
    stale = browser.post(action, data={"csrf_token": _csrf(inbox), "version": "99", "read": "1"}, follow_redirects=True)
    assert "telah diubah" in stale.get_data(as_text=True)
    done = browser.post(action, data={"csrf_token": _csrf(inbox), "version": version, "read": "1"}, follow_redirects=True)
    assert 'id="unread-count">0<' in done.get_data(as_text=True)
    assert browser.post("/t/dinas-a/notifikasi/bukan-uuid", data={"csrf_token": _csrf(inbox)}).status_code == 404


def test_the_case_page_shows_the_keberatan_and_what_the_complainant_was_told(app, client, dinas):
    case = Case(client, dinas).rejected()
    assert _object(client, "dinas-a", case.code, "Saya punya bukti rekaman").status_code == 204
    browser = app.test_client()
    _login(browser, "pimpinan-dinas-a@test.id")
    page = browser.get(f"/t/dinas-a/pengaduan/{case.id}").get_data(as_text=True)
    assert 'id="objection-text">Saya punya bukti rekaman<' in page
    assert "Pemberitahuan kepada pengadu" in page and "dicatat pada kasus" in page
    work = browser.get("/t/dinas-a/kerja").get_data(as_text=True)
    assert "Keberatan pengadu (1)" in work and "Saya punya bukti rekaman" in work


def test_the_desk_form_records_an_oral_claim_where_the_decree_has_one(app, client, bekasi, dinas):
    desk = app.test_client()
    _login(desk, "petugas-kota-bekasi@test.id")
    form = desk.get("/t/kota-bekasi/klaim-lisan").get_data(as_text=True)
    assert "Lampiran C.2 angka 1)" in form
    done = desk.post("/t/kota-bekasi/klaim-lisan", data={
        "csrf_token": _csrf(form), "component": "perilaku_pelaksana", "conduct": "tidak_sesuai_sop",
        "occurred_at": JUST_NOW.strftime("%Y-%m-%dT%H:%M"), "description": "Antrean diserobot"}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Klaim lisan dicatat" in page and 'id="case-status">Selesai<' in page
    bad = desk.post("/t/kota-bekasi/klaim-lisan", data={
        "csrf_token": _csrf(form), "component": "perilaku_pelaksana", "occurred_at": "besok", "description": "x"})
    assert bad.status_code == 422
    heavy = desk.post("/t/kota-bekasi/klaim-lisan", data={
        "csrf_token": _csrf(form), "component": "perilaku_pelaksana", "conduct": "kekerasan_fisik",
        "occurred_at": JUST_NOW.strftime("%Y-%m-%dT%H:%M"), "description": "Saya didorong"})
    assert heavy.status_code == 409 and "berat" in heavy.get_data(as_text=True)
    other = app.test_client()
    _login(other, "petugas-dinas-a@test.id")
    assert 'id="no-oral-claim"' in other.get("/t/dinas-a/klaim-lisan").get_data(as_text=True)
    head = app.test_client()
    _login(head, "pimpinan-kota-bekasi@test.id")
    assert head.get("/t/kota-bekasi/klaim-lisan").status_code == 403
