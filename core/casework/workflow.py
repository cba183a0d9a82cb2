"""The case workflow: one table of the steps a complaint may take, who takes each, what each needs.

received ─▶ verified ─▶ under_assessment ─▶ upheld ─▶ closed
   │  ▲                        └──────────▶ rejected ─▶ closed
   ├─▶ tunda ─▶ (verified, forwarded)
   ├─▶ forwarded ─▶ closed
   ├─▶ held_kahar ─▶ received            (the platform, where the decree holds claims during kahar)
   └─▶ closed                             (an oral claim apologised on the spot, the desk form)
rejected, closed ─▶ reopened ─▶ under_assessment, closed   (the complainant's keberatan; the head)

The officer (petugas) records, verifies, defers and forwards a complaint and sends it to the head;
the head (pimpinan) assesses it (penilaian pimpinan: upheld or rejected, with a reason), records
the decree's decision, decides the officer's sanction and closes the case once everything owed is
given. Which role holds each permission is :mod:`core.access.policy`'s; docs/workflow.md draws the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import vocabulary
from core.access import policy
from core.casework import notices
from core.casework.cases import decide
from core.casework.records import (
    compensations_of, decision_in_force, decisions_of, proposals_of, ruling, sanctions_of, sanctions_pending,
)
from core.platform.db import Session
from core.decrees.contract import Decision
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import Conflict, Forbidden, Invalid, NotFound
from core.models import (
    AuditEvent, CaseDecision, Complaint, CompensationGiven, SanctionGiven, SanctionProposal, Tenant, User,
)
from core.timekeeping.clock import now
from core.timekeeping.months import months_later


@dataclass(frozen=True)
class Transition:
    """One allowed step: from ``source`` to ``target``, by whoever holds ``permission``, with the
    fields the step must carry (``needs``) and those it may carry (``takes``)."""

    source: str
    target: str
    permission: str
    needs: tuple[str, ...] = ()
    takes: tuple[str, ...] = ("reason",)
    basis: str = ""
    # A step taken by its own action, not through the workflow endpoint: the complainant's
    # keberatan (the public page), the platform's kahar hold, the officer's desk form.
    via: str = ""


RECORDS, ASSESSES = "complaint.verify", "complaint.decide"
OBJECTS, HOLDS, ORAL = "complaint.object", "complaint.hold", "claim.oral"
KEBERATAN, KAHAR_HOLD, DESK = "the complainant's keberatan", "the platform's kahar hold", "the desk form of an oral claim"
TRANSITIONS: tuple[Transition, ...] = (
    Transition("received", "verified", RECORDS, basis="SP4N-LAPOR: verifikasi"),
    Transition("received", "tunda", RECORDS, needs=("reason",), basis="SP4N-LAPOR: tunda"),
    Transition("received", "forwarded", RECORDS, needs=("forwarded_to",), takes=("forwarded_to", "reason"),
               basis="SP4N-LAPOR: bukan wewenang"),
    Transition("tunda", "verified", RECORDS, basis="SP4N-LAPOR: verifikasi"),
    Transition("tunda", "forwarded", RECORDS, needs=("forwarded_to",), takes=("forwarded_to", "reason"),
               basis="SP4N-LAPOR: bukan wewenang"),
    Transition("verified", "under_assessment", RECORDS, basis="penilaian pimpinan"),
    Transition("under_assessment", "upheld", ASSESSES, needs=("maladministration",),
               takes=("maladministration", "reason"), basis="penilaian pimpinan: terbukti"),
    Transition("under_assessment", "rejected", ASSESSES, needs=("reason",), basis="penilaian pimpinan: tidak terbukti"),
    Transition("upheld", "closed", ASSESSES, basis="kompensasi diberikan, sanksi ditetapkan"),
    Transition("rejected", "closed", ASSESSES),
    Transition("forwarded", "closed", RECORDS, basis="SP4N-LAPOR: arsip"),
    Transition("rejected", "reopened", OBJECTS, needs=("reason",), basis="keberatan pengadu", via=KEBERATAN),
    Transition("closed", "reopened", OBJECTS, needs=("reason",), basis="keberatan pengadu", via=KEBERATAN),
    Transition("reopened", "under_assessment", ASSESSES, basis="penilaian ulang atas keberatan"),
    Transition("reopened", "closed", ASSESSES, needs=("reason",), basis="keberatan dijawab, putusan tetap"),
    Transition("received", "held_kahar", HOLDS, basis="klaim setelah keadaan kahar dinyatakan pulih", via=KAHAR_HOLD),
    Transition("held_kahar", "received", HOLDS, basis="keadaan kahar berakhir", via=KAHAR_HOLD),
    Transition("received", "closed", ORAL, basis="klaim lisan: permohonan maaf pada saat itu juga", via=DESK),
)
STEP_FIELDS = ("reason", "forwarded_to", "maladministration")
# A complaint's facts (component, conduct, description) may be corrected until the head assesses it.
EDITABLE = ("received", "verified", "tunda", "under_assessment", "held_kahar")
ASSESSMENT_OF = {"upheld": "terbukti", "rejected": "tidak_terbukti"}
# The states the complainant is told of (core/casework/notices.py words each one).
NOTICED = ("upheld", "rejected", "forwarded", "closed", "reopened", "held_kahar", "under_assessment", "tunda")


class TransitionRefused(Conflict):
    """A step the table does not allow from the case's state: the answer names both."""

    code = "transition_not_allowed"


