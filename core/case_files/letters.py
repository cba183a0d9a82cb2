"""Letters issued on a case: the written apology (``maaf_tertulis``) and the notice of
non-conformance (``pemberitahuan_ketidaksesuaian``), as numbered PDFs on the agency's letterhead.

A letter is issued only for a compensation the decision in force on the case owes, and cites
that compensation's clause. Its number is the tenant's next in the year (``core/letter_numbers``),
formatted by the tenant's ``letterhead.letter_number``; the PDF is kept in the case file store
and recorded as a :class:`~core.models.Letter`, one of each kind per decision.
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import vocabulary
from core.platform.db import Session, utcnow
from core.platform.domain_errors import Conflict, Invalid, NotFound, Unavailable
from core.platform.filestore import FileStore
from core.agency.letter_numbers import DEFAULT_FORMAT, NumberFormatError, check_format, format_number, next_sequence
from core.case_files.letter_pdf import render_pdf
from core.platform.lookup import by_id
from core.models import CaseDecision, Complaint, CompensationGiven, Letter, ServiceRequest, ServiceType, Tenant
from core.access.policy import MASKED
from core.platform.sniff import JPEG, PNG, NotAccepted, sniff
from core.casework.records import decision_in_force, ruling

KINDS = ("maaf_tertulis", "pemberitahuan_ketidaksesuaian")
SUBJECTS = {
    "maaf_tertulis": "Permohonan Maaf atas Ketidaksesuaian Pelayanan",
    "pemberitahuan_ketidaksesuaian": "Pemberitahuan atas Ketidaksesuaian Pelayanan",
}
LETTERHEAD_FIELDS = ("government", "agency", "address", "phone", "email", "city", "head_title", "head_name")


logger = logging.getLogger("kompensasi.letters")


def owed_item(record: CaseDecision, kind: str) -> dict[str, Any]:
    """The compensation of this kind the decision owes, or a Conflict saying what it owes instead."""
    decision = record.decision or {}
    applies = decision.get("applies") or "compensations" in (record.override or {})
    owed = {item["code"]: item for item in ruling(record)["compensations"]} if applies else {}
    if kind not in owed:
        listed = ", ".join(owed) or "no compensation"
        raise Conflict(f"the decision in force on this case ({record.decree_number}) does not owe {kind}; it owes {listed}",
                       {"kind": [f"not owed by the decision in force (it owes {listed})"]}, code="not_owed")
    return owed[kind]


def issue(store: FileStore, tenant: Tenant, complaint: Complaint, kind: str, actor_id: int | None = None,
          now: datetime | None = None) -> Letter:
    """Number, render, keep and record the letter of ``kind`` the decision in force owes. The number
    is taken first and held (locked) until the caller commits; a failure on the way gives it back."""
    if kind not in KINDS:
        raise Invalid(f"kind: a letter is one of {', '.join(KINDS)}", {"kind": [f"one of {', '.join(KINDS)}"]})
    record = decision_in_force(complaint)
    if record is None:
        raise Conflict("the case has no decision yet: record the decree's decision before issuing a letter",
                       {"kind": ["the case has no decision yet"]}, code="no_decision")
    item = owed_item(record, kind)
    earlier = Session.scalar(select(Letter).where(Letter.case_decision_id == record.id, Letter.kind == kind))
    if earlier is not None:
        raise Conflict(f"letter {earlier.number} ({kind}) was already issued for the decision in force",
                       {"kind": [f"already issued as {earlier.number}"]}, code="already_issued")
    try:
        template = check_format(tenant.letterhead.get("letter_number") or DEFAULT_FORMAT)
    except NumberFormatError as exc:
        raise Conflict(f"the agency's letter number format (letterhead.letter_number in its tenant file) is wrong: {exc}",
                       code="letterhead") from None
    moment = now or utcnow()
    day = moment.astimezone(ZoneInfo(tenant.timezone)).date()
    sequence = next_sequence(tenant.id, day.year)
    number = format_number(template, sequence, day)
    compensation = Session.scalar(select(CompensationGiven).where(
        CompensationGiven.complaint_id == complaint.id, CompensationGiven.code == kind).limit(1))
    try:
        content = render_pdf(kind, {**_context(tenant, complaint, record, item, number, day), "logo": logo_data_uri(store, tenant)})
    except Exception as exc:  # the renderer (WeasyPrint, its fonts) is outside the platform: report, store nothing
        logger.exception("letter %s for case %s could not be rendered", number, complaint.id)
        raise Unavailable("the letter could not be rendered; nothing was issued and its number is not used: try again",
                          code="letter_not_rendered") from exc
    letter = Letter(
        tenant_id=tenant.id, complaint_id=complaint.id, case_decision_id=record.id,
        compensation_id=compensation.id if compensation else None, kind=kind, year=day.year, sequence=sequence,
        number=number, citation=item["citation"], sha256=store.put(content), size_bytes=len(content),
        issued_by=actor_id, issued_at=moment,
    )
    Session.add(letter)
    try:
        Session.flush()
    except IntegrityError:
        Session.rollback()
        raise Conflict(f"a {kind} letter was issued for this decision at the same moment; reload the case",
                       {"kind": ["already issued"]}, code="already_issued") from None
    return letter


def logo_data_uri(store: FileStore, tenant: Tenant) -> str:
    """The agency's logo (``letterhead.logo``, the hash of a PNG or JPEG in the store, set by
    ``core/case_files/letterhead.py``) inline in the letter, or empty when it has none or its file is gone."""
    sha256 = (tenant.letterhead or {}).get("logo")
    if not sha256:
        return ""
    try:
        content = store.read(sha256)
        kind = sniff(content)
    except (FileNotFoundError, ValueError, NotAccepted):
        logger.warning("the logo of %s is recorded but not readable from the store: %s", tenant.slug, sha256)
        return ""
    if kind.media_type not in (JPEG, PNG):
        return ""
    return f"data:{kind.media_type};base64,{base64.b64encode(content).decode()}"


def addressee(complaint: Complaint) -> str:
    """Who the letter is addressed to: the complainant, masked when the complaint is anonim."""
    if complaint.anonymous or not complaint.complainant_name.strip():
        return f"Pengadu {MASKED}"
    return f"Sdr. {complaint.complainant_name.strip()}"


def _service_name(complaint: Complaint) -> str:
    if complaint.service_request_id is None:
        return ""
    request = Session.scalar(select(ServiceRequest).where(ServiceRequest.id == complaint.service_request_id))
    service = Session.scalar(select(ServiceType).where(ServiceType.id == request.service_type_id)) if request else None
    return service.name if service else ""


def _context(tenant: Tenant, complaint: Complaint, record: CaseDecision, item: dict[str, Any], number: str, day) -> dict:
    zone = ZoneInfo(tenant.timezone)
    letterhead = {name: str(tenant.letterhead.get(name, "")) for name in LETTERHEAD_FIELDS}
    return {
        "letterhead": letterhead, "agency_name": tenant.name, "number": number, "subject": SUBJECTS[item["code"]],
        "issued_on": format_date(day, "d MMMM y", locale="id"),
        "received_on": format_date(complaint.received_at.astimezone(zone).date(), "d MMMM y", locale="id"),
        "addressee": addressee(complaint), "tracking_code": complaint.tracking_code,
        "service_name": _service_name(complaint),
        "component_label": vocabulary.LABELS.get(complaint.component, complaint.component),
        "decree_number": record.decree_number, "citation": item["citation"],
    }


def of_case(complaint: Complaint) -> list[Letter]:
    return list(Session.scalars(select(Letter).where(Letter.complaint_id == complaint.id)
                                .order_by(Letter.issued_at, Letter.sequence)))


def one_of_case(complaint: Complaint, letter_id: str) -> Letter:
    """One letter of this case; another case's (or another tenant's) is not found."""
    letter = by_id(Letter, letter_id)
    if letter.complaint_id != complaint.id:
        raise NotFound("Letter")
    return letter


def issuable(complaint: Complaint) -> list[dict[str, Any]]:
    """The letters the decision in force owes and that are not issued yet: ``{"kind", "citation"}``."""
    record = decision_in_force(complaint)
    if record is None or not (record.decision or {}).get("applies"):
        return []
    issued = set(Session.scalars(select(Letter.kind).where(Letter.case_decision_id == record.id)))
    return [{"kind": item["code"], "citation": item["citation"]} for item in record.decision.get("compensations", [])
            if item["code"] in KINDS and item["code"] not in issued]
