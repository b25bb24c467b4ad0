"""Working-time calendar: cost independent of the duration, against naive and numpy baselines.

Prints, in one run: time per add_working_days for n=1 and n=250 and their ratio (goal ≤ 1.5),
the same for hours, throughput against a day-by-day loop and against numpy.busday_offset, and
the bulk recomputation of 1,000,000 deadlines.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

import holidays
import numpy as np

from motcua.workcal.calendar import VIETNAM, WorkingCalendar, special_days_from_library

FIRST_YEAR, LAST_YEAR = 2010, 2035


def build_calendar() -> WorkingCalendar:
    vietnam = holidays.country_holidays("VN", years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi")
    return WorkingCalendar(
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        special_days=special_days_from_library(dict(vietnam.items()), vietnam.weekend_workdays),
    )


def per_call(function: Callable[[], object], *, repeat: int = 5, number: int = 20_000) -> float:
    """Best of `repeat` runs, in microseconds per call."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - started) / number)
    return best * 1e6


def naive_add_working_days(calendar: WorkingCalendar, start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


def main() -> None:
    calendar = build_calendar()
    start = datetime(2019, 1, 30, 9, 0, tzinfo=VIETNAM)
    print("== working-time calendar")
    per_call(lambda: calendar.add_working_days(start, 1), repeat=2)  # warm up caches

    one = per_call(lambda: calendar.add_working_days(start, 1))
    many = per_call(lambda: calendar.add_working_days(start, 250))
    print(f"add_working_days n=1   {one:8.2f} µs")
    print(f"add_working_days n=250 {many:8.2f} µs   ratio n=250/n=1: {many / one:.2f} (goal ≤ 1.5)")

    one_hour = per_call(lambda: calendar.add_working_hours(start, 1))
    many_hours = per_call(lambda: calendar.add_working_hours(start, 2000))
    print(f"add_working_hours h=1    {one_hour:8.2f} µs")
    print(
        f"add_working_hours h=2000 {many_hours:8.2f} µs   "
        f"ratio h=2000/h=1: {many_hours / one_hour:.2f} (goal ≤ 1.5)"
    )

    # Against a day-by-day loop (the classic implementation) for n = 20 working days.
    naive = per_call(lambda: naive_add_working_days(calendar, start.date(), 20), number=2_000)
    indexed = per_call(lambda: calendar.add_working_days(start, 20))
    print(f"day-by-day loop n=20   {naive:8.2f} µs   indexed is {naive / indexed:.1f}× faster")

    # Against numpy.busday_offset with the same days off, per deadline in a batch of 100,000.
    rng = random.Random(2018)
    count = 100_000
    starts = [
        start + timedelta(days=rng.randrange(0, 3650), minutes=rng.randrange(0, 1440))
        for _ in range(count)
    ]
    durations = [rng.randrange(1, 60) for _ in range(count)]
    special = [
        date.fromordinal(ordinal)
        for ordinal in range(
            date(FIRST_YEAR, 1, 1).toordinal(), date(LAST_YEAR, 12, 31).toordinal()
        )
        if calendar.is_working_day(date.fromordinal(ordinal))
        != (date.fromordinal(ordinal).weekday() < 5)
    ]
    off_weekdays = np.array([d for d in special if d.weekday() < 5], dtype="datetime64[D]")
    business = np.busdaycalendar(weekmask="1111100", holidays=off_weekdays)
    start_days = np.array([s.date() for s in starts], dtype="datetime64[D]")
    started = time.perf_counter()
    np.busday_offset(start_days, np.array(durations), roll="forward", busdaycal=business)
    numpy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    calendar.add_working_days_bulk(starts, durations)
    ours_seconds = time.perf_counter() - started
    print(
        f"batch of {count:,}: numpy.busday_offset {numpy_seconds * 1e3:7.1f} ms (days only, "
        f"no working Saturdays, no hours)  motcua {ours_seconds * 1e3:7.1f} ms  "
        f"ratio motcua/numpy: {ours_seconds / numpy_seconds:.1f}"
    )

    # Bulk recomputation of 1,000,000 deadlines (what an override change triggers).
    million_starts = starts * 10
    million_durations = durations * 10
    started = time.perf_counter()
    calendar.add_working_days_bulk(million_starts, million_durations)
    bulk_seconds = time.perf_counter() - started
    print(
        f"bulk recompute of {len(million_starts):,} deadlines: {bulk_seconds:.2f} s (goal: seconds)"
    )


if __name__ == "__main__":
    main()