def allowed_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def offered_from(status: str) -> list[Transition]:
    """The steps a member of staff takes through the workflow endpoint (and the case page)."""
    return [t for t in allowed_from(status) if not t.via]


def transition(tenant: Tenant, complaint: Complaint, user: User, target: str, data: dict[str, Any]) -> Complaint:
    """Move the case one step; refused (409) unless the table allows it from where it is, (403)
    unless the user's role takes that step, (422) without what the step needs."""
    step = step_of(complaint, target)
    if not policy.can(user, step.permission, tenant):
        raise Forbidden(f"your role may not move a case from {step.source} to {step.target} ({step.permission})")
    if step.via:
        raise Conflict(f"the step {step.source} → {step.target} is taken through {step.via}, not here",
                       {"to": [f"taken through {step.via}"]})
    return take_step(complaint, step, data)


def step_of(complaint: Complaint, target: str) -> Transition:
    """The table's step from the case's state to ``target`` (for the actions that take their own)."""
    step = next((t for t in allowed_from(complaint.status) if t.target == target), None)
    if step is None:
        allowed = [t.target + (f" (through {t.via})" if t.via else "") for t in allowed_from(complaint.status)]
        raise TransitionRefused(f"the case is {complaint.status}; from there it may go to: {', '.join(allowed)} (not {target})",
                                {"to": [f"not allowed from {complaint.status}; allowed: {', '.join(allowed)}"]})
    return step


def take_step(complaint: Complaint, step: Transition, data: dict[str, Any]) -> Complaint:
    """Take an allowed step once its actor is settled: what it needs checked, the case changed, the
    complainant told. The caller commits (the flush listener audits the change)."""
    target = step.target
    given = {name: data.get(name) for name in STEP_FIELDS if data.get(name) not in (None, "")}
    problems = {name: ["required for this step"] for name in step.needs if name not in given}
    problems |= {name: [f"does not belong to the step {step.source} → {step.target}"]
                 for name in given if name not in step.takes}
    if problems:
        raise Invalid(f"the step {step.source} → {step.target} needs {', '.join(step.needs) or 'nothing more'}", problems)
    if target == "upheld" and decision_in_force(complaint) is None:
        raise Conflict("record the decree's decision on the case before upholding it (POST …/decision)")
    if target == "closed" and complaint.status == "upheld":
        pending = outstanding(complaint)
        if pending:
            raise Conflict(f"the case cannot close yet: {'; '.join(pending)}", {"to": pending})
    complaint.status = target
    if complaint.status_reason != given.get("reason"):
        complaint.status_reason = given.get("reason")
    if "forwarded_to" in given:
        complaint.forwarded_to = given["forwarded_to"]
    if target in ASSESSMENT_OF:
        complaint.assessment = ASSESSMENT_OF[target]
    if target == "upheld":
        complaint.maladministration = given["maladministration"]
        _owe_compensations(complaint)
    if step.source == "reopened":
        complaint.reopen_requested = False
    if target in NOTICED:
        notice_for_complainant(complaint, target)
    return complaint


