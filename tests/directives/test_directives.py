"""Directives: tasks assigned to units with deadlines in working time, reports with evidence,
acceptance by the assigner, reminders and escalation once per deadline, and who sees what."""

from __future__ import annotations

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.errors import DomainError, IllegalAction, NotFound, PermissionDenied
from motcua.directives.models import Assignment, AssignmentStatus, Directive, Recurrence
from motcua.directives.selectors import TaskState, assignment_state, overview
from motcua.directives.services import (
    DirectiveData,
    ReportData,
    TaskData,
    assignment_accept,
    assignment_report,
    assignment_send_back,
    assignments_escalate,
    assignments_remind,
    directive_issue,
)
from motcua.directives.tasks import remind_and_escalate_tasks
from motcua.org.models import Role
from tests.factories import log_in_with_second_factor, staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minh chung"


def _issue(district, actor, *tasks: TaskData, number="550/UBND-NV", day=date(2018, 5, 11)):
    return directive_issue(
        actor=actor,
        data=DirectiveData(
            number=number, issued_on=day, issuing_agency_id=district.committee.pk,
            signer="Nguyễn Tuấn Anh", signer_title="Chủ tịch", subject="Nhiệm vụ CCHC 2018",
            tasks=tasks,
        ),
        at=vn(2018, 5, 11, 15),
    )  # fmt: skip


def _one(directive, agency, period=""):
    return Assignment.objects.get(task__directive=directive, agency=agency, period=period)


@pytest.fixture
def chairman(district):
    return staff(Role.SIGNING_AUTHORITY, district.committee, email="chutich@example.vn")


def test_deadlines_are_working_time_and_recurring_tasks_repeat_by_period(district, chairman):
    directive = _issue(
        district, chairman,
        TaskData("Kiểm tra quy trình", lead=(district.desk_a.pk,),
                 cooperating=(district.justice.pk,), working_days=10),
        TaskData("Kiểm tra văn bản", lead=(district.justice.pk,), due_on=date(2018, 6, 30)),
        TaskData("Báo cáo quý", lead=(district.commune_a.pk, district.commune_b.pk),
                 recurrence=Recurrence.QUARTERLY, until=date(2018, 12, 31)),
    )  # fmt: skip
    # 10 working days from Friday 11/05/2018: Friday 25/05 at the close of office hours.
    assert _one(directive, district.desk_a).due_at == vn(2018, 5, 25, 17)
    cooperating = Assignment.objects.get(task__position=1, agency=district.justice)
    assert cooperating.is_lead is False
    # 30/06/2018 is a Saturday: due at the close of Monday 02/07.
    assert Assignment.objects.get(task__position=2).due_at == vn(2018, 7, 2, 17)
    periods = sorted(
        Assignment.objects.filter(task__position=3, agency=district.commune_a)
        .values_list("period", flat=True)
    )  # fmt: skip
    assert periods == ["2018-Q2", "2018-Q3", "2018-Q4"]
    assert directive.history.first().history_user == chairman


def test_issuing_is_refused_to_others_and_with_bad_tasks_nothing_written(district, chairman):
    specialist = staff(Role.SPECIALIST, district.justice)
    task = TaskData("Việc", lead=(district.desk_a.pk,), due_on=date(2018, 6, 1))
    with pytest.raises(PermissionDenied):
        _issue(district, specialist, task)
    with pytest.raises(DomainError, match="hạn"):  # no deadline at all
        _issue(district, chairman, TaskData("Việc", lead=(district.desk_a.pk,)))
    with pytest.raises(DomainError, match="trước ngày"):  # due before the directive
        _issue(district, chairman, TaskData("Việc", lead=(district.desk_a.pk,),
                                            due_on=date(2018, 5, 1)))  # fmt: skip
    with pytest.raises(DomainError, match="đơn vị chủ trì"):
        _issue(district, chairman, TaskData("Việc", lead=(), due_on=date(2018, 6, 1)))
    assert not Directive.objects.exists()
    assert not Assignment.objects.exists()


