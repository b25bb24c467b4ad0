"""The seed's PAR index: Vĩnh Phúc's nine districts in 2017, with a criteria set of 50 direct +
50 survey points, where Bình Xuyên's appraised direct score is 45 and its survey score 43.37 —
88.37, 4th of 9 (the directive's own numbers). The criteria and the other districts' figures are
SAMPLE data, marked so, not the province's published ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from motcua.org.models import AdministrativeUnit, UnitKind
from motcua.org.services import unit_upsert
from motcua.par.models import Assessment, AssessmentStatus, CriteriaSet, Criterion, CriterionScore

D = Decimal
# (code, name, max, rule, parent code, bands or threshold)
SAMPLE_CRITERIA_2017: list[tuple[str, str, str, str, str, object]] = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "10", "manual", "", None),
    ("2", "Cải cách thủ tục hành chính", "20", "manual", "", None),
    ("2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "10", "banded", "2", [[1, 10], [0.95, 7], [0.9, 4]]),
    ("2.2", "Công khai thủ tục hành chính", "10", "manual", "2", None),
    ("3", "Hiện đại hóa hành chính", "20", "manual", "", None),
    ("3.1", "Tỷ lệ hồ sơ nộp trực tuyến", "10", "ratio", "3", "0.5"),
    ("3.2", "Ứng dụng công nghệ thông tin", "10", "manual", "3", None),
]
# District: (official code, name, scores of 1, 2.1, 2.2, 3.1, 3.2, survey); SAMPLE but Bình Xuyên's
# total (45 direct + 43.37 survey), which is the seed's.
DISTRICTS_2017 = [
    (
        "M243",
        "Thành phố Vĩnh Yên",
        UnitKind.PROVINCIAL_CITY,
        ["10", "10", "10", "10", "9.5", "43.60"],
    ),
    ("M244", "Thành phố Phúc Yên", UnitKind.TOWN, ["10", "10", "9.5", "10", "9", "42.92"]),
    ("251", "Huyện Bình Xuyên", UnitKind.DISTRICT, ["10", "7", "10", "9", "9", "43.37"]),
    ("M246", "Huyện Lập Thạch", UnitKind.DISTRICT, ["9", "7", "9", "8", "8.5", "43.10"]),
    ("M247", "Huyện Tam Dương", UnitKind.DISTRICT, ["9.5", "7", "9", "9", "9", "42.40"]),
    ("M248", "Huyện Tam Đảo", UnitKind.DISTRICT, ["9", "7", "8.5", "7", "8", "42.25"]),
    ("M252", "Huyện Vĩnh Tường", UnitKind.DISTRICT, ["10", "10", "10", "9", "9", "43.05"]),
    ("M251", "Huyện Yên Lạc", UnitKind.DISTRICT, ["9", "7", "9", "8", "8", "42.60"]),
    ("M253", "Huyện Sông Lô", UnitKind.DISTRICT, ["8.5", "4", "8", "6", "7.5", "41.90"]),
]  # "M…": SAMPLE codes for the eight districts the demo does not otherwise hold
CLASSES = [[90, "Xuất sắc"], [80, "Tốt"], [70, "Khá"], [50, "Trung bình"], [0, "Yếu"]]


@transaction.atomic
def load_demo(**_options: object) -> None:
    """Idempotent: the set and the assessments are written again as they are here."""
    province = AdministrativeUnit.objects.get(code="26")
    criteria_set, _created = CriteriaSet.objects.update_or_create(
        year=2017, level=UnitKind.DISTRICT,
        defaults={
            "name": "Bộ chỉ số CCHC cấp huyện 2017 (MẪU)",
            "source": "Dữ liệu mẫu theo cơ cấu 50 điểm thẩm định + 50 điểm điều tra xã hội học",
            "direct_max": D(50), "survey_max": D(50), "classes": CLASSES,
        },
    )  # fmt: skip
    rows: dict[str, Criterion] = {}
    for position, (code, name, maximum, rule, parent, extra) in enumerate(SAMPLE_CRITERIA_2017):
        rows[code], _created = Criterion.objects.update_or_create(
            criteria_set=criteria_set, code=code,
            defaults={
                "name": name, "position": position, "max_points": D(maximum), "rule": rule,
                "parent": rows.get(parent), "bands": extra if rule == "banded" else [],
                "threshold": D(str(extra)) if rule == "ratio" else None,
            },
        )  # fmt: skip
    leaves = ["1", "2.1", "2.2", "3.1", "3.2"]
    for code, name, kind, figures in DISTRICTS_2017:
        unit = AdministrativeUnit.objects.filter(code=code).first() or unit_upsert(
            code=code, name=name, kind=kind, parent=province, valid_from=date(1997, 1, 1),
            valid_to=date(2025, 6, 30),
        )  # fmt: skip
        assessment, _created = Assessment.objects.update_or_create(
            criteria_set=criteria_set, unit=unit,
            defaults={"status": AssessmentStatus.PUBLISHED, "survey_score": D(figures[-1])},
        )  # fmt: skip
        for leaf, points in zip(leaves, figures, strict=False):
            CriterionScore.objects.update_or_create(
                assessment=assessment, criterion=rows[leaf],
                defaults={"self_score": D(points), "appraised": D(points)},
            )  # fmt: skip
