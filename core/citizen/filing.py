"""A written complaint from the public page, without an account, and the agency's published
standards it is filed against.

What a written complaint states follows UU 25/2009 (Pasal 40–42, docs/domain.md): who complains
(name, address, contact, NIK), which service and which component of its standard was not met,
what happened and what loss followed, the remedy asked, when and where. A complaint is filed
within 30 calendar days of the service (``cases.filing_window_errors``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from core import vocabulary
from core.casework import cases, claims
from core.models import Complaint, ServiceRequest, ServiceType, Tenant
from core.platform.db import Session
from core.platform.domain_errors import Invalid

PUBLIC_CHANNEL = "tertulis"  # a web form is a written complaint
# The components of a Standar Pelayanan published to the public (service delivery, PermenPANRB 15/2014).
PUBLISHED_COMPONENTS = vocabulary.STANDARD_COMPONENTS[:6]


def published_services() -> list[ServiceType]:
    """The services the agency offers now, by name (under the tenant scope of the caller)."""
    return list(Session.scalars(select(ServiceType).where(ServiceType.active.is_(True)).order_by(ServiceType.name)))


def published_standard(service: ServiceType) -> list[dict[str, str]]:
    """The service-delivery components of a service's Standar Pelayanan that the agency filled in."""
    components = service.components or {}
    return [{"component": code, "label": vocabulary.STANDARD_COMPONENT_LABELS[code], "text": components[code]}
            for code in PUBLISHED_COMPONENTS if components.get(code)]


def file_complaint(tenant: Tenant, data: dict[str, Any], now: datetime, registry: Any = None) -> Complaint:
    """A written complaint from the public page, checked against the catalogue and the 30-day
    window; the caller commits. ``data`` is what ``PublicComplaintSchema`` loaded. With the
    decree ``registry``, a time complaint filed during keadaan kahar is held where the decree
    says claims wait (core/casework/claims.py)."""
    data = dict(data)
    service = Session.scalar(select(ServiceType).where(ServiceType.code == data.pop("service"),
                                                       ServiceType.active.is_(True)))
    errors = {}
    if service is None:
        errors["service"] = ["Pilih layanan dari daftar layanan dinas ini."]
    errors.update(cases.filing_window_errors(tenant, data["occurred_at"], now))
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
