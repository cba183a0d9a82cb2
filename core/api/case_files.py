"""API routes for the files kept with a case: evidence (upload, list, download) and letters
(issue, list, download). Downloads are always attachments that no browser will render or run:
``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff`` and a sandboxing
``Content-Security-Policy``."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from core.access import policy
from core.case_files import evidence, letters
from core.api.base import blp, errors_documented, tenant_route
from core.api.schemas import EvidenceFileSchema, EvidenceUploadSchema, ErrorSchema, LetterRequestSchema, LetterSchema
from core.platform.db import Session
from core.http.downloads import (
    accepts_upload, attachment, case_store, download_only, evidence_limit, letter_file_name, read_stored,
    require_letter_reader,
)
from core.platform.lookup import by_id
from core.models import Complaint

CASE = "/tenants/<slug>/complaints/<complaint_id>"
BINARY = {"type": "string", "format": "binary"}


def _documented(status: int, description: str):
    return blp.alt_response(status, schema=ErrorSchema, description=description)


# -- evidence ------------------------------------------------------------------


@blp.route(f"{CASE}/evidence", methods=["POST"])
@tenant_route("evidence.write")
@accepts_upload
@errors_documented(400)
@_documented(413, "the file is larger than the evidence limit (KOMPENSASI_EVIDENCE_MAX_BYTES, 5 MB unless set)")
@_documented(422, "no file, an empty one, a type other than JPEG, PNG or PDF (read from the content), or a bad compensation_id")
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
@_documented(409, "the decision in force does not owe this compensation, the case has no decision, or the letter was issued")
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
