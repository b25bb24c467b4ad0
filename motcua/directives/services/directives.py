"""Issuing a directive, reporting on its tasks, accepting or returning the reports, and the
reminders and escalations of the deadlines — each one transaction, checked before any change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, IllegalAction, NotFound, PermissionDenied
from motcua.core.events import next_sequence
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import checked_upload, removed_on_failure
from motcua.directives.models import (
    Assignment,
    AssignmentEvent,
    AssignmentStatus,
    Directive,
    Evidence,
    Recurrence,
    Task,
    TaskKind,
)
from motcua.org.access import can_direct, can_report_task, check_organisation_admin
from motcua.org.models import Agency
from motcua.org.selectors import agency_in_force
from motcua.workcal.calendar import VIETNAM
from motcua.workcal.services import calendar_for

MAX_YEARS = 5  # a recurring task runs at most this long
MAX_WORKING_DAYS = 250


class Action(StrEnum):
    ISSUE = "issue"
    REPORT = "report"
    ACCEPT = "accept"
    SEND_BACK = "send_back"
    REMIND = "remind"
    ESCALATE = "escalate"
    TRANSFER = "transfer"


@dataclass(frozen=True, slots=True)
class TaskData:
    title: str
    lead: tuple[int, ...]  # agency ids
    cooperating: tuple[int, ...] = ()
    content: str = ""
    done_means: str = ""
    due_on: date | None = None
    working_days: int | None = None
    recurrence: Recurrence = Recurrence.ONCE
    until: date | None = None
    kind: TaskKind = TaskKind.TASK


@dataclass(frozen=True, slots=True)
class DirectiveData:
    number: str
    issued_on: date
    issuing_agency_id: int
    signer: str
    signer_title: str
    subject: str
    tasks: tuple[TaskData, ...]
    file: UploadedFile[Any] | None = None


@dataclass(frozen=True, slots=True)
class ReportData:
    text: str
    done: bool
    files: Sequence[UploadedFile[Any]] = ()
    links: Sequence[str] = field(default_factory=tuple)


# --- deadlines ----------------------------------------------------------------------------------


def _close_of(agency_id: int, day: date) -> datetime:
    """A deadline on a day off moves to the next working day; due at its close."""
    calendar = calendar_for(agency_id)
    working = calendar.next_working_day(day)
    return calendar.add_working_days(datetime.combine(working, time(12), tzinfo=VIETNAM), 0)


def _periods(task: TaskData, issued_on: date) -> list[tuple[str, date]]:
    """(period label, last day) of each occurrence of a recurring task, from the period the
    directive was issued in to `until`."""
    assert task.until is not None
    periods = []
    if task.recurrence is Recurrence.QUARTERLY:
        year, quarter = issued_on.year, (issued_on.month - 1) // 3 + 1
        while True:
            first = date(year, 3 * quarter - 2, 1)
            if first > task.until:
                break
            last = (date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - timedelta(days=1)
            periods.append((f"{year}-Q{quarter}", last))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    else:
        for year in range(issued_on.year, task.until.year + 1):
            periods.append((str(year), date(year, 12, 31)))
    return periods


def _deadlines(task: TaskData, issued_on: date, agency_id: int) -> list[tuple[str, datetime]]:
    if task.recurrence is not Recurrence.ONCE:
        return [(label, _close_of(agency_id, last)) for label, last in _periods(task, issued_on)]
    if task.due_on is not None:
        return [("", _close_of(agency_id, task.due_on))]
    assert task.working_days is not None
    start = datetime.combine(issued_on, time(12), tzinfo=VIETNAM)
    return [("", calendar_for(agency_id).add_working_days(start, task.working_days))]


# --- checks -------------------------------------------------------------------------------------


def _checked_task(task: TaskData, position: int, issued_on: date) -> TaskData:
    def refuse(message: str) -> DomainError:
        return DomainError(
            _("Task %(position)s: %(problem)s") % {"position": position, "problem": message},
            field="tasks",
        )

    task = TaskData(
        title=normalize_text(task.title), lead=tuple(dict.fromkeys(task.lead)),
        cooperating=tuple(a for a in dict.fromkeys(task.cooperating) if a not in task.lead),
        content=task.content.strip(), done_means=task.done_means.strip(), due_on=task.due_on,
        working_days=task.working_days, recurrence=task.recurrence, until=task.until,
        kind=task.kind,
    )  # fmt: skip
    if not task.title:
        raise refuse(_("say what is to be done."))
    if not task.lead:
        raise refuse(_("assign it to at least one leading unit."))
    deadlines = [task.due_on is not None, task.working_days is not None]
    if task.recurrence is Recurrence.ONCE:
        if sum(deadlines) != 1:
            raise refuse(_("give either a due date or a number of working days."))
        if task.due_on is not None and task.due_on < issued_on:
            raise refuse(_("the due date is before the directive's date."))
        if task.working_days is not None and not 1 <= task.working_days <= MAX_WORKING_DAYS:
            raise refuse(
                _("the number of working days is 1 to %(max)s.") % {"max": MAX_WORKING_DAYS}
            )
    else:
        if any(deadlines):
            raise refuse(_("a recurring task is due at the end of each period; give no date."))
        if task.until is None or task.until < issued_on:
            raise refuse(_("say until when it recurs (on or after the directive's date)."))
        if task.until > issued_on + timedelta(days=365 * MAX_YEARS + 1):
            raise refuse(_("a task recurs for at most %(years)s years.") % {"years": MAX_YEARS})
    return task


def _agencies_in_force(ids: set[int], day: date) -> dict[int, Agency]:
    found = {
        agency.pk: agency
        for agency in Agency.objects.filter(pk__in=ids, valid_from__lte=day).exclude(
            valid_to__lt=day
        )
    }
    if len(found) != len(ids):
        raise DomainError(
            _("Assign tasks only to agencies that exist on the directive's date."), field="tasks"
        )
    return found


# --- issuing ------------------------------------------------------------------------------------


def directive_issue(*, actor: User, data: DirectiveData, at: datetime | None = None) -> Directive:
    """Record a directive and assign its tasks: one assignment per unit (and per period of a
    recurring task), each due in its agency's working time."""
    issuing = Agency.objects.filter(pk=data.issuing_agency_id).first()
    if issuing is None:
        raise NotFound
    if not can_direct(actor, issuing):
        raise PermissionDenied(
            _("Only the chairman of %(agency)s or its reform officers may issue its directives.")
            % {"agency": issuing.name}
        )
    with removed_on_failure() as saved, outermost():
        return directive_write(actor=actor, issuing=issuing, data=data, at=at, saved=saved)


