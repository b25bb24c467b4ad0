"""A petition's life, its deadlines in working time, and who may do what."""

from __future__ import annotations

import pytest

from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.petitions.models import Channel, Kind, Status
from motcua.petitions.notifications import notify_petitioner
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_ask_follow_ups,
    petition_assign,
    petition_draft_answer,
    petition_escalate_overdue,
    petition_extend,
    petition_follow_up,
    petition_merge,
    petition_receive,
    petition_reject,
    petition_request_supplement,
    petition_supply,
)
from motcua.petitions.tasks import escalate_overdue_petitions
from tests.conftest import run_jobs
from tests.worlds import vn

pytestmark = pytest.mark.django_db

CALL = PetitionData(
    title="Chậm trả kết quả đăng ký kết hôn",
    content="Tôi là Nguyễn Văn An, SĐT 0912 345 678, hồ sơ trễ hẹn 5 ngày.",
    kind=Kind.DELAY_OR_HARASSMENT, channel=Channel.HOTLINE, name="Nguyễn Văn An",
    phone="0912345678", email="an@example.vn", consent_to_publish=True,
)  # fmt: skip


def test_a_call_is_triaged_answered_approved_and_published_without_personal_data(hotline, district):
    petition = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    assert petition.code.startswith("PAKN-190304-")
    assert (petition.status, petition.due_at) == (Status.RECEIVED, vn(2019, 3, 6, 17))  # triage: 2
    petition = petition_assign(
        actor=hotline.operator, petition_id=petition.pk, agency=district.justice,
        at=vn(2019, 3, 5, 9),
    )  # fmt: skip
    # 15 working days from the receipt on Monday 04/03: Friday 22/03 at closing.
    assert (petition.status, petition.due_at) == (Status.ASSIGNED, vn(2019, 3, 25, 17))
    petition = petition_draft_answer(
        actor=hotline.specialist, petition_id=petition.pk, at=vn(2019, 3, 12, 9),
        answer="Phòng Tư pháp xin lỗi ông Nguyễn Văn An; hồ sơ đã trả ngày 11/03.",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a specialist cannot approve
        petition_approve_answer(actor=hotline.specialist, petition_id=petition.pk)
    petition = petition_approve_answer(
        actor=hotline.leader, petition_id=petition.pk, at=vn(2019, 3, 13, 9),
        public_answer="Phòng Tư pháp xin lỗi ông Nguyễn Văn An (0912 345 678, an@example.vn, "
        "CCCD 001090000001); hồ sơ đã được trả ngày 11/03.",
    )  # fmt: skip
    assert petition.status == Status.ANSWERED
    assert petition.published_at == vn(2019, 3, 13, 9)
    for private in ("Nguyễn Văn An", "0912 345 678", "an@example.vn", "001090000001"):
        assert private not in petition.public_answer
    assert "hồ sơ đã được trả ngày 11/03" in petition.public_answer
    actions = list(petition.events.values_list("action", flat=True))
    assert actions == ["receive", "assign", "draft_answer", "approve_answer"]


def test_the_deadline_counts_working_days_across_tet(hotline, district):
    # Received Wednesday 30/01/2019; Tết 02–10/02 is off: 15 working days end on 27/02.
    petition = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 1, 30, 9))
    petition = petition_assign(actor=hotline.operator, petition_id=petition.pk,
                               agency=district.justice, at=vn(2019, 1, 31, 9))  # fmt: skip
    assert petition.due_at == vn(2019, 2, 27, 17)


def test_one_extension_by_the_leader_with_a_reason(hotline, district):
    petition = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    petition_assign(actor=hotline.operator, petition_id=petition.pk, agency=district.justice,
                    at=vn(2019, 3, 4, 10))  # fmt: skip
    with pytest.raises(PermissionDenied):
        petition_extend(
            actor=hotline.specialist, petition_id=petition.pk, days=5, reason="Xác minh"
        )
    with pytest.raises(DomainError):
        petition_extend(actor=hotline.leader, petition_id=petition.pk, days=5, reason=" ")
    petition = petition_extend(actor=hotline.leader, petition_id=petition.pk, days=5,
                               reason="Cần xác minh tại xã")  # fmt: skip
    assert petition.due_at == vn(2019, 4, 1, 17)  # 25/03 + 5 working days
    with pytest.raises(IllegalAction):
        petition_extend(actor=hotline.leader, petition_id=petition.pk, days=5, reason="Lần hai")


def test_overdue_petitions_escalate_once_per_deadline(hotline, district):
    petition = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    assert petition_escalate_overdue(now=vn(2019, 3, 6, 16)) == []
    assert [p.pk for p in petition_escalate_overdue(now=vn(2019, 3, 7, 8))] == [petition.pk]
    assert petition_escalate_overdue(now=vn(2019, 3, 7, 9)) == []  # once
    assert petition.events.filter(action="escalate").count() == 1


