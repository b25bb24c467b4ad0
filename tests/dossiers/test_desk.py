"""The one-stop desk screens: find the procedure, check the components, receive or guide."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierStatus
from tests.worlds import pdf_text, vn

pytestmark = pytest.mark.django_db

APPLICANT = {
    "kind": "person",
    "name": "Trần Thị Bình",
    "id_number": "001190000002",
    "phone": "0987654321",
    "email": "",
    "address": "Hương Canh",
    "channel": "desk",
}


def test_the_clerk_finds_the_procedure_without_accents(client, world):
    client.force_login(world.clerk)
    response = client.get(reverse("staff-desk"), {"q": "ket hon"}, HTTP_HX_REQUEST="true")
    assert "Đăng ký kết hôn có yếu tố nước ngoài" in response.content.decode()
    assert "<html" not in response.content.decode()  # only the results, for htmx


def test_receiving_at_the_desk_with_scans_then_the_receipt(client, world):
    client.force_login(world.clerk)
    scan = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {**APPLICANT, "outcome": "receive", "received-1": "1", "originals-1": "1",
         "copies-1": "0", "file-1": scan, "received-2": "1", "originals-2": "1", "copies-2": "0"},
    )  # fmt: skip
    dossier = Dossier.objects.get()
    assert response.status_code == 302  # receive and print: the receipt opens to be printed
    assert response["Location"] == reverse(
        "staff-dossier-slip-print", args=[dossier.code, "receipt"]
    )
    assert dossier.status == DossierStatus.RECEIVED  # not forwarded: the box was not ticked
    assert dossier.components.get(required__position=1).file.read() == b"%PDF-1.4 scan"
    slip = client.get(response["Location"])
    page = slip.content.decode()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page
    assert dossier.code in page
    assert "data-print-on-load" in page  # the print dialog opens by itself
    # Its print styles carry the response's nonce: allowed by the policy, nothing else inline.
    nonce = re.search(r'<style nonce="([^"]+)"', page).group(1)
    assert f"'nonce-{nonce}'" in slip["Content-Security-Policy"]


def test_one_box_ticks_every_required_document_and_the_dossier_goes_on_at_once(client, world):
    """The routine intake: the name, 'every required document', Enter — received, forwarded
    to the department, the receipt to print."""
    client.force_login(world.clerk)
    page = client.get(reverse("staff-desk-intake", args=["1.000894"])).content.decode()
    assert "Chuyển ngay đến “" in page
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {**APPLICANT, "outcome": "receive", "received-all": "1", "forward": "1"},
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert sorted(dossier.components.values_list("required__position", flat=True)) == [1, 2]
    assert [event.action for event in dossier.events.order_by("sequence")] == [
        "receive", "forward",
    ]  # fmt: skip
    assert dossier.current_step.position == 2


def test_an_incomplete_dossier_is_refused_with_the_missing_document_named(client, world):
    client.force_login(world.clerk)
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {**APPLICANT, "outcome": "receive", "received-1": "1", "originals-1": "1"},
    )
    assert "Giấy xác nhận tình trạng hôn nhân" in response.content.decode()
    assert not Dossier.objects.exists()
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {**APPLICANT, "outcome": "guide", "received-1": "1", "originals-1": "1"},
    )
    guided = Dossier.objects.get()
    assert (guided.status, guided.missing_items) == (
        DossierStatus.NOT_RECEIVED, ["Giấy xác nhận tình trạng hôn nhân"],
    )  # fmt: skip


def test_a_scan_of_the_wrong_type_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.clerk)
    script = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    response = client.post(
        reverse("staff-desk-intake", args=["1.000894"]),
        {**APPLICANT, "outcome": "receive", "received-1": "1", "originals-1": "1",
         "file-1": script, "received-2": "1", "originals-2": "1"},
    )  # fmt: skip
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_desk_is_for_clerks(client, world):
    client.force_login(world.specialist)
    assert client.get(reverse("staff-desk")).status_code == 403


def test_the_desk_finds_a_result_by_the_receipts_qr_link_and_hands_it_over(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    world.sign(dossier)
    client.force_login(world.clerk)
    listing = client.get(reverse("staff-desk-return")).content.decode()
    assert dossier.code in listing  # ready to hand over
    scanned = f"http://127.0.0.1:8000/track/{dossier.code}?s={dossier.secret}"
    response = client.get(reverse("staff-desk-return"), {"code": scanned})
    assert response["Location"] == reverse("staff-dossier", args=[dossier.code])
    page = client.get(response["Location"]).content.decode()
    assert 'value="return_result"' in page
    collector = "Nguyễn Văn An (CCCD 001090000001)"
    handover = client.post(
        reverse("staff-dossier-act", args=[dossier.code]),
        {"action": "return_result", "collected_by": collector},
        follow=True,
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.collected_by) == (DossierStatus.RETURNED, collector)
    assert handover["Content-Type"] == "application/pdf"  # the handover prints at once
    assert collector in pdf_text(handover.content).replace("\n", " ")
    missing = client.get(reverse("staff-desk-return"), {"code": "BX-000000-0000"})
    assert "Không có hồ sơ BX-000000-0000" in missing.content.decode()


def test_the_desk_finds_results_by_the_citizens_id_number(client, world):
    first = world.sign(world.receive(vn(2019, 3, 4, 8)))  # APPLICANT: ID 001090000001
    client.force_login(world.clerk)
    one = client.get(reverse("staff-desk-return"), {"code": "001090000001"})
    assert one["Location"] == reverse("staff-dossier", args=[first.code])
    second = world.sign(world.receive(vn(2019, 3, 5, 8)))
    both = client.get(reverse("staff-desk-return"), {"code": " 001090000001 "}).content.decode()
    assert first.code in both
    assert second.code in both
    other = client.get(reverse("staff-desk-return"), {"code": "079200000002"}).content.decode()
    assert "Không có kết quả nào sẵn sàng trả cho số định danh này" in other
    assert first.code not in other
