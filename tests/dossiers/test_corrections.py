"""Reassignment, comments and administrator corrections: each with a reason and its own event."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStatus, StepStatus
from motcua.dossiers.services import (
    dossier_comment,
    dossier_fix_due,
    dossier_move_to_step,
    dossier_reassign,
    dossier_step_act,
    dossier_undo_last,
)
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def at_specialist(world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    return dossier_step_act(
        actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 4, 9)
    )


def verified() -> bool:
    out = StringIO()
    call_command("verify-dossiers", stdout=out)
    return "0 differ" in out.getvalue()


def test_a_leader_reassigns_a_step_with_co_handlers_who_may_comment(world):
    dossier = at_specialist(world)
    second = staff(Role.SPECIALIST, world.district.justice, full_name="Cán bộ Hai")
    helper = staff(Role.SPECIALIST, world.district.justice, full_name="Cán bộ Ba")
    with pytest.raises(PermissionDenied):
        dossier_reassign(actor=world.specialist, dossier_id=dossier.pk, to_user=second, reason="x")
    with pytest.raises(DomainError):  # the clerk is not a specialist of the department
        dossier_reassign(actor=world.leader, dossier_id=dossier.pk, to_user=world.clerk,
                         reason="Phân công lại")  # fmt: skip
    dossier_reassign(
        actor=world.leader, dossier_id=dossier.pk, to_user=second, co_handlers=[helper],
        reason="Cán bộ thụ lý nghỉ phép",
    )  # fmt: skip
    dossier.refresh_from_db()
    assert (dossier.current_step.assignee, dossier.current_step.status) == (second, "taken")
    dossier_comment(actor=helper, dossier_id=dossier.pk, text="Đã kiểm tra hộ chiếu")
    with pytest.raises(PermissionDenied):
        dossier_comment(actor=world.specialist, dossier_id=dossier.pk, text="Tôi không còn thụ lý")
    assert list(dossier.events.values_list("action", flat=True))[-2:] == ["reassign", "comment"]


def test_undo_reopens_the_step_and_restores_the_state_from_the_events(world):
    dossier = at_specialist(world)
    dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 5, 9))  # fmt: skip
    with pytest.raises(PermissionDenied):
        dossier_undo_last(actor=world.leader, dossier_id=dossier.pk, reason="Chuyển nhầm")
    with pytest.raises(DomainError):
        dossier_undo_last(actor=world.admin, dossier_id=dossier.pk, reason="")
    dossier = dossier_undo_last(actor=world.admin, dossier_id=dossier.pk, reason="Chuyển nhầm")
    step = dossier.current_step
    assert (step.kind, step.status, step.assignee) == (
        "process",
        StepStatus.TAKEN,
        world.specialist,
    )
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.steps.filter(kind="approve").get().status == StepStatus.CANCELLED
    assert dossier.events.last().data["undone"] == 3
    assert verified()
    # The specialist can forward again; undoing an undo is not an undo.
    dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 5, 10))  # fmt: skip


def test_undo_of_a_signature_clears_the_result_and_its_class(world):
    dossier = at_specialist(world)
    for actor, action in ((world.specialist, Action.FORWARD), (world.leader, Action.APPROVE),
                          (world.chairman, Action.SIGN)):  # fmt: skip
        dossier = dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action,
                                   at=vn(2019, 3, 5, 9))  # fmt: skip
    assert dossier.timeliness == "early"
    dossier = dossier_undo_last(actor=world.admin, dossier_id=dossier.pk, reason="Ký nhầm hồ sơ")
    assert (dossier.status, dossier.resolved_at, dossier.timeliness) == ("approved", None, "")
    assert dossier.current_step.kind == "sign"
    assert verified()


def test_move_to_step_and_fix_due_are_administrator_corrections_with_events(world):
    dossier = at_specialist(world)
    with pytest.raises(DomainError):
        dossier_move_to_step(actor=world.admin, dossier_id=dossier.pk, position=9, reason="x")
    dossier = dossier_move_to_step(
        actor=world.admin, dossier_id=dossier.pk, position=4, reason="Đã thẩm định trên giấy"
    )
    assert dossier.current_step.kind == "sign"
    with pytest.raises(PermissionDenied):
        dossier_fix_due(actor=world.clerk, dossier_id=dossier.pk, due_at=vn(2019, 3, 8, 17),
                        reason="Sai thời hạn")  # fmt: skip
    dossier = dossier_fix_due(
        actor=world.admin, dossier_id=dossier.pk, due_at=vn(2019, 3, 8, 17), reason="Sai thời hạn"
    )
    assert dossier.due_at == vn(2019, 3, 8, 17)
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions[-2:] == ["move_to_step", "fix_due"]
    with pytest.raises(IllegalAction):  # a correction is not undone by "undo"
        dossier_undo_last(actor=world.admin, dossier_id=dossier.pk, reason="Hoàn tác")
    assert verified()
