"""Vietnamese working time: the pure core (no Django).

Conventions (DESIGN.md "Working time"; README "Working time"):

- Instants are aware datetimes. Vietnam keeps UTC+07:00 all year (no daylight saving since 1975),
  so local wall time is UTC + 7 hours exactly. Results are returned in +07:00. Seconds are the
  resolution; microseconds are dropped.
- A working day is a day that is not a weekend day (unless declared a working day, such as a
  swapped Saturday) and not a day off. Its working time is the office hours, the same on every
  working day (default 07:30–11:30 and 13:00–17:00: eight hours).
- An instant outside office hours (after closing, at lunch, on a day off) counts from the next
  opening: `next_working_instant`.
- N working days from an instant end at the close of the N-th working day after the day on which
  counting starts (the receipt day itself is not counted; N = 0 is the close of that day).
- Working hours run inside office hours only; an amount that ends exactly at a break ends at the
  close before the break, not at the next opening.
- Elapsed time is measured in working time only (`working_seconds_between`), never wall time.

Cost does not depend on the duration: the constructor builds, for every day of the supported
range, the number of working days before it, and the list of working days; every query is then a
few index look-ups (no day-by-day loop).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum

VIETNAM = timezone(timedelta(hours=7), "ICT")
_LOCAL_OFFSET_SECONDS = 7 * 3600
_SECONDS_PER_DAY = 86_400
_UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class CalendarError(ValueError):
    """A query the calendar cannot answer: bad input, never a silently wrong date."""


class CalendarRangeError(CalendarError):
    """The date lies outside the years the calendar was built for."""


class DaySource(StrEnum):
    LIBRARY = "library"
    OVERRIDE = "override"


class DayKind(StrEnum):
    DAY_OFF = "day_off"  # no working time, whatever the weekday
    WORKING_DAY = "working_day"  # full working time, even on a weekend day (swapped Saturday)
    REGULAR = "regular"  # a cancelled holiday: the plain weekday/weekend rule applies


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A day that differs from the plain weekday/weekend rule, and why."""

    day: date
    kind: DayKind
    name: str
    source: DaySource
    reference: str = ""  # legal document for overrides (number and date)


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Counting hours of a working day, as (start, end) pairs of local times, in order."""

    intervals: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )
    _bounds: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bounds = tuple(
            (start.hour * 3600 + start.minute * 60, end.hour * 3600 + end.minute * 60)
            for start, end in self.intervals
        )
        if not bounds:
            raise CalendarError("office hours: at least one interval is needed")
        previous_end = 0
        for start, end in bounds:
            if not previous_end <= start < end:
                raise CalendarError("office hours: intervals must be ordered and not overlap")
            previous_end = end
        object.__setattr__(self, "_bounds", bounds)

    @property
    def seconds_per_day(self) -> int:
        return sum(end - start for start, end in self._bounds)

    def elapsed(self, second_of_day: int) -> int:
        """Working seconds of the day before this second of the day."""
        total = 0
        for start, end in self._bounds:
            if second_of_day <= start:
                break
            total += min(second_of_day, end) - start
        return total

    def second_at(self, worked: int, *, at_close: bool) -> int:
        """Second of the day at which `worked` working seconds have passed.

        At a boundary between intervals, at_close=True gives the earlier close (an amount of
        work ends there), False the later opening (work starts there).
        """
        for start, end in self._bounds:
            length = end - start
            if worked < length or (at_close and worked == length):
                return start + worked
            worked -= length
        return self._bounds[-1][1]

    def contains(self, second_of_day: int) -> bool:
        """Inside an interval, its opening and closing included (17:00 is an appointment)."""
        return any(start <= second_of_day <= end for start, end in self._bounds)

    @property
    def opening(self) -> int:
        return self._bounds[0][0]

    @property
    def closing(self) -> int:
        return self._bounds[-1][1]


class TimeLimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    WITHIN_DAY = "within_day"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    value: float
    unit: TimeLimitUnit


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The first and last instants of the local days `start`..`end`, both included."""
    return (
        datetime.combine(start, time.min, tzinfo=VIETNAM),
        datetime.combine(end, time.max, tzinfo=VIETNAM),
    )


