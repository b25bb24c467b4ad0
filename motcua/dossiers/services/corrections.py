"""Administrator corrections: undo the last event, move to a step, fix a due instant."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import StepKind
from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.core.transactions import outermost
from motcua.dossiers.lifecycle import UNDOABLE, Action
from motcua.dossiers.models import (
    Dossier,
    DossierStatus,
    StepStatus,
)
from motcua.dossiers.replay import instants, iso
from motcua.dossiers.services.engine import (
    append_event,
    at_or_now,
    cancel_step,
    locked,
    refuse_illegal,
    require_text,
    start_step,
)
from motcua.org.access import is_system_admin


def _require_administrator(actor: User) -> None:
    if not is_system_admin(actor):
        raise PermissionDenied(_("Only an administrator may correct a dossier."))


def dossier_undo_last(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Undo the last action that moved the dossier (administrators, with a reason).

    The step it finished opens again for the same handler, the step it opened is cancelled,
    and the dossier's state returns to what the event before it recorded. The undone event
    stays in the history; an `undo` event says what was undone and why.
    """
    at = at_or_now(at)
    reason = require_text(reason, field="reason", message=_("Give the reason for the correction."))
    _require_administrator(actor)
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        recent = list(dossier.events.order_by("-sequence")[:2])
        if len(recent) < 2 or recent[0].action not in UNDOABLE:
            raise IllegalAction(_("The last action of this dossier cannot be undone."))
        last, before = recent
        undone_step = last.step
        opened = dossier.current_step
        if opened is not None and undone_step is not None and opened.pk != undone_step.pk:
            cancel_step(opened, actor=actor, action=Action.UNDO, at=at)
        if undone_step is not None:
            if last.action == Action.TAKE:
                undone_step.status, undone_step.assignee = StepStatus.PENDING, None
            elif last.action == Action.REASSIGN:
                undone_step.assignee_id = last.data.get("from_user")
                undone_step.status = (
                    StepStatus.TAKEN if undone_step.assignee_id else StepStatus.PENDING
                )
            else:
                undone_step.status = (
                    StepStatus.TAKEN if undone_step.assignee_id else StepStatus.PENDING
                )
                undone_step.finished_at = None
                undone_step.finished_by = None
                undone_step.action = ""
                undone_step.timeliness = ""
            undone_step.save()
        state = before.data
        dossier.status = last.from_status
        for field, instant in instants(state).items():
            setattr(dossier, field, instant)
        dossier.timeliness = state.get("timeliness") or ""
        dossier.current_step_id = state.get("current_step")
        dossier.closed_at = None
        if last.action in (Action.REFUSE, Action.WITHDRAW):
            dossier.reason = ""
        if last.action == Action.RETURN_RESULT:
            dossier.collected_by = ""
        dossier.save()
        append_event(
            dossier, action=Action.UNDO, actor=actor, at=at, from_status=last.to_status,
            step=undone_step, comment=reason, data={"undone": last.sequence},
        )  # fmt: skip
    return dossier


def dossier_move_to_step(
    *, actor: User, dossier_id: int, position: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Put the dossier at a given step of its process (administrators, with a reason)."""
    at = at_or_now(at)
    reason = require_text(reason, field="reason", message=_("Give the reason for the correction."))
    _require_administrator(actor)
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, Action.MOVE_TO_STEP)
        target = dossier.process.steps.filter(position=position).first()
        if target is None:
            raise DomainError(_("The process has no such step."), field="position")
        from_status = dossier.status
        current = dossier.current_step
        if current is not None and current.is_open:
            cancel_step(current, actor=actor, action=Action.MOVE_TO_STEP, at=at)
        step = start_step(dossier, target, at=at)
        if dossier.status != DossierStatus.AWAITING_SUPPLEMENT:
            dossier.status = (
                DossierStatus.RECEIVED if target.kind == StepKind.RECEIVE
                else DossierStatus.READY_TO_RETURN if target.kind == StepKind.RETURN
                else DossierStatus.IN_PROGRESS
            )  # fmt: skip
        dossier.save()
        append_event(
            dossier, action=Action.MOVE_TO_STEP, actor=actor, at=at, from_status=from_status,
            step=step, comment=reason, data={"position": position},
        )  # fmt: skip
    return dossier


def dossier_fix_due(
    *, actor: User, dossier_id: int, due_at: datetime, reason: str, at: datetime | None = None
) -> Dossier:
    """Set the appointment by hand (administrators, with a reason): e.g. a wrong time limit."""
    at = at_or_now(at)
    reason = require_text(reason, field="reason", message=_("Give the reason for the correction."))
    _require_administrator(actor)
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, Action.FIX_DUE)
        previous = dossier.due_at
        dossier.due_at = due_at
        dossier.save()
        append_event(
            dossier, action=Action.FIX_DUE, actor=actor, at=at, from_status=dossier.status,
            comment=reason, data={"previous_due_at": iso(previous)},
        )  # fmt: skip
    return dossier
