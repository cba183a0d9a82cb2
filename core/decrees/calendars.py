"""A tenant's calendar data (its own days off, its keadaan kahar periods), read for its clocks."""

from __future__ import annotations

from sqlalchemy import select

from core.platform.db import Session
from core.models import DayOff, KaharPeriod, Tenant
from core.models.scope import tenant_scope
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.stored import working_calendar


def tenant_calendar(tenant: Tenant) -> WorkingCalendar:
    with tenant_scope(tenant.id):
        days_off = {row.day: row.name for row in Session.scalars(select(DayOff))}
        kahar = [(row.starts_at, row.ends_at) for row in Session.scalars(select(KaharPeriod))]
    return working_calendar(tenant, days_off, kahar)
