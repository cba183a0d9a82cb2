"""A tenant's working calendar: the one place where time is added and measured.

Working time is the tenant's working periods on its working days, less national
public holidays and cuti bersama (the ``holidays`` package, categories PUBLIC
and GOVERNMENT, names in Bahasa Indonesia), the tenant's own days off, and
keadaan kahar periods. Calendar (elapsed) time also stops during keadaan kahar.
Whether a decree's clocks stop for keadaan kahar is not this module's question:
the caller passes the kahar periods that apply, or :meth:`WorkingCalendar.without_kahar`.
A keadaan kahar with no end yet is a normal state: a deadline that falls behind
it is not known, and :class:`ClockStopped` says since when.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from core.vocabulary import HOLIDAY_SOURCES

DEFAULT_PERIODS = ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0)))
UNIT_SECONDS = {"menit": 60, "jam": 3600, "hari": 86400, "minggu": 7 * 86400}
UNITS = ("menit", "jam", "hari", "minggu", "bulan", "tahun")
ESTIMATED = "(estimated)"
MAX_DAYS = 366 * 30


@dataclass(frozen=True)
class Holiday:
    """A day off in a calendar: ``source`` is one of ``core.vocabulary.HOLIDAY_SOURCES``."""

    day: date
    name: str
    source: str
    estimated: bool


class CalendarError(ValueError):
    pass


class ClockStopped(CalendarError):
    """The clock stands still behind a keadaan kahar that has not ended: no deadline is known yet."""

    def __init__(self, since: datetime):
        super().__init__(f"the clock is stopped by a keadaan kahar in force since {since.isoformat()} that has not ended")
        self.since = since


def _aware(moment: datetime, name: str = "moment") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")
    return moment


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months, clamping the day (31 January + 1 month = 29 February in a leap year)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, _stdlib_calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _union(periods: Iterable[tuple[datetime, datetime | None]]) -> tuple[tuple[datetime, datetime | None], ...]:
    """Keadaan kahar periods as their union, in order: overlapping or touching periods merge, and
    one with no end yet swallows every later one."""
    merged: list[list] = []
    for a, b in sorted(((_aware(a, "kahar start"), _aware(b, "kahar end") if b else None) for a, b in periods),
                       key=lambda p: p[0]):
        if b is not None and not a < b:
            raise CalendarError(f"keadaan kahar from {a.isoformat()} ends before it starts")
        if merged and (merged[-1][1] is None or a <= merged[-1][1]):
            last = merged[-1]
            last[1] = None if last[1] is None or b is None else max(last[1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


class WorkingCalendar:
    def __init__(
        self,
        timezone: str | ZoneInfo = "Asia/Jakarta",
        working_days: Iterable[int] = (0, 1, 2, 3, 4),
        periods: Iterable[tuple[time, time]] = DEFAULT_PERIODS,
        national_holidays: bool = True,
        days_off: Mapping[date, str] | None = None,
        kahar: Iterable[tuple[datetime, datetime | None]] = (),
    ):
        self.tz = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
        self.working_days = frozenset(working_days)
        self.periods = tuple(sorted(periods))
        for start, end in self.periods:
            if not start < end:
                raise CalendarError(f"working period {start}–{end} ends before it starts")
        for (_, end), (start, _) in zip(self.periods, self.periods[1:]):
            if start < end:
                raise CalendarError("working periods overlap")
        self.national_holidays = national_holidays
        self.days_off = dict(days_off or {})
        self.kahar = _union(kahar)
        self._holidays: dict[int, dict[date, str]] = {}

    def _variant(self, **changes) -> WorkingCalendar:
        arguments = {
            "timezone": self.tz, "working_days": self.working_days, "periods": self.periods,
            "national_holidays": self.national_holidays, "days_off": self.days_off, "kahar": self.kahar,
        }
        other = WorkingCalendar(**{**arguments, **changes})
        other._holidays = self._holidays  # the same national list: share what was already looked up
        return other

    def without_kahar(self) -> WorkingCalendar:
        """The same calendar with clocks that run through keadaan kahar."""
        return self._variant(kahar=()) if self.kahar else self

    def with_stops(self, stops: Iterable[tuple[datetime, datetime | None]]) -> WorkingCalendar:
        """The same calendar whose clocks also stand still over ``stops`` (one request's own pauses),
        exactly as they do over keadaan kahar; an open stop (end None) holds the clock as an open kahar does."""
        stops = tuple(stops)
        return self._variant(kahar=(*self.kahar, *stops)) if stops else self

    def with_periods(self, periods: Iterable[tuple[time, time]]) -> WorkingCalendar:
        """The same calendar with other working hours (a service that prints its own jam kerja)."""
        periods = tuple(sorted(periods))
        return self if periods == self.periods else self._variant(periods=periods)

    # -- days --------------------------------------------------------------------

    @cached_property
    def day_length(self) -> timedelta:
        return sum((datetime.combine(date.min, b) - datetime.combine(date.min, a) for a, b in self.periods), timedelta())

    def _national(self, year: int) -> dict[date, str]:
        if year not in self._holidays:
            if self.national_holidays:
                found = holidays_lib.country_holidays(
                    "ID", years=year, categories=("public", "government"), language="id"
                )
                self._holidays[year] = dict(found.items())
            else:
                self._holidays[year] = {}
        return self._holidays[year]

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday, cuti bersama or day off; dates the package estimates say so."""
        return self.days_off.get(day) or self._national(day.year).get(day)

    def holidays_between(self, first: date, last: date) -> list[Holiday]:
        """Every holiday from ``first`` to ``last`` inclusive, each with where it comes from: the
        national list, cuti bersama, or the tenant's own days off (a day may appear twice)."""
        found = []
        for year in range(first.year, last.year + 1):
            for source, category in (("libur_nasional", "public"), ("cuti_bersama", "government")):
                if not self.national_holidays:
                    continue
                listed = holidays_lib.country_holidays("ID", years=year, categories=(category,), language="id")
                found += [Holiday(day, name, source, "estimated" in name or "perkiraan" in name)
                          for day, name in listed.items() if first <= day <= last]
        found += [Holiday(day, name, "libur_dinas", False) for day, name in self.days_off.items() if first <= day <= last]
        return sorted(found, key=lambda h: (h.day, HOLIDAY_SOURCES.index(h.source)))

    def holiday_is_estimated(self, day: date) -> bool:
        name = self._national(day.year).get(day)
        return bool(name) and ("estimated" in name or "perkiraan" in name)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days and self.holiday_name(day) is None

    # -- keadaan kahar -------------------------------------------------------------

    def in_kahar(self, moment: datetime) -> bool:
        return self.kahar_at(moment) is not None

    def kahar_at(self, moment: datetime) -> tuple[datetime, datetime | None] | None:
        """The keadaan kahar in force at ``moment`` (start, end or None while open), if any."""
        moment = _aware(moment)
        return next(((a, b) for a, b in self.kahar if a <= moment and (b is None or moment < b)), None)

    @property
    def open_kahar_since(self) -> datetime | None:
        """The start of the earliest keadaan kahar that has no end yet."""
        return min((a for a, b in self.kahar if b is None), default=None)

    def _kahar_overlaps(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime | None]]:
        for a, b in self.kahar:
            if a < end and (b is None or b > start):
                yield a, b

    def _minus_kahar(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        pieces = [(start, end)]
        for a, b in self._kahar_overlaps(start, end):
            next_pieces = []
            for s, e in pieces:
                if a > s:
                    next_pieces.append((s, min(e, a)))
                if b is not None and b < e:
                    next_pieces.append((max(s, b), e))
            pieces = [(s, e) for s, e in next_pieces if s < e]
        return pieces

    # -- working intervals ---------------------------------------------------------

    def _day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        intervals = []
        for a, b in self.periods:
            start = datetime.combine(day, a, tzinfo=self.tz)
            end = datetime.combine(day, b, tzinfo=self.tz)
            intervals.extend(self._minus_kahar(start, end) if self.kahar else [(start, end)])
        return intervals

    def _days_from(self, day: date) -> Iterator[date]:
        for offset in range(MAX_DAYS):
            yield day + timedelta(days=offset)
        raise CalendarError("no working time found within 30 years: check working days and kahar periods")

    # -- adding --------------------------------------------------------------------

    def add(self, start: datetime, amount: float, unit: str, *, working: bool) -> datetime:
        """The moment ``amount`` units after ``start``, counting working or elapsed time."""
        start = _aware(start, "start").astimezone(self.tz)
        if unit not in UNITS:
            raise CalendarError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
        if amount < 0:
            raise CalendarError("amount must not be negative")
        if working and unit in ("menit", "jam", "hari", "minggu"):
            seconds = {
                "menit": 60, "jam": 3600, "hari": self.day_length.total_seconds(),
                "minggu": self.day_length.total_seconds() * len(self.working_days),
            }[unit] * amount
            return self._add_working(start, seconds)
        if unit in ("bulan", "tahun"):
            months = amount * (12 if unit == "tahun" else 1)
            whole = int(months)
            end = add_months(start, whole) + timedelta(days=30 * (months - whole))
            seconds = (end - start).total_seconds()
        else:
            seconds = amount * UNIT_SECONDS[unit]
        return self._add_elapsed(start, seconds)

    def _add_elapsed(self, start: datetime, seconds: float) -> datetime:
        position, remaining = start, timedelta(seconds=seconds)
        for a, b in self.kahar:
            if b is not None and b <= position:
                continue
            if a >= position + remaining:
                break
            if a > position:
                remaining -= a - position
            if b is None:
                raise ClockStopped(a)
            position = b
        return (position + remaining).astimezone(self.tz)

    def _add_working(self, start: datetime, seconds: float) -> datetime:
        remaining = timedelta(seconds=seconds)
        stopped_from = self.open_kahar_since
        for day in self._days_from(start.date()):
            if stopped_from is not None and datetime.combine(day, time.min, tzinfo=self.tz) >= stopped_from:
                raise ClockStopped(stopped_from)
            for a, b in self._day_intervals(day):
                if b <= start:
                    continue
                begin = max(a, start)
                if remaining <= b - begin:
                    return (begin + remaining).astimezone(self.tz)
                remaining -= b - begin
        raise CalendarError("unreachable")

    # -- measuring -----------------------------------------------------------------

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        a, b = _aware(a).astimezone(self.tz), _aware(b).astimezone(self.tz)
        if b < a:
            return -self.working_seconds_between(b, a)
        total = 0.0
        day = a.date()
        while day <= b.date():
            for start, end in self._day_intervals(day):
                lo, hi = max(start, a), min(end, b)
                if lo < hi:
                    total += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return total

    def elapsed_seconds_between(self, a: datetime, b: datetime) -> float:
        """Elapsed time, less keadaan kahar."""
        a, b = _aware(a), _aware(b)
        if b < a:
            return -self.elapsed_seconds_between(b, a)
        return sum((e - s).total_seconds() for s, e in self._minus_kahar(a, b))

    def days_between(self, a: datetime, b: datetime, *, working: bool) -> float:
        """Days from ``a`` to ``b``: working days of ``day_length`` each, or elapsed days of 24 hours."""
        if working:
            return self.working_seconds_between(a, b) / self.day_length.total_seconds()
        return self.elapsed_seconds_between(a, b) / 86400
