"""Reads of directives: the state of each assignment as the chairman sees it, the overview of
every task by unit (overdue first), and who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.directives.models import (
    Assignment,
    AssignmentStatus,
    Directive,
    Evidence,
    Inspection,
)
from motcua.org.access import scope_for


class TaskState(StrEnum):
    OVERDUE = "overdue"
    REPORTED = "reported"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    DONE_LATE = "done_late"
    DONE_ON_TIME = "done_on_time"


STATE_LABELS = {
    TaskState.OVERDUE: _("Overdue"),
    TaskState.REPORTED: _("Awaiting acceptance"),
    TaskState.IN_PROGRESS: _("In progress"),
    TaskState.NOT_STARTED: _("Not started"),
    TaskState.DONE_LATE: _("Done late"),
    TaskState.DONE_ON_TIME: _("Done on time"),
}
# Tags by state (words as well as colour): the design system's tag modifiers.
STATE_TAGS = {
    TaskState.OVERDUE: "govuk-tag--red",
    TaskState.REPORTED: "govuk-tag--yellow",
    TaskState.IN_PROGRESS: "govuk-tag--blue",
    TaskState.NOT_STARTED: "govuk-tag--grey",
    TaskState.DONE_LATE: "govuk-tag--orange",
    TaskState.DONE_ON_TIME: "govuk-tag--green",
}
ORDER = list(TaskState)  # overdue first


def assignment_state(assignment: Assignment, now: datetime) -> TaskState:
    """Done on time or late by the accepted report's time; a report of done awaits the
    assigner (the unit's part is done; sent back, the task is overdue again if late);
    otherwise overdue once the deadline passed."""
    if assignment.status == AssignmentStatus.REPORTED:
        return TaskState.REPORTED
    if assignment.status == AssignmentStatus.DONE:
        assert assignment.done_at is not None
        return (
            TaskState.DONE_ON_TIME
            if assignment.done_at <= assignment.due_at
            else TaskState.DONE_LATE
        )
    if now > assignment.due_at:
        return TaskState.OVERDUE
    return TaskState(assignment.status)


@dataclass(frozen=True, slots=True)
class Row:
    assignment: Assignment
    state: TaskState
    evidence: Evidence | None = None  # of the latest report: one click from the overview

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def tag(self) -> str:
        return STATE_TAGS[self.state]


def visible_assignments(user: User) -> QuerySet[Assignment]:
    """The assignments of agencies the user may read, and every assignment of the directives
    issued by an agency the user may read (the issuing side follows all of its tasks)."""
    scope = scope_for(user)
    assignments = Assignment.objects.select_related(
        "task__directive__issuing_agency", "agency__unit"
    )
    if scope.reads_everything:
        return assignments
    readable = scope.readable_agency_ids
    return assignments.filter(
        Q(agency_id__in=readable) | Q(task__directive__issuing_agency_id__in=readable)
    )


def visible_directives(user: User) -> QuerySet[Directive]:
    return Directive.objects.filter(
        pk__in=visible_assignments(user).values("task__directive_id")
    ).select_related("issuing_agency")


def overview(
    user: User, *, directive_id: int | None = None, state: TaskState | None = None,
    now: datetime | None = None,
) -> list[Row]:  # fmt: skip
    """Every visible assignment with its state, overdue first, then by deadline."""
    now = now or timezone.now()
    assignments = visible_assignments(user)
    if directive_id is not None:
        assignments = assignments.filter(task__directive_id=directive_id)
    listed = list(assignments.order_by("due_at", "pk"))
    evidence = latest_evidence([a.pk for a in listed])
    rows = [Row(a, assignment_state(a, now), evidence.get(a.pk)) for a in listed]
    if state is not None:
        rows = [row for row in rows if row.state is state]
    rows.sort(key=lambda row: ORDER.index(row.state))  # stable: by deadline within a state
    return rows


def latest_evidence(assignment_ids: list[int]) -> dict[int, Evidence]:
    """Each assignment's evidence of its latest report that had some."""
    found: dict[int, Evidence] = {}
    rows = Evidence.objects.filter(event__assignment_id__in=assignment_ids).select_related("event")
    for evidence in rows.order_by("event__sequence", "pk"):
        found[evidence.event.assignment_id] = evidence
    return found


def state_counts(rows: list[Row]) -> dict[TaskState, int]:
    counts = dict.fromkeys(TaskState, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def visible_assignment(user: User, assignment_id: int) -> Assignment:
    found = visible_assignments(user).filter(pk=assignment_id).first()
    if found is None:
        raise NotFound
    return found


def overdue_badge(user: User | AnonymousUser) -> int:
    """How many tasks of the user's agencies (or of their directives) are overdue, for the
    navigation: open with their deadline passed."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return 0
    return (
        visible_assignments(user)
        .filter(status__in=(AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS))
        .filter(due_at__lt=timezone.now())
        .count()
    )


# --- inspections --------------------------------------------------------------------------------


class InspectionState(StrEnum):
    PLANNED = "planned"
    OPEN = "open"  # concluded, remediations not all done
    CLOSED = "closed"


INSPECTION_LABELS = {
    InspectionState.PLANNED: _("Planned"),
    InspectionState.OPEN: _("Remediation in progress"),
    InspectionState.CLOSED: _("Closed"),
}


def inspection_state(inspection: Inspection) -> InspectionState:
    if inspection.inspected_on is None:
        return InspectionState.PLANNED
    owed = inspection.findings.exclude(
        task__assignments__status=AssignmentStatus.DONE
    ).exists() if inspection.conclusion_id else False  # fmt: skip
    return InspectionState.OPEN if owed else InspectionState.CLOSED


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections by or of an agency the user may read."""
    scope = scope_for(user)
    inspections = Inspection.objects.select_related(
        "inspecting_agency", "inspected_agency", "checklist", "conclusion"
    )
    if scope.reads_everything:
        return inspections
    readable = scope.readable_agency_ids
    return inspections.filter(
        Q(inspecting_agency_id__in=readable) | Q(inspected_agency_id__in=readable)
    )
