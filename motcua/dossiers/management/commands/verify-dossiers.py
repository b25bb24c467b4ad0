"""`motcua verify-dossiers`: rebuild every dossier from its events and report any difference."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Prefetch

from motcua.dossiers.models import Dossier, DossierClock, DossierEvent, DossierStatus
from motcua.dossiers.replay import clock_differences, differences

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Check that each dossier's stored state equals the state rebuilt from its events, and "
        "that no event was recorded twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", help="Only this dossier.")

    def handle(self, *args: Any, code: str | None, **options: Any) -> None:
        # Drafts never confirmed belong to their applicant and have no event yet.
        dossiers = Dossier.objects.exclude(status=DossierStatus.DRAFT).order_by("pk")
        if code:
            dossiers = dossiers.filter(code=code)
        events = Prefetch("events", queryset=DossierEvent.objects.order_by("sequence"))
        in_force = Prefetch(
            "clock", queryset=DossierClock.objects.filter(until=None), to_attr="clock_in_force"
        )
        checked = wrong = 0
        last = 0
        while True:
            batch = list(dossiers.filter(pk__gt=last).prefetch_related(events, in_force)[:BATCH])
            if not batch:
                break
            for dossier in batch:
                found = differences(dossier, dossier.events.all())
                found += clock_differences(dossier, dossier.clock_in_force)
                checked += 1
                if found:
                    wrong += 1
                    self.stdout.write(self.style.ERROR(f"{dossier}: " + "; ".join(found)))
            last = batch[-1].pk
        self.stdout.write(f"{checked} dossiers checked, {wrong} differ from their events.")
        if wrong:
            raise SystemExit(1)
