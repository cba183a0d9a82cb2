"""The API inputs and outputs of notices, the staff inbox, sanction proposals and oral claims."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core import vocabulary
from core.http.fields import LocalDateTime, one_of
from core.platform.clean_input import CleanSchema


class NotificationSchema(Schema):
    """A message in a member of staff's inbox; its ETag is its version (mark it read with If-Match)."""

    id = fields.UUID()
    complaint_id = fields.UUID(allow_none=True)
    kind = fields.String(metadata={"description": ", ".join(vocabulary.NOTIFICATION_KINDS)})
    message = fields.String()
    recipient_role = fields.String(allow_none=True, metadata={"description": "addressed to a role (shared by it)"})
    recipient_user_id = fields.Integer(allow_none=True, metadata={"description": "addressed to one user"})
    created_at = LocalDateTime()
    read_at = LocalDateTime(allow_none=True)
    version = fields.Integer()


class NotificationPatchSchema(CleanSchema):
    read = fields.Boolean(required=True, metadata={"description": "true: read now; false: unread again"})


class InboxQuerySchema(Schema):
    unread = fields.Boolean(load_default=False, metadata={"description": "only those not read yet"})


class UnreadSchema(Schema):
    unread = fields.Integer()


class CaseNoticeSchema(Schema):
    """What the complainant was told: on the case (``case``) or by e-mail (``email``), and its outcome."""

    id = fields.UUID()
    channel = fields.String()
    subject = fields.String(allow_none=True)
    message = fields.String()
    created_at = LocalDateTime()
    sent_at = LocalDateTime(allow_none=True)
    attempts = fields.Integer()
    delivery_error = fields.String(allow_none=True)


class ProposalSchema(CleanSchema):
    """The head's proposed sanction for the officer; the officer may answer before it is recorded."""

    id = fields.UUID(dump_only=True)
    complaint_id = fields.UUID(dump_only=True)
    officer_user_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1),
                                     metadata={"description": "the officer's account here: notified, and answers"})
    officer_name = fields.String(validate=validate.Length(min=1, max=200),
                                 metadata={"description": "required without officer_user_id"})
    code = fields.String(required=True, validate=one_of(vocabulary.SANCTIONS))
    staff_category = fields.String(required=True, validate=one_of(vocabulary.STAFF_CATEGORIES))
    proposed_by = fields.Integer(dump_only=True, allow_none=True)
    proposed_at = LocalDateTime(dump_only=True)
    answer_due_at = LocalDateTime(dump_only=True, metadata={"description": "the end of the waiting period"})
    answer = fields.String(dump_only=True, allow_none=True)
    answered_at = LocalDateTime(dump_only=True, allow_none=True)
    sanction_id = fields.UUID(dump_only=True, allow_none=True, metadata={"description": "set once recorded"})


class AnswerSchema(CleanSchema):
    answer = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class OralClaimSchema(CleanSchema):
    """An oral claim at the desk (a ringan breach apologised on the spot): what happened, when."""

    service_request_id = fields.UUID(load_default=None, allow_none=True)
    component = fields.String(required=True, validate=one_of(vocabulary.COMPONENTS))
    conduct = fields.String(load_default=None, allow_none=True, validate=one_of(vocabulary.CONDUCTS))
    description = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    occurred_at = LocalDateTime(required=True)
    complainant_name = fields.String(load_default="", validate=validate.Length(max=200))
    complainant_contact = fields.String(load_default="", validate=validate.Length(max=200))
