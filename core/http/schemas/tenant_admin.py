"""The schemas of the tenant admin's API: an agency's users, the catalogue's CSV import, the letterhead."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from core.case_files import letterhead
from core.http.fields import one_of
from core.platform.clean_input import CleanSchema
from core.access.tenant_users import ASSIGNABLE_ROLES, MIN_PASSWORD


class TenantUserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    active = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class TenantUserCreateSchema(CleanSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=one_of(ASSIGNABLE_ROLES))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=MIN_PASSWORD, max=200),
                             metadata={"description": f"at least {MIN_PASSWORD} characters; stored as an argon2 hash"})


class TenantUserChangeSchema(CleanSchema):
    """Send the version you read (the ETag) as ``If-Match``."""

    name = fields.String(validate=validate.Length(min=1, max=200))
    role = fields.String(validate=one_of(ASSIGNABLE_ROLES))
    active = fields.Boolean(metadata={"description": "false deactivates (never deletes); true reactivates"})


class CatalogueUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "a CSV file, UTF-8, comma- or semicolon-separated"})


class RowPlanSchema(Schema):
    line = fields.Integer(metadata={"description": "the line in the file (the header is line 1)"})
    code = fields.String()
    action = fields.String(metadata={"description": "create, update, unchanged, or invalid"})
    changes = fields.List(fields.String(), metadata={"description": "the columns an update changes"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "by column"})


class ImportPlanSchema(Schema):
    valid = fields.Boolean()
    created = fields.Function(lambda plan: plan.count("create"))
    updated = fields.Function(lambda plan: plan.count("update"))
    unchanged = fields.Function(lambda plan: plan.count("unchanged"))
    file_errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    rows = fields.List(fields.Nested(RowPlanSchema))


def _text(name: str):
    return fields.String(validate=validate.Length(max=letterhead.LIMITS.get(name, letterhead.DEFAULT_LIMIT)))


class LetterheadSchema(CleanSchema):
    """The letterhead's text fields (an empty one is removed) and, read only, its logo's hash."""

    government = _text("government")
    agency = _text("agency")
    address = _text("address")
    phone = _text("phone")
    email = _text("email")
    city = _text("city")
    head_title = _text("head_title")
    head_name = _text("head_name")
    letter_number = _text("letter_number")
    logo = fields.String(dump_only=True, metadata={"description": "the SHA-256 of the logo image, or empty"})


class LogoUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "a PNG or JPEG image (checked by content), at most 512 KB"})
