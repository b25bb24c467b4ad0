"""A commune scores itself with evidence and submits (then it is locked); the council appraises
one criterion down with a reason and publishes; the ranking shows the change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.org.models import Role
from motcua.par.models import AssessmentStatus
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_self_assessment_appraisal_and_publication(client, world, commune_set):
    criteria_set, leaf, assessment = commune_set
    unit = assessment.unit
    officer = staff(Role.SPECIALIST, world.district.commune_a)  # an official of Xã A
    council = staff(Role.REFORM_OFFICER, world.district.committee)
    act = reverse("par-act", args=[criteria_set.pk, unit.code])
    card = reverse("par-scorecard", args=[criteria_set.pk, unit.code])

    client.force_login(officer)
    offered = client.get(card).content.decode()
    assert offered.count('value="self"') == 1  # the form is offered, once, in the page's body
    assert "<form" not in offered.split("<title>")[1].split("</title>")[0]
    too_many = client.post(
        act, {"action": "self", "criterion": leaf.pk, "points": "71"}, follow=True
    )
    assert "từ 0 đến 70" in too_many.content.decode()
    client.post(act, {"action": "self", "criterion": leaf.pk, "points": "68,5",
                      "evidence": "Kế hoạch số 12/KH-UBND ngày 05/01/2026"})  # fmt: skip
    client.post(act, {"action": "submit"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    locked = client.post(act, {"action": "self", "criterion": leaf.pk, "points": "70"}, follow=True)
    assert "không thể thay đổi" in locked.content.decode()  # submitted: locked
    assert client.post(act, {"action": "publish"}).status_code == 403  # the unit cannot publish
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED  # only the council publishes

    client.force_login(council)
    no_reason = client.post(act, {"action": "appraise", "criterion": leaf.pk, "points": "60"},
                            follow=True)  # fmt: skip
    assert "lý do" in no_reason.content.decode().lower()
    client.post(act, {"action": "appraise", "criterion": leaf.pk, "points": "60",
                      "reason": "Kế hoạch ban hành chậm"})  # fmt: skip
    client.post(act, {"action": "publish"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.PUBLISHED
    late = client.post(act, {"action": "appraise", "criterion": leaf.pk, "points": "50",
                             "reason": "thử"}, follow=True)  # fmt: skip
    assert "trước khi công bố" in late.content.decode()  # an appraisal after publication: refused

    ranking = client.get(reverse("par-ranking", args=[criteria_set.pk])).content.decode()
    row = ranking.split(unit.name)[1].split("</tr>")[0]
    assert "85,50" in row or "85.50" in row  # 60 appraised + 25.5 survey, not 68.5 + 25.5
    page = client.get(card).content.decode()
    assert "Kế hoạch ban hành chậm" in page  # the unit reads why
    assert "Kế hoạch số 12/KH-UBND" in page


def test_an_official_of_another_unit_cannot_score_it(client, world, commune_set):
    criteria_set, leaf, assessment = commune_set
    stranger = staff(Role.SPECIALIST, world.district.commune_b)
    client.force_login(stranger)
    act = reverse("par-act", args=[criteria_set.pk, assessment.unit.code])
    response = client.post(act, {"action": "self", "criterion": leaf.pk, "points": "70"})
    assert response.status_code == 403
    assert not assessment.scores.exists()


def test_the_council_records_the_survey_points_with_their_source(client, world, commune_set):
    criteria_set, _leaf, assessment = commune_set
    act = reverse("par-act", args=[criteria_set.pk, assessment.unit.code])
    card = reverse("par-scorecard", args=[criteria_set.pk, assessment.unit.code])
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    assert client.post(act, {"action": "survey", "survey": "30", "source": "x"}).status_code == 403
    client.force_login(staff(Role.REFORM_OFFICER, world.district.committee))
    too_many = client.post(act, {"action": "survey", "survey": "31", "source": "Báo cáo 7/BC"},
                           follow=True)  # fmt: skip
    assert "từ 0 đến 30" in too_many.content.decode()
    no_source = client.post(act, {"action": "survey", "survey": "27,4"}, follow=True)
    assert "điểm điều tra lấy từ đâu" in no_source.content.decode()
    assessment.refresh_from_db()
    assert assessment.survey_score == Decimal("25.5")  # unchanged by the refusals
    client.post(act, {"action": "survey", "survey": "27,4",
                      "source": "Báo cáo điều tra XHH số 7/BC-SNV"})  # fmt: skip
    page = client.get(card).content.decode()
    assert "27,40" in page
    assert "Báo cáo điều tra XHH số 7/BC-SNV" in page
    assessment.status = AssessmentStatus.PUBLISHED
    assessment.save()
    late = client.post(act, {"action": "survey", "survey": "20", "source": "x"}, follow=True)
    assert "không thể thay đổi" in late.content.decode()
