"""Every API input and output, as marshmallow schemas (the OpenAPI document is made from these)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates

from core import vocabulary
from core.decrees.compose import PARTS
from core.decrees.facts import AwareDateTime, FactsSchema


def one_of(codes) -> validate.OneOf:
    return validate.OneOf(codes, error="Must be one of: {choices}.")


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


class TimeNormSchema(Schema):
    text = fields.String()
    minimum = fields.Float()
    maximum = fields.Float()
    unit = fields.String()
    working = fields.Boolean()
    clock_starts = fields.String()
    working_hours = fields.List(fields.String(), allow_none=True)


class ServiceTypeSchema(Schema):
    id = fields.UUID(dump_only=True)
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,64}$", error="Use 1–64 lowercase letters, digits or _."))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    unit = fields.String(load_default="", validate=validate.Length(max=200))
    components = fields.Dict(keys=fields.String(validate=one_of(vocabulary.STANDARD_COMPONENTS)), load_default=dict)
    time_norm = fields.String(required=True, attribute="time_norm_text", validate=validate.Length(min=1, max=500))
    norm = fields.Method("_norm", dump_only=True)
    source = fields.String(dump_only=True)
    active = fields.Boolean(load_default=True)

    @validates("time_norm")
    def _parses(self, value: str, **_kwargs) -> None:
        from core.timekeeping.norms import TimeNormError, parse_time_norm

        try:
            parse_time_norm(value)
        except TimeNormError as exc:
            raise ValidationError(str(exc)) from None

    def _norm(self, obj) -> dict:
        return {
            "minimum": obj.norm_min, "maximum": obj.norm_max, "unit": obj.norm_unit,
            "working": obj.norm_working, "clock_starts": obj.norm_clock_starts,
            "working_hours": obj.norm_working_hours,
        }


class ServiceRequestSchema(Schema):
    id = fields.UUID(dump_only=True)
    service = fields.String(required=True, metadata={"description": "code of a service type of this tenant"})
    reference = fields.String(required=True, validate=validate.Length(min=1, max=64))
    applicant_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    applicant_contact = fields.String(load_default="", validate=validate.Length(max=200))
    user_in_jurisdiction = fields.Boolean(load_default=None, allow_none=True)
    received_at = AwareDateTime(required=True)
    documents_complete_at = AwareDateTime(load_default=None, allow_none=True)
    completed_at = AwareDateTime(load_default=None, allow_none=True)
    handed_over_at = AwareDateTime(load_default=None, allow_none=True)
    due_at = AwareDateTime(dump_only=True)
    status = fields.String(dump_only=True)


class ComplaintSchema(Schema):
    id = fields.UUID(dump_only=True)
    tracking_code = fields.String(dump_only=True)
    service_request_id = fields.UUID(load_default=None, allow_none=True)
    channel = fields.String(required=True, validate=one_of(vocabulary.CHANNELS))
    component = fields.String(required=True, validate=one_of(vocabulary.COMPONENTS))
    conduct = fields.String(load_default=None, allow_none=True, validate=one_of(vocabulary.CONDUCTS))
    disruption = fields.String(load_default=None, allow_none=True, validate=one_of(vocabulary.DISRUPTIONS))
    description = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    remedy_requested = fields.String(load_default="", validate=validate.Length(max=5000))
    complainant_name = fields.String(load_default="", validate=validate.Length(max=200))
    complainant_contact = fields.String(load_default="", validate=validate.Length(max=200))
    anonymous = fields.Boolean(load_default=False)
    confidential = fields.Boolean(load_default=False)
    user_in_jurisdiction = fields.Boolean(load_default=None, allow_none=True)
    occurred_at = AwareDateTime(required=True)
    received_at = AwareDateTime(dump_only=True)
    status = fields.String(dump_only=True)
    assessment = fields.String(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)


class ComplaintUpdateSchema(Schema):
    """What staff may change on a case; send the version you read as ``If-Match``."""

    status = fields.String(validate=one_of(("received", "verified", "tunda", "forwarded", "under_assessment", "closed")))
    assessment = fields.String(allow_none=True, validate=one_of(("terbukti", "tidak_terbukti")))
    component = fields.String(validate=one_of(vocabulary.COMPONENTS))
    conduct = fields.String(allow_none=True, validate=one_of(vocabulary.CONDUCTS))
    description = fields.String(validate=validate.Length(min=1, max=10000))


class AuditEventSchema(Schema):
    entity = fields.String()
    entity_id = fields.String()
    action = fields.String()
    actor_id = fields.Integer(allow_none=True)
    at = fields.DateTime()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class DecreeRefSchema(Schema):
    plugin = fields.String()
    number = fields.String()
    version = fields.String()


class CompensationSchema(Schema):
    code = fields.String()
    due_at = fields.String(allow_none=True)
    citation = fields.String()
    owed = fields.Boolean(metadata={"description": "only with only=compensate: false for an item whose condition is not met"})
    citations = fields.List(fields.String(), metadata={"description": "only with only=compensate: the clauses that govern it"})
    notes = fields.List(fields.String(), metadata={"description": "only with only=compensate"})


class SanctionsSchema(Schema):
    required = fields.List(fields.String())
    choose_one_of = fields.List(fields.String())
    decided_by = fields.String(allow_none=True, metadata={"description": "only with only=sanction"})
    citations = fields.List(fields.String(), metadata={"description": "only with only=sanction"})
    notes = fields.List(fields.String(), metadata={"description": "only with only=sanction"})


class DecisionSchema(Schema):
    decree = fields.Nested(DecreeRefSchema)
    applies = fields.Boolean()
    severity = fields.String(allow_none=True)
    compensations = fields.List(fields.Nested(CompensationSchema))
    sanctions = fields.Nested(SanctionsSchema)
    citations = fields.List(fields.String())
    notes = fields.List(fields.String())


class ViolationSchema(Schema):
    form = fields.String()
    severity = fields.String(allow_none=True)
    citation = fields.String()
    cause = fields.String(allow_none=True)


class LatenessSchema(Schema):
    days = fields.Float()
    working = fields.Boolean()
    source = fields.String()
    deadline = fields.String(allow_none=True)
    stopped_since = fields.String(allow_none=True)


class ComparisonSchema(DecisionSchema):
    """One decree's answer in a comparison: its decision, or with ``only`` one question's answer
    (``classify`` adds component, violations and lateness); ``error`` when the facts do not suffice."""

    component = fields.String()
    violations = fields.List(fields.Nested(ViolationSchema))
    lateness = fields.Nested(LatenessSchema, allow_none=True)
    error = fields.Dict()


class ComparisonRequestSchema(FactsSchema):
    """The facts, and optionally the one question to line up across the decrees."""

    only = fields.String(load_default=None, allow_none=True, validate=one_of(PARTS),
                         metadata={"description": "classify, compensate or sanction: answer only that question"})

    @post_load
    def _make(self, data: dict, **kwargs) -> dict:
        only = data.pop("only")
        return {"facts": super()._make(data, **kwargs), "only": only}