def directive_write(
    *, actor: User, issuing: Agency, data: DirectiveData, at: datetime | None, saved: list[Any]
) -> Directive:
    """The package's internal step: check and write a directive whose issuer the caller has
    authorised (an inspection's conclusion is issued by its inspecting agency), inside the
    caller's transaction and its removed_on_failure (`saved`)."""
    number, subject = normalize_text(data.number), normalize_text(data.subject)
    if not number:
        raise DomainError(_("The directive's number is required."), field="number")
    if not subject:
        raise DomainError(_("The directive's subject is required."), field="subject")
    if not normalize_text(data.signer):
        raise DomainError(_("Say who signed the directive."), field="signer")
    if data.issued_on > timezone.localdate():
        raise DomainError(_("The directive's date cannot be in the future."), field="issued_on")
    if not data.tasks:
        raise DomainError(_("A directive needs at least one task."), field="tasks")
    tasks = [_checked_task(task, n, data.issued_on) for n, task in enumerate(data.tasks, 1)]
    agencies = _agencies_in_force(
        {a for task in tasks for a in (*task.lead, *task.cooperating)}, data.issued_on
    )
    if Directive.objects.filter(
        issuing_agency=issuing, number=number, issued_on=data.issued_on
    ).exists():
        raise DomainError(_("This directive is recorded already."), field="number")
    file = checked_upload(data.file, field="file") if data.file is not None else None
    now = at or timezone.now()
    directive = Directive(
        number=number, issued_on=data.issued_on, issuing_agency=issuing,
        signer=normalize_text(data.signer), signer_title=normalize_text(data.signer_title),
        subject=subject, created_by=actor,
    )  # fmt: skip
    directive._history_user = actor  # type: ignore[attr-defined]
    if file is not None:
        directive.file.save(file.name or "chi-dao.pdf", file, save=False)
        saved.append(directive.file)
    directive.save()
    for position, task in enumerate(tasks, start=1):
        row = Task.objects.create(
            directive=directive, position=position, title=task.title, content=task.content,
            done_means=task.done_means, due_on=task.due_on, working_days=task.working_days,
            recurrence=task.recurrence, until=task.until, kind=task.kind,
        )  # fmt: skip
        for agency_id, lead in [(a, True) for a in task.lead] + [
            (a, False) for a in task.cooperating
        ]:
            for period, due in _deadlines(task, data.issued_on, agency_id):
                assignment = Assignment.objects.create(
                    task=row, agency=agencies[agency_id], is_lead=lead, period=period,
                    due_at=due,
                )  # fmt: skip
                _record(assignment, Action.ISSUE, actor=actor, at=now, from_status="")
    return directive


