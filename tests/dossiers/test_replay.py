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
from tests.dossiers.conftest import vn

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
