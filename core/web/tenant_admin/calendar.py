"""The agency's calendar: its own days off and keadaan kahar, each change moving the deadlines of
its open requests: ``/t/<slug>/admin/kalender``."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import redirect, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.agency import calendar_changes
from core.http.schemas.calendar import DayOffSchema, HolidayQuerySchema, KaharEndSchema, KaharSchema
from core.platform.db import Session
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError
from core.http.errors import status_of
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import DayOff, KaharPeriod
from core.timekeeping.clock import now as clock_now
from core.web.tenant_admin.base import admin_page, flash_moved, refusal_fields
from core.web.base import blueprint, tenant_page


LOCAL_MOMENT = "%Y-%m-%dT%H:%M"


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
    return admin_page("admin/calendar.html", tenant, status, year=year, holidays=holidays,
                 days_off=Session.scalars(calendar_changes.days_off_listing()).all(),
                 kahar=Session.scalars(calendar_changes.kahar_listing()).all(),
                 errors=errors or {}, values=values or {})


@blueprint.get("/t/<slug>/admin/kalender")
@tenant_page("calendar.write")
def admin_calendar(tenant):
    return _calendar_page(tenant)


def _calendar_done(tenant, moved: int):
    Session.commit()
    flash_moved(moved)
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
        return _calendar_page(tenant, refusal_fields(exc), values, status_of(exc))
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
