"""Each role lands on its own work: the counts on the dashboard are the work waiting, and each
card leads to it."""

from __future__ import annotations

import re

from django.urls import reverse

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.services import dossier_step_act
from motcua.org.models import Role
from tests.factories import log_in_with_second_factor, staff


def cards(page: str) -> dict[str, str]:
    """{card title: its count} as the page shows them."""
    found = re.findall(
        r'<h3 class="govuk-heading-s" id="card-\d+">([^<]+?)\s*'
        r"(?:<strong[^>]*>[^<]*</strong>)?</h3>"
        r'\s*<span class="motcua-card__count">([^<]+)</span>',
        page,
    )
    return {title.strip(): count for title, count in found}


def test_the_clerk_sees_the_results_to_return_and_the_work_of_the_desk(client, world):
    world.dossier_in(DossierStatus.READY_TO_RETURN)
    world.dossier_in(DossierStatus.SUBMITTED)
    client.force_login(world.clerk)
    page = client.get(reverse("staff-dashboard")).content.decode()
    shown = cards(page)
    assert shown["Kết quả chờ trả"] == "1"
    assert shown["Hồ sơ trực tuyến chờ kiểm tra"] == "1"
    assert f'href="{reverse("staff-desk-return")}"' in page


def test_the_leader_sees_what_waits_for_approval_most_urgent_first(client, world):
    handled = world.dossier_in(DossierStatus.IN_PROGRESS)  # at the specialist's step
    dossier_step_act(actor=world.specialist, dossier_id=handled.pk, action=Action.FORWARD)
    client.force_login(world.leader)
    page = client.get(reverse("staff-dashboard")).content.decode()
    assert cards(page)["Chờ phê duyệt hoặc ký"] == "1"
    assert f'href="{reverse("staff-approvals")}"' in page
    urgent = page.split("Việc gấp nhất</h2>")[1]
    assert handled.code in urgent
    # the working time left in words: "8 giờ làm việc", "7 giờ 12 phút làm việc", "40 phút…"
    assert re.search(r"\d+ (giờ|phút)( \d+ phút)? làm việc", urgent)


def test_the_reform_officer_sees_units_against_targets_and_the_process_audit(client, world):
    world.receive(at=None)  # this year's dossier: the units' table is this year's
    reform = staff(Role.REFORM_OFFICER, world.district.committee)
    log_in_with_second_factor(client, reform)
    page = client.get(reverse("staff-dashboard")).content.decode()
    assert "Các đơn vị so với chỉ tiêu, từ 01/01/" in page
    assert "Xã A" in page
    assert "Quy trình có lỗi nghiêm trọng" in cards(page)


def test_the_hotline_operator_sees_the_petitions_to_triage(client, hotline):
    hotline.petition_in("received")
    client.force_login(hotline.operator)
    page = client.get(reverse("staff-dashboard")).content.decode()
    assert cards(page)["Phản ánh chờ phân loại"] == "1"


def test_a_role_with_no_work_is_told_so(client, district):
    inspector = staff(Role.INSPECTOR, district.committee)
    log_in_with_second_factor(client, inspector)
    page = client.get(reverse("staff-dashboard")).content.decode()
    assert "Các đơn vị so với chỉ tiêu" in page  # inspectors read the units' figures
