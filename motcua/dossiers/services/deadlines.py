"""Deadlines recomputed from the facts after a calendar change."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from motcua.core.transactions import outermost
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    OPEN_STATUSES,
    Dossier,
)
from motcua.dossiers.replay import iso
from motcua.dossiers.services.engine import (
    append_event,
    locked,
    procedure_time_limit,
    process_step_due,
    record_step_clock,
    supplement_restarts_clock,
)
from motcua.workcal.calendar import period_bounds
from motcua.workcal.services import calendar_for


def _pauses(dossier: Dossier) -> list[tuple[datetime, datetime]]:
    """The finished pauses of a dossier (request → supply), from its events."""
    pauses: list[tuple[datetime, datetime]] = []
    started: datetime | None = None
    for event in dossier.events.order_by("sequence"):
        if event.action == Action.REQUEST_SUPPLEMENT:
            started = event.at
        elif event.action == Action.SUPPLY and started is not None:
            pauses.append((started, event.at))
            started = None
    return pauses


def _shifted(
    calendar_agency: int, due: datetime, pauses: list[tuple[datetime, datetime]]
) -> datetime:
    calendar = calendar_for(calendar_agency)
    for start, end in pauses:
        due = calendar.add_working_hours(due, calendar.working_seconds_between(start, end) / 3600)
    return due


def dossier_deadlines_recompute(*, dossier_id: int) -> bool:
    """Recompute an open dossier's appointment and its open step's due instant from the facts.

    The facts are the receipt, the legal time limit, the step's start and duration and the
    finished pauses; the calendar is today's. Appends a `recompute_deadlines` event with what
    moved, and only when something moved (running it twice changes nothing).
    """
    with outermost():
        dossier = locked(dossier_id, reader=None)
        if dossier.resolved_at is not None or dossier.received_at is None or not dossier.is_open:
            return False
        pauses = _pauses(dossier)
        # The clock counts from the receipt — or, where supplying restarts it, from the last
        # supply, with no pause before it left to add.
        start = dossier.received_at
        if pauses and supplement_restarts_clock(dossier):
            start, pauses = pauses[-1][1], []
        moved: dict[str, Any] = {}
        limit = procedure_time_limit(dossier.procedure_version)
        if limit is not None:
            base = calendar_for(dossier.agency_id).due_instant(start, limit)
            due = _shifted(dossier.agency_id, base, pauses)
            if due != dossier.due_at:
                moved["previous_due_at"] = iso(dossier.due_at)
                dossier.due_at = due
        step = dossier.current_step
        if step is not None and step.is_open:
            step_start = max(step.started_at, start)
            step_pauses = [(begin, end) for begin, end in pauses if begin >= step_start]
            step_due = _shifted(
                step.agency_id,
                process_step_due(step.process_step, step_start, step.agency_id),
                step_pauses,
            )
            if step_due != step.due_at:
                moved["previous_step_due_at"] = iso(step.due_at)
                moved["step_due_at"] = iso(step_due)
                step.due_at = step_due
                step.save(update_fields=["due_at"])
                record_step_clock(
                    step, at=timezone.now(), paused=dossier.paused_at is not None,
                    cause=Action.RECOMPUTE_DEADLINES,
                )  # fmt: skip
        if not moved:
            return False
        dossier.save(update_fields=["due_at"])
        append_event(
            dossier, action=Action.RECOMPUTE_DEADLINES, actor=None, at=timezone.now(),
            from_status=dossier.status, step=step, data=moved,
        )  # fmt: skip
    return True


def dossiers_affected_by(days: list[date]) -> list[int]:
    """Open, unresolved dossiers whose time to the appointment spans one of these days."""
    if not days:
        return []
    first, last = period_bounds(min(days), max(days))
    return list(
        Dossier.objects.filter(
            status__in=OPEN_STATUSES, resolved_at__isnull=True, received_at__lte=last
        )
        .filter(Q(due_at__gte=first) | Q(due_at__isnull=True))
        .values_list("pk", flat=True)
    )
