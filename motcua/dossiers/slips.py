"""The legal slips of a dossier (Circular 01/2018/TT-VPCP forms), as PDF.

- receipt and appointment slip: the components received, the appointment, the lookup code and
  the QR code of the citizen's tracking link (with the secret);
- process control slip: each hand-over between steps with its time and whether it was on time,
  generated from the events.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import partial
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.documents.pdf import render_pdf
from motcua.documents.qr import qr_data_uri
from motcua.dossiers.models import Dossier, DossierStatus, StepStatus


class Slip(StrEnum):
    RECEIPT = "receipt"
    CONTROL = "control"
    GUIDANCE = "guidance"  # guidance to complete: every missing document, in one go
    REFUSAL = "refusal"  # refusal to receive, with the legal reason


def tracking_url(dossier: Dossier) -> str:
    """The citizen's tracking link: the code and its secret (the portal checks both)."""
    return f"{settings.MOTCUA_PUBLIC_URL}/track/{dossier.code}?s={dossier.secret}"


def _receipt(dossier: Dossier) -> dict[str, Any]:
    if dossier.code is None or dossier.status == DossierStatus.NOT_RECEIVED:
        raise DomainError(_("This dossier was not received: it has no receipt."))
    url = tracking_url(dossier)
    return {
        "dossier": dossier,
        "components": dossier.components.all(),
        "tracking_url": url,
        "qr": qr_data_uri(url),
    }


def _control(dossier: Dossier) -> dict[str, Any]:
    steps = list(
        dossier.steps.exclude(status=StepStatus.CANCELLED)
        .select_related("agency", "assignee", "finished_by", "process_step")
        .order_by("started_at", "pk")
    )
    # One line per hand-over: who gave the dossier to which step, when, and the giver's class.
    handovers = []
    for previous, step in zip([None, *steps], steps, strict=False):
        handovers.append(
            {
                "at": step.started_at,
                "giver": previous.finished_by if previous else dossier.created_by,
                "giver_agency": previous.agency if previous else dossier.agency,
                "receiver_step": step,
                "result": previous.get_timeliness_display() if previous else "",
            }
        )
    return {"dossier": dossier, "handovers": handovers, "steps": steps}


def _not_received(dossier: Dossier, *, guided: bool) -> dict[str, Any]:
    event = dossier.events.order_by("sequence").first()
    expected = "guide" if guided else "refuse_intake"
    if dossier.status != DossierStatus.NOT_RECEIVED or event is None or event.action != expected:
        raise DomainError(
            _("This slip is for a dossier guided to complete or refused at the desk.")
        )
    return {"dossier": dossier, "at": event.at}


def slip_pdf(dossier: Dossier, kind: Slip) -> bytes:
    """The slip as PDF; refuses a slip that does not fit the dossier (a receipt for a dossier
    that was not received, a guidance slip for a received one)."""
    builders: dict[Slip, Callable[[Dossier], dict[str, Any]]] = {
        Slip.RECEIPT: _receipt,
        Slip.CONTROL: _control,
        Slip.GUIDANCE: partial(_not_received, guided=True),
        Slip.REFUSAL: partial(_not_received, guided=False),
    }
    context = builders[kind](dossier)
    return render_pdf(f"dossiers/slips/{kind}.html", context)
