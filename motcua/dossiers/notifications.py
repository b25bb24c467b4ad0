"""Messages to applicants at the moments the law names: receipt, supplementation request,
result ready, apology with a new appointment.

Sent by a background job after the action committed; idempotent: a (dossier, event, channel)
is sent at most once, even if the job runs again after a worker restart. Email through Django's
mail backend; SMS through the gateway named by MOTCUA_SMS_BACKEND (default: a file per message
in var/sms, for development and tests). The texts are `dossiers/messages/*.txt`, which an
administrator may reword in the admin (core.MessageTemplate).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from motcua.core.messaging import render_message
from motcua.core.once import claim
from motcua.dossiers.models import Channel, Dossier, DossierEvent, Notification

# Which events the applicant hears about, and with which template.
MESSAGES = {
    "submit": "submitted",
    "receive": "received",
    "guide": "guide",
    "refuse_intake": "refused_intake",
    "request_supplement": "supplement",
    "sign": "result_ready",
    "apologise": "apology",
}


# At the desk the applicant leaves with the guidance or refusal slip in hand; online they are told.
DESK_IN_HAND = frozenset({"guide", "refuse_intake"})


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class FileSmsGateway:
    """Writes each SMS to var/sms/ as JSON (what a real gateway would receive)."""

    def send(self, *, phone: str, text: str) -> None:
        folder = Path(settings.VAR_DIR) / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        number = len(list(folder.glob("*.json"))) + 1
        (folder / f"{number:06d}.json").write_text(
            json.dumps({"phone": phone, "text": text}, ensure_ascii=False)
        )


def sms_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(settings.MOTCUA_SMS_BACKEND)()
    return gateway


def _claim(dossier: Dossier, event: DossierEvent, channel: str) -> bool:
    """Record the send before doing it; False when it was already sent (or being sent)."""
    return claim(Notification, dossier=dossier, event=event, channel=channel)


def notify_applicant(event_id: int) -> list[str]:
    """Send the message of one event by every channel the applicant gave; returns the channels."""
    event = DossierEvent.objects.select_related(
        "dossier__procedure_version", "dossier__agency"
    ).get(pk=event_id)
    template = MESSAGES.get(event.action)
    dossier = event.dossier
    if template is None or (event.action in DESK_IN_HAND and dossier.channel == Channel.DESK):
        return []
    context = {"dossier": dossier, "event": event, "public_url": settings.MOTCUA_PUBLIC_URL}
    message = render_message(f"dossiers/messages/{template}.txt", context)
    sent = []
    if dossier.applicant_email and _claim(dossier, event, "email"):
        send_mail(message.subject, message.body, None, [dossier.applicant_email])
        sent.append("email")
    if dossier.applicant_phone and _claim(dossier, event, "sms"):
        sms_gateway().send(phone=dossier.applicant_phone, text=message.text)
        sent.append("sms")
    return sent
