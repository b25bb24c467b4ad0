"""A calendar change moves the deadlines of the open dossiers it touches, through a job."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command

from motcua.catalog.models import ProcedureVersion, SupplementClockRule
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import dossier_deadlines_recompute, dossier_step_act
from motcua.dossiers.tasks import recompute_deadlines
from motcua.workcal.models import CalendarOverride, OverrideKind
from motcua.workcal.services import calendar_override_save
from tests.conftest import run_jobs
from tests.worlds import vn

pytestmark = pytest.mark.django_db(transaction=True)  # the job closes its connection


@pytest.fixture
def queue(job_queue):
    return job_queue


def test_a_new_day_off_moves_the_appointment_once_and_says_so(world, queue):
    dossier = world.receive(vn(2019, 3, 4, 8))  # due Thursday 07/03 17:00
    untouched = world.receive(vn(2019, 3, 11, 8))  # received after the changed day
    dossier = dossier_step_act(
        actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 5, 9)
    )
    step_due = dossier.current_step.due_at  # Tuesday 09:00 + 14 h → Wednesday 16:30
    assert step_due == vn(2019, 3, 6, 16, 30)
    TOTP.activate(world.admin, generate_totp_secret())
    queue.flush()  # the applicants' receipt messages are not what this test is about

    changes = calendar_override_save(
        actor=world.admin,
        override=CalendarOverride(
            day=date(2019, 3, 6), kind=OverrideKind.DAY_OFF, name="Nghỉ đột xuất",
            document_number="12/QĐ-UBND", document_date=date(2019, 3, 1),
        ),
    )  # fmt: skip
    assert [change.day for change in changes] == [date(2019, 3, 6)]
    assert queue.pending_count() == 1  # nothing moved in the request itself
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2019, 3, 7, 17, 0)

    run_jobs(queue)
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2019, 3, 8, 17, 0)
    assert dossier.current_step.due_at == vn(2019, 3, 7, 16, 30)
    event = dossier.events.get(action="recompute_deadlines")
    assert datetime.fromisoformat(event.data["previous_due_at"]) == vn(2019, 3, 7, 17, 0)
    assert event.actor is None
    untouched.refresh_from_db()
    assert untouched.events.count() == 1

    recompute_deadlines.enqueue(["2019-03-06"])  # again: nothing more moves
    run_jobs(queue)
    assert dossier.events.filter(action="recompute_deadlines").count() == 1
    out = StringIO()
    call_command("verify-dossiers", stdout=out)
    assert "0 differ" in out.getvalue()


def test_a_recompute_keeps_a_restarted_clock(world):
    """Where supplying restarts the time limit, a later recompute counts from the supply, not
    from the receipt plus the pause (which would move the appointment back)."""
    ProcedureVersion.objects.update(supplement_clock=SupplementClockRule.RESTART)
    dossier = world.awaiting_supplement()  # received Mon 04/03/2019 08:00, asked Tue 09:00
    dossier = world.supply(dossier, at=vn(2019, 3, 11, 10))  # the next Monday, 10:00
    assert dossier.due_at == vn(2019, 3, 14, 17)  # three working days from the supply
    assert dossier.events.get(action=Action.SUPPLY).data["clock_restarted"] is True
    assert dossier_deadlines_recompute(dossier_id=dossier.pk) is False
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2019, 3, 14, 17)
