"""Reads of the survey for other modules."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from motcua.surveys.models import Campaign, CampaignStatus, Invitation, InvitationStatus


def surveying(unit_id: int) -> QuerySet[Campaign]:
    """The campaigns (collecting or closed) that survey this unit, newest first."""
    return Campaign.objects.filter(units__unit_id=unit_id).exclude(status=CampaignStatus.DRAFT)


def waiting_invitation(dossier_id: int) -> Invitation | None:
    """The invitation of a sampled dossier while it can be answered (its tracking page then
    invites to the survey)."""
    return (
        Invitation.objects.filter(
            dossier_id=dossier_id,
            status=InvitationStatus.INVITED,
            campaign__status=CampaignStatus.OPEN,
            campaign__closes_on__gte=timezone.localdate(),
        )
        .only("token")
        .first()
    )
