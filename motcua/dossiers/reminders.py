"""Reminders to staff: a morning digest of their work, a reminder when a step they hold (or
could take) is due soon, and an alert to the agency's leaders when a step is overdue.

`staff_reminders(now)` runs every quarter of an hour (a periodic job of the worker, or `motcua
remind` from cron). Each reminder is claimed in `StaffNotice` before it is sent, keyed by the day
(digest) or by the step and its due instant (a step whose due instant moves is reminded again),
so running it twice, or after a worker restart, sends nothing twice; a worker that was down at
07:30 sends the digest when it comes back the same day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.messaging import render_message
from motcua.core.once import claim
from motcua.dossiers.models import DossierStatus, DossierStep, StaffNotice, StepStatus
from motcua.dossiers.selectors import time_left, work_queues
from motcua.org.models import Role
from motcua.org.selectors import active_positions
from motcua.workcal.services import calendar_for

DIGEST_AT = time(7, 30)  # local time: before the office opens
LEADER_ROLES = (Role.DEPARTMENT_LEADER, Role.CENTRE_MANAGER)
# Steps further away than this are never "due soon" (a cheap filter before the calendar).
HORIZON = timedelta(days=10)


@dataclass(frozen=True)
class Sent:
    digests: int
    due_soon: int
    overdue: int


def _claim(user_id: int, kind: StaffNotice.Kind, key: str) -> bool:
    return claim(StaffNotice, user_id=user_id, kind=kind, key=key)


def _send(user: User, key: str, context: dict[str, object]) -> None:
    message = render_message(
        key, {**context, "user": user, "public_url": settings.MOTCUA_PUBLIC_URL}
    )
    send_mail(message.subject, message.body, None, [user.email])


def _current_steps() -> QuerySet[DossierStep]:
    """Open steps that are the current step of a running (not paused) dossier."""
    return (
        DossierStep.objects.filter(
            status__in=[StepStatus.PENDING, StepStatus.TAKEN],
            dossier__current_step=F("pk"),
        )
        .exclude(dossier__status=DossierStatus.AWAITING_SUPPLEMENT)
        .select_related("dossier__procedure_version", "agency", "assignee")
    )


def _holders(agency_id: int, roles: tuple[str, ...]) -> list[User]:
    return [
        position.user
        for position in active_positions()
        .filter(agency_id=agency_id, role__in=roles)
        .select_related("user")
        .exclude(user__email="")
    ]


def send_digests(now: datetime) -> int:
    """The morning summary of each staff member's queues, on working days, once a day."""
    local = timezone.localtime(now)
    if local.time() < DIGEST_AT or not calendar_for(None).is_working_day(local.date()):
        return 0
    sent = 0
    users = User.objects.filter(pk__in=active_positions().values("user"), is_active=True).exclude(
        email=""
    )
    for user in users:
        queues = work_queues(user, now=now)
        counts = {name: len(items) for name, items in queues.items()}
        if not (counts["to_take"] or counts["mine"]):
            continue  # nothing waits: no mail
        if _claim(user.pk, StaffNotice.Kind.DIGEST, local.date().isoformat()):
            urgent = [item.step for item in queues["overdue"] + queues["due_soon"]][:20]
            _send(
                user,
                "dossiers/messages/staff_digest.txt",
                {"counts": counts, "urgent": urgent, "day": local.date()},
            )
            sent += 1
    return sent


def remind_due_soon(now: datetime) -> int:
    """Tell whoever holds a step (or may take it, for a pool step) that it is due soon."""
    sent = 0
    for step in _current_steps().filter(due_at__gt=now, due_at__lte=now + HORIZON):
        timing = time_left(
            agency_id=step.agency_id, started_at=step.started_at, due_at=step.due_at, now=now
        )
        if not timing.due_soon:
            continue
        people = [step.assignee] if step.assignee else _holders(step.agency_id, (step.role,))
        key = f"{step.pk}@{step.due_at.isoformat()}"
        for person in people:
            if person and person.email and _claim(person.pk, StaffNotice.Kind.DUE_SOON, key):
                _send(
                    person,
                    "dossiers/messages/staff_due_soon.txt",
                    {"step": step, "hours_left": round(timing.remaining_seconds / 3600, 1)},
                )
                sent += 1
    return sent


def alert_overdue(now: datetime) -> int:
    """Tell the leaders of the step's agency about each overdue step, once per due instant."""
    by_agency: dict[int, list[DossierStep]] = defaultdict(list)
    for step in _current_steps().filter(due_at__lt=now):
        by_agency[step.agency_id].append(step)
    sent = 0
    for agency_id, steps in by_agency.items():
        leaders = _holders(agency_id, LEADER_ROLES)
        for step in steps:
            key = f"{step.pk}@{step.due_at.isoformat()}"
            for leader in leaders:
                if leader.pk != step.assignee_id and _claim(
                    leader.pk, StaffNotice.Kind.OVERDUE, key
                ):
                    _send(leader, "dossiers/messages/staff_overdue.txt", {"step": step})
                    sent += 1
    return sent


def staff_reminders(now: datetime | None = None) -> Sent:
    now = now or timezone.now()
    return Sent(
        digests=send_digests(now), due_soon=remind_due_soon(now), overdue=alert_overdue(now)
    )
