"""Evidence with each self-score — files, a record of motcua, a note — and the set's deadline:
what the council reads, who may open the files, what is refused and why (nothing saved)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.org.models import Role
from motcua.par.models import CriterionScore, EvidenceFile
from tests.factories import staff

pytestmark = pytest.mark.django_db

PLAN = b"%PDF-1.4 ke hoach CCHC"


def _pages(criteria_set, assessment):
    unit = assessment.unit
    return (
        reverse("par-act", args=[criteria_set.pk, unit.code]),
        reverse("par-scorecard", args=[criteria_set.pk, unit.code]),
    )


def test_an_evidence_file_is_kept_and_opened_only_by_those_who_judge_the_unit(
    client, world, commune_set
):
    criteria_set, leaf, assessment = commune_set
    act, card = _pages(criteria_set, assessment)
    official = staff(Role.SPECIALIST, world.district.commune_a)
    client.force_login(official)
    client.post(
        act,
        {
            "action": "self",
            "criterion": leaf.pk,
            "points": "60",
            "files": [SimpleUploadedFile("ke-hoach-cchc.pdf", PLAN, "application/pdf")],
        },
    )
    [kept] = EvidenceFile.objects.all()
    assert kept.name == "ke-hoach-cchc.pdf"
    assert kept.uploaded_by == official
    page = client.get(card).content.decode()
    evidence = reverse("par-evidence", args=[kept.pk])
    assert evidence in page  # one click from the scorecard
    opened = client.get(evidence)
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == PLAN

    client.force_login(staff(Role.REFORM_OFFICER, world.district.committee))  # the council
    assert client.get(evidence).status_code == 200
    client.force_login(staff(Role.SPECIALIST, world.district.commune_b))  # another commune
    assert client.get(evidence).status_code == 404
    assert evidence not in client.get(card).content.decode()  # the name, not the file


def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_saved(client, world, commune_set):
    criteria_set, leaf, assessment = commune_set
    act, _card = _pages(criteria_set, assessment)
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    response = client.post(
        act,
        {
            "action": "self",
            "criterion": leaf.pk,
            "points": "60",
            "files": [
                SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
            ],
        },
        follow=True,
    )
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    assert not CriterionScore.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_a_criterion_that_requires_evidence_is_not_scored_without_it(client, world, commune_set):
    criteria_set, leaf, assessment = commune_set
    leaf.evidence = "Kế hoạch CCHC năm (số, ngày ban hành)"
    leaf.save()
    act, _card = _pages(criteria_set, assessment)
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    refused = client.post(
        act, {"action": "self", "criterion": leaf.pk, "points": "60"}, follow=True
    ).content.decode()
    assert "cần tài liệu kiểm chứng: Kế hoạch CCHC năm" in refused
    assert not CriterionScore.objects.exists()
    client.post(
        act,
        {
            "action": "self",
            "criterion": leaf.pk,
            "points": "60",
            "evidence": "Kế hoạch số 12/KH-UBND ngày 05/01/2026",
        },
    )
    client.post(act, {"action": "self", "criterion": leaf.pk, "points": "65"})  # note kept
    score = CriterionScore.objects.get()
    assert (score.self_score, score.evidence_note) == (
        Decimal(65),
        "Kế hoạch số 12/KH-UBND ngày 05/01/2026",
    )


def test_an_evidence_link_must_lead_to_a_record_of_motcua(client, world, commune_set):
    criteria_set, leaf, assessment = commune_set
    act, card = _pages(criteria_set, assessment)
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    elsewhere = client.post(
        act,
        {
            "action": "self",
            "criterion": leaf.pk,
            "points": "60",
            "link": "https://tailieu.example/ke-hoach",
        },
        follow=True,
    )
    assert "địa chỉ bắt đầu bằng /" in elsewhere.content.decode()
    assert not CriterionScore.objects.exists()
    nowhere = client.post(
        act,
        {"action": "self", "criterion": leaf.pk, "points": "60", "link": "/khong-co-trang-nay/"},
        follow=True,
    )
    assert "địa chỉ bắt đầu bằng /" in nowhere.content.decode()
    record = f"/staff/statistics/?period=2026&unit={assessment.unit.code}"
    client.post(act, {"action": "self", "criterion": leaf.pk, "points": "60", "link": record})
    assert CriterionScore.objects.get().evidence_link == record
    assert f'href="{record.replace("&", "&amp;")}"' in client.get(card).content.decode()


def test_after_the_deadline_the_unit_can_neither_score_nor_submit(client, world, commune_set):
    criteria_set, leaf, assessment = commune_set
    criteria_set.self_assessment_due = timezone.localdate() - timedelta(days=1)
    criteria_set.save()
    act, card = _pages(criteria_set, assessment)
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    late = client.post(
        act,
        {"action": "self", "criterion": leaf.pk, "points": "60", "evidence": "Kế hoạch"},
        follow=True,
    ).content.decode()
    assert "Đã hết hạn tự đánh giá ngày" in late
    assert "Đã hết hạn" in client.post(act, {"action": "submit"}, follow=True).content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert not CriterionScore.objects.exists()
    assert "đã hết hạn" in client.get(card).content.decode()  # the scorecard says it is closed
