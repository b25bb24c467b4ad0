"""Background jobs of petitions (django-tasks API; Huey runs them)."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.core.messaging import render_message
from motcua.org.models import Role
from motcua.org.selectors import active_positions
from motcua.petitions.services import petition_ask_follow_ups, petition_escalate_overdue


@task()
def escalate_overdue_petitions() -> int:
    """Overdue petitions go back to the hotline office: an event each, and its operators are
    emailed — once per deadline (a petition given a new deadline escalates again if late)."""
    escalated = petition_escalate_overdue()
    for petition in escalated:
        operators = (
            active_positions()
            .filter(agency_id=petition.office_id, role=Role.HOTLINE_OPERATOR)
            .exclude(user__email="")
        )
        message = render_message("petitions/messages/overdue.txt", {"petition": petition})
        recipients = [position.user.email for position in operators.select_related("user")]
        if recipients:
            send_mail(message.subject, message.body, None, recipients)
    return len(escalated)


@db_periodic_task(crontab(minute="*/15"))
def schedule_petition_escalation() -> None:
    escalate_overdue_petitions.enqueue()


@task()
def ask_follow_ups() -> int:
    """Ask petitioners, some days after the answer, whether the matter was resolved."""
    return len(petition_ask_follow_ups())


@db_periodic_task(crontab(minute="20", hour="*/3"))
def schedule_follow_ups() -> None:
    ask_follow_ups.enqueue()
