"""The procedure page says everything a citizen needs to file (documents and their forms, the
steps, where and when to go), and online submission goes only where someone receives it."""

from __future__ import annotations

from datetime import time

from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.workcal.models import OfficeHours


def test_the_page_shows_the_desk_with_its_address_hours_and_the_steps(client, world):
    desk = world.district.desk_a
    desk.address = "Thôn Đông, xã A"
    desk.phone = "0211 3888 999"
    desk.save()
    OfficeHours.objects.create(
        agency=desk, morning_start=time(7, 0), morning_end=time(11, 30),
        afternoon_start=time(13, 30), afternoon_end=time(17, 0), saturday_morning_reception=True,
    )  # fmt: skip
    page = client.get(reverse("portal-procedure", args=["1.000894"])).content.decode()
    assert "Thôn Đông, xã A" in page
    assert 'href="tel:02113888999"' in page
    assert "Thứ Hai đến thứ Sáu, 07:00–11:30, 13:30–17:00" in page
    assert "sáng thứ Bảy (chỉ tiếp nhận hồ sơ)" in page
    assert "Hồ sơ được giải quyết thế nào" in page
    assert "Thẩm định — Chuyên viên" in page  # the internal process, in the citizen's words
    assert "1 bản chính" in page
    assert "0 bản" not in page  # a document asked for without a number says nothing of it
    assert "Nộp hồ sơ trực tuyến" in page


def test_online_submission_offers_only_desks_where_someone_receives(client, world):
    # Desk B has the same process but no clerk: its audit finds a blocking gap.
    world.process_at(world.district.desk_b)
    form = client.get(reverse("portal-submit", args=["1.000894"]), follow=True).content.decode()
    # A single desk to submit to: the question "where" is not even asked.
    assert "Nộp hồ sơ ở đâu?" not in form
    assert "Ai nộp hồ sơ?" in form
    assert world.district.desk_b.name not in form


def test_without_a_staffed_desk_there_is_no_online_submission(client, world):
    world.clerk.positions.all().delete()  # desk A loses its only clerk
    page = client.get(reverse("portal-procedure", args=["1.000894"])).content.decode()
    assert "Nộp hồ sơ trực tuyến" not in page
    assert client.get(reverse("portal-submit", args=["1.000894"])).status_code == 404


def test_each_page_asks_one_thing_and_the_answers_are_kept_going_back(client, world):
    world.clerk.positions.create(agency=world.district.desk_b, role="clerk")
    world.process_at(world.district.desk_b)
    start = client.get(reverse("portal-submit", args=["1.000894"]))
    where = client.get(start["Location"]).content.decode()
    assert "Nộp hồ sơ ở đâu?" in where  # two desks: the citizen chooses, nothing pre-chosen
    assert "bước 1 trên 4" in where
    assert "checked" not in where.split("Nộp hồ sơ ở đâu?")[1].split("</form>")[0]
    unanswered = client.post(start["Location"], {}).content.decode()
    assert "Có lỗi cần sửa" in unanswered  # the error summary
    who = client.post(start["Location"], {"agency": world.district.desk_b.pk})
    page = who["Location"]
    client.post(page, {"kind": "person", "name": "Phạm Thị Hoa", "id_number": ""})
    again = client.get(page).content.decode()  # back to the page: the answer is still there
    assert 'value="Phạm Thị Hoa"' in again
    assert "(không bắt buộc)" in again  # the ID number is optional, and says so


def test_the_documents_page_without_the_answers_sends_back_to_the_first_question(client, world):
    documents = reverse("portal-submit-step", args=["1.000894", "documents"])
    response = client.get(documents)
    assert response["Location"] == reverse("portal-submit-step", args=["1.000894", "who"])
    client.post(response["Location"], {"kind": "person", "name": "Phạm Thị Hoa"})
    response = client.get(documents)  # the contact is still missing
    assert response["Location"] == reverse("portal-submit-step", args=["1.000894", "contact"])
    assert not Dossier.objects.exists()
