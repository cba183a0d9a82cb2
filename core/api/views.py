"""API routes: each speaks HTTP (its URL, schemas, status) and hands the domain to a service."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.access import policy
from core.agency import catalogue
from core.casework import cases, claims, workflow
from core.api.base import NO_CONTENT, PAGE, QueryPage, across_tenants, blp, errors_documented, tenant_route
from core.http.schemas.catalogue import ServiceTypeSchema
from core.api.schemas import (
    AuditEventSchema, ComparisonRequestSchema, ComparisonSchema, ComplaintSchema, ComplaintUpdateSchema,
    DecisionSchema, ServiceRequestSchema, TenantSchema, TokenSchema, UserSchema,
)
from core.platform.db import Session
from core.decrees.compare import compare
from core.decrees.dispatch import evaluate_for_tenant
from core.decrees.facts import FactsSchema
from core.platform.domain_errors import Conflict, Invalid, NotFound
from core.http.extensions import decrees
from core.timekeeping.clock import now as clock_now
from core.platform.lookup import by_id
from core.models import ApiToken, AuditEvent, Complaint, ServiceRequest, ServiceType, Tenant
from core.access.security import revoke_token


def versioned(row):
    """A case or a service request, answered with its version as the ETag."""
    blp.set_etag(row.version)
    return row


@blp.route("/me")
@errors_documented(401)
@blp.response(200, UserSchema)
def me():
    """The user of the token."""
    return current_user


@blp.route("/me/tokens")
@errors_documented(401)
@blp.response(200, TokenSchema(many=True))
def my_tokens():
    """Your API tokens (never their secret): issued, expiry, revoked."""
    return Session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id)).all()


@blp.route("/me/tokens/<int(max=2147483647):token_id>", methods=["DELETE"])
@errors_documented(401, 404)
@blp.response(NO_CONTENT)
def revoke_my_token(token_id):
    """Revoke one of your tokens (this one too); it is refused at once, everywhere."""
    row = Session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id:
        raise NotFound("token")
    revoke_token(row)
    Session.commit()


@blp.route("/tenants")
@errors_documented(401)
@blp.response(200, TenantSchema(many=True))
def list_tenants():
    """The agencies you may see."""
    tenants = Session.scalars(select(Tenant).order_by(Tenant.slug)).all()
    return [t for t in tenants if policy.can_see_tenant(current_user, t)]


@blp.route("/tenants/<slug>")
@tenant_route()
@blp.response(200, TenantSchema)
def get_tenant(tenant):
    """One agency."""
    return tenant


# -- service types -----------------------------------------------------------


@blp.route("/tenants/<slug>/service-types")
@tenant_route()
@blp.response(200, ServiceTypeSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_service_types(tenant):
    """The agency's service catalogue."""
    return select(ServiceType).order_by(ServiceType.code)


@blp.route("/tenants/<slug>/service-types", methods=["POST"])
@tenant_route("service_type.write")
@errors_documented(400, 413)
@blp.arguments(ServiceTypeSchema)
@blp.response(201, ServiceTypeSchema)
def create_service_type(data, tenant):
    """Add a service type."""
    service_type = catalogue.save_service_type(tenant, data)
    Session.commit()
    return service_type


@blp.route("/tenants/<slug>/service-types/<service_type_id>")
@tenant_route()
@blp.response(200, ServiceTypeSchema)
def get_service_type(tenant, service_type_id):
    """One service type."""
    return by_id(ServiceType, service_type_id)


@blp.route("/tenants/<slug>/service-types/<service_type_id>", methods=["PATCH"])
@tenant_route("service_type.write")
@errors_documented(400, 413)
@blp.arguments(ServiceTypeSchema(partial=True))
@blp.response(200, ServiceTypeSchema)
def update_service_type(data, tenant, service_type_id):
    """Change a service type (its code stays)."""
    service_type = by_id(ServiceType, service_type_id)
    if "code" in data and data["code"] != service_type.code:
        raise Invalid("the code of a service type cannot change", {"code": ["read-only after creation"]})
    catalogue.save_service_type(tenant, data, service_type)
    Session.commit()
    return service_type


@blp.route("/tenants/<slug>/service-types/<service_type_id>", methods=["DELETE"])
@tenant_route("service_type.write")
@blp.response(NO_CONTENT)
def delete_service_type(tenant, service_type_id):
    """Retire a service type: deleted if no request used it, else marked inactive."""
    catalogue.retire_service_type(by_id(ServiceType, service_type_id))
    Session.commit()


# -- service requests --------------------------------------------------------


