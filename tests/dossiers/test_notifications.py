"""Applicants hear about receipt, supplementation and the result, once, through a job."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.notifications import send_applicant_message
from motcua.dossiers.services import ApplicantData, dossier_request_supplement, dossier_step_act
from tests.conftest import run_jobs
from tests.worlds import vn

pytestmark = pytest.mark.django_db(transaction=True)  # jobs close their connection


@pytest.fixture
def queue(job_queue, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # where the file SMS gateway writes
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return job_queue


def test_the_applicant_hears_of_receipt_and_request_by_email_and_sms(world, queue, tmp_path):
    applicant = ApplicantData(name="Nguyễn Văn An", phone="0912345678", email="an@example.vn")
    dossier = world.receive(vn(2019, 3, 4, 8), applicant=applicant)
    assert queue.pending_count() == 1
    assert not mail.outbox  # nothing is sent in the request itself
    run_jobs(queue)
    assert mail.outbox[0].subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "17:00 07/03/2019" in mail.outbox[0].body
    assert f"s={dossier.secret}" in mail.outbox[0].body
    [sms] = (tmp_path / "sms").glob("*.json")
    assert json.loads(sms.read_text())["phone"] == "0912345678"

    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 4, 9))  # fmt: skip
    dossier_request_supplement(actor=world.specialist, dossier_id=dossier.pk,
                               items=["Bản sao hộ chiếu"], reason="Thiếu giấy tờ tùy thân",
                               at=vn(2019, 3, 5, 9))  # fmt: skip
    run_jobs(queue)
    assert "Bản sao hộ chiếu" in mail.outbox[1].body
    assert len(mail.outbox) == 2  # forwarding is internal: no message


def test_a_message_is_never_sent_twice(world, queue):
    applicant = ApplicantData(name="Nguyễn Văn An", email="an@example.vn")
    dossier = world.receive(vn(2019, 3, 4, 8), applicant=applicant)
    run_jobs(queue)
    receipt_event = dossier.events.get(action="receive").pk
    send_applicant_message.enqueue(receipt_event)  # a retry after a worker restart
    run_jobs(queue)
    assert len(mail.outbox) == 1
