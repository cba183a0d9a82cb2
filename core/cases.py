"""Complaints as cases: intake, staff changes, the decree's decision.

A change is guarded twice against stale writes: the API compares the version the client
read (If-Match) before changing anything, and the model's version column refuses a write
that raced another one (``StaleDataError``, a 409 like the first)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from core.catalogue import service_code_of
from core.db import Session
from core.decrees.contract import Decision
from core.decrees.dispatch import evaluate_for_tenant
from core.decrees.facts import load_facts
from core.decrees.registry import DecreeRegistry
from core.lookup import by_id
from core.models import CaseDecision, Complaint, ServiceRequest, Tenant

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


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


def decide(registry: DecreeRegistry, tenant: Tenant, complaint: Complaint, actor_id: int | None
           ) -> tuple[CaseDecision, Decision]:
    """Ask the tenant's decree and record its answer with the plugin version and facts, for replay."""
    raw = facts_of(complaint)
    decision = evaluate_for_tenant(registry, tenant, load_facts(raw))
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
