"""Resolution: take, forward, approve, sign or refuse at a step; send back; return."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep, StepKind
from motcua.core.errors import DomainError
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import removed_on_failure
from motcua.dossiers.lifecycle import Action, next_status
from motcua.dossiers.models import (
    Dossier,
    DossierAttachment,
    DossierStatus,
    StepStatus,
)
from motcua.dossiers.services.engine import (
    append_event,
    at_or_now,
    finish_step,
    locked,
    process_step_after,
    require_text,
    start_step,
    step_for_action,
)
from motcua.dossiers.timing import classify


def dossier_step_act(
    *,
    actor: User,
    dossier_id: int,
    action: Action,
    step_id: int | None = None,
    comment: str = "",
    attachments: Sequence[File[Any]] = (),
    at: datetime | None = None,
) -> Dossier:
    """Take, forward, approve, sign or refuse at the current step, as the process allows.

    - take: the actor (holding the step's role in its agency) becomes its handler;
    - forward: the step is done, the next step of the process opens in its role's pool;
    - approve (department leader) and sign (signing authority) at their own steps; signing
      issues the result: its instant is the resolution instant and classifies the dossier;
    - refuse (with a reason) where the step allows it: the dossier is closed as refused.
    Files given with the action (the draft result for the leader, the signed scan) are attached
    to the step in the same transaction; a refused action keeps none of them.
    Refuses anything the state machine or the process does not allow (409, nothing changed).
    """
    at = at_or_now(at)
    if attachments and action is Action.TAKE:
        raise DomainError(_("Attach files when you finish a step."), field="attachments")
    with removed_on_failure() as saved, outermost():
        dossier, _attached = step_act_within(
            actor=actor, dossier_id=dossier_id, action=action, step_id=step_id,
            comment=comment, attachments=attachments, at=at, saved=saved,
        )  # fmt: skip
    return dossier


def step_act_within(
    *, actor: User, dossier_id: int, action: Action, step_id: int | None, comment: str,
    attachments: Sequence[File[Any]], at: datetime, saved: list[Any],
) -> tuple[Dossier, list[DossierAttachment]]:  # fmt: skip
    """The package's step action inside the caller's transaction and removed_on_failure
    (`saved`): what dossier_step_act does, for a caller that must record more in the same
    transaction (a signed result and its registry entry). Returns the attachments made."""
    dossier = locked(dossier_id, reader=actor)
    step, position = step_for_action(actor, dossier, action, step_id)
    from_status = dossier.status
    if action is Action.TAKE:
        step.assignee = actor
        step.status = StepStatus.TAKEN
        step.save(update_fields=["assignee", "status"])
    elif action is Action.REFUSE:
        comment = require_text(
            comment, field="comment", message=_("Give the reason for the refusal.")
        )
        finish_step(step, actor=actor, action=action, at=at, comment=comment)
        dossier.status = DossierStatus.REFUSED
        dossier.reason = comment
        dossier.current_step = None
        dossier.closed_at = at
    else:
        finish_step(step, actor=actor, action=action, at=at, comment=comment)
        if action is Action.SIGN:
            dossier.resolved_at = at
            dossier.timeliness = classify(
                finished_at=at,
                due_at=dossier.due_at,
                supplement_requests=dossier.supplement_requests,
            )
        following = process_step_after(step)
        dossier.status = next_status(
            action=action,
            status=dossier.status,
            next_kind=following.kind if following else None,
        )
        if following is None:
            dossier.current_step = None
        else:
            start_step(dossier, following, at=at)
    dossier.save()
    names, made = [], []
    for file in attachments:
        attachment = DossierAttachment(
            dossier=dossier, step=step, name=normalize_text(file.name or "")[:255],
            file=file, uploaded_by=actor, uploaded_at=at,
        )  # fmt: skip
        attachment.save()
        saved.append(attachment.file)
        names.append(attachment.name)
        made.append(attachment)
    append_event(
        dossier, action=action, actor=actor, at=at, from_status=from_status, step=step,
        position=position, comment=comment, data={"attachments": names} if names else None,
    )  # fmt: skip
    return dossier, made


def dossier_send_back(
    *,
    actor: User,
    dossier_id: int,
    reason: str,
    to_position: int | None = None,
    step_id: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Send the dossier back to an earlier step (the previous one by default), with a reason.

    The earlier step opens again for whoever handled it before.
    """
    at = at_or_now(at)
    reason = require_text(reason, field="reason", message=_("Say why the dossier goes back."))
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        step, position = step_for_action(actor, dossier, Action.SEND_BACK, step_id)
        earlier = ProcessStep.objects.filter(
            process_id=step.process_step.process_id, position__lt=step.position
        )
        target = (
            earlier.filter(position=to_position).first()
            if to_position is not None
            else earlier.order_by("-position").first()
        )
        if target is None:
            raise DomainError(_("There is no such earlier step."), field="to_position")
        previous_handler = (
            dossier.steps.filter(process_step=target, finished_by__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_by", flat=True)
            .first()
        )
        from_status = dossier.status
        finish_step(step, actor=actor, action=Action.SEND_BACK, at=at, comment=reason)
        start_step(
            dossier,
            target,
            at=at,
            assignee=User.objects.filter(pk=previous_handler).first() if previous_handler else None,
        )
        dossier.status = next_status(
            action=Action.SEND_BACK, status=dossier.status, next_kind=target.kind
        )
        if target.kind == StepKind.RECEIVE:
            dossier.status = DossierStatus.RECEIVED
        dossier.save()
        append_event(
            dossier, action=Action.SEND_BACK, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=reason, data={"to_position": target.position},
        )  # fmt: skip
    return dossier


def dossier_return_result(
    *,
    actor: User,
    dossier_id: int,
    collected_by: str,
    step_id: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Hand the result over at the desk: who collected it, when. The dossier is closed."""
    at = at_or_now(at)
    collected_by = require_text(
        collected_by, field="collected_by", message=_("Record who collected the result.")
    )
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        step, position = step_for_action(actor, dossier, Action.RETURN_RESULT, step_id)
        from_status = dossier.status
        finish_step(step, actor=actor, action=Action.RETURN_RESULT, at=at, comment=collected_by)
        dossier.status = DossierStatus.RETURNED
        dossier.returned_at = dossier.closed_at = at
        dossier.collected_by = normalize_text(collected_by)
        dossier.current_step = None
        dossier.save()
        append_event(
            dossier, action=Action.RETURN_RESULT, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=collected_by,
        )  # fmt: skip
    return dossier
