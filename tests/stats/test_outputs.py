"""The table as the API, the report command and its files give it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.org.models import Role
from tests.factories import staff
from tests.stats.test_table import march  # noqa: F401 - the hand-computed March dossiers

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_table_and_the_kpis_to_staff_in_scope(client, world, march):  # noqa: F811
    client.force_login(world.clerk)  # the desk that received them
    body = client.get("/api/v1/stats/table", {"period": "2019-03", "group_by": "agency"}).json()
    assert body["from"] == "2019-03-01"
    assert body["total"]["received"] == 9
    assert (body["total"]["early"], body["total"]["on_time"], body["total"]["late"]) == (1, 1, 1)
    assert body["total"]["on_time_rate"] == pytest.approx(66.67)
    assert body["total"]["meets_on_time_target"] is False
    kpis = client.get("/api/v1/stats/kpis", {"from": "2019-03-01", "to": "2019-03-31"}).json()
    assert (kpis["resolved"], kpis["early_rate"]) == (3, pytest.approx(33.33))
    bad = client.get("/api/v1/stats/table", {"period": "2019-13"})
    assert (bad.status_code, bad.json()["field"]) == (400, "period")
    client.force_login(staff(Role.CLERK, world.district.desk_b))
    other = client.get("/api/v1/stats/table", {"period": "2019-03"}).json()
    assert other["total"]["received"] == 0  # another commune's desk sees none of them


def test_the_report_command_writes_xlsx_csv_and_json(world, march, tmp_path):  # noqa: F811
    xlsx, text, data = tmp_path / "r.xlsx", tmp_path / "r.csv", tmp_path / "r.json"
    call_command("report", "--period", "2019-03", "-o", str(xlsx), stdout=io.StringIO())
    sheet = load_workbook(xlsx).worksheets[0]
    # The form it follows and the national heading, as a file submitted to the province.
    assert sheet["A1"].value == "Biểu số II.06a/VPCP/KSTT"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [cell.value for cell in sheet[1]]
    assert sheet["A3"].value == "Đơn vị báo cáo: Tất cả cơ quan"
    header = next(
        index
        for index, row in enumerate(sheet.iter_rows(), start=1)
        if row[1].value == "Số hồ sơ nhận giải quyết"
    )
    assert f"B{header}:F{header}" in {str(merged) for merged in sheet.merged_cells.ranges}
    total_row = [cell.value for cell in sheet[header + 3]]
    assert total_row[:3] == ["Tổng số", 9, 2]
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert "THỦ TRƯỞNG ĐƠN VỊ" in values
    assert any(str(value).startswith("……, ngày ") for value in values)
    call_command("report", "--period", "2019-03", "--format", "csv", "-o", str(text),
                 stdout=io.StringIO())  # fmt: skip
    lines = list(csv.reader(text.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[-1][0] == "Tổng số"
    unit = world.district.desk_a.code
    call_command("report", "--from", "2019-03-01", "--to", "2019-03-31", "--format", "json",
                 "--unit", unit, "-o", str(data), stdout=io.StringIO())  # fmt: skip
    assert json.loads(data.read_text())["total"]["withdrawn"] == 1
    with pytest.raises(CommandError, match="mã"):
        call_command("report", "--period", "2019-03", "--unit", "KHONG-CO", "-o", str(data))


def test_the_pdf_report_has_the_table_and_the_chart(world, march, tmp_path):  # noqa: F811
    target = tmp_path / "r.pdf"
    call_command("report", "--period", "2019-03", "--format", "pdf", "-o", str(target),
                 stdout=io.StringIO())  # fmt: skip
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Từ ngày 01/03/2019 đến ngày 31/03/2019" in text
    assert "Tổng\nsố 9 2 0 7" in text  # the total row: 9 received, 2 carried over, 7 new
    assert "66,67" in text or "66.67" in text
    assert f"{world.district.desk_a.name}\n0\n20\n40" in text  # the chart: a bar and its axis
    assert "Biểu số II.06a/VPCP/KSTT" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text
    assert "đường nét đứt là mục tiêu (95.0%)" in text or "mục tiêu (95,0%)" in text


def test_the_spreadsheet_carries_a_native_chart(world, march, tmp_path):  # noqa: F811
    target = tmp_path / "r.xlsx"
    call_command("report", "--period", "2019-03", "-o", str(target), stdout=io.StringIO())
    assert len(load_workbook(target).worksheets[0]._charts) == 1  # type: ignore[attr-defined]
