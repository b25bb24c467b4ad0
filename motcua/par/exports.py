"""The PAR index on paper and in spreadsheets: the ranking as XLSX and PDF in the official layout
(heading, title, table, date line, signatures), charts, and the two spreadsheets a reform office
fills in — a criteria set, and a unit's self-scores — read back with every wrong row named.

Layouts are fixed by position so that a filled-in copy reads back whatever language it was
exported in; `docs/par.md` shows them.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from motcua.core.spreadsheets import (
    ImportRejected,
    RowError,
    cell_text,
    open_workbook,
    xlsx_set,
)
from motcua.core.text import normalize_text
from motcua.documents.pdf import render_pdf
from motcua.documents.reports import (
    NATIONAL,
    REPORT_SIGNERS,
    Heading,
    image_src,
    pyplot,
    svg,
)

SIGNERS = REPORT_SIGNERS
MAX_ROWS = 2000  # a criteria set or a scorecard is a few hundred rows at most
BOLD = Font(bold=True)


def _points(value: float | None) -> str:
    """2 places with a decimal comma, as Vietnamese reports write points (88,37)."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def _title(report: dict[str, Any]) -> str:
    return _("PAR index %(year)s — ranking") % {"year": report["year"]}


def _field_names(report: dict[str, Any]) -> list[tuple[str, str, float]]:
    first = report["units"][0]["fields"] if report["units"] else []
    return [(f["code"], f["name"], f["max"]) for f in first]


# --- the ranking ------------------------------------------------------------------------------


def ranking_xlsx(report: dict[str, Any], heading: Heading) -> bytes:
    """One row per unit: each field's points, the appraised and survey parts, the index, rank
    and class, the change from last year; the heading, title, date line and signatures."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Ranking")
    fields = _field_names(report)
    columns = [
        _("No."),
        _("Unit"),
        *(f"{code}. {name} ({_points(top)})" for code, name, top in fields),
        f"{_('Appraised')} ({_points(report['direct_max'])})",
        f"{_('Survey')} ({_points(report['survey_max'])})",
        _("Index"),
        _("Rank"),
        _("Class"),
        _("Change from last year"),
    ]
    middle = max(len(columns) - 4, 4)
    xlsx_set(sheet.cell(1, 1), heading.issuer.upper()).font = BOLD
    xlsx_set(sheet.cell(1, middle), NATIONAL[0]).font = BOLD
    xlsx_set(sheet.cell(2, middle), NATIONAL[1]).font = BOLD
    xlsx_set(sheet.cell(4, 1), _title(report).upper()).font = Font(bold=True, size=13)
    xlsx_set(sheet.cell(5, 1), f"{report['criteria_set']} — {report['source']}")
    header_row = 7
    for number, text in enumerate(columns, start=1):
        cell = xlsx_set(sheet.cell(header_row, number), text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for offset, unit in enumerate(report["units"], start=1):
        change = (
            None
            if unit["previous_total"] is None
            else round(unit["total"] - unit["previous_total"], 2)
        )
        values = [
            offset,
            unit["name"],
            *(f["points"] for f in unit["fields"]),
            unit["direct"],
            unit["survey"],
            unit["total"],
            unit["rank"],
            unit["classification"],
            change,
        ]
        for number, value in enumerate(values, start=1):
            cell = xlsx_set(sheet.cell(header_row + offset, number), value)
            if isinstance(value, float):
                cell.number_format = "0.00"
    after = header_row + len(report["units"]) + 2
    xlsx_set(sheet.cell(after, middle), heading.date_line).font = Font(italic=True)
    for offset, (role, how) in enumerate(SIGNERS):
        column = 2 if offset == 0 else middle
        xlsx_set(sheet.cell(after + 1, column), role).font = BOLD
        xlsx_set(sheet.cell(after + 2, column), how).font = Font(italic=True)
    sheet.column_dimensions["B"].width = 32
    sheet.freeze_panes = f"C{header_row + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ranking_chart(report: dict[str, Any]) -> str:
    """Each unit's index, highest first, split into its appraised and survey parts (SVG)."""
    plt = pyplot()
    units = report["units"]
    figure, axes = plt.subplots(figsize=(7.5, 0.32 * len(units) + 0.9))
    names = [unit["name"] for unit in units][::-1]
    direct = [unit["direct"] or 0 for unit in units][::-1]
    survey = [unit["survey"] or 0 for unit in units][::-1]
    axes.barh(names, direct, color="#1d6b36", label=_("Appraised"))
    axes.barh(names, survey, left=direct, color="#8fbf9f", label=_("Survey"))
    axes.set_xlim(0, 100)
    axes.tick_params(labelsize=7)
    axes.legend(fontsize=7, loc="lower right")
    return svg(figure)


