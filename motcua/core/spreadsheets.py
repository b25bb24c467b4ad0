"""Text that people typed, written into spreadsheets without becoming formulas.

An applicant named "=HYPERLINK(…)" must read as that name in the tracking book, not run when a
clerk opens it (CSV/formula injection, OWASP). Every export that carries user text goes
through here: in XLSX such a cell is stored as text with Excel's quote prefix (it shows exactly
what was typed and stays text when edited); in CSV, which has no types, it gets a leading
apostrophe. Characters XML cannot carry (XLSX is XML) are dropped instead of failing the export.

Imports (the catalogue, PAR criteria and scores) refuse the whole file with every wrong row
named (`ImportRejected`), so nothing is half-imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from motcua.core.errors import DomainError

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (or split it).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def xlsx_set(cell: Cell | MergedCell, value: Any) -> Cell | MergedCell:
    """Put `value` in the cell; text stays inert text even when it starts like a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value for `sheet.append`: itself, or a safe text cell for any text."""
    if isinstance(value, str):
        return xlsx_set(WriteOnlyCell(sheet), value)
    return value


def xlsx_row(sheet: Worksheet | Any, values: Iterable[Any]) -> list[Any]:
    return [xlsx_cell(sheet, value) for value in values]


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for csv.writer: text that a spreadsheet would run gets a leading apostrophe."""
    return [f"'{value}" if is_formula_like(value) else value for value in values]


# --- imports: every wrong row named, nothing imported ------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(sheet)s, row %(row)s, %(column)s: %(message)s") % {
            "sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message,
        }  # fmt: skip


class ImportRejected(DomainError):
    """Nothing was imported; `errors` lists every problem by sheet, row and column."""

    code = "import_rejected"

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            gettext_lazy("Nothing was imported: %(count)s error(s) to correct.")
            % {"count": len(errors)}
        )


def open_workbook(source: IO[bytes]) -> Any:
    """An uploaded workbook, opened to read its values; a file that is not one is refused as an
    import error (the caller closes the workbook)."""
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        raise ImportRejected(
            [RowError("—", 0, "—", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None


def cell_text(value: Any) -> str:
    """A cell's value as the text typed in it: "" for an empty cell, 12 (not "12.0") for a
    whole number a spreadsheet stored as a float."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
