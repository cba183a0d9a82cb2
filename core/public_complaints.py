"""The citizen's side of a case, without an account: the agency's published standards, a written
complaint filed on the public page, the case followed by its tracking code, and the citizen's say
on the outcome (a compensation received or not; keberatan against a rejection or a closure).

What a written complaint states follows UU 25/2009 (Pasal 40–42, docs/domain.md): who complains
(name, address, contact, NIK), which service and which component of its standard was not met,
what happened and what loss followed, the remedy asked, when and where. A complaint is filed
within 30 calendar days of the service. The status the citizen sees is built here, field by
field, and nothing else: never the case's internal notes, never who handled it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import cases, claims, vocabulary
from core.db import Session
from core.domain_errors import Conflict, Invalid, NotFound
from core.models import CaseDecision, CitizenResponse, Complaint, CompensationGiven, ServiceRequest, ServiceType, Tenant
from core.models.public import NOT_RECEIVED, OBJECTION, RECEIVED
from core.policy import MASKED
from core.timekeeping.windows import calendar_days_between

FILING_WINDOW_DAYS = 30  # UU 25/2009: a complaint is filed within 30 days of the service
LATE_FILING = ("Pengaduan diajukan paling lambat 30 hari sejak pelayanan diterima (UU 25/2009). "
               "Anda masih dapat mengadu ke Ombudsman RI atau melalui SP4N-LAPOR.")
PUBLIC_CHANNEL = "tertulis"  # a web form is a written complaint
# The components of a Standar Pelayanan published to the public (service delivery, PermenPANRB 15/2014).
PUBLISHED_COMPONENTS = vocabulary.STANDARD_COMPONENTS[:6]
# Outcomes as the case workflow names them; an assessment recorded before it existed reads the same.
UPHELD_STATUSES = ("upheld",)
REJECTED_STATUSES = ("rejected",)
CLOSED_STATUS = "closed"
UPHELD_ASSESSMENT, REJECTED_ASSESSMENT = "terbukti", "tidak_terbukti"
CODE_GROUP = 5


# -- the published catalogue -------------------------------------------------


def published_services() -> list[ServiceType]:
    """The services the agency offers now, by name (under the tenant scope of the caller)."""
    return list(Session.scalars(select(ServiceType).where(ServiceType.active.is_(True)).order_by(ServiceType.name)))


def published_standard(service: ServiceType) -> list[dict[str, str]]:
    """The service-delivery components of a service's Standar Pelayanan that the agency filled in."""
    components = service.components or {}
    return [{"component": code, "label": vocabulary.STANDARD_COMPONENT_LABELS[code], "text": components[code]}
            for code in PUBLISHED_COMPONENTS if components.get(code)]


# -- tracking codes ----------------------------------------------------------


def normalise_code(raw: str) -> str:
    """A code as typed (lower case, grouped with a hyphen or spaces) in its stored form."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def display_code(code: str) -> str:
    """The code grouped for reading aloud and typing: ``ABCDE-FGHJK``."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def complaint_by_code(raw_code: str) -> Complaint:
    """The case of a tracking code in the tenant in scope; another agency's code is not found."""
    code = normalise_code(raw_code)
    found = None
    if code and len(code) <= 32:
        found = Session.scalar(select(Complaint).where(Complaint.tracking_code == code))
    if found is None:
        raise NotFound("complaint")
    return found


# -- filing --------------------------------------------------------------------


def file_complaint(tenant: Tenant, data: dict[str, Any], now: datetime, registry: Any = None) -> Complaint:
    """A written complaint from the public page, checked against the catalogue and the 30-day
    window; the caller commits. ``data`` is what ``PublicComplaintSchema`` loaded. With the
    decree ``registry``, a time complaint filed during keadaan kahar is held where the decree
    says claims wait (core/claims.py)."""
    data = dict(data)
    service = Session.scalar(select(ServiceType).where(ServiceType.code == data.pop("service"),
                                                       ServiceType.active.is_(True)))
    errors = {}
    if service is None:
        errors["service"] = ["Pilih layanan dari daftar layanan dinas ini."]
    errors.update(filing_window_errors(tenant, data["occurred_at"], now))
    if errors:
        raise Invalid("some fields are invalid", errors)
    data.update(service_type_id=service.id, channel=PUBLIC_CHANNEL, origin="citizen",
                service_request_id=_request_named(data.get("request_reference"), service))
    complaint = cases.intake(tenant, data)
    if registry is not None:
        claims.hold_if_kahar(registry, tenant, complaint, now)
    return complaint


def _request_named(reference: str | None, service: ServiceType) -> Any:
    """The agency's request the citizen names by its number, for the same service: the case is
    then judged by that request's own clock (received, berkas lengkap, finished). A number the
    agency does not know, or of another service, stays text on the case for the officer."""
    if not reference:
        return None
    return Session.scalar(select(ServiceRequest.id).where(ServiceRequest.reference == reference.strip(),
                                                          ServiceRequest.service_type_id == service.id))


def filing_window_errors(tenant: Tenant, occurred_at: datetime, now: datetime) -> dict[str, list[str]]:
    """Field errors for a service moment in the future or more than 30 days ago."""
    elapsed = calendar_days_between(occurred_at, now, ZoneInfo(tenant.timezone))
    if occurred_at > now:
        return {"occurred_at": ["Waktu kejadian tidak boleh di masa depan."]}
    if elapsed > FILING_WINDOW_DAYS:
        return {"occurred_at": [LATE_FILING]}
    return {}