# --- reporting and acceptance -------------------------------------------------------------------


def _record(
    assignment: Assignment, action: Action, *, actor: User | None, at: datetime,
    from_status: str, comment: str = "", data: dict[str, Any] | None = None,
) -> AssignmentEvent:  # fmt: skip
    return AssignmentEvent.objects.create(
        assignment=assignment, action=action,
        sequence=next_sequence(AssignmentEvent, assignment_id=assignment.pk),
        at=at, actor=actor, from_status=from_status, to_status=assignment.status,
        comment=comment, data=data or {},
    )  # fmt: skip


def _assignment(assignment_id: int, *, lock: bool) -> Assignment:
    """The assignment with its task, directive and agencies (locked for an action), or
    NotFound."""
    assignments = Assignment.objects.select_related("task__directive__issuing_agency", "agency")
    found = (
        (assignments.select_for_update() if lock else assignments).filter(pk=assignment_id).first()
    )
    if found is None:
        raise NotFound
    return found


def _clean_links(links: Sequence[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link.strip()]
    for link in cleaned:
        local = link.startswith("/") and not link.startswith("//")  # not another host's
        if not (link.startswith(("https://", "http://")) or local) or len(link) > 500:
            raise DomainError(
                _("A link is an address starting with https:// or / (a page of motcua)."),
                field="links",
            )
    return cleaned


def assignment_report(
    *, actor: User, assignment_id: int, report: ReportData, at: datetime | None = None
) -> Assignment:
    """The unit reports progress, or that the task is done (with its evidence: a file or a
    link); done waits for the assigner's acceptance."""
    assignment = _assignment(assignment_id, lock=False)
    if not can_report_task(actor, assignment.agency_id):
        raise PermissionDenied(
            _("Only the leaders and officials of %(agency)s report on its tasks.")
            % {"agency": assignment.agency.name}
        )
    text = report.text.strip()
    if not text:
        raise DomainError(_("Say what was done."), field="text")
    links = _clean_links(report.links)
    files = [checked_upload(file, field="evidence") for file in report.files]
    if report.done and not (files or links):
        raise DomainError(
            _("A task reported done needs its evidence: a file or a link."), field="evidence"
        )
    now = at or timezone.now()
    with removed_on_failure() as saved, outermost():
        assignment = _assignment(assignment_id, lock=True)
        if assignment.status in (AssignmentStatus.DONE, AssignmentStatus.REPORTED):
            raise IllegalAction(
                _("This task is “%(status)s”: nothing to report now.")
                % {"status": assignment.get_status_display()}
            )
        before = assignment.status
        assignment.status = (
            AssignmentStatus.REPORTED if report.done else AssignmentStatus.IN_PROGRESS
        )
        assignment.save(update_fields=["status"])
        event = _record(assignment, Action.REPORT, actor=actor, at=now, from_status=before,
                        comment=text, data={"done": report.done})  # fmt: skip
        for file in files:
            evidence = Evidence(event=event, name=(file.name or "")[:300])
            evidence.file.save(file.name or "minh-chung.pdf", file, save=False)
            saved.append(evidence.file)
            evidence.save()
        Evidence.objects.bulk_create(Evidence(event=event, link=link) for link in links)
    return assignment


def _check_assigner(actor: User, assignment: Assignment) -> None:
    issuing = assignment.task.directive.issuing_agency
    if not can_direct(actor, issuing):
        raise PermissionDenied(
            _("Only the chairman of %(agency)s or its reform officers accept the reports.")
            % {"agency": issuing.name}
        )


def assignment_accept(
    *, actor: User, assignment_id: int, comment: str = "", at: datetime | None = None
) -> Assignment:
    """The assigner accepts a report of done: done on time when the report came by the
    deadline (the unit's report, not the acceptance, is what the deadline measures)."""
    _check_assigner(actor, _assignment(assignment_id, lock=False))
    now = at or timezone.now()
    with outermost():
        assignment = _assignment(assignment_id, lock=True)
        if assignment.status != AssignmentStatus.REPORTED:
            raise IllegalAction(_("Only a task reported done can be accepted."))
        reported = assignment.events.filter(action=Action.REPORT).order_by("-sequence").first()
        assert reported is not None
        assignment.status = AssignmentStatus.DONE
        assignment.done_at = reported.at
        assignment.save(update_fields=["status", "done_at"])
        _record(assignment, Action.ACCEPT, actor=actor, at=now,
                from_status=AssignmentStatus.REPORTED, comment=comment.strip())  # fmt: skip
    return assignment


def assignment_send_back(
    *, actor: User, assignment_id: int, reason: str, at: datetime | None = None
) -> Assignment:
    """The assigner returns a report of done, saying what is missing; the task is in progress
    again and its deadline unchanged."""
    _check_assigner(actor, _assignment(assignment_id, lock=False))
    if not reason.strip():
        raise DomainError(_("Say what is missing."), field="reason")
    now = at or timezone.now()
    with outermost():
        assignment = _assignment(assignment_id, lock=True)
        if assignment.status != AssignmentStatus.REPORTED:
            raise IllegalAction(_("Only a task reported done can be sent back."))
        assignment.status = AssignmentStatus.IN_PROGRESS
        assignment.save(update_fields=["status"])
        _record(assignment, Action.SEND_BACK, actor=actor, at=now,
                from_status=AssignmentStatus.REPORTED, comment=reason.strip())  # fmt: skip
    return assignment


# --- reminders and escalation -------------------------------------------------------------------


def _open() -> QuerySet[Assignment]:
    """Work the unit still owes: not done, and no report of done awaiting the assigner."""
    return Assignment.objects.filter(
        status__in=(AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)
    )


def _once(assignment: Assignment, action: Action, now: datetime) -> bool:
    """Record `action` for the assignment's current deadline unless it was already."""
    due = assignment.due_at.isoformat()
    with outermost():
        locked = _assignment(assignment.pk, lock=True)
        owed = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)
        if locked.status not in owed or locked.due_at != assignment.due_at:
            return False
        if locked.events.filter(action=action, data__due=due).exists():
            return False
        _record(locked, action, actor=None, at=now, from_status=locked.status,
                data={"due": due})  # fmt: skip
    return True


