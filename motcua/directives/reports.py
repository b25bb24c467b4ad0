"""The periodic CCHC report drafted from motcua's own records, as a Word document the unit edits,
signs and submits: the directive tasks of the period, the official statistics table (the same
as `motcua report` for the unit and period), petitions, the PAR self-assessment and the
inspections. Sections motcua cannot write (assessment, directions) are left for the unit."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from motcua.directives.models import Assignment
from motcua.directives.selectors import STATE_LABELS, TaskState, assignment_state
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.selectors import agency_subtree_ids, unit_subtree_ids
from motcua.par.models import Assessment
from motcua.petitions.selectors import answered_on_time
from motcua.stats.exports import GROUPS, values
from motcua.stats.selectors import Table
from motcua.stats.services import table_for, unit_name
from motcua.workcal.calendar import period_bounds

FONT = "Times New Roman"
ROMAN = ("I", "II", "III", "IV")


def period_words(period: str, start: date, end: date) -> str:
    """How the report names its period: "quý II năm 2018", "6 tháng đầu năm 2018", "năm 2018"."""
    text = period.strip().upper()
    year = start.year
    if text.endswith("-H1"):
        return f"6 tháng đầu năm {year}"
    if text.endswith("-9M"):
        return f"9 tháng đầu năm {year}"
    if "-Q" in text:
        return f"quý {ROMAN[int(text[-1]) - 1]} năm {year}"
    if text.isdigit():
        return f"năm {year}"
    return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class Scope:
    """The agencies and administrative units a report covers (an agency code or a unit's)."""

    name: str
    agency_ids: frozenset[int]
    unit_ids: frozenset[int]


def report_scope(code: str) -> Scope | None:
    agency = Agency.objects.filter(code=code).first()
    if agency is not None:
        return Scope(agency.name, agency_subtree_ids([agency.pk]), frozenset({agency.unit_id}))
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        return None
    units = unit_subtree_ids([unit.pk])
    agencies = frozenset(Agency.objects.filter(unit_id__in=units).values_list("pk", flat=True))
    return Scope(unit.name, agencies, units)


def statistics_columns() -> list[tuple[str, str]]:
    """(heading, key) of each column of the statistics table, as `motcua report` writes it."""
    return [(f"{group} — {heading}", key) for group, columns in GROUPS for heading, key in columns]


def _table_rows(table: Table) -> list[list[Any]]:
    keys = [key for _heading, key in statistics_columns()]
    labelled = [(row.label, values(row.counts)) for row in table.rows]
    labelled.append(("Tổng cộng", values(table.total)))
    return [[label, *(figures[key] for key in keys)] for label, figures in labelled]


def _tasks(scope: Scope, start: date, end: date) -> list[tuple[Assignment, TaskState]]:
    first, last = period_bounds(start, end)
    assignments = (
        Assignment.objects.filter(agency_id__in=scope.agency_ids, due_at__gte=first,
                                  due_at__lte=last)
        .select_related("task__directive", "agency")
        .order_by("due_at", "pk")
    )  # fmt: skip
    return [(a, assignment_state(a, min(last, timezone.now()))) for a in assignments]


def _document() -> Any:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)  # landscape: the wide table
    section.left_margin = section.right_margin = Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    return document


def _table(document: Any, headers: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values_row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values_row, strict=True):
            cell.text = "" if value is None else str(value)


def report_draft(*, code: str, period: str, start: date, end: date) -> bytes:
    """The draft report of the agency or unit with this code for the period, as DOCX."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    scope = report_scope(code)
    if scope is None:
        raise LookupError(code)
    table = table_for(None, start=start, end=end, group_by="agency", under=code)
    document = _document()
    heading = document.add_table(rows=1, cols=2)
    heading.cell(0, 0).text = f"{unit_name(code).upper()}\nSố:      /BC-…"
    heading.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    today = timezone.localdate()
    document.add_paragraph(
        f"……, ngày {today:%d} tháng {today:%m} năm {today:%Y}"
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO\n").bold = True
    title.add_run(
        f"Kết quả công tác cải cách hành chính {period_words(period, start, end)}"
    ).bold = True
    document.add_paragraph(f"(Dự thảo do hệ thống một cửa điện tử lập từ số liệu của {scope.name}, "
                           f"kỳ báo cáo từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}; "
                           "đơn vị rà soát, bổ sung trước khi ký ban hành.)")  # fmt: skip

    document.add_heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", level=2)
    tasks = _tasks(scope, start, end)
    if tasks:
        _table(document, ["Văn bản", "Nhiệm vụ", "Đơn vị", "Hạn", "Trạng thái"], [
            [f"{a.task.directive.number} ({a.task.directive.issued_on:%d/%m/%Y})",
             f"{a.task.position}. {a.task.title}" + (f" ({a.period})" if a.period else ""),
             a.agency.name, f"{timezone.localtime(a.due_at):%d/%m/%Y}", str(STATE_LABELS[s])]
            for a, s in tasks
        ])  # fmt: skip
    else:
        document.add_paragraph("Không có nhiệm vụ đến hạn trong kỳ.")

    document.add_heading("II. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", level=2)
    document.add_paragraph(
        "Số liệu theo bảng thống kê tình hình giải quyết hồ sơ thủ tục hành chính "
        f"(từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}):"
    )
    _table(document, ["Cơ quan", *(h for h, _key in statistics_columns())], _table_rows(table))

    document.add_heading("III. TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ", level=2)
    on_time, answered = answered_on_time(scope.unit_ids, start, end)
    document.add_paragraph(
        f"Trong kỳ đã trả lời {answered} phản ánh, kiến nghị; trả lời đúng hạn {on_time}."
    )

    document.add_heading("IV. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", level=2)
    assessments = Assessment.objects.filter(
        unit_id__in=scope.unit_ids, criteria_set__year=end.year
    ).select_related("unit", "criteria_set")
    if assessments:
        for assessment in assessments:
            document.add_paragraph(
                f"{assessment.unit.name}: tự đánh giá theo {assessment.criteria_set.name} — "
                f"{assessment.get_status_display()}."
            )
    else:
        document.add_paragraph(f"Chưa có bộ chỉ số năm {end.year} cho đơn vị.")

    document.add_heading("V. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", level=2)
    document.add_paragraph("(Đơn vị bổ sung.)")
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
