"""Reads of the survey for other modules."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from motcua.surveys.models import Campaign, CampaignStatus, Invitation, InvitationStatus
from motcua.surveys.reports import campaign_report


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


def latest_published() -> tuple[Campaign, list[dict[str, Any]]] | None:
    """The last closed campaign and its units' results, as the portal publishes them: the
    index with its interval and sample size, or "too few answers" — never comments."""
    campaign = (
        Campaign.objects.filter(status=CampaignStatus.CLOSED)
        .select_related("questionnaire")
        .order_by("-end", "-pk")
        .first()
    )
    if campaign is None:
        return None
    units = [
        {key: unit[key] for key in ("name", "n", "enough", "index", "ci_low", "ci_high")}
        for unit in campaign_report(campaign)["units"]
    ]
    return campaign, units
