"""Tracking with the code and its secret: what the applicant sees, what nobody else learns."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.services import (
    ApplicantData,
    dossier_return_result,
    dossier_step_act,
)
from motcua.portal.models import Rating
from motcua.portal.tracking import forget, keep_page, opened, tracking
from tests.portal.conftest import scan
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def without_tokens(content: bytes) -> bytes:
    """The page without its CSRF tokens (masked afresh for every response) and without the
    address it was asked at (the language links return there)."""
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": "|\?next=)[^"]+', b"", content)


def track_url(dossier, secret=None) -> str:
    return f"{reverse('portal-track-dossier', args=[dossier.code])}?s={secret or dossier.secret}"


def test_the_qr_link_shows_status_steps_and_appointment_but_no_names(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 4, 9))  # fmt: skip
    page = client.get(track_url(dossier)).content.decode()
    assert "Đang giải quyết" in page
    assert "07/03/2019 17:00" in page  # the appointment, in the screens' one date format
    assert world.district.justice.name in page  # where it is: the agency
    assert "Chuyển xử lý" in page
    for private in (
        world.clerk.get_full_name(),
        world.specialist.get_full_name(),
        dossier.applicant_name,
        dossier.applicant_phone,
        dossier.applicant_id_number,
    ):
        assert private not in page  # fmt: skip


def test_a_wrong_secret_and_an_unknown_code_get_the_same_answer(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    wrong = client.get(track_url(dossier, secret="AAAAAAAA"))
    unknown = client.get(
        f"{reverse('portal-track-dossier', args=['A0004-190304-9999'])}?s=AAAAAAAA"
    )
    assert wrong.status_code == unknown.status_code == 404
    assert without_tokens(wrong.content) == without_tokens(unknown.content)
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này" in wrong.content.decode()
    receipt = reverse("portal-track-receipt", args=[dossier.code])
    assert client.get(f"{receipt}?s=AAAAAAAA").status_code == 404
    assert client.get(f"{receipt}?s={dossier.secret}")["Content-Type"] == "application/pdf"


def test_guessing_one_codes_secret_is_stopped_from_any_address(world, settings, rate_window):
    settings.MOTCUA_TRACK_TRIES_PER_CODE = 3
    dossier = world.receive(vn(2019, 3, 4, 8))
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{n}")
        .get(track_url(dossier, secret=f"WRONG{n:03d}"))
        .status_code
        for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    blocked = Client(REMOTE_ADDR="10.0.0.9").get(track_url(dossier))  # even the right secret
    assert blocked.status_code == 429
    assert "Vui lòng chờ một phút" in blocked.content.decode()


def test_each_address_is_limited_with_a_vietnamese_429(client, world, settings, rate_window):
    settings.MOTCUA_PUBLIC_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get(reverse("portal-track")).status_code == 200
    response = client.get(reverse("portal-track"))
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_the_applicant_supplies_the_requested_documents_from_the_tracking_page(client, world):
    dossier = world.awaiting_supplement()
    page = client.get(track_url(dossier)).content.decode()
    assert "Bản sao hộ chiếu" in page
    assert reverse("portal-track-supply", args=[dossier.code]) in page
    client.post(
        reverse("portal-track-supply", args=[dossier.code]),
        {"s": dossier.secret, "files": [scan("ho-chieu.pdf")]},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROGRESS
    supply = dossier.events.get(action="supply")
    assert supply.actor is None  # the applicant, online
    assert dossier.components.filter(name="Giấy tờ bổ sung 1").exclude(file="").exists()


ANSWERS = {"overall": "5", "attitude": "4", "time_taken": "5", "clarity": "3", "visits": "1",
           "unofficial_payment": "no", "comment": "Cán bộ nhiệt tình"}  # fmt: skip


def test_rating_comes_after_the_return_and_only_once(
    client, world, django_capture_on_commit_callbacks
):
    dossier = world.sign(world.receive(vn(2019, 3, 4, 8)), at=vn(2019, 3, 5, 9))
    rate = reverse("portal-track-rate", args=[dossier.code])
    assert "Ông/bà đánh giá thế nào?" not in client.get(track_url(dossier)).content.decode()
    client.post(rate, {"s": dossier.secret, **ANSWERS})
    assert not Rating.objects.exists()  # not returned yet
    with django_capture_on_commit_callbacks(execute=True):  # the action's commit
        dossier_return_result(actor=world.clerk, dossier_id=dossier.pk, collected_by="An",
                              at=vn(2019, 3, 6, 9))  # fmt: skip
    assert "Ông/bà đánh giá thế nào?" in client.get(track_url(dossier)).content.decode()
    client.post(rate, {"s": dossier.secret, **ANSWERS})
    second = client.post(rate, {"s": dossier.secret, **ANSWERS, "overall": "1"}, follow=True)
    rating = Rating.objects.get()
    assert (rating.overall, rating.unofficial_payment, rating.visits) == (5, False, "1")
    assert "đã được đánh giá" in second.content.decode()
    assert client.post(rate, {"s": "AAAAAAAA", **ANSWERS}).status_code == 404


def test_html_in_every_field_is_shown_as_text(client, world):
    script = "<script>alert(1)</script>"
    dossier = world.receive(
        vn(2019, 3, 4, 8),
        applicant=ApplicantData(name=f"An {script}", address=script, id_number="1" + script[:20],
                                phone="09" + script[:20], email=""),
    )  # fmt: skip
    staff = Client()
    staff.force_login(world.clerk)
    for page in (
        staff.get(reverse("staff-dossier", args=[dossier.code])),
        staff.get(reverse("staff-dossiers")),
        client.get(track_url(dossier)),
    ):
        html = page.content.decode()
        assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
        in staff.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    )


def test_a_repeated_lookup_costs_no_query_and_follows_every_change(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    dossier = world.receive(vn(2019, 3, 4, 8))
    assert "Đã tiếp nhận" in client.get(track_url(dossier)).content.decode()
    with django_assert_num_queries(0):
        assert client.get(track_url(dossier)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the action's commit
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD,
                         at=vn(2019, 3, 4, 9))  # fmt: skip
    assert "Đang giải quyết" in client.get(track_url(dossier)).content.decode()


def test_the_language_link_switches_and_comes_back_to_the_same_page(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    page = client.get(track_url(dossier)).content.decode()
    assert 'hreflang="en"' in page
    response = client.get(reverse("switch-language", args=["en"]), {"next": track_url(dossier)})
    assert response["Location"] == track_url(dossier)
    assert "Received" in client.get(track_url(dossier)).content.decode()
    elsewhere = client.get(
        reverse("switch-language", args=["vi"]), {"next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == "/"
    assert client.get(reverse("switch-language", args=["fr"])).status_code == 404


def test_a_page_rendered_before_a_change_is_not_kept_after_it(
    world, django_capture_on_commit_callbacks
):
    dossier = world.receive(vn(2019, 3, 4, 8))
    before = opened(tracking(dossier.code))  # type: ignore[arg-type]  # a lookup starts rendering...
    with django_capture_on_commit_callbacks(execute=True):  # ...the dossier moves meanwhile
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD,
                         at=vn(2019, 3, 4, 9))  # fmt: skip
    keep_page(before, "<p>Đã tiếp nhận</p>")
    after = opened(tracking(dossier.code))  # type: ignore[arg-type]
    assert after.page == ""
    assert "Đang giải quyết" in after.body


def test_a_wrong_secret_costs_the_same_for_a_real_code_as_for_a_made_up_one(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    dossier = world.receive(vn(2019, 3, 4, 8))
    with django_capture_on_commit_callbacks(execute=True):
        forget(dossier.code)
    made_up = dossier.code[:-4] + "9999"
    for code in (dossier.code, made_up):  # cold cache: one single-row query each, nothing rendered
        with django_assert_num_queries(1):
            response = client.get(reverse("portal-track-dossier", args=[code]), {"s": "SAI"})
        assert response.status_code == 404
        assert "portal/_track_body.html" not in [t.name for t in response.templates]
    right = client.get(reverse("portal-track-dossier", args=[dossier.code]), {"s": dossier.secret})
    assert "portal/_track_body.html" in [t.name for t in right.templates]
