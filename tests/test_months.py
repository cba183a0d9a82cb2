"""Months on and local days (core/timekeeping/months.py): the follow-up date of a sanction, UU 25/2009
Pasal 54's three months, and the agency's today for the work lists. Property tests with hypothesis."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.timekeeping.months import local_day, months_later

DAYS = st.dates(min_value=date(1970, 1, 1), max_value=date(2189, 12, 31))


@given(DAYS, st.integers(min_value=0, max_value=120))
def test_months_later_keeps_the_day_or_takes_the_months_last(day, months):
    later = months_later(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last)


@given(DAYS)
def test_three_months_on_is_never_less_than_89_days_nor_more_than_92(day):
    assert 89 <= (months_later(day, 3) - day).days <= 92


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2189, 1, 1), timezones=st.just(timezone.utc)),
       st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]))
def test_a_moment_lies_within_its_local_day(moment, zone_name):
    zone = ZoneInfo(zone_name)
    start, following = local_day(moment, zone)
    assert start <= moment < following and following - start == timedelta(days=1)
    assert start.astimezone(zone).hour == 0 and start.astimezone(zone).date() == moment.astimezone(zone).date()
