"""The common journeys by keyboard alone, in the real Chromium: a routine desk intake within
40 keystrokes, a leader's approval, a citizen's tracking."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import dossier_step_act
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Keyboard:
    """The page's keyboard, counting every key the person presses."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def tab_to(self, name: str, *, limit: int = 80) -> None:
        """Tab until the element with this accessible text has the focus."""
        for _ in range(limit):
            self.press("Tab")
            focused = self.page.evaluate(
                "() => (document.activeElement.innerText || document.activeElement.value || '')"
            )
            if name in focused:
                return
        raise AssertionError(f"{name!r} cannot be reached with Tab")


def test_a_routine_intake_takes_at_most_40_keystrokes(live_server, browser, world):
    clerk = login(browser, live_server, world.clerk)
    clerk.goto(f"{live_server.url}/staff/desk/")
    keys = Keyboard(clerk)
    expect(clerk.get_by_label("Thủ tục (tên hoặc mã, có thể gõ không dấu)")).to_be_focused()
    keys.type("ket hon")
    expect(clerk.get_by_role("link", name="Đăng ký kết hôn có yếu tố nước ngoài")).to_be_visible()
    keys.press("Tab")  # the first procedure found
    keys.press("Enter")
    expect(clerk.get_by_label("Đã nhận đủ các giấy tờ bắt buộc")).to_be_focused()
    keys.press("Space")  # the papers checked: every required one ticked at once
    keys.press("Tab")
    keys.type("Tran Thi Binh")
    keys.press("Tab")
    keys.type("001190000002")
    keys.press("Enter")  # received, forwarded, the receipt opens to print
    clerk.wait_for_url("**/slips/receipt/print/")
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Tran Thi Binh"
    assert dossier.applicant_id_number == "001190000002"
    assert dossier.components.count() == 2
    assert [event.action for event in dossier.events.order_by("sequence")] == [
        "receive", "forward",
    ]  # fmt: skip
    assert keys.count <= 40, keys.count


def test_a_leader_approves_everything_listed_by_keyboard(live_server, browser, world):
    dossier = world.dossier_in(DossierStatus.IN_PROGRESS)
    dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD)
    leader = login(browser, live_server, world.leader)
    leader.goto(f"{live_server.url}/staff/approvals/")
    keys = Keyboard(leader)
    keys.tab_to("Duyệt hoặc ký cả 1 hồ sơ")
    keys.press("Enter")
    expect(leader.get_by_text("1 hồ sơ đã xử lý.")).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED


def test_a_citizen_tracks_a_dossier_by_keyboard(live_server, page, world):
    dossier = world.dossier_in(DossierStatus.IN_PROGRESS)
    page.goto(f"{live_server.url}/track/")
    keys = Keyboard(page)
    expect(page.get_by_label("Mã hồ sơ")).to_be_focused()
    keys.type(dossier.code)
    keys.press("Tab")
    keys.type(dossier.secret)
    keys.press("Enter")
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    expect(page.get_by_text("Đang giải quyết").first).to_be_visible()
