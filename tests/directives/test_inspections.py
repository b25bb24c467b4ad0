"""Inspections: planned, recorded against the checklist (every item once), their findings
concluded as remediation tasks of the inspected agency, tracked until the inspection closes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from motcua.core.errors import DomainError, IllegalAction, PermissionDenied
from motcua.directives.models import Assignment, Checklist, Directive, Inspection, Severity
from motcua.directives.selectors import InspectionState, inspection_state
from motcua.directives.services import (
    CheckData,
    FindingData,
    ReportData,
    assignment_accept,
    assignment_report,
    inspection_plan,
    inspection_record,
)
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def test_an_inspection_concludes_into_remediation_tasks_and_closes_when_they_are_done(district):
    home_affairs = district.justice  # the inspecting department in the test district
    inspector = staff(Role.INSPECTOR, home_affairs)
    with pytest.raises(PermissionDenied):
        inspection_plan(actor=staff(Role.CLERK, district.desk_a),
                        inspecting_agency_id=home_affairs.pk,
                        inspected_agency_id=district.desk_a.pk, checklist_code="mot-cua",
                        planned_on=date(2018, 6, 1))  # fmt: skip
    inspection = inspection_plan(
        actor=inspector, inspecting_agency_id=home_affairs.pk,
        inspected_agency_id=district.desk_a.pk, checklist_code="mot-cua",
        planned_on=date(2018, 6, 1),
    )  # fmt: skip
    assert inspection_state(inspection) is InspectionState.PLANNED
    items = list(Checklist.objects.get(code="mot-cua").items.order_by("position"))
    assert len(items) == 5  # the checklist ships as data
    results = [CheckData(item.pk, item.position != 4) for item in items]
    with pytest.raises(DomainError, match="mọi nội dung"):
        inspection_record(
            actor=inspector,
            inspection_id=inspection.pk,
            inspected_on=date(2018, 6, 1),
            results=results[:-1],
            findings=[],
        )
    found = [FindingData("Sổ theo dõi hồ sơ không cập nhật từ tháng 4", Severity.MAJOR, 10)]
    with pytest.raises(DomainError, match="số của kết luận"):
        inspection_record(
            actor=inspector,
            inspection_id=inspection.pk,
            inspected_on=date(2018, 6, 1),
            results=results,
            findings=found,
        )
    inspection_record(actor=inspector, inspection_id=inspection.pk, inspected_on=date(2018, 6, 1),
                      results=results, findings=found, conclusion_number="45/KL-NV",
                      at=vn(2018, 6, 1, 16))  # fmt: skip
    with pytest.raises(IllegalAction):
        inspection_record(
            actor=inspector,
            inspection_id=inspection.pk,
            inspected_on=date(2018, 6, 1),
            results=results,
            findings=[],
        )
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.conclusion == Directive.objects.get(number="45/KL-NV")
    remediation = Assignment.objects.get(task__directive=inspection.conclusion)
    assert remediation.agency == district.desk_a
    assert remediation.due_at == vn(2018, 6, 15, 17)  # 10 working days from Friday 01/06
    assert inspection_state(inspection) is InspectionState.OPEN
    desk_manager = staff(Role.CENTRE_MANAGER, district.desk_a)
    assignment_report(actor=desk_manager, assignment_id=remediation.pk,
                      report=ReportData(text="Đã cập nhật sổ", done=True,
                                        links=["/staff/dossiers/"]),
                      at=vn(2018, 6, 12, 9))  # fmt: skip
    leader = staff(Role.SIGNING_AUTHORITY, district.committee)
    assignment_accept(actor=leader, assignment_id=remediation.pk, at=vn(2018, 6, 13, 9))
    assert inspection_state(inspection) is InspectionState.CLOSED


def test_the_inspection_page_records_the_checklist(client, district):
    inspector = staff(Role.INSPECTOR, district.justice)
    inspection = inspection_plan(
        actor=inspector, inspecting_agency_id=district.justice.pk,
        inspected_agency_id=district.commune_a.pk, checklist_code="vbqppl",
        planned_on=date(2018, 9, 1),
    )  # fmt: skip
    client.force_login(inspector)
    url = reverse("directive-inspection", args=[inspection.pk])
    items = Checklist.objects.get(code="vbqppl").items.order_by("position")
    data = {"record-inspected_on": "2018-09-05", "record-summary": "Kiểm tra 12 văn bản"}
    data |= {f"record-item-{item.pk}": "1" for item in items}
    data |= {"record-finding-1": "Một quyết định ban hành sai thẩm quyền",
             "record-severity-1": "serious", "record-days-1": "15"}  # fmt: skip
    refused = client.post(url, data)  # the finding without its conclusion's number
    assert refused.status_code == 400
    assert "Kiểm tra 12 văn bản" in refused.content.decode()
    done = client.post(url, {**data, "record-conclusion_number": "12/KL-TP"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Một quyết định ban hành sai thẩm quyền" in page
    assert "12/KL-TP" in page
    plan = client.get(reverse("directive-inspections")).content.decode()
    assert "UBND xã A" in plan
    client.force_login(staff(Role.SPECIALIST, district.commune_b))
    assert client.get(url).status_code == 404