def ensure_editable(complaint: Complaint) -> None:
    if complaint.status not in EDITABLE:
        raise Conflict(f"the case is {complaint.status}: its facts are no longer corrected "
                       f"(only while {', '.join(EDITABLE)})")


def case_entity_ids(complaint: Complaint) -> list[str]:
    """The ids whose audit events make up the case's trail: the case and the rows it owns."""
    owned = [*decisions_of(complaint), *compensations_of(complaint), *sanctions_of(complaint), *proposals_of(complaint)]
    return [str(complaint.id), *(str(row.id) for row in owned)]


def notice_for_complainant(complaint: Complaint, event: str) -> None:
    """What the complainant is to be told: a ``notice`` event on the case's trail, and the message
    itself (core/casework/notices.py: by e-mail when it can be sent, else recorded on the case)."""
    Session.add(AuditEvent(tenant_id=complaint.tenant_id, entity=Complaint.__tablename__, entity_id=str(complaint.id),
                           action="notice", before=None, after={"event": event, "tracking_code": complaint.tracking_code}))
    notices.tell_complainant(complaint, event)


# -- decisions -----------------------------------------------------------------


def record_decision(registry: DecreeRegistry, tenant: Tenant, complaint: Complaint, user: User,
                    data: dict[str, Any]) -> tuple[CaseDecision, Decision]:
    """The head records what the tenant's decree says of the case, while assessing it. Deciding
    again needs a reason and supersedes the decision in force; the head's own ruling in place of
    the decree's (``override``) needs a written reason."""
    if not policy.can(user, "complaint.decide", tenant):
        raise Forbidden("only the pimpinan records the decision on a case (complaint.decide)")
    if complaint.status != "under_assessment":
        raise Conflict(f"a decision is recorded while the case is under_assessment; it is {complaint.status}")
    reason, override, override_reason = data.get("reason"), data.get("override"), data.get("override_reason")
    previous = decision_in_force(complaint)
    if previous is not None and not reason:
        raise Invalid("the case was decided already: say why it is decided again",
                      {"reason": ["required when deciding again"]})
    if override and not override_reason:
        raise Invalid("overriding the decree's proposal needs a written reason",
                      {"override_reason": ["required with an override"]})
    if override_reason and not override:
        raise Invalid("a reason for an override, but no override", {"override": ["missing: what the head rules instead"]})
    record, decision = decide(registry, tenant, complaint, user.id)
    record.reason, record.override, record.override_reason = reason or None, override or None, override_reason or None
    if previous is not None:
        previous.superseded_at = now()
    return record, decision


def _owe_compensations(complaint: Complaint) -> None:
    """One item for each compensation the decision in force owes and the case does not owe yet (a
    case upheld again after a keberatan keeps what it owed and was given)."""
    record = decision_in_force(complaint)
    owed = {item.code for item in compensations_of(complaint)}
    for item in ruling(record)["compensations"]:
        if item["code"] in owed:
            continue
        Session.add(CompensationGiven(
            tenant_id=complaint.tenant_id, complaint_id=complaint.id, code=item["code"], citation=item["citation"],
            due_at=datetime.fromisoformat(item["due_at"]) if item.get("due_at") else None))


