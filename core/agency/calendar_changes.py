"""A tenant admin's changes to the agency's calendar: its own days off and keadaan kahar.

Each change is followed, in the same transaction, by one set-based recompute of the deadlines of
the tenant's open requests (``core.agency.deadlines``); finished requests keep theirs.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from core.decrees.calendars import tenant_calendar
from core.platform.db import Session
from core.agency.deadlines import recompute_open_deadlines
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import Conflict, Invalid
from core.models import DayOff, KaharPeriod, Tenant
from core.timekeeping.calendar import Holiday

MAX_LISTED_YEARS = 5


def holidays(tenant: Tenant, first: date, last: date) -> list[Holiday]:
    """The holidays of the tenant's calendar from ``first`` to ``last``, each with its source."""
    if last < first:
        raise Invalid("the listing ends before it starts", {"to": ["must not precede from"]})
    if last.year - first.year >= MAX_LISTED_YEARS:
        raise Invalid("list at most five years at once", {"to": [f"at most {MAX_LISTED_YEARS} years after from"]})
    return tenant_calendar(tenant).holidays_between(first, last)


def days_off_listing():
    """The tenant's own days off, in order (a statement: the caller pages it)."""
    return select(DayOff).order_by(DayOff.day)


def kahar_listing():
    return select(KaharPeriod).order_by(KaharPeriod.starts_at)


def add_day_off(registry: DecreeRegistry, tenant: Tenant, day: date, name: str) -> tuple[DayOff, int]:
    """A day off of the tenant's own; returns it and how many open deadlines moved."""
    if Session.scalar(select(DayOff.id).where(DayOff.day == day)) is not None:
        raise Conflict(f"{day.isoformat()} is already a day off of this agency", {"day": ["already a day off"]})
    row = DayOff(tenant_id=tenant.id, day=day, name=name)
    Session.add(row)
    Session.flush()
    return row, recompute_open_deadlines(registry, tenant)


def remove_day_off(registry: DecreeRegistry, tenant: Tenant, row: DayOff) -> int:
    Session.delete(row)
    Session.flush()
    return recompute_open_deadlines(registry, tenant)


def day_off_on(day: date) -> DayOff | None:
    return Session.scalar(select(DayOff).where(DayOff.day == day))


def _ends_after_start(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and not ends_at > starts_at:
        raise Invalid("a keadaan kahar must end after it starts", {"ends_at": ["must be later than starts_at"]})


def declare_kahar(registry: DecreeRegistry, tenant: Tenant, starts_at: datetime, ends_at: datetime | None,
                  reason: str, actor_id: int | None) -> tuple[KaharPeriod, int]:
    """A keadaan kahar from ``starts_at`` to ``ends_at`` (None: open-ended, to be ended later)."""
    _ends_after_start(starts_at, ends_at)
    row = KaharPeriod(tenant_id=tenant.id, starts_at=starts_at, ends_at=ends_at, reason=reason, declared_by=actor_id)
    Session.add(row)
    Session.flush()
    return row, recompute_open_deadlines(registry, tenant)


def end_kahar(registry: DecreeRegistry, tenant: Tenant, row: KaharPeriod, ends_at: datetime,
              actor_id: int | None) -> int:
    """The end of a keadaan kahar declared open-ended. One that has an end keeps it (withdraw it
    and declare it again if it was wrong)."""
    if row.ends_at is not None:
        raise Conflict(f"this keadaan kahar already ends at {row.ends_at.isoformat()}",
                       {"ends_at": ["already set; only an open-ended keadaan kahar can be ended"]})
    _ends_after_start(row.starts_at, ends_at)
    row.ends_at, row.ended_by = ends_at, actor_id
    Session.flush()
    return recompute_open_deadlines(registry, tenant)


def withdraw_kahar(registry: DecreeRegistry, tenant: Tenant, row: KaharPeriod) -> int:
    """Remove a keadaan kahar declared in error."""
    Session.delete(row)
    Session.flush()
    return recompute_open_deadlines(registry, tenant)