def fields_chart(fields: Sequence[dict[str, Any]]) -> str:
    """A unit's points per field against the field's maximum (and last year's, when known)."""
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(6, 0.55 * len(fields) + 0.9))
    labels = [_short(f"{f['code']}. {f['name']}") for f in fields][::-1]
    axes.barh(labels, [f["max"] for f in fields][::-1], color="#e5e7e9", label=_("Maximum"))
    axes.barh(
        labels, [f["points"] for f in fields][::-1], height=0.5, color="#1d6b36", label=_("Points")
    )
    before = [(f["points"] - f["change"]) if f["change"] is not None else None for f in fields]
    if any(value is not None for value in before):
        axes.scatter(
            [v for v in before[::-1] if v is not None],
            [label for label, v in zip(labels, before[::-1], strict=True) if v is not None],
            marker="|",
            s=200,
            color="#a3121a",
            label=_("Last year"),
            zorder=3,
        )
    axes.tick_params(labelsize=8)
    axes.legend(fontsize=8, loc="lower right")
    return svg(figure)


def _short(label: str, width: int = 26) -> str:
    """A label on at most two lines; the table beside the chart holds the whole name."""
    lines = textwrap.wrap(label, width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def years_chart(years: Sequence[tuple[int, Decimal]]) -> str:
    """A unit's index over the years it was assessed."""
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(5, 2.2))
    axes.plot(
        [str(year) for year, _total in years],
        [float(total) for _year, total in years],
        marker="o",
        color="#1d6b36",
    )
    axes.set_ylim(0, 100)
    axes.tick_params(labelsize=7)
    return svg(figure)


def ranking_pdf(report: dict[str, Any], heading: Heading) -> bytes:
    return render_pdf(
        "par/ranking_pdf.html",
        {
            "report": report,
            "heading": heading,
            "title": _title(report),
            "national": NATIONAL,
            "signers": SIGNERS,
            "fields": _field_names(report),
            "chart": image_src(ranking_chart(report)) if report["units"] else "",
        },
    )


# --- reading spreadsheets back ------------------------------------------------------------------


def _text(value: Any) -> str:
    return normalize_text(cell_text(value))


def _decimal(value: Any) -> Decimal | None:
    """A number as a cell holds it (88.5) or as people type it (88,5); None if blank."""
    text = _text(value).replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Not a number: %(value)s") % {"value": text}) from None
    if not number.is_finite():
        raise ValueError(_("Not a number: %(value)s") % {"value": text})
    return number


def _rows(source: IO[bytes], sheet: str) -> list[tuple[Any, ...]]:
    workbook = open_workbook(source)
    try:
        if sheet not in workbook.sheetnames:
            raise ImportRejected([RowError(sheet, 0, "—", _("The sheet is missing."))])
        rows: list[tuple[Any, ...]] = []
        for row in workbook[sheet].iter_rows(values_only=True):
            if len(rows) >= MAX_ROWS:
                raise ImportRejected(
                    [RowError(sheet, MAX_ROWS, "—", _("The file has too many rows."))]
                )
            rows.append(row)
        return rows
    finally:
        workbook.close()


def _cell(row: tuple[Any, ...], index: int) -> Any:
    return row[index] if index < len(row) else None


def _header_row(rows: list[tuple[Any, ...]], sheet: str, first: set[str]) -> int:
    for index, row in enumerate(rows):
        if _text(_cell(row, 0)) in first:
            return index
    raise ImportRejected(
        [
            RowError(
                sheet,
                0,
                "—",
                _("The header row is missing: this is not the layout motcua exports."),
            )
        ]
    )


# The scorecard a unit fills in: its sheet, and the header's first cell in either language.
SCORES_SHEET = "Tự chấm điểm"
CODE_HEADERS = {"Mã tiêu chí", "Criterion code"}


