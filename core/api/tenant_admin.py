"""API routes of the tenant admin: the agency's users, the catalogue imported from CSV, and the
letterhead with its logo. Each hands the domain to its service (``core/access/tenant_users.py``,
``core/agency/catalogue_import.py``, ``core/case_files/letterhead.py``), as the admin's pages do."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from core.access import tenant_users
from core.agency import catalogue_import
from core.case_files import letterhead
from core.api.base import NO_CONTENT, PAGE, QueryPage, blp, errors_documented, tenant_route
from core.api.schemas import ErrorSchema
from core.http.schemas.tenant_admin import (
    CatalogueUploadSchema, ImportPlanSchema, LetterheadSchema, LogoUploadSchema, TenantUserChangeSchema,
    TenantUserCreateSchema, TenantUserSchema,
)
from core.platform.db import Session
from core.platform.domain_errors import Invalid, NotFound, TooLarge
from core.http.downloads import attachment, case_store, download_only

MULTIPART_OVERHEAD = 64 * 1024
CSV_TYPE = "text/csv; charset=utf-8"


def _documented(status: int, description: str):
    return blp.alt_response(status, schema=ErrorSchema, description=description)


def upload_limit(limit: int, field: str = "file") -> Callable:
    """A multipart body up to ``limit`` bytes of file (the API's 1 MiB does not fit a file and its
    framing); a larger one is a 413 naming the field."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request.max_content_length = limit + MULTIPART_OVERHEAD
            try:
                return view(*args, **kwargs)
            except RequestEntityTooLarge:
                raise TooLarge(f"the file is larger than {limit} bytes", {field: [f"at most {limit} bytes"]}) from None

        return wrapper

    return decorate


def read_upload(schema_class, limit: int) -> bytes:
    """The uploaded file's bytes (at most one more than ``limit``, so a larger one is known)."""
    if not request.mimetype.startswith("multipart/form-data"):
        raise Invalid("send the file as multipart/form-data", {"file": ["send the file as multipart/form-data"]})
    upload = schema_class().load(request.files.to_dict())["file"]
    try:
        return upload.stream.read(limit + 1)
    finally:
        upload.close()  # a large one was spooled to a temporary file


# -- users ---------------------------------------------------------------------


def _versioned_user(user):
    blp.set_etag(tenant_users.fingerprint(user))
    return user


