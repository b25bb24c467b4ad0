"""The department table: steps handled early / on time / late, per agency that handled them.

The seed holds department heads to the same targets as the one-stop desk, and a dossier is late
because one of its steps was. Each pass of a dossier through a step (`DossierStep`) is counted
like a dossier in the statistics table, against the step's own due instant: it "arrives" when it
starts, leaves when it is done (classified then) or cancelled (the dossier left the process),
and one still open at the judging instant is within its time, overdue, or waiting for the
applicant's documents — judged with its clock as it stood then (`StepClock`), so later events
never rewrite a past table. One aggregate query; the rows reuse the table's `Counts` (new
steps under "new_direct": a step has no channel).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.db.models.functions import Coalesce

from motcua.dossiers.models import DossierStep, StepStatus
from motcua.stats.selectors import (
    GroupBy,
    Table,
    cell_condition,
    counted_table,
    judged_at,
)
from motcua.workcal.calendar import period_bounds

STEP_GROUPINGS = (GroupBy.AGENCY, GroupBy.UNIT, GroupBy.PROCEDURE)
# The column grouped on (each group named after the counting: `counted_table`).
STEP_GROUP_COLUMNS: dict[GroupBy, str] = {
    GroupBy.AGENCY: "agency_id",
    GroupBy.UNIT: "agency__unit_id",
    GroupBy.PROCEDURE: "dossier__procedure_version__procedure_id",
}


# The department table's columns made of others (its steps have no channel, no "no time
# limit", and leave unfinished in one way): each total drills down to its parts.
STEP_COMPOSITE = {
    "received": ("carried_over", "new_direct"),
    "new": ("new_direct",),
    "resolved": ("early", "on_time", "late"),
    "in_progress": ("within_limit", "overdue", "awaiting_supplement"),
}


def _conditions(start_at: datetime, end_at: datetime, now: datetime | None) -> dict[str, Q]:
    judging = judged_at(end_at, now)
    left = Q(finished_at__gte=start_at, finished_at__lte=end_at)
    done = left & Q(status=StepStatus.DONE)
    still_open = Q(finished_at__isnull=True) | Q(finished_at__gt=end_at)
    running = still_open & (Q(clock_then__isnull=True) | Q(clock_then__paused=False))
    return {
        "carried_over": Q(started_at__lt=start_at),
        "new_direct": Q(started_at__gte=start_at, started_at__lte=end_at),
        "early": done & Q(timeliness="early"),
        "on_time": done & Q(timeliness="on_time"),
        "late": done & Q(timeliness="late"),
        "cancelled": left & Q(status=StepStatus.CANCELLED),
        "within_limit": running & Q(due_then__gte=judging),
        "overdue": running & Q(due_then__lt=judging),
        "awaiting_supplement": still_open & Q(clock_then__paused=True),
    }


def _overlapping(
    steps: QuerySet[DossierStep], start_at: datetime, end_at: datetime, now: datetime | None
) -> QuerySet[DossierStep]:
    """Steps started by the end and not finished before the start, with their clock then."""
    judging = judged_at(end_at, now)
    return (
        steps.annotate(
            clock_then=FilteredRelation(
                "clock",
                condition=Q(clock__since__lte=judging)
                & (Q(clock__until__isnull=True) | Q(clock__until__gt=judging)),
            ),
        )
        .annotate(due_then=Coalesce(F("clock_then__due_at"), F("first_due_at"), F("due_at")))
        .filter(started_at__lte=end_at)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=start_at))
    )


def step_table(
    steps: QuerySet[DossierStep],
    *,
    start: date,
    end: date,
    group_by: GroupBy = GroupBy.AGENCY,
    now: datetime | None = None,
) -> Table:
    """The department table over these steps (already scoped to the user): one aggregate
    query, which PostgreSQL runs in parallel, then the groups named (`counted_table`)."""
    if group_by not in STEP_GROUP_COLUMNS:
        raise KeyError(group_by)
    start_at, end_at = period_bounds(start, end)
    conditions = _conditions(start_at, end_at, now)
    rows = (
        _overlapping(steps.order_by(), start_at, end_at, now)
        .values(group_key=F(STEP_GROUP_COLUMNS[group_by]))
        .annotate(**{name: Count("pk", filter=c) for name, c in conditions.items()})
    )
    return counted_table(rows, start=start, end=end, group_by=group_by)


def cell_steps(
    steps: QuerySet[DossierStep],
    *,
    start: date,
    end: date,
    group_by: GroupBy,
    key: Any | None,
    column: str,
    now: datetime | None = None,
) -> QuerySet[DossierStep]:
    """The steps behind one cell of the department table; `key` None: the total row."""
    if group_by not in STEP_GROUP_COLUMNS:
        raise KeyError(group_by)
    start_at, end_at = period_bounds(start, end)
    condition = cell_condition(_conditions(start_at, end_at, now), column, STEP_COMPOSITE)
    selected = _overlapping(steps, start_at, end_at, now).filter(condition)
    if key is not None:
        selected = selected.filter(**{STEP_GROUP_COLUMNS[group_by]: key})
    return selected