# -- what is owed: compensation and sanctions -----------------------------------


def outstanding(complaint: Complaint) -> list[str]:
    """What stands between an upheld case and its closing."""
    owed = [f"compensation {item.code} not given" for item in compensations_of(complaint) if item.given_at is None]
    return owed + [f"sanction {code} not decided" for code in sanctions_pending(complaint)]


def give_compensation(tenant: Tenant, complaint: Complaint, item_id: Any, user: User, data: dict[str, Any]
                      ) -> CompensationGiven:
    """Record that an owed item was given: when, by whom, and the evidence (a letter number, a receipt)."""
    if not policy.can(user, "compensation.give", tenant):
        raise Forbidden("your role does not give compensation (compensation.give)")
    if complaint.status != "upheld":
        raise Conflict(f"compensation is given on an upheld case; this one is {complaint.status}")
    item = next((c for c in compensations_of(complaint) if str(c.id) == str(item_id)), None)
    if item is None:
        raise NotFound("compensation")
    if item.given_at is not None:
        raise Conflict(f"{item.code} was recorded as given already", {"given_at": ["already recorded"]})
    given_at = data.get("given_at") or now()
    if given_at > now():
        raise Invalid("a compensation is recorded once given, not ahead", {"given_at": ["in the future"]})
    if given_at < complaint.received_at:
        raise Invalid("given before the complaint was received", {"given_at": ["before the complaint's receipt"]})
    item.given_at, item.given_by, item.evidence = given_at, user.id, data["evidence"]
    return item


# PP 94/2021 disciplines civil servants (PNS): its lightest penalties are teguran lisan and tertulis
# (Pasal 8), and a decree's "proses disiplin" opens its procedure; pembinaan is supervision, no
# penalty. PPPK and honorer staff are outside PP 94/2021 (reading, docs/workflow.md).
PP94_PENALTIES = ("teguran", "proses_disiplin")
PP94_STAFF = ("PNS",)
FOLLOW_UP_MONTHS = 3  # UU 25/2009 Pasal 54: not mended within three months, the next step follows


def _sanction_allowed(tenant: Tenant, complaint: Complaint, user: User, code: str) -> CaseDecision:
    """The checks a proposal and a record share: the head, an upheld case, a code the decision in
    force names and not decided yet. Answers the decision in force."""
    if not policy.can(user, "sanction.decide", tenant):
        raise Forbidden("only the pimpinan decides a sanction (sanction.decide)")
    if complaint.status != "upheld":
        raise Conflict(f"a sanction is decided on an upheld case; this one is {complaint.status}")
    record = decision_in_force(complaint)
    rule = ruling(record)["sanctions"]
    options = rule["required"] + rule["choose_one_of"]
    if code not in options:
        named = ", ".join(options) or "no sanction"
        raise Conflict(f"the decision in force names {named}; to impose {code}, decide again with an override "
                       f"and its reason", {"code": [f"not among: {named}"]})
    recorded = sanctions_of(complaint)
    if code in {s.code for s in recorded} or (code in rule["choose_one_of"]
                                              and {s.code for s in recorded} & set(rule["choose_one_of"])):
        raise Conflict("this sanction is decided already", {"code": ["already decided on this case"]})
    return record


