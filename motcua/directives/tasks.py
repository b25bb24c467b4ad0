"""Background jobs of directives (django-tasks API; Huey runs them): reminders before a task's
deadline to the unit that owes it, and escalation after it to the unit and the assigner."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.core.messaging import render_message
from motcua.directives.models import Assignment
from motcua.directives.services import assignments_escalate, assignments_remind
from motcua.org.access import TASK_REPORTING_ROLES
from motcua.org.models import Role
from motcua.org.selectors import active_positions


def _emails(agency_id: int, roles: frozenset[Role] | set[Role]) -> list[str]:
    positions = active_positions().filter(agency_id=agency_id, role__in=roles)
    return sorted(set(positions.exclude(user__email="").values_list("user__email", flat=True)))


def _send(key: str, assignment: Assignment, recipients: list[str]) -> None:
    if not recipients:
        return
    link = settings.MOTCUA_PUBLIC_URL + reverse("directive-assignment", args=[assignment.pk])
    message = render_message(key, {"assignment": assignment, "link": link})
    send_mail(message.subject, message.body, None, recipients)


@task()
def remind_and_escalate_tasks() -> int:
    """Each deadline near or passed is told once: the unit's leaders and officials are
    reminded; an overdue task is escalated to them and to the assigner's chairman."""
    for assignment in assignments_remind():
        _send("directives/messages/remind.txt", assignment,
              _emails(assignment.agency_id, TASK_REPORTING_ROLES))  # fmt: skip
    escalated = assignments_escalate()
    for assignment in escalated:
        issuing = assignment.task.directive.issuing_agency_id
        recipients = _emails(assignment.agency_id, TASK_REPORTING_ROLES) + _emails(
            issuing, {Role.SIGNING_AUTHORITY}
        )
        _send("directives/messages/overdue.txt", assignment, sorted(set(recipients)))
    return len(escalated)


@db_periodic_task(crontab(minute="10,40"))
def schedule_task_deadlines() -> None:
    remind_and_escalate_tasks.enqueue()
