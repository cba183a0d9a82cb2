"""API routes. Scoping, policy and (de)serialisation happen in :func:`core.api.endpoint`."""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from sqlalchemy import select

from core import cases, catalogue, policy
from core.api import blueprint, endpoint
from core.api.schemas import (
    AuditEventSchema, ComparisonRequestSchema, ComparisonSchema, ComplaintSchema, ComplaintUpdateSchema, DecisionSchema, ServiceRequestSchema,
    ServiceTypeSchema, TenantSchema, UserSchema,
)
from core.db import Session
from core.decrees.dispatch import evaluate_for_tenant
from core.decrees.facts import FactsSchema
from core.errors import APIError
from core.lookup import get_or_404
from core.models import AuditEvent, Complaint, ServiceRequest, ServiceType, Tenant


def _paged(statement):
    try:
        limit = min(max(int(request.args.get("limit", 100)), 1), 500)
        offset = max(int(request.args.get("offset", 0)), 0)
    except ValueError:
        raise APIError(400, "bad_request", "limit and offset must be whole numbers", {"limit": ["integer"], "offset": ["integer"]}) from None
    return Session.scalars(statement.limit(limit).offset(offset)).all()


@blueprint.get("/openapi.json")
def openapi_document():
    from core.api.openapi import build_spec

    return jsonify(build_spec())


@endpoint("/me", summary="The user of the token", permission=None, response=UserSchema)
def me():
    return g.api_user


@endpoint("/tenants", summary="Agencies you may see", permission=None, response=TenantSchema, many=True)
def list_tenants():
    tenants = Session.scalars(select(Tenant).order_by(Tenant.slug)).all()
    return [t for t in tenants if policy.can_see_tenant(g.api_user, t)]


@endpoint("/tenants/<slug>", summary="One agency", response=TenantSchema)
def get_tenant(tenant):
    return tenant


# -- service types -----------------------------------------------------------

@endpoint("/tenants/<slug>/service-types", summary="The agency's service catalogue", response=ServiceTypeSchema, many=True)
def list_service_types(tenant):
    return _paged(select(ServiceType).order_by(ServiceType.code))


@endpoint("/tenants/<slug>/service-types", "POST", summary="Add a service type", permission="service_type.write",
          body=ServiceTypeSchema, response=ServiceTypeSchema, status=201)
def create_service_type(tenant, data):
    service_type = catalogue.save_service_type(tenant, data)
    Session.commit()
    return service_type


@endpoint("/tenants/<slug>/service-types/<service_type_id>", summary="One service type", response=ServiceTypeSchema)
def get_service_type(tenant, service_type_id):
    return get_or_404(ServiceType, service_type_id)


@endpoint("/tenants/<slug>/service-types/<service_type_id>", "PATCH", summary="Change a service type",
          permission="service_type.write", body=ServiceTypeSchema, partial=True, response=ServiceTypeSchema)
def update_service_type(tenant, service_type_id, data):
    service_type = get_or_404(ServiceType, service_type_id)
    if "code" in data and data["code"] != service_type.code:
        raise APIError(422, "invalid", "the code of a service type cannot change", {"code": ["read-only after creation"]})
    catalogue.save_service_type(tenant, data, service_type)
    Session.commit()
    return service_type


@endpoint("/tenants/<slug>/service-types/<service_type_id>", "DELETE", summary="Retire a service type",
          permission="service_type.write")
def delete_service_type(tenant, service_type_id):
    service_type = get_or_404(ServiceType, service_type_id)
    if Session.scalar(select(ServiceRequest.id).where(ServiceRequest.service_type_id == service_type.id).limit(1)):
        service_type.active = False
    else:
        Session.delete(service_type)
    Session.commit()


# -- service requests --------------------------------------------------------

def _with_service(request_row: ServiceRequest) -> ServiceRequest:
    request_row.service = catalogue.service_code_of(request_row)
    return request_row


@endpoint("/tenants/<slug>/service-requests", summary="Service requests", response=ServiceRequestSchema, many=True)
def list_service_requests(tenant):
    return [_with_service(r) for r in _paged(select(ServiceRequest).order_by(ServiceRequest.received_at.desc()))]


@endpoint("/tenants/<slug>/service-requests", "POST", summary="Record a service request",
          permission="service_request.write", body=ServiceRequestSchema, response=ServiceRequestSchema, status=201)