def assignments_remind(*, now: datetime | None = None) -> list[Assignment]:
    """Open assignments due within MOTCUA_TASK_REMIND_DAYS working days get a reminder event,
    once per deadline; returns those reminded now."""
    now = now or timezone.now()
    days = settings.MOTCUA_TASK_REMIND_DAYS
    # N working days are at most 3N calendar days ahead even across Tết: a cheap bound first.
    near = _open().filter(due_at__gt=now, due_at__lte=now + timedelta(days=3 * days + 10))
    reminded = []
    for assignment in near.select_related("agency"):
        calendar = calendar_for(assignment.agency_id)
        if (
            calendar.working_seconds_between(now, assignment.due_at)
            > days * calendar.office_hours.seconds_per_day
        ):
            continue
        if _once(assignment, Action.REMIND, now):
            reminded.append(assignment)
    return reminded


def assignments_escalate(*, now: datetime | None = None) -> list[Assignment]:
    """Open assignments past their deadline are escalated to the assigner, once per deadline;
    returns those escalated now."""
    now = now or timezone.now()
    escalated = []
    for assignment in _open().filter(due_at__lt=now).select_related("agency"):
        if _once(assignment, Action.ESCALATE, now):
            escalated.append(assignment)
    return escalated


# --- organisation changes -----------------------------------------------------------------------


def open_assignments_move(*, actor: User, on: date) -> int:
    """After a merger (`org.services.unit_merge`, in its transaction): the work still owed by
    agencies that ended before `on` goes to their successors in force, deadline kept; one
    TRANSFER event each says so. Returns how many moved."""
    check_organisation_admin(actor)
    owed = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.REPORTED)
    ids = list(
        Assignment.objects.filter(
            status__in=owed, agency__valid_to__lt=on, agency__successor__isnull=False
        ).values_list("pk", flat=True)
    )
    now, moved = timezone.now(), 0
    for assignment_id in ids:
        assignment = _assignment(assignment_id, lock=True)
        before = assignment.agency
        successor = agency_in_force(before, on)
        clash = Assignment.objects.filter(
            task_id=assignment.task_id, agency=successor, period=assignment.period
        ).exists()
        if clash:  # the successor already owes the same task for the period: it stays
            continue
        assignment.agency = successor
        assignment.save(update_fields=["agency"])
        _record(assignment, Action.TRANSFER, actor=actor, at=now, from_status=assignment.status,
                comment=_("Handed over on the merger of the agencies."),
                data={"from": before.pk, "to": successor.pk})  # fmt: skip
        moved += 1
    return moved
