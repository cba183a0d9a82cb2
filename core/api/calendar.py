"""API routes of the agency's calendar: the holidays with their source, its own days off, and
keadaan kahar. A change recomputes the deadlines of the agency's open requests (core/agency/deadlines.py)."""

from __future__ import annotations

from datetime import date

from flask_login import current_user

from core.agency import calendar_changes
from core.api.base import NO_CONTENT, PAGE, QueryPage, blp, errors_documented, tenant_route
from core.http.schemas.calendar import (
    DayOffSchema, HolidayQuerySchema, HolidaySchema, KaharEndSchema, KaharSchema,
)
from core.api.schemas import ErrorSchema
from core.platform.db import Session
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import DayOff, KaharPeriod
from core.timekeeping.clock import now

CONFLICT = {"schema": ErrorSchema}


@blp.route("/tenants/<slug>/calendar/holidays")
@tenant_route()
@blp.arguments(HolidayQuerySchema, location="query")
@blp.response(200, HolidaySchema(many=True))
def list_holidays(query, tenant):
    """The days the agency's clocks do not count in a year: national holidays, cuti bersama and the
    agency's own days off, each with its source (weekends are not listed)."""
    year = query["year"] or now().year
    return calendar_changes.holidays(tenant, date(year, 1, 1), date(year, 12, 31))


@blp.route("/tenants/<slug>/calendar/days-off")
@tenant_route()
@blp.response(200, DayOffSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_days_off(tenant):
    """The agency's own days off, in date order."""
    return calendar_changes.days_off_listing()


@blp.route("/tenants/<slug>/calendar/days-off", methods=["POST"])
@tenant_route("calendar.write")
@errors_documented(400, 413)
@blp.arguments(DayOffSchema)
@blp.alt_response(409, description="the day is already a day off of the agency", **CONFLICT)
@blp.response(201, DayOffSchema)
def add_day_off(data, tenant):
    """Add a day off of the agency's own; the deadlines of its open requests follow."""
    row, _moved = calendar_changes.add_day_off(decrees(), tenant, data["day"], data["name"])
    Session.commit()
    return row


@blp.route("/tenants/<slug>/calendar/days-off/<day_off_id>", methods=["DELETE"])
@tenant_route("calendar.write")
@blp.response(NO_CONTENT)
def remove_day_off(tenant, day_off_id):
    """Remove one of the agency's own days off; the deadlines of its open requests follow."""
    calendar_changes.remove_day_off(decrees(), tenant, by_id(DayOff, day_off_id))
    Session.commit()


@blp.route("/tenants/<slug>/calendar/kahar")
@tenant_route()
@blp.response(200, KaharSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_kahar(tenant):
    """The agency's keadaan kahar periods, oldest first."""
    return calendar_changes.kahar_listing()


@blp.route("/tenants/<slug>/calendar/kahar", methods=["POST"])
@tenant_route("calendar.write")
@errors_documented(400, 413)
@blp.arguments(KaharSchema)
@blp.response(201, KaharSchema)
def declare_kahar(data, tenant):
    """Declare a keadaan kahar (``ends_at`` null: open-ended); the deadlines of open requests follow
    where the agency's decree stops its clocks for it."""
    row, _moved = calendar_changes.declare_kahar(decrees(), tenant, data["starts_at"], data["ends_at"],
                                                 data["reason"], current_user.id)
    Session.commit()
    return row


@blp.route("/tenants/<slug>/calendar/kahar/<kahar_id>")
@tenant_route()
@blp.response(200, KaharSchema)
def get_kahar(tenant, kahar_id):
    """One keadaan kahar."""
    return by_id(KaharPeriod, kahar_id)


@blp.route("/tenants/<slug>/calendar/kahar/<kahar_id>", methods=["PATCH"])
@tenant_route("calendar.write")
@errors_documented(400, 413)
@blp.arguments(KaharEndSchema)
@blp.alt_response(409, description="the keadaan kahar already has an end", **CONFLICT)
@blp.response(200, KaharSchema)
def end_kahar(data, tenant, kahar_id):
    """End a keadaan kahar declared open-ended; the deadlines of open requests follow."""
    row = by_id(KaharPeriod, kahar_id)
    calendar_changes.end_kahar(decrees(), tenant, row, data["ends_at"], current_user.id)
    Session.commit()
    return row


@blp.route("/tenants/<slug>/calendar/kahar/<kahar_id>", methods=["DELETE"])
@tenant_route("calendar.write")
@blp.response(NO_CONTENT)
def withdraw_kahar(tenant, kahar_id):
    """Withdraw a keadaan kahar declared in error; the deadlines of open requests follow."""
    calendar_changes.withdraw_kahar(decrees(), tenant, by_id(KaharPeriod, kahar_id))
    Session.commit()
