"""The staff dossier pages: scoped list with filters, and the dossier page with its timeline."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from motcua.core.errors import NotFound
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import dossier_step_act
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def test_the_dossier_page_shows_the_process_and_the_timeline(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 4, 9))  # fmt: skip
    client.force_login(world.clerk)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    for text in ("Nguyễn Văn An", "07/03/2019 17:00", "Thẩm định", "tiếp nhận", "chuyển tiếp",
                 "Chờ nhận xử lý"):  # fmt: skip
        assert text in page
    assert dossier.secret not in page  # the lookup secret is the applicant's, shown once


def test_the_list_is_scoped_and_searchable_without_accents(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.clerk)
    found = client.get(reverse("staff-dossiers"), {"q": "nguyen van an"}).content.decode()
    assert dossier.code in found
    client.force_login(staff(Role.CLERK, world.district.desk_b))
    assert dossier.code not in client.get(reverse("staff-dossiers")).content.decode()
    assert client.get(reverse("staff-dossier", args=[dossier.code])).status_code == 404


def act(client, user, dossier, action, **fields):
    client.force_login(user)
    return client.post(
        reverse("staff-dossier-act", args=[dossier.code]), {"action": action, **fields},
        follow=True,
    )  # fmt: skip


def test_each_person_sees_only_the_actions_they_may_take_and_carries_them_out(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.specialist)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    assert 'name="action"' not in page  # the dossier is still at the desk
    page = act(client, world.clerk, dossier, "forward").content.decode()
    assert "Đã thực hiện: chuyển tiếp." in page
    client.force_login(world.specialist)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    for action in ("take", "forward", "request_supplement", "refuse"):
        assert f'value="{action}"' in page
    assert 'value="approve"' not in page
    act(client, world.specialist, dossier, "forward")
    page = act(client, world.leader, dossier, "sign").content.decode()  # not at the signature
    assert "Không thể “ký duyệt” ở bước" in page
    act(client, world.leader, dossier, "approve", comment="Đồng ý")
    dossier.refresh_from_db()
    assert dossier.status == "approved"
    assert list(dossier.events.values_list("action", flat=True)) == [
        "receive", "forward", "forward", "approve",
    ]  # fmt: skip


def test_a_supplementation_request_from_the_page_needs_the_documents_and_a_reason(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    act(client, world.clerk, dossier, "forward")
    page = act(client, world.specialist, dossier, "request_supplement", reason="Thiếu").content
    assert "Hãy ghi các giấy tờ người nộp phải bổ sung." in page.decode()
    act(client, world.specialist, dossier, "request_supplement", reason="Thiếu",
        items="Bản sao hộ chiếu\nGiấy xác nhận cư trú")  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.missing_items == ["Bản sao hộ chiếu", "Giấy xác nhận cư trú"]
    client.force_login(world.clerk)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    assert 'value="supply"' in page


def test_work_queues_sort_by_working_time_left_and_the_navigation_counts(client, world):
    first = world.receive(vn(2019, 3, 4, 8))
    second = world.receive(vn(2019, 3, 4, 9))
    for dossier, at in ((first, vn(2019, 3, 4, 10)), (second, vn(2019, 3, 4, 9, 30))):
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=at)
    client.force_login(world.specialist)
    page = client.get(reverse("staff-work"), {"tab": "to_take"}).content.decode()
    assert "Chờ nhận xử lý (2)" in page
    assert page.index(second.code) < page.index(first.code)  # less time left comes first
    assert '<span class="moj-notification-badge motcua-count">2<' in page
    dossier_step_act(actor=world.specialist, dossier_id=first.pk, action=Action.TAKE)
    mine = client.get(reverse("staff-work"), {"tab": "mine"}).content.decode()
    assert first.code in mine
    assert second.code not in mine
    overdue = client.get(reverse("staff-work"), {"tab": "overdue"}).content.decode()
    assert first.code in overdue  # March 2019: long past its due instant


def test_a_leader_approves_several_dossiers_at_once_and_a_stale_one_is_reported(client, world):
    dossiers = [world.receive(vn(2019, 3, 4, 8 + n)) for n in range(3)]
    for dossier in dossiers:
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
        dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD)
    client.force_login(world.leader)
    page = client.get(reverse("staff-approvals")).content.decode()
    steps = []
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.code in page
        steps.append(f"{dossier.pk}:{dossier.current_step_id}")
    # A colleague approves the last one first: the batch reports it, the others go through.
    dossier_step_act(actor=world.other_leader, dossier_id=dossiers[2].pk, action=Action.APPROVE)
    response = client.post(
        reverse("staff-approvals"),
        {"step": steps, **{f"kind-{s.split(':')[1]}": "approve" for s in steps}},
        follow=True,
    )
    page = response.content.decode()
    assert "2 hồ sơ đã xử lý." in page
    assert f"{dossiers[2].code}: Đã được Trần Thị Bé xử lý lúc" in page
    assert [d.status for d in (d.__class__.objects.get(pk=d.pk) for d in dossiers)] == [
        "approved", "approved", "approved",
    ]  # fmt: skip


def test_a_leader_approves_every_listed_dossier_with_one_button(client, world):
    dossiers = [world.receive(vn(2019, 3, 4, 8 + n)) for n in range(3)]
    for dossier in dossiers:
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
        dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD)
    client.force_login(world.leader)
    page = client.get(reverse("staff-approvals")).content.decode()
    assert "Duyệt hoặc ký cả 3 hồ sơ trong danh sách" in page
    listed = re.findall(r'name="listed" value="([0-9:]+)"', page)
    kinds = dict(re.findall(r'name="(kind-[0-9]+)" value="([a-z]+)"', page))
    response = client.post(reverse("staff-approvals"), {"all": "1", "listed": listed, **kinds},
                           follow=True)  # fmt: skip
    assert "3 hồ sơ đã xử lý." in response.content.decode()
    assert {d.__class__.objects.get(pk=d.pk).status for d in dossiers} == {"approved"}


def test_approvals_answer_foreign_and_unknown_steps_alike_and_reveal_nothing(client, world):
    # Approved at the Justice department by Trần Thị Bé; a leader of commune B may not read it.
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
    dossier = dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD)
    step_id = dossier.current_step_id
    dossier_step_act(actor=world.other_leader, dossier_id=dossier.pk, action=Action.APPROVE)
    stranger = staff(Role.DEPARTMENT_LEADER, world.district.commune_b)
    client.force_login(stranger)

    def answer(value: str) -> list[str]:
        response = client.post(
            reverse("staff-approvals"), {"step": [value], f"kind-{step_id}": "approve"}, follow=True
        )
        assert response.status_code == 200
        return [str(message) for message in response.context["messages"]]

    foreign = answer(f"{dossier.pk}:{step_id}")
    assert foreign == ["Không tìm thấy."]  # not "already handled by Trần Thị Bé at …"
    for made_up in ("999999999:1", "²:1", "1:²", "99999999999999999999999:1", "abc"):
        assert answer(made_up) == foreign


def test_an_action_on_a_dossier_out_of_scope_is_not_found_before_its_state(world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
    stranger = staff(Role.SPECIALIST, world.district.desk_b)
    with pytest.raises(NotFound):  # not "already handled", not "being handled by …"
        dossier_step_act(actor=stranger, dossier_id=dossier.pk, action=Action.TAKE, step_id=1)
    with pytest.raises(NotFound):
        dossier_step_act(actor=stranger, dossier_id=10**12, action=Action.TAKE)


def test_the_buttons_shown_are_exactly_what_the_services_accept(client, world):
    """One guard for both: every action the page offers succeeds, every other one is refused."""
    from motcua.core.errors import DomainError
    from motcua.dossiers.guards import STEP_BUTTONS
    from motcua.dossiers.selectors import available_actions
    from motcua.dossiers.services import ActionInput, dossier_act

    data = ActionInput(comment="Ý kiến", reason="Lý do", items=("Hộ chiếu",), collected_by="An")

    def walked(*route):  # a dossier of its own for each try, moved along `route`
        dossier = world.receive(vn(2019, 3, 4, 8))
        for actor, action in route:
            dossier = dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action)
        return dossier

    to_specialists = ((world.clerk, Action.FORWARD),)
    states = {
        "at the desk": (),
        "in the specialists' pool": to_specialists,
        "taken by the specialist": (*to_specialists, (world.specialist, Action.TAKE)),
        "for the leader": (*to_specialists, (world.specialist, Action.FORWARD)),
        "for the signature": (
            *to_specialists, (world.specialist, Action.FORWARD), (world.leader, Action.APPROVE)
        ),
    }  # fmt: skip
    offered_somewhere = set()
    for state, route in states.items():
        for person in (world.clerk, world.specialist, world.leader, world.chairman):
            offered = set(available_actions(person, walked(*route)))
            offered_somewhere |= offered
            for action in STEP_BUTTONS:
                dossier = walked(*route)
                try:
                    dossier_act(actor=person, dossier_id=dossier.pk, action=action, data=data)
                except DomainError:
                    accepted = False
                else:
                    accepted = True
                assert accepted == (action in offered), (state, person.username, action)
    assert offered_somewhere >= set(STEP_BUTTONS) - {Action.RETURN_RESULT}


def test_the_dossier_page_shows_its_deadline_history(client, world):
    dossier = world.awaiting_supplement()  # received 04/03/2019 08:00, paused 05/03 09:00
    world.supply(dossier, vn(2019, 3, 7, 9))  # two working days later
    client.force_login(world.clerk)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    history = page.split("Lịch sử thời hạn</h2>")[1].split("</table>")[0]
    assert history.index("04/03/2019 08:00") < history.index("05/03/2019 09:00")
    assert "tạm dừng tính thời gian" in history
    assert "11/03/2019 17:00" in history  # 07/03 17:00 moved two working days later
