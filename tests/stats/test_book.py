"""The dossier tracking book: one line per dossier received, in order, with the form's facts."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.services import ApplicantData, dossier_return_result
from motcua.org.models import Role
from tests.dossiers.conftest import vn
from tests.factories import staff

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
