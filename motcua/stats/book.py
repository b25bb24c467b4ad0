"""The dossier tracking book (sổ theo dõi hồ sơ, form of Circular 01/2018/TT-VPCP) as a spreadsheet.

One line per dossier received in the period, in the order of reception: code, procedure, number
of sets, applicant, address and phone, the agency in charge, received, appointment, handed to the
agency in charge, result returned, who collected it, remarks. One query (the agency in charge and
the hand-over come from subqueries); written in openpyxl's streaming mode so a year of a busy
district stays in constant memory.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from motcua.core.spreadsheets import xlsx_row, xlsx_set
from motcua.dossiers.book import HEADINGS, book_contact, book_dossiers, book_remark
from motcua.dossiers.models import Dossier

WIDTHS = (6, 20, 40, 9, 24, 30, 26, 16, 16, 16, 16, 22, 28)
TIME_FORMAT = "HH:MM DD/MM/YYYY"


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets have no time zones: write the local wall time the desk saw.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _heading_cells(sheet: WriteOnlyWorksheet, texts: tuple[str, ...]) -> list[Cell]:
    cells = []
    for text in texts:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cells.append(cell)
    return cells


def tracking_book_xlsx(
    dossiers: QuerySet[Dossier], *, start: date, end: date, agency_name: str
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Tracking book"))
    for number, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + number)].width = width
    sheet.freeze_panes = "C5"
    sheet.append(_heading_cells(sheet, ("SỔ THEO DÕI HỒ SƠ",)))
    sheet.append(xlsx_row(sheet, [agency_name]))
    sheet.append([f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"])
    sheet.append(_heading_cells(sheet, HEADINGS))
    timed = {7, 8, 9, 10}  # the columns holding an instant
    rows = book_dossiers(dossiers, start=start, end=end).iterator(chunk_size=2000)
    for number, dossier in enumerate(rows, start=1):
        values = (
            number,
            dossier.code,
            dossier.procedure_version.name,
            1,
            dossier.applicant_name,
            book_contact(dossier),
            dossier.in_charge or "",  # type: ignore[attr-defined]
            _local(dossier.received_at),
            _local(dossier.due_at),
            _local(dossier.handed_at),  # type: ignore[attr-defined]
            _local(dossier.returned_at),
            dossier.collected_by,
            book_remark(dossier),
        )
        line = []
        for column, value in enumerate(values):
            cell = xlsx_set(WriteOnlyCell(sheet), value)
            if column in timed:
                cell.number_format = TIME_FORMAT
            line.append(cell)
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
