"""Complaints as cases: intake, staff changes guarded by version, the decree's decision."""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app
from sqlalchemy import select

from core.catalogue import service_code_of
from core.db import Session
from core.decrees.contract import Decision
from core.decrees.dispatch import evaluate_for_tenant
from core.decrees.facts import load_facts
from core.errors import APIError
from core.lookup import get_or_404
from core.models import CaseDecision, Complaint, ServiceRequest, Tenant

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def intake(tenant: Tenant, data: dict[str, Any]) -> Complaint:
    if data.get("service_request_id") is not None:
        get_or_404(ServiceRequest, data["service_request_id"])
    complaint = Complaint(tenant_id=tenant.id, tracking_code=new_tracking_code(), **data)
    Session.add(complaint)
    return complaint


def check_version(complaint: Complaint, if_match: str | None) -> None:
    """A write must name the version it was based on; an older one is a 409, never an overwrite."""
    if not if_match:
        raise APIError(428, "precondition_required", "send If-Match with the version you read", {"If-Match": ["required"]})
    try:
        expected = int(if_match.strip().strip('"').removeprefix("W/").strip('"'))
    except ValueError:
        raise APIError(400, "bad_request", "If-Match must be the case version number", {"If-Match": ["not a number"]}) from None
    if expected != complaint.version:
        raise APIError(409, "stale", f"the case is at version {complaint.version}, you sent {expected}; reload it")


def update(complaint: Complaint, data: dict[str, Any], if_match: str | None) -> Complaint:
    check_version(complaint, if_match)
    for key, value in data.items():
        setattr(complaint, key, value)
    return complaint


def facts_of(complaint: Complaint) -> dict[str, Any]:
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
        request = Session.scalar(select(ServiceRequest).where(ServiceRequest.id == complaint.service_request_id))
        facts["service_request"] = {
            "service": service_code_of(request),
            "received_at": request.received_at.isoformat(),
            "documents_complete_at": request.documents_complete_at.isoformat() if request.documents_complete_at else None,
            "completed_at": request.completed_at.isoformat() if request.completed_at else None,
        }
    return {k: v for k, v in facts.items() if v is not None}


def decide(tenant: Tenant, complaint: Complaint, actor_id: int | None) -> tuple[CaseDecision, Decision]:
    """Ask the tenant's decree and record its answer with the plugin version and facts, for replay."""
    raw = facts_of(complaint)
    decision = evaluate_for_tenant(current_app.extensions["decrees"], tenant, load_facts(raw))
    record = CaseDecision(
        tenant_id=tenant.id,
        complaint_id=complaint.id,
        plugin=decision.decree.plugin,
        plugin_version=decision.decree.version,
        decree_number=decision.decree.number,
        facts=raw,
        decision=decision.to_dict(),
        decided_by=actor_id,
    )
    Session.add(record)
    return record, decision
