from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from motcua.catalog.models import Level
from tests.factories import UserFactory
from tests.worlds import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_searches_without_diacritics_and_opens_a_procedure(live_server, page):
    admin = UserFactory.create(is_superuser=True)
    publish(
        admin, code="1.001193", name="Đăng ký khai sinh", level=Level.COMMUNE, day=date(2020, 1, 1)
    )
    publish(admin, code="1.004227", name="Cấp giấy phép xây dựng", field="Xây dựng")

    page.goto(f"{live_server.url}/procedures/")
    search = page.get_by_label("Tìm thủ tục theo tên hoặc mã (có thể gõ không dấu)")
    assert page.get_by_role("link", name="Cấp giấy phép xây dựng").is_visible()
    search.fill("dang ky khai sinh")  # htmx updates the results as the citizen types
    expect(page.get_by_role("link", name="Cấp giấy phép xây dựng")).to_have_count(0)
    page.get_by_role("link", name="Đăng ký khai sinh").click()

    page.wait_for_url(f"{live_server.url}/procedures/1.001193/")
    assert page.get_by_role("heading", name="Đăng ký khai sinh").is_visible()
    assert page.get_by_text("3 ngày làm việc").is_visible()
    assert page.get_by_role("listitem").filter(has_text="Tờ khai đăng ký kết hôn").is_visible()
