"""What a case holds, each read once: its decisions and the one in force, what that decision
owes (the decree's proposal, or the head's override), the compensation owed and given, the
sanctions proposed and decided, and the complainant's keberatan.

Everything that asks "what does this case owe" reads it here, so the officer's page, the
letters, the work lists and the citizen's page cannot disagree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.models import CaseDecision, CitizenResponse, Complaint, CompensationGiven, SanctionGiven, SanctionProposal
from core.models.cases import in_force
from core.models.public import OBJECTION
from core.platform.db import Session


def decision_in_force(complaint: Complaint) -> CaseDecision | None:
    return Session.scalar(select(CaseDecision).where(CaseDecision.complaint_id == complaint.id, in_force())
                          .order_by(CaseDecision.decided_at.desc()).limit(1))


def decisions_of(complaint: Complaint) -> list[CaseDecision]:
    return list(Session.scalars(select(CaseDecision).where(CaseDecision.complaint_id == complaint.id)
                                .order_by(CaseDecision.decided_at)))


def ruling(record: Any) -> dict[str, Any]:
    """What the case owes under a decision: the decree's proposal, or the head's override of it.
    ``record`` is a :class:`CaseDecision` or anything with its ``decision``, ``override`` and
    ``override_reason``."""
    compensations = list(record.decision["compensations"])
    sanctions = dict(record.decision["sanctions"])
    override = record.override or {}
    if "compensations" in override:
        proposed = {item["code"]: item for item in compensations}
        compensations = [proposed.get(code, {"code": code, "due_at": None,
                                             "citation": f"penetapan pimpinan: {record.override_reason}"})
                         for code in override["compensations"]]
    if "sanction" in override:
        sanctions = {"required": [override["sanction"]] if override["sanction"] else [], "choose_one_of": []}
    return {"compensations": compensations, "sanctions": sanctions}


def compensations_of(complaint: Complaint) -> list[CompensationGiven]:
    return list(Session.scalars(select(CompensationGiven).where(CompensationGiven.complaint_id == complaint.id)
                                .order_by(CompensationGiven.due_at, CompensationGiven.code)))


def sanctions_of(complaint: Complaint) -> list[SanctionGiven]:
    return list(Session.scalars(select(SanctionGiven).where(SanctionGiven.complaint_id == complaint.id)
                                .order_by(SanctionGiven.decided_at)))


def sanctions_pending(complaint: Complaint, record: CaseDecision | None = None,
                      recorded: list[SanctionGiven] | None = None) -> list[str]:
    """The sanctions the decision in force still waits for: each required one, and one of a choice."""
    record = record or decision_in_force(complaint)
    if record is None:
        return []
    codes = {s.code for s in (recorded if recorded is not None else sanctions_of(complaint))}
    rule = ruling(record)["sanctions"]
    pending = [code for code in rule["required"] if code not in codes]
    if rule["choose_one_of"] and not codes & set(rule["choose_one_of"]):
        pending.append(" / ".join(rule["choose_one_of"]))
    return pending


def proposals_of(complaint: Complaint) -> list[SanctionProposal]:
    return list(Session.scalars(select(SanctionProposal).where(SanctionProposal.complaint_id == complaint.id)
                                .order_by(SanctionProposal.proposed_at)))


def citizen_responses_of(complaint: Complaint) -> list[CitizenResponse]:
    """What the complainant said on the case (compensation received or not, keberatan), oldest first."""
    return list(Session.scalars(select(CitizenResponse).where(CitizenResponse.complaint_id == complaint.id)
                                .order_by(CitizenResponse.at)))


def objection_of(complaint: Complaint) -> CitizenResponse | None:
    """The complainant's keberatan on the case, if any (the latest)."""
    return Session.scalar(select(CitizenResponse).where(CitizenResponse.complaint_id == complaint.id,
                                                        CitizenResponse.kind == OBJECTION)
                          .order_by(CitizenResponse.at.desc()).limit(1))