def test_rejected_merged_and_reopened_petitions(hotline, district):
    first = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    again = (
        petition_receive(data=CALL, channel_override=None)
        if False
        else petition_receive(data=CALL, at=vn(2019, 3, 4, 10))
    )  # the same matter, from the web form
    merged = petition_merge(actor=hotline.operator, petition_id=again.pk, into_id=first.pk)
    assert (merged.status, merged.merged_into_id) == (Status.MERGED, first.pk)
    complaint = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 11))
    with pytest.raises(DomainError):
        petition_reject(actor=hotline.operator, petition_id=complaint.pk, reason="")
    rejected = petition_reject(actor=hotline.operator, petition_id=complaint.pk,
                               reason="Khiếu nại, giải quyết theo Luật Khiếu nại")  # fmt: skip
    assert rejected.status == Status.REJECTED
    with pytest.raises(PermissionDenied):  # only the hotline office triages
        petition_assign(actor=hotline.specialist, petition_id=first.pk, agency=district.justice)
    petition_assign(actor=hotline.operator, petition_id=first.pk, agency=district.justice,
                    at=vn(2019, 3, 5, 9))  # fmt: skip
    petition_draft_answer(actor=hotline.specialist, petition_id=first.pk, answer="Đã xử lý.")
    petition_approve_answer(actor=hotline.leader, petition_id=first.pk, at=vn(2019, 3, 8, 9))
    reopened = petition_follow_up(petition_id=first.pk, resolved=False, at=vn(2019, 3, 15, 9))
    assert (reopened.status, reopened.resolved) == (Status.REOPENED, False)
    assert reopened.due_at == vn(2019, 3, 19, 17)  # back to the office: 2 working days
    assert not reopened.published_at  # no public text was given


def test_the_office_operators_are_emailed_once_about_an_overdue_petition(hotline, mailoutbox):
    petition = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    assert escalate_overdue_petitions.call() == 1  # long past its triage deadline today
    assert escalate_overdue_petitions.call() == 0
    [message] = mailoutbox
    assert message.to == [hotline.operator.email]
    assert petition.code in message.subject
    assert "an@example.vn" not in message.body  # the petitioner stays out of staff mail too


@pytest.mark.django_db(transaction=True)
def test_petitioners_hear_of_receipt_answer_and_follow_up_once(hotline, district, job_queue,
                                                              mailoutbox):  # fmt: skip
    first = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    duplicate = petition_receive(
        data=PetitionData(title="Trễ hẹn", content="Hồ sơ trễ", email="binh@example.vn"),
        at=vn(2019, 3, 4, 10),
    )
    run_jobs(job_queue)
    assert {m.to[0] for m in mailoutbox} == {"an@example.vn", "binh@example.vn"}
    assert first.secret in mailoutbox[0].body or first.secret in mailoutbox[1].body
    petition_merge(actor=hotline.operator, petition_id=duplicate.pk, into_id=first.pk)
    petition_assign(actor=hotline.operator, petition_id=first.pk, agency=district.justice,
                    at=vn(2019, 3, 5, 9))  # fmt: skip
    petition_draft_answer(actor=hotline.specialist, petition_id=first.pk, answer="Đã trả hồ sơ.")
    petition_approve_answer(actor=hotline.leader, petition_id=first.pk, at=vn(2019, 3, 8, 9))
    run_jobs(job_queue)
    answers = [m for m in mailoutbox if m.subject.startswith("Trả lời phản ánh")]
    assert {m.to[0] for m in answers} == {"an@example.vn", "binh@example.vn"}
    to_duplicate = next(m for m in answers if m.to == ["binh@example.vn"])
    assert duplicate.code in to_duplicate.body
    assert "Đã trả hồ sơ." in to_duplicate.body
    assert first.secret not in to_duplicate.body  # each petitioner gets their own link
    assert petition_ask_follow_ups(now=vn(2019, 3, 14, 9)) == []  # 4 working days
    assert len(petition_ask_follow_ups(now=vn(2019, 3, 15, 18))) == 1
    assert petition_ask_follow_ups(now=vn(2019, 3, 18, 9)) == []  # once
    run_jobs(job_queue)
    run_jobs(job_queue)
    asked = [m for m in mailoutbox if "đã được giải quyết chưa" in m.subject]
    assert len(asked) == 1
    assert f"/petitions/{first.code}?s={first.secret}" in asked[0].body


