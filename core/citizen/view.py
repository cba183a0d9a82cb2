"""A case as its complainant may see it, read with the tracking code: the status in the
citizen's words, what the decision in force owes, the compensation and the citizen's answers.
The view is built here, field by field, and nothing else: never the case's internal notes,
never who handled it, never the officer's sanction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.access.policy import MASKED
from core.casework import records
from core.models import Complaint, ServiceType
from core.models.public import OBJECTION
from core.platform.db import Session

# Outcomes as the case workflow names them; an assessment recorded before it existed reads the same.
UPHELD_STATUSES = ("upheld",)
REJECTED_STATUSES = ("rejected",)
CLOSED_STATUS = "closed"
UPHELD_ASSESSMENT, REJECTED_ASSESSMENT = "terbukti", "tidak_terbukti"


@dataclass
class CitizenView:
    """A case as its complainant may see it."""

    tracking_code: str
    received_at: datetime
    status: str
    service: str | None
    component: str
    anonymous: bool
    confidential: bool
    complainant_name: str
    complainant_nik: str
    outcome: str | None  # "upheld", "rejected" or None (not assessed yet)
    closed: bool
    decision: dict[str, Any] | None
    compensations: list[dict[str, Any]] = field(default_factory=list)
    objection: dict[str, Any] | None = None
    may_object: bool = False


def outcome_of(complaint: Complaint) -> str | None:
    if complaint.status in UPHELD_STATUSES or complaint.assessment == UPHELD_ASSESSMENT:
        return "upheld"
    if complaint.status in REJECTED_STATUSES or complaint.assessment == REJECTED_ASSESSMENT:
        return "rejected"
    return None


def may_object(complaint: Complaint) -> bool:
    """Keberatan lies against a rejection or a closure, once on a case."""
    return (not complaint.reopen_requested and records.objection_of(complaint) is None
            and (complaint.status in REJECTED_STATUSES or complaint.status == CLOSED_STATUS))


def masked_nik(complaint: Complaint) -> str:
    """The NIK's last four digits (the complainant recognises it; nobody can use it), or nothing
    at all when the complaint is anonim or rahasia."""
    nik = complaint.complainant_nik or ""
    if not nik:
        return ""
    if complaint.anonymous or complaint.confidential:
        return MASKED
    return "•" * (len(nik) - 4) + nik[-4:]


def citizen_view(complaint: Complaint) -> CitizenView:
    service = None
    if complaint.service_type_id is not None:
        service = Session.scalar(select(ServiceType.name).where(ServiceType.id == complaint.service_type_id))
    hidden = complaint.anonymous or complaint.confidential
    outcome = outcome_of(complaint)
    responses = records.citizen_responses_of(complaint)
    answers = {r.compensation_id: r for r in responses if r.compensation_id is not None}
    objection = next((r for r in reversed(responses) if r.kind == OBJECTION), None)
    items = records.compensations_of(complaint)
    return CitizenView(
        tracking_code=complaint.tracking_code,
        received_at=complaint.received_at,
        status=complaint.status,
        service=service,
        component=complaint.component,
        anonymous=complaint.anonymous,
        confidential=complaint.confidential,
        complainant_name=MASKED if hidden and complaint.complainant_name else complaint.complainant_name,
        complainant_nik=masked_nik(complaint),
        outcome=outcome,
        closed=complaint.status == CLOSED_STATUS,
        decision=decision_for_citizen(complaint) if outcome == "upheld" else None,
        compensations=[{
            "id": item.id, "code": item.code, "citation": item.citation, "due_at": item.due_at,
            "given_at": item.given_at,
            "citizen_answer": answers[item.id].kind if item.id in answers else None,
            "answered_at": answers[item.id].at if item.id in answers else None,
        } for item in items],
        objection={"reason": objection.note, "at": objection.at} if objection is not None else None,
        may_object=may_object(complaint),
    )


def decision_for_citizen(complaint: Complaint) -> dict[str, Any] | None:
    """The decision in force on the case, as the citizen may read it: the severity and what is
    owed (the head's override where there is one), each with its clause; not the officer's sanction."""
    record = records.decision_in_force(complaint)
    if record is None:
        return None
    decision = record.decision
    return {
        "decree_number": record.decree_number,
        "severity": decision.get("severity"),
        "compensations": [{"code": c["code"], "citation": c.get("citation", ""), "due_at": c.get("due_at")}
                          for c in records.ruling(record)["compensations"]],
        "citations": list(decision.get("citations", [])),
    }


# How a case's status reads to the citizen (the workflow's codes; an unknown one reads as itself).
CITIZEN_STATUS_LABELS = {
    "received": "Diterima, menunggu verifikasi",
    "verified": "Terverifikasi",
    "tunda": "Ditunda",
    "forwarded": "Diteruskan ke instansi yang berwenang",
    "under_assessment": "Sedang dinilai pimpinan",
    "upheld": "Terbukti",
    "rejected": "Tidak terbukti",
    "closed": "Selesai",
    "reopened": "Dibuka kembali atas keberatan Anda, menunggu penilaian ulang pimpinan",
    "held_kahar": "Ditahan selama keadaan kahar; dilanjutkan setelah keadaan dinyatakan pulih",
}


def status_label(status: str) -> str:
    return CITIZEN_STATUS_LABELS.get(status, status)
