"""Reads for the year calendar page."""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date

from motcua.workcal.calendar import SpecialDay, WorkingCalendar
from motcua.workcal.models import CalendarYearApproval
from motcua.workcal.services import year_fingerprint


@dataclass(frozen=True, slots=True)
class DayCell:
    day: date
    working: bool
    weekend: bool
    special: SpecialDay | None


@dataclass(frozen=True, slots=True)
class YearReview:
    year: int
    months: list[tuple[int, list[list[DayCell | None]]]]
    special_days: list[SpecialDay]
    approval: CalendarYearApproval | None
    changed_since_approval: bool
    working_days: int


def year_review(calendar: WorkingCalendar, year: int) -> YearReview:
    specials = calendar.special_days(year)
    by_day = {special.day: special for special in specials}
    months = []
    for month in range(1, 13):
        weeks: list[list[DayCell | None]] = []
        for week in gregorian.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                [
                    DayCell(day, calendar.is_working_day(day), day.weekday() >= 5, by_day.get(day))
                    if day.month == month
                    else None
                    for day in week
                ]
            )
        months.append((month, weeks))
    approval = CalendarYearApproval.objects.select_related("approved_by").filter(year=year).first()
    return YearReview(
        year=year,
        months=months,
        special_days=specials,
        approval=approval,
        changed_since_approval=bool(
            approval and approval.fingerprint != year_fingerprint(specials)
        ),
        working_days=calendar.working_days_in(date(year, 1, 1), date(year, 12, 31)),
    )