def propose_sanction(tenant: Tenant, complaint: Complaint, user: User, data: dict[str, Any],
                     answer_days: int) -> SanctionProposal:
    """The head proposes the officer's sanction; the officer (``officer_user_id``, an account of
    this agency, if the officer has one) is notified and may answer in writing within
    ``answer_days`` days, before the head records it."""
    _sanction_allowed(tenant, complaint, user, data["code"])
    if any(p.code == data["code"] and p.sanction_id is None for p in proposals_of(complaint)):
        raise Conflict(f"{data['code']} is proposed already and waits to be recorded", {"code": ["proposed already"]})
    officer_name = data.get("officer_name")
    officer_id = data.get("officer_user_id")
    if officer_id is not None:
        officer = Session.scalar(select(User).where(User.id == officer_id, User.tenant_id == tenant.id,
                                                    User.role.in_(("petugas", "pimpinan"))))
        if officer is None:
            raise Invalid("the officer named is no officer of this agency", {"officer_user_id": ["not an officer of this agency"]})
        officer_name = officer_name or officer.name
    if not officer_name:
        raise Invalid("name the officer", {"officer_name": ["required without officer_user_id"]})
    proposed_at = now()
    proposal = SanctionProposal(
        tenant_id=tenant.id, complaint_id=complaint.id, officer_name=officer_name, officer_user_id=officer_id,
        code=data["code"], staff_category=data["staff_category"], proposed_by=user.id, proposed_at=proposed_at,
        answer_due_at=proposed_at + timedelta(days=answer_days))
    Session.add(proposal)
    notices.tell_officer_of_proposal(complaint, proposal)
    return proposal


def answer_proposal(tenant: Tenant, complaint: Complaint, proposal_id: Any, user: User, answer: str) -> SanctionProposal:
    """The officer named in a proposal answers it in writing, once, before it is recorded."""
    proposal = next((p for p in proposals_of(complaint) if str(p.id) == str(proposal_id)), None)
    if proposal is None:
        raise NotFound("sanction proposal")
    if proposal.officer_user_id != user.id:
        raise Forbidden("only the officer named in the proposal answers it")
    if proposal.sanction_id is not None:
        raise Conflict("the sanction is recorded already; the answer came too late", {"answer": ["recorded already"]})
    if proposal.answered_at is not None:
        raise Conflict("the proposal is answered already", {"answer": ["answered already"]})
    proposal.answer, proposal.answered_at = answer, now()
    notices.tell_head_of_answer(complaint, proposal)
    return proposal


def ripe(proposal: SanctionProposal, at: datetime | None = None) -> bool:
    """A proposal may be recorded once the officer answered or the waiting period ran."""
    return proposal.answered_at is not None or proposal.answer_due_at <= (at or now())


def record_sanction(tenant: Tenant, complaint: Complaint, user: User, data: dict[str, Any]) -> SanctionGiven:
    """The head records the officer's sanction from those the decision in force names (one of a
    choice), once it was proposed and the officer answered or the waiting period ran."""
    record = _sanction_allowed(tenant, complaint, user, data["code"])
    code = data["code"]
    proposal = next((p for p in proposals_of(complaint) if p.code == code and p.sanction_id is None), None)
    if proposal is None:
        raise Conflict(f"propose {code} first (POST …/sanction-proposals): the officer may answer before it is recorded",
                       {"code": ["not proposed"]}, code="sanction_not_proposed")
    if not ripe(proposal):
        raise Conflict(f"the officer may answer the proposal until {proposal.answer_due_at.isoformat()}",
                       {"code": ["the officer's answer is awaited"]}, code="answer_awaited")
    decided_at = now(ZoneInfo(tenant.timezone))
    citations = record.decision.get("citations") or []
    basis = (f"penetapan pimpinan: {record.override_reason}" if "sanction" in (record.override or {})
             else f"{record.decree_number}: {'; '.join(citations)}")
    sanction = SanctionGiven(
        tenant_id=tenant.id, complaint_id=complaint.id, officer_name=data["officer_name"], code=code,
        staff_category=data["staff_category"], legal_basis=basis, decided_by=user.id, decided_at=decided_at,
        decree_wording=vocabulary.LABELS.get(code, code),
        pp94_penalty=code in PP94_PENALTIES and data["staff_category"] in PP94_STAFF,
        follow_up_on=months_later(decided_at.date(), FOLLOW_UP_MONTHS))
    Session.add(sanction)
    Session.flush()
    proposal.sanction_id = sanction.id
    return sanction
