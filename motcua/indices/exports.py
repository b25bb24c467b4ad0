"""A unit's Decision 766 index on paper: XLSX and PDF in the official layout — the issuer, the
national heading, one row per indicator under its group (numerator, denominator, rate,
threshold, points or "no data" and what is missing), the groups' and the total's points on the
points computed, the date line and the signatures."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.core.spreadsheets import xlsx_set
from motcua.documents.pdf import render_pdf
from motcua.documents.reports import NATIONAL, REPORT_SIGNERS, Heading

BOLD = Font(bold=True)


def _title(index: dict[str, Any], period: str) -> str:
    return _("Service index (Decision 766): %(unit)s, %(period)s") % {
        "unit": index["name"], "period": period,
    }  # fmt: skip


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def index_xlsx(index: dict[str, Any], *, period: str, heading: Heading) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Index")
    columns = [_("Code"), _("Indicator"), _("Maximum"), _("Numerator"), _("Denominator"),
               _("Rate") + " (%)", _("Threshold") + " (%)", _("Points"), _("Missing")]  # fmt: skip
    middle = 6
    xlsx_set(sheet.cell(1, 1), heading.issuer.upper()).font = BOLD
    xlsx_set(sheet.cell(1, middle), NATIONAL[0]).font = BOLD
    xlsx_set(sheet.cell(2, middle), NATIONAL[1]).font = BOLD
    xlsx_set(sheet.cell(4, 1), _title(index, period).upper()).font = Font(bold=True, size=13)
    header = 6
    for number, text in enumerate(columns, start=1):
        cell = xlsx_set(sheet.cell(header, number), text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    row = header
    for group in index["groups"]:
        row += 1
        for number, value in enumerate([group["code"], group["name"], group["max"], None, None,
                                        None, None, group["points"]], start=1):  # fmt: skip
            xlsx_set(sheet.cell(row, number), value).font = BOLD
        for line in group["indicators"]:
            row += 1
            values = [line["code"], line["name"], line["max"], line["numerator"],
                      line["denominator"], _percent(line["rate"]), _percent(line["threshold"]),
                      line["points"] if line["points"] is not None else _("no data"),
                      line["missing"]]  # fmt: skip
            for number, value in enumerate(values, start=1):
                xlsx_set(sheet.cell(row, number), value)
    row += 1
    total = [_("Total"), "", index["max"], None, None, None, None, index["total"],
             _("computed on %(points)s points") % {"points": index["computed_on"]}]  # fmt: skip
    for number, value in enumerate(total, start=1):
        xlsx_set(sheet.cell(row, number), value).font = BOLD
    after = row + 2
    xlsx_set(sheet.cell(after, middle), heading.date_line).font = Font(italic=True)
    for offset, (role, how) in enumerate(REPORT_SIGNERS):
        column = 2 if offset == 0 else middle
        xlsx_set(sheet.cell(after + 1, column), role).font = BOLD
        xlsx_set(sheet.cell(after + 2, column), how).font = Font(italic=True)
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["I"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def index_pdf(index: dict[str, Any], *, period: str, heading: Heading, chart: str) -> bytes:
    return render_pdf(
        "indices/index766_pdf.html",
        {"index": index, "heading": heading, "title": _title(index, period),
         "national": NATIONAL, "signers": REPORT_SIGNERS, "chart": chart},
    )  # fmt: skip
