"""The PAR index by the people who keep it, in the real Chromium: a commune official scores a
criterion with its evidence and submits; the council appraises it down with a reason and
publishes; the published ranking shows the change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from motcua.org.models import Role, UnitKind
from motcua.par.models import Assessment, CriteriaSet, Criterion
from tests.browser.conftest import login
from tests.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_assessment_appraisal_and_the_published_ranking(live_server, browser, world):
    criteria_set = CriteriaSet.objects.create(
        year=2026, level=UnitKind.COMMUNE, name="Bộ chỉ số CCHC cấp xã 2026 (thử)", source="thử",
        direct_max=Decimal(70), survey_max=Decimal(30), classes=[[80, "Tốt"], [0, "Khá"]],
    )  # fmt: skip
    Criterion.objects.create(
        criteria_set=criteria_set, code="1", name="Ban hành kế hoạch CCHC năm", position=1,
        max_points=Decimal(70),
    )  # fmt: skip
    unit = world.district.desk_a.unit
    Assessment.objects.create(criteria_set=criteria_set, unit=unit, survey_score=Decimal(25))
    scorecard = f"{live_server.url}/staff/par/{criteria_set.pk}/{unit.code}/"

    official = login(browser, live_server, staff(Role.SPECIALIST, world.district.commune_a))
    official.goto(scorecard)
    official.get_by_label("Điểm", exact=True).fill("68,5")
    official.get_by_label("Tài liệu kiểm chứng", exact=True).fill(
        "Kế hoạch số 12/KH-UBND ngày 05/01/2026"
    )
    official.get_by_label("Tệp kiểm chứng").set_input_files(
        files=[
            {
                "name": "ke-hoach-cchc.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 ke hoach CCHC nam 2026",
            }
        ]
    )
    official.get_by_role("button", name="Lưu điểm").click()
    expect(official.get_by_text("Đã lưu.")).to_be_visible()
    expect(official.get_by_role("link", name="ke-hoach-cchc.pdf")).to_be_visible()
    official.get_by_role("button", name="Gửi kết quả tự đánh giá").click()
    expect(official.get_by_role("heading", name="Tự đánh giá")).to_have_count(0)  # locked

    council = login(browser, live_server, staff(Role.REFORM_OFFICER, world.district.committee))
    council.goto(scorecard)
    council.get_by_label("Điểm", exact=True).fill("60")
    council.get_by_label("lý do điều chỉnh khi thẩm định").fill("Kế hoạch ban hành chậm")
    council.get_by_role("button", name="Lưu điểm thẩm định").click()
    council.get_by_role("button", name="Công bố kết quả").click()
    expect(council.get_by_text("Đã thẩm định và công bố")).to_be_visible()
    expect(council.get_by_text("Kế hoạch ban hành chậm")).to_be_visible()
    evidence = council.get_by_role("link", name="ke-hoach-cchc.pdf").get_attribute("href")
    opened = council.context.request.get(f"{live_server.url}{evidence}")  # with its session
    assert opened.body() == b"%PDF-1.4 ke hoach CCHC nam 2026"  # the council reads the evidence

    council.goto(f"{live_server.url}/staff/par/{criteria_set.pk}/")
    row = council.get_by_role("row", name=unit.name)
    expect(row).to_contain_text("85,00")  # 60 appraised + 25 survey, not 68.5 + 25
    expect(row).to_contain_text("Tốt")
