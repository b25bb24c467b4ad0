from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from tests.factories import TEST_PASSWORD
from tests.stats.test_table import march  # noqa: F401 - the hand-computed March dossiers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_drills_down_from_the_late_cell_to_the_dossier(live_server, page, world, march):  # noqa: F811
    late = Dossier.objects.get(timeliness="late", received_at__month=3)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(world.clerk.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/staff/")

    page.goto(f"{live_server.url}/staff/statistics/?period=2019-03")
    assert page.evaluate("() => Chart.getChart('trend') !== undefined")  # the trend is drawn
    total = page.locator("tr.motcua-total-row")
    late_cell = total.locator("a[href*='column=late']")
    assert late_cell.inner_text() == "1"
    late_cell.click()
    assert page.get_by_role("heading", name="1 hồ sơ (01/03/2019 – 31/03/2019)").is_visible()
    assert page.get_by_role("cell", name=late.code).is_visible()


def test_on_a_phone_numbers_stay_whole_and_only_the_table_scrolls(
    live_server,
    browser,
    world,
    march,  # noqa: F811
):
    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(world.clerk.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    page.goto(f"{live_server.url}/staff/statistics/?period=2019-03")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways page
    # Each number and each heading word on one line: the table is wider and scrolls itself.
    lines_per_number = page.evaluate(
        """() => [...document.querySelectorAll('td.govuk-table__cell--numeric')].map(cell => {
               const range = document.createRange();
               range.selectNodeContents(cell.firstChild);  // the number, not the hidden words
               return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
           })"""
    )
    assert lines_per_number
    assert set(lines_per_number) == {1}
    scroller = page.locator(".motcua-table-scroll").first
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")
