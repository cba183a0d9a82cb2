"""The service catalogue: each service type and its Standar Pelayanan, and the catalogue as CSV
(template, export, an import previewed then applied): ``/t/<slug>/admin/layanan``."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from core import vocabulary
from core.agency import catalogue, catalogue_import
from core.http.schemas.catalogue import ServiceTypeSchema
from core.platform.db import Session
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError
from core.http.errors import status_of
from core.http.downloads import attachment, download_only
from core.platform.lookup import by_id
from core.models import ServiceType
from core.web.tenant_admin.base import admin_page, refusal_fields, upload_page
from core.web.base import blueprint, tenant_page


CSV_TYPE = "text/csv; charset=utf-8"


def _service_input(form, *, with_code: bool) -> dict[str, Any]:
    data: dict[str, Any] = {name: form.get(name, "") for name in ("name", "unit", "time_norm")}
    if with_code:
        data["code"] = form.get("code", "").strip()
    data["components"] = {code: form[f"c_{code}"].strip() for code in vocabulary.STANDARD_COMPONENTS
                          if form.get(f"c_{code}", "").strip()}
    data["active"] = form.get("active") == "1"
    return data


def _service_values(service: ServiceType | None) -> dict[str, str]:
    if service is None:
        return {"active": "1"}
    values = {"code": service.code, "name": service.name, "unit": service.unit or "", "time_norm": service.time_norm_text,
              "active": "1" if service.active else ""}
    values.update({f"c_{code}": text for code, text in (service.components or {}).items()})
    return values


def _service_form(tenant, service, values, errors, status=200):
    return admin_page("admin/service_form.html", tenant, status, service=service, values=values, errors=errors,
                 components=[(code, vocabulary.STANDARD_COMPONENT_LABELS[code]) for code in vocabulary.STANDARD_COMPONENTS],
                 version=catalogue_import.fingerprint(service) if service else "")


@blueprint.get("/t/<slug>/admin/layanan")
@tenant_page("service_type.write")
def admin_services(tenant):
    services = Session.scalars(select(ServiceType).order_by(ServiceType.active.desc(), ServiceType.code)).all()
    return admin_page("admin/services.html", tenant, services=services, max_kb=catalogue_import.MAX_BYTES // 1024,
                 max_rows=catalogue_import.MAX_ROWS)[0]


@blueprint.route("/t/<slug>/admin/layanan/baru", methods=["GET", "POST"])
@tenant_page("service_type.write")
def admin_new_service(tenant):
    if request.method == "GET":
        return _service_form(tenant, None, _service_values(None), {})
    values = request.form.to_dict()
    try:
        data = ServiceTypeSchema().load(_service_input(request.form, with_code=True))
        service = catalogue.save_service_type(tenant, data)
        Session.commit()
    except ValidationError as exc:
        return _service_form(tenant, None, values, flatten_errors(exc.messages), 422)
    except DomainError as exc:
        Session.rollback()
        return _service_form(tenant, None, values, refusal_fields(exc), status_of(exc))
    flash(_("Layanan %(code)s ditambahkan.", code=service.code), "info")
    return redirect(url_for("web.admin_services", slug=tenant.slug), 303)


@blueprint.route("/t/<slug>/admin/layanan/<service_id>", methods=["GET", "POST"])
@tenant_page("service_type.write")
def admin_edit_service(tenant, service_id):
    service = by_id(ServiceType, service_id)
    if request.method == "GET":
        return _service_form(tenant, service, _service_values(service), {})
    values = {**request.form.to_dict(), "code": service.code}
    if request.form.get("version") != catalogue_import.fingerprint(service):
        flash(_("Layanan ini telah diubah orang lain sejak halaman dibuka; periksa lagi lalu ulangi."), "error")
        return _service_form(tenant, service, _service_values(service), {}, 409)
    try:
        data = ServiceTypeSchema(partial=True, exclude=("code",)).load(_service_input(request.form, with_code=False))
        catalogue.save_service_type(tenant, data, service)
        Session.commit()
    except ValidationError as exc:
        return _service_form(tenant, service, values, flatten_errors(exc.messages), 422)
    except DomainError as exc:
        Session.rollback()
        return _service_form(tenant, service, values, refusal_fields(exc), status_of(exc))
    flash(_("Layanan %(code)s diperbarui.", code=service.code), "info")
    return redirect(url_for("web.admin_services", slug=tenant.slug), 303)


@blueprint.get("/t/<slug>/admin/layanan/templat.csv")
@tenant_page("service_type.write")
@download_only
def admin_catalogue_template(tenant):
    return attachment(catalogue_import.template_csv(), CSV_TYPE, "template-katalog-layanan.csv")


@blueprint.get("/t/<slug>/admin/layanan/ekspor.csv")
@tenant_page("service_type.write")
@download_only
def admin_catalogue_export(tenant):
    return attachment(catalogue_import.export_csv(), CSV_TYPE, f"katalog-layanan-{tenant.slug}.csv")


def _import_page(tenant, plan=None, content: str = "", errors=None, status=200):
    return admin_page("admin/import.html", tenant, status, plan=plan, content=content, errors=errors or {})


@blueprint.post("/t/<slug>/admin/layanan/impor")
@tenant_page("service_type.write")
@upload_page(catalogue_import.MAX_BYTES, "file")
def admin_import_preview(tenant):
    """The uploaded CSV, planned row by row; nothing written. The page carries the file's text to
    the confirmation, which plans it again before writing."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(tenant, errors={"file": [_("Pilih berkas CSV.")]}, status=422)
    try:
        content = upload.stream.read(catalogue_import.MAX_BYTES + 1)
    finally:
        upload.close()
    try:
        plan = catalogue_import.plan(content)
    except DomainError as exc:
        return _import_page(tenant, errors=refusal_fields(exc), status=status_of(exc))
    return _import_page(tenant, plan, content.decode("utf-8-sig") if plan.valid else "", status=200 if plan.valid else 422)


@blueprint.post("/t/<slug>/admin/layanan/impor/terapkan")
@tenant_page("service_type.write")
@upload_page(catalogue_import.MAX_BYTES, "content")
def admin_import_apply(tenant):
    content = request.form.get("content", "").encode("utf-8")
    try:
        plan = catalogue_import.apply(tenant, content, current_user)
        Session.commit()
    except DomainError as exc:
        Session.rollback()
        return _import_page(tenant, errors=refusal_fields(exc), status=status_of(exc))
    flash(_("Impor selesai: %(created)s baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.",
            created=plan.count("create"), updated=plan.count("update"), unchanged=plan.count("unchanged")), "info")
    return redirect(url_for("web.admin_services", slug=tenant.slug), 303)
