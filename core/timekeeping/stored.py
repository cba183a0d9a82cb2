"""A tenant's working calendar and a service type's norm, built from what is stored of them.

Duck-typed on the stored rows' attributes, so time arithmetic needs neither the database
nor the models: whoever reads the rows passes them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any, Protocol

from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.norms import TimeNorm


class TenantHours(Protocol):
    timezone: str
    working_days: list[int]
    working_periods: list[list[str]]


class StoredNorm(Protocol):
    time_norm_text: str
    norm_min: float
    norm_max: float
    norm_unit: str
    norm_working: bool
    norm_clock_starts: str
    norm_working_hours: list[str] | None


def working_calendar(tenant: TenantHours, days_off: Mapping[date, str],
                     kahar: Iterable[tuple[datetime, datetime | None]],
                     national: dict[int, dict[date, str]] | None = None) -> WorkingCalendar:
    """The tenant's working days and periods, its own days off, and its keadaan kahar periods.
    ``national``: the national holidays by year, shared by many tenants' calendars (a sweep
    builds hundreds; each would otherwise look the same year up again)."""
    calendar = WorkingCalendar(
        timezone=tenant.timezone,
        working_days=tuple(tenant.working_days),
        periods=tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in tenant.working_periods),
        days_off=days_off,
        kahar=kahar,
    )
    if national is not None:
        calendar._holidays = national
    return calendar


def stored_norm(row: StoredNorm) -> TimeNorm:
    hours = row.norm_working_hours
    return TimeNorm(
        text=row.time_norm_text, minimum=row.norm_min, maximum=row.norm_max, unit=row.norm_unit,
        working=row.norm_working, clock_starts=row.norm_clock_starts,
        working_hours=(time.fromisoformat(hours[0]), time.fromisoformat(hours[1])) if hours else None,
    )


def norm_columns(norm: TimeNorm) -> dict[str, Any]:
    """What is stored of a parsed norm, beside its text (the inverse of :func:`stored_norm`)."""
    return {
        "time_norm_text": norm.text, "norm_min": norm.minimum, "norm_max": norm.maximum, "norm_unit": norm.unit,
        "norm_working": norm.working, "norm_clock_starts": norm.clock_starts,
        "norm_working_hours": [t.strftime("%H:%M") for t in norm.working_hours] if norm.working_hours else None,
    }