def create_service_request(tenant, data):
    row = catalogue.save_service_request(current_app.extensions["decrees"], tenant, data)
    Session.commit()
    return _with_service(row)


@endpoint("/tenants/<slug>/service-requests/<request_id>", summary="One service request", response=ServiceRequestSchema)
def get_service_request(tenant, request_id):
    return _with_service(get_or_404(ServiceRequest, request_id))


@endpoint("/tenants/<slug>/service-requests/<request_id>", "PATCH", summary="Update a service request's times",
          permission="service_request.write", body=ServiceRequestSchema, partial=True, response=ServiceRequestSchema)
def update_service_request(tenant, request_id, data):
    row = get_or_404(ServiceRequest, request_id)
    catalogue.save_service_request(current_app.extensions["decrees"], tenant, data, row)
    Session.commit()
    return _with_service(row)


@endpoint("/tenants/<slug>/service-requests/<request_id>", "DELETE", summary="Delete a request recorded in error",
          permission="service_request.write")
def delete_service_request(tenant, request_id):
    row = get_or_404(ServiceRequest, request_id)
    if Session.scalar(select(Complaint.id).where(Complaint.service_request_id == row.id).limit(1)):
        raise APIError(409, "conflict", "a complaint refers to this request; it cannot be deleted")
    Session.delete(row)
    Session.commit()


# -- complaints (cases) ------------------------------------------------------

@endpoint("/tenants/<slug>/complaints", summary="Complaints", response=ComplaintSchema, many=True)
def list_complaints(tenant):
    return _paged(select(Complaint).order_by(Complaint.received_at.desc()))


@endpoint("/tenants/<slug>/complaints", "POST", summary="Take in a complaint", permission="complaint.write",
          body=ComplaintSchema, response=ComplaintSchema, status=201)
def create_complaint(tenant, data):
    complaint = cases.intake(tenant, data)
    Session.commit()
    return complaint, {"ETag": str(complaint.version)}


@endpoint("/tenants/<slug>/complaints/<complaint_id>", summary="One complaint", response=ComplaintSchema)
def get_complaint(tenant, complaint_id):
    complaint = get_or_404(Complaint, complaint_id)
    return complaint, {"ETag": str(complaint.version)}


@endpoint("/tenants/<slug>/complaints/<complaint_id>", "PATCH", summary="Change a complaint (If-Match: version)",
          permission="complaint.write", body=ComplaintUpdateSchema, partial=True, response=ComplaintSchema)
def update_complaint(tenant, complaint_id, data):
    complaint = get_or_404(Complaint, complaint_id)
    if "assessment" in data and not policy.can(g.api_user, "complaint.assess", tenant):
        raise APIError(403, "forbidden", "only the pimpinan assesses a complaint", {"assessment": ["pimpinan only"]})
    cases.update(complaint, data, request.headers.get("If-Match"))
    Session.commit()
    return complaint, {"ETag": str(complaint.version)}


@endpoint("/tenants/<slug>/complaints/<complaint_id>/audit", summary="The case's audit trail",
          permission="audit.view", response=AuditEventSchema, many=True)
def complaint_audit(tenant, complaint_id):
    complaint = get_or_404(Complaint, complaint_id)
    return Session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == str(complaint.id)).order_by(AuditEvent.at)
    ).all()


@endpoint("/tenants/<slug>/complaints/<complaint_id>/decision", "POST", summary="Ask the decree and record its decision",
          permission="complaint.write", response=DecisionSchema, status=201)
def decide_complaint(tenant, complaint_id):
    complaint = get_or_404(Complaint, complaint_id)
    _record, decision = cases.decide(tenant, complaint, g.api_user.id)
    Session.commit()
    return decision.to_dict()


# -- decisions ---------------------------------------------------------------

@endpoint("/tenants/<slug>/decisions/preview", "POST", summary="What the tenant's decree says for these facts",
          permission="decision.preview", body=FactsSchema, response=DecisionSchema)
def preview_decision(tenant, data):
    return evaluate_for_tenant(current_app.extensions["decrees"], tenant, data).to_dict()


@endpoint("/decisions/compare", "POST", summary="The same facts under every installed decree (or one question of each)",
          permission="decision.compare", body=ComparisonRequestSchema, response=ComparisonSchema, many=True)
def compare_decisions(data):
    from core.decrees.compare import compare

    return compare(current_app.extensions["decrees"], data["facts"], data["only"])
