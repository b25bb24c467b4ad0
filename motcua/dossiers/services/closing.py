"""Exits before the result: withdrawal, cancellation; the apology with a new appointment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.core.transactions import outermost
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Dossier,
    DossierStatus,
)
from motcua.dossiers.services.engine import (
    append_event,
    at_or_now,
    cancel_step,
    held_position,
    locked,
    refuse_illegal,
    require_text,
)
from motcua.org.access import is_system_admin
from motcua.org.models import Position, Role
from motcua.workcal.services import calendar_for


def _close(
    *,
    actor: User,
    dossier_id: int,
    action: Action,
    status: DossierStatus,
    reason: str,
    position_of: Any,
    at: datetime,
) -> Dossier:
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, action)
        position = position_of(dossier)
        from_status = dossier.status
        open_step = dossier.current_step
        if open_step is not None and open_step.is_open:
            cancel_step(open_step, actor=actor, action=action, at=at)
        dossier.status = status
        dossier.reason = reason
        dossier.closed_at = at
        dossier.current_step = None
        dossier.save()
        append_event(
            dossier, action=action, actor=actor, at=at, from_status=from_status, step=open_step,
            position=position, comment=reason,
        )  # fmt: skip
    return dossier


def dossier_withdraw(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Withdraw at the applicant's request (recorded by the clerk), before the signature."""
    reason = require_text(reason, field="reason", message=_("Record the applicant's request."))

    def clerk(dossier: Dossier) -> Position:
        position = held_position(actor, role=Role.CLERK, agency_id=dossier.agency_id)
        if position is None:
            raise PermissionDenied(_("A withdrawal is recorded by the one-stop clerk."))
        return position

    return _close(
        actor=actor, dossier_id=dossier_id, action=Action.WITHDRAW,
        status=DossierStatus.WITHDRAWN, reason=reason, position_of=clerk, at=at_or_now(at),
    )  # fmt: skip


def dossier_cancel(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Cancel a dossier (administrators only, with a reason): for dossiers entered in error."""
    reason = require_text(reason, field="reason", message=_("Give the reason for cancelling."))

    def administrator(dossier: Dossier) -> None:
        if not is_system_admin(actor):
            raise PermissionDenied(_("Only an administrator may cancel a dossier."))

    return _close(
        actor=actor, dossier_id=dossier_id, action=Action.CANCEL,
        status=DossierStatus.CANCELLED, reason=reason, position_of=administrator, at=at_or_now(at),
    )  # fmt: skip


def dossier_apologise(
    *,
    actor: User,
    dossier_id: int,
    reason: str,
    new_due_at: datetime,
    at: datetime | None = None,
) -> Dossier:
    """Issue the apology with a new appointment (phiếu xin lỗi và hẹn lại).

    Only once per dossier, at the latest one working day before the appointment, by the
    agency handling the current step. The new appointment is what the applicant is told
    (`new_due_at`); the dossier is still classified against the legal due instant, so it
    still counts as late.
    """
    at = at_or_now(at)
    reason = require_text(reason, field="reason", message=_("Give the reason for the delay."))
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, Action.APOLOGISE)
        step = dossier.current_step
        position = held_position(actor, role=step.role, agency_id=step.agency_id) if step else None
        if position is None:
            raise PermissionDenied(_("The apology is issued by the agency handling the dossier."))
        if dossier.events.filter(action=Action.APOLOGISE).exists():
            raise IllegalAction(_("A new appointment may be set only once."))
        if dossier.due_at is None:
            raise IllegalAction(_("A dossier without a time limit has no appointment to move."))
        calendar = calendar_for(dossier.agency_id)
        # "At least one working day before" is working time left on the clock as it stands —
        # stopped at the pause while the applicant supplies documents (Decree 61/2018 art. 19).
        clock = (
            dossier.paused_at
            if dossier.status == DossierStatus.AWAITING_SUPPLEMENT and dossier.paused_at
            else at
        )
        left = (
            calendar.working_seconds_between(clock, dossier.due_at) if dossier.due_at > clock else 0
        )
        if left < calendar.office_hours.seconds_per_day:
            raise IllegalAction(
                _("The apology must be issued at least one working day before the appointment.")
            )
        if new_due_at <= dossier.due_at:
            raise DomainError(
                _("The new appointment must be later than the current one."), field="new_due_at"
            )
        if not calendar.is_working_instant(new_due_at):
            raise DomainError(
                _("The new appointment must be within office hours of a working day."),
                field="new_due_at",
            )
        from_status = dossier.status
        dossier.new_due_at = new_due_at
        dossier.save()
        append_event(
            dossier, action=Action.APOLOGISE, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=reason,
        )  # fmt: skip
    return dossier
