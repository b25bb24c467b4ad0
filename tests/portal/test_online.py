"""Online submission: the form with files, the one-time code, the desk's check."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.notifications import notify_applicant
from motcua.dossiers.online import MAX_ATTEMPTS, drafts_purge
from motcua.workcal.calendar import to_local
from tests.portal.conftest import fill_in, scan, submit_online

pytestmark = pytest.mark.django_db


def test_submitting_online_gives_a_code_and_a_secret_and_reaches_the_desk(client, world):
    page = client.get(reverse("portal-procedure", args=["1.000894"])).content.decode()
    assert reverse("portal-submit", args=["1.000894"]) in page
    dossier = submit_online(client, world)
    assert (dossier.status, dossier.channel) == (DossierStatus.SUBMITTED, "online")
    # No dossier code before the receipt (codes are gap-free among received dossiers): the
    # submission has its reference, which the applicant tracks it by.
    assert dossier.code is None
    assert re.fullmatch(r"NOP-\d{6}-[A-Z2-9]{8}", dossier.reference or "")
    assert dossier.received_at is None  # the clock starts when the desk receives it
    assert [e.action for e in dossier.events.all()] == ["submit"]
    assert dossier.components.exclude(file="").count() == 2

    clerk = client.__class__()
    clerk.force_login(world.clerk)
    desk = clerk.get(reverse("staff-desk")).content.decode()
    assert dossier.reference in desk
    assert "Phạm Thị Hoa" in desk
    page = clerk.get(reverse("staff-dossier", args=[dossier.reference])).content.decode()
    assert reverse("staff-online-check", args=[dossier.reference]) in page
    clerk.post(reverse("staff-online-check", args=[dossier.reference]), {"outcome": "receive"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.received_at is not None
    assert dossier.due_at is not None
    assert dossier.due_at > dossier.received_at
    assert (
        # Received today: the 2025 regime's code, with the agency's electronic identifier.
        dossier.code
        == f"{world.district.desk_a.electronic_id}-{to_local(dossier.received_at):%y%m%d}-000001"
    )
    assert dossier.current_step.kind == "receive"
    assert [e.action for e in dossier.events.all()] == ["submit", "receive"]


def test_a_guided_submission_uses_up_no_code_and_the_reference_still_tracks(client, world):
    guided, received = submit_online(client, world), submit_online(client, world)
    clerk = client.__class__()
    clerk.force_login(world.clerk)
    clerk.post(reverse("staff-online-check", args=[guided.reference]),
               {"outcome": "guide", "missing": "Tờ khai"})  # fmt: skip
    clerk.post(reverse("staff-online-check", args=[received.reference]), {"outcome": "receive"})
    guided.refresh_from_db()
    received.refresh_from_db()
    assert guided.code is None
    assert received.code.endswith("-000001")  # the guided one took no number
    for handle in (received.reference, received.code):
        page = client.get(reverse("portal-track-dossier", args=[handle]), {"s": received.secret})
        assert page.status_code == 200
        assert "Đã tiếp nhận" in page.content.decode()


def test_the_desk_returns_an_online_dossier_for_completion(client, world):
    dossier = submit_online(client, world)
    client.force_login(world.clerk)
    client.post(
        reverse("staff-online-check", args=[dossier.reference]),
        {"outcome": "guide", "missing": "Bản dịch hộ chiếu có chứng thực"},
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.missing_items) == (
        DossierStatus.NOT_RECEIVED, ["Bản dịch hộ chiếu có chứng thực"],
    )  # fmt: skip
    assert notify_applicant(dossier.events.get(action="guide").pk) == ["email", "sms"]
    assert "Bản dịch hộ chiếu có chứng thực" in mail.outbox[-1].body


def test_a_wrong_code_is_counted_and_the_draft_locks(client, world, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # where the file SMS gateway writes
    response = fill_in(client, world)
    confirm = response["Location"]
    page = client.get(confirm).content.decode()
    assert "*******321" in page  # sent at once, by SMS as a phone was given; the number masked
    first = client.post(confirm, {"code": "000000"}, follow=True).content.decode()
    assert f"còn {MAX_ATTEMPTS - 1} lần" in first
    for _attempt in range(MAX_ATTEMPTS - 1):
        client.post(confirm, {"code": "000000"})
    [sms] = sorted((tmp_path / "sms").glob("*.json"))
    code = re.search(r"\b(\d{6})\b", json.loads(sms.read_text())["text"]).group(1)
    locked = client.post(confirm, {"code": code}, follow=True).content.decode()
    assert "Nhập sai mã quá nhiều lần" in locked  # even the right code, once locked
    assert Dossier.objects.get().status == DossierStatus.DRAFT
    client.post(confirm, {"send": "sms"})  # a new code unlocks it
    newest = sorted((tmp_path / "sms").glob("*.json"))[-1]
    code = re.search(r"\b(\d{6})\b", json.loads(newest.read_text())["text"]).group(1)
    client.post(confirm, {"code": code})
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_only_the_browser_that_started_a_draft_may_confirm_it(client, world):
    response = fill_in(client, world)
    stranger = client.__class__()
    assert stranger.get(response["Location"]).status_code == 404
    staff_page = client.__class__()
    staff_page.force_login(world.clerk)
    assert "Phạm Thị Hoa" not in staff_page.get(reverse("staff-dossiers")).content.decode()


def test_an_expired_code_is_refused(client, world, settings):
    response = fill_in(client, world)
    client.post(response["Location"], {"send": "email"})
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    draft = Dossier.objects.get()
    draft.confirmation.expires_at = timezone.now() - timedelta(seconds=1)
    draft.confirmation.save()
    page = client.post(response["Location"], {"code": code}, follow=True).content.decode()
    assert "Mã xác nhận đã hết hạn" in page
    assert Dossier.objects.get().status == DossierStatus.DRAFT


@pytest.mark.parametrize(
    ("upload", "field"),
    [
        (SimpleUploadedFile("to-khai.pdf", b"<script>alert(1)</script>", "application/pdf"), "1"),
        (SimpleUploadedFile("to-khai.exe", b"MZ\x90\x00", "application/pdf"), "1"),
        (scan(content=b"%PDF-" + b"0" * (20 * 1024 * 1024)), "2"),
    ],
    ids=["html-named-pdf", "executable", "over-20-MB"],
)
def test_wrong_type_and_oversized_files_are_refused_and_nothing_is_kept(
    client, world, upload, field, settings
):
    response = fill_in(client, world, **{f"file-{field}": upload})
    assert response.status_code == 200
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists()
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT).rglob("*"))


def test_a_missing_document_or_contact_is_named(client, world):
    page = fill_in(client, world, **{"file-2": None}).content.decode()
    assert "Giấy xác nhận tình trạng hôn nhân" in page
    page = fill_in(client, world, email="", phone="").content.decode()
    assert "mã xác nhận" in page  # asked on the contact page, before any file is sent
    assert not Dossier.objects.exists()


def test_drafts_never_confirmed_are_purged_after_a_day(client, world, settings):
    fill_in(client, world)
    assert drafts_purge(now=timezone.now() + timedelta(hours=23)) == 0
    assert drafts_purge(now=timezone.now() + timedelta(hours=25)) == 1
    assert not Dossier.objects.exists()
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT).rglob("*"))


def test_one_address_cannot_flood_a_phone_with_codes_across_drafts(
    client, world, settings, rate_window
):
    settings.MOTCUA_SMS_BACKEND = "motcua.core.messaging.FileSmsGateway"
    sms_dir = settings.VAR_DIR / "sms"
    before = len(list(sms_dir.glob("*"))) if sms_dir.exists() else 0
    answers = []
    for _draft in range(6):  # a new draft each time: the per-draft cap (3) is not the limit
        page = fill_in(client, world, phone="0911000111", email="")
        assert page.status_code == 302
        for _send in range(3):
            answer = client.post(page["Location"], {"send": "sms"}, follow=True)
            answers.append([str(m) for m in answer.context["messages"]])
    sent = len(list(sms_dir.glob("*"))) - before
    assert sent == settings.MOTCUA_CODE_SENDS_PER_HOUR["recipient"]  # 5, not 18
    assert answers[-1] == ["Đã gửi quá nhiều mã. Vui lòng thử lại sau một giờ."]


def test_the_address_limit_holds_whatever_the_recipients(client, world, settings, rate_window):
    settings.MOTCUA_CODE_SENDS_PER_HOUR = {"address": 4, "recipient": 5}
    refused = 0
    for number in range(6):
        answer = fill_in(  # the first code goes out with the documents
            client, world, email=f"nguoi{number}@example.vn", phone="", follow=True
        )
        refused += any("quá nhiều mã" in str(m) for m in answer.context["messages"])
    assert len(mail.outbox) == 4
    assert refused == 2
