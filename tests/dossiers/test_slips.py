"""The receipt and the process control slip, read back from the PDF."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from motcua.core.errors import DomainError
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import ApplicantData, dossier_guide, dossier_step_act
from motcua.dossiers.slips import Slip, slip_pdf
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_receipt_has_the_appointment_components_and_the_tracking_link(world, tmp_path):
    dossier = world.receive(vn(2019, 3, 4, 8))
    target = tmp_path / "receipt.pdf"
    call_command("slip", "receipt", dossier.code, "-o", str(target), stdout=io.StringIO())
    text = pdf_text(target.read_bytes()).replace("\n", " ")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code in text
    assert "Nguyễn Văn An" in text
    assert "17 giờ 00 phút, ngày 07/03/2019" in text
    assert "Tờ khai đăng ký kết hôn" in text
    assert f"s={dossier.secret}" in text.replace(" ", "")  # the link the QR code carries


def test_the_control_slip_lists_each_handover_with_its_class(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    for actor, action, at in ((world.clerk, Action.FORWARD, vn(2019, 3, 4, 9)),
                              (world.specialist, Action.FORWARD, vn(2019, 3, 6, 9))):  # fmt: skip
        dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action, at=at)
    client.force_login(world.clerk)
    response = client.get(reverse("staff-dossier-slip", args=[dossier.code, "control"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", " ")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "09:00 04/03/2019" in text
    assert "Đúng hạn" in text  # the receiving step: 2 hours, done in 1
    assert "Quá hạn" in text  # the specialist: 14 hours, took more than two days


def test_a_dossier_that_was_not_received_has_no_receipt(world, tmp_path):
    guided = dossier_guide(
        actor=world.clerk, agency=world.district.desk_a, procedure_code="1.000894",
        applicant=ApplicantData(name="Lê C"), missing=["Tờ khai"], at=vn(2019, 3, 4, 8),
    )  # fmt: skip
    with pytest.raises(DomainError, match="không được tiếp nhận"):
        slip_pdf(guided, Slip.RECEIPT)
    with pytest.raises(CommandError):
        call_command("slip", "receipt", "KHONG-CO", "-o", str(tmp_path / "x.pdf"))


def test_guiding_at_the_desk_prints_every_missing_document(client, world):
    client.force_login(world.clerk)
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {"kind": "person", "name": "Lê Văn Cường", "channel": "desk", "outcome": "guide",
         "received-1": "1", "originals-1": "1", "missing": "Bản dịch hộ chiếu có chứng thực"},
        follow=True,
    )  # fmt: skip
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", " ")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Lê Văn Cường" in text
    assert "Giấy xác nhận tình trạng hôn nhân" in text
    assert "Bản dịch hộ chiếu có chứng thực" in text


def test_refusing_at_the_desk_prints_the_reason_and_slips_fit_their_dossier(client, world):
    client.force_login(world.clerk)
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {"kind": "person", "name": "Lê Văn Cường", "channel": "desk", "outcome": "refuse",
         "reason": "Không thuộc thẩm quyền giải quyết của huyện"},
        follow=True,
    )  # fmt: skip
    text = pdf_text(response.content).replace("\n", " ")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Không thuộc thẩm quyền giải quyết của huyện" in text
    received = world.receive(vn(2019, 3, 4, 8))
    with pytest.raises(DomainError):
        slip_pdf(received, Slip.GUIDANCE)
    other = client.get(reverse("staff-intake-slip", args=[received.pk, "receipt"]))
    assert other.status_code == 404