def test_each_kind_may_have_its_own_answer_deadline(hotline, district, settings):
    settings.MOTCUA_PETITION_ANSWER_DAYS = {"question": 5}
    question = petition_receive(
        data=PetitionData(title="Hỏi về lệ phí", content="Lệ phí bao nhiêu?", kind=Kind.QUESTION),
        at=vn(2019, 3, 4, 9),
    )
    question = petition_assign(actor=hotline.operator, petition_id=question.pk,
                               agency=district.justice)  # fmt: skip
    assert question.due_at == vn(2019, 3, 11, 17)  # 5 working days from Monday 04/03


def test_an_action_the_state_does_not_allow_is_a_conflict(hotline):
    received = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    with pytest.raises(IllegalAction) as refused:  # nothing was answered yet
        petition_follow_up(petition_id=received.pk, resolved=True)
    assert refused.value.http_status == 409  # as for dossiers: the API's 409, not 400


def test_the_hotline_walks_a_petition_into_every_state_but_the_unused_one(hotline):
    reachable = [status for status in Status if status != Status.APPROVED]  # answers go out at once
    for wanted in reachable:
        assert hotline.petition_in(wanted).status == wanted


def test_publication_keeps_no_trace_of_the_petitioner(hotline, district):
    from motcua.petitions.selectors import published_answers
    from motcua.petitions.services import scrub

    call = PetitionData(
        title="Ông Tám phản ánh chậm trả kết quả",
        content="Nội dung", kind=Kind.DELAY_OR_HARASSMENT, channel=Channel.HOTLINE,
        name="Lê Văn Tám", phone="0912345678", address="Thôn Đông 12, xã A",
        consent_to_publish=True,
    )  # fmt: skip
    petition = petition_receive(data=call, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    petition_assign(actor=hotline.operator, petition_id=petition.pk, agency=district.justice)
    petition_draft_answer(actor=hotline.specialist, petition_id=petition.pk, answer="Đã xử lý.")
    published = petition_approve_answer(
        actor=hotline.leader, petition_id=petition.pk,
        public_answer="Gửi ông Tám (Le Van Tam), thôn đông 12: hồ sơ đã được trả; "
        "chị Hoa ở xã B không liên quan.",
    )  # fmt: skip
    text = published.public_answer
    for trace in ("Tám", "Tam", "Le Van", "đông 12", "Đông 12"):
        assert trace not in text
    assert "ông ***" in text
    assert "chị Hoa" in text  # someone else's name is not the petitioner's
    assert scrub(published.title, published) == "Ông *** phản ánh chậm trả kết quả"
    assert not published_answers("tam").exists()  # the index holds no raw title
    assert published_answers("tra ket qua").exists()


def test_asking_the_petitioner_stops_the_clock_until_the_information_comes(
    hotline, district, mailoutbox
):
    petition = petition_receive(data=CALL, actor=hotline.operator, at=vn(2019, 3, 4, 9))
    petition = petition_assign(actor=hotline.operator, petition_id=petition.pk,
                               agency=district.justice, at=vn(2019, 3, 4, 10))  # fmt: skip
    due = petition.due_at
    assert due is not None
    with pytest.raises(PermissionDenied):  # another agency's staff
        petition_request_supplement(actor=hotline.operator.__class__.objects.create(
            username="x"), petition_id=petition.pk, request="?")  # fmt: skip
    with pytest.raises(DomainError):
        petition_request_supplement(actor=hotline.specialist, petition_id=petition.pk, request=" ")
    petition = petition_request_supplement(
        actor=hotline.specialist, petition_id=petition.pk, request="Số hồ sơ bị trễ",
        at=vn(2019, 3, 6, 9),
    )  # fmt: skip
    assert petition.status == Status.AWAITING_PETITIONER
    request = petition.events.get(action="request_supplement")
    assert request.data["on_time"] is True  # within 5 working days of the assignment
    assert notify_petitioner(request.pk) == 2  # email and SMS
    asked = [m for m in mailoutbox if "bổ sung thông tin" in m.subject]
    assert len(asked) == 1
    assert "Số hồ sơ bị trễ" in asked[0].body
    # Paused: not overdue while waiting, whatever the date.
    assert petition_escalate_overdue(now=vn(2019, 5, 1, 9)) == []
    with pytest.raises(IllegalAction):
        petition_draft_answer(actor=hotline.specialist, petition_id=petition.pk, answer="Sớm")
    petition = petition_supply(
        actor=hotline.operator, petition_id=petition.pk, information="Hồ sơ BX-190301-0003",
        at=vn(2019, 3, 8, 9),
    )  # fmt: skip
    assert petition.status == Status.ASSIGNED
    assert petition.due_at == due + (
        vn(2019, 3, 12, 9) - vn(2019, 3, 10, 9)
    )  # 2 working days later
