"""The time module: working calendar, time-norm parser, lateness. Property tests with hypothesis."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.decrees.contract import ServiceRequestFacts
from core.timekeeping.calendar import CalendarError, WorkingCalendar
from core.timekeeping.lateness import ClockNotStarted, measure_lateness, request_deadline
from core.timekeeping.norms import TimeNormError, parse_time_norm, parse_working_hours

WIB = ZoneInfo("Asia/Jakarta")
CAL = WorkingCalendar()
KAB_BEKASI = WorkingCalendar(periods=((time(8, 0), time(15, 30)),))
KAB_BEKASI_SOURCE = Path(__file__).resolve().parent.parent / "plugins" / "kab_bekasi_2023" / "kab-bekasi_2023_standar-pelayanan.txt"


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


# -- calendar: concrete cases ------------------------------------------------------

def test_default_day_is_perpres_21_2023_seven_and_a_half_hours():
    assert CAL.day_length == timedelta(hours=7, minutes=30)


def test_national_holidays_and_cuti_bersama_are_days_off():
    assert CAL.holiday_name(date(2024, 4, 10)) == "Hari Raya Idul Fitri"
    assert "Cuti Bersama" in CAL.holiday_name(date(2024, 4, 8))
    assert not CAL.is_working_day(date(2024, 3, 12))  # cuti bersama Nyepi
    assert CAL.is_working_day(date(2024, 3, 13))
    assert not CAL.is_working_day(date(2024, 3, 16))  # Saturday


def test_estimated_holidays_are_marked():
    estimated = [d for d in (date(2027, 3, 10), date(2027, 3, 11)) if CAL.holiday_is_estimated(d)]
    assert estimated, "the holidays package estimates Idul Fitri 2027; we say so"
    assert not CAL.holiday_is_estimated(date(2024, 8, 17))


def test_tenant_days_off_count():
    calendar = WorkingCalendar(days_off={date(2024, 3, 5): "HUT Kabupaten"})
    assert calendar.holiday_name(date(2024, 3, 5)) == "HUT Kabupaten"
    assert calendar.add(wib(2024, 3, 4, 10), 1, "hari", working=True) == wib(2024, 3, 6, 10)


def test_one_working_day_from_monday_morning_ends_tuesday_morning():
    assert CAL.add(wib(2024, 3, 4, 10), 1, "hari", working=True) == wib(2024, 3, 5, 10)


def test_working_clock_starts_at_the_next_working_moment():
    assert CAL.add(wib(2024, 3, 9, 20), 30, "menit", working=True) == wib(2024, 3, 13, 8, 0)  # Sat night; 11-12 off
    assert CAL.add(wib(2024, 3, 4, 12, 30), 1, "jam", working=True) == wib(2024, 3, 4, 14, 0)  # lunch break


def test_kab_bekasi_hours_0800_1530():
    assert KAB_BEKASI.day_length == timedelta(hours=7, minutes=30)
    assert KAB_BEKASI.add(wib(2024, 3, 4, 15, 0), 30, "menit", working=True) == wib(2024, 3, 4, 15, 30)
    assert KAB_BEKASI.add(wib(2024, 3, 4, 15, 0), 45, "menit", working=True) == wib(2024, 3, 5, 8, 15)


def test_two_by_24_hours_elapsed_across_a_weekend_versus_two_working_days():
    friday = wib(2024, 3, 1, 10)
    assert CAL.add(friday, 48, "jam", working=False) == wib(2024, 3, 3, 10)
    assert CAL.add(friday, 2, "hari", working=True) == wib(2024, 3, 5, 10)


def test_calendar_months_and_years():
    assert CAL.add(wib(2024, 1, 31, 9), 1, "bulan", working=False) == wib(2024, 2, 29, 9)
    assert CAL.add(wib(2024, 1, 10, 9), 1.5, "tahun", working=False) == wib(2025, 7, 10, 9)


def test_keadaan_kahar_stops_both_clocks():
    kahar = WorkingCalendar(kahar=[(wib(2024, 3, 5, 0), wib(2024, 3, 7, 0))])
    assert kahar.in_kahar(wib(2024, 3, 6, 12)) and not kahar.in_kahar(wib(2024, 3, 7, 0))
    assert kahar.add(wib(2024, 3, 4, 10), 1, "hari", working=True) == wib(2024, 3, 7, 10)
    assert kahar.add(wib(2024, 3, 4, 12), 48, "jam", working=False) == wib(2024, 3, 8, 12)
    assert kahar.days_between(wib(2024, 3, 4, 0), wib(2024, 3, 8, 0), working=False) == 2.0


def test_an_open_kahar_stops_the_clock_for_good():
    open_ended = WorkingCalendar(kahar=[(wib(2024, 3, 5, 0), None)])
    with pytest.raises(CalendarError, match="kahar"):
        open_ended.add(wib(2024, 3, 4, 12), 48, "jam", working=False)


def test_fractional_working_days():
    # 3 working hours late on a 7.5-hour day = 0.4 day (docs/domain.md)
    assert CAL.days_between(wib(2024, 3, 4, 8, 0), wib(2024, 3, 4, 11, 0), working=True) == pytest.approx(0.4)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        CAL.add(datetime(2024, 3, 4, 10), 1, "jam", working=True)


# -- calendar: properties ----------------------------------------------------------

moments = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31)).map(lambda d: d.replace(tzinfo=WIB))
amounts = st.floats(min_value=0, max_value=40, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(start=moments, amount=amounts, unit=st.sampled_from(["jam", "hari"]))
def test_working_add_round_trips_through_working_seconds(start, amount, unit):
    end = CAL.add(start, amount, unit, working=True)
    seconds = amount * (3600 if unit == "jam" else CAL.day_length.total_seconds())
    assert CAL.working_seconds_between(start, end) == pytest.approx(seconds, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(start=moments, a=amounts, b=amounts)
def test_adding_more_never_ends_earlier(start, a, b):
    low, high = sorted((a, b))
    assert CAL.add(start, low, "hari", working=True) <= CAL.add(start, high, "hari", working=True)
    assert CAL.add(start, low, "jam", working=False) <= CAL.add(start, high, "jam", working=False)


@settings(max_examples=60, deadline=None)
@given(start=moments, amount=st.floats(min_value=0.01, max_value=20, allow_nan=False))
def test_a_working_deadline_lands_in_working_time(start, amount):
    end = CAL.add(start, amount, "jam", working=True)
    assert CAL.is_working_day(end.date())
    assert any(a <= end.timetz().replace(tzinfo=None) <= b for a, b in CAL.periods)


# -- norms ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "minimum", "maximum", "unit", "working", "starts"), [
    ("10 (Sepuluh) Menit", 10, 10, "menit", True, "diterima"),
    ("1 s/d 2 Hari setelah berkas pengajuan Permohonan Bantuan Sosial diterima", 1, 2, "hari", False, "diterima"),
    ("3 hari kerja setelah berkas dinyatakan lengkap", 3, 3, "hari", True, "berkas_lengkap"),
    ("1-2 Hari Kerja", 1, 2, "hari", True, "diterima"),
    ("1 Tahun – 1,5 Tahun", 1, 1.5, "tahun", False, "diterima"),
    ("3 s.d 4 hari", 3, 4, "hari", False, "diterima"),
    ("2x24 jam", 48, 48, "jam", False, "diterima"),
    ("2 x 24 Jam setelah berkas lengkap", 48, 48, "jam", False, "berkas_lengkap"),
    ("7 hari kerja", 7, 7, "hari", True, "diterima"),
    ("tiga hari kerja", 3, 3, "hari", True, "diterima"),
    ("dua puluh satu hari", 21, 21, "hari", False, "diterima"),
    ("6 bulan sampai dengan 1 tahun", 0.5, 1, "tahun", False, "diterima"),
    ("14 (empat belas) hari kerja", 14, 14, "hari", True, "diterima"),
])
def test_norms_as_documents_write_them(text, minimum, maximum, unit, working, starts):
    norm = parse_time_norm(text)
    assert (norm.minimum, norm.maximum, norm.unit, norm.working, norm.clock_starts) == (minimum, maximum, unit, working, starts)


def _kab_bekasi_cells() -> list[str]:
    text = KAB_BEKASI_SOURCE.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"^3\.?\tJangka Waktu Penyelesaian\t(?:1\t)?(.*)$", text, re.MULTILINE)]


def test_every_jangka_waktu_of_the_kab_bekasi_decree_parses():
    cells = _kab_bekasi_cells()
    assert len(cells) == 14
    norms = [parse_time_norm(cell) for cell in cells]
    assert [(n.minimum, n.maximum, n.unit, n.working) for n in norms] == [
        (10, 10, "menit", True), (1, 1, "bulan", False), (10, 10, "menit", True), (1, 2, "hari", False),
        (7, 7, "hari", True), (1, 1.5, "tahun", False), (1, 1, "hari", True), (1, 2, "hari", True),
        (3, 3, "bulan", False), (1, 2, "hari", True), (1, 1, "hari", True), (30, 30, "menit", True),
        (3, 4, "hari", False), (6, 7, "hari", False),
    ]
    assert {n.working_hours for n in norms[4:12]} == {(time(8, 0), time(15, 30))}


def test_working_hours_phrase():
    assert parse_working_hours("Jam kerja 08.00 – 15.30") == (time(8, 0), time(15, 30))
    assert parse_working_hours("07:30 s/d 16:00 WIB") == (time(7, 30), time(16, 0))
    with pytest.raises(TimeNormError):
        parse_working_hours("Jam kerja 16.00 – 08.00")


@pytest.mark.parametrize("text", ["secepatnya", "", "hari kerja", "5 hari dan 3 jam", "0 hari", "4 s.d 3 hari", "2 menit - 1 bulan"])
def test_unreadable_norms_are_errors_quoting_the_text(text):
    with pytest.raises(TimeNormError) as caught:
        parse_time_norm(text)
    assert repr(text) in str(caught.value)


numbers = st.decimals(min_value="0.5", max_value="99", places=1).map(lambda d: str(d).replace(".", ","))
separators = st.sampled_from([" s/d ", " s.d ", "-", " – ", " sampai dengan ", " hingga "])
units = st.sampled_from(["hari kerja", "Hari Kerja", "hari", "menit", "jam", "bulan", "tahun"])


@settings(max_examples=100, deadline=None)
@given(a=numbers, b=numbers, sep=separators, unit=units)
def test_generated_ranges_parse(a, b, sep, unit):
    from core.timekeeping.norms import CEILING_DAYS, DAYS_PER_UNIT

    low, high = sorted((a, b), key=lambda x: float(x.replace(",", ".")))
    if float(high.replace(",", ".")) * DAYS_PER_UNIT[unit.lower().split()[0]] > CEILING_DAYS:
        with pytest.raises(TimeNormError, match="years"):
            parse_time_norm(f"{low}{sep}{high} {unit}")
        return
    norm = parse_time_norm(f"{low}{sep}{high} {unit}")
    assert norm.minimum == float(low.replace(",", ".")) and norm.maximum == float(high.replace(",", "."))
    assert norm.minimum <= norm.maximum
    assert norm.working == (unit.lower() in ("hari kerja", "menit", "jam"))


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=40))
def test_text_without_a_number_is_never_a_norm(text):
    if re.search(r"\b(se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)\b", text.lower()):
        return
    with pytest.raises(TimeNormError):
        parse_time_norm(text)


# -- lateness ---------------------------------------------------------------------------

def test_lateness_in_working_days_for_a_working_norm():
    norm = parse_time_norm("1 hari kerja")
    request = ServiceRequestFacts(received_at=wib(2024, 3, 4, 10), completed_at=wib(2024, 3, 7, 10))
    lateness = measure_lateness(norm, request, until=wib(2024, 3, 8), calendar=CAL)
    assert (lateness.days, lateness.working) == (2.0, True)


def test_lateness_in_calendar_days_for_a_calendar_norm_and_open_requests():
    norm = parse_time_norm("3 s.d 4 hari")
    request = ServiceRequestFacts(received_at=wib(2024, 3, 1, 10))
    lateness = measure_lateness(norm, request, until=wib(2024, 3, 6, 22), calendar=CAL)
    assert lateness.days == pytest.approx(1.5) and lateness.working is False


def test_on_time_is_zero_and_berkas_lengkap_starts_the_clock():
    norm = parse_time_norm("1 s/d 2 hari setelah berkas lengkap")
    request = ServiceRequestFacts(received_at=wib(2024, 3, 1, 10), documents_complete_at=wib(2024, 3, 4, 10),
                                  completed_at=wib(2024, 3, 6, 10))
    assert measure_lateness(norm, request, until=wib(2024, 3, 9), calendar=CAL).days == 0.0


def test_a_norm_from_berkas_lengkap_needs_that_moment_never_a_guess():
    norm = parse_time_norm("1 s/d 2 hari setelah berkas lengkap")
    request = ServiceRequestFacts(received_at=wib(2024, 3, 1, 10))
    with pytest.raises(ClockNotStarted) as caught:
        measure_lateness(norm, request, until=wib(2024, 3, 9), calendar=CAL)
    assert caught.value.missing == "documents_complete_at"


def test_the_decree_contract_names_the_missing_moment_as_a_facts_field():
    from core.decrees.contract import EvaluationContext, Facts, FactsError

    context = EvaluationContext(calendar=CAL, catalogue={"bansos": parse_time_norm("2 hari setelah berkas lengkap")})
    facts = Facts("jangka_waktu", wib(2024, 3, 9), service_request=ServiceRequestFacts("bansos", wib(2024, 3, 1, 10)))
    with pytest.raises(FactsError) as caught:
        context.lateness(facts)
    assert caught.value.field == "service_request.documents_complete_at"


def test_the_berkas_named_without_saying_received_or_complete_is_refused():
    with pytest.raises(TimeNormError, match="diterima.*lengkap"):
        parse_time_norm("3 hari setelah berkas")


def test_bansos_clock_starts_when_the_berkas_is_received():
    """Kabupaten Bekasi, Bantuan Sosial: procedure step 2 receives the berkas, step 3 verifies it."""
    norm = parse_time_norm("1 s/d 2 Hari setelah berkas pengajuan Permohonan Bantuan Sosial diterima")
    request = ServiceRequestFacts(received_at=wib(2024, 3, 4, 10), documents_complete_at=wib(2024, 3, 5, 14))
    assert request_deadline(norm, request, CAL) == wib(2024, 3, 6, 10)


def test_a_services_printed_working_hours_replace_the_tenants():
    norm = parse_time_norm("➢ Jam kerja 08.00 – 15.30 ➢ 1 Hari Kerja")
    assert norm.deadline(wib(2024, 3, 4, 15, 45), CAL) == wib(2024, 3, 5, 15, 30)
    assert parse_time_norm("1 Hari Kerja").deadline(wib(2024, 3, 4, 15, 45), CAL) == wib(2024, 3, 5, 15, 45)
