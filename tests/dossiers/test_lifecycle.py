"""The dossier engine through its services: intake, routing, pauses, classification, refusals."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, StepStatus
from motcua.dossiers.services import (
    AlreadyHandled,
    ApplicantData,
    dossier_apologise,
    dossier_cancel,
    dossier_guide,
    dossier_refuse_intake,
    dossier_request_supplement,
    dossier_return_result,
    dossier_send_back,
    dossier_step_act,
    dossier_supply,
    dossier_withdraw,
)
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import COMPLETE, publish, vn

pytestmark = pytest.mark.django_db

MONDAY = vn(2019, 3, 4, 8, 0)  # an ordinary week: due Thursday 07/03 at the close


def act(world, dossier, actor, action, at, **kwargs):
    return dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action, at=at, **kwargs)


def to_signature(world, dossier, *, day=5):
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 5, 10))
    return act(world, dossier, world.leader, Action.APPROVE, vn(2019, 3, day, 14))


def test_receiving_gives_code_secret_appointment_and_opens_the_first_step(world):
    dossier = world.receive(MONDAY)
    assert dossier.code == f"{world.district.desk_a.code}-190304-0001"
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", dossier.secret)
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.due_at == vn(2019, 3, 7, 17, 0)  # 3 working days, at the close
    step = dossier.current_step
    assert (step.kind, step.status, step.assignee) == ("receive", StepStatus.TAKEN, world.clerk)
    assert step.due_at == vn(2019, 3, 4, 10, 0)  # 2 working hours
    [event] = dossier.events.all()
    assert (event.action, event.to_status, event.actor) == ("receive", "received", world.clerk)
    assert dossier.components.count() == 2


def test_codes_are_consecutive_per_agency_and_day(world):
    first, second = world.receive(MONDAY), world.receive(vn(2019, 3, 4, 16))
    next_day = world.receive(vn(2019, 3, 5, 8))
    assert [d.code[-11:] for d in (first, second, next_day)] == [
        "190304-0001", "190304-0002", "190305-0001",
    ]  # fmt: skip


def test_an_incomplete_dossier_is_not_received_and_nothing_is_written(world):
    with pytest.raises(DomainError, match="Giấy xác nhận tình trạng hôn nhân"):
        world.receive(MONDAY, components=COMPLETE[:1])
    assert not Dossier.objects.exists()
    assert world.receive(MONDAY).code.endswith("-0001")  # no number was used up


def test_guidance_and_refusal_at_intake_record_what_the_slips_need(world):
    guided = dossier_guide(
        actor=world.clerk, agency=world.district.desk_a, procedure_code="1.000894",
        applicant=ApplicantData(name="Lê Thị C"), missing=["Giấy xác nhận tình trạng hôn nhân"],
        at=MONDAY,
    )  # fmt: skip
    assert (guided.status, guided.code, guided.missing_items) == (
        DossierStatus.NOT_RECEIVED, None, ["Giấy xác nhận tình trạng hôn nhân"],
    )  # fmt: skip
    with pytest.raises(DomainError):
        dossier_refuse_intake(
            actor=world.clerk, agency=world.district.desk_a, procedure_code="1.000894",
            applicant=ApplicantData(name="Lê Thị C"), reason="  ", at=MONDAY,
        )  # fmt: skip
    refused = dossier_refuse_intake(
        actor=world.clerk, agency=world.district.desk_a, procedure_code="1.000894",
        applicant=ApplicantData(name="Lê Thị C"), reason="Không thuộc thẩm quyền", at=MONDAY,
    )  # fmt: skip
    assert refused.events.get().action == "refuse_intake"


def test_only_a_clerk_of_the_agency_receives(world):
    with pytest.raises(PermissionDenied):
        world.receive(MONDAY, actor=world.specialist)
    with pytest.raises(PermissionDenied):
        world.receive(MONDAY, agency=world.district.desk_b)


def test_the_full_route_with_approval_and_signature_early(world):
    dossier = world.receive(MONDAY)
    dossier = act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    assert (dossier.status, dossier.current_step.status) == ("in_progress", StepStatus.PENDING)
    assert dossier.current_step.role == "specialist"
    dossier = act(world, dossier, world.specialist, Action.TAKE, vn(2019, 3, 4, 10))
    dossier = act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 5, 10))
    dossier = act(world, dossier, world.leader, Action.APPROVE, vn(2019, 3, 5, 14))
    assert dossier.status == DossierStatus.APPROVED
    dossier = act(world, dossier, world.chairman, Action.SIGN, vn(2019, 3, 6, 9))
    assert dossier.status == DossierStatus.READY_TO_RETURN
    assert (dossier.resolved_at, dossier.timeliness) == (vn(2019, 3, 6, 9), "early")
    dossier = dossier_return_result(
        actor=world.clerk, dossier_id=dossier.pk, collected_by="Nguyễn Văn An",
        at=vn(2019, 3, 7, 8),
    )  # fmt: skip
    assert (dossier.status, dossier.returned_at, dossier.current_step) == (
        DossierStatus.RETURNED, vn(2019, 3, 7, 8), None,
    )  # fmt: skip
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == ["receive", "forward", "take", "forward", "approve", "sign", "return_result"]
    assert dossier.steps.filter(status=StepStatus.DONE).count() == 5


@pytest.mark.parametrize(
    ("signed", "expected"),
    [
        (vn(2019, 3, 6, 16, 59), "early"),  # the day before the appointment's day
        (vn(2019, 3, 7, 8, 0), "on_time"),  # on the day
        (vn(2019, 3, 7, 17, 0), "on_time"),  # at the due instant
        (vn(2019, 3, 7, 17, 1), "late"),
        (vn(2019, 3, 8, 9, 0), "late"),
    ],
)
def test_signing_classifies_the_dossier(world, signed, expected):
    dossier = to_signature(world, world.receive(MONDAY))
    dossier = act(world, dossier, world.chairman, Action.SIGN, signed)
    assert dossier.timeliness == expected


def test_signature_before_the_leader_approval_is_refused_and_changes_nothing(world):
    dossier = world.receive(MONDAY)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    dossier = act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 5, 10))
    events = DossierEvent.objects.count()
    with pytest.raises(IllegalAction, match="ký"):
        act(world, dossier, world.leader, Action.SIGN, vn(2019, 3, 5, 11))
    with pytest.raises(PermissionDenied):
        act(world, dossier, world.specialist, Action.APPROVE, vn(2019, 3, 5, 11))
    dossier.refresh_from_db()
    assert (dossier.status, DossierEvent.objects.count()) == ("in_progress", events)


def test_an_illegal_action_names_the_state_and_the_action(world):
    dossier = world.receive(MONDAY)
    with pytest.raises(IllegalAction) as refused:
        dossier_return_result(
            actor=world.clerk, dossier_id=dossier.pk, collected_by="An", at=vn(2019, 3, 4, 9)
        )
    assert "Đã tiếp nhận" in str(refused.value.message)
    assert "trả kết quả" in str(refused.value.message)


def test_the_second_of_two_leaders_is_told_who_approved_and_when(world):
    dossier = world.receive(MONDAY)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    dossier = act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 5, 10))
    approval_step = dossier.current_step.pk
    act(world, dossier, world.leader, Action.APPROVE, vn(2019, 3, 5, 14, 5), step_id=approval_step)
    with pytest.raises(AlreadyHandled) as late:
        act(
            world, dossier, world.other_leader, Action.APPROVE, vn(2019, 3, 5, 14, 6),
            step_id=approval_step,
        )  # fmt: skip
    assert world.leader.full_name in str(late.value.message)
    assert "14:05" in str(late.value.message)
    assert dossier.events.filter(action="approve").count() == 1


def test_a_taken_step_belongs_to_its_handler(world):
    dossier = world.receive(MONDAY)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    colleague = staff(Role.SPECIALIST, world.district.justice, full_name="Cán bộ Hai")
    act(world, dossier, world.specialist, Action.TAKE, vn(2019, 3, 4, 10))
    with pytest.raises(AlreadyHandled):
        act(world, dossier, colleague, Action.FORWARD, vn(2019, 3, 4, 11))


def test_supplementation_pauses_the_clock_and_supply_resumes_it(world):
    dossier = world.receive(MONDAY)
    dossier = act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    opened = dossier.current_step  # the specialist's step: Monday 09:00 + 14 working hours
    assert opened.due_at == vn(2019, 3, 5, 16, 30)
    dossier = dossier_request_supplement(
        actor=world.specialist, dossier_id=dossier.pk, items=["Bản sao hộ chiếu"],
        reason="Thiếu giấy tờ tùy thân", at=vn(2019, 3, 5, 9),
    )  # fmt: skip
    assert (dossier.status, dossier.supplement_requests) == ("awaiting_supplement", 1)
    with pytest.raises(IllegalAction):
        act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 5, 10))
    # Paused Tuesday 09:00 → supplied Thursday 09:00: two working days stopped.
    dossier = dossier_supply(actor=world.clerk, dossier_id=dossier.pk, components=[],
                             at=vn(2019, 3, 7, 9))  # fmt: skip
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.due_at == vn(2019, 3, 11, 17, 0)  # Thursday close + 16 working hours
    assert dossier.original_due_at == vn(2019, 3, 7, 17, 0)
    opened.refresh_from_db()
    assert opened.due_at == vn(2019, 3, 7, 16, 30)  # moved by the same 16 working hours
    supply = dossier.events.get(action="supply")
    assert supply.data["paused_working_seconds"] == 16 * 3600


def test_a_second_supplementation_request_makes_the_dossier_late(world):
    dossier = world.receive(MONDAY)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    for day in (5, 6):
        dossier_request_supplement(
            actor=world.specialist, dossier_id=dossier.pk, items=["Giấy tờ"], reason="Thiếu",
            at=vn(2019, 3, day, 9),
        )  # fmt: skip
        dossier_supply(actor=world.clerk, dossier_id=dossier.pk, components=[],
                       at=vn(2019, 3, day, 10))  # fmt: skip
    dossier = act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 6, 11))
    dossier = act(world, dossier, world.leader, Action.APPROVE, vn(2019, 3, 6, 14))
    dossier = act(world, dossier, world.chairman, Action.SIGN, vn(2019, 3, 6, 15))
    assert dossier.timeliness == "late"


def test_send_back_reopens_the_earlier_step_for_its_handler(world):
    dossier = world.receive(MONDAY)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 5, 10))
    with pytest.raises(DomainError):
        dossier_send_back(actor=world.leader, dossier_id=dossier.pk, reason=" ")
    dossier = dossier_send_back(
        actor=world.leader, dossier_id=dossier.pk, reason="Thẩm định lại điều kiện",
        at=vn(2019, 3, 5, 14),
    )  # fmt: skip
    assert dossier.current_step.kind == "process"
    assert dossier.current_step.assignee == world.specialist
    assert dossier.status == DossierStatus.IN_PROGRESS


def test_refusal_withdrawal_and_cancellation_close_the_dossier(world):
    refused = world.receive(MONDAY)
    act(world, refused, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    with pytest.raises(DomainError):
        act(world, refused, world.specialist, Action.REFUSE, vn(2019, 3, 4, 10))
    refused = act(
        world, refused, world.specialist, Action.REFUSE, vn(2019, 3, 4, 10),
        comment="Không đủ điều kiện theo Điều 18",
    )  # fmt: skip
    assert (refused.status, refused.reason) == ("refused", "Không đủ điều kiện theo Điều 18")

    withdrawn = dossier_withdraw(
        actor=world.clerk, dossier_id=world.receive(MONDAY).pk, reason="Đơn xin rút hồ sơ",
        at=vn(2019, 3, 4, 11),
    )  # fmt: skip
    assert withdrawn.status == "withdrawn"

    target = world.receive(MONDAY)
    with pytest.raises(PermissionDenied):
        dossier_cancel(actor=world.clerk, dossier_id=target.pk, reason="Nhập nhầm")
    cancelled = dossier_cancel(actor=world.admin, dossier_id=target.pk, reason="Nhập nhầm")
    assert cancelled.status == "cancelled"
    assert cancelled.steps.get().status == StepStatus.CANCELLED


def test_the_apology_sets_a_new_appointment_once_and_the_dossier_stays_late(world):
    dossier = world.receive(MONDAY)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    with pytest.raises(IllegalAction):  # less than a working day before the appointment
        dossier_apologise(
            actor=world.specialist, dossier_id=dossier.pk, reason="Cần xác minh",
            new_due_at=vn(2019, 3, 12, 17), at=vn(2019, 3, 7, 9),
        )  # fmt: skip
    dossier = dossier_apologise(
        actor=world.specialist, dossier_id=dossier.pk, reason="Cần xác minh thêm",
        new_due_at=vn(2019, 3, 12, 17), at=vn(2019, 3, 5, 9),
    )  # fmt: skip
    assert dossier.new_due_at == vn(2019, 3, 12, 17)
    with pytest.raises(IllegalAction):
        dossier_apologise(
            actor=world.specialist, dossier_id=dossier.pk, reason="Lần hai",
            new_due_at=vn(2019, 3, 14, 17), at=vn(2019, 3, 5, 10),
        )  # fmt: skip
    act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 3, 8, 10))
    act(world, dossier, world.leader, Action.APPROVE, vn(2019, 3, 11, 10))
    dossier = act(world, dossier, world.chairman, Action.SIGN, vn(2019, 3, 11, 15))
    assert dossier.timeliness == "late"


# Tết 2019: Saturday 02/02 to Sunday 10/02 off (holidays package, VN). Five working days from
# Wednesday 30/01 end on Wednesday 13/02 (docs/working-time.md, the calendar issue's example).
@pytest.mark.parametrize(
    ("signed", "expected"),
    [
        (vn(2019, 2, 12, 16, 0), "early"),
        (vn(2019, 2, 13, 9, 0), "on_time"),
        (vn(2019, 2, 14, 8, 0), "late"),
    ],
)
def test_classification_across_tet(world, admin, signed, expected):
    publish(admin, day=vn(2019, 1, 1).date(), time_limit_value=Decimal(5))
    dossier = world.receive(vn(2019, 1, 30, 8, 0))
    assert dossier.due_at == vn(2019, 2, 13, 17, 0)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 1, 30, 9))
    act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 2, 11, 9))
    act(world, dossier, world.leader, Action.APPROVE, vn(2019, 2, 11, 10))
    assert act(world, dossier, world.chairman, Action.SIGN, signed).timeliness == expected


def test_a_pause_across_tet_moves_the_appointment_by_working_time_only(world, admin):
    publish(admin, day=vn(2019, 1, 1).date(), time_limit_value=Decimal(5))
    dossier = world.receive(vn(2019, 1, 30, 8, 0))
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 1, 30, 9))
    dossier_request_supplement(
        actor=world.specialist, dossier_id=dossier.pk, items=["Giấy tờ"], reason="Thiếu",
        at=vn(2019, 2, 1, 9, 0),
    )  # fmt: skip
    # Friday 01/02 09:00–17:00 (6.5 h) + Monday 11/02 07:30–09:00 (1.5 h): 8 working hours,
    # not the nine days of Tết in between.
    dossier = dossier_supply(
        actor=world.clerk, dossier_id=dossier.pk, components=[], at=vn(2019, 2, 11, 9, 0)
    )
    assert dossier.due_at == vn(2019, 2, 14, 17, 0)
    act(world, dossier, world.specialist, Action.FORWARD, vn(2019, 2, 12, 9))
    act(world, dossier, world.leader, Action.APPROVE, vn(2019, 2, 12, 10))
    assert act(world, dossier, world.chairman, Action.SIGN, vn(2019, 2, 14, 16)).timeliness == (
        "on_time"
    )


def test_an_invalid_email_is_a_clear_error_naming_the_field(world):
    with pytest.raises(DomainError) as error:
        world.receive(MONDAY, applicant=ApplicantData(name="An", email="not-an-email"))
    assert error.value.field == "applicant_email"
    assert not Dossier.objects.exists()


def test_every_action_has_its_facts_and_its_words():
    from motcua.dossiers.labels import ACTION_LABELS, PUBLIC_LABELS
    from motcua.dossiers.lifecycle import ACTIONS, PUBLIC

    assert set(ACTIONS) == set(Action)
    assert set(ACTION_LABELS) == set(Action)
    assert set(PUBLIC_LABELS) == PUBLIC  # the applicant sees exactly the public actions


def test_a_dossier_of_a_two_and_a_half_day_procedure_is_due_after_twenty_working_hours(world):
    from decimal import Decimal

    from motcua.catalog.models import ProcedureVersion

    ProcedureVersion.objects.filter(procedure__code="1.000894").update(
        time_limit_value=Decimal("2.5")
    )
    dossier = world.receive(vn(2019, 1, 30, 9))
    assert dossier.due_at == vn(2019, 2, 1, 14, 30)  # not 2 whole days (truncated), not 3


def test_the_apology_rule_is_a_working_day_of_time_left_and_a_working_new_appointment(world):
    from motcua.catalog.models import ProcedureVersion, TimeLimitUnit

    ProcedureVersion.objects.filter(procedure__code="1.000894").update(
        time_limit_value=12, time_limit_unit=TimeLimitUnit.WORKING_HOURS
    )
    # Monday 04/03/2019 10:00 + 12 working hours = Tuesday 15:30 (not a 17:00 appointment).
    dossier = world.receive(vn(2019, 3, 4, 10))
    assert dossier.due_at == vn(2019, 3, 5, 15, 30)
    act(world, dossier, world.clerk, Action.FORWARD, vn(2019, 3, 4, 10, 15))

    def apologise(at, new_due_at):
        return dossier_apologise(
            actor=world.specialist, dossier_id=dossier.pk, reason="Cần xác minh",
            new_due_at=new_due_at, at=at,
        )  # fmt: skip

    with pytest.raises(IllegalAction):  # 16:00: 7.5 working hours left, less than a day
        apologise(vn(2019, 3, 4, 16), vn(2019, 3, 8, 17))
    with pytest.raises(DomainError) as sunday:  # a Sunday is no appointment
        apologise(vn(2019, 3, 4, 10, 30), vn(2019, 3, 10, 10))
    assert sunday.value.field == "new_due_at"
    # 10:30: 11.5 working hours left — lawful, though the appointment is not at 17:00.
    assert apologise(vn(2019, 3, 4, 10, 30), vn(2019, 3, 8, 17)).new_due_at == vn(2019, 3, 8, 17)


def test_while_paused_the_apology_is_judged_against_the_time_that_remained(world):
    dossier = world.awaiting_supplement()  # due Thu 07/03 17:00, paused Tue 05/03 09:00
    # A week later the clock is still stopped with 22.5 working hours left: lawful.
    dossier = dossier_apologise(
        actor=world.specialist, dossier_id=dossier.pk, reason="Chờ bổ sung",
        new_due_at=vn(2019, 3, 20, 17), at=vn(2019, 3, 12, 9),
    )  # fmt: skip
    assert dossier.new_due_at == vn(2019, 3, 20, 17)
