"""What each action is called: by staff, and (for what the registry makes public) on the
applicant's tracking page, where only agency names appear, never a person's."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.lifecycle import Action

ACTION_LABELS: dict[Action, Promise] = {
    Action.SUBMIT: _("submitted online"),
    Action.RECEIVE: _("receive"),
    Action.GUIDE: _("guide to complete"),
    Action.REFUSE_INTAKE: _("refuse to receive"),
    Action.TAKE: _("take"),
    Action.FORWARD: _("forward"),
    Action.SEND_BACK: _("send back"),
    Action.REQUEST_SUPPLEMENT: _("request supplementation"),
    Action.SUPPLY: _("supply documents"),
    Action.REFUSE: _("refuse to resolve"),
    Action.APPROVE: _("approve"),
    Action.SIGN: _("sign"),
    Action.RETURN_RESULT: _("return the result"),
    Action.WITHDRAW: _("withdraw"),
    Action.CANCEL: _("cancel"),
    Action.APOLOGISE: _("apologise and set a new appointment"),
    Action.RECOMPUTE_DEADLINES: _("deadlines recomputed after a calendar change"),
    Action.REASSIGN: _("reassign"),
    Action.COMMENT: _("comment"),
    Action.UNDO: _("undo the last action"),
    Action.MOVE_TO_STEP: _("move to a step"),
    Action.FIX_DUE: _("fix the due instant"),
    Action.RECORD_FEE: _("record a fee paid"),
    Action.CERTIFY_SCAN: _("certify a scan as a digitised copy"),
}

PUBLIC_LABELS: dict[Action, Promise] = {
    Action.SUBMIT: _("Submitted online"),
    Action.RECEIVE: _("Received"),
    Action.GUIDE: _("Returned for completion"),
    Action.REFUSE_INTAKE: _("Not received"),
    Action.FORWARD: _("Passed on for handling"),
    Action.SEND_BACK: _("Sent back for review"),
    Action.REQUEST_SUPPLEMENT: _("Supplementation requested"),
    Action.SUPPLY: _("Documents supplied"),
    Action.APPROVE: _("Approved by the department"),
    Action.SIGN: _("Result signed"),
    Action.REFUSE: _("Refused"),
    Action.RETURN_RESULT: _("Result handed over"),
    Action.WITHDRAW: _("Withdrawn"),
    Action.CANCEL: _("Cancelled"),
    Action.APOLOGISE: _("Apology and new appointment"),
}
