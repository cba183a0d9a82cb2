"""The agency's letterhead (kop surat) and logo, with a sample letter as PDF: ``/t/<slug>/admin/kop``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from core.case_files import letterhead
from core.http.schemas.tenant_admin import LetterheadSchema
from core.platform.db import Session
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError, NotFound
from core.http.errors import status_of
from core.http.downloads import attachment, case_store, download_only
from core.case_files.letter_pdf import render_pdf
from core.timekeeping.clock import now as clock_now
from core.web.tenant_admin.base import admin_page, refusal_fields, upload_page
from core.web.base import blueprint, tenant_page


def _letterhead_page(tenant, values=None, errors=None, status=200):
    return admin_page("admin/letterhead.html", tenant, status, values=values or letterhead.fields_of(tenant),
                 errors=errors or {}, version=letterhead.fingerprint(tenant), has_logo=bool(letterhead.fields_of(tenant)["logo"]),
                 logo_kb=letterhead.LOGO_MAX_BYTES // 1024, fields=letterhead.TEXT_FIELDS)


@blueprint.route("/t/<slug>/admin/kop", methods=["GET", "POST"])
@tenant_page("letterhead.write")
def admin_letterhead(tenant):
    if request.method == "GET":
        return _letterhead_page(tenant)
    values = {name: request.form.get(name, "") for name in letterhead.TEXT_FIELDS}
    if request.form.get("version") != letterhead.fingerprint(tenant):
        flash(_("Kop surat telah diubah orang lain sejak halaman dibuka; periksa lagi lalu ulangi."), "error")
        return _letterhead_page(tenant, status=409)
    try:
        letterhead.update(tenant, LetterheadSchema().load(values), current_user)
        Session.commit()
    except ValidationError as exc:
        return _letterhead_page(tenant, {**values, "logo": ""}, flatten_errors(exc.messages), 422)
    except DomainError as exc:
        Session.rollback()
        return _letterhead_page(tenant, {**values, "logo": ""}, refusal_fields(exc), status_of(exc))
    flash(_("Kop surat disimpan."), "info")
    return redirect(url_for("web.admin_letterhead", slug=tenant.slug), 303)


@blueprint.post("/t/<slug>/admin/kop/logo")
@tenant_page("letterhead.write")
@upload_page(letterhead.LOGO_MAX_BYTES, "logo")
def admin_logo(tenant):
    upload = request.files.get("logo")
    if request.form.get("remove") == "1":
        letterhead.remove_logo(tenant, current_user)
        Session.commit()
        flash(_("Logo dihapus."), "info")
        return redirect(url_for("web.admin_letterhead", slug=tenant.slug), 303)
    if upload is None or not upload.filename:
        return _letterhead_page(tenant, errors={"logo": [_("Pilih berkas gambar PNG atau JPEG.")]}, status=422)
    try:
        content = upload.stream.read(letterhead.LOGO_MAX_BYTES + 1)
    finally:
        upload.close()
    try:
        letterhead.set_logo(case_store(), tenant, content, current_user)
        Session.commit()
    except DomainError as exc:
        Session.rollback()
        return _letterhead_page(tenant, errors=refusal_fields(exc), status=status_of(exc))
    flash(_("Logo disimpan."), "info")
    return redirect(url_for("web.admin_letterhead", slug=tenant.slug), 303)


@blueprint.get("/t/<slug>/admin/kop/logo")
@tenant_page("letterhead.write")
def admin_logo_image(tenant):
    """The logo, shown in the preview: an image whose type was read from its bytes, never sniffed again."""
    found = letterhead.logo_of(case_store(), tenant)
    if found is None:
        raise NotFound("logo")
    content, media_type = found
    response = attachment(content, media_type, "logo")
    response.headers["Content-Disposition"] = "inline"
    return response


@blueprint.get("/t/<slug>/admin/kop/contoh.pdf")
@tenant_page("letterhead.write")
@download_only
def admin_letterhead_sample(tenant):
    """A sample letter on the letterhead as it is now, from the template every issued letter uses."""
    context = letterhead.sample_context(tenant, clock_now(ZoneInfo(tenant.timezone)).date())
    context["logo"] = letterhead.logo_data_uri(case_store(), tenant)
    return attachment(render_pdf("maaf_tertulis", context), "application/pdf", f"contoh-kop-{tenant.slug}.pdf")
