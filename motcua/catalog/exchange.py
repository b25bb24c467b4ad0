"""Catalogue import and export: a spreadsheet in the national procedure database's layout, and JSON.

The spreadsheet has two sheets: procedures (one row per published version, the national
database's columns plus the date the version takes effect) and their required components (one
row per component). Export then import gives back the same catalogue, cell for cell.

Import validates every row first and reports every error by sheet, row and column; if any row
fails, nothing is written. A row equal to the version already in force changes nothing; a
different row becomes a new version from its date.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.accounts.models import User
from motcua.catalog.models import (
    Level,
    OnlineLevel,
    ProcedureVersion,
    SupplementClockRule,
    TimeLimitUnit,
    VersionStatus,
)
from motcua.catalog.services import (
    ComponentData,
    ProcedureData,
    normalized_procedure_data,
    procedure_draft_save,
    procedure_version_announce,
    procedure_version_data,
    procedure_version_publish,
)
from motcua.core.errors import DomainError
from motcua.core.spreadsheets import ImportRejected, RowError, cell_text, open_workbook, xlsx_row
from motcua.core.text import fold, normalize_text
from motcua.core.transactions import outermost

PROCEDURE_SHEET = "Thủ tục hành chính"
COMPONENT_SHEET = "Thành phần hồ sơ"
JSON_FORMAT = "motcua-catalogue"
JSON_FORMAT_VERSION = 1
MAX_IMPORT_ROWS = 20_000

LEVEL_WORDS = {Level.PROVINCE: "Cấp tỉnh", Level.DISTRICT: "Cấp huyện", Level.COMMUNE: "Cấp xã"}
UNIT_WORDS = {
    TimeLimitUnit.WORKING_DAYS: "Ngày làm việc",
    TimeLimitUnit.WORKING_HOURS: "Giờ làm việc",
    TimeLimitUnit.CALENDAR_DAYS: "Ngày",
    TimeLimitUnit.WITHIN_DAY: "Trong ngày",
}
ONLINE_WORDS = {
    OnlineLevel.NONE: "",
    OnlineLevel.PARTIAL: "Một phần",
    OnlineLevel.FULL: "Toàn trình",
}
SUPPLEMENT_CLOCK_WORDS = {
    SupplementClockRule.REGIME: "",
    SupplementClockRule.RESUME: "Tính tiếp thời gian còn lại",
    SupplementClockRule.RESTART: "Tính lại từ đầu",
}
CHANNEL_WORDS = (
    ("accepts_desk", "Trực tiếp"),
    ("accepts_online", "Trực tuyến"),
    ("accepts_post", "Qua bưu chính"),
)


@dataclass(frozen=True, slots=True)
class ProcedureRecord:
    code: str
    effective_from: date
    data: ProcedureData
    sheet: str = ""  # where the record came from, for error reports
    row: int = 0


@dataclass(slots=True)
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    announced: list[str] = field(default_factory=list)  # the announcing decision recorded


class _CellError(ValueError):
    pass


# --- cell conversions -------------------------------------------------------------------------


def _text(value: Any) -> str:
    return cell_text(value).replace("\r\n", "\n").strip()


def _required(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _CellError(_("This column is required."))
    return text


def _by_word(words: Mapping[Any, str], value: Any, *, empty: Any = None) -> Any:
    text = fold(_text(value))
    if not text:
        if empty is None:
            raise _CellError(_("This column is required."))
        return empty
    for choice, word in words.items():
        if text in (fold(word), fold(str(choice))) and word:
            return choice
    allowed = ", ".join(word for word in words.values() if word)
    raise _CellError(
        _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
    )


def _decimal(value: Any) -> Decimal | None:
    text = _text(value).replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if number < 0 or number != number.quantize(Decimal("0.01")):
        raise _CellError(_("Expected a positive number with at most two decimals."))
    return number


def _whole(value: Any, *, default: int | None = None) -> int | None:
    text = _text(value).replace(".", "").replace(" ", "")
    if not text:
        return default
    if not text.isascii() or not text.isdigit():
        raise _CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(text)


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _required(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise _CellError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value})


def _optional_day(value: Any) -> date | None:
    return _day(value) if _text(value) or isinstance(value, date) else None


def _channels(value: Any) -> dict[str, bool]:
    words = {fold(part) for part in _text(value).replace(",", ";").split(";") if part.strip()}
    known = {fold(word): key for key, word in CHANNEL_WORDS}
    unknown = words - known.keys()
    if unknown:
        allowed = ", ".join(word for _key, word in CHANNEL_WORDS)
        raise _CellError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": ", ".join(sorted(unknown)), "allowed": allowed}
        )
    if not words:
        raise _CellError(_("Name at least one channel."))
    return {key: fold(word) in words for key, word in CHANNEL_WORDS}


def _number_cell(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- the columns ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    header: str  # the national database's heading
    key: str  # the JSON key
    parse: Callable[[Any], Any]
    render: Callable[[ProcedureRecord], Any]
    optional: bool = False  # added after files were written without it: absent means empty


def _columns() -> tuple[Column, ...]:
    def data(attribute: str) -> Callable[[ProcedureRecord], Any]:
        return lambda record: getattr(record.data, attribute)

    return (
        Column("Mã thủ tục", "code", _required, lambda r: r.code),
        Column("Tên thủ tục", "name", _required, data("name")),
        Column(
            "Cấp thực hiện",
            "level",
            lambda v: _by_word(LEVEL_WORDS, v),
            lambda r: LEVEL_WORDS[r.data.level],
        ),
        Column("Lĩnh vực", "field", _required, data("field")),
        Column("Cơ quan thực hiện", "implementing_agency", _required, data("implementing_agency")),
        Column("Cơ quan có thẩm quyền", "deciding_agency", _required, data("deciding_agency")),
        Column(
            "Thời hạn giải quyết",
            "time_limit_value",
            _decimal,
            lambda r: _number_cell(r.data.time_limit_value),
        ),
        Column(
            "Đơn vị thời hạn",
            "time_limit_unit",
            lambda v: _by_word(UNIT_WORDS, v, empty=""),
            lambda r: UNIT_WORDS[r.data.time_limit_unit] if r.data.time_limit_unit else "",
        ),
        Column("Ghi chú thời hạn", "time_limit_note", _text, data("time_limit_note")),
        Column("Mức phí (đồng)", "fee_amount", _whole, data("fee_amount")),
        Column("Phí, lệ phí", "fee_text", _text, data("fee_text")),
        Column("Kết quả thực hiện", "result", _required, data("result")),
        Column("Yêu cầu, điều kiện", "conditions", _text, data("conditions")),
        Column("Căn cứ pháp lý", "legal_basis", _required, data("legal_basis")),
        Column(
            "Cách thức thực hiện",
            "channels",
            _channels,
            lambda r: "; ".join(word for key, word in CHANNEL_WORDS if getattr(r.data, key)),
        ),
        Column(
            "Mức độ dịch vụ công trực tuyến",
            "online_level",
            lambda v: _by_word(ONLINE_WORDS, v, empty=OnlineLevel.NONE),
            lambda r: ONLINE_WORDS[r.data.online_level],
        ),
        Column(
            "Hiệu lực từ",
            "effective_from",
            _day,
            lambda r: r.effective_from.strftime("%d/%m/%Y"),
        ),
        Column(
            "Thời hạn khi bổ sung hồ sơ",
            "supplement_clock",
            lambda v: _by_word(SUPPLEMENT_CLOCK_WORDS, v, empty=SupplementClockRule.REGIME),
            lambda r: SUPPLEMENT_CLOCK_WORDS[r.data.supplement_clock],
            optional=True,
        ),
        Column("Quyết định công bố", "announcement", _text, data("announcement"), optional=True),
        Column(
            "Ngày công bố",
            "announced_on",
            _optional_day,
            lambda r: r.data.announced_on.strftime("%d/%m/%Y") if r.data.announced_on else "",
            optional=True,
        ),
    )


COLUMNS = _columns()
COMPONENT_HEADERS = (
    "Mã thủ tục",
    "Hiệu lực từ",
    "STT",
    "Tên thành phần hồ sơ",
    "Bản chính",
    "Bản sao",
    "Không bắt buộc",
)


# --- records from rows ------------------------------------------------------------------------


def _record(
    values: Mapping[str, Any],
    components: Sequence[ComponentData],
    *,
    sheet: str,
    row: int,
    label: Callable[[Column], str],
    errors: list[RowError],
) -> ProcedureRecord | None:
    parsed: dict[str, Any] = {}
    for column in COLUMNS:
        try:
            parsed[column.key] = column.parse(values.get(column.key))
        except _CellError as error:
            errors.append(RowError(sheet, row, label(column), str(error)))
    if len(parsed) < len(COLUMNS):
        return None
    channels = parsed.pop("channels")
    unit = parsed.pop("time_limit_unit") or None
    if (unit is None) != (parsed["time_limit_value"] is None):
        errors.append(
            RowError(
                sheet,
                row,
                label(COLUMNS[7]),
                _("A time limit needs both a number and a unit (or neither)."),
            )
        )
        return None
    code = parsed.pop("code").upper()
    effective_from = parsed.pop("effective_from")
    return ProcedureRecord(
        code=code,
        effective_from=effective_from,
        sheet=sheet,
        row=row,
        data=ProcedureData(
            **parsed, time_limit_unit=unit, **channels, components=tuple(components)
        ),
    )


ComponentKey = tuple[str, date]


def _component(
    cells: Sequence[Any], *, sheet: str, row: int, errors: list[RowError]
) -> tuple[ComponentKey, int, ComponentData] | None:
    """One component row: procedure code, version date, order, name, originals, copies, optional."""
    padded = [*cells, *[None] * (len(COMPONENT_HEADERS) - len(cells))]
    found: list[RowError] = []

    def cell(index: int, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(padded[index])
        except _CellError as error:
            found.append(RowError(sheet, row, COMPONENT_HEADERS[index], str(error)))
            return None

    code = cell(0, _required)
    effective_from = cell(1, _day)
    position = cell(2, lambda v: _whole(v))
    name = cell(3, _required)
    originals = cell(4, lambda v: _whole(v, default=0))
    copies = cell(5, lambda v: _whole(v, default=0))
    if position is None and not found:
        found.append(RowError(sheet, row, COMPONENT_HEADERS[2], _("This column is required.")))
    errors.extend(found)
    if found:
        return None
    return (
        (str(code).upper(), effective_from),
        int(position),
        ComponentData(
            name=normalize_text(name),
            originals=int(originals),
            copies=int(copies),
            is_optional=bool(_text(padded[6])),
        ),
    )


def read_xlsx(source: IO[bytes]) -> list[ProcedureRecord]:
    """The records of a spreadsheet; ImportRejected listing every error if any row is wrong."""
    workbook = open_workbook(source)
    errors: list[RowError] = []
    for sheet_name in (PROCEDURE_SHEET, COMPONENT_SHEET):
        if sheet_name not in workbook.sheetnames:
            errors.append(RowError(sheet_name, 0, "—", _("The sheet is missing.")))
    if errors:
        raise ImportRejected(errors)
    # Counted while reading: a sheet of a million rows is refused at row 20,001, not loaded.
    budget = itertools.count(1)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for sheet_name in (PROCEDURE_SHEET, COMPONENT_SHEET):
        rows[sheet_name] = []
        for row in workbook[sheet_name].iter_rows(values_only=True):
            if next(budget) > MAX_IMPORT_ROWS:
                workbook.close()
                raise ImportRejected([RowError("—", 0, "—", _("The file has too many rows."))])
            rows[sheet_name].append(row)
    workbook.close()
    procedure_rows, component_rows = rows[PROCEDURE_SHEET], rows[COMPONENT_SHEET]
    headers = [_text(cell) for cell in (procedure_rows[0] if procedure_rows else ())]
    positions = {header: index for index, header in enumerate(headers)}
    for column in COLUMNS:
        if column.header not in positions and not column.optional:
            errors.append(RowError(PROCEDURE_SHEET, 1, column.header, _("The column is missing.")))
    if errors:
        raise ImportRejected(errors)

    components: dict[ComponentKey, list[tuple[int, ComponentData]]] = {}
    for row_number, cells in enumerate(component_rows[1:], start=2):
        if not any(_text(cell) for cell in cells):
            continue
        parsed = _component(cells, sheet=COMPONENT_SHEET, row=row_number, errors=errors)
        if parsed is not None:
            key, position, component = parsed
            components.setdefault(key, []).append((position, component))

    records: list[ProcedureRecord] = []
    keys: set[ComponentKey] = set()
    for row_number, cells in enumerate(procedure_rows[1:], start=2):
        if not any(_text(cell) for cell in cells):
            continue
        values = {
            column.key: cells[positions[column.header]]
            if positions.get(column.header, len(cells)) < len(cells)
            else None
            for column in COLUMNS
        }
        try:
            key = (_text(values["code"]).upper(), _day(values["effective_from"]))
        except _CellError:
            key = ("", date.min)
        record = _record(
            values,
            [c for _p, c in sorted(components.get(key, []), key=lambda item: item[0])],
            sheet=PROCEDURE_SHEET,
            row=row_number,
            label=lambda column: column.header,
            errors=errors,
        )
        if record is not None:
            records.append(record)
            keys.add(key)
    for code, day in sorted(components.keys() - keys):
        errors.append(
            RowError(
                COMPONENT_SHEET,
                0,
                COMPONENT_HEADERS[0],
                _("Components for %(code)s from %(date)s, which is not in the procedure sheet.")
                % {"code": code, "date": day.strftime("%d/%m/%Y")},
            )
        )
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.sheet, e.row)))
    return records


def read_json(source: IO[bytes]) -> list[ProcedureRecord]:
    try:
        document = json.load(source)
    except (ValueError, UnicodeDecodeError):
        raise ImportRejected([RowError("JSON", 0, "—", _("The file is not valid JSON."))]) from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ImportRejected([RowError("JSON", 0, "format", _("Not a motcua catalogue file."))])
    items = document.get("procedures")
    if not isinstance(items, list) or len(items) > MAX_IMPORT_ROWS:
        raise ImportRejected(
            [RowError("JSON", 0, "procedures", _("Expected a list of procedures."))]
        )
    errors: list[RowError] = []
    records: list[ProcedureRecord] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(RowError("JSON", number, "—", _("Expected an object.")))
            continue
        components: list[ComponentData] = []
        raw_components = item.get("components") or []
        if not isinstance(raw_components, list):
            errors.append(RowError("JSON", number, "components", _("Expected a list.")))
            raw_components = []
        for index, raw in enumerate(raw_components, start=1):
            raw = raw if isinstance(raw, dict) else {}
            parsed = _component(
                [
                    item.get("code"),
                    item.get("effective_from"),
                    index,
                    raw.get("name"),
                    raw.get("originals"),
                    raw.get("copies"),
                    "x" if raw.get("is_optional") else "",
                ],
                sheet="JSON",
                row=number,
                errors=errors,
            )
            if parsed is not None:
                components.append(parsed[2])
        record = _record(
            item,
            components,
            sheet="JSON",
            row=number,
            label=lambda column: column.key,
            errors=errors,
        )
        if record is not None:
            records.append(record)
    if errors:
        raise ImportRejected(errors)
    return records


# --- import -----------------------------------------------------------------------------------


def catalogue_import(*, actor: User, records: Iterable[ProcedureRecord]) -> ImportReport:
    """Bring the catalogue in line with the records, all or nothing.

    For each procedure, records are applied in date order: equal to the latest version → left
    alone; different → a new version effective from the record's date (which must be later).
    Refuses with every error by row; nothing is written then.
    """
    ordered = sorted(records, key=lambda record: (record.code, record.effective_from))
    report = ImportReport()
    errors: list[RowError] = []
    with outermost():
        for record in ordered:
            published = (
                ProcedureVersion.objects.filter(
                    procedure__code=record.code, status=VersionStatus.PUBLISHED
                )
                .select_related("field")
                .prefetch_related("components")
            )
            same_day = published.filter(effective_from=record.effective_from).first()
            latest = published.order_by("-effective_from").first()
            if same_day is not None:
                stored, wanted = (
                    procedure_version_data(same_day),
                    normalized_procedure_data(record.data),
                )
                if stored == wanted:
                    report.unchanged.append(record.code)
                elif _announces(stored, wanted):
                    try:
                        procedure_version_announce(
                            actor=actor, version=same_day, announcement=wanted.announcement,
                            announced_on=wanted.announced_on,  # type: ignore[arg-type]
                        )  # fmt: skip
                    except DomainError as error:
                        errors.append(RowError(record.sheet, record.row,
                                               _column_label(record.sheet, error.field),
                                               str(error.message)))  # fmt: skip
                        continue
                    report.announced.append(record.code)
                else:
                    errors.append(
                        RowError(
                            record.sheet,
                            record.row,
                            "Hiệu lực từ",
                            _("Version %(number)s already takes effect on that date and differs.")
                            % {"number": same_day.number},
                        )
                    )
                continue
            if latest is not None and procedure_version_data(latest) == normalized_procedure_data(
                record.data
            ):
                report.unchanged.append(record.code)
                continue
            try:
                with transaction.atomic():
                    draft = procedure_draft_save(actor=actor, code=record.code, data=record.data)
                    procedure_version_publish(
                        actor=actor, version=draft, effective_from=record.effective_from
                    )
            except DomainError as error:
                errors.append(
                    RowError(
                        record.sheet,
                        record.row,
                        _column_label(record.sheet, error.field),
                        str(error.message),
                    )
                )
                continue
            (report.new_versions if latest is not None else report.created).append(record.code)
        if errors:
            raise ImportRejected(errors)
    return report


def _announces(stored: ProcedureData, wanted: ProcedureData) -> bool:
    """The file only adds the announcing decision to a version recorded without it."""
    return (
        stored.announced_on is None
        and wanted.announced_on is not None
        and replace(wanted, announcement="", announced_on=None) == stored
    )


def _column_label(sheet: str, field_name: str | None) -> str:
    """The heading of the column a model field comes from, as the user's file names it."""
    for column in COLUMNS:
        if column.key == field_name:
            return column.header if sheet == PROCEDURE_SHEET else column.key
    return field_name or "—"