def scorecard_xlsx(
    card_rows: Iterable[tuple[str, str, Decimal, bool, Decimal | None, str]],
    *,
    set_name: str,
    unit_name: str,
) -> bytes:
    """The unit's criteria to score: (code, name, maximum, is a field, self-score, evidence)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SCORES_SHEET
    xlsx_set(sheet.cell(1, 1), set_name).font = Font(bold=True, size=13)
    xlsx_set(sheet.cell(2, 1), unit_name).font = BOLD
    xlsx_set(
        sheet.cell(3, 1),
        _(
            "Fill in the points and the evidence of each criterion, "
            "then import the file on the scorecard."
        ),
    )
    headers = [_("Criterion code"), _("Criterion"), _("Maximum"), _("Self-assessed"), _("Evidence")]
    for number, text in enumerate(headers, start=1):
        xlsx_set(sheet.cell(5, number), text).font = BOLD
    grey = PatternFill("solid", fgColor="E5E7E9")
    for offset, (code, name, maximum, is_field, points, evidence) in enumerate(card_rows, start=6):
        for number, value in enumerate(
            [code, name, float(maximum), None if points is None else float(points), evidence], 1
        ):
            cell = xlsx_set(sheet.cell(offset, number), value)
            if is_field:
                cell.font, cell.fill = BOLD, grey
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["E"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class ScoreRow:
    sheet: str
    row: int
    code: str
    points: Decimal | None
    evidence: str


def read_scores_xlsx(source: IO[bytes]) -> list[ScoreRow]:
    """The rows of a filled-in scorecard that carry points; a number that is not one is
    refused with its row."""
    rows = _rows(source, SCORES_SHEET)
    start = _header_row(rows, SCORES_SHEET, CODE_HEADERS) + 1
    found, errors = [], []
    for number, row in enumerate(rows[start:], start=start + 1):
        code = _text(_cell(row, 0))
        try:
            points = _decimal(_cell(row, 3))
        except ValueError as error:
            errors.append(RowError(SCORES_SHEET, number, code or "—", str(error)))
            continue
        if points is None:
            continue  # a field's line, or a criterion left for later
        if not code:
            errors.append(RowError(SCORES_SHEET, number, "—", _("The criterion code is missing.")))
            continue
        found.append(ScoreRow(SCORES_SHEET, number, code, points, _text(_cell(row, 4))[:500]))
    if errors:
        raise ImportRejected(errors)
    return found


# A criteria set: its facts in column B of rows 1–8, then the criteria under a header row.
SET_SHEET = "Bộ tiêu chí"
SET_FACTS = ("name", "year", "level", "source", "direct_max", "survey_max", "due", "classes")
RULE_WORDS = {
    "manual": "manual",
    "thủ công": "manual",
    "tự chấm": "manual",
    "banded": "banded",
    "theo mức": "banded",
    "ratio": "ratio",
    "tỷ lệ": "ratio",
    "deduction": "deduction",
    "điểm trừ": "deduction",
}


@dataclass(slots=True)
class CriterionData:
    row: int
    code: str
    parent: str
    name: str
    max_points: Decimal
    rule: str
    bands: list[list[float]] = field(default_factory=list)
    threshold: Decimal | None = None
    measure: str = ""
    evidence: str = ""


@dataclass(slots=True)
class SetData:
    name: str
    year: int
    level: str
    source: str
    direct_max: Decimal
    survey_max: Decimal
    due: date | None
    classes: list[list[Any]]
    criteria: list[CriterionData]


def _share(text: str) -> Decimal:
    """ "95%" or "0.95" → 0.95."""
    text = text.strip().replace(",", ".")
    if text.endswith("%"):
        return Decimal(text[:-1].strip()) / 100
    return Decimal(text)


def _bands(text: str) -> list[list[float]]:
    """ "100%: 10; 95%: 7" → [[1.0, 10.0], [0.95, 7.0]]."""
    bands = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        at, colon, points = part.partition(":")
        if not colon:
            raise ValueError(_('Write each band as "95%: 7", separated by ";".'))
        bands.append([float(_share(at)), float(Decimal(points.strip().replace(",", ".")))])
    return bands


def _classes(text: str) -> list[list[Any]]:
    """ "90: Xuất sắc; 80: Tốt; 0: Yếu" → [[90, "Xuất sắc"], …]."""
    classes: list[list[Any]] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        at, colon, label = part.partition(":")
        if not colon or not label.strip():
            raise ValueError(_('Write each class as "90: Xuất sắc", separated by ";".'))
        classes.append([float(Decimal(at.strip().replace(",", "."))), label.strip()])
    return classes


def _band_text(bands: list[list[float]]) -> str:
    return "; ".join(
        f"{Decimal(str(at)) * 100:g}%: {Decimal(str(points)):g}" for at, points in bands
    )


def criteria_set_xlsx(facts: dict[str, Any], criteria: Iterable[dict[str, Any]]) -> bytes:
    """A criteria set in the layout `read_criteria_set_xlsx` reads back."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SET_SHEET
    labels = [
        _("Name"),
        _("Year"),
        _("Level"),
        _("Source"),
        _("Direct part (points)"),
        _("Survey part (points)"),
        _("Self-assessment due"),
        _("Classification"),
    ]
    due = facts["due"]
    values = [
        facts["name"],
        facts["year"],
        facts["level"],
        facts["source"],
        float(facts["direct_max"]),
        float(facts["survey_max"]),
        due.strftime("%d/%m/%Y") if due else "",
        "; ".join(f"{Decimal(str(at)):g}: {label}" for at, label in facts["classes"]),
    ]
    for number, (label, value) in enumerate(zip(labels, values, strict=True), start=1):
        xlsx_set(sheet.cell(number, 1), label).font = BOLD
        xlsx_set(sheet.cell(number, 2), value)
    headers = [
        _("Criterion code"),
        _("Part of"),
        _("Name"),
        _("Maximum"),
        _("Scoring rule"),
        _("Bands or threshold"),
        _("Measured by motcua"),
        _("Evidence required"),
    ]
    for number, text in enumerate(headers, start=1):
        xlsx_set(sheet.cell(10, number), text).font = BOLD
    for offset, row in enumerate(criteria, start=11):
        extra = (
            _band_text(row["bands"])
            if row["rule"] == "banded"
            else f"{row['threshold'] * 100:g}%"
            if row["threshold"] is not None
            else ""
        )
        values = [
            row["code"],
            row["parent"],
            row["name"],
            float(row["max_points"]),
            row["rule"],
            extra,
            row["measure"],
            row["evidence"],
        ]
        for number, value in enumerate(values, start=1):
            xlsx_set(sheet.cell(offset, number), value)
    sheet.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("Write the date as dd/mm/yyyy.")) from None


