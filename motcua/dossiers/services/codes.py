"""Dossier codes (gap-free per agency and day) and lookup secrets."""

from __future__ import annotations

import secrets
from datetime import date

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.events import next_daily_number
from motcua.core.secrets import lookup_secret
from motcua.dossiers.models import DailySequence, Dossier
from motcua.legal.regimes import dossier_code
from motcua.legal.services import regime_for


def issue_code(dossier: Dossier, day: date) -> None:
    """At receipt: the legal regime of the receipt date, kept for the dossier's whole life, and
    the code under it, gap-free per agency and day (a rolled-back intake gives its number back,
    core.events.next_daily_number). 2018: `<agency code>-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP);
    2025: `<electronic identifier>-YYMMDD-<platform><NNNN>` (Circular 03/2025/TT-VPCP)."""
    regime = regime_for(day)
    agency = dossier.agency
    if "{electronic_id" in regime.code_pattern and not agency.electronic_id:
        raise DomainError(
            _(
                "Agency %(agency)s has no electronic identifier, which dossier codes need under "
                "%(regime)s: an administrator sets it under Organisation."
            )
            % {"agency": agency.name, "regime": regime.name}
        )
    number = next_daily_number(DailySequence.objects.all(), agency=agency, day=day)
    dossier.code = dossier_code(
        regime.code_pattern, agency=agency.code, electronic_id=agency.electronic_id, day=day,
        platform=regime.platform_digits, seq=number,
    )  # fmt: skip
    dossier.regime = regime


def new_secret() -> str:
    return lookup_secret()


_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def submission_reference(day: date) -> str:
    """`NOP-<YYMMDD>-<8 letters and digits>`: an online submission's reference before its
    receipt (random, so that it uses up no dossier number and tells nothing of the others)."""
    token = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"NOP-{day:%y%m%d}-{token}"
