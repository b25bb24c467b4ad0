"""The statistics table as files: CSV, JSON and a spreadsheet with the form's two-level header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.core.spreadsheets import csv_row, xlsx_set
from motcua.documents.reports import NATIONAL, date_line, image_src, pyplot, svg
from motcua.stats.kpi import Counts
from motcua.stats.selectors import Table

# (group heading, [(column heading, value of a row)])
Groups = list[tuple[Promise, list[tuple[Promise, str]]]]
GROUPS: Groups = [
    (
        gettext_lazy("Dossiers received"),
        [
            (gettext_lazy("Total"), "received"),
            (gettext_lazy("Carried over"), "carried_over"),
            (gettext_lazy("New online"), "new_online"),
            (gettext_lazy("New at the desk"), "new_direct"),
            (gettext_lazy("New by post"), "new_post"),
        ],
    ),
    (
        gettext_lazy("Dossiers resolved"),
        [
            (gettext_lazy("Total"), "resolved"),
            (gettext_lazy("Early"), "early"),
            (gettext_lazy("On time"), "on_time"),
            (gettext_lazy("Late"), "late"),
            (gettext_lazy("No time limit"), "no_time_limit"),
        ],
    ),
    (
        gettext_lazy("In progress at the end of the period"),
        [
            (gettext_lazy("Total"), "in_progress"),
            (gettext_lazy("Within the time limit"), "within_limit"),
            (gettext_lazy("Overdue"), "overdue"),
            (gettext_lazy("Awaiting supplementation"), "awaiting_supplement"),
        ],
    ),
    (
        gettext_lazy("Other exits"),
        [
            (gettext_lazy("Refused"), "refused"),
            (gettext_lazy("Withdrawn"), "withdrawn"),
            (gettext_lazy("Cancelled"), "cancelled"),
        ],
    ),
    (
        gettext_lazy("Rates"),
        [
            (gettext_lazy("On time or early (%)"), "on_time_rate"),
            (gettext_lazy("Early (%)"), "early_rate"),
        ],
    ),
]
# The department table (stats/steps.py): the same rows, a step's columns.
STEP_GROUPS: Groups = [
    (
        gettext_lazy("Steps to handle"),
        [
            (gettext_lazy("Total"), "received"),
            (gettext_lazy("Carried over"), "carried_over"),
            (gettext_lazy("New"), "new"),
        ],
    ),
    (
        gettext_lazy("Steps handled"),
        [
            (gettext_lazy("Total"), "resolved"),
            (gettext_lazy("Early"), "early"),
            (gettext_lazy("On time"), "on_time"),
            (gettext_lazy("Late"), "late"),
        ],
    ),
    (
        gettext_lazy("In progress at the end of the period"),
        [
            (gettext_lazy("Total"), "in_progress"),
            (gettext_lazy("Within the time limit"), "within_limit"),
            (gettext_lazy("Overdue"), "overdue"),
            (gettext_lazy("Awaiting supplementation"), "awaiting_supplement"),
        ],
    ),
    (gettext_lazy("Other exits"), [(gettext_lazy("Dossier left the process"), "cancelled")]),
    GROUPS[-1],  # the rates
]


def _keys(groups: Groups) -> list[str]:
    return [key for _group, columns in groups for _heading, key in columns]


def percent(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value) * 100, 2)


def values(counts: Counts, groups: Groups = GROUPS) -> dict[str, Any]:
    out: dict[str, Any] = {key: getattr(counts, key) for key in _keys(groups)}
    out["on_time_rate"] = percent(counts.on_time_rate)
    out["early_rate"] = percent(counts.early_rate)
    return out


def as_json(table: Table) -> dict[str, Any]:
    def row(label: str, counts: Counts) -> dict[str, Any]:
        on_time_met, early_met = counts.meets(table.targets)
        return {
            "label": label,
            **values(counts),
            "meets_on_time_target": on_time_met,
            "meets_early_target": early_met,
        }

    return {
        "from": table.start.isoformat(),
        "to": table.end.isoformat(),
        "group_by": str(table.group_by),
        "targets": {
            "on_time_rate": percent(table.targets.on_time_rate),
            "early_rate": percent(table.targets.early_rate),
        },
        "rows": [row(r.label, r.counts) for r in table.rows],
        "total": row(_("Total"), table.total),
    }


def _lines(table: Table, groups: Groups = GROUPS) -> list[list[Any]]:
    rows = [[r.label, *values(r.counts, groups).values()] for r in table.rows]
    rows.append([_("Total"), *values(table.total, groups).values()])
    return rows


def as_csv(table: Table, *, groups: Groups = GROUPS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("Unit"), *(f"{group} — {heading}" for group, cols in groups for heading, _k in cols)]
    )
    writer.writerows(csv_row(line) for line in _lines(table, groups))
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Heading:
    """What makes a statistics file one that can be submitted: the form it follows (settings:
    MOTCUA_STATISTICS_FORM, Circular 01/2020/TT-VPCP), the national heading, who reports to
    whom, the place and date line and the signature block."""

    reporting_unit: str
    day: date
    receiving_unit: str = ""
    place: str = ""

    @property
    def form_number(self) -> str:
        return str(settings.MOTCUA_STATISTICS_FORM["number"])

    @property
    def form_basis(self) -> str:
        return str(settings.MOTCUA_STATISTICS_FORM["basis"])

    @property
    def date_line(self) -> str:
        """ "Bình Xuyên, ngày 05 tháng 01 năm 2026" (the place left for the signer to write)."""
        return date_line(self.day, self.place)


SIGNERS = (("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
           ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"))  # fmt: skip


def _period(table: Table) -> str:
    return _("From %(start)s to %(end)s") % {
        "start": table.start.strftime("%d/%m/%Y"),
        "end": table.end.strftime("%d/%m/%Y"),
    }


def as_xlsx(
    table: Table, *, title: str, groups: Groups = GROUPS, heading: Heading | None = None
) -> bytes:
    """The form's layout: its number and the national heading, who reports, the title, a
    two-level merged header, one row per unit, the total, the date line and signatures."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Statistics")
    bold = Font(bold=True)
    if heading is not None:
        middle = get_column_letter(max(len(_keys(groups)) // 2, 4))
        sheet["A1"], sheet[f"{middle}1"] = heading.form_number, NATIONAL[0]
        sheet["A2"], sheet[f"{middle}2"] = heading.form_basis, NATIONAL[1]
        sheet["A3"] = f"{_('Reporting unit')}: {heading.reporting_unit}"
        if heading.receiving_unit:
            sheet["A4"] = f"{_('Reported to')}: {heading.receiving_unit}"
        for cell in (sheet["A1"], sheet[f"{middle}1"], sheet[f"{middle}2"]):
            cell.font = bold
        sheet.append([])
    sheet.append([title.upper() if heading is not None else title])
    title_row = sheet.max_row
    sheet.append([_period(table)])
    header_row = sheet.max_row + 2
    sheet.cell(header_row, 1, _("Unit"))
    sheet.merge_cells(start_row=header_row, start_column=1, end_row=header_row + 1, end_column=1)
    column = 2
    keys = _keys(groups)
    for group, columns in groups:
        sheet.cell(header_row, column, str(group))
        sheet.merge_cells(
            start_row=header_row, start_column=column,
            end_row=header_row, end_column=column + len(columns) - 1,
        )  # fmt: skip
        for offset, (column_heading, _key) in enumerate(columns):
            sheet.cell(header_row + 1, column + offset, str(column_heading))
        column += len(columns)
    for row in sheet.iter_rows(min_row=header_row, max_row=header_row + 1):
        for cell in row:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    # A rate under its target is shaded, as the reports to the province mark it.
    missed = PatternFill("solid", fgColor="F8D7DA")
    rate_columns = (2 + keys.index("on_time_rate"), 2 + keys.index("early_rate"))
    all_counts = [*(r.counts for r in table.rows), table.total]
    first_line = header_row + 2
    for line_number, (line, counts) in enumerate(
        zip(_lines(table, groups), all_counts, strict=True), start=first_line
    ):
        for column_number, value in enumerate(line, start=1):
            xlsx_set(sheet.cell(line_number, column_number), value)
        for met, rate_column in zip(counts.meets(table.targets), rate_columns, strict=True):
            if met is False:
                sheet.cell(line_number, rate_column).fill = missed
    for total_cell in sheet[first_line + len(table.rows)]:
        total_cell.font = bold
    sheet.column_dimensions["A"].width = 40
    for number in range(2, len(keys) + 2):
        sheet.column_dimensions[get_column_letter(number)].width = 12
    sheet[f"A{title_row}"].font = Font(bold=True, size=13)
    after = first_line + len(table.rows) + 2
    if heading is not None:
        signer_column = max(len(_keys(groups)) - 2, 6)
        sheet.cell(after, signer_column, heading.date_line).font = Font(italic=True)
        for offset, (role, how) in enumerate(SIGNERS):
            column_number = 2 if offset == 0 else signer_column
            sheet.cell(after + 1, column_number, role).font = bold
            sheet.cell(after + 2, column_number, how).font = Font(italic=True)
        after += 7
    if table.rows:  # a native chart of the on-time rate per row, as the province's reports show
        chart = BarChart()
        chart.title = _("On time or early (%)")
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        rate_column = rate_columns[0]
        chart.add_data(
            Reference(sheet, min_col=rate_column, min_row=first_line - 1,
                      max_row=first_line + len(table.rows) - 1),
            titles_from_data=True,
        )  # fmt: skip
        chart.set_categories(
            Reference(
                sheet, min_col=1, min_row=first_line, max_row=first_line + len(table.rows) - 1
            )
        )
        chart.width, chart.height = 24, 9
        sheet.add_chart(chart, f"B{after + 1}")
    sheet.freeze_panes = f"B{header_row + 2}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def trend_svg(labels: list[str], rates: list[float | None], *, target: float | None) -> str:
    """A bar chart of the on-time rate per row against the target, as SVG (matplotlib)."""
    figure, axes = pyplot().subplots(figsize=(7.5, 2.6))
    axes.bar(range(len(labels)), [rate or 0 for rate in rates], color="#1d6b36")
    if target is not None:
        axes.axhline(target, color="#a3121a", linestyle="--", linewidth=1)
    axes.set_ylim(0, 100)
    axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=7)
    axes.set_ylabel("%")
    return svg(figure)


def as_pdf(table: Table, *, title: str, heading: Heading | None = None) -> bytes:
    """The table on A4 landscape with the chart (WeasyPrint; Liberation Serif, Times-metric)."""
    from weasyprint import HTML

    lines = _lines(table)
    html = render_to_string(
        "stats/report_pdf.html",
        {
            "title": title,
            "table": table,
            "heading": heading,
            "national": NATIONAL,
            "signers": SIGNERS,
            "target": percent(table.targets.on_time_rate),
            "groups": GROUPS,
            "lines": lines,
            # As an image: WeasyPrint draws SVG images faithfully (inline SVG styles it skips).
            "chart": image_src(
                trend_svg(
                    [row.label for row in table.rows],
                    [percent(row.counts.on_time_rate) for row in table.rows],
                    target=percent(table.targets.on_time_rate),
                )
            ),
        },
    )
    return bytes(HTML(string=html).write_pdf())
