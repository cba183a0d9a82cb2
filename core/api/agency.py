"""API routes of an agency's own data: the tenants a user may see, the service catalogue (with
its CSV import and export), service requests and their paused clocks, and the calendar (holidays,
days off, keadaan kahar). A change of the calendar recomputes the deadlines of the agency's open
requests (core/agency/deadlines.py); pausing and resuming change the request, so they take its
version as If-Match, like a PATCH."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.access import policy
from core.agency import catalogue
from core.api.base import NO_CONTENT, PAGE, QueryPage, blp, error_documented, errors_documented, read_upload, tenant_route, upload_limit
from core.http.schemas.catalogue import ServiceTypeSchema
from core.api.agency_schemas import ServiceRequestSchema, TenantSchema
from core.api.casework_schemas import AuditEventSchema
from core.platform.db import Session
from core.platform.domain_errors import Conflict, Invalid
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import AuditEvent, Complaint, ServiceRequest, ServiceType, Tenant
from core.agency import catalogue_import
from core.api.error_schema import ErrorSchema
from core.http.schemas.tenant_admin import CatalogueUploadSchema, ImportPlanSchema
from core.http.downloads import attachment, download_only
from flask import request as http_request
from flask_smorest import abort
from sqlalchemy import or_
from core.agency import pauses
from core.http.schemas.calendar import PauseRequestSchema, RequestPauseSchema
from core.api.base import versioned
from core.models import RequestPause
from core.timekeeping.clock import now
from datetime import date
from core.agency import calendar_changes
from core.http.schemas.calendar import DayOffSchema, HolidayQuerySchema, HolidaySchema, KaharEndSchema, KaharSchema
from core.models import DayOff, KaharPeriod


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


CSV_TYPE = "text/csv; charset=utf-8"


IMPORT_REFUSALS = ("no file, not UTF-8, not a CSV, unknown or missing columns, duplicate codes, a norm that "
                   "cannot be read: each named by line and column (fields ``line N: column``)")


@blp.route("/tenants/<slug>/service-types/import/preview", methods=["POST"])
@tenant_route("service_type.write")
@upload_limit(catalogue_import.MAX_BYTES)
@error_documented(413, "the file is larger than 1 MiB or has more than 2000 rows")
@error_documented(422, "no file, not UTF-8, or not a CSV at all")
@blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": CatalogueUploadSchema}}})
@blp.response(200, ImportPlanSchema)
def preview_catalogue_import(tenant):
    """What importing the CSV would do, row by row (create, update, unchanged, or its errors by
    column); nothing is written."""
    return catalogue_import.plan(read_upload(CatalogueUploadSchema, catalogue_import.MAX_BYTES))


@blp.route("/tenants/<slug>/service-types/import", methods=["POST"])
@tenant_route("service_type.write")
@upload_limit(catalogue_import.MAX_BYTES)
@error_documented(413, "the file is larger than 1 MiB or has more than 2000 rows")
@error_documented(422, IMPORT_REFUSALS)
@blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": CatalogueUploadSchema}}})
@blp.response(200, ImportPlanSchema)
def import_catalogue(tenant):
    """Import the CSV: every row created or updated, or, if any is invalid, nothing (422 naming
    each line and column). Importing the same file again changes nothing."""
    plan = catalogue_import.apply(tenant, read_upload(CatalogueUploadSchema, catalogue_import.MAX_BYTES), current_user)
    Session.commit()
    return plan


@blp.route("/tenants/<slug>/service-types/import/template")
@tenant_route("service_type.write")
@download_only
@blp.response(200, description="the template CSV: every column, one example row",
              content_type="text/csv")
def catalogue_template(tenant):
    """The CSV template: every column the import reads, with one example row."""
    return attachment(catalogue_import.template_csv(), CSV_TYPE, "template-katalog-layanan.csv")


@blp.route("/tenants/<slug>/service-types/export")
@tenant_route("service_type.write")
@download_only
@blp.response(200, description="the agency's active service types as CSV", content_type="text/csv")
def catalogue_export(tenant):
    """The agency's active service types as CSV, in the import's columns (re-importing it changes nothing)."""
    return attachment(catalogue_import.export_csv(), CSV_TYPE, f"katalog-layanan-{tenant.slug}.csv")


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


CONFLICT = {"schema": ErrorSchema}


@blp.route("/tenants/<slug>/calendar/holidays")
@tenant_route()
@blp.arguments(HolidayQuerySchema, location="query")
@blp.response(200, HolidaySchema(many=True))
def list_holidays(query, tenant):
    """The days the agency's clocks do not count in a year: national holidays, cuti bersama and the
    agency's own days off, each with its source (weekends are not listed)."""
    year = query["year"] or now().year
    return calendar_changes.holidays(tenant, date(year, 1, 1), date(year, 12, 31))


