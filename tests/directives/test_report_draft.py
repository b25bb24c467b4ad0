"""The periodic report drafted as Word: its statistics table is `motcua report`'s for the same
unit and period, cell for cell; the directive tasks of the period are listed with their state."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from motcua.directives.models import Assignment, Recurrence, TaskKind
from motcua.directives.services import DirectiveData, TaskData, directive_issue
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def _cell(value) -> str:
    return "" if value is None else str(value)


def test_the_draft_report_holds_the_statistics_table_of_motcua_report(world, tmp_path):
    world.sign(world.receive(vn(2018, 5, 7, 9)), at=vn(2018, 5, 8, 9))
    world.receive(vn(2018, 6, 4, 9))
    chairman = staff(Role.SIGNING_AUTHORITY, world.district.committee)
    directive_issue(actor=chairman, data=DirectiveData(
        number="550/UBND-NV", issued_on=date(2018, 5, 11),
        issuing_agency_id=world.district.committee.pk, signer="Nguyễn Tuấn Anh",
        signer_title="Chủ tịch", subject="CCHC 2018",
        tasks=(TaskData("Tự kiểm tra Bộ phận một cửa", lead=(world.district.commune_a.pk,),
                        due_on=date(2018, 6, 15)),),
    ), at=vn(2018, 5, 11, 15))  # fmt: skip
    code = world.district.commune_a.unit.code
    draft, report = tmp_path / "draft.docx", tmp_path / "report.json"
    call_command("report-draft", "--unit", code, "--period", "2018-Q2", "-o", str(draft),
                 stdout=io.StringIO())  # fmt: skip
    call_command("report", "--unit", code, "--period", "2018-Q2", "--format", "json",
                 "-o", str(report), stdout=io.StringIO())  # fmt: skip
    document = Document(str(draft))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "quý II năm 2018" in text
    tasks, statistics = document.tables[1], document.tables[2]
    assert "Tự kiểm tra Bộ phận một cửa" in tasks.rows[1].cells[1].text
    assert tasks.rows[1].cells[4].text == "Quá hạn"
    expected = json.loads(report.read_text())
    keys = [key for key in expected["total"] if key not in
            ("label", "meets_on_time_target", "meets_early_target")]  # fmt: skip
    lines = [[cell.text for cell in row.cells] for row in statistics.rows[1:]]
    wanted = [[r["label"], *(_cell(r[k]) for k in keys)] for r in expected["rows"]]
    wanted.append(["Tổng cộng", *(_cell(expected["total"][k]) for k in keys)])
    assert lines == wanted
    assert expected["total"]["received"] == 2
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("report-draft", "--unit", "KHONG", "--period", "2018-Q2",
                     "-o", str(draft), stdout=io.StringIO())  # fmt: skip


def test_a_report_obligation_offers_its_draft_to_the_unit_that_owes_it(client, world):
    chairman = staff(Role.SIGNING_AUTHORITY, world.district.committee)
    directive_issue(actor=chairman, data=DirectiveData(
        number="11/KH-UBND", issued_on=date(2018, 1, 23),
        issuing_agency_id=world.district.committee.pk, signer="Nguyễn Tuấn Anh",
        signer_title="Chủ tịch", subject="Kế hoạch CCHC 2018",
        tasks=(TaskData("Báo cáo CCHC định kỳ", lead=(world.district.commune_a.pk,),
                        recurrence=Recurrence.QUARTERLY, until=date(2018, 12, 31),
                        kind=TaskKind.REPORT),
               TaskData("Tự kiểm tra", lead=(world.district.commune_a.pk,),
                        due_on=date(2018, 6, 15))),
    ), at=vn(2018, 1, 23, 15))  # fmt: skip
    report = Assignment.objects.get(task__position=1, period="2018-Q2")
    task = Assignment.objects.get(task__position=2)
    client.force_login(staff(Role.SPECIALIST, world.district.commune_a))
    page = client.get(reverse("directive-assignment", args=[report.pk])).content.decode()
    assert reverse("directive-draft", args=[report.pk]) in page
    draft = client.get(reverse("directive-draft", args=[report.pk]))
    assert draft.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(draft.content)).paragraphs)
    assert "quý II năm 2018" in text
    assert client.get(reverse("directive-draft", args=[task.pk])).status_code == 404
    client.force_login(staff(Role.SPECIALIST, world.district.commune_b))
    assert client.get(reverse("directive-draft", args=[report.pk])).status_code == 404
