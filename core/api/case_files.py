"""API routes for the files kept with a case: evidence (upload, list, download) and letters
(issue, list, download). Downloads are always attachments that no browser will render or run:
``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff`` and a sandboxing
``Content-Security-Policy``."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from core.access import policy
from core.case_files import evidence, letters
from core.api.base import CASE, blp, error_documented, errors_documented, read_upload, tenant_route, upload_limit
from core.api.case_files_schemas import EvidenceFileSchema, EvidenceUploadSchema, LetterRequestSchema, LetterSchema
from core.platform.db import Session
from core.http.downloads import accepts_upload, attachment, case_store, download_only, evidence_limit, letter_file_name, read_stored, require_letter_reader
from core.platform.lookup import by_id
from core.models import Complaint
from core.case_files import letterhead
from core.api.base import NO_CONTENT
from core.http.schemas.tenant_admin import LetterheadSchema, LogoUploadSchema
from core.platform.domain_errors import NotFound

BINARY = {"type": "string", "format": "binary"}


# -- evidence ------------------------------------------------------------------


@blp.route(f"{CASE}/evidence", methods=["POST"])
@tenant_route("evidence.write")
@accepts_upload
@errors_documented(400)
@error_documented(413, "the file is larger than the evidence limit (KOMPENSASI_EVIDENCE_MAX_BYTES, 5 MB unless set)")
@error_documented(422, "no file, an empty one, a type other than JPEG, PNG or PDF (read from the content), or a bad compensation_id")
@blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": EvidenceUploadSchema}}})
@blp.response(201, EvidenceFileSchema)
def upload_evidence(tenant, complaint_id):
    """Attach a photo (JPEG, PNG) or a PDF to the case, or to one of its compensation items
    (``compensation_id``). The type is read from the content; the file is kept by its hash."""
    complaint = by_id(Complaint, complaint_id)
    data = EvidenceUploadSchema().load({**request.form.to_dict(), **request.files.to_dict()})
    limit = evidence_limit()
    upload = data["file"]
    content = upload.stream.read(limit + 1)
    row = evidence.attach(case_store(), complaint, content, upload.filename, max_bytes=limit,
                          compensation_id=data["compensation_id"], actor_id=current_user.id)
    Session.commit()
    return row


@blp.route(f"{CASE}/evidence")
@tenant_route("case_files.view")
@blp.response(200, EvidenceFileSchema(many=True))
def list_evidence(tenant, complaint_id):
    """The case's evidence files, oldest first (the sent names masked for a viewer who may not
    see who complained)."""
    complaint = by_id(Complaint, complaint_id)
    visible = policy.may_see_identity(current_user, tenant, complaint)
    return [evidence.as_seen(row, visible) for row in evidence.of_case(complaint)]


@blp.route(f"{CASE}/evidence/<evidence_id>/download")
@tenant_route("case_files.view")
@download_only
@blp.doc(responses={"200": {"description": "the file, as an attachment", "content": {
    "image/jpeg": {"schema": BINARY}, "image/png": {"schema": BINARY}, "application/pdf": {"schema": BINARY}}}})
def download_evidence(tenant, complaint_id, evidence_id):
    """One evidence file, always as a download (never shown inline)."""
    complaint = by_id(Complaint, complaint_id)
    visible = policy.may_see_identity(current_user, tenant, complaint)
    row = evidence.as_seen(evidence.one_of_case(complaint, evidence_id), visible)
    return attachment(read_stored(row.sha256), row.media_type, row.original_name)


# -- letters -------------------------------------------------------------------


@blp.route(f"{CASE}/letters", methods=["POST"])
@tenant_route("letter.issue")
@errors_documented(400, 413)
@error_documented(409, "the decision in force does not owe this compensation, the case has no decision, or the letter was issued")
@blp.arguments(LetterRequestSchema)
@blp.response(201, LetterSchema)
def issue_letter(data, tenant, complaint_id):
    """Issue the numbered letter for a compensation the case's decision in force owes: the written
    apology (``maaf_tertulis``) or the notice of non-conformance (``pemberitahuan_ketidaksesuaian``)."""
    letter = letters.issue(case_store(), tenant, by_id(Complaint, complaint_id), data["kind"], actor_id=current_user.id)
    Session.commit()
    return letter


@blp.route(f"{CASE}/letters")
@tenant_route("case_files.view")
@blp.response(200, LetterSchema(many=True))
def list_letters(tenant, complaint_id):
    """The letters issued on the case."""
    return letters.of_case(by_id(Complaint, complaint_id))


@blp.route(f"{CASE}/letters/<letter_id>/download")
@tenant_route("case_files.view")
@download_only
@blp.doc(responses={"200": {"description": "the letter (PDF), as an attachment",
                            "content": {"application/pdf": {"schema": BINARY}}}})
def download_letter(tenant, complaint_id, letter_id):
    """One letter's PDF, as a download (a rahasia complainant's only for those who may see who complained)."""
    complaint = by_id(Complaint, complaint_id)
    letter = letters.one_of_case(complaint, letter_id)
    require_letter_reader(current_user, tenant, complaint)
    return attachment(read_stored(letter.sha256), "application/pdf", letter_file_name(letter))


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
@error_documented(413, "the image is larger than 512 KB")
@error_documented(422, "no file, or not a PNG or JPEG image (read from the content)")
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
