"""The process audit as a spreadsheet, for the centre's re-check (the seed, item 2)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from motcua.catalog.audit import Severity
from motcua.catalog.selectors import ProcessAudit
from motcua.core.spreadsheets import xlsx_row

BLOCKING_FILL = PatternFill("solid", fgColor="F8D7DA")


def severity_label(severity: Severity) -> str:
    return _("Blocking") if severity is Severity.BLOCKING else _("Warning")


def write_audit_xlsx(audits: Sequence[ProcessAudit], *, on: date) -> bytes:
    """One row per finding: procedure, agency, process version, step, severity, problem, fix."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Process audit")
    sheet.append([_("Process audit on %(date)s") % {"date": on.strftime("%d/%m/%Y")}])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = [
        _("Procedure code"),
        _("Procedure"),
        _("Receiving agency"),
        _("Process version"),
        _("Step"),
        _("Severity"),
        _("What is wrong"),
        _("How to fix it"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for audit in audits:
        process = audit.process
        for finding in audit.findings:
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        process.procedure.code,
                        process.procedure_version.name,
                        process.agency.name,
                        process.number,
                        finding.step or "",
                        severity_label(finding.severity),
                        finding.message,
                        finding.fix,
                    ],
                )
            )
            if finding.blocking:
                for cell in sheet[sheet.max_row]:
                    cell.fill = BLOCKING_FILL
    for column, width in zip("ABCDEFGH", (14, 40, 32, 8, 6, 12, 60, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
