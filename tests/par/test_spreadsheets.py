"""The spreadsheets a reform office and a unit fill in: a criteria set exported and imported
back gives the same set; a unit's filled-in scorecard becomes its self-scores; a wrong file is
refused with every wrong row named, and nothing is saved."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from motcua.org.demo import load_demo_organisation
from motcua.org.models import Role, UnitKind
from motcua.par.demo import load_demo
from motcua.par.models import Assessment, CriteriaSet, CriterionScore
from motcua.par.services import criteria_set_export
from tests.factories import staff

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _criteria(criteria_set):
    return [
        (
            c.code,
            c.parent.code if c.parent else "",
            c.name,
            c.max_points,
            c.rule,
            c.bands,
            c.threshold,
            c.measure,
            c.evidence,
        )
        for c in criteria_set.criteria.order_by("position")
    ]


def _edited(content: bytes, edits: dict[str, Any]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    for cell, value in edits.items():
        sheet[cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def demo_sets(world):
    load_demo_organisation(password="x" * 12, reset_passwords=False)
    load_demo()
    return CriteriaSet.objects.get(level=UnitKind.COMMUNE)


def test_a_criteria_set_exported_and_imported_back_is_the_same_set(client, world, demo_sets):
    council = staff(Role.REFORM_OFFICER, world.district.committee)
    client.force_login(council)
    exported = client.get(reverse("par-set-export", args=[demo_sets.pk]))
    assert exported["Content-Type"] == XLSX
    next_year = _edited(exported.content, {"B2": demo_sets.year + 1})  # the same set, next year
    response = client.post(
        reverse("par-set-import"), {"file": SimpleUploadedFile("bo-chi-so.xlsx", next_year, XLSX)}
    )
    imported = CriteriaSet.objects.get(year=demo_sets.year + 1, level=UnitKind.COMMUNE)
    assert response.status_code == 302
    assert _criteria(imported) == _criteria(demo_sets)
    assert (imported.direct_max, imported.survey_max, imported.classes) == (
        demo_sets.direct_max,
        demo_sets.survey_max,
        demo_sets.classes,
    )
    assert imported.self_assessment_due == demo_sets.self_assessment_due
    # Its assessments are opened for the communes of that year: the demo's four of today (the
    # thirteen of the seed were merged into them in 2025) and the test district's two.
    assert imported.assessments.count() == 4 + 2


def test_a_wrong_criteria_set_is_refused_with_its_rows(client, world, demo_sets):
    client.force_login(staff(Role.REFORM_OFFICER, world.district.committee))
    content = criteria_set_export(demo_sets)
    broken = _edited(content, {"B2": 2031, "E12": "by feeling", "G13": "weather", "B14": "9.9"})
    response = client.post(
        reverse("par-set-import"), {"file": SimpleUploadedFile("x.xlsx", broken, XLSX)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Cách chấm điểm không có: by feeling" in page
    assert "motcua không tính số liệu weather" in page
    assert "Không có tiêu chí nào mang mã 9.9" in page
    assert not CriteriaSet.objects.filter(year=2031).exists()
    # Maxima that do not add up are named too.
    uneven = _edited(content, {"B2": 2031, "D12": 9})  # 1.1 worth 9, its field still 10
    response = client.post(
        reverse("par-set-import"), {"file": SimpleUploadedFile("x.xlsx", uneven, XLSX)}
    )
    assert (
        "1: các tiêu chí thành phần cộng lại là 14, không bằng điểm tối đa 10"
        in response.content.decode()
    )
    assert not CriteriaSet.objects.filter(year=2031).exists()
    # Only the council imports sets.
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    assert (
        client.post(
            reverse("par-set-import"), {"file": SimpleUploadedFile("x.xlsx", content, XLSX)}
        ).status_code
        == 403
    )


def test_a_set_already_scored_cannot_be_replaced(world, demo_sets, tmp_path):
    source = tmp_path / "set.xlsx"
    source.write_bytes(criteria_set_export(demo_sets))
    with pytest.raises(CommandError, match="đã chấm điểm"):
        call_command("par", "import-set", str(source), "--user", "reform", stdout=io.StringIO())


def test_a_unit_fills_in_its_scorecard_and_imports_it(client, world, demo_sets):
    assessment = Assessment.objects.get(criteria_set=demo_sets, unit__code="25.02")
    official = staff(Role.SPECIALIST, world.district.commune_a)
    official.positions.update(agency=assessment.unit.agencies.first())
    client.force_login(official)
    card = reverse("par-scorecard", args=[demo_sets.pk, "25.02"])
    act = reverse("par-act", args=[demo_sets.pk, "25.02"])
    blank = client.get(card, {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(blank)).worksheets[0]
    rows = {sheet.cell(r, 1).value: r for r in range(6, sheet.max_row + 1)}
    wrong = _edited(
        blank,
        {
            f"D{rows['1.1']}": 6,
            f"D{rows['2.5']}": "bốn",
            "A40": "9.9",
            "D40": 1,
            f"D{rows['3']}": 3,
        },
    )
    refused = client.post(
        act, {"action": "import", "file": SimpleUploadedFile("x.xlsx", wrong, XLSX)}
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Không phải là số: bốn" in page
    assert not CriterionScore.objects.filter(assessment=assessment).exists()
    filled = _edited(
        blank,
        {
            f"D{rows['1.1']}": 5,
            f"E{rows['1.1']}": "Kế hoạch 03/KH-UBND",
            f"D{rows['1.2']}": "4,5",
            f"E{rows['1.2']}": "Báo cáo quý I–III",
            f"D{rows['2.5']}": 5,
            f"E{rows['2.5']}": "Biên bản kiểm tra",
        },
    )
    wrong_codes = _edited(
        filled, {"A40": "9.9", "D40": 1, f"D{rows['3']}": 3, f"D{rows['1.1']}": 6}
    )
    page = client.post(
        act, {"action": "import", "file": SimpleUploadedFile("x.xlsx", wrong_codes, XLSX)}
    ).content.decode()
    assert "Bộ chỉ số không có tiêu chí mang mã này" in page  # 9.9
    assert "Lĩnh vực không chấm điểm trực tiếp" in page  # 3 is a field
    assert "từ 0 đến 5" in page  # 1.1 is worth 5
    assert not CriterionScore.objects.filter(assessment=assessment).exists()
    done = client.post(
        act, {"action": "import", "file": SimpleUploadedFile("x.xlsx", filled, XLSX)}, follow=True
    )
    assert "Đã nhập 3 điểm tiêu chí" in done.content.decode()
    saved = {
        s.criterion.code: (s.self_score, s.evidence_note)
        for s in CriterionScore.objects.filter(assessment=assessment)
    }
    assert saved == {
        "1.1": (5, "Kế hoạch 03/KH-UBND"),
        "1.2": (Decimal("4.5"), "Báo cáo quý I–III"),
        "2.5": (5, "Biên bản kiểm tra"),
    }
