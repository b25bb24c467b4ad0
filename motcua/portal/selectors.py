"""What the public pages read: the home page's lists, a dossier's public timeline, and each
unit's public record (the staff statistics' numbers, shown only above a minimum of cases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from fractions import Fraction

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.functional import Promise

from motcua.catalog.audit import FindingCode
from motcua.catalog.models import ProcedureVersion, Process
from motcua.catalog.selectors import audit_processes, procedure_versions_in_force
from motcua.dossiers.labels import PUBLIC_LABELS
from motcua.dossiers.lifecycle import PUBLIC
from motcua.dossiers.models import Dossier, DossierEvent, StepStatus
from motcua.org.models import Agency
from motcua.portal.models import Rating
from motcua.stats.kpi import Counts, Targets
from motcua.stats.selectors import GroupBy, statistics_table, targets
from motcua.workcal.calendar import period_bounds
from motcua.workcal.services import core_office_hours

# What the applicant sees of each event: the registry's public actions (dossiers.lifecycle),
# with their public labels; internal ones (taking a step, comments, corrections) are not shown.
PUBLIC_EVENTS: dict[str, Promise] = {str(action): PUBLIC_LABELS[action] for action in PUBLIC}


@dataclass(frozen=True)
class PublicEvent:
    at: object
    label: Promise
    agency: str


def public_timeline(dossier: Dossier) -> list[PublicEvent]:
    events = (
        DossierEvent.objects.filter(dossier=dossier, action__in=PUBLIC_EVENTS)
        .select_related("actor_agency")
        .order_by("sequence")
    )
    return [
        PublicEvent(
            at=event.at,
            label=PUBLIC_EVENTS[event.action],
            agency=event.actor_agency.name if event.actor_agency else dossier.agency.name,
        )
        for event in events
    ]


def public_steps(dossier: Dossier) -> list[dict[str, object]]:
    """The process as the applicant sees it: which agency, since when, done or not."""
    return [
        {
            "name": step.process_step.name,
            "agency": step.agency.name,
            "started_at": step.started_at,
            "finished_at": step.finished_at,
            "open": step.status in (StepStatus.PENDING, StepStatus.TAKEN),
        }
        for step in dossier.steps.exclude(status=StepStatus.CANCELLED)
        .select_related("process_step", "agency")
        .order_by("started_at", "pk")
    ]


def most_used_procedures(day: date, *, limit: int = 8) -> list[ProcedureVersion]:
    """The procedures received most over the last year (cached for an hour)."""
    key = f"portal:most-used:{day.isoformat()}"
    ids: list[int] | None = cache.get(key)
    if ids is None:
        since, _until = period_bounds(day - timedelta(days=365), day)
        ids = list(
            Dossier.objects.filter(received_at__gte=since)
            .values("procedure_version__procedure_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("procedure_version__procedure_id", flat=True)[:limit]
        )
        cache.set(key, ids, 3600)
    versions = {
        version.procedure_id: version
        for version in procedure_versions_in_force(day).filter(procedure_id__in=ids)
    }
    return [versions[pk] for pk in ids if pk in versions]


@dataclass(frozen=True)
class UnitRecord:
    agency_id: int
    name: str
    counts: Counts
    ratings: int
    satisfied: int
    enough_cases: bool  # rates and rank are shown only above the minimum
    enough_ratings: bool

    @property
    def satisfaction(self) -> Fraction | None:
        return Fraction(self.satisfied, self.ratings) if self.ratings else None


@dataclass(frozen=True)
class PublicRecord:
    start: date
    end: date
    units: list[UnitRecord]  # ranked first (enough cases, by on-time then early rate), then others
    targets: Targets
    minimum: int


def public_record(start: date, end: date) -> PublicRecord:
    """Each receiving agency's record for the period, from the same table as the statistics."""
    minimum: int = settings.MOTCUA_PUBLIC_MIN_CASES
    table = statistics_table(Dossier.objects.all(), start=start, end=end, group_by=GroupBy.AGENCY)
    first, last = period_bounds(start, end)
    ratings = {
        row["dossier__agency_id"]: row
        for row in Rating.objects.filter(rated_at__gte=first, rated_at__lte=last)
        .values("dossier__agency_id")
        .annotate(n=Count("pk"), happy=Count("pk", filter=Q(overall__gte=4)))
    }
    units = []
    for row in table.rows:
        rated = ratings.get(row.key, {"n": 0, "happy": 0})
        unit = UnitRecord(
            agency_id=row.key, name=row.label, counts=row.counts,
            ratings=rated["n"], satisfied=rated["happy"],
            enough_cases=row.counts.timed >= minimum, enough_ratings=rated["n"] >= minimum,
        )  # fmt: skip
        units.append(unit)
    units.sort(
        key=lambda unit: (
            not unit.enough_cases,
            -(unit.counts.on_time_rate or 0),
            -(unit.counts.early_rate or 0),
            unit.name,
        )
    )
    return PublicRecord(start, end, units, targets(), minimum)


@dataclass(frozen=True, slots=True)
class Desk:
    """Where a citizen hands the dossier in: the agency, its address, phone and opening hours."""

    process: Process
    hours: tuple[tuple[time, time], ...]
    saturday_morning: bool

    @property
    def agency(self) -> Agency:
        return self.process.agency

    @property
    def hours_text(self) -> str:
        return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in self.hours)


def receiving_desks(processes: list[Process]) -> list[Desk]:
    """The desks of the procedure's processes in force, each with its agency's office hours."""
    desks = []
    for process in processes:
        hours, row = core_office_hours(process.agency_id)
        desks.append(Desk(process, hours.intervals, bool(row and row.saturday_morning_reception)))
    return desks


def staffed_processes(processes: list[Process], day: date) -> list[Process]:
    """The processes whose audit finds nothing blocking and no role without staff (a desk with
    a clerk, someone at every step): online submission offers only these, so no dossier is sent
    where nobody can receive or handle it."""
    return [
        audit.process
        for audit in audit_processes(processes, on=day)
        if not any(f.blocking or f.code is FindingCode.ROLE_WITHOUT_STAFF for f in audit.findings)
    ]
