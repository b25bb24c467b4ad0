"""One entry for every action (the API and the staff pages call it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Dossier,
)
from motcua.dossiers.services.assignment import dossier_comment, dossier_reassign
from motcua.dossiers.services.closing import dossier_apologise, dossier_cancel, dossier_withdraw
from motcua.dossiers.services.corrections import (
    dossier_fix_due,
    dossier_move_to_step,
    dossier_undo_last,
)
from motcua.dossiers.services.resolution import (
    dossier_return_result,
    dossier_send_back,
    dossier_step_act,
)
from motcua.dossiers.services.supplementation import dossier_request_supplement, dossier_supply


@dataclass(frozen=True, slots=True)
class ActionInput:
    """What a person may give with an action; each action reads the fields it needs."""

    step_id: int | None = None
    comment: str = ""
    reason: str = ""
    items: tuple[str, ...] = ()
    collected_by: str = ""
    to_position: int | None = None
    new_due_at: datetime | None = None
    to_user: User | None = None
    co_handlers: tuple[User, ...] = ()
    position: int | None = None
    due_at: datetime | None = None
    attachments: tuple[File[Any], ...] = ()


STEP_ACTIONS = frozenset({Action.TAKE, Action.FORWARD, Action.APPROVE, Action.SIGN, Action.REFUSE})


def dossier_act(*, actor: User, dossier_id: int, action: Action, data: ActionInput) -> Dossier:
    """Carry out any action on a received dossier with the matching service (see each one)."""
    common: dict[str, Any] = {"actor": actor, "dossier_id": dossier_id}
    if action in STEP_ACTIONS:
        return dossier_step_act(
            **common, action=action, step_id=data.step_id, comment=data.comment or data.reason,
            attachments=data.attachments,
        )  # fmt: skip
    if action is Action.SEND_BACK:
        return dossier_send_back(
            **common, reason=data.reason or data.comment, to_position=data.to_position,
            step_id=data.step_id,
        )  # fmt: skip
    if action is Action.REQUEST_SUPPLEMENT:
        return dossier_request_supplement(
            **common, items=list(data.items), reason=data.reason or data.comment,
            step_id=data.step_id,
        )  # fmt: skip
    if action is Action.SUPPLY:
        return dossier_supply(**common, components=[])
    if action is Action.RETURN_RESULT:
        return dossier_return_result(**common, collected_by=data.collected_by, step_id=data.step_id)
    if action is Action.WITHDRAW:
        return dossier_withdraw(**common, reason=data.reason or data.comment)
    if action is Action.CANCEL:
        return dossier_cancel(**common, reason=data.reason or data.comment)
    if action is Action.APOLOGISE:
        if data.new_due_at is None:
            raise DomainError(_("Give the new appointment."), field="new_due_at")
        return dossier_apologise(**common, reason=data.reason, new_due_at=data.new_due_at)
    if action is Action.REASSIGN:
        if data.to_user is None:
            raise DomainError(_("No active user has this username."), field="to_user")
        return dossier_reassign(
            **common, to_user=data.to_user, reason=data.reason,
            co_handlers=list(data.co_handlers),
        )  # fmt: skip
    if action is Action.COMMENT:
        return dossier_comment(**common, text=data.comment)
    if action is Action.UNDO:
        return dossier_undo_last(**common, reason=data.reason)
    if action is Action.MOVE_TO_STEP:
        if data.position is None:
            raise DomainError(_("Give the step's position."), field="position")
        return dossier_move_to_step(**common, position=data.position, reason=data.reason)
    if action is Action.FIX_DUE:
        if data.due_at is None:
            raise DomainError(_("Give the new due instant."), field="due_at")
        return dossier_fix_due(**common, due_at=data.due_at, reason=data.reason)
    raise NotFound
