"""The one error body of the API, as the OpenAPI document shows it (core/http/errors.py writes it)."""

from __future__ import annotations


from marshmallow import Schema, fields



class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.List(fields.String()), required=True)


class ErrorSchema(Schema):
    """The error format: ``{"error": {"code", "message", "fields"}}``."""

    error = fields.Nested(ErrorBodySchema, required=True)


# -- files kept with a case: evidence and letters ------------------------------
