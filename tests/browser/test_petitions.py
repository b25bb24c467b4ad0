"""The hotline in the real Chromium: the operator records a call with the keyboard while on the
phone and assigns it; a citizen files a petition on the portal; both are answered and the
published answer is found without accents, with no personal data in it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.petitions.models import Petition, Status
from motcua.petitions.services import (
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
)
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_call_and_a_web_petition_to_a_published_answer(live_server, browser, page, hotline,
                                                          district):  # fmt: skip
    operator = login(browser, live_server, hotline.operator)
    operator.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đường dây nóng"
    ).click()
    expect(operator.get_by_label("Tiêu đề")).to_be_focused()  # type as the caller speaks
    operator.keyboard.type("Xã A đòi thêm sổ hộ khẩu")
    operator.get_by_label("Nội dung: việc gì, ở đâu, khi nào").fill(
        "Người gọi bị yêu cầu nộp thêm sổ hộ khẩu khi đăng ký khai sinh."
    )
    operator.get_by_label("loại").select_option("delay")
    operator.get_by_label("Họ và tên").fill("Lê Văn Tám")
    operator.get_by_label("điện thoại").fill("0987654321")
    operator.get_by_role("button", name="Ghi nhận", exact=True).click()
    call = Petition.objects.get()
    expect(operator.get_by_text(f"Đã ghi nhận: {call.code}.")).to_be_visible()
    row = operator.get_by_role("region", name=call.code)
    row.get_by_label("cơ quan xử lý").select_option(label=district.justice.name)
    row.get_by_role("button", name="Phân công").click()
    expect(operator.get_by_text(f"Đã thực hiện: {call.code}.")).to_be_visible()
    call.refresh_from_db()
    assert (call.status, call.agency) == (Status.ASSIGNED, district.justice)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").first.click()
    page.get_by_label("Tiêu đề").fill("Trả kết quả chậm")
    page.get_by_label("Nội dung: việc gì, ở đâu, khi nào").fill("Hồ sơ của tôi trễ hẹn ba ngày.")
    page.get_by_label("Thư điện tử").fill("hoa@example.vn")
    page.get_by_label("Đồng ý công khai câu trả lời").check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Phản ánh đã được gửi.")).to_be_visible()

    for petition in Petition.objects.filter(channel="web"):
        petition_assign(actor=hotline.operator, petition_id=petition.pk, agency=district.justice)
        answer = "Hồ sơ đã được trả (hoa@example.vn); xin lỗi."
        petition_draft_answer(actor=hotline.specialist, petition_id=petition.pk, answer=answer)
        petition_approve_answer(actor=hotline.leader, petition_id=petition.pk, public_answer=answer)
    page.goto(f"{live_server.url}/petitions/answers/")
    page.get_by_label("Tìm kiếm (có thể gõ không dấu)").fill("tra ket qua cham")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_text("Hồ sơ đã được trả (***); xin lỗi.")).to_be_visible()
    assert "hoa@example.vn" not in page.content()
