"""The citizen's say on the outcome of a case: a compensation received or not, and keberatan
against a rejection or a closure."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from core.casework import notices, records, workflow
from core.citizen.view import may_object
from core.models import CitizenResponse, Complaint, CompensationGiven
from core.models.public import NOT_RECEIVED, OBJECTION, RECEIVED
from core.platform.db import Session
from core.platform.domain_errors import Conflict, NotFound


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
    if complaint.reopen_requested:
        raise Conflict("an objection to this outcome is already recorded and awaits the head",
                       {"reason": ["Keberatan Anda sudah tercatat dan sedang menunggu pimpinan."]}, code="objection_pending")
    if records.objection_of(complaint) is not None:
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
