"""Every API input and output, as marshmallow schemas (the OpenAPI document is made from these)."""

from __future__ import annotations


from flask_smorest.fields import Upload
from marshmallow import Schema, fields, post_load, pre_load, validate

from core import vocabulary
from core.http.fields import Identity, LocalDateTime, one_of
from core.platform.clean_input import CleanSchema
from core.decrees.compose import PARTS
from core.decrees.facts import FactsSchema
from core.decrees.schemas import ComparisonSchema, DecisionSchema  # noqa: F401  (the API's decision schemas)


class TokenSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True, metadata={"description": "to the minute"})


class TenantSchema(Schema):
    slug = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    level = fields.String(dump_only=True)
    province_code = fields.String(dump_only=True)
    province_name = fields.String(dump_only=True)
    timezone = fields.String(dump_only=True)


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    province_code = fields.String(dump_only=True, allow_none=True)


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


class ComplaintSchema(CleanSchema):
    id = fields.UUID(dump_only=True)
    tracking_code = fields.String(dump_only=True)
    service_request_id = fields.UUID(load_default=None, allow_none=True)
    channel = fields.String(required=True, validate=one_of(vocabulary.CHANNELS))
    component = fields.String(required=True, validate=one_of(vocabulary.COMPONENTS))
    conduct = fields.String(load_default=None, allow_none=True, validate=one_of(vocabulary.CONDUCTS))
    disruption = fields.String(load_default=None, allow_none=True, validate=one_of(vocabulary.DISRUPTIONS))
    description = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    remedy_requested = fields.String(load_default="", validate=validate.Length(max=5000))
    complainant_name = Identity(load_default="", validate=validate.Length(max=200))
    complainant_contact = Identity(load_default="", validate=validate.Length(max=200))
    anonymous = fields.Boolean(load_default=False)
    confidential = fields.Boolean(load_default=False)
    user_in_jurisdiction = fields.Boolean(load_default=None, allow_none=True)
    occurred_at = LocalDateTime(required=True)
    received_at = LocalDateTime(dump_only=True)
    status = fields.String(dump_only=True)
    assessment = fields.String(dump_only=True, allow_none=True)
    status_reason = fields.String(dump_only=True, allow_none=True)
    forwarded_to = fields.String(dump_only=True, allow_none=True)
    maladministration = fields.String(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)
    # What a written complaint states (UU 25/2009 Pasal 40–42); the NIK is stored encrypted and,
    # like the name, masked for an anonim or rahasia complaint.
    complainant_address = Identity(load_default="", validate=validate.Length(max=300))
    complainant_nik = Identity(load_default=None, allow_none=True,
                               validate=validate.Regexp(r"^\d{16}$", error="A NIK is 16 digits."))
    service_type_id = fields.UUID(dump_only=True, allow_none=True)
    loss_description = fields.String(load_default="", validate=validate.Length(max=5000))
    place = fields.String(load_default="", validate=validate.Length(max=300))
    request_reference = fields.String(load_default="", validate=validate.Length(max=64))
    reopen_requested = fields.Boolean(dump_only=True, metadata={
        "description": "the citizen objected (keberatan) to the outcome; the head is to look again"})


class ComplaintUpdateSchema(CleanSchema):
    """What staff may correct on a case until it is assessed; send the version you read as ``If-Match``.
    Its status moves only through ``…/transitions`` (docs/workflow.md)."""

    component = fields.String(validate=one_of(vocabulary.COMPONENTS))
    conduct = fields.String(allow_none=True, validate=one_of(vocabulary.CONDUCTS))
    description = fields.String(validate=validate.Length(min=1, max=10000))


class AuditEventSchema(Schema):
    entity = fields.String()
    entity_id = fields.String()
    action = fields.String()
    actor_id = fields.Integer(allow_none=True)
    at = LocalDateTime()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.List(fields.String()), required=True)


class ErrorSchema(Schema):
    """The error format: ``{"error": {"code", "message", "fields"}}``."""

    error = fields.Nested(ErrorBodySchema, required=True)


class ComparisonRequestSchema(FactsSchema):
    """The facts, and optionally the one question to line up across the decrees."""

    only = fields.String(load_default=None, allow_none=True, validate=one_of(PARTS),
                         metadata={"description": "classify, compensate or sanction: answer only that question"})

    @post_load
    def _make(self, data: dict, **kwargs) -> dict:
        only = data.pop("only")
        return {"facts": super()._make(data, **kwargs), "only": only}


# -- files kept with a case: evidence and letters ------------------------------


class EvidenceUploadSchema(CleanSchema):
    """An evidence upload (``multipart/form-data``): the file, and the compensation item it proves, if any."""

    file = Upload(required=True, metadata={"description": "a JPEG or PNG photo, or a PDF (checked by content)"})
    compensation_id = fields.UUID(load_default=None, allow_none=True,
                                  metadata={"description": "a compensation item of this case (else the file is the complaint's)"})

    @pre_load
    def _empty_is_none(self, data, **_):
        """A form's empty field names no compensation item."""
        if isinstance(data, dict) and data.get("compensation_id") == "":
            data = {**data, "compensation_id": None}
        return data


class EvidenceFileSchema(Schema):
    id = fields.UUID(dump_only=True)
    complaint_id = fields.UUID(dump_only=True)
    compensation_id = fields.UUID(dump_only=True, allow_none=True)
    original_name = fields.String(dump_only=True, metadata={"description": "the sent name, cleaned; a label only"})
    media_type = fields.String(dump_only=True, metadata={"description": "what the content is: image/jpeg, image/png, application/pdf"})
    size_bytes = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    uploaded_by = fields.Integer(dump_only=True, allow_none=True)
    uploaded_at = LocalDateTime(dump_only=True)


class LetterRequestSchema(CleanSchema):
    kind = fields.String(required=True, validate=one_of(("maaf_tertulis", "pemberitahuan_ketidaksesuaian")))


class LetterSchema(Schema):
    id = fields.UUID(dump_only=True)
    complaint_id = fields.UUID(dump_only=True)
    case_decision_id = fields.UUID(dump_only=True)
    compensation_id = fields.UUID(dump_only=True, allow_none=True)
    kind = fields.String(dump_only=True)
    number = fields.String(dump_only=True)
    year = fields.Integer(dump_only=True)
    sequence = fields.Integer(dump_only=True)
    citation = fields.String(dump_only=True, metadata={"description": "the decree's clause for the compensation, as cited in the letter"})
    size_bytes = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    issued_by = fields.Integer(dump_only=True, allow_none=True)
    issued_at = LocalDateTime(dump_only=True)
