"""The tenant admin's pages (``/t/<slug>/admin``): the agency's users, its service catalogue (with
the CSV import and its preview), its calendar and keadaan kahar, and its letterhead.

Every form is read by the same marshmallow schema as the API and handed to the same service;
a refusal comes back on the page, field by field. Uploads (the CSV, the logo) raise the body limit
before their form is read, then check the form's CSRF token themselves.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from marshmallow import ValidationError
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.validators import ValidationError as CsrfInvalid

from core import vocabulary
from core.access import tenant_users
from core.agency import calendar_changes, catalogue, catalogue_import
from core.case_files import letterhead
from core.http.schemas.calendar import DayOffSchema, HolidayQuerySchema, KaharEndSchema, KaharSchema
from core.http.schemas.catalogue import ServiceTypeSchema
from core.http.schemas.tenant_admin import LetterheadSchema, TenantUserChangeSchema, TenantUserCreateSchema
from core.platform.db import Session
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError, NotFound, Stale, TooLarge
from core.http.errors import status_of
from core.http.downloads import attachment, case_store, download_only
from core.http.extensions import decrees
from core.case_files.letter_pdf import render_pdf
from core.platform.lookup import by_id
from core.models import DayOff, KaharPeriod, ServiceType
from core.timekeeping.clock import now as clock_now
from core.web.base import blueprint, tenant_page

LOCAL_MOMENT = "%Y-%m-%dT%H:%M"
ROLE_LABELS = {"petugas": _l("Petugas"), "pimpinan": _l("Pimpinan"), "admin_dinas": _l("Admin dinas")}
MULTIPART_OVERHEAD = 64 * 1024
CSV_TYPE = "text/csv; charset=utf-8"


def _page(template: str, tenant, status: int = 200, **context):
    return render_template(template, tenant=tenant, zone=ZoneInfo(tenant.timezone), labels=vocabulary.LABELS,
                           role_labels=ROLE_LABELS, **context), status


def _refusal(exc: DomainError) -> dict[str, list[str]]:
    return exc.fields or {"_schema": [exc.message]}


def _flash_refusal(exc: DomainError) -> None:
    details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.fields.items())
    flash(exc.message + (f" ({details})" if details else ""), "error")


def _moved(count: int) -> None:
    flash(_("Tersimpan. %(count)s tenggat permohonan terbuka dihitung ulang dan bergeser.", count=count), "info")


def upload_page(limit: int, field: str):
    """An upload form: the body may be ``limit`` bytes of file (plus framing); its CSRF token is
    checked here, after the limit is raised (the view is exempt from the global check)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            # a preview's confirmation carries the file's text in a form field, escaped: room for it
            request.max_content_length = request.max_form_memory_size = limit * 3 + MULTIPART_OVERHEAD
            try:
                validate_csrf(request.form.get("csrf_token"))
            except RequestEntityTooLarge:
                raise TooLarge(f"the file is larger than {limit} bytes", {field: [f"at most {limit} bytes"]}) from None
            except CsrfInvalid as exc:
                raise CSRFError(str(exc)) from None
            return view(*args, **kwargs)

        return wrapper

    return decorate


# -- home ----------------------------------------------------------------------


@blueprint.get("/t/<slug>/admin")
@tenant_page("tenant.admin")
def admin_home(tenant):
    services = Session.scalar(select(func.count()).select_from(ServiceType).where(ServiceType.active.is_(True)))
    today = clock_now(ZoneInfo(tenant.timezone))
    open_kahar = Session.scalars(select(KaharPeriod).where(
        KaharPeriod.starts_at <= today, (KaharPeriod.ends_at.is_(None)) | (KaharPeriod.ends_at > today))).all()
    days_off = Session.scalar(select(func.count()).select_from(DayOff).where(DayOff.day >= today.date()))
    return _page("admin/home.html", tenant, users=tenant_users.counts(tenant), services=services,
                 open_kahar=open_kahar, days_off=days_off, letterhead=letterhead.fields_of(tenant))[0]


# -- users ---------------------------------------------------------------------


def _users_page(tenant, values=None, errors=None, status=200):
    users = Session.scalars(tenant_users.users_of(tenant)).all()
    return _page("admin/users.html", tenant, status, users=users, values=values or {}, errors=errors or {},
                 roles=tenant_users.ASSIGNABLE_ROLES, fingerprint=tenant_users.fingerprint)


