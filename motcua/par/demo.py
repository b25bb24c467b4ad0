"""The seed's PAR index: Vĩnh Phúc's nine districts in 2017, with a criteria set of 50 direct +
50 survey points, where Bình Xuyên's appraised direct score is 45 and its survey score 43.37 —
88.37, 4th of 9 (the directive's own numbers). The criteria and the other districts' figures are
SAMPLE data, marked so, not the province's published ones.

And this year's commune set (SAMPLE criteria, 70 + 30): its automatic criteria are scored live
from the demo's dossiers, petitions and processes; the communes' self-assessments are open."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.org.models import AdministrativeUnit, UnitKind
from motcua.org.services import unit_upsert
from motcua.par.models import Assessment, AssessmentStatus, CriteriaSet, Criterion, CriterionScore
from motcua.par.services import assessments_open

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
SEED_SOURCE = "Kết quả công bố năm 2018, nêu trong văn bản chỉ đạo của UBND huyện Bình Xuyên"
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
            defaults={"status": AssessmentStatus.PUBLISHED, "survey_score": D(figures[-1]),
                      "survey_source": SEED_SOURCE if code == "251" else "Điều tra năm 2017 (MẪU)"},
        )  # fmt: skip
        for leaf, points in zip(leaves, figures, strict=False):
            CriterionScore.objects.update_or_create(
                assessment=assessment, criterion=rows[leaf],
                defaults={"self_score": D(points), "appraised": D(points)},
            )  # fmt: skip
    load_commune_set(timezone.localdate().year)


# (code, name, max, rule, parent, bands or threshold, measure, evidence required) — SAMPLE
SAMPLE_COMMUNE_CRITERIA: list[tuple[str, str, str, str, str, object, str, str]] = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "10", "manual", "", None, "", ""),
    ("1.1", "Ban hành kế hoạch CCHC năm đúng hạn", "5", "manual", "1", None, "",
     "Kế hoạch CCHC năm (số, ngày ban hành)"),
    ("1.2", "Báo cáo CCHC định kỳ đầy đủ, đúng hạn", "5", "manual", "1", None, "",
     "Các báo cáo quý, 6 tháng, năm"),
    ("2", "Cải cách thủ tục hành chính", "30", "manual", "", None, "", ""),
    ("2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn", "10", "banded", "2",
     [[1, 10], [0.95, 7], [0.9, 4]], "on_time_rate", ""),
    ("2.2", "Tỷ lệ hồ sơ giải quyết trước hạn (mục tiêu trên 30 %)", "5", "ratio", "2", "0.3",
     "early_rate", ""),
    ("2.3", "Quy trình nội bộ đang áp dụng đầy đủ các bước, có người xử lý", "5", "ratio", "2",
     "1", "audit_clean", ""),
    ("2.4", "Phản ánh, kiến nghị được trả lời đúng hạn", "5", "ratio", "2", "1",
     "petitions_on_time", ""),
    ("2.5", "Công khai thủ tục hành chính tại bộ phận một cửa", "5", "manual", "2", None, "",
     "Ảnh chụp bảng niêm yết hoặc biên bản kiểm tra"),
    ("3", "Hiện đại hóa hành chính", "30", "manual", "", None, "", ""),
    ("3.1", "Tỷ lệ hồ sơ tiếp nhận trực tuyến (mục tiêu 50 %)", "15", "ratio", "3", "0.5",
     "online_share", ""),
    ("3.2", "Ứng dụng công nghệ thông tin, chữ ký số trong xử lý văn bản", "15", "manual", "3",
     None, "", "Báo cáo ứng dụng CNTT"),
    ("4", "Điểm trừ: hồ sơ quá hạn không có văn bản xin lỗi", "2", "deduction", "", None, "",
     ""),
]  # fmt: skip


def load_commune_set(year: int) -> CriteriaSet:
    """This year's commune set and its open assessments (today's communes); Xã Bình Xuyên has
    begun its own."""
    criteria_set, _created = CriteriaSet.objects.update_or_create(
        year=year, level=UnitKind.COMMUNE,
        defaults={
            "name": f"Bộ chỉ số CCHC cấp xã {year} (MẪU)",
            "source": "Dữ liệu mẫu: 70 điểm thẩm định (một phần chấm tự động từ số liệu motcua) "
            "+ 30 điểm điều tra xã hội học",
            "direct_max": D(70), "survey_max": D(30), "classes": CLASSES,
            "self_assessment_due": date(year, 12, 15),
        },
    )  # fmt: skip
    rows: dict[str, Criterion] = {}
    for position, row in enumerate(SAMPLE_COMMUNE_CRITERIA):
        code, name, maximum, rule, parent, extra, measure, evidence = row
        rows[code], _created = Criterion.objects.update_or_create(
            criteria_set=criteria_set, code=code,
            defaults={
                "name": name, "position": position, "max_points": D(maximum), "rule": rule,
                "parent": rows.get(parent), "bands": extra if rule == "banded" else [],
                "threshold": D(str(extra)) if rule == "ratio" else None, "measure": measure,
                "evidence": evidence,
            },
        )  # fmt: skip
    assessments_open(criteria_set)
    started = criteria_set.assessments.filter(unit__code="25.01").first()
    if started is not None:
        for code, points, note in (
            ("1.1", "5", "Kế hoạch số 05/KH-UBND ngày 10/01 về CCHC năm"),
            ("2.5", "4", "Biên bản tự kiểm tra bộ phận một cửa ngày 20/6"),
        ):
            CriterionScore.objects.update_or_create(
                assessment=started, criterion=rows[code],
                defaults={"self_score": D(points), "evidence_note": note},
            )  # fmt: skip
    return criteria_set
