"""Who handles a step: reassignment by a leader, and comments by the handlers."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.core.transactions import outermost
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierStep, StepStatus
from motcua.dossiers.services.engine import (
    append_event,
    at_or_now,
    held_position,
    locked,
    position_for,
    refuse_illegal,
    require_text,
)
from motcua.org.access import check_organisation_admin
from motcua.org.models import Role
from motcua.org.selectors import active_positions, agency_in_force, agency_subtree_ids


def dossier_reassign(
    *,
    actor: User,
    dossier_id: int,
    to_user: User,
    reason: str,
    co_handlers: list[User] | None = None,
    at: datetime | None = None,
) -> Dossier:
    """A leader over the step's agency gives the open step to another person (main handler),
    optionally with co-handlers who may comment. Both must hold the step's role there."""
    at = at_or_now(at)
    reason = require_text(reason, field="reason", message=_("Say why the step is reassigned."))
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, Action.REASSIGN)
        step = dossier.current_step
        if step is None or not step.is_open:
            raise IllegalAction(_("The dossier has no open step."))
        position = next(
            (
                p
                for p in active_positions().filter(
                    user=actor, role__in=[Role.DEPARTMENT_LEADER, Role.CENTRE_MANAGER]
                )
                if step.agency_id in agency_subtree_ids([p.agency_id])
            ),
            None,
        )
        if position is None:
            raise PermissionDenied(
                _("Only a leader over %(agency)s may reassign its steps.")
                % {"agency": step.agency.name}
            )
        for person in [to_user, *(co_handlers or [])]:
            if position_for(person, role=step.role, agency_id=step.agency_id) is None:
                raise DomainError(
                    _("%(name)s is not %(role)s in %(agency)s.")
                    % {"name": person.get_full_name(), "role": Role(step.role).label,
                       "agency": step.agency.name},
                    field="to_user",
                )  # fmt: skip
        previous = step.assignee_id
        step.assignee = to_user
        step.status = StepStatus.TAKEN
        step.save(update_fields=["assignee", "status"])
        step.co_handlers.set(co_handlers or [])
        append_event(
            dossier, action=Action.REASSIGN, actor=actor, at=at, from_status=dossier.status,
            step=step, position=position, comment=reason,
            data={"from_user": previous, "to_user": to_user.pk,
                  "co_handlers": [u.pk for u in co_handlers or []]},
        )  # fmt: skip
    return dossier


def dossier_comment(
    *, actor: User, dossier_id: int, text: str, at: datetime | None = None
) -> Dossier:
    """The open step's handler or one of its co-handlers records an opinion."""
    at = at_or_now(at)
    text = require_text(text, field="comment", message=_("Write the comment."))
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        refuse_illegal(dossier, Action.COMMENT)
        step = dossier.current_step
        allowed = step is not None and (
            step.assignee_id == actor.pk or step.co_handlers.filter(pk=actor.pk).exists()
        )
        if not allowed or step is None:
            raise PermissionDenied(_("Only the step's handler and co-handlers may comment."))
        append_event(
            dossier, action=Action.COMMENT, actor=actor, at=at, from_status=dossier.status,
            step=step, position=held_position(actor, role=step.role, agency_id=step.agency_id),
            comment=text,
        )  # fmt: skip
    return dossier


def open_steps_move(*, actor: User, on: date) -> int:
    """After a merger — a handler of settings.MOTCUA_MERGE_HANDLERS, in the merger's own
    transaction — the open steps of the agencies that ended before `on` go to their successors
    in force: a handler who holds the step's role there keeps it, otherwise the step waits for
    the successor's staff. One REASSIGN event per dossier says from which agency to which;
    returns how many steps moved."""
    check_organisation_admin(actor)
    at = timezone.now()
    moved = 0
    open_steps = DossierStep.objects.filter(
        finished_at__isnull=True,
        agency__valid_to__lt=on,
        agency__successor__isnull=False,
        dossier__current_step=F("pk"),
    ).values_list("dossier_id", flat=True)
    for dossier_id in list(open_steps):
        dossier = locked(dossier_id, reader=None)
        step = dossier.current_step
        ended = step.agency.valid_to if step is not None else None
        if step is None or not step.is_open or ended is None or ended >= on:
            continue  # finished or moved while we waited for the lock
        successor = agency_in_force(step.agency, on)
        previous = step.agency
        keeps = step.assignee is not None and (
            position_for(step.assignee, role=step.role, agency_id=successor.pk) is not None
        )
        step.agency = successor
        if not keeps:
            step.assignee, step.status = None, StepStatus.PENDING
        step.save(update_fields=["agency", "assignee", "status"])
        append_event(
            dossier, action=Action.REASSIGN, actor=actor, at=at, from_status=dossier.status,
            step=step,
            comment=_("Handed over on the merger: %(from)s → %(to)s.")
            % {"from": previous.name, "to": successor.name},
            data={"from_agency": previous.pk, "to_agency": successor.pk,
                  "to_user": step.assignee_id},
        )  # fmt: skip
        moved += 1
    return moved