def local_day(epoch_seconds: int) -> int:
    """The local (Vietnamese) day of a Unix time, as days since 1970-01-01."""
    return (epoch_seconds + _LOCAL_OFFSET_SECONDS) // _SECONDS_PER_DAY


def local_date(epoch_seconds: int) -> date:
    """The local (Vietnamese) date of a Unix time."""
    return date.fromordinal(local_day(epoch_seconds) + _UNIX_EPOCH_ORDINAL)


def instant_of(epoch_seconds: int) -> datetime:
    """The instant of a Unix time, in Vietnamese time."""
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).astimezone(VIETNAM)


def to_local(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise CalendarError("instants must be timezone-aware")
    return instant.astimezone(VIETNAM)


class WorkingCalendar:
    """Working days and hours of one agency over a range of years."""

    def __init__(
        self,
        *,
        first_year: int,
        last_year: int,
        special_days: Iterable[SpecialDay],
        office_hours: OfficeHours | None = None,
        weekend: frozenset[int] = frozenset({5, 6}),
        within_day_cutoff: time = time(15, 0),
    ) -> None:
        if first_year > last_year:
            raise CalendarError("first_year is after last_year")
        self.first_year = first_year
        self.last_year = last_year
        self.office_hours = office_hours or OfficeHours()
        self.within_day_cutoff = within_day_cutoff
        # Whole seconds, as every instant is counted (office hours and cut-offs are set in
        # minutes).
        self._cutoff_second = (
            within_day_cutoff.hour * 3600 + within_day_cutoff.minute * 60 + within_day_cutoff.second
        )
        self._seconds_per_day = self.office_hours.seconds_per_day
        self._first_ordinal = date(first_year, 1, 1).toordinal()
        day_count = date(last_year, 12, 31).toordinal() - self._first_ordinal + 1
        self._special: dict[date, SpecialDay] = {
            special.day: special
            for special in special_days
            if first_year <= special.day.year <= last_year
        }

        working = bytearray(day_count)
        for index in range(day_count):
            day = date.fromordinal(self._first_ordinal + index)
            decision = self._special.get(day)
            if decision is not None and decision.kind is not DayKind.REGULAR:
                working[index] = decision.kind is DayKind.WORKING_DAY
            else:
                working[index] = day.weekday() not in weekend
        self._working = bytes(working)
        # _working_before[i]: working days strictly before day i; one extra entry at the end.
        before = [0] * (day_count + 1)
        count = 0
        for index in range(day_count):
            before[index] = count
            count += working[index]
        before[day_count] = count
        self._working_before = before
        self._working_days = [index for index in range(day_count) if working[index]]

    # --- days -----------------------------------------------------------------------------

    def _day_index(self, day: date) -> int:
        index = day.toordinal() - self._first_ordinal
        if not 0 <= index < len(self._working):
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the supported years "
                f"{self.first_year}–{self.last_year}"
            )
        return index

    def _date_of(self, index: int) -> date:
        return date.fromordinal(self._first_ordinal + index)

    def is_working_day(self, day: date) -> bool:
        return bool(self._working[self._day_index(day)])

    def special_days(self, year: int) -> list[SpecialDay]:
        """Days off and working weekend days of the year, in date order."""
        if not self.first_year <= year <= self.last_year:
            raise CalendarRangeError(
                f"{year} is outside the supported years {self.first_year}–{self.last_year}"
            )
        return sorted(
            (special for day, special in self._special.items() if day.year == year),
            key=lambda special: special.day,
        )

    def _working_day_at(self, number: int) -> int:
        if not 0 <= number < len(self._working_days):
            raise CalendarRangeError(
                f"the result falls outside the supported years {self.first_year}–{self.last_year}"
            )
        return self._working_days[number]

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, else the next one."""
        return self._date_of(self._working_day_at(self._working_before[self._day_index(day)]))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        if end < start:
            raise CalendarError("the interval is reversed: end is before start")
        before = self._working_before
        return before[self._day_index(end) + 1] - before[self._day_index(start) + 1]

    def working_days_in(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included."""
        if last < first:
            raise CalendarError("the interval is reversed: end is before start")
        before = self._working_before
        return before[self._day_index(last) + 1] - before[self._day_index(first)]

    # --- instants ---------------------------------------------------------------------------

    def _position(self, instant: datetime) -> int:
        """Working seconds from the start of the range to the instant."""
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise CalendarError("instants must be timezone-aware")
        return self.position_at(int(instant.timestamp()))

    def position_at(self, epoch_seconds: int) -> int:
        """Working seconds from the start of the range to this Unix time (whole seconds) — the
        arithmetic of every instant method, on plain integers for bulk work (`demo
        --history`)."""
        local_day, second_of_day = divmod(epoch_seconds + _LOCAL_OFFSET_SECONDS, _SECONDS_PER_DAY)
        index = local_day + _UNIX_EPOCH_ORDINAL - self._first_ordinal
        if not 0 <= index < len(self._working):
            raise CalendarRangeError(
                f"{datetime.fromtimestamp(epoch_seconds, tz=VIETNAM).isoformat()} is outside"
                f" the supported years {self.first_year}–{self.last_year}"
            )
        position = self._working_before[index] * self._seconds_per_day
        if self._working[index]:
            position += self.office_hours.elapsed(second_of_day)
        return position

    def epoch_at(self, position: int, *, at_close: bool) -> int:
        """The Unix time (whole seconds) at this working position; at a boundary between two
        working periods, at_close=True gives the earlier close, False the later opening."""
        number, worked = divmod(position, self._seconds_per_day)
        if at_close and worked == 0 and number > 0:
            number, worked = number - 1, self._seconds_per_day
        index = self._working_day_at(number)
        return self._epoch(index, self.office_hours.second_at(worked, at_close=at_close))

    def next_working_at(self, epoch_seconds: int) -> int:
        """`next_working_instant` on Unix times."""
        return self.epoch_at(self.position_at(epoch_seconds), at_close=False)

    def add_working_seconds_at(self, epoch_seconds: int, seconds: int) -> int:
        """`add_working_hours` on Unix times: the time after `seconds` of working time."""
        if seconds < 0:
            raise CalendarError("working hours cannot be negative")
        return self.epoch_at(self.position_at(epoch_seconds) + seconds, at_close=seconds > 0)

    def _instant(self, position: int, *, at_close: bool) -> datetime:
        return instant_of(self.epoch_at(position, at_close=at_close))

    def _close_of(self, index: int) -> datetime:
        return self._at(index, self.office_hours.closing)

    def _epoch(self, index: int, second_of_day: int) -> int:
        local_day = self._first_ordinal + index - _UNIX_EPOCH_ORDINAL
        return local_day * _SECONDS_PER_DAY + second_of_day - _LOCAL_OFFSET_SECONDS

    def _at(self, index: int, second_of_day: int) -> datetime:
        """The instant at this second of the local day with this index."""
        return instant_of(self._epoch(index, second_of_day))

    def is_working_instant(self, instant: datetime) -> bool:
        """Within office hours (boundaries included) of a working day."""
        local = to_local(instant)
        second_of_day = local.hour * 3600 + local.minute * 60 + local.second
        return self.is_working_day(local.date()) and self.office_hours.contains(second_of_day)

    def next_working_instant(self, instant: datetime) -> datetime:
        """The instant itself inside office hours, else the next opening."""
        return self._instant(self._position(instant), at_close=False)

    def add_working_days(self, instant: datetime, days: int) -> datetime:
        """Close of the `days`-th working day after the day counting starts on."""
        if days < 0 or int(days) != days:
            raise CalendarError("working days must be a whole number, zero or more")
        return instant_of(self._close_after_working_days(self._position(instant), int(days)))

    def _close_after_working_days(self, position: int, days: int) -> int:
        """The close of the `days`-th working day after the one `position` counts from."""
        index = self._working_day_at(position // self._seconds_per_day + days)
        return self._epoch(index, self.office_hours.closing)

    def add_working_hours(self, instant: datetime, hours: float) -> datetime:
        """The instant after `hours` of working time, counted inside office hours."""
        if hours < 0:
            raise CalendarError("working hours cannot be negative")
        seconds = round(hours * 3600)
        return self._instant(self._position(instant) + seconds, at_close=seconds > 0)

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        if end < start:
            raise CalendarError("the interval is reversed: end is before start")
        return self._position(end) - self._position(start)

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Working time between two instants, in whole minutes (for KPIs and pauses)."""
        return self.working_seconds_between(start, end) // 60

    # --- time limits ------------------------------------------------------------------------

    def due_instant(self, received: datetime, limit: TimeLimit) -> datetime:
        """When a dossier received at `received` with this legal time limit is due."""
        to_local(received)  # refuses a naive instant
        return instant_of(self.due_at(int(received.timestamp()), limit))

    def due_at(self, received: int, limit: TimeLimit) -> int:
        """`due_instant` on Unix times (whole seconds)."""
        if limit.value < 0:
            raise CalendarError("a time limit cannot be negative")
        if limit.unit is TimeLimitUnit.WORKING_DAYS:
            if limit.value == int(limit.value):
                return self._close_after_working_days(self.position_at(received), int(limit.value))
            # A fraction of a day (the catalogue accepts 2.5) is exact working time from the
            # receipt — 2.5 days are 20 hours of an 8-hour day, as the process audit counts
            # them — never truncated to whole days.
            hours = limit.value * self.office_hours.seconds_per_day / 3600
            return self.add_working_seconds_at(received, round(hours * 3600))
        if limit.unit is TimeLimitUnit.WORKING_HOURS:
            return self.add_working_seconds_at(received, round(limit.value * 3600))
        if limit.unit is TimeLimitUnit.CALENDAR_DAYS:
            # Some laws count plain days: that calendar date, moved to the next working day. The
            # day counting starts from is the receipt's — or, received after closing or on a day
            # off, the next working day's (DESIGN.md "Working time": counted from the next
            # opening); that day itself is not counted (Civil Code 2015, art. 147(1)).
            start = local_date(self.next_working_at(received))
            target = self.next_working_day(start + timedelta(days=int(limit.value)))
            return self._epoch(self._day_index(target), self.office_hours.closing)
        # Within the day: received after the cut-off (Decree 23/2015/NĐ-CP art. 7) or on a
        # day off, it is due at the close of the next working day.
        index = self._day_index(local_date(received))
        second_of_day = (received + _LOCAL_OFFSET_SECONDS) % _SECONDS_PER_DAY
        if self._working[index] and second_of_day < self._cutoff_second:
            return self._epoch(index, self.office_hours.closing)
        index = self._working_day_at(self._working_before[index + 1])
        return self._epoch(index, self.office_hours.closing)

    # --- bulk -------------------------------------------------------------------------------

    def add_working_days_bulk(
        self, instants: Sequence[datetime], days: Sequence[int]
    ) -> list[datetime]:
        """add_working_days for many deadlines at once (recomputation after an override)."""
        if len(instants) != len(days):
            raise CalendarError("instants and durations differ in length")
        return [
            self.add_working_days(instant, count)
            for instant, count in zip(instants, days, strict=True)
        ]


def special_days_from_library(
    library_days: Mapping[date, str], library_working_days: Iterable[date]
) -> list[SpecialDay]:
    """Days off and working weekend days as the holidays package gives them."""
    specials = [
        SpecialDay(day, DayKind.DAY_OFF, name, DaySource.LIBRARY)
        for day, name in library_days.items()
    ]
    specials.extend(
        SpecialDay(day, DayKind.WORKING_DAY, "Ngày làm việc bù", DaySource.LIBRARY)
        for day in library_working_days
    )
    return specials


def apply_overrides(
    library: Iterable[SpecialDay], overrides: Iterable[SpecialDay]
) -> list[SpecialDay]:
    """Overrides win over the library, date by date."""
    merged = {special.day: special for special in library}
    for override in overrides:
        merged[override.day] = override
    return list(merged.values())


__all__ = [
    "VIETNAM",
    "CalendarError",
    "CalendarRangeError",
    "DayKind",
    "DaySource",
    "OfficeHours",
    "SpecialDay",
    "TimeLimit",
    "TimeLimitUnit",
    "WorkingCalendar",
    "apply_overrides",
    "instant_of",
    "local_date",
    "local_day",
    "special_days_from_library",
    "to_local",
]
