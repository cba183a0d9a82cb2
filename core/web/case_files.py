"""The case files page: a case's letters and evidence, with a button to issue each letter its
decision owes and a form to attach a photo or a PDF. Downloads are attachments, as in the API."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from core.access import policy
from core.case_files import evidence, letters
from core.platform.db import Session
from core.platform.domain_errors import DomainError
from core.http.downloads import (
    accepts_upload, attachment, case_store, download_only, evidence_limit, letter_file_name, read_stored,
    require_letter_reader,
)
from core.platform.lookup import by_id
from core.models import Complaint
from core.web.base import blueprint, tenant_page
from core.web.labels import LABELS


class LetterForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired(), AnyOf(letters.KINDS)])


class EvidenceForm(FlaskForm):
    file = FileField(_l("Foto (JPEG, PNG) atau PDF"), validators=[FileRequired()])


def _page(tenant, complaint_id: str):
    return redirect(url_for("web.case_files_page", slug=tenant.slug, complaint_id=complaint_id))


@blueprint.get("/t/<slug>/pengaduan/<complaint_id>/berkas")
@tenant_page("case_files.view")
def case_files_page(tenant, complaint_id):
    complaint = by_id(Complaint, complaint_id)
    may_issue = policy.can(current_user, "letter.issue", tenant)
    visible = policy.may_see_identity(current_user, tenant, complaint)
    may_attach = policy.can(current_user, "evidence.write", tenant)
    return render_template(
        "case_files.html", tenant=tenant, complaint=complaint, letters=letters.of_case(complaint),
        evidence=[evidence.as_seen(row, visible) for row in evidence.of_case(complaint)],
        may_read_letters=policy.may_read_letter(current_user, tenant, complaint),
        issuable=letters.issuable(complaint) if may_issue else [], letter_form=LetterForm(),
        evidence_form=EvidenceForm() if may_attach else None, labels=LABELS,
        limit_mb=evidence_limit() / 1024 / 1024,
    )


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/surat")
@tenant_page("letter.issue")
def issue_letter_page(tenant, complaint_id):
    complaint = by_id(Complaint, complaint_id)
    form = LetterForm()
    if not form.validate_on_submit():
        flash(_("Jenis surat tidak dikenal."), "error")
        return _page(tenant, complaint_id)
    try:
        letter = letters.issue(case_store(), tenant, complaint, form.kind.data, actor_id=current_user.id)
        Session.commit()
        flash(_("Surat %(number)s diterbitkan.", number=letter.number), "info")
    except DomainError as exc:
        Session.rollback()
        flash(exc.message, "error")
    return _page(tenant, complaint_id)


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/bukti")
@tenant_page("evidence.write")
@accepts_upload
def upload_evidence_page(tenant, complaint_id):
    complaint = by_id(Complaint, complaint_id)
    form = EvidenceForm()
    if not form.validate_on_submit():
        flash(_("Pilih berkas foto atau PDF."), "error")
        return _page(tenant, complaint_id)
    upload = form.file.data
    try:
        evidence.attach(case_store(), complaint, upload.stream.read(evidence_limit() + 1), upload.filename,
                        max_bytes=evidence_limit(), actor_id=current_user.id)
        Session.commit()
        flash(_("Bukti dilampirkan."), "info")
    except DomainError as exc:
        Session.rollback()
        flash(" ".join(sum(exc.fields.values(), [])) or exc.message, "error")
    return _page(tenant, complaint_id)


@blueprint.get("/t/<slug>/pengaduan/<complaint_id>/surat/<letter_id>")
@tenant_page("case_files.view")
@download_only
def download_letter_page(tenant, complaint_id, letter_id):
    complaint = by_id(Complaint, complaint_id)
    letter = letters.one_of_case(complaint, letter_id)
    require_letter_reader(current_user, tenant, complaint)
    return attachment(read_stored(letter.sha256), "application/pdf", letter_file_name(letter))


@blueprint.get("/t/<slug>/pengaduan/<complaint_id>/bukti/<evidence_id>")
@tenant_page("case_files.view")
@download_only
def download_evidence_page(tenant, complaint_id, evidence_id):
    complaint = by_id(Complaint, complaint_id)
    visible = policy.may_see_identity(current_user, tenant, complaint)
    row = evidence.as_seen(evidence.one_of_case(complaint, evidence_id), visible)
    return attachment(read_stored(row.sha256), row.media_type, row.original_name)
