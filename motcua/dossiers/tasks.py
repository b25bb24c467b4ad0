"""Background jobs of the dossier engine (django-tasks API; Huey runs them)."""

from __future__ import annotations

from datetime import date

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.dossiers.online import drafts_purge
from motcua.dossiers.reminders import staff_reminders
from motcua.dossiers.services import dossier_deadlines_recompute, dossiers_affected_by


@task()
def recompute_deadlines(days: list[str]) -> int:
    """After a calendar change: recompute the deadlines the changed days may move.

    Idempotent (each dossier is recomputed from its facts) and safe to run again after a worker
    restart. Returns how many dossiers moved; each has a `recompute_deadlines` event.
    """
    changed = [date.fromisoformat(day) for day in days]
    return sum(dossier_deadlines_recompute(dossier_id=pk) for pk in dossiers_affected_by(changed))


def enqueue_after_calendar_change(days: list[date]) -> None:
    """Called by the calendar services once an override or office hours change committed."""
    recompute_deadlines.enqueue([day.isoformat() for day in days])


@task()
def send_staff_reminders() -> dict[str, int]:
    """Digest, due-soon reminders and overdue alerts; safe to run any number of times."""
    sent = staff_reminders()
    return {"digests": sent.digests, "due_soon": sent.due_soon, "overdue": sent.overdue}


@db_periodic_task(crontab(minute="*/15"))
def schedule_staff_reminders() -> None:
    # Huey's scheduler (in the worker) starts the job every quarter of an hour.
    send_staff_reminders.enqueue()


@db_periodic_task(crontab(minute="5"))
def purge_online_drafts() -> None:
    # Online drafts never confirmed within a day are deleted with their files, every hour.
    drafts_purge()
