"""The dossier state machine as a table (no Django): which action is legal in which state.

Every service checks `check_action` before it changes anything; an illegal action is refused
with a message naming the state and the action. Step-level rules (which step kind an action
belongs to, what the process allows) are in `step_action_error`.
"""

from __future__ import annotations

from collections.abc import Mapping
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


CORRECTIONS = frozenset({Action.UNDO, Action.MOVE_TO_STEP, Action.FIX_DUE})
# What an administrator may undo: the last action that moved the dossier.
UNDOABLE = frozenset(
    {
        Action.TAKE, Action.FORWARD, Action.SEND_BACK, Action.APPROVE, Action.SIGN,
        Action.REFUSE, Action.RETURN_RESULT, Action.WITHDRAW, Action.REASSIGN,
    }
)  # fmt: skip


DRAFT: Final = "draft"
SUBMITTED: Final = "submitted"
RECEIVED: Final = "received"
IN_PROGRESS: Final = "in_progress"
AWAITING: Final = "awaiting_supplement"
APPROVED: Final = "approved"
SIGNED: Final = "signed"
READY: Final = "ready_to_return"

BEFORE_SIGNATURE = frozenset({RECEIVED, IN_PROGRESS, APPROVED})
WORKING = frozenset({RECEIVED, IN_PROGRESS, APPROVED, SIGNED, READY})

# The statuses from which each action on a received dossier is legal.
LEGAL_FROM: Final[Mapping[Action, frozenset[str]]] = {
    # A desk intake creates its dossier; an online one moves from the applicant's draft.
    Action.SUBMIT: frozenset({DRAFT}),
    Action.RECEIVE: frozenset({SUBMITTED}),
    Action.GUIDE: frozenset({SUBMITTED}),
    Action.REFUSE_INTAKE: frozenset({SUBMITTED}),
    Action.TAKE: WORKING,
    Action.FORWARD: frozenset({RECEIVED, IN_PROGRESS, APPROVED, SIGNED}),
    Action.SEND_BACK: frozenset({IN_PROGRESS, APPROVED, SIGNED}),
    Action.REQUEST_SUPPLEMENT: BEFORE_SIGNATURE,
    Action.SUPPLY: frozenset({AWAITING}),
    Action.REFUSE: BEFORE_SIGNATURE,
    Action.APPROVE: frozenset({IN_PROGRESS}),
    Action.SIGN: frozenset({IN_PROGRESS, APPROVED}),
    Action.RETURN_RESULT: frozenset({READY}),
    Action.WITHDRAW: frozenset({RECEIVED, IN_PROGRESS, AWAITING, APPROVED}),
    Action.CANCEL: WORKING | {AWAITING},
    Action.APOLOGISE: frozenset({RECEIVED, IN_PROGRESS, AWAITING, APPROVED}),
    Action.REASSIGN: WORKING | {AWAITING},
    Action.COMMENT: WORKING | {AWAITING},
    Action.MOVE_TO_STEP: WORKING | {AWAITING},
    Action.FIX_DUE: WORKING | {AWAITING},
}

# The step kinds an action applies to (None: not an action on a step).
STEP_KINDS: Final[Mapping[Action, frozenset[str] | None]] = {
    Action.TAKE: frozenset(
        {"receive", "assign", "process", "approve", "sign", "transfer", "payment", "return"}
    ),
    Action.FORWARD: frozenset({"receive", "assign", "process", "transfer", "payment"}),
    Action.SEND_BACK: frozenset(
        {"assign", "process", "approve", "sign", "transfer", "payment", "return"}
    ),
    Action.REQUEST_SUPPLEMENT: frozenset({"receive", "process", "approve"}),
    Action.REFUSE: frozenset({"process", "approve", "sign"}),
    Action.APPROVE: frozenset({"approve"}),
    Action.SIGN: frozenset({"sign"}),
    Action.RETURN_RESULT: frozenset({"return"}),
    Action.SUPPLY: None,
    Action.SUBMIT: None,
    Action.RECEIVE: None,
    Action.GUIDE: None,
    Action.REFUSE_INTAKE: None,
    Action.WITHDRAW: None,
    Action.CANCEL: None,
    Action.APOLOGISE: None,
    Action.RECOMPUTE_DEADLINES: None,
    Action.REASSIGN: None,
    Action.COMMENT: None,
    Action.UNDO: None,
    Action.MOVE_TO_STEP: None,
    Action.FIX_DUE: None,
}


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
