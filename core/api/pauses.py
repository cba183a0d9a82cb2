"""API routes of a request's pauses (an officer stops its clock, with a reason) and its audit trail.
Pausing and resuming change the request: send the version you read as If-Match, like a PATCH."""

from __future__ import annotations

from flask import request as http_request
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import or_, select

from core.agency import pauses
from core.api.base import blp, errors_documented, tenant_route
from core.http.schemas.calendar import PauseRequestSchema, RequestPauseSchema
from core.api.schemas import AuditEventSchema, ErrorSchema, ServiceRequestSchema
from core.api.views import versioned
from core.platform.db import Session
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import AuditEvent, RequestPause, ServiceRequest
from core.timekeeping.clock import now

STATE = {"schema": ErrorSchema, "description": "the request's state refuses it (finished, already paused, "
                                              "not paused, past its deadline), or a stale If-Match"}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": "the version of the request you read (its ETag)"}


def _checked(request_id: str) -> ServiceRequest:
    """The request, after the If-Match the client sent is checked against its version."""
    row = by_id(ServiceRequest, request_id)
    if not http_request.if_match:
        abort(428, message="send the version you read as If-Match")
    blp.check_etag(row.version)
    return row


@blp.route("/tenants/<slug>/service-requests/<request_id>/pauses")
@tenant_route()
@blp.response(200, RequestPauseSchema(many=True))
def list_pauses(tenant, request_id):
    """The request's pauses, oldest first."""
    return by_id(ServiceRequest, request_id).pauses


@blp.route("/tenants/<slug>/service-requests/<request_id>/pause", methods=["POST"])
@tenant_route("service_request.pause")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(PauseRequestSchema)
@blp.alt_response(409, **STATE)
@blp.alt_response(428, schema=ErrorSchema, description="no If-Match sent")
@blp.response(200, ServiceRequestSchema)
@blp.doc(parameters=[IF_MATCH])
def pause_request(data, tenant, request_id):
    """Pause the request's clock now, for a reason from the list; its status is ``paused`` until resumed."""
    row = _checked(request_id)
    pauses.pause(decrees(), tenant, row, data["reason"], current_user.id, now())
    Session.commit()
    return versioned(row)


@blp.route("/tenants/<slug>/service-requests/<request_id>/resume", methods=["POST"])
@tenant_route("service_request.pause")
@blp.etag
@blp.alt_response(409, **STATE)
@blp.alt_response(428, schema=ErrorSchema, description="no If-Match sent")
@blp.response(200, ServiceRequestSchema)
@blp.doc(parameters=[IF_MATCH])
def resume_request(tenant, request_id):
    """Let the request's clock run again; its deadline moves by exactly the paused working time."""
    row = _checked(request_id)
    pauses.resume(decrees(), tenant, row, current_user.id, now())
    Session.commit()
    return versioned(row)


@blp.route("/tenants/<slug>/service-requests/<request_id>/audit")
@tenant_route("audit.view")
@blp.response(200, AuditEventSchema(many=True))
def request_audit(tenant, request_id):
    """The request's audit trail: its own changes and its pauses'."""
    row = by_id(ServiceRequest, request_id)
    pause_ids = select(RequestPause.id).where(RequestPause.service_request_id == row.id)
    return Session.scalars(
        select(AuditEvent).where(or_(
            (AuditEvent.entity == "service_requests") & (AuditEvent.entity_id == str(row.id)),
            (AuditEvent.entity == "request_pauses") & AuditEvent.entity_id.in_(
                [str(pause_id) for pause_id in Session.scalars(pause_ids)]),
        )).order_by(AuditEvent.at)
    ).all()
