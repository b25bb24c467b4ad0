"""Sending the survey's invitations: by SMS and e-mail to the sampled people who gave a phone
or an address (the others are reached on paper), each at most once, after the draw committed."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from motcua.core.messaging import render_message, send
from motcua.surveys.models import Invitation, InvitationStatus


def invitations_deliver(campaign_id: int) -> int:
    """Send every invitation of the campaign not sent yet; returns how many were sent. The row
    is marked sent before sending (a retry never sends twice)."""
    pending = Invitation.objects.filter(
        campaign_id=campaign_id, status=InvitationStatus.INVITED, sent_at__isnull=True
    ).filter(~Q(dossier__applicant_phone="") | ~Q(dossier__applicant_email=""))
    sent = 0
    for invitation in pending.select_related("dossier", "campaign", "unit"):
        claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        dossier = invitation.dossier
        if not claimed or dossier is None:
            continue
        message = render_message(
            "surveys/messages/invitation.txt",
            {
                "invitation": invitation,
                "dossier": dossier,
                "public_url": settings.MOTCUA_PUBLIC_URL,
            },
        )
        for channel, to in (("email", dossier.applicant_email), ("sms", dossier.applicant_phone)):
            if to:
                send(message, channel=channel, to=to)
        sent += 1
    return sent


@task()
def send_invitations(campaign_id: int) -> int:
    return invitations_deliver(campaign_id)
