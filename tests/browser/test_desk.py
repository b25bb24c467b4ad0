from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import world  # noqa: F401 - the test district and process
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_receives_a_dossier_at_the_desk_and_gets_the_receipt(live_server, page, world):  # noqa: F811
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(world.clerk.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/staff/")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Một cửa"
    ).click()
    page.get_by_label("Thủ tục (tên hoặc mã, có thể gõ không dấu)").fill("ket hon")
    page.get_by_role("link", name="Đăng ký kết hôn có yếu tố nước ngoài").click()

    page.locator("#id_name").fill("Trần Thị Bình")
    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()

    dossier = Dossier.objects.get()
    page.wait_for_url(f"{live_server.url}/staff/dossiers/{dossier.code}/")
    expect(
        page.get_by_text(f"Đã tiếp nhận: {dossier.code}. Hãy in giấy tiếp nhận.")
    ).to_be_visible()
    receipt = page.get_by_role("link", name="giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    assert receipt.get_attribute("href").endswith("/slips/receipt.pdf")
    response = page.request.get(live_server.url + receipt.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
