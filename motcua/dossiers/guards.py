"""May this person do this action at the dossier's open step now? One rule for the buttons a
page shows (selectors.available_actions) and the refusal a service gives (services.engine)."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.dossiers.labels import ACTION_LABELS
from motcua.dossiers.lifecycle import STEP_KINDS, Action, is_legal
from motcua.dossiers.models import Dossier
from motcua.org.models import Role


class AlreadyHandled(IllegalAction):
    code = "already_handled"


def action_label(action: Action) -> str:
    return str(ACTION_LABELS[action])


# The process's switch each action needs at a step (catalog.ProcessStep), and the refusal.
PROCESS_SWITCHES: dict[Action, str] = {
    Action.FORWARD: "can_forward",
    Action.REFUSE: "can_refuse",
    Action.SEND_BACK: "can_send_back",
    Action.REQUEST_SUPPLEMENT: "can_request_supplement",
}
# The actions on a step the staff pages offer, in the order of their buttons.
STEP_BUTTONS = (
    Action.TAKE, Action.FORWARD, Action.APPROVE, Action.SIGN, Action.RETURN_RESULT,
    Action.SEND_BACK, Action.REQUEST_SUPPLEMENT, Action.REFUSE,
)  # fmt: skip


def illegal_in_state(dossier: Dossier, action: Action) -> IllegalAction | None:
    if is_legal(action, dossier.status):
        return None
    return IllegalAction(
        _("A dossier that is “%(status)s” cannot be subject to “%(action)s”.")
        % {"status": dossier.get_status_display(), "action": action_label(action)}
    )


def step_action_refusal(
    action: Action, dossier: Dossier, *, actor_id: int, held: Collection[tuple[int, str]]
) -> DomainError | None:
    """Why the person (`actor_id`, holding these (agency id, role) positions) may not do
    `action` at the dossier's open step now; None when they may. Checked in this order: the
    dossier's state, an open step of a kind the action belongs to, the step's role and agency,
    its handler, what the process allows."""
    refusal = illegal_in_state(dossier, action)
    if refusal is not None:
        return refusal
    step = dossier.current_step
    if step is None or not step.is_open:
        return IllegalAction(_("The dossier has no open step."))
    kinds = STEP_KINDS.get(action)
    if kinds is not None and step.kind not in kinds:
        return IllegalAction(
            _("“%(action)s” is not possible at the step “%(step)s”.")
            % {"action": action_label(action), "step": step.process_step.name}
        )
    if (step.agency_id, step.role) not in held:
        return PermissionDenied(
            _("This step is for the %(role)s of %(agency)s.")
            % {"role": Role(step.role).label, "agency": step.agency.name}
        )
    if step.assignee_id is not None and step.assignee_id != actor_id:
        assert step.assignee is not None
        return AlreadyHandled(
            _("This step is being handled by %(name)s.") % {"name": step.assignee.get_full_name()}
        )
    if action is Action.TAKE and step.assignee_id is not None:
        return AlreadyHandled(_("You are already handling this step."))
    switch = PROCESS_SWITCHES.get(action)
    if switch is not None and not getattr(step.process_step, switch):
        return IllegalAction(
            _("The process does not allow “%(action)s” at this step.")
            % {"action": action_label(action)}
        )
    return None
