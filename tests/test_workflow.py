"""The case workflow (docs/workflow.md): the transitions of core/casework/workflow.py, who takes each, the
decisions on a case, compensation given, the officer's sanction, and the staff's work lists."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from core.vocabulary import CASE_STATUSES
from core.casework.workflow import TRANSITIONS, allowed_from
from tests.conftest import ROOT, auth

COMPLAINT = {
    "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "tidak_sopan",
    "description": "Petugas membentak saya", "occurred_at": "2024-03-05T10:00:00+07:00",
}
# What each step carries when it is taken (the fields the table says it needs).
BODIES = {
    "tunda": {"reason": "menunggu keterangan pelapor"},
    "forwarded": {"forwarded_to": "Dinas Kependudukan dan Pencatatan Sipil"},
    "upheld": {"maladministration": "tidak_patut"},
    "rejected": {"reason": "tidak terbukti setelah klarifikasi"},
    "closed": {"reason": "selesai"},
}
ROLE_OF = {"complaint.verify": "petugas", "complaint.decide": "pimpinan", "claim.oral": "petugas",
           "complaint.object": "pengadu", "complaint.hold": "sistem"}


@pytest.fixture
def dinas(make_tenant, make_user, fiktif):
    tenant = make_tenant("dinas-a", plugin="fiktif_2020")
    return {"tenant": tenant, "petugas": make_user("petugas", tenant), "pimpinan": make_user("pimpinan", tenant),
            "admin_dinas": make_user("admin_dinas", tenant)}


@pytest.fixture
def case(app, dinas):
    """A new complaint taken in by the officer; ``case.at(status)`` puts it in any state directly."""
    from core.platform.db import Session
    from core.models import Complaint
    from core.models.scope import tenant_scope

    client = app.test_client()

    class Case:
        def __init__(self):
            created = client.post("/api/v1/tenants/dinas-a/complaints", headers=auth(dinas["petugas"]), json=COMPLAINT)
            assert created.status_code == 201, created.get_json()
            self.id = created.get_json()["id"]
            self.url = f"/api/v1/tenants/dinas-a/complaints/{self.id}"

        def get(self) -> dict:
            return client.get(self.url, headers=auth(dinas["pimpinan"])).get_json()

        def at(self, status: str) -> Case:
            with app.app_context(), tenant_scope(dinas["tenant"].id):
                Session.scalar(select(Complaint).where(Complaint.id == _uuid(self.id))).status = status
                Session.commit()
            return self

        def move(self, role: str, to: str, body: dict | None = None, version: str | None = None):
            version = version or str(self.get()["version"])
            return client.post(f"{self.url}/transitions", headers={**auth(dinas[role]), "If-Match": version},
                               json={"to": to, **(BODIES.get(to, {}) if body is None else body)})

        def decide(self, role: str = "pimpinan", body: dict | None = None):
            return client.post(f"{self.url}/decision", headers={**auth(dinas[role]), "If-Match": str(self.get()["version"])},
                               json=body or {})

    return Case


def _uuid(value: str):
    import uuid

    return uuid.UUID(value)


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_json()
    body = response.get_json()["error"]
    assert set(body) == {"code", "message", "fields"}
    return body


@pytest.mark.parametrize("step", [t for t in TRANSITIONS if not t.via], ids=lambda t: f"{t.source}->{t.target}")
def test_every_allowed_step_is_taken_by_its_role_only_and_audited(app, dinas, case, step):
    client = app.test_client()
    complaint = case().at(step.source)
    if step.target == "upheld" or (step.source, step.target) == ("upheld", "closed"):
        complaint.at("under_assessment")
        assert complaint.decide().status_code == 201
        if step.source == "upheld":
            assert complaint.move("pimpinan", "upheld").status_code == 200
            for item in client.get(f"{complaint.url}/compensations", headers=auth(dinas["petugas"])).get_json():
                given = client.post(f"{complaint.url}/compensations/{item['id']}/given", headers=auth(dinas["petugas"]),
                                    json={"evidence": "diucapkan di loket"})
                assert given.status_code == 200, given.get_json()
    own = ROLE_OF[step.permission]
    for other in {"petugas", "pimpinan", "admin_dinas"} - {own}:
        refused = _error(complaint.move(other, step.target), 403)
        assert step.permission in refused["message"]
    moved = complaint.move(own, step.target)
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["status"] == step.target and moved.headers["ETag"] == f'"{moved.get_json()["version"]}"'
    events = client.get(f"{complaint.url}/audit", headers=auth(dinas["pimpinan"])).get_json()
    change = [e for e in events if e["action"] == "update" and (e["after"] or {}).get("status") == step.target][-1]
    assert change["before"]["status"] == step.source and change["actor_id"] == dinas[own].id


@pytest.mark.parametrize("source", CASE_STATUSES)
def test_every_step_the_table_does_not_allow_is_a_409_naming_the_state_and_the_allowed_steps(dinas, case, source):
    complaint = case().at(source)
    version = complaint.get()["version"]
    allowed = [t.target for t in allowed_from(source)]
    for target in CASE_STATUSES:
        if target in allowed:
            continue
        for role in ("petugas", "pimpinan"):
            body = _error(complaint.move(role, target), 409)
            assert body["code"] == "transition_not_allowed"
            assert f"the case is {source}" in body["message"] and f"not {target}" in body["message"]
            assert all(name in body["message"] and name in body["fields"]["to"][0] for name in allowed)
    assert complaint.get()["status"] == source and complaint.get()["version"] == version, "nothing changed"


def test_the_closed_case_allows_nothing_and_says_so(case):
    body = _error(case().at("closed").move("petugas", "received"), 409)
    assert "may go to: reopened (through the complainant's keberatan) (not received)" in body["message"]


def test_a_step_needs_its_fields_and_takes_no_others(case):
    complaint = case()
    missing = _error(complaint.move("petugas", "tunda", {}), 422)
    assert missing["fields"] == {"reason": ["required for this step"]}
    assert "forwarded_to" in _error(complaint.move("petugas", "forwarded", {}), 422)["fields"]
    stray = _error(complaint.move("petugas", "verified", {"maladministration": "tidak_patut"}), 422)
    assert "maladministration" in stray["fields"]
    unknown = _error(complaint.move("petugas", "verified", {"label": "x"}), 422)
    assert "label" in unknown["fields"]
    bad_code = _error(complaint.move("petugas", "dibuang", {}), 422)
    assert "to" in bad_code["fields"]
    assert "maladministration" in _error(complaint.at("under_assessment").move("pimpinan", "upheld", {
        "maladministration": "korupsi"}), 422)["fields"]
    assert complaint.get()["status"] == "under_assessment"


def test_a_step_without_if_match_is_428_and_with_a_stale_one_409(app, dinas, case):
    complaint = case()
    client = app.test_client()
    _error(client.post(f"{complaint.url}/transitions", headers=auth(dinas["petugas"]), json={"to": "verified"}), 428)
    assert complaint.move("petugas", "verified", version="1").status_code == 200
    stale = _error(complaint.move("petugas", "under_assessment", version="1"), 409)
    assert stale["code"] == "stale"
    assert complaint.get()["status"] == "verified"


def test_patch_no_longer_moves_the_status_and_facts_freeze_once_assessed(app, dinas, case):
    client = app.test_client()
    complaint = case()
    headers = {**auth(dinas["petugas"]), "If-Match": "1"}
    assert "status" in _error(client.patch(complaint.url, headers=headers, json={"status": "closed"}), 422)["fields"]
    assert "assessment" in _error(client.patch(complaint.url, headers=headers, json={"assessment": "terbukti"}), 422)["fields"]
    assert client.patch(complaint.url, headers=headers, json={"conduct": "tidak_sesuai_sop"}).status_code == 200
    complaint.at("rejected")
    version = str(complaint.get()["version"])
    _error(client.patch(complaint.url, headers={**auth(dinas["petugas"]), "If-Match": version},
                        json={"conduct": "tidak_sopan"}), 409)


def test_upholding_needs_a_decision_and_a_rejection_a_reason(case):
    complaint = case().at("under_assessment")
    assert "decision" in _error(complaint.move("pimpinan", "upheld"), 409)["message"]
    assert complaint.move("pimpinan", "rejected", {}).status_code == 422
    rejected = complaint.move("pimpinan", "rejected").get_json()
    assert (rejected["assessment"], rejected["status_reason"]) == ("tidak_terbukti", "tidak terbukti setelah klarifikasi")


def test_decisions_are_listed_with_the_one_in_force_and_deciding_again_needs_a_reason(app, dinas, case):
    client = app.test_client()
    complaint = case()
    assert "under_assessment" in _error(complaint.decide(), 409)["message"], "not before the case is sent to the head"
    complaint.at("under_assessment")
    _error(complaint.decide("petugas"), 403)
    first = complaint.decide()
    assert first.status_code == 201 and first.get_json()["compensations"][0]["code"] == "maaf_lisan"
    again = _error(complaint.decide(), 422)
    assert again["fields"] == {"reason": ["required when deciding again"]}
    assert complaint.decide(body={"reason": "fakta perilaku dikoreksi"}).status_code == 201
    listed = client.get(f"{complaint.url}/decisions", headers=auth(dinas["petugas"])).get_json()
    assert [d["in_force"] for d in listed] == [False, True]
    assert listed[0]["superseded_at"] and listed[1]["superseded_at"] is None
    assert listed[1]["reason"] == "fakta perilaku dikoreksi" and listed[1]["plugin"] == "fiktif_2020"
    assert listed[1]["ruling"]["compensations"][0]["code"] == "maaf_lisan"
    one = client.get(f"{complaint.url}/decisions/{listed[0]['id']}", headers=auth(dinas["petugas"]))
    assert one.status_code == 200 and one.get_json()["in_force"] is False
    _error(client.get(f"{complaint.url}/decisions/{complaint.id}", headers=auth(dinas["petugas"])), 404)
    _error(client.get(f"{complaint.url}/decisions/bukan-uuid", headers=auth(dinas["petugas"])), 404)


def test_an_override_needs_a_written_reason_is_audited_and_counted(app, dinas, case):
    client = app.test_client()
    complaint = case().at("under_assessment")
    override = {"compensations": ["maaf_tertulis", "penjelasan_klarifikasi"], "sanction": "teguran"}
    missing = _error(complaint.decide(body={"override": override}), 422)
    assert missing["fields"] == {"override_reason": ["required with an override"]}
    assert "override" in _error(complaint.decide(body={"override_reason": "x"}), 422)["fields"]
    assert "override.compensations.0" in _error(complaint.decide(body={"override": {"compensations": ["uang"]},
                                                               "override_reason": "x"}), 422)["fields"]
    assert "override" in _error(complaint.decide(body={"override": {}, "override_reason": "x"}), 422)["fields"]
    head = auth(dinas["pimpinan"])
    assert client.get("/api/v1/tenants/dinas-a/worklists", headers=head).get_json()["lists"]["overrides"] == 0
    made = complaint.decide(body={"override": override, "override_reason": "pelapor lansia, dibentak di depan umum"})
    assert made.status_code == 201
    listed = client.get("/api/v1/tenants/dinas-a/worklists/overrides?count=true", headers=head)
    assert len(listed.get_json()) == 1 and '"total": 1' in listed.headers["X-Pagination"]
    ruling = listed.get_json()[0]["ruling"]
    assert [c["code"] for c in ruling["compensations"]] == ["maaf_tertulis", "penjelasan_klarifikasi"]
    assert ruling["sanctions"] == {"required": ["teguran"], "choose_one_of": []}
    assert client.get("/api/v1/tenants/dinas-a/worklists", headers=head).get_json()["lists"]["overrides"] == 1
    events = client.get(f"{complaint.url}/audit", headers=head).get_json()
    created = [e for e in events if e["entity"] == "case_decisions"][-1]
    assert created["after"]["override_reason"] == "pelapor lansia, dibentak di depan umum"
    assert created["actor_id"] == dinas["pimpinan"].id


def test_upholding_owes_the_compensation_which_is_given_with_evidence_then_the_case_closes(app, dinas, case):
    client = app.test_client()
    petugas, head = auth(dinas["petugas"]), auth(dinas["pimpinan"])
    complaint = case().at("under_assessment")
    assert complaint.decide(body={"override": {"compensations": ["maaf_tertulis"]},
                                  "override_reason": "pengaduan tertulis"}).status_code == 201
    upheld = complaint.move("pimpinan", "upheld").get_json()
    assert (upheld["assessment"], upheld["maladministration"]) == ("terbukti", "tidak_patut")
    items = client.get(f"{complaint.url}/compensations", headers=petugas).get_json()
    assert [(i["code"], i["given_at"]) for i in items] == [("maaf_tertulis", None)]
    assert "maaf_tertulis not given" in _error(complaint.move("pimpinan", "closed"), 409)["message"]
    given_url = f"{complaint.url}/compensations/{items[0]['id']}/given"
    assert "evidence" in _error(client.post(given_url, headers=petugas, json={}), 422)["fields"]
    future = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    assert "given_at" in _error(client.post(given_url, headers=petugas, json={"evidence": "x", "given_at": future}), 422)["fields"]
    early = _error(client.post(given_url, headers=petugas, json={"evidence": "x", "given_at": "2024-01-01T10:00:00+07:00"}), 422)
    assert "given_at" in early["fields"]
    _error(client.post(f"{complaint.url}/compensations/{complaint.id}/given", headers=petugas, json={"evidence": "x"}), 404)
    given = client.post(given_url, headers=petugas, json={"evidence": "Surat No. 460/12/Dinsos/2024"})
    assert given.status_code == 200, given.get_json()
    body = given.get_json()
    assert body["evidence"] == "Surat No. 460/12/Dinsos/2024" and body["given_by"] == dinas["petugas"].id and body["given_at"]
    assert _error(client.post(given_url, headers=petugas, json={"evidence": "lagi"}), 409)["fields"] == {
        "given_at": ["already recorded"]}
    closed = complaint.move("pimpinan", "closed")
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    notices = [e["after"]["event"] for e in client.get(f"{complaint.url}/audit", headers=head).get_json()
               if e["action"] == "notice"]
    assert notices == ["upheld", "closed"]


def test_the_head_decides_the_sanction_with_staff_category_pp94_and_a_follow_up_three_months_on(app, dinas, case):
    """UU 25/2009 Pasal 54 (three months to mend); PP 94/2021 Pasal 8 (teguran is a penalty, for a PNS)."""
    client = app.test_client()
    petugas, head = auth(dinas["petugas"]), auth(dinas["pimpinan"])
    complaint = case().at("under_assessment")
    assert complaint.decide(body={"override": {"sanction": "teguran"}, "override_reason": "dibentak"}).status_code == 201
    sanction = {"officer_name": "Budi", "code": "teguran", "staff_category": "PNS"}
    assert "upheld" in _error(client.post(f"{complaint.url}/sanctions", headers=head, json=sanction), 409)["message"]
    complaint.move("pimpinan", "upheld")
    pending = client.get("/api/v1/tenants/dinas-a/worklists/sanctions-pending", headers=head).get_json()
    assert [(p["complaint"]["id"], p["pending"]) for p in pending] == [(complaint.id, ["teguran"])]
    _error(client.post(f"{complaint.url}/sanctions", headers=petugas, json=sanction), 403)
    for field, value in (("staff_category", "kontrak"), ("code", "pecat"), ("officer_name", "")):
        assert field in _error(client.post(f"{complaint.url}/sanctions", headers=head, json={**sanction, field: value}), 422)["fields"]
    other = _error(client.post(f"{complaint.url}/sanctions", headers=head, json={**sanction, "code": "pembinaan"}), 409)
    assert "override" in other["message"] and "code" in other["fields"]
    assert _error(client.post(f"{complaint.url}/sanctions", headers=head, json=sanction), 409)["code"] == "sanction_not_proposed"
    proposed = client.post(f"{complaint.url}/sanction-proposals", headers=head,
                           json={**sanction, "officer_user_id": dinas["petugas"].id})
    assert proposed.status_code == 201, proposed.get_json()
    assert _error(client.post(f"{complaint.url}/sanctions", headers=head, json=sanction), 409)["code"] == "answer_awaited"
    answered = client.post(f"{complaint.url}/sanction-proposals/{proposed.get_json()['id']}/answer", headers=petugas,
                           json={"answer": "Saya akui nada saya tinggi"})
    assert answered.status_code == 200, answered.get_json()
    made = client.post(f"{complaint.url}/sanctions", headers=head, json=sanction)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    decided = date.fromisoformat(body["decided_at"][:10])
    assert (body["staff_category"], body["pp94_penalty"], body["decree_wording"]) == ("PNS", True, "Teguran")
    assert date.fromisoformat(body["follow_up_on"]) == _three_months_after(decided)
    assert body["legal_basis"] == "penetapan pimpinan: dibentak"
    assert _error(client.post(f"{complaint.url}/sanctions", headers=head, json=sanction), 409)["fields"]["code"]
    assert client.get("/api/v1/tenants/dinas-a/worklists/sanctions-pending", headers=head).get_json() == []
    assert [s["officer_name"] for s in client.get(f"{complaint.url}/sanctions", headers=petugas).get_json()] == ["Budi"]


def _three_months_after(day: date) -> date:
    from core.timekeeping.months import months_later

    return months_later(day, 3)


@pytest.mark.parametrize(("code", "category", "penalty"), [
    ("teguran", "PNS", True), ("proses_disiplin", "PNS", True), ("pembinaan", "PNS", False),
    ("teguran", "PPPK", False), ("teguran", "honorer", False),
])
def test_only_a_civil_servants_teguran_or_disciplinary_process_is_a_pp94_penalty(app, dinas, case, code, category, penalty):
    client = app.test_client()
    complaint = case().at("under_assessment")
    complaint.decide(body={"override": {"sanction": code}, "override_reason": "uji"})
    complaint.move("pimpinan", "upheld")
    app.config["SANCTION_ANSWER_DAYS"] = 0  # the officer has no account: the record waits for nothing here
    assert client.post(f"{complaint.url}/sanction-proposals", headers=auth(dinas["pimpinan"]),
                       json={"officer_name": "Budi", "code": code, "staff_category": category}).status_code == 201
    made = client.post(f"{complaint.url}/sanctions", headers=auth(dinas["pimpinan"]),
                       json={"officer_name": "Budi", "code": code, "staff_category": category})
    assert made.get_json()["pp94_penalty"] is penalty


def test_three_months_on_is_the_months_last_day_where_it_is_shorter():
    """UU 25/2009 Pasal 54: the follow-up three months on (more in tests/test_months.py)."""
    from core.timekeeping.months import months_later

    assert months_later(date(2024, 8, 31), 3) == date(2024, 11, 30)
    assert months_later(date(2024, 11, 29), 3) == date(2025, 2, 28)
    assert months_later(date(2024, 3, 5), 3) == date(2024, 6, 5)


def test_the_steps_from_here_say_which_are_yours(app, dinas, case):
    client = app.test_client()
    complaint = case()
    steps = client.get(f"{complaint.url}/transitions", headers=auth(dinas["petugas"])).get_json()
    assert {s["to"]: s["yours"] for s in steps} == {"verified": True, "tunda": True, "forwarded": True}
    steps = client.get(f"{complaint.url}/transitions", headers=auth(dinas["pimpinan"])).get_json()
    assert not any(s["yours"] for s in steps)


def test_the_officers_and_the_heads_work_lists(app, dinas, case):
    from core.platform.db import Session
    from core.models import CompensationGiven
    from core.models.scope import tenant_scope

    client = app.test_client()
    petugas, head = auth(dinas["petugas"]), auth(dinas["pimpinan"])
    mine, waiting, done = case(), case().at("under_assessment"), case().at("closed")
    open_ids = [c["id"] for c in client.get("/api/v1/tenants/dinas-a/worklists/my-open-cases", headers=petugas).get_json()]
    assert set(open_ids) == {mine.id, waiting.id} and done.id not in open_ids
    unverified = client.get("/api/v1/tenants/dinas-a/worklists/awaiting-verification", headers=petugas).get_json()
    assert [c["id"] for c in unverified] == [mine.id]  # received, no officer has verified it yet
    assert [c["id"] for c in client.get("/api/v1/tenants/dinas-a/worklists/awaiting-assessment",
                                        headers=head).get_json()] == [waiting.id]
    waiting.decide(body={"override": {"compensations": ["maaf_tertulis", "penjelasan_klarifikasi"]}, "override_reason": "uji"})
    waiting.move("pimpinan", "upheld")
    now = datetime.now(timezone.utc)
    with app.app_context(), tenant_scope(dinas["tenant"].id):
        items = Session.scalars(select(CompensationGiven).order_by(CompensationGiven.code)).all()
        items[0].due_at, items[1].due_at = now - timedelta(days=3), now + timedelta(minutes=1)
        Session.commit()
        late, today = str(items[0].id), str(items[1].id)
    overdue = client.get("/api/v1/tenants/dinas-a/worklists/compensation-overdue", headers=petugas).get_json()
    assert [i["id"] for i in overdue] == [late]
    due = client.get("/api/v1/tenants/dinas-a/worklists/compensation-due-today", headers=petugas).get_json()
    assert today in [i["id"] for i in due]
    counts = client.get("/api/v1/tenants/dinas-a/worklists", headers=petugas).get_json()["lists"]
    assert counts["my_open_cases"] == 2 and counts["compensation_overdue"] == 1 and "overrides" not in counts
    assert counts["awaiting_verification"] == 1
    _error(client.get("/api/v1/tenants/dinas-a/worklists/awaiting-verification", headers=head), 403)
    _error(client.get("/api/v1/tenants/dinas-a/worklists/awaiting-assessment", headers=petugas), 403)
    _error(client.get("/api/v1/tenants/dinas-a/worklists/my-open-cases", headers=head), 403)
    assert client.get("/api/v1/tenants/dinas-a/worklists", headers=auth(dinas["admin_dinas"])).get_json() == {"lists": {}}


def test_another_agencys_case_is_404_on_every_workflow_route(app, dinas, case, make_tenant, make_user):
    other = make_tenant("dinas-b", plugin="fiktif_2020")
    stranger = {**auth(make_user("pimpinan", other)), "If-Match": "1"}
    client = app.test_client()
    complaint = case().at("under_assessment")
    own = complaint.url.replace("dinas-a", "dinas-b")
    for method, url, body in (
        ("get", f"{own}/decisions", None), ("get", f"{own}/transitions", None),
        ("post", f"{own}/transitions", {"to": "rejected", "reason": "x"}), ("post", f"{own}/decision", {}),
        ("get", f"{own}/compensations", None), ("get", f"{own}/sanctions", None),
        ("post", f"{own}/sanctions", {"officer_name": "B", "code": "teguran", "staff_category": "PNS"}),
        ("post", f"{complaint.url}/transitions", {"to": "rejected", "reason": "x"}),
    ):
        response = getattr(client, method)(url, headers=stranger, **({"json": body} if body is not None else {}))
        assert response.status_code == 404, (method, url, response.get_json())
    assert complaint.get()["status"] == "under_assessment"


def test_the_docs_draw_exactly_the_transition_table():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "workflow.md").read_text()
    rows = {tuple(cell.strip() for cell in line.strip("|").split("|")[:3])
            for line in text.splitlines() if line.startswith("| ") and line.count("|") >= 4}
    drawn = {(source, target) for source, target, _ in rows if source in CASE_STATUSES and target in CASE_STATUSES}
    assert drawn == {(t.source, t.target) for t in TRANSITIONS}
    for t in TRANSITIONS:
        assert f"    {t.source} --> {t.target}" in text, "the diagram draws every step"
        assert (t.source, t.target, f"{t.permission} ({ROLE_OF[t.permission]})") in rows


@pytest.mark.parametrize(("route", "body", "field"), [
    ("transitions", {"to": 3}, "to"),
    ("transitions", {"to": "verified", "reason": "x" * 5001}, "reason"),
    ("transitions", {"to": "tunda", "reason": "ada\x00nul"}, "reason"),
    ("transitions", {"to": "forwarded", "forwarded_to": ["Disdukcapil"]}, "forwarded_to"),
    ("transitions", {}, "to"),
    ("decision", {"override": "teguran", "override_reason": "x"}, "override"),
    ("decision", {"override": {"sanction": "pecat"}, "override_reason": "x"}, "override.sanction"),
    ("decision", {"override": {"compensations": ["maaf_lisan", "maaf_lisan"]}, "override_reason": "x"},
     "override.compensations"),
    ("decision", {"reason": ""}, "reason"),
    ("sanctions", {"officer_name": "B", "code": "teguran"}, "staff_category"),
    ("sanctions", {"officer_name": "B" * 201, "code": "teguran", "staff_category": "PNS"}, "officer_name"),
])
def test_bad_input_is_a_422_naming_the_field_and_changes_nothing(app, dinas, case, route, body, field):
    client = app.test_client()
    complaint = case().at("under_assessment")
    version = str(complaint.get()["version"])
    response = client.post(f"{complaint.url}/{route}", headers={**auth(dinas["pimpinan"]), "If-Match": version}, json=body)
    assert field in _error(response, 422)["fields"]
    assert complaint.get()["version"] == int(version)
    assert client.get(f"{complaint.url}/decisions", headers=auth(dinas["pimpinan"])).get_json() == []


@pytest.mark.parametrize("route", ["transitions", "decision", "sanctions"])
def test_a_body_that_is_not_json_is_a_400(app, dinas, case, route):
    complaint = case().at("under_assessment")
    response = app.test_client().post(f"{complaint.url}/{route}", headers={**auth(dinas["pimpinan"]), "If-Match": "2"},
                                      data="to=upheld", content_type="application/x-www-form-urlencoded")
    _error(response, 400)


def test_docs_workflow_md_draws_the_table_of_the_code():
    """docs/workflow.md's transition table is the code's: every step, no other, with its permission."""
    rows = [line.split("|")[1:4] for line in (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and line.count("|") >= 7]
    drawn = {(source.strip(), target.strip(), permission.split("(")[0].strip()) for source, target, permission in rows
             if source.strip() in CASE_STATUSES}
    assert drawn == {(t.source, t.target, t.permission) for t in TRANSITIONS}


def test_the_citizen_reads_the_decision_in_force_with_the_head_s_override(app, dinas, case):
    """One decision in force (core/casework/records.py): the citizen's page names what the case
    owes, the head's override included, as the compensation items do — never the decree's
    proposal beside the override's items."""
    import uuid

    from core.citizen.view import citizen_view
    from core.models import Complaint
    from core.models.scope import tenant_scope
    from core.platform.db import Session

    complaint = case().at("under_assessment")
    assert complaint.decide(body={"override": {"compensations": ["maaf_tertulis"]},
                                  "override_reason": "pengaduan tertulis"}).status_code == 201
    assert complaint.move("pimpinan", "upheld").status_code == 200
    with app.app_context(), tenant_scope(dinas["petugas"].tenant_id):
        view = citizen_view(Session.get(Complaint, (dinas["petugas"].tenant_id, uuid.UUID(complaint.id))))
    assert [c["code"] for c in view.decision["compensations"]] == ["maaf_tertulis"]
    assert [c["code"] for c in view.compensations] == ["maaf_tertulis"]
    assert view.decision["compensations"][0]["citation"] == "penetapan pimpinan: pengaduan tertulis"