@blp.route("/tenants/<slug>/users")
@tenant_route("user.manage")
@blp.response(200, TenantUserSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_tenant_users(tenant):
    """The agency's users, active first, then by name."""
    return tenant_users.users_of(tenant)


@blp.route("/tenants/<slug>/users", methods=["POST"])
@tenant_route("user.manage")
@blp.etag
@errors_documented(400, 413)
@_documented(409, "the email is already used")
@blp.arguments(TenantUserCreateSchema)
@blp.response(201, TenantUserSchema)
def create_tenant_user(data, tenant):
    """Create a user of the agency (petugas, pimpinan or admin_dinas); the password is kept as an argon2 hash."""
    user = tenant_users.create(tenant, data, current_user)
    Session.commit()
    return _versioned_user(user)


@blp.route("/tenants/<slug>/users/<int(max=2147483647):user_id>")
@tenant_route("user.manage")
@blp.etag
@blp.response(200, TenantUserSchema)
def get_tenant_user(tenant, user_id):
    """One user of the agency; its ETag is the version to send as If-Match with a change."""
    return _versioned_user(tenant_users.user_of(tenant, user_id))


@blp.route("/tenants/<slug>/users/<int(max=2147483647):user_id>", methods=["PATCH"])
@tenant_route("user.manage")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(TenantUserChangeSchema)
@blp.response(200, TenantUserSchema)
def change_tenant_user(data, tenant, user_id):
    """Change a user's name or role, or deactivate (``active: false``) or reactivate them. Refused
    (409): deactivating or demoting yourself, and removing the agency's last active admin_dinas."""
    user = tenant_users.user_of(tenant, user_id)
    blp.check_etag(tenant_users.fingerprint(user))
    tenant_users.change(tenant, user, current_user, data)
    Session.commit()
    return _versioned_user(user)


# -- the catalogue from CSV ----------------------------------------------------


IMPORT_REFUSALS = ("no file, not UTF-8, not a CSV, unknown or missing columns, duplicate codes, a norm that "
                   "cannot be read: each named by line and column (fields ``line N: column``)")


@blp.route("/tenants/<slug>/service-types/import/preview", methods=["POST"])
@tenant_route("service_type.write")
@upload_limit(catalogue_import.MAX_BYTES)
@_documented(413, "the file is larger than 1 MiB or has more than 2000 rows")
@_documented(422, "no file, not UTF-8, or not a CSV at all")
@blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": CatalogueUploadSchema}}})
@blp.response(200, ImportPlanSchema)
def preview_catalogue_import(tenant):
    """What importing the CSV would do, row by row (create, update, unchanged, or its errors by
    column); nothing is written."""
    return catalogue_import.plan(read_upload(CatalogueUploadSchema, catalogue_import.MAX_BYTES))


@blp.route("/tenants/<slug>/service-types/import", methods=["POST"])
@tenant_route("service_type.write")
@upload_limit(catalogue_import.MAX_BYTES)
@_documented(413, "the file is larger than 1 MiB or has more than 2000 rows")
@_documented(422, IMPORT_REFUSALS)
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


# -- the letterhead ------------------------------------------------------------


def _versioned_letterhead(tenant):
    blp.set_etag(letterhead.fingerprint(tenant))
    return letterhead.fields_of(tenant)


@blp.route("/tenants/<slug>/letterhead")
@tenant_route("letterhead.write")
@blp.etag
@blp.response(200, LetterheadSchema)
def get_letterhead(tenant):
    """The agency's letterhead; its ETag is the version to send as If-Match with a change."""
    return _versioned_letterhead(tenant)


@blp.route("/tenants/<slug>/letterhead", methods=["PATCH"])
@tenant_route("letterhead.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(LetterheadSchema)
@blp.response(200, LetterheadSchema)
def change_letterhead(data, tenant):
    """Change the letterhead's fields given (an empty one is removed); ``letter_number`` must be a
    number format with ``{seq}``."""
    blp.check_etag(letterhead.fingerprint(tenant))
    letterhead.update(tenant, data, current_user)
    Session.commit()
    return _versioned_letterhead(tenant)


@blp.route("/tenants/<slug>/letterhead/logo", methods=["PUT"])
@tenant_route("letterhead.write")
@upload_limit(letterhead.LOGO_MAX_BYTES)
@_documented(413, "the image is larger than 512 KB")
@_documented(422, "no file, or not a PNG or JPEG image (read from the content)")
@blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": LogoUploadSchema}}})
@blp.response(200, LetterheadSchema)
def put_logo(tenant):
    """Set the letterhead's logo: a PNG or JPEG image, its type read from its bytes."""
    letterhead.set_logo(case_store(), tenant, read_upload(LogoUploadSchema, letterhead.LOGO_MAX_BYTES), current_user)
    Session.commit()
    return letterhead.fields_of(tenant)


@blp.route("/tenants/<slug>/letterhead/logo")
@tenant_route("letterhead.write")
@download_only
@blp.response(200, description="the logo image", content_type="image/png")
def get_logo(tenant):
    """The logo image, as a download."""
    found = letterhead.logo_of(case_store(), tenant)
    if found is None:
        raise NotFound("logo")
    content, media_type = found
    return attachment(content, media_type, f"logo-{tenant.slug}.{media_type.split('/')[1]}")


@blp.route("/tenants/<slug>/letterhead/logo", methods=["DELETE"])
@tenant_route("letterhead.write")
@blp.response(NO_CONTENT)
def delete_logo(tenant):
    """Remove the logo from the letterhead."""
    letterhead.remove_logo(tenant, current_user)
    Session.commit()
