"""A citizen's whole journey in the real Chromium: find the procedure without accents, submit
online with the scans and the emailed code, the desk receives it, the QR link tracks it, and
after the return the citizen rates it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import dossier_return_result
from motcua.portal.models import Rating
from tests.browser.conftest import login, watch_csp
from tests.worlds import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_submit_track_and_rate(live_server, browser, page, district, admin, staffed, tmp_path):
    world = World(district, admin, staffed)
    ProcedureVersion.objects.filter(procedure__code="1.000894").update(accepts_online=True)
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(b"%PDF-1.4 to khai")

    page.goto(f"{live_server.url}/")
    page.get_by_label("Tìm thủ tục theo tên hoặc mã (có thể gõ không dấu)").fill(
        "ket hon nuoc ngoai"
    )
    page.get_by_label("Tìm thủ tục theo tên hoặc mã (có thể gõ không dấu)").press("Enter")
    page.get_by_role("link", name="Đăng ký kết hôn có yếu tố nước ngoài").click()
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()

    # One question per page: who, how to reach them, the documents.
    expect(page.get_by_role("heading", name="Ai nộp hồ sơ?")).to_be_visible()
    page.get_by_label("Cá nhân").check()
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Phạm Thị Hoa")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Thư điện tử").fill("hoa@example.vn")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("1. Tờ khai đăng ký kết hôn").set_input_files(str(scan))
    page.get_by_label("2. Giấy xác nhận tình trạng hôn nhân").set_input_files(str(scan))
    page.get_by_role("button", name="Tiếp tục").click()
    # The code is on its way at once; the answers are there to check before typing it.
    expect(page.get_by_role("status")).to_contain_text("h***@example.vn")
    expect(page.get_by_role("heading", name="Kiểm tra lại thông tin")).to_be_visible()
    expect(page.get_by_text("Phạm Thị Hoa")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    page.get_by_label("Mã xác nhận").fill(code)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Hồ sơ đã được nộp.")).to_be_visible()
    dossier = Dossier.objects.get()
    expect(page.get_by_text("Chờ bộ phận một cửa kiểm tra", exact=False)).to_be_visible()

    clerk = login(browser, live_server, world.clerk)
    clerk.goto(f"{live_server.url}/staff/desk/")
    assert dossier.code is None  # issued at receipt
    clerk.get_by_role("link", name=dossier.reference).click()
    clerk.get_by_role("button", name="Tiếp nhận", exact=True).click()
    dossier.refresh_from_db()
    expect(clerk.get_by_text(f"Đã tiếp nhận: {dossier.code}.")).to_be_visible()

    world.sign(Dossier.objects.get())
    dossier_return_result(actor=world.clerk, dossier_id=dossier.pk, collected_by="Phạm Thị Hoa")
    dossier.refresh_from_db()

    phone = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    citizen = watch_csp(phone.new_page())  # the QR code, read by a phone
    citizen.goto(f"{live_server.url}/track/{dossier.code}?s={dossier.secret}")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    expect(citizen.get_by_text("Đã trả kết quả").first).to_be_visible()
    rating = citizen.locator("form", has=citizen.locator("input[name=overall]"))
    for question in (
        "Nhìn chung, ông/bà hài lòng ở mức nào?",
        "Thái độ của cán bộ",
        "Thời gian giải quyết",
        "Mức độ rõ ràng của thủ tục được công khai",
    ):
        rating.get_by_role("group", name=question).get_by_label("Rất hài lòng").check()  # fmt: skip
    rating.get_by_role("group", name="Ông/bà phải đi lại bao nhiêu lần?").get_by_label(
        "Một lần"
    ).check()
    rating.get_by_role(
        "group", name="Ông/bà có bị đòi hỏi chi phí ngoài quy định không?"
    ).get_by_label("Không").check()
    rating.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_text("Cảm ơn ông/bà đã đánh giá.")).to_be_visible()
    assert Rating.objects.get().overall == 5
    assert dossier.status == DossierStatus.RETURNED
