"""The dossier's actions as one registry (no Django): for each, the states it is legal from,
the step kinds it applies to, what its form asks, whether it can be undone, whether the
applicant hears of it and sees it. Every other table is derived from `ACTIONS`; the texts
(staff and public labels) are in `labels.py`, one for each action the registry names.

Every service checks `is_legal` before it changes anything; an illegal action is refused with
a message naming the state and the action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Action(StrEnum):
    SUBMIT = "submit"  # online: the applicant confirmed the draft; the desk checks it
    RECEIVE = "receive"
    GUIDE = "guide"  # incomplete at intake: guidance to complete, not received
    REFUSE_INTAKE = "refuse_intake"
    TAKE = "take"
    FORWARD = "forward"
    SEND_BACK = "send_back"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLY = "supply"
    REFUSE = "refuse"
    APPROVE = "approve"
    SIGN = "sign"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"
    APOLOGISE = "apologise"
    RECOMPUTE_DEADLINES = "recompute_deadlines"  # the system, after a calendar change
    REASSIGN = "reassign"  # a leader moves a step to another person
    COMMENT = "comment"  # the handler or a co-handler adds an opinion
    UNDO = "undo"  # administrator corrections, each with a reason
    MOVE_TO_STEP = "move_to_step"
    FIX_DUE = "fix_due"
    RECORD_FEE = "record_fee"  # the clerk records a fee paid (how, and its reference)
    CERTIFY_SCAN = "certify_scan"  # the clerk certifies a scan as a digitised copy


DRAFT: Final = "draft"
SUBMITTED: Final = "submitted"
RECEIVED: Final = "received"
IN_PROGRESS: Final = "in_progress"
AWAITING: Final = "awaiting_supplement"
APPROVED: Final = "approved"
SIGNED: Final = "signed"
READY: Final = "ready_to_return"
RETURNED: Final = "returned"

BEFORE_SIGNATURE = frozenset({RECEIVED, IN_PROGRESS, APPROVED})
WORKING = frozenset({RECEIVED, IN_PROGRESS, APPROVED, SIGNED, READY})
OPEN = WORKING | {AWAITING}
ALL_STEP_KINDS = frozenset(
    {"receive", "assign", "process", "approve", "sign", "transfer", "payment", "return"}
)


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """Everything the engine, the screens, the API and the messages know of one action."""

    legal_from: frozenset[str] = frozenset()  # the statuses it is legal from
    step_kinds: frozenset[str] | None = None  # the step kinds it applies to; None: not a step's
    form_fields: tuple[str, ...] = ()  # what the staff page's form for it asks
    undoable: bool = False  # an administrator may undo it when it is the last action
    correction: bool = False  # an administrator's correction (with a reason)
    notifies_applicant: bool = False  # an email/SMS goes to the applicant
    public: bool = False  # shown on the applicant's tracking page


_STEP_END = ("comment", "attachments")
ACTIONS: Final[Mapping[Action, ActionSpec]] = {
    # A desk intake creates its dossier; an online one moves from the applicant's draft.
    Action.SUBMIT: ActionSpec(frozenset({DRAFT}), notifies_applicant=True, public=True),
    Action.RECEIVE: ActionSpec(frozenset({SUBMITTED}), notifies_applicant=True, public=True),
    Action.GUIDE: ActionSpec(frozenset({SUBMITTED}), notifies_applicant=True, public=True),
    Action.REFUSE_INTAKE: ActionSpec(frozenset({SUBMITTED}), notifies_applicant=True, public=True),
    Action.TAKE: ActionSpec(WORKING, ALL_STEP_KINDS, undoable=True),
    Action.FORWARD: ActionSpec(
        frozenset({RECEIVED, IN_PROGRESS, APPROVED, SIGNED}),
        frozenset({"receive", "assign", "process", "transfer", "payment"}),
        _STEP_END,
        undoable=True,
        public=True,
    ),
    Action.SEND_BACK: ActionSpec(
        frozenset({IN_PROGRESS, APPROVED, SIGNED}),
        ALL_STEP_KINDS - {"receive"},
        ("reason",),
        undoable=True,
        public=True,
    ),
    Action.REQUEST_SUPPLEMENT: ActionSpec(
        BEFORE_SIGNATURE,
        frozenset({"receive", "process", "approve"}),
        ("items", "reason"),
        notifies_applicant=True,
        public=True,
    ),
    Action.SUPPLY: ActionSpec(frozenset({AWAITING}), public=True),
    Action.REFUSE: ActionSpec(
        BEFORE_SIGNATURE,
        frozenset({"process", "approve", "sign"}),
        ("reason",),
        undoable=True,
        public=True,
    ),
    Action.APPROVE: ActionSpec(
        frozenset({IN_PROGRESS}), frozenset({"approve"}), _STEP_END, undoable=True, public=True
    ),
    Action.SIGN: ActionSpec(
        frozenset({IN_PROGRESS, APPROVED}),
        frozenset({"sign"}),
        _STEP_END,
        undoable=True,
        notifies_applicant=True,
        public=True,
    ),
    Action.RETURN_RESULT: ActionSpec(
        frozenset({READY}), frozenset({"return"}), ("collected_by",), undoable=True, public=True
    ),
    Action.WITHDRAW: ActionSpec(
        frozenset({RECEIVED, IN_PROGRESS, AWAITING, APPROVED}),
        form_fields=("reason",),
        undoable=True,
        public=True,
    ),
    Action.CANCEL: ActionSpec(OPEN, public=True),
    Action.APOLOGISE: ActionSpec(
        frozenset({RECEIVED, IN_PROGRESS, AWAITING, APPROVED}),
        notifies_applicant=True,
        public=True,
    ),
    Action.RECOMPUTE_DEADLINES: ActionSpec(),  # the system, after a calendar change
    Action.REASSIGN: ActionSpec(OPEN, undoable=True),
    Action.COMMENT: ActionSpec(OPEN),
    Action.UNDO: ActionSpec(correction=True),
    Action.MOVE_TO_STEP: ActionSpec(OPEN, correction=True),
    Action.FIX_DUE: ActionSpec(OPEN, correction=True),
    # Fees are paid at submission, during resolution or when the result is collected.
    Action.RECORD_FEE: ActionSpec(OPEN | {RETURNED}),
    Action.CERTIFY_SCAN: ActionSpec(OPEN | {RETURNED}),
}

# The tables the engine reads, each derived from the registry above.
LEGAL_FROM: Final = {action: spec.legal_from for action, spec in ACTIONS.items() if spec.legal_from}
STEP_KINDS: Final = {action: spec.step_kinds for action, spec in ACTIONS.items()}
UNDOABLE: Final = frozenset(action for action, spec in ACTIONS.items() if spec.undoable)
CORRECTIONS: Final = frozenset(action for action, spec in ACTIONS.items() if spec.correction)
APPLICANT_MESSAGES: Final = frozenset(
    action for action, spec in ACTIONS.items() if spec.notifies_applicant
)
PUBLIC: Final = frozenset(action for action, spec in ACTIONS.items() if spec.public)
FORM_FIELDS: Final = {action: spec.form_fields for action, spec in ACTIONS.items()}


def is_legal(action: Action, status: str) -> bool:
    return status in LEGAL_FROM.get(action, frozenset())


def next_status(*, action: Action, status: str, next_kind: str | None) -> str:
    """The dossier's status after a step action that moves it to a step of `next_kind`."""
    if next_kind == "return":
        return READY
    if action is Action.APPROVE:
        return APPROVED
    if action is Action.SIGN:
        return SIGNED
    if action is Action.SEND_BACK:
        return IN_PROGRESS
    # Forwarding keeps "approved"/"signed" while later steps (office review, payment) run.
    return status if status in (APPROVED, SIGNED) else IN_PROGRESS
