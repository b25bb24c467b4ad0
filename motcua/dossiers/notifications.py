"""Messages to applicants at the moments the law names: receipt, supplementation request,
result ready, apology with a new appointment.

Sent by a background job after the action committed; idempotent: a (dossier, event, channel)
is sent at most once, even if the job runs again after a worker restart. Email through Django's
mail backend; SMS through the gateway named by MOTCUA_SMS_BACKEND (default: a file per message
in var/sms, for development and tests). The texts are `dossiers/messages/*.txt`, which an
administrator may reword in the admin (core.MessageTemplate).
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from motcua.core.messaging import deliver, render_message
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
    return deliver(
        message, email=dossier.applicant_email, phone=dossier.applicant_phone,
        first_time=lambda channel: _claim(dossier, event, channel),
    )  # fmt: skip


@task()
def send_applicant_message(event_id: int) -> list[str]:
    """Email/SMS the applicant about one event; sends nothing twice (safe to retry)."""
    return notify_applicant(event_id)
