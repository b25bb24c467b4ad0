"""Dossier codes (gap-free per agency and day) and lookup secrets."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import F

from motcua.core.secrets import lookup_secret
from motcua.dossiers.models import (
    DailySequence,
)
from motcua.org.models import Agency


def next_code(agency: Agency, day: date) -> str:
    """`<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018/TT-VPCP), gap-free per agency and day.

    The counter row is created if missing (a concurrent creator is ignored), then locked and
    incremented in the caller's transaction: a rolled-back intake gives its number back.
    """
    DailySequence.objects.bulk_create(
        [DailySequence(agency=agency, day=day, last=0)], ignore_conflicts=True
    )
    counter = DailySequence.objects.select_for_update().get(agency=agency, day=day)
    DailySequence.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    pattern: str = settings.MOTCUA_DOSSIER_CODE_PATTERN
    return pattern.format(agency=agency.code, date=day, seq=counter.last)


def new_secret() -> str:
    return lookup_secret()