@blueprint.get("/t/<slug>/admin/pengguna")
@tenant_page("user.manage")
def admin_users(tenant):
    return _users_page(tenant)


@blueprint.post("/t/<slug>/admin/pengguna")
@tenant_page("user.manage")
def admin_create_user(tenant):
    values = {name: request.form.get(name, "") for name in ("email", "name", "role", "password")}
    try:
        data = TenantUserCreateSchema().load(values)
        user = tenant_users.create(tenant, data, current_user)
        Session.commit()
    except ValidationError as exc:
        return _users_page(tenant, {**values, "password": ""}, flatten_errors(exc.messages), 422)
    except DomainError as exc:
        Session.rollback()
        return _users_page(tenant, {**values, "password": ""}, _refusal(exc), status_of(exc))
    flash(_("Pengguna %(email)s dibuat.", email=user.email), "info")
    return redirect(url_for("web.admin_users", slug=tenant.slug), 303)


@blueprint.post("/t/<slug>/admin/pengguna/<int:user_id>")
@tenant_page("user.manage")
def admin_change_user(tenant, user_id):
    user = tenant_users.user_of(tenant, user_id)
    body: dict[str, Any] = {}
    if "role" in request.form:
        body["role"] = request.form["role"]
    if "active" in request.form:
        body["active"] = request.form["active"]
    try:
        if request.form.get("version") != tenant_users.fingerprint(user):
            raise Stale(_("Pengguna ini telah diubah orang lain sejak halaman dibuka; periksa lagi lalu ulangi."))
        tenant_users.change(tenant, user, current_user, TenantUserChangeSchema().load(body))
        Session.commit()
        flash(_("Pengguna %(email)s diperbarui.", email=user.email), "info")
    except ValidationError as exc:
        flash("; ".join(f"{k}: {' '.join(v)}" for k, v in flatten_errors(exc.messages).items()), "error")
    except DomainError as exc:
        Session.rollback()
        _flash_refusal(exc)
    return redirect(url_for("web.admin_users", slug=tenant.slug), 303)


# -- service catalogue ---------------------------------------------------------


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
    return _page("admin/service_form.html", tenant, status, service=service, values=values, errors=errors,
                 components=[(code, vocabulary.STANDARD_COMPONENT_LABELS[code]) for code in vocabulary.STANDARD_COMPONENTS],
                 version=catalogue_import.fingerprint(service) if service else "")