# --- export -----------------------------------------------------------------------------------


def versions_for_export(*, day: date, all_versions: bool = False) -> QuerySet[ProcedureVersion]:
    """Published versions in force on `day` and those scheduled after it (or every one)."""
    versions = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
    if not all_versions:
        versions = versions.filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))
    return (
        versions.select_related("procedure", "field")
        .prefetch_related("components")
        .order_by("procedure__code", "effective_from")
    )


def export_records(versions: Iterable[ProcedureVersion]) -> list[ProcedureRecord]:
    return [
        ProcedureRecord(
            code=version.procedure.code,
            effective_from=version.effective_from or date.min,
            data=procedure_version_data(version),
        )
        for version in versions
    ]


def write_xlsx(records: Sequence[ProcedureRecord]) -> bytes:
    workbook = Workbook()
    procedures = workbook.active
    assert procedures is not None
    procedures.title = PROCEDURE_SHEET
    procedures.append([column.header for column in COLUMNS])
    for record in records:
        procedures.append(xlsx_row(procedures, (column.render(record) for column in COLUMNS)))
    components = workbook.create_sheet(COMPONENT_SHEET)
    components.append(list(COMPONENT_HEADERS))
    for record in records:
        for position, component in enumerate(record.data.components, start=1):
            components.append(
                xlsx_row(
                    components,
                    [
                        record.code,
                        record.effective_from.strftime("%d/%m/%Y"),
                        position,
                        component.name,
                        component.originals,
                        component.copies,
                        "x" if component.is_optional else "",
                    ],
                )
            )
    for sheet in (procedures, components):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_json(records: Sequence[ProcedureRecord]) -> bytes:
    items = []
    for record in records:
        item = {column.key: column.render(record) for column in COLUMNS}
        item["components"] = [
            {
                "name": component.name,
                "originals": component.originals,
                "copies": component.copies,
                "is_optional": component.is_optional,
            }
            for component in record.data.components
        ]
        items.append(item)
    document = {"format": JSON_FORMAT, "version": JSON_FORMAT_VERSION, "procedures": items}
    return json.dumps(document, ensure_ascii=False, indent=2).encode()
