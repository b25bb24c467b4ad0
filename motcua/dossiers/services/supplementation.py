"""Supplementation: the clock stops for documents asked for, resumes when supplied."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import removed_on_failure
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Dossier,
    DossierStatus,
    StepStatus,
)
from motcua.dossiers.services.engine import (
    ComponentReceived,
    append_event,
    at_or_now,
    held_position,
    locked,
    procedure_time_limit,
    process_step_due,
    record_step_clock,
    refuse_illegal,
    require_text,
    save_components,
    step_for_action,
    supplement_restarts_clock,
)
from motcua.org.models import Role
from motcua.workcal.services import calendar_for


def dossier_request_supplement(
    *,
    actor: User,
    dossier_id: int,
    items: list[str],
    reason: str,
    step_id: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Ask the applicant for documents: the clock stops until they are supplied.

    Allowed where the step permits it. The request is counted: more than one during resolution
    makes the dossier late (Decision 766 formula).
    """
    at = at_or_now(at)
    items = [normalize_text(item) for item in items if item.strip()]
    if not items:
        raise DomainError(_("List the documents the applicant must supply."), field="items")
    reason = require_text(reason, field="reason", message=_("Give the reason for the request."))
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        step, position = step_for_action(actor, dossier, Action.REQUEST_SUPPLEMENT, step_id)
        if step.assignee_id is None:
            step.assignee = actor
            step.status = StepStatus.TAKEN
            step.save(update_fields=["assignee", "status"])
        from_status = dossier.status
        dossier.status = DossierStatus.AWAITING_SUPPLEMENT
        dossier.paused_at = at
        record_step_clock(step, at=at, paused=True, cause=Action.REQUEST_SUPPLEMENT)
        dossier.supplement_requests = F("supplement_requests") + 1
        dossier.missing_items = items
        dossier.save()
        dossier.refresh_from_db(fields=["supplement_requests"])
        append_event(
            dossier, action=Action.REQUEST_SUPPLEMENT, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=reason,
            data={"items": items, "resume_status": from_status},
        )  # fmt: skip
    return dossier


def dossier_supply(
    *,
    actor: User | None,
    dossier_id: int,
    components: list[ComponentReceived],
    at: datetime | None = None,
) -> Dossier:
    """The applicant supplied the documents: the clock resumes where it stopped — or, where
    the procedure's or the regime's rule says so, restarts from the full time limit.

    At the desk the clerk records it (`actor`); online the applicant uploads them from the
    tracking page (`actor` None: the caller checked the code and its secret). The appointment
    and the open step's due instant move later by the working time the clock was stopped
    (DESIGN.md "Working time": resume with the remaining working time).
    """
    at = at_or_now(at)
    with removed_on_failure() as saved, outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, Action.SUPPLY)
        position = None
        if actor is not None:
            position = held_position(actor, role=Role.CLERK, agency_id=dossier.agency_id)
            if position is None:
                raise PermissionDenied(_("Supplied documents are received by the one-stop clerk."))
        assert dossier.paused_at is not None
        calendar = calendar_for(dossier.agency_id)
        paused_seconds = calendar.working_seconds_between(
            dossier.paused_at, max(at, dossier.paused_at)
        )
        request = (
            dossier.events.filter(action=Action.REQUEST_SUPPLEMENT).order_by("-sequence").first()
        )
        from_status = dossier.status
        dossier.status = (
            request.data.get("resume_status") if request else None
        ) or DossierStatus.IN_PROGRESS
        restarts = supplement_restarts_clock(dossier)
        limit = procedure_time_limit(dossier.procedure_version)
        if restarts and limit is not None:
            dossier.due_at = calendar.due_instant(at, limit)  # the full time limit again
        elif dossier.due_at is not None:
            dossier.due_at = calendar.add_working_hours(dossier.due_at, paused_seconds / 3600)
        step = dossier.current_step
        if step is not None and step.is_open:
            if restarts:
                step.due_at = process_step_due(step.process_step, at, step.agency_id)
            else:
                step_calendar = calendar_for(step.agency_id)
                step.due_at = step_calendar.add_working_hours(step.due_at, paused_seconds / 3600)
            step.save(update_fields=["due_at"])
            record_step_clock(step, at=at, paused=False, cause=Action.SUPPLY)
        dossier.paused_at = None
        dossier.missing_items = []
        dossier.save()
        save_components(dossier, components, saved=saved)
        append_event(
            dossier, action=Action.SUPPLY, actor=actor, at=at, from_status=from_status, step=step,
            position=position,
            data={"paused_working_seconds": paused_seconds, "clock_restarted": restarts},
        )  # fmt: skip
    return dossier
