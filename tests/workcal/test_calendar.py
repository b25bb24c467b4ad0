"""The pure working-time core: legal table cases from official announcements, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcal.calendar import (
    VIETNAM,
    CalendarError,
    CalendarRangeError,
    DayKind,
    DaySource,
    OfficeHours,
    SpecialDay,
    TimeLimit,
    TimeLimitUnit,
    WorkingCalendar,
    apply_overrides,
    special_days_from_library,
)


@cache
def library() -> tuple[SpecialDay, ...]:
    vietnam = holidays.country_holidays("VN", years=range(2017, 2029), language="vi")
    return tuple(special_days_from_library(dict(vietnam.items()), vietnam.weekend_workdays))


@cache
def calendar() -> WorkingCalendar:
    return WorkingCalendar(first_year=2017, last_year=2028, special_days=library())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM)


# --- days off and working days from the yearly announcements --------------------------------

# Each row: a weekday that was a day off, with the announcement it comes from.
WEEKDAYS_OFF = [
    ("2018-12-31", "New Year 2019 bridged, swapped with Saturday 05/01/2019"),
    ("2019-02-04", "Tết Kỷ Hợi 2019: 02/02–10/02"),
    ("2019-02-08", "Tết Kỷ Hợi 2019: 02/02–10/02"),
    ("2019-04-15", "Hung Kings 2019 (Sunday 14/04) compensated on Monday"),
    ("2019-04-29", "30/4–1/5 2019 bridged, swapped with Saturday 04/05/2019"),
    ("2020-01-23", "Tết Canh Tý 2020: 23/01–29/01"),
    ("2020-01-29", "Tết Canh Tý 2020: 23/01–29/01"),
    ("2023-01-02", "New Year 2023 (Sunday) compensated on Monday"),
    ("2023-01-20", "Tết Quý Mão 2023: 20/01–26/01"),
    ("2023-01-26", "Tết Quý Mão 2023: 20/01–26/01"),
    ("2023-05-03", "Hung Kings and 30/4 2023 on a weekend, compensated 02/05–03/05"),
    ("2023-09-04", "National Day 2023: 01/09–04/09"),
    ("2024-02-08", "Tết Giáp Thìn 2024: 08/02–14/02"),
    ("2024-02-14", "Tết Giáp Thìn 2024: 08/02–14/02"),
    ("2024-04-29", "30/4–1/5 2024 bridged, swapped with Saturday 04/05/2024"),
    ("2024-09-03", "National Day 2024: 02/09–03/09 (two days since 2021)"),
    ("2025-01-27", "Tết Ất Tỵ 2025: 25/01–02/02"),
    ("2025-01-31", "Tết Ất Tỵ 2025: 25/01–02/02"),
    ("2025-05-02", "30/4–1/5 2025 bridged, swapped with Saturday 26/04/2025"),
    ("2025-09-01", "National Day 2025: 30/08–02/09"),
    ("2026-02-16", "Tết Bính Ngọ 2026: 14/02–22/02"),
    ("2026-02-20", "Tết Bính Ngọ 2026: 14/02–22/02"),
    ("2026-04-27", "Hung Kings 2026 (Sunday 26/04) compensated on Monday"),
    ("2026-08-31", "National Day 2026 bridged, swapped with Saturday 22/08/2026"),
    ("2027-02-05", "Tết Đinh Mùi 2027"),
]
WORKING_SATURDAYS = [
    ("2019-01-05", "worked in place of 31/12/2018"),
    ("2019-05-04", "worked in place of 29/04/2019"),
    ("2024-05-04", "worked in place of 29/04/2024"),
    ("2025-04-26", "worked in place of 02/05/2025"),
    ("2026-08-22", "worked in place of 31/08/2026"),
]


@pytest.mark.parametrize(("day", "source"), WEEKDAYS_OFF)
def test_announced_weekday_is_a_day_off(day, source):
    assert not calendar().is_working_day(date.fromisoformat(day)), source


@pytest.mark.parametrize(("day", "source"), WORKING_SATURDAYS)
def test_swapped_saturday_is_a_working_day(day, source):
    assert calendar().is_working_day(date.fromisoformat(day)), source


def test_plain_weekends_and_weekdays():
    assert not calendar().is_working_day(date(2019, 1, 6))  # Sunday
    assert not calendar().is_working_day(date(2019, 1, 12))  # ordinary Saturday
    assert calendar().is_working_day(date(2019, 1, 30))  # ordinary Wednesday


# --- the operations, on real dates -------------------------------------------------------------


def test_five_working_days_across_tet_2019():
    # 31/01, 01/02, then Tết until 10/02, then 11/02, 12/02, 13/02.
    due = calendar().add_working_days(at("2019-01-30 09:00"), 5)
    assert due == at("2019-02-13 17:00")


def test_four_working_hours_from_friday_afternoon_before_tet_2019():
    due = calendar().add_working_hours(at("2019-02-01 16:00"), 4)
    assert due == at("2019-02-11 10:30")
    assert due.isoformat() == "2019-02-11T10:30:00+07:00"


def test_working_days_between_excludes_the_first_day():
    assert calendar().working_days_between(date(2019, 1, 30), date(2019, 2, 13)) == 5
    assert calendar().working_days_between(date(2019, 1, 30), date(2019, 1, 30)) == 0


def test_received_after_closing_counts_from_next_opening():
    assert calendar().next_working_instant(at("2019-01-30 17:30")) == at("2019-01-31 07:30")
    assert calendar().next_working_instant(at("2019-01-30 12:00")) == at("2019-01-30 13:00")
    assert calendar().next_working_instant(at("2019-01-30 09:15")) == at("2019-01-30 09:15")
    assert calendar().next_working_instant(at("2019-02-02 10:00")) == at("2019-02-11 07:30")
    # One working day from after closing: the count starts on Thursday, due Friday's close.
    assert calendar().add_working_days(at("2019-01-30 17:30"), 1) == at("2019-02-01 17:00")


def test_hours_end_at_the_break_not_after_it():
    assert calendar().add_working_hours(at("2019-01-30 07:30"), 4) == at("2019-01-30 11:30")
    assert calendar().add_working_hours(at("2019-01-30 07:30"), 8) == at("2019-01-30 17:00")
    assert calendar().add_working_hours(at("2019-01-30 11:00"), 1) == at("2019-01-30 13:30")


def test_working_minutes_between_skips_lunch_nights_and_tet():
    minutes = calendar().working_minutes_between(at("2019-02-01 16:00"), at("2019-02-11 08:30"))
    assert minutes == 60 + 60
    assert calendar().working_minutes_between(at("2019-01-30 11:00"), at("2019-01-30 14:00")) == 90


def test_instants_in_other_offsets_mean_the_same_moment():
    utc = datetime(2019, 1, 30, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
    assert calendar().add_working_days(utc, 5) == at("2019-02-13 17:00")


def test_calendar_days_limit_moves_to_the_next_working_day():
    limit = TimeLimit(10, TimeLimitUnit.CALENDAR_DAYS)
    # 25/01/2019 + 10 days = 04/02/2019, first day of Tết: moved to Monday 11/02.
    assert calendar().due_instant(at("2019-01-25 10:00"), limit) == at("2019-02-11 17:00")
    # Monday 21/01/2019 + 10 = Thursday 31/01, a working day.
    assert calendar().due_instant(at("2019-01-21 10:00"), limit) == at("2019-01-31 17:00")


def test_within_the_day_before_and_after_the_cutoff():
    limit = TimeLimit(0, TimeLimitUnit.WITHIN_DAY)
    assert calendar().due_instant(at("2019-01-30 14:59"), limit) == at("2019-01-30 17:00")
    assert calendar().due_instant(at("2019-01-30 15:00"), limit) == at("2019-01-31 17:00")
    assert calendar().due_instant(at("2019-02-01 15:30"), limit) == at("2019-02-11 17:00")
    assert calendar().due_instant(at("2019-02-02 09:00"), limit) == at("2019-02-11 17:00")


def test_working_hours_limit():
    limit = TimeLimit(12, TimeLimitUnit.WORKING_HOURS)
    assert calendar().due_instant(at("2019-01-30 13:00"), limit) == at("2019-01-31 17:00")


# --- overrides and office hours ----------------------------------------------------------------


def test_overrides_win_over_the_library():
    overrides = [
        SpecialDay(date(2019, 1, 31), DayKind.DAY_OFF, "Nghỉ thêm", DaySource.OVERRIDE, "X/2019"),
        SpecialDay(date(2019, 2, 4), DayKind.REGULAR, "Hủy nghỉ", DaySource.OVERRIDE, "Y/2019"),
        SpecialDay(date(2019, 1, 12), DayKind.WORKING_DAY, "Làm bù", DaySource.OVERRIDE, "Z"),
    ]
    changed = WorkingCalendar(
        first_year=2018, last_year=2020, special_days=apply_overrides(library(), overrides)
    )
    assert not changed.is_working_day(date(2019, 1, 31))
    assert changed.is_working_day(date(2019, 2, 4))
    assert changed.is_working_day(date(2019, 1, 12))
    # 31/01 is now off and 04/02 is worked: 01/02, 04/02, 11/02, 12/02, 13/02 → 5 days, same end.
    assert changed.add_working_days(at("2019-01-30 09:00"), 4) == at("2019-02-12 17:00")
    assert [s.source for s in changed.special_days(2019) if s.day == date(2019, 2, 4)] == [
        DaySource.OVERRIDE
    ]


def test_office_hours_of_an_agency():
    hours = OfficeHours(((time(8, 0), time(12, 0)), (time(13, 30), time(17, 30))))
    custom = WorkingCalendar(
        first_year=2019, last_year=2019, special_days=library(), office_hours=hours
    )
    assert custom.add_working_days(at("2019-01-30 09:00"), 1) == at("2019-01-31 17:30")
    assert custom.next_working_instant(at("2019-01-30 07:45")) == at("2019-01-30 08:00")


# --- bad input ---------------------------------------------------------------------------------


def test_bad_input_is_refused_never_answered_wrong():
    with pytest.raises(CalendarError, match="negative"):
        calendar().add_working_hours(at("2019-01-30 09:00"), -1)
    with pytest.raises(CalendarError, match="whole number"):
        calendar().add_working_days(at("2019-01-30 09:00"), -2)
    with pytest.raises(CalendarError, match="reversed"):
        calendar().working_days_between(date(2019, 2, 1), date(2019, 1, 1))
    with pytest.raises(CalendarError, match="reversed"):
        calendar().working_minutes_between(at("2019-02-01 09:00"), at("2019-01-01 09:00"))
    with pytest.raises(CalendarError, match="timezone-aware"):
        calendar().next_working_instant(datetime(2019, 1, 30, 9, 0))  # noqa: DTZ001
    with pytest.raises(CalendarRangeError, match="outside the supported years"):
        calendar().is_working_day(date(2040, 1, 1))
    with pytest.raises(CalendarRangeError, match="outside the supported years"):
        calendar().add_working_days(at("2028-12-20 09:00"), 250)
    with pytest.raises(CalendarError, match="intervals"):
        OfficeHours(((time(13, 0), time(17, 0)), (time(7, 30), time(11, 30))))


# --- properties (hypothesis) -----------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2017, 1, 1),  # noqa: DTZ001 - made aware below
    max_value=datetime(2025, 12, 31),  # noqa: DTZ001 - leaves room for 2 × 250 days
).map(lambda naive: naive.replace(microsecond=0, tzinfo=VIETNAM))
day_counts = st.integers(min_value=0, max_value=250)
hour_counts = st.integers(min_value=0, max_value=2000).map(lambda quarter: quarter / 4)


@settings(max_examples=300, deadline=None)
@given(instants, day_counts)
def test_adding_n_days_then_counting_gives_n(start, n):
    cal = calendar()
    due = cal.add_working_days(start, n)
    first_day = cal.next_working_instant(start).date()
    assert cal.working_days_between(first_day, due.date()) == n


@settings(max_examples=300, deadline=None)
@given(instants, day_counts)
def test_due_dates_never_fall_on_a_day_off(start, n):
    due = calendar().add_working_days(start, n)
    assert calendar().is_working_day(due.date())
    assert due.timetz().replace(tzinfo=None) == time(17, 0)


@settings(max_examples=300, deadline=None)
@given(instants, hour_counts)
def test_adding_hours_then_measuring_gives_the_hours(start, hours):
    cal = calendar()
    due = cal.add_working_hours(start, hours)
    assert cal.working_seconds_between(start, due) == round(hours * 3600)
    assert cal.is_working_day(due.date())


@settings(max_examples=200, deadline=None)
@given(instants, day_counts, day_counts)
def test_days_are_monotone_and_additive(start, a, b):
    cal = calendar()
    assert cal.add_working_days(start, a) <= cal.add_working_days(start, a + 1)
    after_a = cal.add_working_days(start, a)
    # The close of day a is "after closing": counting b more starts on the next working day.
    assert cal.add_working_days(after_a, b) == cal.add_working_days(start, a + 1 + b)


@settings(max_examples=200, deadline=None)
@given(instants, hour_counts, hour_counts)
def test_hours_are_monotone_and_additive(start, a, b):
    cal = calendar()
    assert cal.add_working_hours(start, a) <= cal.add_working_hours(start, a + 0.25)
    # Zero hours means "the next working instant", so additivity holds for positive amounts.
    if a > 0 and b > 0:
        assert cal.add_working_hours(cal.add_working_hours(start, a), b) == cal.add_working_hours(
            start, a + b
        )


@settings(max_examples=200, deadline=None)
@given(instants, instants, day_counts)
def test_later_start_never_gives_an_earlier_due_date(first, second, n):
    early, late = sorted((first, second))
    assert calendar().add_working_days(early, n) <= calendar().add_working_days(late, n)


@settings(max_examples=100, deadline=None)
@given(instants, day_counts)
def test_matches_a_naive_day_by_day_count(start, n):
    cal = calendar()
    day = cal.next_working_instant(start).date()
    remaining = n
    while remaining:
        day += timedelta(days=1)
        remaining -= cal.is_working_day(day)
    assert cal.add_working_days(start, n).date() == day


def test_a_fractional_working_day_limit_is_exact_working_time_not_truncated():
    received = at("2019-01-30 09:00")
    two_and_a_half = calendar().due_instant(received, TimeLimit(2.5, TimeLimitUnit.WORKING_DAYS))
    # 20 working hours: 6.5 on Wednesday, 8 on Thursday, 5.5 on Friday (07:30–11:30, 13:00–14:30).
    assert two_and_a_half == at("2019-02-01 14:30")
    assert two_and_a_half == calendar().due_instant(
        received, TimeLimit(20, TimeLimitUnit.WORKING_HOURS)
    )
    half = calendar().due_instant(
        at("2019-01-30 13:00"), TimeLimit(0.5, TimeLimitUnit.WORKING_DAYS)
    )
    assert half == at("2019-01-30 17:00")  # four working hours, not zero days


def test_calendar_days_count_from_the_next_working_day_when_received_after_closing():
    limit = TimeLimit(10, TimeLimitUnit.CALENDAR_DAYS)
    # Friday 01/03/2019 in office hours: 01/03 + 10 = Monday 11/03.
    assert calendar().due_instant(at("2019-03-01 10:00"), limit) == at("2019-03-11 17:00")
    # After closing (or on Saturday), counting starts Monday 04/03: + 10 = Thursday 14/03.
    assert calendar().due_instant(at("2019-03-01 18:00"), limit) == at("2019-03-14 17:00")
    assert calendar().due_instant(at("2019-03-02 09:00"), limit) == at("2019-03-14 17:00")
