"""Staff reminders: the morning digest, due-soon reminders and overdue alerts, each sent once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from motcua.core.models import MessageTemplate
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.notifications import notify_applicant
from motcua.dossiers.reminders import staff_reminders
from motcua.dossiers.services import ApplicantData, dossier_step_act
from motcua.dossiers.tasks import schedule_staff_reminders
from tests.factories import log_in_with_second_factor
from tests.worlds import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_specialist(world):
    """Received Monday 04/03/2019 08:00, with the specialist from 09:00 (due Tuesday 16:30)."""
    dossier = world.receive(vn(2019, 3, 4, 8))
    return dossier_step_act(
        actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 4, 9)
    )


def recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


def test_the_morning_digest_goes_once_to_whoever_has_work(world, at_specialist):
    assert staff_reminders(vn(2019, 3, 5, 7, 0)).digests == 0  # before 07:30
    sent = staff_reminders(vn(2019, 3, 5, 7, 45))
    assert sent.digests >= 1
    digest = next(m for m in mail.outbox if m.subject.startswith("Công việc ngày"))
    assert digest.to == [world.specialist.email]
    assert digest.subject.startswith("Công việc ngày 05/03/2019")
    assert "Chờ nhận xử lý: 1" in digest.body
    assert world.leader.email not in recipients()  # nothing waits for the leader
    assert staff_reminders(vn(2019, 3, 5, 8, 0)).digests == 0  # once a day, even if run again
    assert staff_reminders(vn(2019, 3, 9, 8, 0)).digests == 0  # Saturday: no digest
    digests = [m for m in mail.outbox if m.subject.startswith("Công việc ngày")]
    assert len(digests) == sent.digests


def test_a_step_due_soon_is_reminded_once_to_those_who_may_take_it(world, at_specialist):
    assert staff_reminders(vn(2019, 3, 4, 10)).due_soon == 0  # 13.5 of 14 hours left
    sent = staff_reminders(vn(2019, 3, 5, 9))  # last working day of the step: 7.5 h left
    assert sent.due_soon == 1
    reminder = next(m for m in mail.outbox if "sắp đến hạn" in m.subject)
    assert reminder.to == [world.specialist.email]
    assert at_specialist.code in reminder.subject
    assert "16:30 05/03/2019" in reminder.body
    assert staff_reminders(vn(2019, 3, 5, 10)).due_soon == 0  # not twice


def test_the_leaders_hear_of_an_overdue_step_once(world, at_specialist):
    dossier_step_act(
        actor=world.specialist, dossier_id=at_specialist.pk, action=Action.TAKE,
        at=vn(2019, 3, 4, 10),
    )  # fmt: skip
    sent = staff_reminders(vn(2019, 3, 6, 9))
    assert sent.overdue >= 1
    alerts = [m for m in mail.outbox if "quá hạn" in m.subject]
    alerted = {address for m in alerts for address in m.to}
    assert world.leader.email in alerted
    assert world.specialist.email not in alerted  # the handler is not alerted about themselves
    assert world.specialist.get_full_name() in alerts[0].body
    assert staff_reminders(vn(2019, 3, 6, 10)).overdue == 0


def test_an_administrators_wording_replaces_the_default_and_stays_plain_text(world):
    MessageTemplate.objects.create(
        key="dossiers/messages/received.txt",
        text="Đã nhận hồ sơ {{ dossier.code }} của {{ dossier.applicant_name }}\nCảm ơn.",
    )
    dossier = world.receive(
        vn(2019, 3, 4, 8), applicant=ApplicantData(name="Hợp tác xã An & Bình", email="a@b.vn")
    )
    notify_applicant(dossier.events.get(action="receive").pk)
    assert mail.outbox[-1].subject == f"Đã nhận hồ sơ {dossier.code} của Hợp tác xã An & Bình"
    assert mail.outbox[-1].body == "Cảm ơn."


def test_a_broken_wording_is_refused_in_the_admin(admin, client):
    TOTP.activate(admin, generate_totp_secret())
    log_in_with_second_factor(client, admin)
    response = client.post(
        "/admin/core/messagetemplate/add/",
        {"key": "dossiers/messages/received.txt", "text": "Hồ sơ {% if %}"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not MessageTemplate.objects.exists()
    client.post(
        "/admin/core/messagetemplate/add/", {"key": "dossiers/messages/received.txt", "text": ""}
    )
    assert "{{ dossier.code }}" in MessageTemplate.objects.get().text  # starts from the default


def test_the_worker_schedules_the_reminders_every_quarter_of_an_hour():
    periodic = schedule_staff_reminders.task_class()
    assert periodic.validate_datetime(datetime(2019, 3, 5, 1, 15, tzinfo=UTC))
    assert not periodic.validate_datetime(datetime(2019, 3, 5, 1, 7, tzinfo=UTC))
