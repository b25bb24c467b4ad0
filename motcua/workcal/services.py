"""Building the working calendar from the holidays package, overrides and office hours."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

import holidays
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.transactions import outermost
from motcua.org.access import is_system_admin
from motcua.workcal import calendar as core
from motcua.workcal.models import CalendarOverride, CalendarYearApproval, OfficeHours

FIRST_YEAR = 2010
LAST_YEAR = 2035
_VERSION_KEY = "workcal:version"
_calendars: dict[tuple[int | None, str, tuple[core.SpecialDay, ...]], core.WorkingCalendar] = {}
# Days a rehearsal (`motcua simulate`) declares, seen by this context only: never written to
# the database or to the shared cache.
_rehearsed_days: ContextVar[tuple[core.SpecialDay, ...]] = ContextVar(
    "motcua_rehearsed_days", default=()
)


@lru_cache(maxsize=1)
def library_special_days() -> tuple[core.SpecialDay, ...]:
    """Public holidays, compensations and swapped days of the holidays package (built once)."""
    vietnam = holidays.country_holidays("VN", years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi")
    return tuple(core.special_days_from_library(dict(vietnam.items()), vietnam.weekend_workdays))


def override_special_days() -> list[core.SpecialDay]:
    return [
        core.SpecialDay(
            override.day,
            core.DayKind(override.kind),
            override.name,
            core.DaySource.OVERRIDE,
            override.reference,
        )
        for override in CalendarOverride.objects.all()
    ]


def core_office_hours(agency_id: int | None) -> tuple[core.OfficeHours, OfficeHours | None]:
    """The agency's office hours, else the default row, else 07:30–11:30 and 13:00–17:00."""
    row = None
    if agency_id is not None:
        row = OfficeHours.objects.filter(agency_id=agency_id).first()
    if row is None:
        row = OfficeHours.objects.filter(agency__isnull=True).first()
    if row is None:
        return core.OfficeHours(), None
    intervals = ((row.morning_start, row.morning_end), (row.afternoon_start, row.afternoon_end))
    return core.OfficeHours(intervals), row


def calendar_version() -> str:
    """A random token, not a counter: after a cache flush a counter would restart at a number
    some process already built a calendar for, and that stale calendar would be used again."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY)
    return str(version)


def _bump_version() -> None:
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def calendar_for(agency_id: int | None = None) -> core.WorkingCalendar:
    """The working calendar of an agency (default office hours when it has none).

    Built once per process and per calendar version; an override or office-hours change bumps
    the version in the shared cache so every process rebuilds.
    """
    rehearsed = _rehearsed_days.get()
    key = (agency_id, calendar_version(), rehearsed)
    calendar = _calendars.get(key)
    if calendar is None:
        hours, row = core_office_hours(agency_id)
        overrides = [*override_special_days(), *rehearsed]
        calendar = core.WorkingCalendar(
            first_year=FIRST_YEAR,
            last_year=LAST_YEAR,
            special_days=core.apply_overrides(library_special_days(), overrides),
            office_hours=hours,
            within_day_cutoff=row.within_day_cutoff if row else time(15, 0),
        )
        if len(_calendars) > 256:  # old versions pile up in long-running processes
            _calendars.clear()
        _calendars[key] = calendar
    return calendar


@contextmanager
def rehearsed_calendar(days: Iterable[core.SpecialDay]) -> Iterator[None]:
    """Within the block, every calendar also counts these days (over the overrides)."""
    token = _rehearsed_days.set(tuple(days))
    try:
        yield
    finally:
        _rehearsed_days.reset(token)


def _require_admin(actor: User) -> None:
    if not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator may change the calendar."))


@dataclass(frozen=True, slots=True)
class DayChange:
    day: date
    was_working: bool
    is_working: bool


def _announce(changes: list[DayChange]) -> list[DayChange]:
    """Tell the apps above (MOTCUA_CALENDAR_CHANGE_HANDLERS) which days changed.

    The dossier engine enqueues the recomputation of the deadlines those days move; the
    calendar cannot import it (it sits below).
    """
    if changes:
        for handler in settings.MOTCUA_CALENDAR_CHANGE_HANDLERS:
            import_string(handler)([change.day for change in changes])
    return changes


def calendar_override_save(*, actor: User, override: CalendarOverride) -> list[DayChange]:
    """Save an override (history records who and when) and report the days whose status changed.

    Deadlines of open dossiers and steps that the change moves are then recomputed by a
    background job (MOTCUA_CALENDAR_CHANGE_HANDLERS).
    """
    _require_admin(actor)
    if override.day.year < FIRST_YEAR or override.day.year > LAST_YEAR:
        raise DomainError(
            _("The calendar covers the years %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="day",
        )
    before = calendar_for()
    with outermost():
        override.full_clean()
        override._history_user = actor  # type: ignore[attr-defined]
        override.save()
    # The durable block has committed: every process may now rebuild its calendars.
    _bump_version()
    return _announce(_changes(before, override.day))


def calendar_override_delete(*, actor: User, override: CalendarOverride) -> list[DayChange]:
    _require_admin(actor)
    before = calendar_for()
    day = override.day
    with outermost():
        override._history_user = actor  # type: ignore[attr-defined]
        override.delete()
    _bump_version()
    return _announce(_changes(before, day))


def office_hours_changed() -> None:
    """Call after office hours change: every process rebuilds its calendars."""
    transaction.on_commit(_bump_version)


def _changes(before: core.WorkingCalendar, day: date) -> list[DayChange]:
    after = calendar_for()
    was, now = before.is_working_day(day), after.is_working_day(day)
    return [] if was == now else [DayChange(day, was, now)]


def year_fingerprint(special_days: list[core.SpecialDay]) -> str:
    """A digest of a year's special days, to see whether an approved year changed since."""
    lines = [
        f"{special.day.isoformat()}|{special.kind}|{special.source}|{special.name}"
        for special in special_days
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def calendar_year_approve(*, actor: User, year: int) -> CalendarYearApproval:
    """Record that an administrator reviewed the year as it stands now."""
    _require_admin(actor)
    fingerprint = year_fingerprint(calendar_for().special_days(year))
    with outermost():
        approval, _created = CalendarYearApproval.objects.select_for_update().update_or_create(
            year=year,
            defaults={
                "fingerprint": fingerprint,
                "approved_by": actor,
                "approved_at": timezone.now(),
            },
        )
    return approval
