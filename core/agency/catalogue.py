"""Service types and service requests: the norm is parsed once, the deadline computed from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.platform.db import Session
from core.decrees.dispatch import request_calendar
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import Conflict, Invalid
from core.models import Complaint, ServiceRequest, ServiceType, Tenant
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.lateness import request_deadline, request_warning
from core.timekeeping.norms import parse_time_norm
from core.timekeeping.stored import norm_columns, stored_norm


def apply_norm(service_type: ServiceType, text: str) -> None:
    for column, value in norm_columns(parse_time_norm(text)).items():
        setattr(service_type, column, value)


def save_service_type(tenant: Tenant, data: dict[str, Any], service_type: ServiceType | None = None) -> ServiceType:
    if service_type is None:
        if Session.scalar(select(ServiceType.id).where(ServiceType.code == data["code"])) is not None:
            raise Conflict(f"a service type with code {data['code']!r} exists", {"code": ["already used"]})
        service_type = ServiceType(tenant_id=tenant.id)
    text = data.pop("time_norm_text", None)
    for key, value in data.items():
        setattr(service_type, key, value)
    if text is not None:
        apply_norm(service_type, text)
    Session.add(service_type)
    return service_type


def retire_service_type(service_type: ServiceType) -> None:
    """Delete a service type no request or complaint used; keep one that was used, marked inactive."""
    if (Session.scalar(select(ServiceRequest.id).where(ServiceRequest.service_type_id == service_type.id).limit(1))
            or Session.scalar(select(Complaint.id).where(Complaint.service_type_id == service_type.id).limit(1))):
        service_type.active = False
    else:
        Session.delete(service_type)


def service_type_by_code(code: str) -> ServiceType:
    found = Session.scalar(select(ServiceType).where(ServiceType.code == code))
    if found is None:
        raise Invalid("unknown service type", {"service": [f"no service type {code!r} in this agency"]})
    return found


def set_deadline_and_status(registry: DecreeRegistry, tenant: Tenant, request: ServiceRequest,
                            service_type: ServiceType, *,
                            calendars: Callable[[date], WorkingCalendar] | None = None) -> None:
    """Deadline and status of a request from its service type's norm and the tenant's calendar.
    No deadline (None) before the clock starts or while a keadaan kahar that stops it lasts.
    The request's own pauses stop its clock like a keadaan kahar (its status is ``paused``
    while one is open). ``calendars`` (``request_calendars``) is given by a caller that sets
    the deadlines of many requests of the tenant, so that the calendar is read once."""
    day = request.received_at.astimezone(ZoneInfo(tenant.timezone)).date()
    calendar = calendars(day) if calendars is not None else request_calendar(registry, tenant, day)
    calendar = calendar.with_stops(pause_stops(request))
    norm = stored_norm(service_type)
    request.due_at = request_deadline(norm, request, calendar)
    request.warn_at = request_warning(norm, request, calendar, tenant.warning_share) if request.due_at else None
    if request.handed_over_at:
        request.status = "handed_over"
    elif request.completed_at:
        request.status = "completed"
    elif any(pause.ended_at is None for pause in request.pauses):
        request.status = "paused"
    elif request.documents_complete_at:
        request.status = "in_progress"
    else:
        request.status = "received"


def pause_stops(request: ServiceRequest) -> list[tuple[datetime, datetime | None]]:
    """The intervals the request's pauses stop its clock: a pause still open when the request was
    finished stops it until then; an empty interval stops nothing."""
    finished = request.completed_at or request.handed_over_at
    stops = []
    for pause in request.pauses:
        end = pause.ended_at or finished
        if end is None or end > pause.started_at:
            stops.append((pause.started_at, end))
    return stops


def save_service_request(registry: DecreeRegistry, tenant: Tenant, data: dict[str, Any],
                         request: ServiceRequest | None = None, *, actor_id: int | None = None) -> ServiceRequest:
    """Record a new request (by ``actor_id``) or change one; its deadline and status follow."""
    code = data.pop("service", None)
    if request is None:
        if Session.scalar(select(ServiceRequest.id).where(ServiceRequest.reference == data["reference"])) is not None:
            raise Conflict("reference already used", {"reference": ["already used"]})
        request = ServiceRequest(tenant_id=tenant.id, created_by=actor_id)
    if code is not None:
        service_type = service_type_by_code(code)
    else:
        service_type = Session.scalar(select(ServiceType).where(ServiceType.id == request.service_type_id))
    if not service_type.active and request.service_type_id != service_type.id:
        raise Invalid("this service type is retired", {"service": [f"{service_type.code!r} is no longer offered"]})
    request.service_type_id = service_type.id
    for key, value in data.items():
        setattr(request, key, value)
    _times_in_order(request)
    set_deadline_and_status(registry, tenant, request, service_type)
    Session.add(request)
    return request


REQUEST_MOMENTS = ("received_at", "documents_complete_at", "completed_at", "handed_over_at")


def _times_in_order(request: ServiceRequest) -> None:
    """A request is received, then its berkas is complete, then it is completed, then handed over."""
    previous = None
    for name in REQUEST_MOMENTS:
        moment = getattr(request, name)
        if moment is None:
            continue
        if previous is not None and moment < getattr(request, previous):
            raise Invalid("the request's times are out of order", {name: [f"must not precede {previous}"]})
        previous = name


def service_code_of(request: ServiceRequest) -> str:
    return Session.scalar(select(ServiceType.code).where(ServiceType.id == request.service_type_id))
