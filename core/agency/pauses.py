"""An officer pauses one service request's clock, with a reason from a closed list, and resumes it.

The paused interval stops the request's clock as a keadaan kahar does (``catalogue.pause_stops``),
so resuming moves the deadline by exactly the paused working time. While a pause is open the
request's status is ``paused``: the breach sweep, which looks at ``received`` and ``in_progress``
only, passes it by. A request already past its deadline cannot be paused: its breach happened.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.agency.catalogue import set_deadline_and_status
from core.platform.db import Session
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import Conflict, Invalid
from core.models import RequestPause, ServiceRequest, ServiceType, Tenant
from core.vocabulary import PAUSE_REASONS

FINISHED = ("completed", "handed_over")


def open_pause(request: ServiceRequest) -> RequestPause | None:
    return next((pause for pause in request.pauses if pause.ended_at is None), None)


def _refresh(registry: DecreeRegistry, tenant: Tenant, request: ServiceRequest) -> None:
    Session.flush()
    Session.expire(request, ["pauses"])
    service_type = Session.scalar(select(ServiceType).where(ServiceType.id == request.service_type_id))
    set_deadline_and_status(registry, tenant, request, service_type)


def pause(registry: DecreeRegistry, tenant: Tenant, request: ServiceRequest, reason: str | None,
          actor_id: int | None, at: datetime) -> RequestPause:
    """Stop the request's clock from ``at`` for ``reason`` (one of ``PAUSE_REASONS``)."""
    if reason not in PAUSE_REASONS:
        raise Invalid("a pause needs a reason from the list",
                      {"reason": [f"Must be one of: {', '.join(PAUSE_REASONS)}."]})
    if request.status in FINISHED:
        raise Conflict(f"the request is {request.status}: a finished request's clock cannot be paused",
                       {"status": [f"{request.status}: finished"]})
    current = open_pause(request)
    if current is not None:
        raise Conflict("the request is already paused", {"status": [f"paused since {current.started_at.isoformat()}"]})
    if request.due_at is not None and request.due_at <= at:
        raise Conflict("the request is past its deadline: its clock cannot be paused any more",
                       {"due_at": [f"passed at {request.due_at.isoformat()}"]})
    row = RequestPause(tenant_id=tenant.id, service_request_id=request.id, reason=reason, started_at=at,
                       started_by=actor_id)
    Session.add(row)
    _refresh(registry, tenant, request)
    return row


def resume(registry: DecreeRegistry, tenant: Tenant, request: ServiceRequest, actor_id: int | None,
           at: datetime) -> RequestPause:
    """Let the request's clock run again from ``at``; its deadline moves by the paused working time."""
    current = open_pause(request)
    if current is None or request.status in FINISHED:
        raise Conflict("the request is not paused", {"status": [f"{request.status}: not paused"]})
    current.ended_at, current.ended_by = max(at, current.started_at), actor_id
    _refresh(registry, tenant, request)
    return current
