"""The dossier lifecycle, by concept: intake, resolution, supplementation, closing, deadlines,
assignment, administrator corrections, and one entry for every action (`dossier_act`).

`engine` is what they share (locking, events, steps, guards); `codes` numbers dossiers. Callers
outside the package use the services named here.
"""

from motcua.dossiers.guards import AlreadyHandled, action_label
from motcua.dossiers.services.actions import STEP_ACTIONS, ActionInput, dossier_act
from motcua.dossiers.services.assignment import dossier_comment, dossier_reassign
from motcua.dossiers.services.closing import dossier_apologise, dossier_cancel, dossier_withdraw
from motcua.dossiers.services.corrections import (
    dossier_fix_due,
    dossier_move_to_step,
    dossier_undo_last,
)
from motcua.dossiers.services.deadlines import dossier_deadlines_recompute, dossiers_affected_by
from motcua.dossiers.services.digitised import component_certify
from motcua.dossiers.services.engine import (
    ApplicantData,
    ComponentReceived,
    missing_components,
    procedure_time_limit,
    version_in_force,
)
from motcua.dossiers.services.fees import dossier_fee_record
from motcua.dossiers.services.intake import (
    dossier_guide,
    dossier_receive,
    dossier_refuse_intake,
    start_resolution,
)
from motcua.dossiers.services.resolution import (
    dossier_return_result,
    dossier_send_back,
    dossier_step_act,
    step_act_within,
)
from motcua.dossiers.services.supplementation import dossier_request_supplement, dossier_supply

__all__ = [
    "STEP_ACTIONS",
    "ActionInput",
    "AlreadyHandled",
    "ApplicantData",
    "ComponentReceived",
    "action_label",
    "component_certify",
    "dossier_act",
    "dossier_apologise",
    "dossier_cancel",
    "dossier_comment",
    "dossier_deadlines_recompute",
    "dossier_fee_record",
    "dossier_fix_due",
    "dossier_guide",
    "dossier_move_to_step",
    "dossier_reassign",
    "dossier_receive",
    "dossier_refuse_intake",
    "dossier_request_supplement",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_step_act",
    "dossier_supply",
    "dossier_undo_last",
    "dossier_withdraw",
    "dossiers_affected_by",
    "missing_components",
    "procedure_time_limit",
    "start_resolution",
    "step_act_within",
    "version_in_force",
]
