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
    total = page.locator("tr.total")
    late_cell = total.locator("a[href*='column=late']")
    assert late_cell.inner_text() == "1"
    late_cell.click()
    assert page.get_by_role("heading", name="1 hồ sơ (01/03/2019 – 31/03/2019)").is_visible()
    assert page.get_by_role("cell", name=late.code).is_visible()
