"""The petition screens: the operator's fast entry and triage, the agency's answer, the leader's
approval; the citizen's filing, tracking, follow-up and the published answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.petitions.models import Channel, Petition, Status
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
    petition_receive,
)
from tests.factories import AgencyFactory
from tests.worlds import pdf_text

pytestmark = pytest.mark.django_db

CALL = {
    "title": "Cán bộ một cửa xã A đòi thêm giấy tờ", "kind": "delay", "channel": "hotline",
    "content": "Ông Lê Văn Tám (0987 654 321) bị yêu cầu nộp thêm bản sao sổ hộ khẩu.",
    "name": "Lê Văn Tám", "phone": "0987654321", "email": "", "location": "Xã A",
    "dossier_code": "", "consent_to_publish": "on",
}  # fmt: skip


def test_a_call_from_entry_to_a_published_answer(client, hotline, district):
    client.force_login(hotline.operator)
    page = client.post(reverse("petitions-hotline"), CALL, follow=True).content.decode()
    petition = Petition.objects.get()
    assert (petition.channel, petition.status) == ("hotline", Status.RECEIVED)
    assert petition.code in page
    assert petition.secret in page  # read out to the caller
    client.post(
        reverse("petitions-triage", args=[petition.code]),
        {"outcome": "assign", "agency": district.justice.pk, "kind": "delay"},
    )
    petition.refresh_from_db()
    assert (petition.status, petition.agency) == (Status.ASSIGNED, district.justice)

    client.force_login(hotline.specialist)
    assert petition.code in client.get(reverse("petitions-list")).content.decode()
    detail = reverse("petitions-detail", args=[petition.code])
    client.post(detail, {"action": "draft", "answer": "Yêu cầu thêm sổ hộ khẩu là sai quy định."})
    client.force_login(hotline.leader)
    client.post(
        detail,
        {"action": "approve", "public_answer": "Ông Lê Văn Tám (0987 654 321): yêu cầu thêm sổ "
         "hộ khẩu là sai quy định; cán bộ đã được nhắc nhở."},
    )  # fmt: skip
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED

    found = client.get(reverse("petitions-answers"), {"q": "so ho khau"}).content.decode()
    assert "cán bộ đã được nhắc nhở" in found
    for private in ("Lê Văn Tám", "0987 654 321", "0987654321"):
        assert private not in found
    nothing = client.get(reverse("petitions-answers"), {"q": "khai sinh"}).content.decode()
    assert "cán bộ đã được nhắc nhở" not in nothing


def test_the_hotline_screen_is_for_operators(client, hotline):
    client.force_login(hotline.specialist)
    assert client.get(reverse("petitions-hotline")).status_code == 404


def test_a_citizen_files_tracks_and_says_it_was_not_resolved(client, hotline, district):
    form = {**CALL, "channel": "", "email": "tam@example.vn"}
    response = client.post(reverse("petitions-file"), form)
    petition = Petition.objects.get()
    assert petition.channel == "web"
    assert response["Location"].endswith(f"?s={petition.secret}&new=1")
    page = client.get(response["Location"]).content.decode()
    assert petition.secret in page
    wrong = client.get(f"{reverse('petitions-track', args=[petition.code])}?s=AAAAAAAA")
    assert wrong.status_code == 404
    no_contact = client.post(reverse("petitions-file"), {**form, "email": "", "phone": ""})
    assert "số điện thoại" in no_contact.content.decode()
    assert Petition.objects.count() == 1

    petition_assign(actor=hotline.operator, petition_id=petition.pk, agency=district.justice)
    petition_draft_answer(actor=hotline.specialist, petition_id=petition.pk, answer="Đã xử lý.")
    petition_approve_answer(actor=hotline.leader, petition_id=petition.pk)
    track = f"{reverse('petitions-track', args=[petition.code])}?s={petition.secret}"
    assert "Đã xử lý." in client.get(track).content.decode()
    client.post(
        reverse("petitions-follow-up", args=[petition.code]),
        {"s": petition.secret, "resolved": "no"},
    )
    petition.refresh_from_db()
    assert petition.status == Status.REOPENED
    client.force_login(hotline.operator)
    assert petition.code in client.get(reverse("petitions-hotline")).content.decode()  # to triage


def test_the_approved_answer_prints_as_a_letter(client, hotline, district):
    petition = petition_receive(
        data=PetitionData(title="Trả kết quả chậm", content="Hồ sơ trễ hẹn.", name="Lê Văn Tám",
                          channel=Channel.LETTER),
        actor=hotline.operator,
    )  # fmt: skip
    petition_assign(actor=hotline.operator, petition_id=petition.pk, agency=district.justice)
    petition_draft_answer(actor=hotline.specialist, petition_id=petition.pk,
                          answer="Hồ sơ đã được trả ngày 11/03.")  # fmt: skip
    letter = reverse("petitions-letter", args=[petition.code])
    client.force_login(hotline.leader)
    assert client.get(letter).status_code == 400  # not approved yet
    petition_approve_answer(actor=hotline.leader, petition_id=petition.pk)
    response = client.get(letter)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", " ")
    assert "VĂN BẢN TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ" in text
    assert "Kính gửi: Lê Văn Tám" in text
    assert "Hồ sơ đã được trả ngày 11/03." in text
    assert hotline.leader.get_full_name() in text


def test_a_citizen_attaches_a_photo_only_staff_may_open(client, hotline, settings):
    photo = SimpleUploadedFile("o-ga.png", b"\x89PNG\r\n\x1a\nanh chup", "image/png")
    form = {**CALL, "channel": "", "email": "tam@example.vn", "attachments": [photo]}
    client.post(reverse("petitions-file"), form)
    petition = Petition.objects.get()
    attachment = petition.attachments.get()
    link = reverse("petitions-attachment", args=[petition.code, attachment.pk])
    assert client.get(link).status_code in (302, 403)  # not for the public
    client.force_login(hotline.operator)
    assert link in client.get(reverse("petitions-detail", args=[petition.code])).content.decode()
    assert client.get(link)["Content-Type"] == "image/png"

    fake = SimpleUploadedFile("o-ga.png", b"<svg onload=alert(1)>", "image/png")
    client.logout()
    page = client.post(reverse("petitions-file"), {**form, "attachments": [fake]}).content.decode()
    assert "PDF, JPEG hoặc PNG" in page
    assert Petition.objects.count() == 1
    assert len([p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]) == 1


def test_ids_past_999_stay_plain_in_forms(client, hotline):
    """With grouped numbers, agency 1418 was offered as "1.418" and the triage failed."""
    AgencyFactory.create(pk=1418, name="Phòng Văn hóa và Thông tin")
    petition_receive(data=PetitionData(title="Hỏi", content="Hỏi"), actor=hotline.operator)
    client.force_login(hotline.operator)
    page = client.get(reverse("petitions-hotline")).content.decode()
    assert 'value="1418"' in page


def test_the_public_form_does_not_tell_whether_a_dossier_code_exists(client, hotline, district):
    form = {**CALL, "channel": "", "email": "tam@example.vn", "dossier_code": "BX-190304-0001"}
    answer = client.post(reverse("petitions-file"), form)
    assert answer.status_code == 302  # filed: not "no dossier has this code"
    petition = Petition.objects.get()
    assert petition.dossier is None
    assert petition.given_dossier_code == "BX-190304-0001"
    client.force_login(hotline.operator)
    detail = client.get(reverse("petitions-detail", args=[petition.code])).content.decode()
    assert "BX-190304-0001" in detail  # the office sees what was written, and that it matched none


def test_petition_statistics_count_what_the_user_may_read_and_keep_answers_on_time(
    client, hotline, district
):
    from django.utils import timezone

    from motcua.org.models import Role
    from motcua.petitions.models import Status as PetitionStatus
    from motcua.petitions.selectors import petition_statistics, petitions_for
    from tests.factories import staff

    closed = hotline.petition_in(PetitionStatus.CLOSED)  # answered on time, then closed
    assert closed.due_at is None  # closing clears the deadline in force...
    today = timezone.localdate()
    [row] = petition_statistics(petitions_for(hotline.specialist), today, today)
    assert (row.answered, row.answered_on_time) == (1, 1)  # ...not the one the answer was held to

    # Someone of another agency sees none of Justice's petitions in their counts.
    stranger = staff(Role.SPECIALIST, district.desk_b)
    assert petition_statistics(petitions_for(stranger), today, today) == []
    client.force_login(stranger)
    page = client.get(reverse("petitions-list")).content.decode()
    assert district.justice.name not in page


def test_the_leader_publishes_an_answer_after_sending_it(client, hotline, district):
    from motcua.petitions.models import PetitionEvent
    from motcua.petitions.models import Status as PetitionStatus

    answered = hotline.petition_in(PetitionStatus.ANSWERED)  # sent without a public text
    assert answered.published_at is None
    detail = reverse("petitions-detail", args=[answered.code])
    client.force_login(hotline.specialist)  # not the leader: refused, nothing published
    client.post(detail, {"action": "publish", "public_answer": "Hồ sơ đã được trả."})
    answered.refresh_from_db()
    assert answered.published_at is None
    client.force_login(hotline.leader)
    client.post(
        detail, {"action": "publish", "public_answer": "Ông An (0912345678): hồ sơ đã trả."}
    )
    answered.refresh_from_db()
    assert answered.published_at is not None
    assert "0912345678" not in answered.public_answer
    event = PetitionEvent.objects.get(petition=answered, action="publish")
    assert event.data["on_time"] is True  # within 2 working days of the answer
    found = client.get(reverse("petitions-answers"), {"q": "ho so da tra"}).content.decode()
    assert "hồ sơ đã trả" in found
    again = client.post(
        detail, {"action": "publish", "public_answer": "Lần hai"}, follow=True
    ).content.decode()
    assert "đã được công bố" in again


def test_an_agency_leader_transfers_a_petition_to_the_competent_agency(client, hotline, district):
    from motcua.petitions.models import PetitionEvent
    from motcua.petitions.models import Status as PetitionStatus

    assigned = hotline.petition_in(PetitionStatus.ASSIGNED)  # to Justice
    detail = reverse("petitions-detail", args=[assigned.code])
    client.force_login(hotline.leader)
    for bad in ({"agency": "abc"}, {"agency": str(district.commune_a.pk), "reason": ""}):
        client.post(detail, {"action": "transfer", "reason": "Không thuộc thẩm quyền", **bad})
        assigned.refresh_from_db()
        assert assigned.agency == district.justice  # refused, nothing moved
    client.post(detail, {"action": "transfer", "agency": district.commune_a.pk,
                         "reason": "Thuộc thẩm quyền UBND xã A"})  # fmt: skip
    assigned.refresh_from_db()
    assert (assigned.agency, assigned.status) == (district.commune_a, PetitionStatus.ASSIGNED)
    event = PetitionEvent.objects.get(petition=assigned, action="transfer")
    assert event.data["on_time"] is True  # within 5 working days of the assignment
    # Justice's specialist no longer sees it; the triage screen refuses a non-numeric agency.
    client.force_login(hotline.specialist)
    assert client.get(detail).status_code == 404