def test_a_unit_reports_with_evidence_and_the_assigner_accepts_or_sends_back(district, chairman):
    directive = _issue(district, chairman,
                       TaskData("Tự kiểm tra", lead=(district.commune_a.pk,),
                                due_on=date(2018, 6, 29)))  # fmt: skip
    assignment = _one(directive, district.commune_a)
    commune_chairman = staff(Role.SIGNING_AUTHORITY, district.commune_a)
    other_commune = staff(Role.SIGNING_AUTHORITY, district.commune_b)
    done = ReportData(text="Đã tự kiểm tra.", done=True)
    with pytest.raises(PermissionDenied):
        assignment_report(actor=other_commune, assignment_id=assignment.pk, report=done)
    with pytest.raises(DomainError, match="minh chứng"):  # done needs evidence
        assignment_report(actor=commune_chairman, assignment_id=assignment.pk, report=done)
    with pytest.raises(IllegalAction):
        assignment_accept(actor=chairman, assignment_id=assignment.pk)
    with_file = ReportData(
        text="Đã tự kiểm tra.",
        done=True,
        files=[SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")],
    )
    assignment_report(actor=commune_chairman, assignment_id=assignment.pk, report=with_file,
                      at=vn(2018, 6, 28, 10))  # fmt: skip
    with pytest.raises(DomainError, match="còn thiếu"):
        assignment_send_back(actor=chairman, assignment_id=assignment.pk, reason=" ")
    with pytest.raises(PermissionDenied):  # the commune does not accept its own report
        assignment_accept(actor=commune_chairman, assignment_id=assignment.pk)
    assignment_send_back(actor=chairman, assignment_id=assignment.pk, reason="Thiếu biên bản ký",
                         at=vn(2018, 6, 28, 15))  # fmt: skip
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    assignment_report(actor=commune_chairman, assignment_id=assignment.pk,
                      report=ReportData(text="Bổ sung biên bản.", done=True,
                                        links=["/staff/catalogue/audit/"]),
                      at=vn(2018, 6, 29, 16))  # fmt: skip
    accepted = assignment_accept(actor=chairman, assignment_id=assignment.pk,
                                 at=vn(2018, 7, 5, 9))  # accepted after the deadline  # fmt: skip
    assert accepted.done_at == vn(2018, 6, 29, 16)  # the report's time is what counts
    assert assignment_state(accepted, vn(2026, 1, 1)) is TaskState.DONE_ON_TIME
    actions = list(accepted.events.order_by("sequence").values_list("action", flat=True))
    assert actions == ["issue", "report", "send_back", "report", "accept"]


def test_overdue_work_is_escalated_once_per_deadline_and_reminded_before(district, chairman):
    _issue(
        district,
        chairman,
        TaskData("Báo cáo", lead=(district.justice.pk,), due_on=date(2018, 6, 1)),
        TaskData("Kiểm tra", lead=(district.justice.pk,), due_on=date(2018, 8, 31)),
    )
    staff(Role.DEPARTMENT_LEADER, district.justice, email="truongphong@example.vn")
    late = Assignment.objects.get(task__position=1)
    later = Assignment.objects.get(task__position=2)
    assert assignments_remind(now=vn(2018, 5, 30, 9)) == []  # more than two working days left
    assert assignments_remind(now=vn(2018, 5, 31, 9)) == [late]  # two working days left
    assert assignments_remind(now=vn(2018, 5, 31, 10)) == []  # once
    assert assignments_escalate(now=vn(2018, 6, 4, 9)) == [late]
    assert assignments_escalate(now=vn(2018, 6, 5, 9)) == []  # once per deadline
    assert assignment_state(later, vn(2018, 6, 5, 9)) is TaskState.NOT_STARTED
    assert later.events.filter(action="escalate").count() == 0
    mail.outbox.clear()
    assert remind_and_escalate_tasks.call() == 1  # the job: `later` is overdue by now
    [message] = [m for m in mail.outbox if m.subject.startswith("Quá hạn")]
    assert set(message.to) == {"truongphong@example.vn", "chutich@example.vn"}
    assert "Kiểm tra" in message.subject


def test_the_overview_puts_overdue_first_and_shows_each_unit_only_its_own(
    client, district, chairman
):
    directive = _issue(district, chairman,
                       TaskData("Tự kiểm tra", lead=(district.commune_a.pk, district.commune_b.pk),
                                due_on=date(2018, 6, 29)))  # fmt: skip
    commune_a = staff(Role.SPECIALIST, district.commune_a)
    assignment_report(actor=commune_a, assignment_id=_one(directive, district.commune_a).pk,
                      report=ReportData(text="Xong", done=True, links=["/procedures/"]),
                      at=vn(2018, 6, 1, 9))  # fmt: skip
    rows = overview(chairman, now=vn(2018, 7, 2, 9))
    assert [(row.assignment.agency, row.state) for row in rows] == [
        (district.commune_b, TaskState.OVERDUE),
        (district.commune_a, TaskState.REPORTED),
    ]
    assert [row.assignment.agency for row in overview(commune_a)] == [district.commune_a]
    other = _one(directive, district.commune_b)
    client.force_login(commune_a)
    assert client.get(reverse("directive-assignment", args=[other.pk])).status_code == 404
    evidence_page = client.get(reverse("directive-assignment",
                                       args=[_one(directive, district.commune_a).pk]))  # fmt: skip
    assert "/procedures/" in evidence_page.content.decode()
    TOTP.activate(chairman, generate_totp_secret())
    log_in_with_second_factor(client, chairman)
    page = client.get(reverse("directives")).content.decode()
    assert page.index("UBND xã B") < page.index("UBND xã A")  # overdue first
    assert 'href="/procedures/"' in page  # one click to the evidence
    assert "Quá hạn" in page


def test_a_report_through_the_page_keeps_what_was_typed_when_refused(client, district, chairman):
    directive = _issue(district, chairman,
                       TaskData("Tự kiểm tra", lead=(district.commune_a.pk,),
                                due_on=date(2018, 6, 29)))  # fmt: skip
    assignment = _one(directive, district.commune_a)
    commune_a = staff(Role.SPECIALIST, district.commune_a)
    client.force_login(commune_a)
    url = reverse("directive-report", args=[assignment.pk])
    refused = client.post(url, {"text": "Đã niêm yết thủ tục", "done": "on"})
    assert refused.status_code == 400
    assert "Đã niêm yết thủ tục" in refused.content.decode()
    assert "minh chứng" in refused.content.decode()
    done = client.post(
        url,
        {
            "text": "Đã niêm yết thủ tục",
            "done": "on",
            "evidence": SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
        },
    )
    assert done.status_code == 302
    evidence = assignment.events.get(action="report").evidence.get()
    assert client.get(reverse("directive-evidence", args=[evidence.pk])).status_code == 200
    client.force_login(staff(Role.SPECIALIST, district.commune_b))
    assert client.get(reverse("directive-evidence", args=[evidence.pk])).status_code == 404
    with pytest.raises(NotFound):
        assignment_report(
            actor=commune_a, assignment_id=999_999, report=ReportData(text="x", done=False)
        )


def test_an_evidence_link_is_a_motcua_page_or_a_web_address_never_another_host_in_disguise(
    district, chairman
):
    directive = _issue(district, chairman,
                       TaskData("Tự kiểm tra", lead=(district.commune_a.pk,),
                                due_on=date(2018, 6, 29)))  # fmt: skip
    official = staff(Role.SPECIALIST, district.commune_a)
    for link in ("//evil.example/x", "javascript:alert(1)", "ftp://x"):
        with pytest.raises(DomainError, match="Đường dẫn"):
            assignment_report(actor=official, assignment_id=_one(directive, district.commune_a).pk,
                              report=ReportData(text="Xong", done=True, links=[link]))  # fmt: skip
