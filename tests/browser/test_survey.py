"""The satisfaction survey on a phone, in the real Chromium: the link of the SMS invitation,
answering, the thank-you page, and the answer counted in the reform office's live dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from motcua.surveys.models import Invitation
from motcua.surveys.services import campaign_draw
from motcua.surveys.tasks import invitations_deliver
from tests.browser.conftest import login, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_citizen_answers_on_a_phone_and_the_dashboard_counts_it(
    live_server, browser, reform, make_campaign
):
    campaign = make_campaign(returned=1, minimum=1)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    invitations_deliver(campaign.pk)
    [invitation] = Invitation.objects.all()
    path = f"/survey/{invitation.token}/"
    sent = [json.loads(p.read_text()) for p in (Path(settings.VAR_DIR) / "sms").glob("*.json")]
    assert any(path in message["text"] for message in sent)  # the SMS carries the link

    citizen = watch_csp(browser.new_context(locale="vi-VN", viewport=PHONE).new_page())
    citizen.goto(f"{live_server.url}{path}")
    expect(citizen.get_by_role("heading", name="Ông/Bà hài lòng đến mức nào?")).to_be_visible()
    citizen.get_by_role("button", name="Gửi phiếu trả lời").click()  # nothing chosen
    expect(citizen.get_by_text("Hãy trả lời câu").first).to_be_visible()
    for factor in range(1, 6):
        group = citizen.get_by_role("group", name="Ông/Bà hài lòng thế nào với")
        group.nth(factor - 1).get_by_label("4 — Hài lòng", exact=True).check()
    citizen.get_by_label("Góp ý của Ông/Bà về công chức (nếu có)").fill("Hướng dẫn rất rõ")
    citizen.get_by_role("button", name="Gửi phiếu trả lời").click()
    expect(citizen.get_by_role("heading", name="Xin cảm ơn")).to_be_visible()
    width = citizen.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone
    citizen.goto(f"{live_server.url}{path}")
    expect(citizen.get_by_text("Phiếu khảo sát này đã được trả lời")).to_be_visible()

    office = login(browser, live_server, reform)
    office.goto(f"{live_server.url}/staff/surveys/{campaign.pk}/")
    row = office.get_by_role("row").filter(has_text="Xã A").first
    expect(row).to_contain_text("Lời mời qua SMS, thư điện tử: 1")
    expect(row).to_contain_text("100%")  # every factor "satisfied"