@blp.route("/tenants/<slug>/calendar/days-off")
@tenant_route()
@blp.response(200, DayOffSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_days_off(tenant):
    """The agency's own days off, in date order."""
    return calendar_changes.days_off_listing()


@blp.route("/tenants/<slug>/calendar/days-off", methods=["POST"])
@tenant_route("calendar.write")
@errors_documented(400, 413)
@blp.arguments(DayOffSchema)
@blp.alt_response(409, description="the day is already a day off of the agency", **CONFLICT)
@blp.response(201, DayOffSchema)
def add_day_off(data, tenant):
    """Add a day off of the agency's own; the deadlines of its open requests follow."""
    row, _moved = calendar_changes.add_day_off(decrees(), tenant, data["day"], data["name"])
    Session.commit()
    return row


@blp.route("/tenants/<slug>/calendar/days-off/<day_off_id>", methods=["DELETE"])
@tenant_route("calendar.write")
@blp.response(NO_CONTENT)
def remove_day_off(tenant, day_off_id):
    """Remove one of the agency's own days off; the deadlines of its open requests follow."""
    calendar_changes.remove_day_off(decrees(), tenant, by_id(DayOff, day_off_id))
    Session.commit()


@blp.route("/tenants/<slug>/calendar/kahar")
@tenant_route()
@blp.response(200, KaharSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_kahar(tenant):
    """The agency's keadaan kahar periods, oldest first."""
    return calendar_changes.kahar_listing()


@blp.route("/tenants/<slug>/calendar/kahar", methods=["POST"])
@tenant_route("calendar.write")
@errors_documented(400, 413)
@blp.arguments(KaharSchema)
@blp.response(201, KaharSchema)
def declare_kahar(data, tenant):
    """Declare a keadaan kahar (``ends_at`` null: open-ended); the deadlines of open requests follow
    where the agency's decree stops its clocks for it."""
    row, _moved = calendar_changes.declare_kahar(decrees(), tenant, data["starts_at"], data["ends_at"],
                                                 data["reason"], current_user.id)
    Session.commit()
    return row


@blp.route("/tenants/<slug>/calendar/kahar/<kahar_id>")
@tenant_route()
@blp.response(200, KaharSchema)
def get_kahar(tenant, kahar_id):
    """One keadaan kahar."""
    return by_id(KaharPeriod, kahar_id)


@blp.route("/tenants/<slug>/calendar/kahar/<kahar_id>", methods=["PATCH"])
@tenant_route("calendar.write")
@errors_documented(400, 413)
@blp.arguments(KaharEndSchema)
@blp.alt_response(409, description="the keadaan kahar already has an end", **CONFLICT)
@blp.response(200, KaharSchema)
def end_kahar(data, tenant, kahar_id):
    """End a keadaan kahar declared open-ended; the deadlines of open requests follow."""
    row = by_id(KaharPeriod, kahar_id)
    calendar_changes.end_kahar(decrees(), tenant, row, data["ends_at"], current_user.id)
    Session.commit()
    return row


@blp.route("/tenants/<slug>/calendar/kahar/<kahar_id>", methods=["DELETE"])
@tenant_route("calendar.write")
@blp.response(NO_CONTENT)
def withdraw_kahar(tenant, kahar_id):
    """Withdraw a keadaan kahar declared in error; the deadlines of open requests follow."""
    calendar_changes.withdraw_kahar(decrees(), tenant, by_id(KaharPeriod, kahar_id))
    Session.commit()
