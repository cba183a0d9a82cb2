"""The case workflow's API inputs and outputs (transitions, decisions, compensation, sanctions, work lists)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import vocabulary

from core.http.fields import LocalDateTime, one_of
from core.platform.clean_input import CleanSchema
from core.casework.records import ruling
from core.http.fields import Identity


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


class TransitionSchema(CleanSchema):
    """One step of the case (docs/workflow.md); send the case's version as ``If-Match``."""

    to = fields.String(required=True, validate=one_of(vocabulary.CASE_STATUSES))
    reason = fields.String(validate=validate.Length(min=1, max=5000),
                           metadata={"description": "required to defer (tunda) or reject; optional otherwise"})
    forwarded_to = fields.String(validate=validate.Length(min=1, max=200),
                                 metadata={"description": "the agency a complaint outside this one's authority goes to"})
    maladministration = fields.String(validate=one_of(vocabulary.MALADMINISTRATION),
                                      metadata={"description": "the Ombudsman's label, required to uphold"})


class StepSchema(Schema):
    """A step the case may take from where it is, and whether your role takes it."""

    to = fields.String(attribute="target")
    permission = fields.String()
    needs = fields.List(fields.String())
    takes = fields.List(fields.String())
    yours = fields.Boolean()


class OverrideSchema(CleanSchema):
    """The head's ruling in place of the decree's proposal: the compensation owed, the officer's sanction."""

    compensations = fields.List(fields.String(validate=one_of(vocabulary.COMPENSATIONS)),
                                validate=validate.Length(max=len(vocabulary.COMPENSATIONS)))
    sanction = fields.String(allow_none=True, validate=one_of(vocabulary.SANCTIONS),
                             metadata={"description": "null: no sanction"})

    @validates_schema
    def _something(self, data, **_kwargs) -> None:
        if not data:
            raise ValidationError("name the compensations or the sanction the head rules instead", "_schema")
        codes = data.get("compensations") or []
        if len(set(codes)) != len(codes):
            raise ValidationError("each compensation once", "compensations")


class DecisionRequestSchema(CleanSchema):
    """Record the decree's decision on the case (the head, while assessing it)."""

    reason = fields.String(validate=validate.Length(min=1, max=5000),
                           metadata={"description": "required when the case was decided before"})
    override = fields.Nested(OverrideSchema)
    override_reason = fields.String(validate=validate.Length(min=1, max=5000),
                                    metadata={"description": "required with an override"})


class DecisionRecordSchema(Schema):
    """A decision recorded on a case; ``in_force`` marks the one that holds (the rest were superseded)."""

    id = fields.UUID()
    complaint_id = fields.UUID()
    plugin = fields.String()
    plugin_version = fields.String()
    decree_number = fields.String()
    facts = fields.Dict()
    decision = fields.Dict(metadata={"description": "the decree's proposal (the decision contract)"})
    ruling = fields.Method("_ruling", metadata={"description": "what the case owes: the proposal, or the override"})
    decided_by = fields.Integer(allow_none=True)
    decided_at = LocalDateTime()
    reason = fields.String(allow_none=True)
    override = fields.Dict(allow_none=True)
    override_reason = fields.String(allow_none=True)
    superseded_at = LocalDateTime(allow_none=True)
    in_force = fields.Method("_in_force")

    def _ruling(self, record) -> dict:
        return ruling(record)

    def _in_force(self, record) -> bool:
        return record.superseded_at is None


class CompensationItemSchema(Schema):
    id = fields.UUID()
    complaint_id = fields.UUID()
    code = fields.String()
    citation = fields.String()
    due_at = LocalDateTime(allow_none=True)
    given_at = LocalDateTime(allow_none=True)
    given_by = fields.Integer(allow_none=True)
    evidence = fields.String()


class CompensationGivenSchema(CleanSchema):
    """That an owed item was given: the evidence (letter number, delivery receipt) and, if not now, when."""

    given_at = LocalDateTime(metadata={"description": "default: now"})
    evidence = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class SanctionSchema(CleanSchema):
    """The officer's sanction, decided by the head from the options of the decision in force."""

    id = fields.UUID(dump_only=True)
    complaint_id = fields.UUID(dump_only=True)
    officer_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    code = fields.String(required=True, validate=one_of(vocabulary.SANCTIONS))
    staff_category = fields.String(required=True, validate=one_of(vocabulary.STAFF_CATEGORIES))
    decree_wording = fields.String(dump_only=True)
    legal_basis = fields.String(dump_only=True)
    pp94_penalty = fields.Boolean(dump_only=True, metadata={"description": "a PP 94/2021 disciplinary penalty"})
    follow_up_on = fields.Date(dump_only=True, metadata={"description": "UU 25/2009 Pasal 54: three months on"})
    decided_by = fields.Integer(dump_only=True, allow_none=True)
    decided_at = LocalDateTime(dump_only=True)


class WorklistCountsSchema(Schema):
    """How many items wait in each of your work lists."""

    lists = fields.Dict(keys=fields.String(), values=fields.Integer())


class PendingSanctionSchema(Schema):
    complaint = fields.Nested(ComplaintSchema)
    pending = fields.List(fields.String(), metadata={"description": "the sanctions still to decide"})
