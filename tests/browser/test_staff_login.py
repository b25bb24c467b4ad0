from __future__ import annotations

import pytest

from motcua.org.models import Role
from tests.factories import TEST_PASSWORD, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_and_sees_the_staff_dashboard(live_server, page, district):
    staff(Role.CLERK, district.desk_a, username="clerk-a", full_name="Nguyễn Thị Lan")

    page.goto(f"{live_server.url}/staff/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("clerk-a")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.get_by_role("heading", name="Xin chào, Nguyễn Thị Lan.").is_visible()
    assert page.get_by_role("heading", name="Việc đang chờ bạn").is_visible()  # the desk's work
    assert page.get_by_text("Cán bộ một cửa").is_visible()
    navigation = page.get_by_role("navigation", name="Điều hướng chính")
    assert navigation.get_by_role("link", name="Tổ chức").is_visible()
    assert navigation.get_by_role("link", name="Quản trị").count() == 0  # not for a clerk


def test_wrong_password_shows_a_vietnamese_error(live_server, page, district):
    staff(Role.CLERK, district.desk_a, username="clerk-a")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("clerk-a")
    page.get_by_label("Mật khẩu").fill("sai mật khẩu")
    page.get_by_role("button", name="Đăng nhập").click()
    summary = page.get_by_role("alert").inner_text()  # the error summary, its link to the field
    assert summary.startswith("Có lỗi cần sửa")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in summary
