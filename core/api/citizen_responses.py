"""What the citizen said on a case through the public page, for the agency's staff."""

from __future__ import annotations

from marshmallow import Schema, fields
from sqlalchemy import select

from core.api.base import blp, tenant_route
from core.http.fields import LocalDateTime
from core.platform.db import Session
from core.platform.lookup import by_id
from core.models import CitizenResponse, Complaint


class CitizenResponseSchema(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"description": "diterima, tidak_diterima (a compensation) or keberatan (the outcome)"})
    compensation_id = fields.UUID(allow_none=True)
    note = fields.String()
    at = LocalDateTime()


@blp.route("/tenants/<slug>/complaints/<complaint_id>/citizen-responses")
@tenant_route()
@blp.response(200, CitizenResponseSchema(many=True))
def citizen_responses(tenant, complaint_id):
    """The complainant's answers on the case: each compensation received or not, and any objection."""
    complaint = by_id(Complaint, complaint_id)
    return Session.scalars(select(CitizenResponse).where(CitizenResponse.complaint_id == complaint.id)
                           .order_by(CitizenResponse.at)).all()
