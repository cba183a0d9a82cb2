"""Calendar months and local days: a date some months on, and the moments a local day spans."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def months_later(day: date, months: int) -> date:
    """The same day of the month ``months`` on; the month's last day where it is shorter
    (30 November for three months after 31 August)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_day(moment: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The start of the local day ``moment`` falls on in ``zone``, and the start of the next."""
    start = datetime.combine(moment.astimezone(zone).date(), time(0), tzinfo=zone)
    following = datetime.combine(start.date() + timedelta(days=1), time(0), tzinfo=zone)
    return start, following
