"""Files staff attach to a step: the draft result the leader reads before approving."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.errors import PermissionDenied
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierAttachment
from motcua.dossiers.services import dossier_step_act
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db

DRAFT = b"%PDF-1.7 giay chung nhan ket hon (du thao)"


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_the_leader_sees_and_opens_the_draft_result_the_specialist_attached(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier = dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
    client.force_login(world.specialist)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="attachments"' in page
    client.post(
        reverse("staff-dossier-act", args=[dossier.code]),
        {"action": "forward", "step": dossier.current_step_id, "comment": "Đủ điều kiện",
         "attachments": SimpleUploadedFile("du-thao.pdf", DRAFT, "application/pdf")},
    )  # fmt: skip
    attachment = DossierAttachment.objects.get()
    assert (attachment.name, attachment.step.kind) == ("du-thao.pdf", "process")
    event = dossier.events.get(action="forward", step=attachment.step)
    assert event.data["attachments"] == ["du-thao.pdf"]

    client.force_login(world.leader)
    approvals = client.get(reverse("staff-approvals")).content.decode()
    link = reverse("staff-dossier-file", args=[dossier.code, "attachment", attachment.pk])
    assert link in approvals
    download = client.get(link)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == DRAFT

    client.force_login(staff(Role.SPECIALIST, world.district.desk_b))  # another agency
    assert client.get(link).status_code == 404


def test_a_disguised_file_is_refused_and_the_step_stays_open(client, world, settings):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier = dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
    client.force_login(world.specialist)
    fake = SimpleUploadedFile("du-thao.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(
        reverse("staff-dossier-act", args=[dossier.code]),
        {"action": "forward", "step": dossier.current_step_id, "attachments": fake},
        follow=True,
    )
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.current_step.kind == "process"  # not forwarded
    assert not DossierAttachment.objects.exists()
    assert stored_files(settings) == []


def test_a_refused_action_keeps_none_of_its_files(world, settings):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier = dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
    with pytest.raises(PermissionDenied):  # the leader does not hold the specialist's step
        dossier_step_act(
            actor=world.leader, dossier_id=dossier.pk, action=Action.FORWARD,
            attachments=[SimpleUploadedFile("du-thao.pdf", DRAFT, "application/pdf")],
        )  # fmt: skip
    assert not DossierAttachment.objects.exists()
    assert stored_files(settings) == []


def test_the_clerk_opens_a_scan_received_at_the_desk(client, world):
    scan = SimpleUploadedFile("to-khai.png", b"\x89PNG\r\n\x1a\n....", "image/png")
    client.force_login(world.clerk)
    client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {"kind": "person", "name": "Lê Văn Cường", "channel": "desk", "outcome": "receive",
         "received-1": "1", "originals-1": "1", "file-1": scan,
         "received-2": "1", "originals-2": "1"},
    )  # fmt: skip
    dossier = world.district.desk_a.dossiers.get()
    component = dossier.components.get(required__position=1)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    link = reverse("staff-dossier-file", args=[dossier.code, "component", component.pk])
    assert link in page
    response = client.get(link)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
