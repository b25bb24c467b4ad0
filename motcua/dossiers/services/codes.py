"""Dossier codes (gap-free per agency and day) and lookup secrets."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings

from motcua.core.events import next_daily_number
from motcua.core.secrets import lookup_secret
from motcua.dossiers.models import (
    DailySequence,
)
from motcua.org.models import Agency


def next_code(agency: Agency, day: date) -> str:
    """`<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018/TT-VPCP), gap-free per agency and day.

    A rolled-back intake gives its number back (core.events.next_daily_number).
    """
    number = next_daily_number(DailySequence.objects.all(), agency=agency, day=day)
    pattern: str = settings.MOTCUA_DOSSIER_CODE_PATTERN
    return pattern.format(agency=agency.code, date=day, seq=number)


def new_secret() -> str:
    return lookup_secret()


_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def submission_reference(day: date) -> str:
    """`NOP-<YYMMDD>-<8 letters and digits>`: an online submission's reference before its
    receipt (random, so that it uses up no dossier number and tells nothing of the others)."""
    token = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"NOP-{day:%y%m%d}-{token}"
