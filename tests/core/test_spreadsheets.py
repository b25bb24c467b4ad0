"""User text in spreadsheets: read back exactly as typed, never run as a formula."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from motcua.core.spreadsheets import csv_row, xlsx_row

TYPED = ["=1+1", "+84912345678", "-5 ngày", "@SUM(A1)", "\tTab", "Nguyễn Văn An", 42, None]


def test_xlsx_text_round_trips_as_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(xlsx_row(sheet, TYPED))
    content = io.BytesIO()
    workbook.save(content)
    read = load_workbook(io.BytesIO(content.getvalue())).active
    cells = next(read.iter_rows())
    assert [cell.value for cell in cells][:7] == TYPED[:7]
    assert [cell.data_type for cell in cells][:6] == ["s"] * 6  # none is a formula ("f")


def test_csv_text_that_a_spreadsheet_would_run_gets_an_apostrophe():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(TYPED))
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [
        "'=1+1", "'+84912345678", "'-5 ngày", "'@SUM(A1)", "'\tTab", "Nguyễn Văn An", "42", "",
    ]  # fmt: skip
