"""Messages to petitioners: receipt (code and secret), rejection, merging, the answer, and the
follow-up question — by email and SMS, after the action committed, each at most once per event,
petitioner and channel (claimed in `PetitionNotification` before sending)."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django_tasks import task

from motcua.core.messaging import deliver, render_message
from motcua.core.once import claim
from motcua.petitions.models import Action, Petition, PetitionEvent, PetitionNotification

# The message template each action sends the petitioner (petitions/messages/<name>.txt).
MESSAGES: dict[str, str] = {
    Action.RECEIVE: "received",
    Action.REJECT: "rejected",
    Action.MERGE: "merged",
    Action.APPROVE_ANSWER: "answered",
    Action.ASK_FOLLOW_UP: "follow_up",
    Action.REQUEST_SUPPLEMENT: "supplement",
}


def _claim(event: PetitionEvent, petition: Petition, channel: str) -> bool:
    return claim(PetitionNotification, event=event, petition=petition, channel=channel)


def notify_petitioner(event_id: int) -> int:
    """Send the event's message to its petitioner (and, for an answer, to the petitioners of
    the duplicates merged into it); returns how many messages went out."""
    event = PetitionEvent.objects.select_related("petition__agency", "petition__office").get(
        pk=event_id
    )
    template = MESSAGES.get(Action(event.action))
    if template is None:
        return 0
    petitions = [event.petition]
    if event.action == Action.APPROVE_ANSWER:
        petitions += list(event.petition.duplicates.all())
    sent = 0
    for petition in petitions:
        # A duplicate's petitioner gets the answer with their own code and tracking link.
        context = {
            "petition": petition,
            "answered": event.petition,
            "event": event,
            "public_url": settings.MOTCUA_PUBLIC_URL,
        }
        message = render_message(f"petitions/messages/{template}.txt", context)
        channels = deliver(
            message, email=petition.petitioner_email, phone=petition.petitioner_phone,
            first_time=partial(_claim, event, petition),
        )  # fmt: skip
        sent += len(channels)
    return sent


@task()
def send_petitioner_message(event_id: int) -> int:
    """Email/SMS the petitioner about one event; sends nothing twice (safe to retry)."""
    return notify_petitioner(event_id)