@blp.route("/tenants/<slug>/service-requests")
@tenant_route()
@blp.response(200, ServiceRequestSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_service_requests(tenant):
    """Service requests, newest first."""
    return (select(ServiceRequest).options(selectinload(ServiceRequest.service_type), selectinload(ServiceRequest.pauses))
            .order_by(ServiceRequest.received_at.desc()))


@blp.route("/tenants/<slug>/service-requests", methods=["POST"])
@tenant_route("service_request.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(ServiceRequestSchema)
@blp.response(201, ServiceRequestSchema)
def create_service_request(data, tenant):
    """Record a service request; its deadline follows from the service's norm; its ETag is its version."""
    row = catalogue.save_service_request(decrees(), tenant, data, actor_id=current_user.id)
    Session.commit()
    return versioned(row)


@blp.route("/tenants/<slug>/service-requests/<request_id>")
@tenant_route()
@blp.etag
@blp.response(200, ServiceRequestSchema)
def get_service_request(tenant, request_id):
    """One service request; its ETag is its version."""
    row = by_id(ServiceRequest, request_id)
    return versioned(row)


@blp.route("/tenants/<slug>/service-requests/<request_id>", methods=["PATCH"])
@tenant_route("service_request.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(ServiceRequestSchema(partial=True))
@blp.response(200, ServiceRequestSchema)
def update_service_request(data, tenant, request_id):
    """Update a service request's times: send the version you read as If-Match; a stale one is refused (409)."""
    row = by_id(ServiceRequest, request_id)
    blp.check_etag(row.version)
    catalogue.save_service_request(decrees(), tenant, data, row)
    Session.commit()
    return versioned(row)


@blp.route("/tenants/<slug>/service-requests/<request_id>", methods=["DELETE"])
@tenant_route("service_request.write")
@blp.response(NO_CONTENT)
def delete_service_request(tenant, request_id):
    """Delete a request recorded in error (refused while a complaint refers to it)."""
    row = by_id(ServiceRequest, request_id)
    if Session.scalar(select(Complaint.id).where(Complaint.service_request_id == row.id).limit(1)):
        raise Conflict("a complaint refers to this request; it cannot be deleted")
    Session.delete(row)
    Session.commit()


# -- complaints (cases) ------------------------------------------------------


@blp.route("/tenants/<slug>/complaints")
@tenant_route()
@blp.response(200, ComplaintSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_complaints(tenant):
    """Complaints, newest first."""
    return select(Complaint).order_by(Complaint.received_at.desc())


@blp.route("/tenants/<slug>/complaints", methods=["POST"])
@tenant_route("complaint.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(ComplaintSchema)
@blp.response(201, ComplaintSchema)
def create_complaint(data, tenant):
    """Take in a complaint; its ETag is its version."""
    complaint = cases.intake(tenant, data, received_by=current_user.id)
    claims.hold_if_kahar(decrees(), tenant, complaint, clock_now())
    Session.commit()
    return versioned(complaint)


@blp.route("/tenants/<slug>/complaints/<complaint_id>")
@tenant_route()
@blp.etag
@blp.response(200, ComplaintSchema)
def get_complaint(tenant, complaint_id):
    """One complaint; its ETag is its version."""
    complaint = by_id(Complaint, complaint_id)
    return versioned(complaint)


@blp.route("/tenants/<slug>/complaints/<complaint_id>", methods=["PATCH"])
@tenant_route("complaint.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(ComplaintUpdateSchema(partial=True))
@blp.response(200, ComplaintSchema)
def update_complaint(data, tenant, complaint_id):
    """Correct a complaint's facts until the head assesses it: send the version you read as If-Match;
    a stale one is refused (409). Its status moves only by ``…/transitions``."""
    complaint = by_id(Complaint, complaint_id)
    blp.check_etag(complaint.version)
    workflow.ensure_editable(complaint)
    cases.update(complaint, data)
    Session.commit()
    return versioned(complaint)


@blp.route("/tenants/<slug>/complaints/<complaint_id>/audit")
@tenant_route("audit.view")
@blp.response(200, AuditEventSchema(many=True))
def complaint_audit(tenant, complaint_id):
    """The case's audit trail: the case, its decisions, compensation and sanctions."""
    complaint = by_id(Complaint, complaint_id)
    events = Session.scalars(select(AuditEvent).where(AuditEvent.entity_id.in_(workflow.case_entity_ids(complaint)))
                             .order_by(AuditEvent.at)).all()
    if policy.may_see_identity(current_user, tenant, complaint):
        return events
    return [policy.masked_event(event) for event in events]


# -- decisions ---------------------------------------------------------------


@blp.route("/tenants/<slug>/decisions/preview", methods=["POST"])
@tenant_route("decision.preview")
@errors_documented(400, 413)
@blp.arguments(FactsSchema)
@blp.response(200, DecisionSchema)
def preview_decision(facts, tenant):
    """What the tenant's decree says for these facts."""
    return evaluate_for_tenant(decrees(), tenant, facts)


@blp.route("/decisions/compare", methods=["POST"])
@across_tenants("decision.compare")
@errors_documented(400, 413)
@blp.arguments(ComparisonRequestSchema)
@blp.response(200, ComparisonSchema(many=True))
def compare_decisions(data):
    """The same facts under every installed decree (or one question of each)."""
    return compare(decrees(), data["facts"], data["only"])
