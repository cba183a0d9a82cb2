"""The schemas of the agency routes: a tenant, a service request (service types and the calendar's
schemas are shared with the pages, in core/http/schemas/)."""

from __future__ import annotations


from marshmallow import Schema, fields, validate

from core.http.fields import LocalDateTime
from core.platform.clean_input import CleanSchema
from core.decrees.schemas import ComparisonSchema, DecisionSchema  # noqa: F401  (the API's decision schemas)


class TenantSchema(Schema):
    slug = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    level = fields.String(dump_only=True)
    province_code = fields.String(dump_only=True)
    province_name = fields.String(dump_only=True)
    timezone = fields.String(dump_only=True)


class ServiceRequestSchema(CleanSchema):
    id = fields.UUID(dump_only=True)
    service = fields.String(required=True, load_only=True, metadata={"description": "code of a service type of this tenant"})
    service_code = fields.String(attribute="service_type.code", data_key="service", dump_only=True)
    reference = fields.String(required=True, validate=validate.Length(min=1, max=64))
    applicant_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    applicant_contact = fields.String(load_default="", validate=validate.Length(max=200))
    user_in_jurisdiction = fields.Boolean(load_default=None, allow_none=True)
    received_at = LocalDateTime(required=True)
    documents_complete_at = LocalDateTime(load_default=None, allow_none=True)
    completed_at = LocalDateTime(load_default=None, allow_none=True)
    handed_over_at = LocalDateTime(load_default=None, allow_none=True)
    due_at = LocalDateTime(dump_only=True)
    status = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    pauses = fields.List(fields.Nested("RequestPauseSchema"), dump_only=True,
                         metadata={"description": "the request's pauses (core/api/calendar_schemas.py), oldest first"})
