"""A reporting period of the provincial view: a month (``2024-06``), a quarter (``2024-Q2``) or a
year (``2024``), parsed strictly: anything else is refused, never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.platform.domain_errors import Invalid
from core.timekeeping import periods

FIRST_YEAR, LAST_YEAR = 2000, 2099  # the years a decree of this platform can concern
EXPECTED = "a month YYYY-MM (2024-06), a quarter YYYY-Qn (2024-Q2) or a year YYYY (2024), from 2000 to 2099"


@dataclass(frozen=True, order=True)
class Period:
    """Whole months from ``first`` (the 1st of a month) to ``last`` (the 1st of the last month)."""

    first: date
    last: date
    label: str

    @property
    def months(self) -> list[date]:
        return months_between(self.first, self.last)

    def __str__(self) -> str:
        return self.label


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """The 1st of every month from ``first`` to ``last``, both included."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def parse_period(text: str | None) -> Period:
    """``2024-06`` → June 2024, ``2024-Q2`` → April to June, ``2024`` → the year, as whole months;
    read by the one period parser (``core.timekeeping.periods``). Raises :class:`Invalid` naming
    the field ``period`` for anything else."""
    try:
        span = periods.parse_period(text or "")
    except periods.PeriodError:
        span = None
    if span is None or not FIRST_YEAR <= span.first.year <= LAST_YEAR:
        raise Invalid(f"the period {text!r} is not {EXPECTED}", {"period": [f"expected {EXPECTED}"]})
    return Period(span.first, add_months(span.following, -1), span.label)


def month_period(month: date) -> Period:
    return Period(month, month, f"{month.year:04d}-{month.month:02d}")


def previous_month(today: date) -> Period:
    """The default period of the pages: the last whole month before ``today``."""
    return month_period(add_months(date(today.year, today.month, 1), -1))
