"""A directive followed in the real Chromium: a commune reports its task done with evidence,
the assigner accepts it; the overview and the emulation score change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.directives.services import DirectiveData, TaskData, directive_issue
from motcua.org.models import Role
from tests.browser.conftest import login
from tests.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_reports_done_the_assigner_accepts_and_the_ranking_changes(
    live_server, browser, world
):
    district = world.district
    assigner = staff(Role.REFORM_OFFICER, district.committee, full_name="Đỗ Thị Mai")
    today = timezone.localdate()
    due = today + timedelta(days=20)
    directive_issue(actor=assigner, data=DirectiveData(
        number="15/UBND-NV", issued_on=today, issuing_agency_id=district.committee.pk,
        signer="Nguyễn Tuấn Anh", signer_title="Chủ tịch", subject="Tự kiểm tra Bộ phận một cửa",
        tasks=(TaskData("Tự kiểm tra Bộ phận một cửa",
                        lead=(district.commune_a.pk, district.commune_b.pk), due_on=due),),
    ))  # fmt: skip
    emulation = (
        f"{live_server.url}/staff/emulation/?agency={district.committee.code}&year={due.year}"
    )

    chief = login(browser, live_server, assigner)
    chief.goto(emulation)
    row_a = chief.locator("tr[data-unit='UBND xã A']")
    expect(row_a.locator("[data-points]")).to_have_text("—")  # nothing done yet: no data

    official = login(browser, live_server, staff(Role.SPECIALIST, district.commune_a))
    official.goto(f"{live_server.url}/staff/directives/")
    official.get_by_role("link", name="Tự kiểm tra Bộ phận một cửa").click()
    official.get_by_label("Kết quả đã thực hiện").fill("Đã tự kiểm tra, lập biên bản.")
    official.get_by_label("Đã hoàn thành nhiệm vụ").check()
    official.get_by_label("Tệp minh chứng").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 bien ban tu kiem tra"}]
    )  # fmt: skip
    official.get_by_role("button", name="Gửi báo cáo").click()
    expect(official.get_by_text("Đã ghi nhận báo cáo.")).to_be_visible()
    expect(official.locator("#task-state")).to_have_text("Chờ xác nhận")

    chief.goto(f"{live_server.url}/staff/directives/?state=reported")
    chief.get_by_role("link", name="Tự kiểm tra Bộ phận một cửa").click()
    expect(chief.get_by_role("link", name="bien-ban.pdf")).to_be_visible()  # the evidence
    chief.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(chief.locator("#task-state")).to_have_text("Hoàn thành đúng hạn")
    chief.goto(f"{live_server.url}/staff/directives/")
    overview_a = chief.locator("tr", has_text="UBND xã A")
    expect(overview_a).to_contain_text("Hoàn thành đúng hạn")
    chief.goto(emulation)
    expect(row_a.locator("[data-points]")).to_have_text("30,0 / 30")
    expect(row_a.locator("td").first).to_have_text("1")
