"""The receipt and the process control slip, read back from the PDF."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from motcua.core.errors import DomainError
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.services import (
    ApplicantData,
    dossier_apologise,
    dossier_guide,
    dossier_return_result,
    dossier_step_act,
)
from motcua.dossiers.slips import Slip, SlipFormat, available_slips, render_slip, slip_pdf
from tests.worlds import docx_text, pdf_text, vn

pytestmark = pytest.mark.django_db


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
    response = client.get(reverse("staff-dossier-slip", args=[dossier.code, "control", "pdf"]))
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
    other = client.get(reverse("staff-intake-slip", args=[received.pk, "receipt", "pdf"]))
    assert other.status_code == 404


def test_supplementation_request_lists_the_items_and_reason_in_pdf_and_docx(client, world):
    dossier = world.awaiting_supplement()
    client.force_login(world.clerk)
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        response = client.get(reverse("staff-dossier-slip", args=[dossier.code, "supplement", fmt]))
        assert response.status_code == 200
        text = read(response.content).replace("\n", " ")
        assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
        assert "Ngày 05/03/2019, Phòng Tư pháp" in text  # the agency that asked, not the desk
        assert "Bản sao hộ chiếu" in text
        assert "Thiếu giấy tờ tùy thân" in text
    detail = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    assert reverse("staff-dossier-slip", args=[dossier.code, "supplement", "docx"]) in detail
    assert reverse("staff-dossier-slip", args=[dossier.code, "apology", "pdf"]) not in detail


def test_the_receipt_as_docx_has_the_same_facts_and_the_qr_picture(world, tmp_path):
    dossier = world.receive(vn(2019, 3, 4, 8))
    target = tmp_path / "receipt.docx"
    call_command("slip", "receipt", dossier.code, "-o", str(target), stdout=io.StringIO())
    document = docx.Document(str(target))
    text = docx_text(target.read_bytes())
    assert dossier.code in text
    assert "Nguyễn Văn An" in text
    assert "17 giờ 00 phút, ngày 07/03/2019" in text
    assert "Tờ khai đăng ký kết hôn" in text
    assert f"s={dossier.secret}" in text
    assert "{{" not in text  # every tag was filled
    assert "{%" not in text
    assert len(document.inline_shapes) == 1  # the QR code


def apologised(world):
    """A dossier received Monday 04/03/2019 08:00, at Justice the next hour, whose specialist
    apologised on 05/03 with a new appointment on 12/03 17:00."""
    late = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=late.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 4, 9))  # fmt: skip
    return dossier_apologise(
        actor=world.specialist, dossier_id=late.pk, reason="Cần xác minh thêm",
        new_due_at=vn(2019, 3, 12, 17), at=vn(2019, 3, 5, 9),
    )  # fmt: skip


def test_apology_refusal_and_handover_slips_say_what_happened(world):
    late = apologised(world)
    text = pdf_text(slip_pdf(late, Slip.APOLOGY)).replace("\n", " ")
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "17 giờ 00 phút, ngày 07/03/2019" in text  # the first appointment
    assert "17 giờ 00 phút, ngày 12/03/2019" in text  # the new one
    assert "Cần xác minh thêm" in text

    refused = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=refused.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 4, 9))  # fmt: skip
    refused = dossier_step_act(
        actor=world.specialist, dossier_id=refused.pk, action=Action.REFUSE,
        comment="Không đủ điều kiện theo Điều 18", at=vn(2019, 3, 4, 10),
    )  # fmt: skip
    text = pdf_text(slip_pdf(refused, Slip.REFUSAL)).replace("\n", " ")
    assert "Không đủ điều kiện theo Điều 18" in text
    assert "Phòng Tư pháp" in text

    returned = world.sign(world.receive(vn(2019, 3, 4, 8)), at=vn(2019, 3, 5, 9))
    with pytest.raises(DomainError):  # not handed over yet
        slip_pdf(returned, Slip.HANDOVER)
    returned = dossier_return_result(
        actor=world.clerk, dossier_id=returned.pk, collected_by="Trần Thị Bình (ủy quyền)",
        at=vn(2019, 3, 6, 10, 15),
    )  # fmt: skip
    text = pdf_text(slip_pdf(returned, Slip.HANDOVER)).replace("\n", " ")
    assert "BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ" in text
    assert "Trần Thị Bình (ủy quyền)" in text
    assert "10 giờ 15 phút, ngày 06/03/2019" in text


def test_the_fee_is_printed_in_figures_and_in_words(world):
    version = world.receive(vn(2019, 3, 4, 8)).procedure_version
    type(version).objects.filter(pk=version.pk).update(fee_amount=1_250_000)
    text = pdf_text(slip_pdf(world.receive(vn(2019, 3, 4, 9)), Slip.RECEIPT)).replace("\n", " ")
    assert "1.250.000 đ (Một triệu hai trăm năm mươi nghìn đồng)" in text


def test_a_province_template_replaces_the_default_wording(world, tmp_path, settings):
    template = tmp_path / "receipt.docx"
    call_command("slip", "receipt", "--template", "-o", str(template), stdout=io.StringIO())
    edited = docx.Document(str(template))
    edited.add_paragraph("Ghi chú của tỉnh: mang theo CCCD khi nhận kết quả {{ code }}")
    edited.save(str(template))
    settings.MOTCUA_DOCX_TEMPLATE_DIR = str(tmp_path)
    dossier = world.receive(vn(2019, 3, 4, 8))
    text = docx_text(render_slip(dossier, Slip.RECEIPT, SlipFormat.DOCX))
    assert f"Ghi chú của tỉnh: mang theo CCCD khi nhận kết quả {dossier.code}" in text


def test_html_in_applicant_data_is_text_in_the_word_document(world):
    dossier = world.receive(
        vn(2019, 3, 4, 8), applicant=ApplicantData(name="<b>An</b> & Co", phone="0912345678")
    )
    text = docx_text(render_slip(dossier, Slip.RECEIPT, SlipFormat.DOCX))
    assert "<b>An</b> & Co" in text


def test_every_slip_has_the_place_and_date_line_and_the_receipt_its_legal_fields(world):
    first = world.receive(vn(2019, 3, 4, 8))
    second = world.receive(vn(2019, 3, 4, 9))
    for fmt, read in ((SlipFormat.PDF, pdf_text), (SlipFormat.DOCX, docx_text)):
        text = " ".join(read(render_slip(second, Slip.RECEIPT, fmt)).split())
        assert "Xã A, ngày 04 tháng 03 năm 2019" not in text  # the unit's kind is not the place
        assert "A, ngày 04 tháng 03 năm 2019" in text
        assert "Số lượng hồ sơ: 01 bộ" in text
        assert "Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc" in text
        assert "Vào Sổ theo dõi hồ sơ: Quyển số 01/2019, Số thứ tự 2" in text  # after `first`
    assert "Số thứ tự 1" in " ".join(pdf_text(slip_pdf(first, Slip.RECEIPT)).split())
    control = " ".join(pdf_text(slip_pdf(first, Slip.CONTROL)).split())
    assert ", ngày " in control
    assert " tháng " in control


def test_the_supplementation_request_says_how_to_reach_the_applicant(world):
    dossier = world.awaiting_supplement()
    dossier.applicant_address, dossier.applicant_phone = "Thôn Đông, xã A", "0912345678"
    dossier.save(update_fields=["applicant_address", "applicant_phone"])
    for fmt, read in ((SlipFormat.PDF, pdf_text), (SlipFormat.DOCX, docx_text)):
        text = " ".join(read(render_slip(dossier, Slip.SUPPLEMENT, fmt)).split())
        assert "Địa chỉ: Thôn Đông, xã A" in text
        assert "Số điện thoại: 0912345678" in text


def test_the_apology_is_signed_by_the_head_of_the_agency_at_fault(world):
    late = apologised(world)
    for fmt, read in ((SlipFormat.PDF, pdf_text), (SlipFormat.DOCX, docx_text)):
        text = " ".join(read(render_slip(late, Slip.APOLOGY, fmt)).split())
        assert "THỦ TRƯỞNG CƠ QUAN" in text
        assert world.leader.get_full_name() in text  # Justice's head, not the specialist
        assert "ĐẠI DIỆN CƠ QUAN" not in text


def test_a_withdrawn_dossier_has_its_notice_of_stopping(world, tmp_path):
    dossier = world.dossier_in(DossierStatus.WITHDRAWN, at=vn(2025, 7, 1, 8))  # the 2025 regime
    assert Slip.STOP in available_slips(dossier)
    target = tmp_path / "stop.pdf"
    call_command("slip", "stop", dossier.code, "-o", str(target), stdout=io.StringIO())
    for text in (
        pdf_text(target.read_bytes()),
        docx_text(render_slip(dossier, Slip.STOP, SlipFormat.DOCX)),
    ):
        flat = " ".join(text.split())
        assert "Về việc dừng giải quyết hồ sơ" in flat
        assert dossier.code in flat
        assert "Lý do: Lý do" in flat
        assert "THỦ TRƯỞNG CƠ QUAN" in flat
    received = world.receive(vn(2019, 3, 4, 8))
    assert Slip.STOP not in available_slips(received)
    with pytest.raises(DomainError):
        slip_pdf(received, Slip.STOP)