def read_criteria_set_xlsx(source: IO[bytes], *, levels: set[str], measures: set[str]) -> SetData:
    """A criteria set from its spreadsheet; every wrong cell is named with its row."""
    rows = _rows(source, SET_SHEET)
    errors: list[RowError] = []
    facts: dict[str, Any] = {}
    for index, key in enumerate(SET_FACTS):
        value = _cell(rows[index], 1) if index < len(rows) else None
        try:
            if key in ("name", "source", "level"):
                facts[key] = _text(value)
                if not facts[key]:
                    raise ValueError(_("This cell is required."))
                if key == "level" and facts[key] not in levels:
                    raise ValueError(
                        _("One of: %(levels)s") % {"levels": ", ".join(sorted(levels))}
                    )
            elif key == "year":
                facts[key] = int(_decimal(value) or 0)
                if not 2000 <= facts[key] <= 2100:
                    raise ValueError(_("A year such as 2026."))
            elif key in ("direct_max", "survey_max"):
                facts[key] = _decimal(value)
                if facts[key] is None or facts[key] < 0:
                    raise ValueError(_("Points from 0 to 100."))
            elif key == "due":
                facts[key] = _date(value)
            else:
                facts[key] = _classes(_text(value))
        except (ValueError, InvalidOperation) as error:
            errors.append(RowError(SET_SHEET, index + 1, "B", str(error) or _("Not a number.")))
    start = _header_row(rows, SET_SHEET, CODE_HEADERS) + 1
    criteria: list[CriterionData] = []
    for number, row in enumerate(rows[start:], start=start + 1):
        cells = [_text(_cell(row, index)) for index in range(8)]
        if not any(cells):
            continue
        code, parent, name, maximum, rule_text, extra, measure, evidence = cells
        try:
            if not code or not name:
                raise ValueError(_("The code and the name are required."))
            rule = RULE_WORDS.get(rule_text.lower() or "manual")
            if rule is None:
                raise ValueError(_("Unknown scoring rule: %(rule)s") % {"rule": rule_text})
            if measure and measure not in measures:
                raise ValueError(_("motcua does not measure %(measure)s.") % {"measure": measure})
            points = _decimal(maximum)
            if points is None:
                raise ValueError(_("The maximum is required."))
            criteria.append(
                CriterionData(
                    row=number,
                    code=code,
                    parent=parent,
                    name=name[:500],
                    max_points=points,
                    rule=rule,
                    bands=_bands(extra) if rule == "banded" else [],
                    threshold=_share(extra) if rule == "ratio" and extra else None,
                    measure=measure,
                    evidence=evidence[:500],
                )
            )
        except (ValueError, InvalidOperation) as error:
            errors.append(
                RowError(SET_SHEET, number, code or "—", str(error) or _("Not a number."))
            )
    known = {c.code for c in criteria}
    for criterion in criteria:
        if criterion.parent and criterion.parent not in known:
            errors.append(
                RowError(
                    SET_SHEET,
                    criterion.row,
                    criterion.code,
                    _("No criterion has the code %(code)s.") % {"code": criterion.parent},
                )
            )
    if errors:
        raise ImportRejected(errors)
    return SetData(criteria=criteria, **facts)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def file_name(*parts: object) -> str:
    return _SAFE_NAME.sub("-", "-".join(str(part) for part in parts)).strip("-")
