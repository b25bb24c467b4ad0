"""The current state can be rebuilt from the events, for every dossier."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_request_supplement,
    dossier_return_result,
    dossier_step_act,
    dossier_supply,
    dossier_withdraw,
)
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verify-dossiers", stdout=out)
    except SystemExit as exit_status:
        return int(exit_status.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_every_dossier_rebuilds_from_its_events_and_a_silent_edit_is_caught(world):
    def step(dossier, actor, action, at):
        return dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action, at=at)

    returned = world.receive(vn(2019, 3, 4, 8))
    step(returned, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    dossier_request_supplement(
        actor=world.specialist, dossier_id=returned.pk, items=["Giấy tờ"], reason="Thiếu",
        at=vn(2019, 3, 4, 10),
    )  # fmt: skip
    dossier_supply(actor=world.clerk, dossier_id=returned.pk, components=[], at=vn(2019, 3, 5, 8))
    step(returned, world.specialist, Action.FORWARD, vn(2019, 3, 5, 9))
    step(returned, world.leader, Action.APPROVE, vn(2019, 3, 5, 10))
    step(returned, world.chairman, Action.SIGN, vn(2019, 3, 8, 10))
    dossier_return_result(
        actor=world.clerk, dossier_id=returned.pk, collected_by="An", at=vn(2019, 3, 8, 11)
    )
    paused = world.receive(vn(2019, 3, 4, 8))
    step(paused, world.clerk, Action.FORWARD, vn(2019, 3, 4, 9))
    dossier_request_supplement(
        actor=world.specialist, dossier_id=paused.pk, items=["Giấy tờ"], reason="Thiếu",
        at=vn(2019, 3, 4, 10),
    )  # fmt: skip
    dossier_withdraw(actor=world.clerk, dossier_id=world.receive(vn(2019, 3, 4, 8)).pk,
                     reason="Xin rút", at=vn(2019, 3, 4, 9))  # fmt: skip

    status, output = verify()
    assert (status, output.strip()) == (0, "3 dossiers checked, 0 differ from their events.")

    Dossier.objects.filter(pk=returned.pk).update(timeliness="early")  # a silent edit
    status, output = verify()
    assert status == 1
    assert "timeliness: stored 'early'" in output
    assert returned.code in output


def test_an_event_recorded_twice_is_flagged_and_drafts_are_not_checked(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import DossierEvent, DossierStatus
    from motcua.dossiers.online import online_draft_create
    from motcua.dossiers.services import ApplicantData

    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier = step_forward(world, dossier)
    take = dossier_step_act(
        actor=world.specialist, dossier_id=dossier.pk, action=Action.TAKE, at=vn(2019, 3, 4, 10)
    )
    event = DossierEvent.objects.get(dossier=take, action="take")
    # What two concurrent "take"s left before the engine locked the step it checks.
    event.pk, event.sequence = None, event.sequence + 1
    event.save()
    ProcedureVersion.objects.filter(procedure__code="1.000894").update(accepts_online=True)
    draft = online_draft_create(
        procedure_code="1.000894", agency_id=world.district.desk_a.pk,
        applicant=ApplicantData(name="Chưa xác nhận", email="a@example.vn"),
        files={
            1: SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", "application/pdf"),
            2: SimpleUploadedFile("b.pdf", b"%PDF-1.4 b", "application/pdf"),
        },
    )  # fmt: skip
    assert draft.status == DossierStatus.DRAFT
    status, output = verify()
    assert status == 1
    assert f"{dossier.code}: duplicate event: take twice on step" in output
    assert "1 dossiers checked, 1 differ" in output  # the unconfirmed draft is not a dossier yet


def step_forward(world, dossier):
    return dossier_step_act(
        actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 4, 9)
    )


@pytest.mark.usefixtures("hotline")
def test_events_cannot_be_edited(world):
    from motcua.dossiers.models import DossierEvent
    from motcua.petitions.models import PetitionEvent
    from motcua.petitions.services import PetitionData, petition_receive

    world.receive(vn(2019, 3, 4, 8))
    petition_receive(data=PetitionData(title="Hỏi", content="Nội dung", phone="0912345678"))
    for event in (DossierEvent.objects.first(), PetitionEvent.objects.first()):
        event.comment = "sửa lại lịch sử"
        with pytest.raises(ValueError, match="immutable"):
            event.save()


def test_the_world_walks_a_dossier_into_every_state_its_process_has(world):
    from motcua.dossiers.models import DossierStatus

    # The standard process returns right after the signature: "signed" is never left standing.
    reachable = [status for status in DossierStatus if status != DossierStatus.SIGNED]
    for wanted in reachable:
        assert world.dossier_in(wanted).status == wanted
    status, output = verify()
    assert (status, output.strip()) == (0, f"{len(reachable) - 1} dossiers checked, 0 differ "
                                            "from their events.")  # fmt: skip  # drafts: not
