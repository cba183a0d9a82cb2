"""Calendar-day windows, such as a law's "within 30 days of": counted on the calendar of a zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def calendar_days_between(start: datetime, end: datetime, zone: ZoneInfo) -> int:
    """Whole calendar days from the day of ``start`` to the day of ``end``, as dated in ``zone``
    (the same day is 0; negative when ``end`` is earlier)."""
    return (end.astimezone(zone).date() - start.astimezone(zone).date()).days


def within_calendar_days(start: datetime, end: datetime, days: int, zone: ZoneInfo) -> bool:
    """Whether ``end`` falls on the day of ``start`` or one of the ``days`` calendar days after it."""
    return 0 <= calendar_days_between(start, end, zone) <= days
