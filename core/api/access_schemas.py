"""The schemas of the access routes: a token, a user."""

from __future__ import annotations


from marshmallow import Schema, fields

from core.decrees.schemas import ComparisonSchema, DecisionSchema  # noqa: F401  (the API's decision schemas)


class TokenSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True, metadata={"description": "to the minute"})


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    province_code = fields.String(dump_only=True, allow_none=True)
