"""A dossier's whole life through the staff screens, in the real Chromium: intake at the desk,
the specialist, the department leader, the signing authority, the return — with each person's
queues checked at every stage."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, DossierStatus
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = b"%PDF-1.7 du thao giay chung nhan"


def nav_count(page) -> str:
    return page.get_by_role("navigation", name="Điều hướng chính").inner_text()


def test_a_dossier_from_the_desk_to_its_return(live_server, browser, world, tmp_path):
    # The clerk: type without accents, pick, name, tick the documents, receive (6 interactions).
    clerk = login(browser, live_server, world.clerk)
    clerk.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Một cửa"
    ).click()
    clerk.get_by_label("Thủ tục (tên hoặc mã, có thể gõ không dấu)").fill("ket hon")
    clerk.get_by_role("link", name="Đăng ký kết hôn có yếu tố nước ngoài").click()
    # Keyboard first, in the desk's order: the papers (here ticked one by one), then the name.
    expect(clerk.get_by_label("Đã nhận đủ các giấy tờ bắt buộc")).to_be_focused()
    clerk.get_by_label("người nộp", exact=True).fill("Trần Thị Bình")
    clerk.get_by_role("checkbox", name="Tờ khai đăng ký kết hôn").check()
    clerk.get_by_role("checkbox", name="Giấy xác nhận tình trạng hôn nhân").check()
    # Received, forwarded to the department at once (the box ticked by default), and the
    # receipt opens to be printed.
    expect(clerk.get_by_label("Chuyển ngay đến “Thẩm định”")).to_be_checked()
    clerk.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    dossier = Dossier.objects.get()
    clerk.wait_for_url(f"{live_server.url}/staff/dossiers/{dossier.code}/slips/receipt/print/")
    expect(clerk.get_by_text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")).to_be_visible()
    expect(
        clerk.get_by_text(f"Đã tiếp nhận: {dossier.code}. Hãy in giấy tiếp nhận.")
    ).to_be_visible()
    expect(
        clerk.get_by_text("Đã chuyển đến “Thẩm định” (Chuyên viên, Phòng Tư pháp).")
    ).to_be_visible()
    clerk.get_by_role("link", name="Quay lại hồ sơ").click()
    receipt = clerk.get_by_role("link", name="PDF").first
    assert receipt.get_attribute("href").endswith("/slips/receipt.pdf")
    assert (
        clerk.request.get(live_server.url + receipt.get_attribute("href")).headers["content-type"]
        == "application/pdf"
    )

    # The specialist: the dossier waits in "to take"; forward it with the draft result.
    specialist = login(browser, live_server, world.specialist)
    specialist.goto(f"{live_server.url}/staff/work/?tab=to_take")
    expect(specialist.get_by_role("link", name="Chờ nhận xử lý (1)")).to_be_visible()
    specialist.get_by_role("link", name=dossier.code).click()
    draft = tmp_path / "du-thao.pdf"
    draft.write_bytes(DRAFT)
    forward = specialist.locator("form", has=specialist.locator("input[value=forward]"))
    # The one main action says where the dossier goes next.
    expect(specialist.get_by_text("Bước tiếp theo: ")).to_contain_text("Lãnh đạo phòng")
    forward.get_by_label("Đính kèm tệp").set_input_files(str(draft))
    forward.get_by_role("textbox", name="ý kiến").fill("Đủ điều kiện, trình lãnh đạo phòng")
    forward.get_by_role("button", name="Chuyển tiếp").click()
    expect(specialist.get_by_text("Đã thực hiện: chuyển tiếp.")).to_be_visible()
    # The confirmation says where the dossier went, and to whom.
    expect(specialist.get_by_text("Hồ sơ đang ở bước “Lãnh đạo phòng duyệt”")).to_be_visible()
    specialist.goto(f"{live_server.url}/staff/work/?tab=to_take")
    expect(specialist.get_by_role("link", name="Chờ nhận xử lý (0)")).to_be_visible()

    # The department leader approves from the approvals list, the draft beside it.
    leader = login(browser, live_server, world.leader)
    leader.goto(f"{live_server.url}/staff/approvals/")
    row = leader.get_by_role("row", name=dossier.code)
    expect(row.get_by_role("link", name="du-thao.pdf")).to_be_visible()
    row.get_by_role("checkbox").check()
    leader.get_by_role("button", name="Phê duyệt hoặc ký các hồ sơ đã chọn").click()
    expect(leader.get_by_text("1 hồ sơ đã xử lý.")).to_be_visible()
    expect(leader.get_by_text("Không có hồ sơ nào chờ bạn phê duyệt.")).to_be_visible()

    # The signing authority logs in with the second factor and signs.
    secret = generate_totp_secret()
    TOTP.activate(world.chairman, secret)
    chairman = login(browser, live_server, world.chairman, totp_secret=secret)
    chairman.goto(f"{live_server.url}/staff/approvals/")
    chairman.get_by_role("row", name=dossier.code).get_by_role("checkbox").check()
    chairman.get_by_role("button", name="Phê duyệt hoặc ký các hồ sơ đã chọn").click()
    expect(chairman.get_by_text("1 hồ sơ đã xử lý.")).to_be_visible()

    # Back at the desk: the result is ready; the QR link of the receipt opens it; hand it over.
    clerk.goto(f"{live_server.url}/staff/desk/return/")
    expect(clerk.get_by_role("link", name=dossier.code)).to_be_visible()
    dossier.refresh_from_db()
    scanner = clerk.get_by_label("Mã hồ sơ, mã QR trên giấy tiếp nhận, hoặc số định danh cá nhân")
    scanner.fill(f"{live_server.url}/track/{dossier.code}?s={dossier.secret}")
    scanner.press("Enter")
    clerk.wait_for_url(f"{live_server.url}/staff/dossiers/{dossier.code}/")
    giving = clerk.locator("form", has=clerk.locator("input[value=return_result]"))
    giving.get_by_label("người nhận kết quả").fill("Trần Thị Bình")
    with clerk.expect_response(lambda r: "/slips/handover.pdf" in r.url) as handover:
        giving.get_by_role("button", name="Trả kết quả").click()
    assert handover.value.headers["content-type"] == "application/pdf"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.collected_by) == (DossierStatus.RETURNED, "Trần Thị Bình")
    assert [e.action for e in dossier.events.order_by("sequence")] == [
        "receive", "forward", "forward", "approve", "sign", "return_result",
    ]  # fmt: skip
