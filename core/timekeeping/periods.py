"""A reporting period as people write it: a month ``2024-06``, a quarter ``2024-Q2``, a year
``2024``; read strictly (nothing else is guessed into one) and turned into the moments it spans
in a zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.timekeeping.months import months_later

PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})|-Q(?P<quarter>[0-9]))?")  # ASCII digits only
EARLIEST, LATEST = 1970, 2199
FORMS = "a month (2024-06), a quarter (2024-Q2) or a year (2024)"


class PeriodError(ValueError):
    """Text that is not a period; the message says what would be."""


@dataclass(frozen=True)
class Period:
    """``first`` (included) to ``following`` (excluded), as local days."""

    label: str
    first: date
    following: date

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The moments the period spans in ``zone``: its first local midnight and the next period's."""
        return (datetime.combine(self.first, time(0), tzinfo=zone),
                datetime.combine(self.following, time(0), tzinfo=zone))


def parse_period(text: str) -> Period:
    """``2024-06``, ``2024-Q2`` or ``2024``; a year outside 1970-2199, month 13 or quarter 5,
    spaces, lower-case ``q`` or any other spelling is refused."""
    match = PATTERN.fullmatch(text or "")
    if match is None:
        raise PeriodError(f"not a period: give {FORMS}")
    year = int(match["year"])
    if not EARLIEST <= year <= LATEST:
        raise PeriodError(f"give a year between {EARLIEST} and {LATEST}")
    if match["month"] is not None:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError("a month is 01 to 12")
        first = date(year, month, 1)
        return Period(text, first, months_later(first, 1))
    if match["quarter"] is not None:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise PeriodError("a quarter is Q1 to Q4")
        first = date(year, 3 * quarter - 2, 1)
        return Period(text, first, months_later(first, 3))
    return Period(text, date(year, 1, 1), date(year + 1, 1, 1))