@blueprint.get("/t/<slug>/admin/layanan")
@tenant_page("service_type.write")
def admin_services(tenant):
    services = Session.scalars(select(ServiceType).order_by(ServiceType.active.desc(), ServiceType.code)).all()
    return _page("admin/services.html", tenant, services=services, max_kb=catalogue_import.MAX_BYTES // 1024,
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
        return _service_form(tenant, None, values, _refusal(exc), status_of(exc))
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
        return _service_form(tenant, service, values, _refusal(exc), status_of(exc))
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
    return _page("admin/import.html", tenant, status, plan=plan, content=content, errors=errors or {})


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
        return _import_page(tenant, errors=_refusal(exc), status=status_of(exc))
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
        return _import_page(tenant, errors=_refusal(exc), status=status_of(exc))
    flash(_("Impor selesai: %(created)s baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.",
            created=plan.count("create"), updated=plan.count("update"), unchanged=plan.count("unchanged")), "info")
    return redirect(url_for("web.admin_services", slug=tenant.slug), 303)


# -- calendar and keadaan kahar ------------------------------------------------


def _moment(tenant, text: str) -> str | None:
    """A ``datetime-local`` value read in the agency's zone (as the schema wants it), or None when empty."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, LOCAL_MOMENT).replace(tzinfo=ZoneInfo(tenant.timezone)).isoformat()
    except ValueError:
        return text  # the schema names it


def _calendar_page(tenant, errors=None, values=None, status=200):
    try:
        year = HolidayQuerySchema().load({"year": request.args.get("tahun")} if request.args.get("tahun") else {})["year"]
    except ValidationError as exc:
        errors = {**(errors or {}), "tahun": flatten_errors(exc.messages).get("year", [])}
        year = None
    year = year or clock_now(ZoneInfo(tenant.timezone)).year
    holidays = calendar_changes.holidays(tenant, date(year, 1, 1), date(year, 12, 31))
    return _page("admin/calendar.html", tenant, status, year=year, holidays=holidays,
                 days_off=Session.scalars(calendar_changes.days_off_listing()).all(),
                 kahar=Session.scalars(calendar_changes.kahar_listing()).all(),
                 errors=errors or {}, values=values or {})


@blueprint.get("/t/<slug>/admin/kalender")
@tenant_page("calendar.write")
def admin_calendar(tenant):
    return _calendar_page(tenant)


def _calendar_done(tenant, moved: int):
    Session.commit()
    _moved(moved)
    return redirect(url_for("web.admin_calendar", slug=tenant.slug), 303)


def _calendar_change(tenant, values: dict, change):
    """Run a change of the calendar form (``change`` loads the form and returns how many open
    deadlines moved): done, or the page again with the errors next to their fields."""
    try:
        moved = change()
    except ValidationError as exc:
        return _calendar_page(tenant, flatten_errors(exc.messages), values, 422)
    except DomainError as exc:
        Session.rollback()
        return _calendar_page(tenant, _refusal(exc), values, status_of(exc))
    return _calendar_done(tenant, moved)


@blueprint.post("/t/<slug>/admin/kalender/libur")
@tenant_page("calendar.write")
def admin_add_day_off(tenant):
    values = {"day": request.form.get("day", ""), "name": request.form.get("name", "")}

    def change():
        data = DayOffSchema().load(values)
        return calendar_changes.add_day_off(decrees(), tenant, data["day"], data["name"])[1]

    return _calendar_change(tenant, values, change)


@blueprint.post("/t/<slug>/admin/kalender/libur/<day_off_id>/hapus")
@tenant_page("calendar.write")
def admin_remove_day_off(tenant, day_off_id):
    moved = calendar_changes.remove_day_off(decrees(), tenant, by_id(DayOff, day_off_id))
    return _calendar_done(tenant, moved)


@blueprint.post("/t/<slug>/admin/kalender/kahar")
@tenant_page("calendar.write")
def admin_declare_kahar(tenant):
    values = {name: request.form.get(name, "") for name in ("starts_at", "ends_at", "reason")}
    body = {"starts_at": _moment(tenant, values["starts_at"]), "ends_at": _moment(tenant, values["ends_at"]),
            "reason": values["reason"]}

    def change():
        data = KaharSchema().load({k: v for k, v in body.items() if v is not None or k == "ends_at"})
        return calendar_changes.declare_kahar(decrees(), tenant, data["starts_at"], data["ends_at"],
                                              data["reason"], current_user.id)[1]

    return _calendar_change(tenant, values, change)


@blueprint.post("/t/<slug>/admin/kalender/kahar/<kahar_id>/akhiri")
@tenant_page("calendar.write")
def admin_end_kahar(tenant, kahar_id):
    row = by_id(KaharPeriod, kahar_id)
    values = {"ends_at": request.form.get("ends_at", "")}
    try:
        data = KaharEndSchema().load({"ends_at": _moment(tenant, values["ends_at"])} if values["ends_at"].strip() else {})
        moved = calendar_changes.end_kahar(decrees(), tenant, row, data["ends_at"], current_user.id)
    except ValidationError as exc:
        return _calendar_page(tenant, {f"end-{row.id}": flatten_errors(exc.messages).get("ends_at", [])}, {}, 422)
    except DomainError as exc:
        Session.rollback()
        return _calendar_page(tenant, {f"end-{row.id}": [exc.message]}, {}, status_of(exc))
    return _calendar_done(tenant, moved)


@blueprint.post("/t/<slug>/admin/kalender/kahar/<kahar_id>/cabut")
@tenant_page("calendar.write")
def admin_withdraw_kahar(tenant, kahar_id):
    moved = calendar_changes.withdraw_kahar(decrees(), tenant, by_id(KaharPeriod, kahar_id))
    return _calendar_done(tenant, moved)


# -- letterhead ----------------------------------------------------------------


def _letterhead_page(tenant, values=None, errors=None, status=200):
    return _page("admin/letterhead.html", tenant, status, values=values or letterhead.fields_of(tenant),
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
        return _letterhead_page(tenant, {**values, "logo": ""}, _refusal(exc), status_of(exc))
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
        return _letterhead_page(tenant, errors=_refusal(exc), status=status_of(exc))
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
