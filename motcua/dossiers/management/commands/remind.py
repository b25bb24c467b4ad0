"""`motcua remind`: send the staff reminders due now (for a cron job instead of the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.dossiers.reminders import staff_reminders


class Command(BaseCommand):
    help = "Send the staff digest, due-soon reminders and overdue alerts due now (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = staff_reminders()
        self.stdout.write(
            f"digests {sent.digests}, due soon {sent.due_soon}, overdue {sent.overdue}"
        )
