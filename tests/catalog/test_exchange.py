"""Catalogue import and export: lossless round trips, every error by row, all or nothing."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from motcua.catalog import exchange
from motcua.catalog.models import (
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    SupplementClockRule,
    TimeLimitUnit,
)
from motcua.core.spreadsheets import ImportRejected
from tests.worlds import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(admin):
    publish(admin, code="1.000894", day=date(2020, 1, 1))
    publish(
        admin,
        code="1.000894",
        day=date(2021, 7, 1),
        fee_amount=1_500_000,
        fee_text="Lệ phí: 1.500.000 đồng",
        accepts_online=True,
        online_level=OnlineLevel.FULL,
    )
    publish(
        admin,
        code="2.000986",
        name="Chứng thực chữ ký trong giấy tờ, văn bản",
        time_limit_value=Decimal("0.5"),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        time_limit_note="sau 15 giờ thì trả trong ngày làm việc tiếp theo",
        conditions="Ký trước mặt người thực hiện chứng thực.\nMang theo giấy tờ tùy thân.",
    )
    publish(
        admin,
        code="1.001022",
        name="Giải quyết khiếu nại",
        time_limit_value=None,
        time_limit_unit=None,
    )


def export(fmt: str, *, all_versions: bool = True) -> bytes:
    records = exchange.export_records(
        exchange.versions_for_export(day=date(2026, 1, 1), all_versions=all_versions)
    )
    return exchange.write_json(records) if fmt == "json" else exchange.write_xlsx(records)


def cells(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def wipe_catalogue():
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_export_then_import_into_an_empty_catalogue_gives_the_same_catalogue(admin, catalogue, fmt):
    first = export(fmt)
    wipe_catalogue()
    reader = exchange.read_json if fmt == "json" else exchange.read_xlsx
    report = exchange.catalogue_import(actor=admin, records=reader(io.BytesIO(first)))
    assert sorted(report.created) == ["1.000894", "1.001022", "2.000986"]
    assert report.new_versions == ["1.000894"]
    second = export(fmt)
    if fmt == "json":
        assert second == first
    else:
        assert cells(second) == cells(first)
    version = ProcedureVersion.objects.get(procedure__code="1.000894", number=2)
    assert (version.fee_amount, version.online_level) == (1_500_000, OnlineLevel.FULL)
    assert version.effective_from == date(2021, 7, 1)


def test_the_spreadsheet_has_the_national_database_columns(catalogue):
    sheets = cells(export("xlsx"))
    header = sheets[exchange.PROCEDURE_SHEET][0]
    for column in (
        "Mã thủ tục",
        "Tên thủ tục",
        "Cấp thực hiện",
        "Lĩnh vực",
        "Cơ quan thực hiện",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Căn cứ pháp lý",
        "Cách thức thực hiện",
    ):
        assert column in header
    row = dict(zip(header, sheets[exchange.PROCEDURE_SHEET][1], strict=True))
    assert row["Cấp thực hiện"] == "Cấp huyện"
    assert row["Thời hạn giải quyết"] == 3
    assert row["Đơn vị thời hạn"] == "Ngày làm việc"
    assert sheets[exchange.COMPONENT_SHEET][1][:6] == (
        "1.000894", "01/01/2020", 1, "Tờ khai đăng ký kết hôn", 1, 0,
    )  # fmt: skip


def test_importing_the_same_file_twice_changes_nothing(admin, catalogue):
    content = export("xlsx")
    report = exchange.catalogue_import(actor=admin, records=exchange.read_xlsx(io.BytesIO(content)))
    assert report.created == report.new_versions == []
    assert len(report.unchanged) == 4
    assert ProcedureVersion.objects.count() == 4


def test_a_changed_row_becomes_a_new_version_from_its_date(admin, catalogue):
    document = json.loads(export("json", all_versions=False))
    item = next(i for i in document["procedures"] if i["code"] == "2.000986")
    item["fee_text"] = "2.000 đồng/trang"
    item["effective_from"] = "01/03/2026"
    records = exchange.read_json(io.BytesIO(json.dumps(document).encode()))
    report = exchange.catalogue_import(actor=admin, records=records)
    assert report.new_versions == ["2.000986"]
    latest = ProcedureVersion.objects.get(procedure__code="2.000986", number=2)
    assert (latest.fee_text, latest.effective_from) == ("2.000 đồng/trang", date(2026, 3, 1))


def broken_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = exchange.PROCEDURE_SHEET
    sheet.append([column.header for column in exchange.COLUMNS])
    good = [
        "1.000111",
        "Thủ tục tốt",
        "Cấp xã",
        "Hộ tịch",
        "UBND cấp xã",
        "Chủ tịch UBND cấp xã",
        3,
        "Ngày làm việc",
        "",
        "",
        "",
        "Kết quả",
        "",
        "Luật",
        "Trực tiếp",
        "",
        "01/01/2020",
    ]
    bad = [
        "1.000222",
        "",
        "Cấp thôn",
        "Hộ tịch",
        "UBND cấp xã",
        "Chủ tịch UBND cấp xã",
        "ba",
        "Ngày làm việc",
        "",
        "",
        "",
        "Kết quả",
        "",
        "Luật",
        "Fax",
        "",
        "31/02/2020",
    ]
    sheet.append(good)
    sheet.append(bad)
    components = workbook.create_sheet(exchange.COMPONENT_SHEET)
    components.append(list(exchange.COMPONENT_HEADERS))
    components.append(["1.000111", "01/01/2020", 1, "Tờ khai", 1, 0, ""])
    components.append(["1.000999", "01/01/2020", 1, "Mồ côi", "một", 0, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_every_error_is_reported_by_row_and_column_and_nothing_is_imported(admin):
    with pytest.raises(ImportRejected) as rejected:
        exchange.read_xlsx(io.BytesIO(broken_workbook()))
    found = {(e.sheet, e.row, e.column) for e in rejected.value.errors}
    assert found == {
        (exchange.PROCEDURE_SHEET, 3, "Tên thủ tục"),
        (exchange.PROCEDURE_SHEET, 3, "Cấp thực hiện"),
        (exchange.PROCEDURE_SHEET, 3, "Thời hạn giải quyết"),
        (exchange.PROCEDURE_SHEET, 3, "Cách thức thực hiện"),
        (exchange.PROCEDURE_SHEET, 3, "Hiệu lực từ"),
        (exchange.COMPONENT_SHEET, 3, "Bản chính"),
    }
    assert not Procedure.objects.exists()


def test_a_row_that_fails_in_the_database_rolls_back_the_whole_import(admin, catalogue):
    document = json.loads(export("json", all_versions=False))
    document["procedures"][0]["name"] = "Tên mới"
    document["procedures"][0]["effective_from"] = "01/01/2027"
    # A version dated before the one in force cannot be inserted.
    document["procedures"][1]["name"] = "Tên khác"
    document["procedures"][1]["effective_from"] = "01/01/2019"
    before = ProcedureVersion.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        exchange.catalogue_import(
            actor=admin, records=exchange.read_json(io.BytesIO(json.dumps(document).encode()))
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "effective_from")]
    assert ProcedureVersion.objects.count() == before


def test_a_file_that_is_not_a_workbook_is_a_clear_error():
    with pytest.raises(ImportRejected) as rejected:
        exchange.read_xlsx(io.BytesIO(b"not a workbook"))
    assert "xlsx" in rejected.value.errors[0].message


def test_the_command_exports_and_refuses_a_bad_file(admin, catalogue, tmp_path):
    output = tmp_path / "catalogue.xlsx"
    call_command("catalogue", "export", "-o", str(output))
    assert len(cells(output.read_bytes())[exchange.PROCEDURE_SHEET]) == 1 + 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(broken_workbook())
    with pytest.raises(CommandError, match="6"):
        call_command("catalogue", "import", str(bad), "--as", "admin", stderr=io.StringIO())


def test_the_row_cap_is_checked_while_reading(monkeypatch):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    workbook = Workbook()
    procedures = workbook.active
    procedures.title = exchange.PROCEDURE_SHEET
    procedures.append([column.header for column in exchange.COLUMNS])
    for number in range(2_000):
        procedures.append([f"1.{number:06d}", "Thủ tục"])
    workbook.create_sheet(exchange.COMPONENT_SHEET).append(list(exchange.COMPONENT_HEADERS))
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)
    monkeypatch.setattr(exchange, "MAX_IMPORT_ROWS", 100)
    read = []
    real_iter_rows = ReadOnlyWorksheet.iter_rows

    def counted(self, *args, **kwargs):  # the real reader, counting what it had to parse
        for row in real_iter_rows(self, *args, **kwargs):
            read.append(row)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counted)
    with pytest.raises(ImportRejected) as refused:
        exchange.read_xlsx(content)
    assert "quá nhiều dòng" in str(refused.value.errors[0].message)
    assert len(read) == 101  # stopped at the first row over the cap, not 2,001


def _one_procedure(clock_cell: str | None = None, **optional: str) -> bytes:
    """A workbook of one good procedure, effective 01/01/2020, with only the mandatory columns
    and the optional ones given (the clock's; others by heading)."""
    headers = [column.header for column in exchange.COLUMNS if not column.optional]
    row = ["1.000111", "Thủ tục tốt", "Cấp xã", "Hộ tịch", "UBND cấp xã", "Chủ tịch UBND cấp xã",
           3, "Ngày làm việc", "", "", "", "Kết quả", "", "Luật", "Trực tiếp", "",
           "01/01/2020"]  # fmt: skip
    if clock_cell is not None:
        optional = {"Thời hạn khi bổ sung hồ sơ": clock_cell, **optional}
    headers += list(optional)
    row += list(optional.values())
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = exchange.PROCEDURE_SHEET
    sheet.append(headers)
    sheet.append(row)
    workbook.create_sheet(exchange.COMPONENT_SHEET).append(list(exchange.COMPONENT_HEADERS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_supplement_clock_column_is_optional_and_checked():
    """Files written before the column existed still import (the regime's rule applies)."""
    [record] = exchange.read_xlsx(io.BytesIO(_one_procedure(None)))
    assert record.data.supplement_clock == SupplementClockRule.REGIME
    [record] = exchange.read_xlsx(io.BytesIO(_one_procedure("Tính lại từ đầu")))
    assert record.data.supplement_clock == SupplementClockRule.RESTART
    with pytest.raises(ImportRejected) as rejected:
        exchange.read_xlsx(io.BytesIO(_one_procedure("Tùy ý")))
    [error] = rejected.value.errors
    assert error.column == "Thời hạn khi bổ sung hồ sơ"


def _import(content: bytes, actor):
    return exchange.catalogue_import(actor=actor, records=exchange.read_xlsx(io.BytesIO(content)))


def test_the_announcing_decision_is_read_and_recorded_once_on_a_version_without_it(admin):
    """A catalogue carried over without its announcing decisions gets them from a later file,
    on the same version (no new version: the procedure did not change); never a second one."""
    _import(_one_procedure(), admin)
    announced = _one_procedure(**{"Quyết định công bố": "12/QĐ-UBND",
                                  "Ngày công bố": "20/12/2019"})  # fmt: skip
    report = _import(announced, admin)
    assert report.announced == ["1.000111"]
    [version] = ProcedureVersion.objects.filter(procedure__code="1.000111")
    assert (version.announcement, version.announced_on) == ("12/QĐ-UBND", date(2019, 12, 20))
    latest = version.history.first()  # the change is kept, by whom
    assert (latest.announcement, latest.history_user) == ("12/QĐ-UBND", admin)
    assert version.history.all()[1].announcement == ""
    assert _import(announced, admin).unchanged == ["1.000111"]
    other = _one_procedure(**{"Quyết định công bố": "99/QĐ-UBND", "Ngày công bố": "21/12/2019"})
    with pytest.raises(ImportRejected) as refused:
        _import(other, admin)
    assert "khác" in str(refused.value.errors[0].message)  # differs: refused, nothing written
    version.refresh_from_db()
    assert version.announcement == "12/QĐ-UBND"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"Quyết định công bố": "12/QĐ-UBND"}, "cả số và ngày"),
        ({"Quyết định công bố": "12/QĐ-UBND", "Ngày công bố": "31/12/2999"}, "tương lai"),
        ({"Quyết định công bố": "12/QĐ-UBND", "Ngày công bố": "mai"}, "không phải là ngày"),
    ],
)
def test_a_wrong_announcement_is_refused_with_its_column(admin, cells, message):
    with pytest.raises(ImportRejected) as refused:
        _import(_one_procedure(**cells), admin)
    [error] = refused.value.errors
    assert error.column == "Ngày công bố"
    assert message in str(error.message)
    assert not ProcedureVersion.objects.filter(procedure__code="1.000111").exists()
