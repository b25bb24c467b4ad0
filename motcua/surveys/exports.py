"""A campaign's report in the official layout: XLSX (one row per unit: the sample, the index
with its interval, each factor's satisfied share; a sheet of the gaps, what to improve first)
and PDF with its chart."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.core.spreadsheets import xlsx_set
from motcua.documents.pdf import render_pdf
from motcua.documents.reports import NATIONAL, REPORT_SIGNERS, Heading, image_src, pyplot, svg
from motcua.surveys.models import Factor

BOLD = Font(bold=True)


def _title(report: dict[str, Any]) -> str:
    return _("Satisfaction survey: %(campaign)s") % {"campaign": report["campaign"]}


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def report_xlsx(report: dict[str, Any], heading: Heading) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Index")
    factors = [str(factor.label) for factor in Factor]
    columns = [_("No."), _("Unit"), _("Dossiers returned"), _("Sample"), _("Answers"),
               _("Margin of error") + " (%)", _("Index") + " (%)",
               _("Interval at 95 percent confidence") + " (%)",
               *(f"{name} (%)" for name in factors)]  # fmt: skip
    middle = max(len(columns) - 4, 4)
    xlsx_set(sheet.cell(1, 1), heading.issuer.upper()).font = BOLD
    xlsx_set(sheet.cell(1, middle), NATIONAL[0]).font = BOLD
    xlsx_set(sheet.cell(2, middle), NATIONAL[1]).font = BOLD
    xlsx_set(sheet.cell(4, 1), _title(report).upper()).font = Font(bold=True, size=13)
    start, end = report["period"]
    xlsx_set(sheet.cell(5, 1), _("Dossiers returned from %(start)s to %(end)s; seed %(seed)s")
             % {"start": start, "end": end, "seed": report["seed"]})  # fmt: skip
    header = 7
    for number, text in enumerate(columns, start=1):
        cell = xlsx_set(sheet.cell(header, number), text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for offset, unit in enumerate(report["units"], start=1):
        interval = (
            f"{_percent(unit['ci_low'])}–{_percent(unit['ci_high'])}"
            if unit["ci_low"] is not None else ""
        )  # fmt: skip
        values = [offset, unit["name"], unit["population"], unit["target"], unit["n"],
                  _percent(unit["margin"]),
                  _percent(unit["index"]) if unit["enough"] else _("too few answers"), interval,
                  *(_percent(f["satisfied_share"]) if unit["enough"] else None
                    for f in unit["factors"])]  # fmt: skip
        for number, value in enumerate(values, start=1):
            xlsx_set(sheet.cell(header + offset, number), value)
    after = header + len(report["units"]) + 2
    xlsx_set(sheet.cell(after, middle), heading.date_line).font = Font(italic=True)
    for offset, (role, how) in enumerate(REPORT_SIGNERS):
        column = 2 if offset == 0 else middle
        xlsx_set(sheet.cell(after + 1, column), role).font = BOLD
        xlsx_set(sheet.cell(after + 2, column), how).font = Font(italic=True)
    sheet.column_dimensions["B"].width = 32
    gaps = workbook.create_sheet(_("Gaps"))
    gaps.append([_("Unit"), _("Factor"), _("Mean (1–5)"), _("Expectation"), _("Gap")])
    for cell in gaps[1]:
        cell.font = BOLD
    for unit in report["units"]:
        for factor in unit["factors"]:
            gaps.append([unit["name"], factor["name"], factor["mean"], factor["expectation"],
                         factor["gap"]])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def factors_chart(report: dict[str, Any]) -> str:
    """Each unit's satisfied share per factor (units under the minimum sample left out)."""
    plt = pyplot()
    units = [unit for unit in report["units"] if unit["enough"]]
    figure, axes = plt.subplots(figsize=(7.5, 2.8))
    width = 0.8 / max(len(units), 1)
    for number, unit in enumerate(units):
        shares = [(f["satisfied_share"] or 0) * 100 for f in unit["factors"]]
        axes.bar([x + number * width for x in range(len(shares))], shares, width,
                 label=unit["name"])  # fmt: skip
    axes.set_xticks([x + 0.4 - width / 2 for x in range(len(Factor))],
                    [str(factor.label) for factor in Factor], fontsize=7)  # fmt: skip
    axes.set_ylim(0, 100)
    axes.set_ylabel("%")
    if units:
        axes.legend(fontsize=7)
    return svg(figure)


def report_pdf(report: dict[str, Any], heading: Heading) -> bytes:
    return render_pdf(
        "surveys/report_pdf.html",
        {
            "report": report, "heading": heading, "title": _title(report),
            "national": NATIONAL, "signers": REPORT_SIGNERS,
            "chart": image_src(factors_chart(report)),
            "factors": [str(factor.label) for factor in Factor],
        },
    )  # fmt: skip
