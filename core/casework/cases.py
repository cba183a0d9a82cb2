"""Complaints as cases: intake, staff changes, the decree's decision.

A change is guarded twice against stale writes: the API compares the version the client
read (If-Match) before changing anything, and the model's version column refuses a write
that raced another one (``StaleDataError``, a 409 like the first)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.agency.catalogue import service_code_of
from core.platform.db import Session, new_id
from core.models.audit_trail import created_in_bulk
from core.decrees.contract import Decision, Facts, ServiceRequestFacts
from core.decrees.dispatch import TenantDecrees, evaluate_for_tenant
from core.decrees.facts import load_facts
from core.decrees.registry import DecreeRegistry
from core.platform.lookup import by_id
from core.models import CaseDecision, Complaint, ServiceRequest, Tenant
from core.casework.tracking import new_tracking_code
from core.timekeeping.windows import calendar_days_between

FILING_WINDOW_DAYS = 30  # UU 25/2009: a complaint is filed within 30 days of the service
LATE_FILING = ("Pengaduan diajukan paling lambat 30 hari sejak pelayanan diterima (UU 25/2009). "
               "Anda masih dapat mengadu ke Ombudsman RI atau melalui SP4N-LAPOR.")


def filing_window_errors(tenant: Tenant, occurred_at: datetime, now: datetime) -> dict[str, list[str]]:
    """Field errors for a service moment in the future or more than 30 days ago (the public form
    and the officer's desk form of an oral claim alike)."""
    elapsed = calendar_days_between(occurred_at, now, ZoneInfo(tenant.timezone))
    if occurred_at > now:
        return {"occurred_at": ["Waktu kejadian tidak boleh di masa depan."]}
    if elapsed > FILING_WINDOW_DAYS:
        return {"occurred_at": [LATE_FILING]}
    return {}


def intake(tenant: Tenant, data: dict[str, Any], received_by: int | None = None) -> Complaint:
    if data.get("service_request_id") is not None:
        by_id(ServiceRequest, data["service_request_id"])
    complaint = Complaint(tenant_id=tenant.id, tracking_code=new_tracking_code(), received_by=received_by, **data)
    Session.add(complaint)
    return complaint


def update(complaint: Complaint, data: dict[str, Any]) -> Complaint:
    for key, value in data.items():
        setattr(complaint, key, value)
    return complaint


def facts_of(complaint: Complaint, request: Any = None, service_code: str | None = None) -> dict[str, Any]:
    """The facts a decree judges a case by. ``request`` and ``service_code`` may be given by a
    caller that has them already (the breach sweep), else they are read."""
    facts: dict[str, Any] = {
        "occurred_at": complaint.occurred_at.isoformat(),
        "complaint_received_at": complaint.received_at.isoformat() if complaint.channel else None,
        "channel": complaint.channel,
        "component": complaint.component,
        "conduct": complaint.conduct,
        "disruption": complaint.disruption,
        "user_in_jurisdiction": complaint.user_in_jurisdiction,
    }
    if complaint.service_request_id:
        if request is None:
            request = Session.scalar(select(ServiceRequest).where(ServiceRequest.id == complaint.service_request_id))
        facts["service_request"] = request_facts(request, service_code or service_code_of(request),
                                                 request.completed_at)
    return {k: v for k, v in facts.items() if v is not None}


def request_facts(request: Any, service: str | None, completed_at: datetime | None) -> dict[str, Any]:
    """A service request's clock as a decree reads it, in the facts stored with a decision."""
    return {
        "service": service, "received_at": _iso(request.received_at),
        "documents_complete_at": _iso(request.documents_complete_at), "completed_at": _iso(completed_at),
    }


def decide(registry: DecreeRegistry, tenant: Tenant, complaint: Complaint, actor_id: int | None
           ) -> tuple[CaseDecision, Decision]:
    """Ask the tenant's decree and record its answer with the plugin version and facts, for replay."""
    raw = facts_of(complaint)
    decision = evaluate_for_tenant(registry, tenant, load_facts(raw))
    return record_decision(complaint, raw, decision, actor_id), decision


def record_decision(complaint: Complaint, raw: dict[str, Any], decision: Decision, actor_id: int | None) -> CaseDecision:
    """Store a decree's decision on a case with the facts it judged and the plugin's version."""
    record = decision_row(complaint, raw, decision, actor_id)
    Session.add(record)
    return record


def decision_row(complaint: Complaint, raw: dict[str, Any], decision: Decision, actor_id: int | None) -> CaseDecision:
    return CaseDecision(**decision_values(complaint.tenant_id, complaint.id, raw, decision, actor_id))


def decision_values(tenant_id: int, complaint_id: Any, raw: dict[str, Any], decision: Decision,
                    actor_id: int | None, reason: str | None = None) -> dict[str, Any]:
    """The columns of a stored decision: the decree's answer with the facts it judged and the
    plugin's version, for replay."""
    return {
        "tenant_id": tenant_id, "complaint_id": complaint_id, "plugin": decision.decree.plugin,
        "plugin_version": decision.decree.version, "decree_number": decision.decree.number, "facts": raw,
        "decision": decision.to_dict(), "decided_by": actor_id, "reason": reason,
    }


def breach_case(judge: TenantDecrees, request: Any, detected_at: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case the platform opens itself for a request found past its deadline (``origin``
    "system", no complaint channel) and the decision of the tenant's decree on it, judged at the
    moment of detection: the rows of both, for the caller to write in one transaction
    (:func:`write_breach_cases`). ``request`` is a stored request or a sweep's row of its columns.

    The facts are those :func:`facts_of` reads from the stored case, built here from the row
    the sweep already holds: read from the database, not from input, they need no parsing."""
    complaint_id = new_id()
    complaint = {
        "tenant_id": judge.tenant.id, "id": complaint_id, "tracking_code": new_tracking_code(), "origin": "system",
        "breach_kind": "late", "service_request_id": request.id, "channel": None, "component": "jangka_waktu",
        "description": (f"Terdeteksi oleh sistem: permohonan {request.reference} melewati tenggat "
                        f"{request.due_at.isoformat()} dan belum selesai."),
        "user_in_jurisdiction": request.user_in_jurisdiction, "occurred_at": detected_at, "received_at": detected_at,
        "received_by": None, "status": "received", "version": 1,
    }
    raw, decision = system_judgement(judge, request, detected_at)
    complaint["ask_decree_again"] = not decision.applies
    return complaint, decision_record(judge, complaint_id, raw, decision)


def system_judgement(judge: TenantDecrees, request: Any, at: datetime) -> tuple[dict[str, Any], Decision]:
    """What the tenant's decree says, at ``at``, of a request the platform found late: the facts
    (stored with the decision, for replay) and the decision."""
    service = judge.service_codes.get(request.service_type_id)
    completed_at = getattr(request, "completed_at", None)
    facts = Facts(
        component="jangka_waktu", occurred_at=at, user_in_jurisdiction=request.user_in_jurisdiction,
        service_request=ServiceRequestFacts(service, request.received_at, request.documents_complete_at, completed_at),
    )
    raw: dict[str, Any] = {"occurred_at": at.isoformat(), "component": "jangka_waktu"}
    if request.user_in_jurisdiction is not None:
        raw["user_in_jurisdiction"] = request.user_in_jurisdiction
    raw["service_request"] = request_facts(request, service, completed_at)
    return raw, judge.evaluate(facts)


def decision_record(judge: TenantDecrees, complaint_id: Any, raw: dict[str, Any], decision: Decision,
                    reason: str | None = None) -> dict[str, Any]:
    """The row of a decision the platform records itself (no one decided it)."""
    return {"id": new_id(), **decision_values(judge.tenant.id, complaint_id, raw, decision, None, reason)}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def write_breach_cases(complaints: list[dict[str, Any]], decisions: list[dict[str, Any]]) -> None:
    """The cases, then their decisions, each with its audit event, in the session's transaction.
    A second case for the same breach is refused by the unique key (tenant, request, breach
    kind): the caller's transaction then fails whole."""
    created_in_bulk(Session, Complaint, complaints)
    created_in_bulk(Session, CaseDecision, decisions)
