"""Reporting periods as people write them: 2024-06, 2024-Q2, 2024 (core/timekeeping/periods.py)."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from core.timekeeping.periods import PeriodError, parse_period

YEARS = st.integers(1970, 2199)


@given(YEARS, st.integers(1, 12))
def test_a_month_spans_its_days(year, month):
    period = parse_period(f"{year:04d}-{month:02d}")
    assert period.first == date(year, month, 1)
    assert period.following == (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1))


@given(YEARS, st.integers(1, 4))
def test_a_quarter_is_three_months(year, quarter):
    period = parse_period(f"{year:04d}-Q{quarter}")
    assert period.first == date(year, 3 * quarter - 2, 1)
    assert (period.following.year * 12 + period.following.month) - (year * 12 + period.first.month) == 3


@given(YEARS)
def test_a_year(year):
    period = parse_period(f"{year:04d}")
    assert (period.first, period.following) == (date(year, 1, 1), date(year + 1, 1, 1))


@given(st.text(max_size=12))
def test_anything_else_is_refused_never_guessed(text):
    strict = re.fullmatch(r"(19[7-9][0-9]|2[01][0-9][0-9])(-(0[1-9]|1[0-2])|-Q[1-4])?", text)
    if strict:
        assert parse_period(text).label == text
    else:
        with pytest.raises(PeriodError):
            parse_period(text)


@pytest.mark.parametrize("text", ["2024-6", "2024-13", "2024-00", "2024-Q0", "2024-Q5", "2024q2", "2024-q2",
                                  " 2024", "2024 ", "1969", "2200", "2024-06-01", "24-06", "", "２０２４"])
def test_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_bounds_are_local_midnights():
    start, end = parse_period("2024-Q2").bounds(ZoneInfo("Asia/Jakarta"))
    assert start.isoformat() == "2024-04-01T00:00:00+07:00" and end.isoformat() == "2024-07-01T00:00:00+07:00"