# -- what the citizen sees -----------------------------------------------------


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
    return (not complaint.reopen_requested and not _objected(complaint)
            and (complaint.status in REJECTED_STATUSES or complaint.status == CLOSED_STATUS))


def _objected(complaint: Complaint) -> bool:
    return Session.scalar(select(CitizenResponse.id).where(CitizenResponse.complaint_id == complaint.id,
                                                           CitizenResponse.kind == OBJECTION).limit(1)) is not None


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
    responses = list(Session.scalars(select(CitizenResponse).where(CitizenResponse.complaint_id == complaint.id)
                                     .order_by(CitizenResponse.at)))
    answers = {r.compensation_id: r for r in responses if r.compensation_id is not None}
    objection = next((r for r in reversed(responses) if r.kind == OBJECTION), None)
    items = Session.scalars(select(CompensationGiven).where(CompensationGiven.complaint_id == complaint.id)
                            .order_by(CompensationGiven.due_at, CompensationGiven.code))
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
        decision=_decision_in_force(complaint) if outcome == "upheld" else None,
        compensations=[{
            "id": item.id, "code": item.code, "citation": item.citation, "due_at": item.due_at,
            "given_at": item.given_at,
            "citizen_answer": answers[item.id].kind if item.id in answers else None,
            "answered_at": answers[item.id].at if item.id in answers else None,
        } for item in items],
        objection={"reason": objection.note, "at": objection.at} if objection is not None else None,
        may_object=may_object(complaint),
    )


def _decision_in_force(complaint: Complaint) -> dict[str, Any] | None:
    """The latest decree decision recorded on the case, as the citizen may read it: the severity
    and what is owed, each with its clause; not the officer's sanction."""
    record = Session.scalar(select(CaseDecision).where(CaseDecision.complaint_id == complaint.id)
                            .order_by(CaseDecision.decided_at.desc()).limit(1))
    if record is None:
        return None
    decision = record.decision
    return {
        "decree_number": record.decree_number,
        "severity": decision.get("severity"),
        "compensations": [{"code": c["code"], "citation": c.get("citation", ""), "due_at": c.get("due_at")}
                          for c in decision.get("compensations", [])],
        "citations": list(decision.get("citations", [])),
    }


# -- the citizen's say -----------------------------------------------------------


def answer_compensation(complaint: Complaint, compensation_id: uuid.UUID | str, received: bool,
                        note: str = "") -> CitizenResponse:
    """The citizen says a compensation of the case was received, or was not; the caller commits."""
    try:
        key = compensation_id if isinstance(compensation_id, uuid.UUID) else uuid.UUID(str(compensation_id))
    except ValueError:
        raise NotFound("compensation") from None
    item = Session.scalar(select(CompensationGiven).where(CompensationGiven.id == key,
                                                          CompensationGiven.complaint_id == complaint.id))
    if item is None:
        raise NotFound("compensation")
    response = CitizenResponse(tenant_id=complaint.tenant_id, complaint_id=complaint.id, compensation_id=item.id,
                               kind=RECEIVED if received else NOT_RECEIVED, note=note)
    Session.add(response)
    return response


def object_to_outcome(complaint: Complaint, reason: str) -> CitizenResponse:
    """Keberatan: the citizen objects to a rejection or a closure. The objection is recorded, the
    case reopens for the head through the workflow (rejected/closed → reopened, audited, the text
    kept as the step's reason) and the head is told. Refused (409) while an objection awaits the
    head, once one was made on the case, or for a case with no such outcome."""
    from core import notices, workflow

    if complaint.reopen_requested:
        raise Conflict("an objection to this outcome is already recorded and awaits the head",
                       {"reason": ["Keberatan Anda sudah tercatat dan sedang menunggu pimpinan."]}, code="objection_pending")
    if _objected(complaint):
        raise Conflict("a keberatan was made on this case already and the head has answered it",
                       {"reason": ["Keberatan atas pengaduan ini sudah pernah diajukan dan telah dijawab pimpinan. "
                                   "Anda dapat melapor ke Ombudsman RI."]}, code="objected_already")
    if not may_object(complaint):
        raise Conflict(f"only a rejection or a closure can be objected to; the case is {complaint.status!r}",
                       {"reason": ["Keberatan hanya dapat diajukan atas pengaduan yang ditolak atau ditutup."]},
                       code="nothing_to_object_to")
    response = CitizenResponse(tenant_id=complaint.tenant_id, complaint_id=complaint.id, kind=OBJECTION, note=reason)
    Session.add(response)
    workflow.take_step(complaint, workflow.step_of(complaint, "reopened"), {"reason": reason})
    complaint.reopen_requested = True
    notices.tell_head_of_objection(complaint, reason)
    return response


def objection_of(complaint: Complaint) -> CitizenResponse | None:
    """The complainant's keberatan on the case, if any."""
    return Session.scalar(select(CitizenResponse).where(CitizenResponse.complaint_id == complaint.id,
                                                        CitizenResponse.kind == OBJECTION)
                          .order_by(CitizenResponse.at.desc()).limit(1))


# How a case's status reads to the citizen (the workflow's codes; an unknown one reads as itself).
CITIZEN_STATUS_LABELS = {
    "received": "Diterima, menunggu verifikasi",
    "verified": "Terverifikasi",
    "tunda": "Ditunda",
    "deferred": "Ditunda",
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
